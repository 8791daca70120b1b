// Acknowledged writes of the local CloudBase database survive a restart and a kill -9.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { emulatorPaths, startHarness, sdkEnv } from './db-harness'

const root = resolve(__dirname, '../..')
const indexes = { notes: [{ name: 'owner_at', keys: { owner: 1 as const, at: -1 as const } }] }
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sanwei-dbdur-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function sdkDatabase(url: string) {
  sdkEnv(url)
  return tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
}

test('documents, updates, removes and indexes come back after a clean restart', async () => {
  const first = await startHarness(dir, indexes)
  let db = sdkDatabase(first.url)
  await db.collection('notes').add([
    { _id: 'n1', owner: 'o1', at: new Date('2024-01-01T00:00:00Z'), text: '第一条' },
    { _id: 'n2', owner: 'o1', at: new Date('2024-01-02T00:00:00Z'), text: '第二条', big: 2 ** 40 },
    { _id: 'n3', owner: 'o2', at: new Date('2024-01-03T00:00:00Z'), text: '删除' },
  ])
  await db.collection('notes').doc('n1').update({ text: '改过', tags: db.command.push(['x']) })
  await db.collection('notes').doc('n3').remove()
  await db.createCollection('empty')
  await db.runTransaction(async (t: any) => {
    await t.collection('notes').doc('n4').set({ owner: 'o1', at: new Date('2024-01-04T00:00:00Z') })
  })
  await first.stop()

  const second = await startHarness(dir, indexes)
  db = sdkDatabase(second.url)
  const scansBefore = second.db.stats().fullScans
  const { data } = await db.collection('notes').where({ owner: 'o1' }).orderBy('at', 'desc').get()
  expect(data.map((d: { _id: string }) => d._id)).toEqual(['n4', 'n2', 'n1'])
  expect(data[2]).toMatchObject({ text: '改过', tags: ['x'] })
  expect(data[1].big).toBe(2 ** 40)
  expect(data[1].at).toEqual(new Date('2024-01-02T00:00:00Z'))
  expect(second.db.stats().fullScans).toBe(scansBefore)
  expect((await db.collection('notes').doc('n3').get()).data).toEqual([])
  expect((await db.collection('empty').count()).total).toBe(0)
  await second.stop()
})

test('a lone surrogate is refused at write time; well-formed text reads back exactly, after a restart too', async () => {
  const first = await startHarness(dir, indexes)
  let db = sdkDatabase(first.url)
  const exact = '建议👍\u{20000}e\u0301 \u0000末'
  await db.collection('notes').doc('ok').set({ owner: 'o1', text: exact, tags: [exact] })
  const refused = (p: Promise<unknown>) => p.then(() => 'stored', (e: { code?: string; message?: string }) => `${e.code}: ${/well-formed/.test(e.message ?? '') ? 'names it' : e.message}`)
  expect(await refused(db.collection('notes').add({ owner: 'o1', text: '张\uD83D' }))).toBe('INVALID_PARAM: names it')
  expect(await refused(db.collection('notes').doc('ok').update({ tags: db.command.push(['\uDC00尾']) }))).toBe('INVALID_PARAM: names it')
  expect(await refused(db.collection('notes').doc('n9').set({ nested: { ['\uD800key']: 1 } }))).toBe('INVALID_PARAM: names it')
  expect(await refused(db.runTransaction(async (t: any) => {
    await t.collection('notes').doc('n8').set({ owner: 'o1', text: 'a\uD83Db' })
  }))).toBe('INVALID_PARAM: names it')
  await first.stop()

  const second = await startHarness(dir, indexes)
  db = sdkDatabase(second.url)
  const { data } = await db.collection('notes').where({ owner: 'o1' }).limit(10).get()
  // Only what was acknowledged, exactly as it was written.
  expect(data).toEqual([{ _id: 'ok', owner: 'o1', text: exact, tags: [exact] }])
  await second.stop()
})

/** The emulator's own CLI in a child process, so that it can be killed with SIGKILL. */
function startChild(testDir: string): Promise<{ child: ChildProcess; url: string }> {
  const { dataDir, functionsDir } = emulatorPaths(testDir)
  mkdirSync(functionsDir, { recursive: true })
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'emulator/cli.ts'), '--port', '0', '--data', dataDir, '--functions', functionsDir, '--quiet'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolveUrl, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
      if (match) resolveUrl({ child, url: match[0] })
    })
    child.on('exit', (code) => reject(new Error(`harness exited early with ${code}`)))
  })
}

test('acknowledged writes survive kill -9 of the server', async () => {
  const { child, url } = await startChild(dir)
  const db = sdkDatabase(url)
  await db.createCollection('notes')
  const ids: string[] = (await db.collection('notes').add(Array.from({ length: 50 }, (_, i) => ({ i })))).ids ?? []
  expect(ids).toHaveLength(50)
  await db.collection('notes').where({ i: db.command.lt(10) }).update({ small: true })
  await db.runTransaction(async (t: any) => {
    await t.collection('notes').doc(ids[49]).update({ i: 4900 })
  })
  const last = (await db.collection('notes').add({ i: 'last' })) as { id: string }
  const exited = new Promise((r) => child.on('exit', r))
  child.kill('SIGKILL')
  await exited

  const after = await startHarness(dir)
  const db2 = sdkDatabase(after.url)
  expect((await db2.collection('notes').count()).total).toBe(51)
  expect((await db2.collection('notes').where({ small: true }).count()).total).toBe(10)
  expect((await db2.collection('notes').doc(ids[49]).get()).data[0].i).toBe(4900)
  expect((await db2.collection('notes').doc(last.id).get()).data[0].i).toBe('last')
  await after.stop()
}, 30_000)
