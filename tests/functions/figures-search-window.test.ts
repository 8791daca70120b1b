// Keyword search bounded per request: when two words are each common but rarely together, one request walks at most a
// window of the rarer word's entries (SANWEI_SEARCH_WINDOW) and answers what it found with a cursor to walk on.
import { expectOk, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(120_000)
let h: Harness
let c: County
const ids: Record<string, string> = {}

beforeAll(async () => {
  // Pages of 2 and a window of 3 entries, so a handful of items shows what 100,000 would.
  h = await startHarness({ SANWEI_PAGE_SIZE: '2', SANWEI_SEARCH_WINDOW: '3' })
  c = await setupCounty(h)
  const submit = async (who: string, title: string) => expectOk(await h.act('suggestions', who, 'submit', {
    category: 'traffic', townId: c.townId, villageId: c.villageId, title, content: '请尽快处理', images: [], anonymous: false,
  })).id as string
  // Oldest first: the one item with both words, then four with each word alone.
  ids.both = await submit(c.citizen, '路灯 井盖')
  for (let i = 0; i < 4; i++) {
    ids[`lamp${i}`] = await submit(c.citizen, `路灯 坏了${'一二三四'[i]}`)
    ids[`cover${i}`] = await submit(c.citizen2, `井盖 丢了${'一二三四'[i]}`)
  }
  // A word on exactly a page of items (two), both also holding a commoner word that three older items hold alone.
  for (let i = 0; i < 3; i++) await submit(c.citizen, `漏水 楼栋${'一二三'[i]}`)
  ids.pipe1 = await submit(c.citizen2, '水管 漏水')
  ids.pipe2 = await submit(c.citizen, '水管 漏水 严重')
})
afterAll(async () => { await h?.stop() })

test('two common words rarely together: the first request walks one window, answers nothing yet and where to go on; the next finds the item', async () => {
  const first = expectOk(await h.call('figures', c.staff, 'search', { q: '路灯 井盖' }))
  expect(first.items).toEqual([])
  expect(first.nextCursor).toEqual(expect.any(String))
  const next = expectOk(await h.call('figures', c.staff, 'search', { q: '路灯 井盖', cursor: first.nextCursor }))
  expect(next.items.map((i: { id: string }) => i.id)).toEqual([ids.both])
  expect(next.nextCursor).toBeNull()
})

test('a common word alone pages as usual, newest first, two at a time', async () => {
  const seen: string[] = []
  let cursor: string | null = null
  for (let i = 0; i < 5; i++) {
    const page: { items: { id: string }[]; nextCursor: string | null } = expectOk(await h.call('figures', c.staff, 'search', { q: '路灯', ...(cursor ? { cursor } : {}) }))
    seen.push(...page.items.map((x) => x.id))
    cursor = page.nextCursor
    if (!cursor) break
  }
  expect(seen).toEqual([ids.lamp3, ids.lamp2, ids.lamp1, ids.lamp0, ids.both])
})

test('a word held by exactly a page of items answers those holding the other word too, with no page after', async () => {
  const page = expectOk(await h.call('figures', c.staff, 'search', { q: '水管 漏水' }))
  expect(page.items.map((i: { id: string }) => i.id)).toEqual([ids.pipe2, ids.pipe1])
  expect(page.nextCursor).toBeNull()
})

test('what a search looks in: a town\'s staff their own town only, a family or a category when asked, citizens only what is public', async () => {
  const found = async (who: string, input: Record<string, unknown>) => expectOk(await h.call('figures', who, 'search', { q: '水管', ...input })).items.map((i: { id: string }) => i.id)
  expect(await found(c.staff, {})).toEqual([ids.pipe2, ids.pipe1])
  // Staff of the other town: nothing of this town, asked or not.
  expect(await found(c.townStaff, {})).toEqual([])
  expect(await found(c.townStaff, { townId: c.townId })).toEqual([])
  expect(await found(c.staff, { townId: c.townId })).toEqual([ids.pipe2, ids.pipe1])
  expect(await found(c.staff, { family: 'triage' })).toEqual([ids.pipe2, ids.pipe1])
  expect(await found(c.staff, { family: 'inProgress' })).toEqual([])
  expect(await found(c.staff, { category: 'traffic' })).toEqual([ids.pipe2, ids.pipe1])
  expect(await found(c.staff, { category: 'elderly' })).toEqual([])
  // Still to be triaged: not public.
  expect(await found(c.citizen2, {})).toEqual([])
})
