// The dispatcher through the local CloudBase, checked as messages delivered (the inbox, by recipient and template):
// the claim ladder tells the sector group's members and robot, then staff; a 不满意 rating tells staff and the handler;
// a retried command never sends twice, even when its retries race; a command that writes no notification makes no
// dispatcher call; two sweeps at once over many robots send each row once, within each robot's limit.
import { ADMIN, expectOk, grantSubscriptions, inboxOf, fireTimer, inDays, rid, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(120_000)
let h: Harness
let c: County
let db: any
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  db = sdkDatabase(h)
})
afterAll(async () => { await h?.stop() })

const HANDED_OFF = 'sanwei-handed-off'
const inbox = (kind: string) => inboxOf(h, kind)
const subscribe = (openid: string, templateIds: string[], report?: boolean, grant?: boolean) => grantSubscriptions(h, openid, templateIds, report, grant)
const draft = (title: string) => ({ category: 'environment', townId: c.townId, villageId: c.villageId, title, content: `${title}，请尽快处理`, images: [], anonymous: false })
const hoursAgo = (n: number) => new Date(Date.now() - n * 3600_000).toISOString()
const messagesTo = async (openid: string, templateId: string) => (await inbox('subscribeMessage')).filter((e) => e.touser === openid && e.templateId === templateId && e.errcode === 0)
const postsOf = async (key: string) => (await inbox('robot')).filter((e) => e.key === key && e.errcode === 0).map((e) => e.message.markdown.content as string)

beforeAll(async () => {
  expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'sectorGroup', targetId: c.groupId, name: '经济界活动组群', key: 'ladder-group-robot-0001' }))
  expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'staff', targetId: c.townId, name: '当湖街道工作人员群', key: 'ladder-staff-robot-0001' }))
})

test('the ladder: unclaimed by the member, the group\'s other members are told 交办 and its robot posts; unclaimed by the group, the staff robot posts', async () => {
  await subscribe(c.member, [HANDED_OFF])
  await subscribe(c.groupMember, [HANDED_OFF])
  const id = expectOk(await h.act('suggestions', 'ladder-author-1', 'submit', draft('桥头护栏断裂'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
  expect((await messagesTo(c.member, HANDED_OFF)).map((e) => e.data.thing1.value)).toEqual(['桥头护栏断裂'])

  // A day unclaimed: the ladder climbs to the member's sector group.
  await db.collection('suggestions').doc(id).update({ 'handOff.rungAt': hoursAgo(25) })
  await fireTimer(h)
  const toGroupMember = await messagesTo(c.groupMember, HANDED_OFF)
  expect(toGroupMember).toHaveLength(1)
  expect(toGroupMember[0].data).toMatchObject({ thing1: { value: '桥头护栏断裂' }, thing3: { value: '联系委员未认领，请界别活动组认领' } })
  expect(toGroupMember[0].page).toBe(`pages/detail/index?id=${id}`)
  // The member it was handed to was told at the hand-off, not again.
  expect(await messagesTo(c.member, HANDED_OFF)).toHaveLength(1)
  const groupPosts = await postsOf('ladder-group-robot-0001')
  expect(groupPosts).toHaveLength(1)
  expect(groupPosts[0]).toContain('**交办提醒**')
  expect(groupPosts[0]).toContain('事项：桥头护栏断裂')
  expect(groupPosts[0]).toContain('联系委员未认领，请界别活动组认领')
  expect(await postsOf('ladder-staff-robot-0001')).toEqual([])

  // Another day unclaimed by the group: staff are alerted through their group's robot.
  await db.collection('suggestions').doc(id).update({ 'handOff.rungAt': hoursAgo(25) })
  await fireTimer(h)
  const staffPosts = await postsOf('ladder-staff-robot-0001')
  expect(staffPosts).toHaveLength(1)
  expect(staffPosts[0]).toContain('**工作人员提醒**')
  expect(staffPosts[0]).toContain('事项：桥头护栏断裂')
  expect(staffPosts[0]).toContain('交办后无人认领')
  expect(await postsOf('ladder-group-robot-0001')).toHaveLength(1)
  // Nothing further to climb: a third run sends nothing.
  await fireTimer(h)
  expect(await postsOf('ladder-staff-robot-0001')).toHaveLength(1)
  expect(await messagesTo(c.groupMember, HANDED_OFF)).toHaveLength(1)
})

test('a 不满意 rating: staff are told through their robot with the reason, the member who answered is told 重办', async () => {
  await subscribe(c.member2, [HANDED_OFF, 'sanwei-reopened'])
  const id = expectOk(await h.act('suggestions', 'ladder-author-2', 'submit', draft('公交站台无遮雨棚'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member2 }, deadline: inDays(7) }))
  expectOk(await h.act('suggestions', c.member2, 'claim', { id }))
  expectOk(await h.act('suggestions', c.member2, 'reply', { id, text: '已协调公交公司加装雨棚', outcome: 'adopted' }))
  const before = (await postsOf('ladder-staff-robot-0001')).length
  expectOk(await h.act('suggestions', 'ladder-author-2', 'rate', { id, value: 'dissatisfied', reason: '雨棚还没装' }))
  const staffPosts = (await postsOf('ladder-staff-robot-0001')).slice(before)
  expect(staffPosts).toHaveLength(1)
  expect(staffPosts[0]).toContain('**工作人员提醒**')
  expect(staffPosts[0]).toContain('事项：公交站台无遮雨棚')
  expect(staffPosts[0]).toContain('不满意：雨棚还没装')
  const reopened = await messagesTo(c.member2, 'sanwei-reopened')
  expect(reopened.map((e) => [e.data.thing1.value, e.data.thing4.value])).toEqual([['公交站台无遮雨棚', '雨棚还没装']])
})

test('a retried command never sends twice: three copies of one request racing, then a late retry, deliver one message', async () => {
  await subscribe('retry-citizen', ['sanwei-status-changed'])
  await subscribe('retry-citizen', ['sanwei-status-changed'])
  const id = expectOk(await h.act('suggestions', 'retry-citizen', 'submit', draft('路边井盖缺失'))).id
  const requestId = rid()
  const answers = await Promise.all([1, 2, 3].map(() => h.call('suggestions', c.staff, 'accept', { id }, requestId)))
  for (const a of answers) expect(a).toMatchObject({ ok: true })
  expectOk(await h.call('suggestions', c.staff, 'accept', { id }, requestId))
  const told = await messagesTo('retry-citizen', 'sanwei-status-changed')
  expect(told.map((e) => e.data.phrase2.value)).toEqual(['已受理'])
  // One row, sent once; the person's second reminder is still there.
  const rows = (await db.collection('outbox').where({ suggestionId: id }).get()).data
  expect(rows.map((r: any) => [r.templateKey, r.status, r.attempts])).toEqual([['statusChanged', 'sent', 1]])
  const mine = expectOk(await h.call('notify', 'retry-citizen', 'myNotifications', {}))
  expect(mine.kinds.find((k: any) => k.key === 'statusChanged').left).toBe(1)
})

test('two timer runs at once over 40 robots send each of 400 rows exactly once, none past a robot\'s 20 a minute', async () => {
  const keys = Array.from({ length: 40 }, (_, r) => `sweeprobot${String(r).padStart(8, '0')}`)
  for (const [r, key] of keys.entries()) expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'staff', targetId: `sweeptown${r}`, name: `工作人员群${r}`, key }))
  const now = new Date().toISOString()
  const rows = Array.from({ length: 400 }, (_, i) => ({
    kind: 'robot', to: `staff:sweeptown${i % 40}`, templateKey: 'staffAlert', templateId: 'robot-staff-alert', data: {}, values: { title: `批量${i}`, note: '' },
    status: 'pending', attempts: 0, createdAt: now, dueAt: now,
  }))
  await db.collection('outbox').add(rows)
  await Promise.all([fireTimer(h, { rules: false }), fireTimer(h, { rules: false })])
  const posts = (await inbox('robot')).filter((e) => keys.includes(e.key))
  expect(posts.filter((p) => p.errcode !== 0)).toEqual([]) // no 45009
  const titles = posts.map((p) => /事项：(\S+)/.exec(p.message.markdown.content)![1])
  expect(titles).toHaveLength(400)
  expect(new Set(titles).size).toBe(400)
  const perRobot = new Map<string, number>()
  for (const p of posts) perRobot.set(p.key, (perRobot.get(p.key) ?? 0) + 1)
  expect([...perRobot.values()].every((n) => n === 10)).toBe(true)
  const targets = keys.map((_, r) => `staff:sweeptown${r}`)
  expect((await db.collection('outbox').where({ to: db.command.in(targets), status: 'sent' }).count()).total).toBe(400)
})
