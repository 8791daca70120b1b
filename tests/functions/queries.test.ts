// Lists and views through the functions: redaction of citizens and anonymous authors, cursor paging, counts.
import { expectOk, inDays, setupCounty, startHarness, type County, type Harness, fullScans } from './harness'

jest.setTimeout(60_000)
let h: Harness
let c: County
beforeAll(async () => {
  h = await startHarness({ SANWEI_PAGE_SIZE: '5' })
  c = await setupCounty(h)
})
afterAll(async () => { await h?.stop() })

const draft = (extra: Record<string, unknown> = {}) => ({
  category: 'publicService', townId: c.townId, villageId: c.villageId, title: '社区老年食堂', content: '希望社区开办老年食堂，解决独居老人吃饭难', images: [], anonymous: false, ...extra,
})

test('an anonymous item shows no author to other citizens or members, even on its timeline and comments; staff see it', async () => {
  const { id } = expectOk(await h.act('suggestions', c.citizen, 'submit', draft({ anonymous: true })))
  expectOk(await h.act('suggestions', c.citizen, 'comment', { id, text: '补充：早餐也需要', stance: 'for' }))
  expectOk(await h.act('suggestions', c.citizen2, 'comment', { id, text: '同意', stance: 'for' }))
  const authorName = 'citizen-姓名'
  for (const viewer of [c.citizen2, c.member, c.member2]) {
    const d = expectOk(await h.call('suggestions', viewer, 'detail', { id }))
    expect(d.author).toBeNull()
    const json = JSON.stringify(d)
    expect(json).not.toContain(c.ids.citizen)
    expect(json).not.toContain(authorName)
  }
  // Another (non-anonymous) citizen is hidden from citizens, shown to members by name only.
  const asCitizen = JSON.stringify(expectOk(await h.call('suggestions', c.citizen, 'detail', { id })))
  expect(asCitizen).not.toContain(c.ids.citizen2)
  expect(asCitizen).not.toContain('citizen2-姓名')
  const staffView = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect(staffView.author.id).toBe(c.ids.citizen)
  const mine = expectOk(await h.call('suggestions', c.citizen, 'detail', { id }))
  expect(mine.mine).toBe(true)
  expect(mine.author.id).toBe(c.ids.citizen)
})

test('a phone number is shown to staff only', async () => {
  expectOk(await h.act('org', c.member2, 'updateProfile', { phone: '13900001234' }))
  const { id } = expectOk(await h.act('suggestions', c.citizen2, 'submit', draft()))
  expectOk(await h.act('suggestions', c.member2, 'comment', { id, text: '我来跟进' }))
  const asStaff = JSON.stringify(expectOk(await h.call('suggestions', c.staff, 'detail', { id })))
  expect(asStaff).toContain('13900001234')
  for (const viewer of [c.citizen, c.member]) {
    expect(JSON.stringify(expectOk(await h.call('suggestions', viewer, 'detail', { id })))).not.toContain('13900001234')
  }
  const members = expectOk(await h.call('org', c.citizen, 'members', {}))
  expect(JSON.stringify(members)).not.toContain('13900001234')
  expect(JSON.stringify(expectOk(await h.call('org', c.staff, 'members', {})))).toContain('13900001234')
})

test('my suggestions page by cursor: every item once, newest first, with counts per family', async () => {
  const who = 'pager-citizen'
  const made: string[] = []
  for (let i = 0; i < 7; i++) made.push(expectOk(await h.act('suggestions', who, 'submit', draft({ title: `建议${i}` }))).id)
  // The daily limit (10) is per person; seven is within it.
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const p: any = expectOk(await h.call('suggestions', who, 'mine', cursor ? { cursor } : {}))
    seen.push(...p.items.map((i: { id: string }) => i.id))
    expect(p.counts.triage).toBe(7)
    cursor = p.nextCursor
    pages++
  } while (cursor && pages < 10)
  expect(pages).toBe(2)
  expect(seen).toEqual([...made].reverse())
})

test('staff triage pages by cursor within a tab, and the tab counts follow the commands', async () => {
  const before = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'submitted', townId: c.otherTownId }))
  const ids: string[] = []
  for (let i = 0; i < 6; i++) {
    ids.push(expectOk(await h.act('suggestions', `triage-author-${i}`, 'submit', draft({ townId: c.otherTownId, villageId: c.otherVillageId, title: `乍浦建议${i}` }))).id)
  }
  const first = expectOk(await h.call('suggestions', c.townStaff, 'triage', { tab: 'submitted' }))
  expect(first.counts.submitted).toBe(before.counts.submitted + 6)
  expect(first.items).toHaveLength(5)
  const second = expectOk(await h.call('suggestions', c.townStaff, 'triage', { tab: 'submitted', cursor: first.nextCursor }))
  expect([...first.items, ...second.items].map((i: { id: string }) => i.id).slice(0, 6)).toEqual([...ids].reverse())
  expectOk(await h.act('suggestions', c.townStaff, 'accept', { id: ids[0] }))
  const after = expectOk(await h.call('suggestions', c.townStaff, 'triage', { tab: 'accepted' }))
  expect(after.counts.submitted).toBe(first.counts.submitted - 1)
  expect(after.counts.accepted).toBe(first.counts.accepted + 1)
  expect(after.items.map((i: { id: string }) => i.id)).toContain(ids[0])
  // Staff of one town do not see another town's triage.
  expect(await h.call('suggestions', c.townStaff, 'triage', { tab: 'submitted', townId: c.townId })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})

test('following an item lists it; the feed and towns answer', async () => {
  const { id } = expectOk(await h.act('suggestions', c.citizen2, 'submit', draft({ title: '路口红绿灯时间太短' })))
  expect(expectOk(await h.act('suggestions', c.citizen, 'follow', { id, on: true })).following).toBe(true)
  const list = expectOk(await h.call('suggestions', c.citizen, 'following', {}))
  expect(list.items.map((i: { id: string }) => i.id)).toContain(id)
  expect(expectOk(await h.call('suggestions', c.citizen, 'detail', { id })).following).toBe(true)
  const towns = expectOk(await h.call('org', c.citizen, 'towns', {}))
  expect(towns.towns[0].villages.find((v: { id: string }) => v.id === c.villageId).boundMemberName).toBe('member-姓名')
})

test('the member queue puts overdue items first and counts them', async () => {
  const ids: string[] = []
  for (const days of [5, 1]) {
    const id = expectOk(await h.act('suggestions', `queue-author-${days}`, 'submit', draft({ title: `期限${days}天` }))).id
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member2 }, deadline: inDays(days) }))
    ids.push(id)
  }
  const q = expectOk(await h.call('suggestions', c.member2, 'memberQueue', { tab: 'toClaim' }))
  expect(q.items.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]])
  expect(q.counts).toMatchObject({ toClaim: 2, overdue: 0 })
})

test('every query above used a declared index (no full scans)', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
