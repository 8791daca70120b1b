// Transactions of the local CloudBase database, through the real @cloudbase/node-sdk.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { startHarness, sdkEnv, type Harness } from './db-harness'

let harness: Harness
let dir: string
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanwei-dbtx-'))
  harness = await startHarness(dir, { counters: [], ledger: [], accounts: [] })
  sdkEnv(harness.url)
  db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
})

afterAll(async () => {
  await harness.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function valueOf(id: string): Promise<number | undefined> {
  return (await db.collection('counters').doc(id).get()).data[0]?.n
}

test('runTransaction commits reads, updates and inserts together', async () => {
  await db.collection('counters').doc('c-commit').set({ n: 1 })
  const result = await db.runTransaction(async (t: any) => {
    const { data } = await t.collection('counters').doc('c-commit').get()
    expect(data).toEqual({ _id: 'c-commit', n: 1 })
    await t.collection('counters').doc('c-commit').update({ n: db.command.inc(10) })
    const added = await t.collection('ledger').add({ counter: 'c-commit', delta: 10 })
    expect(added).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{32}$/), inserted: 1, ok: 1 })
    return data.n
  })
  expect(result).toBe(1)
  expect(await valueOf('c-commit')).toBe(11)
  expect((await db.collection('ledger').where({ counter: 'c-commit' }).count()).total).toBe(1)
  expect(harness.db.stats().openTransactions).toBe(0)
})

test('writes stay invisible outside until commit; inside, the transaction reads its own writes', async () => {
  await db.collection('counters').doc('c-iso').set({ n: 1 })
  const t = await db.startTransaction()
  await t.collection('counters').doc('c-iso').update({ n: 2 })
  await t.collection('counters').doc('c-iso-new').set({ n: 5 })
  expect((await t.collection('counters').doc('c-iso').get()).data.n).toBe(2)
  expect((await t.collection('counters').where({ n: 5 }).get()).data).toEqual([{ _id: 'c-iso-new', n: 5 }])
  expect(await valueOf('c-iso')).toBe(1)
  expect(await valueOf('c-iso-new')).toBeUndefined()
  await t.commit()
  expect(await valueOf('c-iso')).toBe(2)
  expect(await valueOf('c-iso-new')).toBe(5)
})

test('a transaction reads the snapshot of its first read even after outside commits', async () => {
  await db.collection('counters').doc('c-snap').set({ n: 1 })
  const t = await db.startTransaction()
  expect((await t.collection('counters').where({ _id: 'c-snap' }).get()).data[0].n).toBe(1)
  await db.collection('counters').doc('c-snap').update({ n: 100 })
  await db.collection('counters').doc('c-snap-later').set({ n: 1 })
  expect((await t.collection('counters').where({ _id: 'c-snap' }).get()).data[0].n).toBe(1)
  expect((await t.collection('counters').where({ _id: 'c-snap-later' }).get()).data).toEqual([])
  await t.rollback()
  expect(await valueOf('c-snap')).toBe(100)
})

test('rollback discards everything; an error in runTransaction rolls back and is rethrown', async () => {
  await db.collection('counters').doc('c-abort').set({ n: 1 })
  const t = await db.startTransaction()
  await t.collection('counters').doc('c-abort').update({ n: 50 })
  await t.collection('ledger').add({ counter: 'c-abort' })
  await t.collection('counters').doc('c-abort-2').set({ n: 1 })
  await t.rollback()
  expect(await valueOf('c-abort')).toBe(1)
  expect(await valueOf('c-abort-2')).toBeUndefined()
  expect((await db.collection('ledger').where({ counter: 'c-abort' }).count()).total).toBe(0)

  await expect(
    db.runTransaction(async (tx: any) => {
      await tx.collection('counters').doc('c-abort').update({ n: 99 })
      throw new Error('changed my mind')
    }),
  ).rejects.toThrow('changed my mind')
  expect(await valueOf('c-abort')).toBe(1)
  expect(harness.db.stats().openTransactions).toBe(0)
})

test('remove inside a transaction applies on commit', async () => {
  await db.collection('counters').doc('c-rm').set({ n: 1 })
  await db.runTransaction(async (t: any) => {
    expect((await t.collection('counters').doc('c-rm').remove()).deleted).toBe(1)
    expect((await t.collection('counters').doc('c-rm').get()).data).toBeNull()
    expect(await valueOf('c-rm')).toBe(1)
  })
  expect(await valueOf('c-rm')).toBeUndefined()
})

test('20 parallel transactions incrementing one counter lose no update', async () => {
  await db.collection('counters').doc('c-par').set({ n: 0 })
  await Promise.all(
    Array.from({ length: 20 }, () =>
      db.runTransaction(async (t: any) => {
        const { data } = await t.collection('counters').doc('c-par').get()
        await t.collection('counters').doc('c-par').update({ n: data.n + 1 })
      }),
    ),
  )
  expect(await valueOf('c-par')).toBe(20)
})

test('runTransaction re-runs the callback after a conflict and then commits', async () => {
  await db.collection('counters').doc('c-retry').set({ n: 0 })
  let attempts = 0
  await db.runTransaction(async (t: any) => {
    attempts++
    const { data } = await t.collection('counters').where({ _id: 'c-retry' }).get() // snapshot, no lock
    if (attempts === 1) await db.collection('counters').doc('c-retry').update({ n: db.command.inc(100) })
    await t.collection('counters').doc('c-retry').update({ n: data[0].n + 1 })
  })
  expect(attempts).toBe(2)
  expect(await valueOf('c-retry')).toBe(101)
})

test('two transactions writing the same document cannot both commit: the later one conflicts', async () => {
  await db.collection('counters').doc('c-conf').set({ n: 0 })
  await db.collection('counters').doc('c-other').set({ n: 0 })
  const t1 = await db.startTransaction()
  const t2 = await db.startTransaction()
  await t2.collection('counters').doc('c-other').get() // t2's snapshot starts here
  await t1.collection('counters').doc('c-conf').update({ n: 1 })
  const t2Write = t2.collection('counters').doc('c-conf').update({ n: 2 }) // waits for t1
  await t1.commit()
  await expect(t2Write).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(await valueOf('c-conf')).toBe(1)
})

test('a write outside a transaction to a document it holds makes the transaction conflict', async () => {
  await db.collection('counters').doc('c-out').set({ n: 0 })
  const t = await db.startTransaction()
  await t.collection('counters').doc('c-out').update({ n: 1 })
  await db.collection('counters').doc('c-out').update({ n: 7 })
  await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(await valueOf('c-out')).toBe(7)
})

test('a deadlock between two transactions is broken by a conflict, the other one commits', async () => {
  await db.collection('counters').doc('c-a').set({ n: 0 })
  await db.collection('counters').doc('c-b').set({ n: 0 })
  const t1 = await db.startTransaction()
  const t2 = await db.startTransaction()
  await t1.collection('counters').doc('c-a').update({ n: 1 })
  await t2.collection('counters').doc('c-b').update({ n: 2 })
  const t1Waits = t1.collection('counters').doc('c-b').update({ n: 1 })
  await expect(t2.collection('counters').doc('c-a').update({ n: 2 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  await t1Waits
  await t1.commit()
  expect([await valueOf('c-a'), await valueOf('c-b')]).toEqual([1, 1])
})

test('inserting an existing _id inside a transaction is refused', async () => {
  await db.collection('counters').doc('c-dup').set({ n: 0 })
  await expect(
    db.runTransaction(async (t: any) => {
      await t.collection('counters').add({ _id: 'c-dup', n: 1 })
    }),
  ).rejects.toMatchObject({ code: 'DATABASE_REQUEST_FAILED' })
  expect(await valueOf('c-dup')).toBe(0)
})

describe('expiry', () => {
  // CloudBase keeps a transaction open for 30 s; this emulator is started with a short timeout instead.
  let short: Harness
  let shortDir: string
  beforeAll(async () => {
    shortDir = mkdtempSync(join(tmpdir(), 'sanwei-dbtx-exp-'))
    short = await startHarness(shortDir, { counters: [] }, { transactionTimeoutMs: 300 })
  })
  afterAll(async () => {
    await short.stop()
    rmSync(shortDir, { recursive: true, force: true })
    sdkEnv(harness.url)
  })

  test('a transaction left open is aborted after its timeout, and its writes are discarded', async () => {
    sdkEnv(short.url)
    const sdb = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
    await sdb.collection('counters').doc('e').set({ n: 1 })
    const t = await sdb.startTransaction()
    await t.collection('counters').doc('e').update({ n: 2 })
    // Wait for the abort itself (the open count falling to 0), not a fixed time; it must come within a few timeouts.
    const until = Date.now() + 10_000
    while (short.db.stats().openTransactions > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    expect(short.db.stats().openTransactions).toBe(0)
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    expect((await sdb.collection('counters').doc('e').get()).data[0].n).toBe(1)
  })
})
