// The local CloudBase database, driven through the real @cloudbase/node-sdk over HTTP.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { startHarness, sdkEnv, type Harness } from './db-harness'

// The index cross-checks run hundreds of queries: on a loaded 2-core machine they pass the 5 s default.
jest.setTimeout(60_000)

let harness: Harness
let dir: string
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

async function post(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${harness.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanwei-db-'))
  harness = await startHarness(dir, {
    orders: [{ name: 'status_n', keys: { status: 1, n: -1 } }],
    suggestions: [
      { name: 'town_status_createdAt', keys: { townId: 1, status: 1, createdAt: -1 } },
      { name: 'code_unique', keys: { code: 1 }, unique: true },
    ],
    posts: [{ name: 'tags_at', keys: { tags: 1, at: -1 } }],
    items: [{ name: 'g_status_at', keys: { g: 1, status: 1, at: -1 } }],
  })
  sdkEnv(harness.url)
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  db = app.database()
})

afterAll(async () => {
  await harness.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('documents through the SDK', () => {
  test('add answers a 32-hex id and get returns the document with its types', async () => {
    const at = new Date('2024-01-02T00:00:00Z')
    const { id } = await db.collection('orders').add({ status: 'open', n: 5, price: 1.5, tags: [], createdAt: at, meta: { by: 'a' } })
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    const { data } = await db.collection('orders').doc(id).get()
    expect(data).toEqual([{ _id: id, status: 'open', n: 5, price: 1.5, tags: [], createdAt: at, meta: { by: 'a' } }])
    expect(data[0].createdAt).toBeInstanceOf(Date)
  })

  test('add of several documents answers every id; an explicit _id is kept and a duplicate is refused', async () => {
    const { ids } = await db.collection('orders').add([{ status: 'x', n: 1 }, { _id: 'order-fixed', status: 'x', n: 2 }])
    expect(ids).toHaveLength(2)
    expect(ids[1]).toBe('order-fixed')
    await expect(db.collection('orders').add({ _id: 'order-fixed', status: 'y' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('duplicate key') })
    const { total } = await db.collection('orders').where({ status: 'y' }).count()
    expect(total).toBe(0)
  })

  test('serverDate becomes the server clock in inserts and updates', async () => {
    const before = Date.now()
    const { id } = await db.collection('orders').add({ status: 'dated', at: db.serverDate(), later: db.serverDate({ offset: 60_000 }) })
    const { data } = await db.collection('orders').doc(id).get()
    expect(data[0].at).toBeInstanceOf(Date)
    expect(data[0].at.getTime()).toBeGreaterThanOrEqual(before)
    expect(data[0].later.getTime() - data[0].at.getTime()).toBe(60_000)
    await db.collection('orders').doc(id).update({ touched: db.serverDate() })
    const after = (await db.collection('orders').doc(id).get()).data[0]
    expect(after.touched).toBeInstanceOf(Date)
  })

  test('where with order, offset, limit and projection pages through results', async () => {
    const c = db.collection('pages')
    await db.createCollection('pages')
    await c.add(Array.from({ length: 25 }, (_, i) => ({ i, group: i % 2 === 0 ? 'even' : 'odd', secret: 's' })))
    const page1 = await c.where({ group: 'even' }).orderBy('i', 'desc').limit(5).field({ i: true }).get()
    expect(page1.data.map((d: { i: number }) => d.i)).toEqual([24, 22, 20, 18, 16])
    expect(Object.keys(page1.data[0]).sort()).toEqual(['_id', 'i'])
    const page2 = await c.where({ group: 'even' }).orderBy('i', 'desc').skip(5).limit(5).get()
    expect(page2.data.map((d: { i: number }) => d.i)).toEqual([14, 12, 10, 8, 6])
    const excluded = await c.where({ i: 3 }).field({ secret: false }).get()
    expect(excluded.data[0]).not.toHaveProperty('secret')
    expect(excluded.data[0].i).toBe(3)
    const all = await c.get()
    expect(all.data).toHaveLength(25)
    const byTwoKeys = await c.orderBy('group', 'asc').orderBy('i', 'asc').limit(3).get()
    expect(byTwoKeys.data.map((d: { i: number }) => d.i)).toEqual([0, 2, 4])
  })

  test('field() projections as MongoDB answers them: nested paths, missing parts, scalars and arrays on the way, _id', async () => {
    await db.createCollection('shapes')
    const c = db.collection('shapes')
    const at = new Date('2026-03-01T00:00:00Z')
    await c.add([
      { _id: 's1', title: 'a', fig: { at: 'x|1', k: 'rc', deep: { y: 1, z: 2 } }, when: at, tags: ['p', 'q'], list: [{ b: 1, c: 1 }, { c: 2 }, 3] },
      { _id: 's2', title: 'b', fig: { k: 'r' } },
      { _id: 's3', title: 'c', fig: 'scalar' },
      { _id: 's4' },
    ])
    const get = async (field: Record<string, boolean>) => (await c.where({ _id: db.command.in(['s1', 's2', 's3', 's4']) }).orderBy('_id', 'asc').field(field).get()).data
    expect(await get({ title: true, 'fig.at': true, 'fig.deep.z': true })).toEqual([
      { _id: 's1', title: 'a', fig: { at: 'x|1', deep: { z: 2 } } },
      // The parent is there without the child: an empty sub-document; a scalar parent: left out.
      { _id: 's2', title: 'b', fig: {} },
      { _id: 's3', title: 'c' },
      { _id: 's4' },
    ])
    // Whole values (a date, an array) as they are; a path through an array projects each element that is a document.
    const [s1] = await get({ when: true, tags: true, 'list.b': true })
    expect(s1).toEqual({ _id: 's1', when: at, tags: ['p', 'q'], list: [{ b: 1 }, {}] })
    expect(s1.when).toBeInstanceOf(Date)
    expect((await get({ _id: false, title: true }))[0]).toEqual({ title: 'a' })
  })

  test('query commands: comparisons, in, and/or, exists, nested paths, regex', async () => {
    const _ = db.command
    await db.createCollection('people')
    const c = db.collection('people')
    await c.add([
      { name: 'Alice', age: 30, city: { name: '城关镇' }, tags: ['a', 'b'] },
      { name: 'bob', age: 21, city: { name: '北关镇' } },
      { name: 'Carol', age: 25, tags: ['b'] },
    ])
    const names = async (q: unknown): Promise<string[]> => (await c.where(q).orderBy('name', 'asc').get()).data.map((d: { name: string }) => d.name)
    expect(await names({ age: _.gte(25) })).toEqual(['Alice', 'Carol'])
    expect(await names({ age: _.gt(20).and(_.lt(26)) })).toEqual(['Carol', 'bob'])
    expect(await names({ name: _.in(['bob', 'Carol']) })).toEqual(['Carol', 'bob'])
    expect(await names(_.or([{ age: 21 }, { tags: 'a' }]))).toEqual(['Alice', 'bob'])
    expect(await names({ city: { name: '城关镇' } })).toEqual(['Alice'])
    expect(await names({ tags: _.exists(false) })).toEqual(['bob'])
    expect(await names({ name: db.RegExp({ regexp: '^b', options: 'i' }) })).toEqual(['bob'])
    expect(await names({ name: /^[AC]/ })).toEqual(['Alice', 'Carol'])
    expect(await names({ age: _.neq(21), tags: _.all(['b']) })).toEqual(['Alice', 'Carol'])
  })

  test('count counts what the query matches', async () => {
    const { total } = await db.collection('people').where({ age: db.command.lt(30) }).count()
    expect(total).toBe(2)
  })

  test('update operators the SDK emits', async () => {
    const _ = db.command
    const c = db.collection('orders')
    const { id } = await c.add({ status: 'ops', n: 10, m: 3, lo: 5, hi: 5, old: 'x', gone: 1, arr: [3, 1], stack: [1, 2, 3], bag: [1, 2, 2, 3], set: ['a'], flags: 5 })
    const res = await c.doc(id).update({
      n: _.inc(2),
      m: _.mul(4),
      lo: _.min(1),
      hi: _.max(9),
      old: _.rename('renamed'),
      gone: _.remove(),
      arr: _.push({ each: [9, 0], position: 0, sort: 1, slice: 3 }),
      stack: _.pop(),
      bag: _.pull(2),
      set: _.addToSet('b'),
      flags: _.bit({ or: 2 }),
      'nested.deep': 'v',
    })
    expect(res.updated).toBe(1)
    const doc = (await c.doc(id).get()).data[0]
    expect(doc).toMatchObject({ n: 12, m: 12, lo: 1, hi: 9, renamed: 'x', arr: [0, 1, 3], stack: [1, 2], bag: [1, 3], set: ['a', 'b'], flags: 7, nested: { deep: 'v' } })
    expect(doc).not.toHaveProperty('gone')
    expect(doc).not.toHaveProperty('old')
    await c.doc(id).update({ stack: _.shift(), bag: _.pullAll([1, 3]), arr: _.unshift([7]), set: _.addToSet({ $each: ['a', 'c'] }) })
    const doc2 = (await c.doc(id).get()).data[0]
    expect(doc2).toMatchObject({ stack: [2], bag: [], arr: [7, 0, 1, 3], set: ['a', 'b', 'c'] })
    await c.doc(id).update({ meta: _.set({ a: 1 }) })
    await c.doc(id).update({ meta: _.set({ b: 2 }) })
    expect((await c.doc(id).get()).data[0].meta).toEqual({ b: 2 })
  })

  test('where().update changes every match; options multiple:false and no-op updates count what changed', async () => {
    const c = db.collection('people')
    const r = await c.where({ age: db.command.lt(30) }).update({ young: true })
    expect(r.updated).toBe(2)
    const again = await c.where({ age: db.command.lt(30) }).update({ young: true })
    expect(again.updated).toBe(0)
    expect((await c.where({ young: true }).count()).total).toBe(2)
  })

  test('doc().set replaces or upserts', async () => {
    const c = db.collection('orders')
    const created = await c.doc('set-me').set({ a: 1, b: 2 })
    expect(created).toMatchObject({ updated: 0, upsertedId: 'set-me' })
    const replaced = await c.doc('set-me').set({ c: 3 })
    expect(replaced.updated).toBe(1)
    expect((await c.doc('set-me').get()).data).toEqual([{ _id: 'set-me', c: 3 }])
  })

  test('doc().update of a missing document updates nothing; remove answers deleted', async () => {
    const c = db.collection('orders')
    expect((await c.doc('nope').update({ a: 1 })).updated).toBe(0)
    expect((await c.doc('nope').get()).data).toEqual([])
    expect((await c.doc('set-me').remove()).deleted).toBe(1)
    expect((await c.doc('set-me').remove()).deleted).toBe(0)
    await c.add([{ status: 'bulk' }, { status: 'bulk' }, { status: 'bulk' }])
    expect((await c.where({ status: 'bulk' }).remove()).deleted).toBe(3)
    expect((await c.where({ status: 'bulk' }).count()).total).toBe(0)
  })

  test('updateAndReturn answers the updated document', async () => {
    const c = db.collection('orders')
    await c.add({ status: 'uar', n: 1 })
    const r = await c.where({ status: 'uar' }).updateAndReturn({ n: db.command.inc(5) })
    expect(r.updated).toBe(1)
    expect(r.doc).toMatchObject({ status: 'uar', n: 6 })
    const none = await c.where({ status: 'no-such' }).updateAndReturn({ n: 1 })
    expect(none.updated).toBe(0)
  })

  test('aggregate: $match, $group, $sort, $project, $lookup', async () => {
    await db.createCollection('towns')
    await db.createCollection('sugs')
    await db.collection('towns').add([{ _id: 't1', name: '城关镇' }, { _id: 't2', name: '北关镇' }])
    await db.collection('sugs').add([
      { townId: 't1', status: 'open', votes: 3 },
      { townId: 't1', status: 'open', votes: 4 },
      { townId: 't2', status: 'open', votes: 10 },
      { townId: 't2', status: 'closed', votes: 1 },
    ])
    const $ = db.command.aggregate
    const grouped = await db.collection('sugs').aggregate()
      .match({ status: 'open' })
      .group({ _id: '$townId', total: $.sum('$votes'), count: $.sum(1) })
      .sort({ total: -1 })
      .end()
    expect(grouped.data).toEqual([{ _id: 't2', total: 10, count: 1 }, { _id: 't1', total: 7, count: 2 }])
    const joined = await db.collection('sugs').aggregate()
      .match({ status: 'closed' })
      .lookup({ from: 'towns', localField: 'townId', foreignField: '_id', as: 'town' })
      .project({ _id: 0, votes: 1, townName: $.arrayElemAt(['$town.name', 0]) })
      .end()
    expect(joined.data).toEqual([{ votes: 1, townName: '北关镇' }])
  })

  test('createCollection twice is refused; a missing collection answers DATABASE_COLLECTION_NOT_EXIST', async () => {
    await expect(db.createCollection('towns')).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_ALREADY_EXIST' })
    await expect(db.collection('missing').get()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(db.collection('missing').add({ a: 1 })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
    await expect(db.collection('missing').where({ a: 1 }).count()).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
  })

  test('unique index refuses a duplicate key', async () => {
    const c = db.collection('suggestions')
    await c.add({ code: 'S-1', townId: 't1' })
    await expect(c.add({ code: 'S-1', townId: 't2' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('code_unique') })
    const { id } = await c.add({ code: 'S-2', townId: 't1' })
    await expect(c.doc(id).update({ code: 'S-1' })).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' })
    expect((await c.doc(id).get()).data[0].code).toBe('S-2')
  })
})

describe('indexes', () => {
  test('a query on an index prefix, or by _id, is not a full scan; other queries are, and are listed', async () => {
    const c = db.collection('suggestions')
    const docs = Array.from({ length: 30 }, (_, i) => ({
      code: `I-${i}`,
      townId: i % 3 === 0 ? 'tA' : 'tB',
      status: i % 2 === 0 ? 'open' : 'done',
      createdAt: new Date(Date.UTC(2024, 0, 1 + i)),
    }))
    await c.add(docs)
    const before = harness.db.stats().fullScans
    const byIndex = await c.where({ townId: 'tA', status: 'open' }).orderBy('createdAt', 'desc').limit(3).get()
    expect(byIndex.data.map((d: { code: string }) => d.code)).toEqual(['I-24', 'I-18', 'I-12'])
    const asc = await c.where({ townId: 'tA', status: 'open' }).orderBy('createdAt', 'asc').limit(2).get()
    expect(asc.data.map((d: { code: string }) => d.code)).toEqual(['I-0', 'I-6'])
    await c.where({ townId: db.command.in(['tA', 'tB']) }).count()
    await c.where({ code: 'I-3' }).get()
    await c.doc(byIndex.data[0]._id).get()
    expect(harness.db.stats().fullScans).toBe(before)
    const scanned = await c.where({ status: 'open' }).orderBy('createdAt', 'desc').limit(2).get()
    expect(scanned.data.map((d: { code: string }) => d.code)).toEqual(['I-28', 'I-26'])
    const stats = harness.db.stats()
    expect(stats.fullScans).toBe(before + 1)
    expect(stats.recentFullScans.at(-1)).toMatchObject({ collection: 'suggestions', query: '{"status":"<string>"}' })
  })

  test('an index over an array field finds documents by any element, once each', async () => {
    const c = db.collection('posts')
    await c.add([
      { _id: 'p1', tags: ['a', 'b'], at: 1 },
      { _id: 'p2', tags: ['b', 'b', 'c'], at: 2 },
      { _id: 'p3', tags: 'b', at: 3 },
      { _id: 'p4', at: 4 },
    ])
    const before = harness.db.stats().fullScans
    const ids = async (q: unknown): Promise<string[]> => (await c.where(q).orderBy('at', 'desc').get()).data.map((d: { _id: string }) => d._id)
    expect(await ids({ tags: 'b' })).toEqual(['p3', 'p2', 'p1'])
    expect(await ids({ tags: 'a' })).toEqual(['p1'])
    expect(await ids({ tags: db.command.in(['a', 'c']) })).toEqual(['p2', 'p1'])
    expect(await ids({ tags: null })).toEqual(['p4'])
    expect(harness.db.stats().fullScans).toBe(before)
    await c.doc('p2').update({ tags: db.command.pull('b') })
    expect(await ids({ tags: 'b' })).toEqual(['p3', 'p1'])
  })

  test('indexed answers equal a plain filter and sort over all documents, through inserts, updates and removes', async () => {
    await db.createCollection('items').catch(() => undefined)
    const c = db.collection('items')
    let seed = 7
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const make = (i: number) => ({ _id: `it${i}`, g: `g${rnd(3)}`, status: ['a', 'b'][rnd(2)], at: rnd(50), n: i })
    // small batches go through the one-by-one index path, a big one through the bulk merge
    for (let b = 0; b < 40; b++) await c.add(Array.from({ length: 15 }, (_, j) => make(b * 15 + j)))
    await c.add(Array.from({ length: 200 }, (_, j) => make(600 + j)))
    await c.where({ n: db.command.lt(100) }).update({ status: 'b' })
    await c.where({ n: db.command.gte(700) }).remove()
    for (let i = 0; i < 20; i++) await c.doc(`it${i * 13}`).update({ at: rnd(50) })
    const all = (await c.limit(1000).get()).data as Array<{ _id: string; g: string; status: string; at: number }>
    expect(all).toHaveLength(700)
    const before = harness.db.stats().fullScans
    for (const g of ['g0', 'g1', 'g2']) {
      for (const status of ['a', 'b']) {
        for (const dir of ['desc', 'asc'] as const) {
          const got = (await c.where({ g, status }).orderBy('at', dir).limit(1000).get()).data.map((d: { at: number }) => d.at)
          const want = all.filter((d) => d.g === g && d.status === status).map((d) => d.at).sort((x, y) => (dir === 'asc' ? x - y : y - x))
          expect(got).toEqual(want)
          const page = (await c.where({ g, status }).orderBy('at', dir).skip(3).limit(5).get()).data.map((d: { at: number }) => d.at)
          expect(page).toEqual(want.slice(3, 8))
        }
      }
    }
    expect(harness.db.stats().fullScans).toBe(before)
  })

  test('index results stay right after updates and removes', async () => {
    const c = db.collection('suggestions')
    await c.where({ townId: 'tA', status: 'open' }).update({ status: 'done' })
    expect((await c.where({ townId: 'tA', status: 'open' }).count()).total).toBe(0)
    expect((await c.where({ townId: 'tA', status: 'done' }).count()).total).toBe(10)
    await c.where({ townId: 'tA' }).remove()
    expect((await c.where({ townId: 'tA', status: 'done' }).count()).total).toBe(0)
  })
})

describe('bad input gets an error answer and the server keeps serving', () => {
  test('malformed EJSON, bad fields, unknown operators, limit over 1000', async () => {
    const base = { collectionName: 'orders', queryType: 'WHERE' }
    expect(await post({ action: 'database.getDocument', ...base, query: '{bad' })).toMatchObject({ code: 'INVALID_PARAM', requestId: expect.any(String) })
    expect(await post({ action: 'database.getDocument', ...base, query: '[1,2]' })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.getDocument', ...base, limit: 1001 })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.getDocument', ...base, limit: -1 })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.getDocument', ...base, order: '{"n":2}' })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.getDocument', queryType: 'WHERE' })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.getDocument', ...base, query: '{"n":{"$foo":1}}' })).toMatchObject({ code: 'DATABASE_INVALID_OPERRATOR' })
    expect(await post({ action: 'database.insertDocument', collectionName: 'orders', data: ['{"a":'] })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.insertDocument', collectionName: 'orders', data: [] })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.insertDocument', collectionName: 'orders', data: ['{"_id":{"a":1}}'] })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(
      await post({ action: 'database.modifyDocument', ...base, query: '{}', data: '{"$frobnicate":{"a":1}}', multi: true, merge: true, upsert: false }),
    ).toMatchObject({ code: 'DATABASE_INVALID_OPERRATOR' })
    expect(
      await post({ action: 'database.modifyDocument', collectionName: 'orders', queryType: 'DOC', query: '{"_id":"order-fixed"}', data: '{"$set":{"_id":"other"}}', merge: true }),
    ).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.modifyDocument', collectionName: 'orders', queryType: 'DOC', query: '{}', data: '{}' })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.aggregateDocuments', collectionName: 'orders', stages: [{ stageKey: '$nope', stageValue: '{}' }] })).toMatchObject({
      code: expect.stringMatching(/INVALID_PARAM|DATABASE_INVALID_OPERRATOR/),
    })
    expect(await post({ action: 'database.aggregateDocuments', collectionName: 'orders', stages: 'x' })).toMatchObject({ code: 'INVALID_PARAM' })
    expect(await post({ action: 'database.frobnicate' })).toMatchObject({ code: 'INVALID_PARAM' })
    // a document the store cannot hold is refused before anything changes
    expect(await post({ action: 'database.insertDocument', collectionName: 'orders', data: ['{"_id":"nul-key","a\\u0000b":1}'] })).toMatchObject({ code: 'INVALID_PARAM' })
    expect((await post({ action: 'database.getDocument', ...base, query: '{"_id":"nul-key"}' })).data).toEqual({ list: [] })
    expect(await post({ action: 'database.commitTransaction', transactionId: 'tx_nope' })).toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    // still serving
    const ok = await post({ action: 'database.getDocument', ...base, query: '{"_id":"order-fixed"}', limit: 1 })
    expect((ok.data as { list: string[] }).list).toHaveLength(1)
  })

  test('answers are canonical EJSON strings', async () => {
    const res = await post({ action: 'database.getDocument', collectionName: 'orders', queryType: 'DOC', query: '{"_id":"order-fixed"}' })
    const list = (res.data as { list: unknown[] }).list
    expect(typeof list[0]).toBe('string')
    expect(list[0]).toContain('"n":{"$numberInt":"2"}')
  })
})
