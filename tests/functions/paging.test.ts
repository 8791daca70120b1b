// Lists read page by page (two items a page here): every item once and in order, the last page saying there is no
// more, across one query or several merged (a member's own and group hand-offs, staff over two towns), and a list with
// its own bound (overdue) keeping it on every page. In-process on a test clock, against a local CloudBase.
import { main as org } from '../../cloudfunctions/org/src'
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { ADMIN, expectOk, setupCounty, type County } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(90_000)
let p: InProcess
let c: County
const START = '2026-08-03T02:00:00.000Z'
beforeAll(async () => {
  p = await startInProcess({ suggestions, org: org as never }, testClock(START), { SANWEI_PAGE_SIZE: '2' })
  c = await setupCounty(p)
})
afterAll(async () => { await p?.stop() })

let authors = 0
async function submitted(townId: string, villageId: string, title: string): Promise<string> {
  return expectOk(await p.act('suggestions', `paging-author-${authors++}`, 'submit', { category: 'traffic', townId, villageId, title, content: `${title}，请处理`, images: [], anonymous: false })).id
}
const after = (days: number) => new Date(p.clock().getTime() + days * 86400_000).toISOString()

/** Every page of a list: the ids of each page, and the cursor each page ended with. */
async function pages(who: string, action: string, input: Record<string, unknown>): Promise<{ ids: string[][]; cursors: (string | null)[] }> {
  const ids: string[][] = []
  const cursors: (string | null)[] = []
  let cursor: string | null = null
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = expectOk(await p.call('suggestions', who, action, cursor ? { ...input, cursor } : input))
    ids.push(page.items.map((i) => i.id))
    cursors.push(page.nextCursor)
    cursor = page.nextCursor
  } while (cursor && ids.length < 10)
  return { ids, cursors }
}

test('one list: pages of two in order, and a last page that is exactly full says there is no more', async () => {
  p.clock.set(START)
  const who = 'paging-mine'
  const made: string[] = []
  for (let i = 0; i < 4; i++) {
    made.push(expectOk(await p.act('suggestions', who, 'submit', { category: 'traffic', townId: c.townId, villageId: c.villageId, title: `我的建议${i}`, content: '内容内容', images: [], anonymous: false })).id)
    p.clock.advance(1000)
    // Two a day here is not the limit (ten): four from one person.
  }
  const read = await pages(who, 'mine', {})
  expect(read.ids).toEqual([[made[3], made[2]], [made[1], made[0]]])
  expect(read.cursors[1]).toBeNull()
  expect(read.cursors[0]).toBe(made[2])
})

test('a member\'s hand-offs, their own and their group\'s, merged page by page by deadline', async () => {
  p.clock.set(START)
  const memberId = expectOk(await p.act('org', 'paging-member', 'updateProfile', { name: '翻页委员' })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: memberId, roles: ['citizen', 'member'] }))
  const groupId = expectOk(await p.act('org', ADMIN, 'upsertSectorGroup', { name: '翻页活动组', memberIds: [memberId] })).id
  const byDays: Record<number, string> = {}
  for (const [days, target] of [[5, { kind: 'member', memberId }], [2, { kind: 'sectorGroup', sectorGroupId: groupId }], [4, { kind: 'sectorGroup', sectorGroupId: groupId }], [1, { kind: 'member', memberId }], [3, { kind: 'member', memberId }]] as const) {
    const id = await submitted(c.townId, c.villageId, `期限${days}天的建议`)
    expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await p.act('suggestions', c.staff, 'handOff', { id, target, deadline: after(days) }))
    byDays[days] = id
  }
  const read = await pages('paging-member', 'memberQueue', { tab: 'toClaim' })
  expect(read.ids).toEqual([[byDays[1], byDays[2]], [byDays[3], byDays[4]], [byDays[5]]])
  expect(read.cursors[2]).toBeNull()

  // Past their deadlines, all but the 5-day one are overdue: read two a page, the one not overdue never comes.
  p.clock.set(new Date(Date.parse(START) + 4.5 * 86400_000).toISOString())
  const overdue = await pages('paging-member', 'memberQueue', { tab: 'overdue' })
  expect(overdue.ids).toEqual([[byDays[1], byDays[2]], [byDays[3], byDays[4]]])
  expect(overdue.cursors[1]).toBeNull()
  p.clock.set(START)
})

test('staff over two towns: the triage list merged from both, newest first or oldest first, page by page', async () => {
  p.clock.set(START)
  const staffId = expectOk(await p.act('org', 'paging-staff', 'updateProfile', { name: '两镇干部' })).id
  const townA = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '翻页甲镇', order: 5 })).id
  const townB = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '翻页乙镇', order: 6 })).id
  const villageA = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId: townA, name: '甲村', order: 1 })).id
  const villageB = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId: townB, name: '乙村', order: 1 })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: staffId, roles: ['citizen', 'staff'], staffScope: [townA, townB] }))
  const made: string[] = []
  for (const [i, [town, village]] of [[townA, villageA], [townB, villageB], [townB, villageB], [townA, villageA], [townB, villageB]].entries()) {
    made.push(await submitted(town, village, `两镇建议${i}`))
    p.clock.advance(1000)
  }
  const newest = await pages('paging-staff', 'triage', { tab: 'submitted' })
  expect(newest.ids).toEqual([[made[4], made[3]], [made[2], made[1]], [made[0]]])
  expect(newest.cursors[2]).toBeNull()
  const oldest = await pages('paging-staff', 'triage', { tab: 'submitted', oldestFirst: true })
  expect(oldest.ids).toEqual([[made[0], made[1]], [made[2], made[3]], [made[4]]])
  // Four items: the second page is exactly full and the last.
  expectOk(await p.act('suggestions', 'paging-staff', 'reject', { id: made[4], reason: '重复' }))
  const four = await pages('paging-staff', 'triage', { tab: 'submitted' })
  expect(four.ids).toEqual([[made[3], made[2]], [made[1], made[0]]])
  expect(four.cursors[1]).toBeNull()
  // Nothing left in one town, three in the other: the first page is full from one town alone, and says there is more.
  for (const id of [made[1], made[2]]) expectOk(await p.act('suggestions', 'paging-staff', 'reject', { id, reason: '重复' }))
  const another = await submitted(townA, villageA, '两镇建议5')
  const oneTown = await pages('paging-staff', 'triage', { tab: 'submitted' })
  expect(oneTown.ids).toEqual([[another, made[3]], [made[0]]])
  // A scope naming a town twice lists its items once.
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: staffId, roles: ['citizen', 'staff'], staffScope: [townA, townB, townA] }))
  expect((await pages('paging-staff', 'triage', { tab: 'submitted' })).ids).toEqual([[another, made[3]], [made[0]]])
  p.clock.set(START)
})

test('a busy item\'s detail shows its latest 50 comments and events, oldest first; the older ones page back to the first', async () => {
  p.clock.set(START)
  const id = await submitted(c.townId, c.villageId, '热门建议')
  const texts: string[] = []
  for (let i = 0; i < 52; i++) {
    texts.push(`第${i}条评论`)
    expectOk(await p.act('suggestions', 'paging-commenter', 'comment', { id, text: texts[i] }))
    p.clock.advance(1000)
  }
  const detail = expectOk(await p.call('suggestions', 'paging-reader', 'detail', { id }))
  expect(detail.comments.map((x: { text: string }) => x.text)).toEqual(texts.slice(2))
  expect(detail.timeline).toHaveLength(50)
  const older = expectOk(await p.call('suggestions', 'paging-reader', 'comments', { id, cursor: detail.olderCommentsCursor }))
  expect([older.items.map((x: { text: string }) => x.text), older.nextCursor]).toEqual([texts.slice(0, 2), null])
  const olderEvents = expectOk(await p.call('suggestions', 'paging-reader', 'timeline', { id, cursor: detail.olderTimelineCursor }))
  // 53 events in all (the submission and 52 comments): the three oldest, the submission first.
  expect([olderEvents.items.map((e: { command: string }) => e.command), olderEvents.nextCursor]).toEqual([['submit', 'comment', 'comment'], null])
})

test('following and seconding show on the detail for that person only; unfollowed, the item leaves their list', async () => {
  p.clock.set(START)
  const id = await submitted(c.townId, c.villageId, '关注与附议')
  expectOk(await p.act('suggestions', 'paging-follower', 'follow', { id, on: true }))
  expectOk(await p.act('suggestions', 'paging-follower', 'second', { id }))
  expect(expectOk(await p.call('suggestions', 'paging-follower', 'detail', { id }))).toMatchObject({ following: true, seconded: true })
  expect(expectOk(await p.call('suggestions', 'paging-other', 'detail', { id }))).toMatchObject({ following: false, seconded: false })
  expectOk(await p.act('suggestions', 'paging-follower', 'follow', { id, on: false }))
  expect(expectOk(await p.call('suggestions', 'paging-follower', 'detail', { id })).following).toBe(false)
  expect(expectOk(await p.call('suggestions', 'paging-follower', 'following', {})).items).toEqual([])
})

test('seconding twice is refused naming the item; seconding a merged item seconds the item it went into', async () => {
  p.clock.set(START)
  const into = await submitted(c.townId, c.villageId, '菜场门口停车乱')
  const merged = await submitted(c.townId, c.villageId, '菜场门口乱停车')
  expectOk(await p.act('suggestions', 'paging-seconder', 'second', { id: into }))
  expect(await p.act('suggestions', 'paging-seconder', 'second', { id: into })).toEqual({ ok: false, code: 'CONFLICT', message: '您已附议过', field: 'id' })
  expectOk(await p.act('suggestions', c.staff, 'merge', { id: merged, intoId: into, reason: '同一问题' }))
  expect(expectOk(await p.act('suggestions', 'paging-seconder2', 'second', { id: merged })).id).toBe(into)
  expect(expectOk(await p.call('suggestions', 'paging-seconder2', 'detail', { id: into })).seconded).toBe(true)
  expect(expectOk(await p.call('suggestions', 'paging-seconder2', 'detail', { id: merged })).seconded).toBe(false)
})
