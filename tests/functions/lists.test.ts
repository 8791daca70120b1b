// What each list shows, exactly: a member's queue tab by tab (and past a deadline), staff triage narrowed by category and
// read oldest first, my items by family, the public feed of one town, the similar items of a draft, what a follower
// still sees, a resident's items waiting to be taken over; and recording on duty outside the daily window. The
// suggestions function runs in-process on a test clock (deadlines are crossed by moving it), against a local CloudBase.
import { main as org } from '../../cloudfunctions/org/src'
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { runSystemCommand } from '../../server/suggestionCommands'
import { config } from '../../server/config'
import { db } from '../../server/db'
import { rowsOfItem } from '../../server/repositories/outbox'
import { ADMIN, expectOk, setupCounty, type County } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(90_000)
let p: InProcess
let c: County
const START = '2026-05-11T02:00:00.000Z'
beforeAll(async () => {
  p = await startInProcess({ suggestions, org: org as never }, testClock(START), { SANWEI_SUBMITS_PER_DAY: '2', SANWEI_PAGE_SIZE: '20' })
  c = await setupCounty(p)
})
afterAll(async () => { await p?.stop() })

let authors = 0
/** A submission by a citizen of its own (the daily window is 2 here). */
async function submitted(townId: string, villageId: string, title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const who = `lists-author-${authors++}`
  return expectOk(await p.act('suggestions', who, 'submit', { category: 'traffic', townId, villageId, title, content: `${title}，希望尽快解决`, images: [], anonymous: false, ...extra })).id
}
/** An ISO time `days` after the test clock's now. */
const after = (days: number) => new Date(p.clock().getTime() + days * 86400_000).toISOString()
const ids = (page: { items: { id: string }[] }) => page.items.map((i) => i.id)

async function freshTown(name: string): Promise<{ townId: string; villageId: string }> {
  const townId = expectOk(await p.act('org', ADMIN, 'upsertTown', { name, order: 9 })).id
  const villageId = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId, name: `${name}中心村`, order: 1 })).id
  return { townId, villageId }
}

async function handedTo(title: string, target: Record<string, unknown>, days: number): Promise<string> {
  const id = await submitted(c.townId, c.villageId, title)
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await p.act('suggestions', c.staff, 'handOff', { id, target, deadline: after(days) }))
  return id
}

test('a member\'s queue: each tab holds what it names, counted exactly; past their deadlines, what is still open is overdue, earliest first', async () => {
  p.clock.set(START)
  const memberId = expectOk(await p.act('org', 'queue-member', 'updateProfile', { name: '排队委员' })).id
  const groupMateId = expectOk(await p.act('org', 'queue-mate', 'updateProfile', { name: '同组委员' })).id
  for (const id of [memberId, groupMateId]) expectOk(await p.act('org', ADMIN, 'setRoles', { personId: id, roles: ['citizen', 'member'] }))
  const groupId = expectOk(await p.act('org', ADMIN, 'upsertSectorGroup', { name: '农业界活动组', memberIds: [memberId, groupMateId] })).id
  const toMe = { kind: 'member', memberId }

  const mineIn3 = await handedTo('村口路灯不亮', toMe, 3)
  const groupIn5 = await handedTo('农田灌溉渠堵塞', { kind: 'sectorGroup', sectorGroupId: groupId }, 5)
  const claimedIn1 = await handedTo('公交站台缺少遮雨棚', toMe, 1)
  expectOk(await p.act('suggestions', 'queue-member', 'claim', { id: claimedIn1 }))
  const repliedIn4 = await handedTo('菜市场排水不畅', toMe, 4)
  expectOk(await p.act('suggestions', 'queue-member', 'claim', { id: repliedIn4 }))
  expectOk(await p.act('suggestions', 'queue-member', 'reply', { id: repliedIn4, text: '已联系市场管理方疏通排水', outcome: 'adopted' }))
  const consulting = await submitted(c.townId, c.villageId, '老街改造方案征求意见')
  expectOk(await p.act('suggestions', c.staff, 'accept', { id: consulting }))
  expectOk(await p.act('suggestions', c.staff, 'openConsultation', { id: consulting, deadline: after(2), invitedMemberIds: [memberId] }))

  const tab = async (who: string, name: string) => expectOk(await p.call('suggestions', who, 'memberQueue', { tab: name }))
  const toClaim = await tab('queue-member', 'toClaim')
  // Handed to me and to my group, the earliest deadline first.
  expect(ids(toClaim)).toEqual([mineIn3, groupIn5])
  expect(toClaim.counts).toEqual({ toClaim: 2, toConsult: 1, inProgress: 1, overdue: 0, replied: 1 })
  expect(ids(await tab('queue-member', 'inProgress'))).toEqual([claimedIn1])
  expect(ids(await tab('queue-member', 'replied'))).toEqual([repliedIn4])
  expect(ids(await tab('queue-member', 'toConsult'))).toEqual([consulting])
  expect(ids(await tab('queue-member', 'overdue'))).toEqual([])
  // The other member of the group sees the group's item only, and is invited to nothing.
  const mate = await tab('queue-mate', 'toClaim')
  expect(ids(mate)).toEqual([groupIn5])
  expect(mate.counts).toEqual({ toClaim: 1, toConsult: 0, inProgress: 0, overdue: 0, replied: 0 })

  // Four days on: the claimed item (1 day) and the unclaimed one (3 days) are overdue; the group's (5 days) not yet,
  // the replied one (4 days) no longer counts.
  p.clock.set(new Date(Date.parse(START) + 4 * 86400_000).toISOString())
  const overdue = await tab('queue-member', 'overdue')
  expect(ids(overdue)).toEqual([claimedIn1, mineIn3])
  expect(overdue.counts.overdue).toBe(2)
  p.clock.set(new Date(Date.parse(START) + 6 * 86400_000).toISOString())
  expect(ids(await tab('queue-mate', 'overdue'))).toEqual([groupIn5])
  // Answered half a minute after the other (and before the public feed's answers of a later test): the newest answer
  // heads the replied tab.
  p.clock.set(new Date(Date.parse(START) + 30_000).toISOString())
  expectOk(await p.act('suggestions', 'queue-member', 'reply', { id: claimedIn1, text: '遮雨棚已列入公交站改造计划', outcome: 'partlyAdopted' }))
  expect(ids(await tab('queue-member', 'replied'))).toEqual([claimedIn1, repliedIn4])
  p.clock.set(START)
})

test('the member queue is for members and department handlers: a department handler sees what is handed to the department; staff are refused', async () => {
  p.clock.set(START)
  const handlerId = expectOk(await p.act('org', 'queue-dept', 'updateProfile', { name: '住建局李科员' })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: handlerId, roles: ['citizen', 'departmentHandler'], departmentIds: [c.departmentId] }))
  const id = await handedTo('小区电梯年久失修', { kind: 'department', departmentId: c.departmentId }, 6)
  const queue = expectOk(await p.call('suggestions', 'queue-dept', 'memberQueue', { tab: 'toClaim' }))
  expect(ids(queue)).toContain(id)
  expect(await p.call('suggestions', c.staff, 'memberQueue', { tab: 'toClaim' })).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '只有政协委员和部门办理人有待办' })
})

test('staff triage narrowed to one category, newest or longest waiting first, with the counts of that category; an overdue hand-off counted', async () => {
  p.clock.set(START)
  const { townId, villageId } = await freshTown('独山港镇')
  const road1 = await submitted(townId, villageId, '港区道路坑洼')
  const farm = await submitted(townId, villageId, '渔港码头缺少冷库', { category: 'agriculture' })
  const road2 = await submitted(townId, villageId, '港区路口缺红绿灯')
  const triage = async (input: Record<string, unknown>) => expectOk(await p.call('suggestions', c.staff, 'triage', { townId, ...input }))

  const roads = await triage({ tab: 'submitted', category: 'traffic' })
  expect(ids(roads)).toEqual([road2, road1])
  expect(roads.counts).toMatchObject({ submitted: 2, accepted: 0, overdue: 0 })
  expect(ids(await triage({ tab: 'submitted', category: 'traffic', oldestFirst: true }))).toEqual([road1, road2])
  expect(ids(await triage({ tab: 'submitted', oldestFirst: true }))).toEqual([road1, farm, road2])
  const all = await triage({ tab: 'submitted' })
  expect(ids(all)).toEqual([road2, farm, road1])
  expect(all.counts.submitted).toBe(3)

  expectOk(await p.act('suggestions', c.staff, 'accept', { id: road1 }))
  expectOk(await p.act('suggestions', c.staff, 'handOff', { id: road1, target: { kind: 'member', memberId: c.ids.member }, deadline: after(2) }))
  expect(ids(await triage({ tab: 'handling' }))).toEqual([road1])
  p.clock.set(new Date(Date.parse(START) + 3 * 86400_000).toISOString())
  const late = await triage({ tab: 'overdue' })
  expect(ids(late)).toEqual([road1])
  expect(late.counts).toMatchObject({ submitted: 2, handling: 1, overdue: 1 })
  // Narrowed to agriculture, nothing of it is overdue.
  expect((await triage({ tab: 'overdue', category: 'agriculture' })).counts.overdue).toBe(0)
  p.clock.set(START)
})

test('staff scoped to one town read their town\'s triage without naming it; an admin reads every town\'s', async () => {
  p.clock.set(START)
  const theirs = await submitted(c.otherTownId, c.otherVillageId, '雅山村垃圾清运不及时')
  const notTheirs = await submitted(c.townId, c.villageId, '东湖社区健身器材损坏')
  const scoped = ids(expectOk(await p.call('suggestions', c.townStaff, 'triage', { tab: 'submitted' })))
  expect(scoped).toContain(theirs)
  expect(scoped).not.toContain(notTheirs)
  const everyTown = ids(expectOk(await p.call('suggestions', ADMIN, 'triage', { tab: 'submitted' })))
  expect(everyTown).toEqual(expect.arrayContaining([theirs, notTheirs]))
  // An admin who also keeps one town's staff work still reads every town.
  const adminId = expectOk(await p.act('org', 'lists-admin-staff', 'updateProfile', { name: '兼任管理员' })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: adminId, roles: ['citizen', 'staff', 'admin'], staffScope: [c.otherTownId] }))
  expect(ids(expectOk(await p.call('suggestions', 'lists-admin-staff', 'triage', { tab: 'submitted' })))).toEqual(expect.arrayContaining([theirs, notTheirs]))
})

test('my items narrowed to one family, with every family counted', async () => {
  p.clock.set(START)
  const who = 'lists-family-citizen'
  const draft = (title: string) => ({ category: 'education', townId: c.townId, villageId: c.villageId, title, content: `${title}，请帮助协调`, images: [], anonymous: false })
  const kept = expectOk(await p.act('suggestions', who, 'submit', draft('学校门口接送拥堵'))).id
  const withdrawn = expectOk(await p.act('suggestions', who, 'submit', draft('图书馆开放时间太短'))).id
  expectOk(await p.act('suggestions', who, 'withdraw', { id: withdrawn }))
  const ended = expectOk(await p.call('suggestions', who, 'mine', { family: 'ended' }))
  expect(ids(ended)).toEqual([withdrawn])
  expect(ended.counts).toEqual({ triage: 1, inProgress: 0, replied: 0, ended: 1 })
  expect(ids(expectOk(await p.call('suggestions', who, 'mine', { family: 'triage' })))).toEqual([kept])
  expect(ids(expectOk(await p.call('suggestions', who, 'mine', {})))).toEqual([withdrawn, kept])
})

test('the public feed of one town holds its answered items only, the latest answer first', async () => {
  p.clock.set(START)
  const { townId, villageId } = await freshTown('新仓镇')
  const answered: string[] = []
  for (const [town, village, title] of [[c.townId, c.villageId, '东湖社区路面破损'], [townId, villageId, '新仓老街路面破损'], [townId, villageId, '新仓小学门口缺斑马线']]) {
    const id = await submitted(town, village, title)
    expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await p.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member2 }, deadline: after(5) }))
    expectOk(await p.act('suggestions', c.member2, 'claim', { id }))
    p.clock.advance(60_000)
    expectOk(await p.act('suggestions', c.member2, 'reply', { id, text: `${title}：已协调有关部门处理`, outcome: 'adopted' }))
    answered.push(id)
  }
  // Not answered yet: not in the feed.
  await submitted(townId, villageId, '新仓菜场缺少停车位')
  const feed = expectOk(await p.call('suggestions', 'lists-reader', 'feed', { townId }))
  expect(ids(feed)).toEqual([answered[2], answered[1]])
  // Without a town the feed holds every town's, the latest answer first.
  expect(ids(expectOk(await p.call('suggestions', 'lists-reader', 'feed', {}))).slice(0, 3)).toEqual([answered[2], answered[1], answered[0]])
  // Closed after its answer, an item stays in the feed; withdrawn before any answer, one never was.
  expectOk(await p.act('suggestions', c.staff, 'close', { id: answered[1], reason: '已办结' }))
  expect(ids(expectOk(await p.call('suggestions', 'lists-reader', 'feed', { townId })))).toEqual([answered[2], answered[1]])
  p.clock.set(START)
})

test('similar items for a draft: open items of the same town only, never an item held for review or one that ended', async () => {
  p.clock.set(START)
  const { townId, villageId } = await freshTown('黄姑镇')
  const { townId: elsewhere, villageId: elsewhereVillage } = await freshTown('全公亭镇')
  const open = await submitted(townId, villageId, '黄姑镇幼儿园门口停车难')
  const closed = await submitted(townId, villageId, '黄姑镇幼儿园门口停车难问题')
  expectOk(await p.act('suggestions', c.staff, 'reject', { id: closed, reason: '重复提交' }))
  await submitted(townId, villageId, '黄姑镇幼儿园门口停车难 待审词')
  await submitted(elsewhere, elsewhereVillage, '全公亭幼儿园门口停车难')
  const found = expectOk(await p.call('suggestions', 'lists-drafter', 'similar', { townId, title: '幼儿园门口停车难' }))
  expect(ids(found)).toEqual([open])
  expect(found.items[0].score).toBeGreaterThan(0)
})

test('a follower who can no longer see an item (staff moved to another town, the item held for review) no longer finds it in their list', async () => {
  p.clock.set(START)
  const staffId = expectOk(await p.act('org', 'lists-moving-staff', 'updateProfile', { name: '调岗工作人员' })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: staffId, roles: ['citizen', 'staff'], staffScope: [c.townId] }))
  const held = await submitted(c.townId, c.villageId, '东湖社区噪音扰民 待审词')
  const visible = await submitted(c.townId, c.villageId, '东湖社区噪音扰民')
  for (const id of [held, visible]) expectOk(await p.act('suggestions', 'lists-moving-staff', 'follow', { id, on: true }))
  expect(ids(expectOk(await p.call('suggestions', 'lists-moving-staff', 'following', {}))).sort()).toEqual([held, visible].sort())
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: staffId, roles: ['citizen', 'staff'], staffScope: [c.otherTownId] }))
  expect(ids(expectOk(await p.call('suggestions', 'lists-moving-staff', 'following', {})))).toEqual([visible])
})

test('a member of the village counts and lists what was published there; its staff also what is held for review', async () => {
  p.clock.set(START)
  const { townId, villageId } = await freshTown('广陈镇')
  const memberId = expectOk(await p.act('org', 'lists-village-member', 'updateProfile', { name: '广陈委员' })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: memberId, roles: ['citizen', 'member'] }))
  expectOk(await p.act('org', ADMIN, 'bindMember', { villageId, memberId }))
  const published = await submitted(townId, villageId, '广陈镇农贸市场改造')
  const held = await submitted(townId, villageId, '广陈镇农贸市场改造 待审词')
  const mine = expectOk(await p.call('suggestions', 'lists-village-member', 'myVillages', {}))
  expect(mine.villages).toEqual([{ id: villageId, name: '广陈镇中心村', townId, townName: '广陈镇', openCount: 1, totalCount: 1 }])
  expect(ids(expectOk(await p.call('suggestions', 'lists-village-member', 'villageItems', { villageId })))).toEqual([published])
  expect(ids(expectOk(await p.call('suggestions', c.staff, 'villageItems', { villageId })))).toEqual([held, published])
})

test('a resident\'s recorded item waits for them in 我的 while it is open, and no longer once it ended', async () => {
  p.clock.set(START)
  const phone = '13900005678'
  expectOk(await p.act('org', 'lists-resident', 'updateProfile', { name: '陈阿姨', phone }))
  const onDuty = (title: string) => ({ category: 'publicService', townId: c.townId, villageId: c.villageId, title, content: `${title}，居民反映`, images: [], anonymous: false, channel: 'liaisonStation', onBehalfOf: { name: '陈阿姨', phone } })
  const first = expectOk(await p.act('suggestions', c.staff, 'submit', onDuty('楼道灯不亮'))).id
  const second = expectOk(await p.act('suggestions', c.staff, 'submit', onDuty('楼下垃圾桶太少'))).id
  expect(ids(expectOk(await p.call('suggestions', 'lists-resident', 'waitingForMe', {})))).toEqual([second, first])
  expectOk(await p.act('suggestions', c.staff, 'reject', { id: first, reason: '不属于受理范围' }))
  expect(ids(expectOk(await p.call('suggestions', 'lists-resident', 'waitingForMe', {})))).toEqual([second])
  // Someone without a phone in 我的 has nothing waiting.
  expect(expectOk(await p.call('suggestions', 'lists-no-phone', 'waitingForMe', {})).items).toEqual([])
})

test('recording on duty is work, not the recorder\'s own submissions: past the daily window of 2 it is still taken; their own third is refused', async () => {
  p.clock.set(START)
  const recorder = 'lists-duty-staff'
  const recorderId = expectOk(await p.act('org', recorder, 'updateProfile', { name: '联络站工作人员' })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: recorderId, roles: ['citizen', 'staff'], staffScope: 'all' }))
  const item = (title: string, extra: Record<string, unknown> = {}) => ({ category: 'publicService', townId: c.townId, villageId: c.villageId, title, content: `${title}，请处理`, images: [], anonymous: false, ...extra })
  // At the liaison station, with no one resident named; then residents named, taken online: three of each.
  for (const i of [0, 1, 2]) {
    expect(expectOk(await p.act('suggestions', recorder, 'submit', item(`联络站记录${i}`, { channel: 'liaisonStation' }))).status).toBe('submitted')
  }
  for (const [i, name] of ['王大爷', '李阿婆', '赵师傅'].entries()) {
    expect(expectOk(await p.act('suggestions', recorder, 'submit', item(`代居民提交${i}`, { onBehalfOf: { name, phone: `1390000100${i}` } }))).status).toBe('submitted')
  }
  expectOk(await p.act('suggestions', recorder, 'submit', item('自己的建言一')))
  expectOk(await p.act('suggestions', recorder, 'submit', item('自己的建言二')))
  expect(await p.act('suggestions', recorder, 'submit', item('自己的建言三'))).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: '每天最多提交2条建言' })
})

test('unclaimed past the member\'s hours, an item moves to the member\'s first group, whose other members are told; a member with no group leaves it to staff', async () => {
  p.clock.set(START)
  const memberId = expectOk(await p.act('org', 'ladder-member', 'updateProfile', { name: '阶梯委员' })).id
  const mateId = expectOk(await p.act('org', 'ladder-mate', 'updateProfile', { name: '阶梯组员' })).id
  const loneId = expectOk(await p.act('org', 'ladder-lone', 'updateProfile', { name: '无组委员' })).id
  for (const id of [memberId, mateId, loneId]) expectOk(await p.act('org', ADMIN, 'setRoles', { personId: id, roles: ['citizen', 'member'] }))
  const groupId = expectOk(await p.act('org', ADMIN, 'upsertSectorGroup', { name: '阶梯活动组', memberIds: [memberId, mateId] })).id
  const grouped = await handedTo('河道漂浮垃圾', { kind: 'member', memberId }, 10)
  const lone = await handedTo('河道护栏松动', { kind: 'member', memberId: loneId }, 10)
  const later = new Date(Date.parse(START) + 25 * 3600_000).toISOString()
  const done = await runSystemCommand('escalate', grouped, later, config())
  expect(done).toMatchObject({ id: grouped, status: 'assigned' })
  expect(ids(expectOk(await p.call('suggestions', 'ladder-mate', 'memberQueue', { tab: 'toClaim' })))).toEqual([grouped])
  const told = (await rowsOfItem(db(), grouped)).filter((r) => r.createdAt === later).map((r) => [r.kind, r.to, r.templateKey])
  expect(told).toEqual(expect.arrayContaining([['subscribe', mateId, 'handedOff']]))
  expect(told.some(([, to]) => to === memberId)).toBe(false)
  expect(await runSystemCommand('escalate', lone, later, config())).toMatchObject({ id: lone, status: 'assigned' })
  const staffTold = (await rowsOfItem(db(), lone)).filter((r) => r.createdAt === later).map((r) => [r.kind, r.templateKey])
  expect(staffTold).toEqual(expect.arrayContaining([['robot', 'staffAlert']]))
  expect(ids(expectOk(await p.call('suggestions', 'ladder-lone', 'memberQueue', { tab: 'toClaim' })))).toEqual([lone])
})

test('a reply names a comment of the same item: one of another item, or none at all, is NOT_FOUND naming replyToId', async () => {
  p.clock.set(START)
  const first = await submitted(c.townId, c.villageId, '小区充电桩不够')
  const second = await submitted(c.townId, c.villageId, '小区充电桩收费高')
  const onFirst = expectOk(await p.act('suggestions', 'reply-citizen', 'comment', { id: first, text: '同感' })).commentId
  const refused = { ok: false, code: 'NOT_FOUND', message: '回复的评论不存在', field: 'replyToId' }
  expect(await p.act('suggestions', 'reply-citizen', 'comment', { id: second, text: '回复一下', replyToId: onFirst })).toEqual(refused)
  expect(await p.act('suggestions', 'reply-citizen', 'comment', { id: second, text: '回复一下', replyToId: 'nosuchcomment' })).toEqual(refused)
  expectOk(await p.act('suggestions', 'reply-citizen2', 'comment', { id: first, text: '回复一下', replyToId: onFirst }))
})

test('a hand-off names someone who exists as what they are: a citizen, or a group or department that does not exist, is NOT_FOUND', async () => {
  p.clock.set(START)
  const id = await submitted(c.townId, c.villageId, '交办对象检查')
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  for (const target of [{ kind: 'member', memberId: c.ids.citizen }, { kind: 'sectorGroup', sectorGroupId: 'nosuchgroup' }, { kind: 'department', departmentId: 'nosuchdept' }]) {
    expect(await p.act('suggestions', c.staff, 'handOff', { id, target, deadline: after(5) })).toEqual({ ok: false, code: 'NOT_FOUND', message: '交办对象不存在', field: 'target' })
  }
  const done = expectOk(await p.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'department', departmentId: c.departmentId }, deadline: after(5) }))
  expect(done.status).toBe('assigned')
})
