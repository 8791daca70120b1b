// Who is told of what, as delivered: for each command that sends right after its commit, the messages that reached
// WeChat (subscribe messages: recipient, template, every field) and the group robots (which robot, the message), read
// from the local CloudBase's inbox — not the outbox rows. The suggestions function runs in-process on a fixed clock, so
// every time field is known and written out here.
import { main as notify } from '../../cloudfunctions/notify/src'
import { main as org } from '../../cloudfunctions/org/src'
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { ADMIN, expectOk, sdkDatabase, setupCounty, type County } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(90_000)
let p: InProcess
let c: County
const NOW = '2026-03-02T02:30:00.000Z' // 10:30 in Beijing
const DEADLINE = '2026-03-09T10:00:00.000Z' // 18:00 on 9 March in Beijing

const TEMPLATES = ['sanwei-status-changed', 'sanwei-handed-off', 'sanwei-replied', 'sanwei-chased', 'sanwei-reopened']
/** What tapping 允许 does, `times` times for each template: WeChat grants one message each time, the app reports it. */
async function subscribe(openid: string, times = 6) {
  for (let i = 0; i < times; i++) {
    await fetch(`${p.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, templateIds: TEMPLATES }) })
    expectOk(await p.act('notify', openid, 'reportSubscribe', { results: Object.fromEntries(TEMPLATES.map((t) => [t, 'accept'])) }))
  }
}

beforeAll(async () => {
  p = await startInProcess({ suggestions, org: org as never, notify: notify as never }, testClock(NOW), { SANWEI_SUBMITS_PER_DAY: '100' })
  c = await setupCounty(p)
  for (const [targetKind, targetId, key] of [
    ['village', c.villageId, 'villagerobot000001'], ['sectorGroup', c.groupId, 'grouprobot00000001'],
    ['department', c.departmentId, 'deptrobot000000001'], ['staff', c.townId, 'staffrobot00000001'],
  ]) expectOk(await p.act('notify', ADMIN, 'upsertRobot', { targetKind, targetId, name: `${targetKind}群`, key }))
  // Members are told on every walk below: enough one-time subscriptions for all of them.
  for (const who of [c.member, c.member2, c.groupMember]) await subscribe(who, 40)
})
afterAll(async () => { await p?.stop() })

let seen = 0
/** The messages delivered since the last call: subscribe messages as [openid, template, {field: value}], robot posts as [key, text]. */
async function delivered(): Promise<unknown[]> {
  const entries = ((await (await fetch(`${p.url}/api/inbox`)).json()) as { entries: any[] }).entries
    .filter((e) => e.kind === 'subscribeMessage' || e.kind === 'robot')
  const fresh = entries.slice(seen)
  seen = entries.length
  return fresh.map((e) => e.kind === 'robot'
    ? [e.key, e.msgtype, String(e.message[e.msgtype].content).replace(/wxaurl\.cn\/\w+/, 'wxaurl.cn/…')]
    : [e.touser, e.templateId, e.errcode, Object.fromEntries(Object.entries(e.data as Record<string, { value: string }>).map(([k, v]) => [k, v.value]))])
}

const draft = (title: string) => ({ category: 'traffic', townId: c.townId, villageId: c.villageId, title, content: `${title}，希望尽快解决`, images: [], anonymous: false })

type Status = 'submitted' | 'accepted' | 'assigned' | 'claimed' | 'replied'
/** An item of its own, walked to `status` with the bound member as handler; what that walk delivered is set aside. */
async function itemAt(status: Status, title: string, author: string): Promise<string> {
  await subscribe(author)
  const id = expectOk(await p.act('suggestions', author, 'submit', draft(title))).id
  const steps: [string, string, Record<string, unknown>][] = [
    [c.staff, 'accept', {}],
    [c.staff, 'handOff', { target: { kind: 'member', memberId: c.ids.member }, deadline: DEADLINE, note: '请一周内答复' }],
    [c.member, 'claim', {}],
    [c.member, 'reply', { text: '已协调增设车位', outcome: 'adopted' }],
  ]
  const upTo = ['submitted', 'accepted', 'assigned', 'claimed', 'replied'].indexOf(status)
  for (const [who, command, input] of steps.slice(0, upTo)) expectOk(await p.act('suggestions', who, command, { id, ...input }))
  await delivered()
  return id
}

// What the messages say, written out: the item's title, the command's time and the hand-off's deadline in Beijing time.
const TITLE = '医院门口停车难'
const AT = '2026-03-02 10:30'
const DUE = '2026-03-09 18:00'
const statusChanged = (to: string, phrase: string, note = '无') => [to, 'sanwei-status-changed', 0, { thing1: TITLE, phrase2: phrase, time3: AT, thing4: note }]
const handedOff = (to: string, note = '无') => [to, 'sanwei-handed-off', 0, { thing1: TITLE, time2: DUE, thing3: note }]
const place = '> 地点：<font color="comment">当湖街道 东湖社区</font>\n'
const link = '[在小程序中查看](https://wxaurl.cn/…)'
const handOffRobot = (key: string) => [key, 'markdown', `**交办提醒**\n事项：${TITLE}\n${place}> 状态：<font color="info">已交办</font>\n> 期限：<font color="warning">${DUE}</font>\n${link}`]

type Case = [name: string, status: Status, who: 'staff' | 'member' | 'author', command: string, input: () => Record<string, unknown>, expected: (author: string) => unknown[]]
const cases: Case[] = [
  ['accept tells the author 已受理', 'submitted', 'staff', 'accept', () => ({}), (a) => [statusChanged(a, '已受理')]],
  ['reject tells the author 不予受理 with the reason', 'submitted', 'staff', 'reject', () => ({ reason: '不属于政协职责' }), (a) => [statusChanged(a, '不予受理', '不属于政协职责')]],
  ['a hand-off to a member tells the author 已交办 (naming the member) and the member, with the deadline and note', 'accepted', 'staff', 'handOff',
    () => ({ target: { kind: 'member', memberId: c.ids.member }, deadline: DEADLINE, note: '请一周内答复' }),
    (a) => [statusChanged(a, '已交办', 'member-姓名'), handedOff('member-a', '请一周内答复')]],
  ['a hand-off to a sector group tells the author and posts to the group\'s robot', 'accepted', 'staff', 'handOff',
    () => ({ target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, deadline: DEADLINE }),
    (a) => [statusChanged(a, '已交办', '经济界活动组'), handOffRobot('grouprobot00000001')]],
  ['a hand-off to a department tells the author and posts to the department\'s robot', 'accepted', 'staff', 'handOff',
    () => ({ target: { kind: 'department', departmentId: c.departmentId }, deadline: DEADLINE }),
    (a) => [statusChanged(a, '已交办', '市住建局'), handOffRobot('deptrobot000000001')]],
  ['a claim tells the author 办理中', 'assigned', 'member', 'claim', () => ({}), (a) => [statusChanged(a, '办理中')]],
  ['a return tells the town\'s staff robot, with the reason', 'assigned', 'member', 'returnItem', () => ({ reason: '不在我的职责' }),
    () => [['staffrobot00000001', 'markdown', `**工作人员提醒**\n事项：${TITLE}\n${place}> 状态：<font color="info">已受理</font>\n不在我的职责\n${link}`]]],
  ['a reassignment tells the new member, not the author', 'claimed', 'staff', 'reassign',
    () => ({ target: { kind: 'member', memberId: c.ids.member2 }, deadline: DEADLINE, note: '改由你办理' }), () => [handedOff('member-b', '改由你办理')]],
  ['progress tells the author the note', 'claimed', 'member', 'progress', () => ({ note: '已联系交警大队' }), (a) => [statusChanged(a, '办理中', '已联系交警大队')]],
  ['a reply tells the author with the reply template: the outcome and the text', 'claimed', 'member', 'reply', () => ({ text: '已协调增设车位', outcome: 'adopted' }),
    (a) => [[a, 'sanwei-replied', 0, { thing1: TITLE, phrase2: '采纳', time3: AT, thing4: '已协调增设车位' }]]],
  ['不满意 tells the handler it is reopened, and the staff robot', 'replied', 'author', 'rate', () => ({ value: 'dissatisfied', reason: '车位还是不够' }),
    () => [['member-a', 'sanwei-reopened', 0, { thing1: TITLE, phrase2: '不满意', time3: AT, thing4: '车位还是不够' }],
      ['staffrobot00000001', 'markdown', `**工作人员提醒**\n事项：${TITLE}\n${place}> 状态：<font color="info">办理中</font>\n> 期限：<font color="warning">${DUE}</font>\n不满意：车位还是不够\n${link}`]]],
  ['满意 closes it and tells nobody', 'replied', 'author', 'rate', () => ({ value: 'satisfied' }), () => []],
  ['a chase tells the handler, with the deadline and note', 'claimed', 'staff', 'chase', () => ({ note: '请加快办理' }),
    () => [['member-a', 'sanwei-chased', 0, { thing1: TITLE, time2: DUE, thing3: '请加快办理' }]]],
  ['closing by staff tells the author the reason', 'replied', 'staff', 'close', () => ({ reason: '已回访' }), (a) => [statusChanged(a, '已办结', '已回访')]],
  ['opening a consultation tells the author and each invited member', 'accepted', 'staff', 'openConsultation',
    () => ({ deadline: DEADLINE, invitedMemberIds: [c.ids.member, c.ids.member2] }),
    (a) => [statusChanged(a, '协商中'), statusChanged('member-a', '协商中'), statusChanged('member-b', '协商中')]],
]
test.each(cases)('%s', async (name, status, who, command, input, expected) => {
  const author = `author-${cases.findIndex((k) => k[0] === name)}`
  const id = await itemAt(status, TITLE, author)
  expectOk(await p.act('suggestions', who === 'author' ? author : c[who], command, { id, ...input() }))
  expect(await delivered()).toEqual(expected(author))
})

test('merging tells the author the title of the item it went into', async () => {
  const into = await itemAt('accepted', '医院停车位不足', 'author-merge-into')
  const id = await itemAt('submitted', TITLE, 'author-merged')
  expectOk(await p.act('suggestions', c.staff, 'merge', { id, intoId: into, reason: '重复' }))
  expect(await delivered()).toEqual([statusChanged('author-merged', '已合并', '医院停车位不足')])
})

test('approving a held item tells its author 已提交', async () => {
  await subscribe('author-held')
  const id = expectOk(await p.act('suggestions', 'author-held', 'submit', { ...draft(TITLE), content: '这段文字包含 reviewword 需要人工看' })).id
  await delivered()
  expectOk(await p.act('suggestions', c.staff, 'approve', { id }))
  expect(await delivered()).toEqual([statusChanged('author-held', '已提交')])
  // The row keeps its one attempt in its log, with WeChat's answer: what staff see of a delivery's history.
  const rows = (await sdkDatabase(p as never).collection('outbox').where({ suggestionId: id }).get()).data as any[]
  expect(rows.map((r) => [r.templateKey, r.status, r.attempts, r.log.map((a: any) => [a.errcode, a.errmsg])])).toEqual([['statusChanged', 'sent', 1, [[0, 'ok']]]])
})

test('concluding a consultation with a hand-off to a group tells the author and posts to the group\'s robot', async () => {
  const id = await itemAt('accepted', TITLE, 'author-concluded')
  expectOk(await p.act('suggestions', c.staff, 'openConsultation', { id, deadline: DEADLINE, invitedMemberIds: [c.ids.member] }))
  await delivered()
  expectOk(await p.act('suggestions', c.staff, 'concludeConsultation', {
    id, plan: { actions: '增设车位', responsibleUnit: '住建局', deadline: DEADLINE }, handOff: { target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, deadline: DEADLINE },
  }))
  // Like a direct hand-off, the author's message names the group it went to.
  expect(await delivered()).toEqual([statusChanged('author-concluded', '已交办', '经济界活动组'), handOffRobot('grouprobot00000001')])
})

test('a chase of an item a sector group holds, unclaimed, posts 督办提醒 to the group\'s robot with the deadline and note', async () => {
  await subscribe('author-group-chase')
  const id = expectOk(await p.act('suggestions', 'author-group-chase', 'submit', draft(TITLE))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await p.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, deadline: DEADLINE }))
  await delivered()
  expectOk(await p.act('suggestions', c.staff, 'chase', { id, note: '请加快办理' }))
  expect(await delivered()).toEqual([['grouprobot00000001', 'markdown', `**督办提醒**\n事项：${TITLE}\n${place}> 状态：<font color="info">已交办</font>\n> 期限：<font color="warning">${DUE}</font>\n请加快办理\n${link}`]])
})
