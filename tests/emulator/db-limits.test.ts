// A query that forgets its limit gets what CloudBase would give it, so the forgetting shows in a test and not in production.
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
  dir = mkdtempSync(join(tmpdir(), 'sanwei-limits-'))
  // No option given: the local CloudBase's defaults are CloudBase's.
  harness = await startHarness(dir, { rows: [{ name: 'g_n', keys: { g: 1, n: 1 } }] })
  sdkEnv(harness.url)
  db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
  const rows = Array.from({ length: 1205 }, (_, n) => ({ _id: `r${String(n).padStart(5, '0')}`, g: n % 50 === 0 ? 'few' : 'many', n }))
  for (let i = 0; i < rows.length; i += 500) await db.collection('rows').add(rows.slice(i, i + 500))
})

afterAll(async () => {
  await harness.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('a get() without limit answers 100 records, as a server SDK does in CloudBase', async () => {
  const { data } = await db.collection('rows').where({ g: 'many' }).orderBy('n', 'asc').get()
  expect(data).toHaveLength(100)
  expect(data[99].n).toBe(102) // 0, 50 and 100 are in group "few"
})

test('a limit past 1000 gets 1000 through the SDK, and is refused on the wire', async () => {
  const { data } = await db.collection('rows').where({ g: 'many' }).orderBy('n', 'asc').limit(5000).get()
  expect(data).toHaveLength(1000)
  const res = await fetch(`${harness.url}/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'database.getDocument', collectionName: 'rows', queryType: 'WHERE', limit: 1001 }),
  })
  expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM', message: 'limit must be at most 1000' })
})

test('an aggregation without $limit answers 20 groups by default; with one it answers what it asked for', async () => {
  const $ = db.command.aggregate
  const grouped = await db.collection('rows').aggregate().match({ g: 'many' }).group({ _id: '$n', k: $.sum(1) }).end()
  expect(grouped.data).toHaveLength(20)
  const limited = await db.collection('rows').aggregate().match({ g: 'many' }).group({ _id: '$n', k: $.sum(1) }).limit(500).end()
  expect(limited.data).toHaveLength(500)
})

test('the aggregation cap is an option: null answers every group', async () => {
  const otherDir = mkdtempSync(join(tmpdir(), 'sanwei-limits-'))
  const other = await startHarness(otherDir, { rows: [] }, { aggregateDefaultLimit: null })
  try {
    const res = await fetch(`${other.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.insertDocument', collectionName: 'rows', data: Array.from({ length: 30 }, (_, n) => JSON.stringify({ n })) }),
    })
    expect(((await res.json()) as { code?: string }).code).toBeUndefined()
    const answer = await fetch(`${other.url}/admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.aggregateDocuments', collectionName: 'rows', stages: [{ stageKey: '$match', stageValue: '{}' }] }),
    })
    expect(((await answer.json()) as { data: { list: unknown[] } }).data.list).toHaveLength(30)
  } finally {
    await other.stop()
    rmSync(otherDir, { recursive: true, force: true })
  }
})
