// Ranges on indexes, through the real @cloudbase/node-sdk: equalities (or $in) on a prefix of an index's keys and a
// range on the next key walk only that part of the index, and answer exactly what a plain filter and sort answers.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { startHarness, sdkEnv, type Harness } from './db-harness'

let harness: Harness
let dir: string
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let _: any

type Row = Record<string, unknown> & { _id: string }

// Hundreds of SDK round trips per test: on a loaded 2-core machine the 5 s default is too short, and a test that times out
// keeps running into the next one and spoils its full-scan count.
jest.setTimeout(60_000)

const stats = () => harness.db.stats()

async function post(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${harness.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanwei-db-ranges-'))
  harness = await startHarness(dir, {
    ranged: [
      { name: 'g_k', keys: { g: 1, k: 1, _id: 1 } },
      { name: 'g_s', keys: { g: 1, s: -1, _id: -1 } },
      { name: 'n', keys: { n: 1 } },
    ],
    plain: [],
    tagged: [{ name: 'g_v', keys: { g: 1, v: 1 } }],
    taggedPlain: [],
    deep: [{ name: 'feed', keys: { feed: 1, key: -1 } }],
    grams: [{ name: 'grams', keys: { grams: 1, _id: -1 } }],
  })
  sdkEnv(harness.url)
  db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
  _ = db.command
})

afterAll(async () => {
  await harness.stop()
  rmSync(dir, { recursive: true, force: true })
})

let seed = 11
function rnd(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
}

const day = (d: number): Date => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000)

/** k holds numbers, ISO strings, dates, booleans, null, or nothing; s is a string key or missing. */
function makeDoc(i: number): Row {
  const doc: Row = { _id: `d${String(i).padStart(4, '0')}`, g: ['a', 'b', 'c'][rnd(3)], n: rnd(1000) }
  const t = rnd(20)
  if (t < 8) doc.k = rnd(100)
  else if (t < 12) doc.k = day(rnd(90)).toISOString().slice(0, 10)
  else if (t < 16) doc.k = day(rnd(90))
  else if (t < 17) doc.k = rnd(2) === 0
  else if (t < 18) doc.k = null
  if (rnd(5) > 0) doc.s = `${day(rnd(60)).toISOString()}|${doc._id}`
  return doc
}

const ids = (res: { data: Row[] }): string[] => res.data.map((d) => d._id)

describe('a range after an equality prefix', () => {
  const docs = Array.from({ length: 600 }, (_, i) => makeDoc(i))

  beforeAll(async () => {
    // Small batches go through the one-by-one index path, the rest through the bulk merge.
    for (let b = 0; b < 10; b++) {
      const batch = docs.slice(b * 20, b * 20 + 20)
      await db.collection('ranged').add(batch)
      await db.collection('plain').add(batch)
    }
    await db.collection('ranged').add(docs.slice(200))
    await db.collection('plain').add(docs.slice(200))
  })

  const prefixes = (): Array<[string, Record<string, unknown>]> => [
    ['g = a', { g: 'a' }],
    ['g in [a, c]', { g: _.in(['a', 'c']) }],
    ['g in [b]', { g: _.in(['b']) }],
  ]
  const kRanges = (): Array<[string, unknown]> => [
    ['k < 50', _.lt(50)],
    ['k <= 50', _.lte(50)],
    ['k > 20', _.gt(20)],
    ['k >= 99', _.gte(99)],
    ['20 < k <= 70', _.gt(20).and(_.lte(70))],
    ['30 <= k <= 30', _.gte(30).and(_.lte(30))],
    ['70 < k < 20 (empty)', _.gt(70).and(_.lt(20))],
    ['k between a number and a string (no value is both)', _.gt(5).and(_.lt('2026-02'))],
    ['k < "2026-02"', _.lt('2026-02')],
    ['k >= "2026-02-10"', _.gte('2026-02-10')],
    ['"2026-01-15" < k < "2026-03-01"', _.gt('2026-01-15').and(_.lt('2026-03-01'))],
    ['k < a date', _.lt(day(40))],
    ['a date <= k < a date', _.gte(day(10)).and(_.lt(day(50)))],
    ['k > false', _.gt(false)],
    ['k >= 0 (numbers only, not null, missing or booleans)', _.gte(0)],
  ]
  const sorts: Array<[string, Array<[string, 'asc' | 'desc']>]> = [
    ['k asc', [['k', 'asc'], ['_id', 'asc']]],
    ['k desc', [['k', 'desc'], ['_id', 'desc']]],
    ['k asc, _id desc (not in index order)', [['k', 'asc'], ['_id', 'desc']]],
  ]
  const windows: Array<[number, number]> = [[0, 1000], [3, 7], [0, 1], [40, 5]]

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function run(collection: string, where: unknown, sort: Array<[string, 'asc' | 'desc']> | null, offset: number, limit: number): Promise<string[]> {
    let q = db.collection(collection).where(where)
    for (const [f, d] of sort ?? []) q = q.orderBy(f, d)
    if (offset) q = q.skip(offset)
    const got = ids(await q.limit(limit).get())
    return sort ? got : got.sort()
  }

  test('sorted pages and counts equal the unindexed answer, with no full scan', async () => {
    const cases: Array<{ name: string; where: unknown; sort: Array<[string, 'asc' | 'desc']> | null; offset: number; limit: number }> = []
    for (const [pn, prefix] of prefixes())
      for (const [rn, range] of kRanges()) {
        const where = { ...prefix, k: range }
        cases.push({ name: `${pn}, ${rn}, unsorted`, where, sort: null, offset: 0, limit: 1000 })
        for (const [sn, sort] of sorts) for (const [offset, limit] of windows) cases.push({ name: `${pn}, ${rn}, ${sn}, skip ${offset} limit ${limit}`, where, sort, offset, limit })
      }
    const want = new Map<string, string[]>()
    for (const c of cases) want.set(c.name, await run('plain', c.where, c.sort, c.offset, c.limit))
    const wantCounts: number[] = []
    for (const [, prefix] of prefixes()) for (const [, range] of kRanges()) wantCounts.push((await db.collection('plain').where({ ...prefix, k: range }).count()).total)
    // The answers are not trivial: most cases find something, some find nothing.
    expect([...want.values()].filter((v) => v.length > 0).length).toBeGreaterThan(cases.length / 2)

    const before = stats()
    for (const c of cases) expect([c.name, await run('ranged', c.where, c.sort, c.offset, c.limit)]).toEqual([c.name, want.get(c.name)])
    const counts: number[] = []
    for (const [, prefix] of prefixes()) for (const [, range] of kRanges()) counts.push((await db.collection('ranged').where({ ...prefix, k: range }).count()).total)
    expect(counts).toEqual(wantCounts)
    expect(stats().fullScans).toBe(before.fullScans)
  })

  test('a range on a descending key, in both orders, as a cursor would ask', async () => {
    const all = docs.filter((d) => d.g === 'b' && typeof d.s === 'string').map((d) => d.s as string).sort()
    const cursor = all[Math.floor(all.length / 2)]
    const plainDesc = await run('plain', { g: 'b', s: _.lt(cursor) }, [['s', 'desc']], 0, 10)
    const plainAsc = await run('plain', { g: 'b', s: _.gt(cursor) }, [['s', 'asc']], 0, 10)
    const before = stats()
    const desc = await run('ranged', { g: 'b', s: _.lt(cursor) }, [['s', 'desc']], 0, 10)
    const asc = await run('ranged', { g: 'b', s: _.gt(cursor) }, [['s', 'asc']], 0, 10)
    expect(desc).toEqual(plainDesc)
    expect(asc).toEqual(plainAsc)
    expect(desc).toHaveLength(10)
    expect(stats().fullScans).toBe(before.fullScans)
    // Ordered walks stop at the page: only the 20 documents shown were read.
    expect(stats().examined - before.examined).toBe(20)
  })

  test('both bounds in one condition object, as the wire allows', async () => {
    const ask = (collection: string) =>
      post({ action: 'database.getDocument', collectionName: collection, queryType: 'WHERE', query: JSON.stringify({ g: 'c', k: { $gte: 10, $lt: 60 } }), order: JSON.stringify({ k: 1, _id: 1 }), limit: 1000 })
    const want = ((await ask('plain')).data as { list: string[] }).list
    const before = stats()
    const got = ((await ask('ranged')).data as { list: string[] }).list
    expect(got).toEqual(want)
    expect(got.length).toBeGreaterThan(0)
    expect(stats().fullScans).toBe(before.fullScans)
    expect(stats().examined - before.examined).toBe(got.length)
  })

  test('a range on an index\'s first key uses it; a range on an unindexed field is a full scan', async () => {
    const want = await run('plain', { n: _.gte(100).and(_.lt(200)) }, [['n', 'asc'], ['_id', 'asc']], 0, 1000)
    const before = stats()
    const got = await run('ranged', { n: _.gte(100).and(_.lt(200)) }, [['n', 'asc'], ['_id', 'asc']], 0, 1000)
    expect(got).toEqual(want)
    expect(stats().fullScans).toBe(before.fullScans)
    await db.collection('ranged').where({ g: 'a', nope: _.lt(5) }).count() // the g prefix still serves
    expect(stats().fullScans).toBe(before.fullScans)
    await db.collection('ranged').where({ nope: _.lt(5) }).count()
    await db.collection('ranged').where({ k: _.lt(5) }).count() // k follows g, which the query does not pin
    expect(stats().fullScans).toBe(before.fullScans + 2)
  })

  test('answers stay right after updates and removes move documents in and out of the range', async () => {
    for (const c of ['ranged', 'plain']) {
      await db.collection(c).where({ g: 'a', k: _.lt(30) }).update({ k: 75 })
      await db.collection(c).where({ g: 'c', k: _.gte(80) }).remove()
      await db.collection(c).doc('d0007').update({ g: 'a', k: 12 })
    }
    for (const [, range] of kRanges()) {
      for (const prefix of [{ g: 'a' }, { g: _.in(['a', 'c']) }]) {
        const where = { ...prefix, k: range }
        const want = await run('plain', where, [['k', 'desc'], ['_id', 'desc']], 0, 1000)
        expect(await run('ranged', where, [['k', 'desc'], ['_id', 'desc']], 0, 1000)).toEqual(want)
      }
    }
  })
})

describe('a range on an array field', () => {
  test('each element may meet a different bound, as in MongoDB; every match is found once', async () => {
    const rows: Row[] = [
      { _id: 't1', g: 'a', v: [6, 1] },
      { _id: 't2', g: 'a', v: [4] },
      { _id: 't3', g: 'a', v: 4 },
      { _id: 't4', g: 'a', v: [10, 11] },
      { _id: 't5', g: 'a' },
      { _id: 't6', g: 'a', v: [] },
      { _id: 't7', g: 'a', v: [2, 3, 4, 'x'] },
      { _id: 't8', g: 'b', v: 4 },
    ]
    await db.collection('tagged').add(rows)
    await db.collection('taggedPlain').add(rows)
    const wheres = [
      { g: 'a', v: _.gt(5).and(_.lt(3)) },
      { g: 'a', v: _.gt(3).and(_.lt(5)) },
      { g: 'a', v: _.gte(4) },
      { g: 'a', v: _.lt('y') },
      { g: _.in(['a', 'b']), v: _.lte(4) },
    ]
    for (const where of wheres) {
      const want = ids(await db.collection('taggedPlain').where(where).orderBy('_id', 'asc').get())
      const before = stats().fullScans
      expect(ids(await db.collection('tagged').where(where).orderBy('_id', 'asc').get())).toEqual(want)
      expect((await db.collection('tagged').where(where).count()).total).toBe(want.length)
      expect(stats().fullScans).toBe(before)
    }
  })
})

describe('cursor paging', () => {
  test('a deep page costs the page, not its position', async () => {
    const n = 5000
    const key = (i: number) => `k${String(i).padStart(5, '0')}`
    const rows = Array.from({ length: n }, (_, i) => ({ _id: `p${i}`, feed: i % 5 !== 0, key: key(i) }))
    await db.collection('deep').add(rows)
    const c = db.collection('deep')
    const before = stats()
    // Newest first, continuing below a cursor near the bottom of the index.
    const page = ids(await c.where({ feed: true, key: _.lt(key(20)) }).orderBy('key', 'desc').limit(10).get())
    expect(page).toEqual(['p19', 'p18', 'p17', 'p16', 'p14', 'p13', 'p12', 'p11', 'p9', 'p8'])
    // Oldest first, continuing above a cursor near the top.
    const up = ids(await c.where({ feed: true, key: _.gt(key(n - 20)) }).orderBy('key', 'asc').limit(5).get())
    expect(up).toEqual(['p4981', 'p4982', 'p4983', 'p4984', 'p4986'])
    expect(stats().examined - before.examined).toBe(15)
    // A count over a range reads the range only.
    const mid = stats()
    const { total } = await c.where({ feed: true, key: _.gte(key(2500)).and(_.lt(key(2600))) }).count()
    expect(total).toBe(80)
    expect(stats().examined - mid.examined).toBe(80)
    expect(stats().fullScans).toBe(before.fullScans)
  })
})

describe('a multikey index pinned by one value', () => {
  test('walks in the order of its next key: a newest-first page of a common word reads the page, not every match', async () => {
    const n = 3000
    const id = (i: number) => `w${String(i).padStart(5, '0')}`
    // Every document holds 'common'; every tenth also 'rare'; arrays in a different order each time.
    const rows = Array.from({ length: n }, (_, i) => ({ _id: id(i), grams: i % 10 === 0 ? ['rare', 'common', `x${i % 7}`] : [`x${i % 7}`, 'common'], odd: i % 2 === 1 }))
    for (let i = 0; i < n; i += 1000) await db.collection('grams').add(rows.slice(i, i + 1000))
    const c = db.collection('grams')
    const before = stats()
    expect(ids(await c.where({ grams: 'common' }).orderBy('_id', 'desc').limit(3).get())).toEqual([id(2999), id(2998), id(2997)])
    expect(stats().examined - before.examined).toBe(3)
    // Below a cursor, with a filter checked on each entry walked.
    const mid = stats()
    expect(ids(await c.where({ grams: 'common', odd: true, _id: _.lt(id(100)) }).orderBy('_id', 'desc').limit(2).get())).toEqual([id(99), id(97)])
    expect(stats().examined - mid.examined).toBe(3)
    // Two values of the array field are not one order: still answered right (collected, then sorted). 2999 and 2992
    // hold x3 (i % 7 = 3); 2990 is the newest 'rare'.
    expect(ids(await c.where({ grams: _.in(['rare', 'x3']) }).orderBy('_id', 'desc').limit(2).get())).toEqual([id(2999), id(2992)])
    expect(ids(await c.where({ $and: [{ grams: 'rare' }, { grams: 'common' }] }).orderBy('_id', 'asc').limit(2).get())).toEqual([id(0), id(10)])
    expect(stats().fullScans).toBe(before.fullScans)
  })
})
