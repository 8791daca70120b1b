// Benchmark of the local CloudBase database (`npm run bench:emulator`): 100,000 suggestion-shaped documents,
// the engine (directly and through the real SDK over HTTP) side by side with @seald-io/nedb. Prints figures, then one JSON line.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import Datastore from '@seald-io/nedb'
import { EJSON } from 'bson'
import { Database, type IndexFile } from '../emulator/db'

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000)
const root = resolve(__dirname, '..')

// ---- data ----

let seed = 20240601
function random(): number {
  // mulberry32: the same data on every run
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
const pad = (n: number): string => String(n).padStart(2, '0')

const TOWNS = Array.from({ length: 20 }, (_, i) => `town${pad(i)}`)
const STATUSES = ['submitted', 'accepted', 'assigned', 'processing', 'replied', 'closed'] as const
const HANDLERS = Array.from({ length: 200 }, (_, i) => `handler${String(i).padStart(3, '0')}`)
const HANZI = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严'
function text(length: number): string {
  let s = ''
  for (let i = 0; i < length; i++) s += HANZI[Math.floor(random() * HANZI.length)]
  return s
}

const BASE = Date.UTC(2025, 0, 1)
function suggestion(i: number): Record<string, unknown> {
  const town = pick(TOWNS)
  const createdAt = new Date(BASE + Math.floor(random() * 365 * 86400_000))
  return {
    _id: `s${String(i).padStart(7, '0')}`,
    townId: town,
    villageId: `${town}-v${pad(Math.floor(random() * 12))}`,
    status: pick(STATUSES),
    handlerId: pick(HANDLERS),
    deadline: new Date(createdAt.getTime() + 15 * 86400_000),
    createdAt,
    likes: Math.floor(random() * 1000),
    title: text(12),
    text: text(200),
  }
}

const INDEXES: IndexFile = {
  suggestions: [
    { name: 'town_status_createdAt', keys: { townId: 1, status: 1, createdAt: -1 } },
    { name: 'village_createdAt', keys: { villageId: 1, createdAt: -1 } },
    { name: 'handler_status_deadline', keys: { handlerId: 1, status: 1, deadline: 1 } },
    { name: 'status_deadline', keys: { status: 1, deadline: 1 } },
  ],
}

// ---- measuring ----

interface Summary {
  p50: number
  p99: number
  n: number
}
function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  return { p50: round(at(0.5)), p99: round(at(0.99)), n: sorted.length }
}
const round = (ms: number): number => Math.round(ms * 1000) / 1000
async function measure(n: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(20, n)): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn(i)
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn(i)
    samples.push(performance.now() - t0)
  }
  return summarize(samples)
}
const line = (label: string, s: Summary): void =>
  console.log(`${label.padEnd(48)} p50 ${s.p50.toFixed(3).padStart(8)} ms   p99 ${s.p99.toFixed(3).padStart(8)} ms   (n=${s.n})`)

function indexedQueryArgs(i: number): { townId: string; status: string } {
  return { townId: TOWNS[i % TOWNS.length], status: STATUSES[(i * 7) % STATUSES.length] }
}

// ---- start-up in a fresh process ----

const CHILD_FLAG = '--startup-child'
async function startupChild(dir: string): Promise<void> {
  const t0 = performance.now()
  const db = await Database.open({ dir, indexes: INDEXES })
  const startupMs = performance.now() - t0
  const { townId, status } = indexedQueryArgs(3)
  const res = await db.handle('database.getDocument', {
    collectionName: 'suggestions',
    queryType: 'WHERE',
    query: EJSON.stringify({ townId, status }, { relaxed: false }),
    order: EJSON.stringify({ createdAt: -1 }, { relaxed: false }),
    limit: 20,
  })
  const listed = (res.data as { list: string[] }).list.length
  const docs = db.stats().collections.suggestions
  global.gc?.()
  const rssMb = process.memoryUsage().rss / 1024 / 1024
  await db.close()
  process.stdout.write(JSON.stringify({ startupMs, rssMb, docs, listed }) + '\n')
}

function runStartupChild(dir: string): Promise<{ startupMs: number; rssMb: number; docs: number; listed: number; processMs: number }> {
  const t0 = performance.now()
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, CHILD_FLAG, dir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  return new Promise((res, rej) =>
    child.on('exit', (code) => {
      if (code !== 0) return rej(new Error(`start-up child exited with ${code}`))
      res({ ...JSON.parse(out.trim().split('\n').pop()!), processMs: performance.now() - t0 })
    }),
  )
}

// ---- main ----

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'sanwei-bench-'))
  // The emulator keeps its database in <dataDir>/db: the engine measured directly uses the same folder.
  const emulatorDir = join(work, 'emulator')
  const dbDir = join(emulatorDir, 'db')
  console.log(`三微 local CloudBase benchmark: ${DOCS} suggestion documents, node ${process.version}, data in ${work}`)

  let t0 = performance.now()
  let docs: Array<Record<string, unknown>> | undefined = Array.from({ length: DOCS }, (_, i) => suggestion(i))
  const ids = docs.map((d) => d._id as string)
  console.log(`generated documents in ${Math.round(performance.now() - t0)} ms`)

  // Engine: load through the protocol, 1000 documents per insert as an SDK batch would send them.
  let db = await Database.open({ dir: dbDir, indexes: INDEXES })
  t0 = performance.now()
  for (let i = 0; i < docs.length; i += 1000) {
    await db.handle('database.insertDocument', {
      collectionName: 'suggestions',
      data: docs.slice(i, i + 1000).map((d) => EJSON.stringify(d, { relaxed: false })),
    })
  }
  const engineLoadMs = performance.now() - t0
  console.log(`engine: inserted ${db.stats().collections.suggestions} documents in ${Math.round(engineLoadMs)} ms`)

  // NeDB: persistent file datastore with single-field indexes on the same fields (NeDB has no compound indexes).
  const nedb = new Datastore({ filename: join(work, 'nedb', 'suggestions.db') })
  await nedb.loadDatabaseAsync()
  for (const fieldName of ['townId', 'villageId', 'status', 'handlerId', 'deadline', 'createdAt']) await nedb.ensureIndexAsync({ fieldName })
  t0 = performance.now()
  for (let i = 0; i < docs.length; i += 1000) await nedb.insertAsync(docs.slice(i, i + 1000).map((d) => ({ ...d })))
  console.log(`nedb: inserted ${await nedb.countAsync({})} documents in ${Math.round(performance.now() - t0)} ms`)
  docs = undefined // both stores hold their own copies now

  const results: Record<string, unknown> = { docs: DOCS }

  // 1. indexed filter + sort + limit 20
  const scansBefore = db.stats().fullScans
  const indexed = await measure(1000, (i) => {
    const { townId, status } = indexedQueryArgs(i)
    return db.handle('database.getDocument', {
      collectionName: 'suggestions',
      queryType: 'WHERE',
      query: EJSON.stringify({ townId, status }, { relaxed: false }),
      order: EJSON.stringify({ createdAt: -1 }, { relaxed: false }),
      limit: 20,
    })
  })
  if (db.stats().fullScans !== scansBefore) throw new Error('the indexed query ran as a full scan')
  line('engine  indexed filter+sort+limit 20 (handle)', indexed)
  const nedbIndexed = await measure(1000, (i) => {
    const { townId, status } = indexedQueryArgs(i)
    return nedb.findAsync({ townId, status }).sort({ createdAt: -1 }).limit(20).execAsync()
  })
  line('nedb    indexed filter+sort+limit 20', nedbIndexed)

  // 2. the same query through @cloudbase/node-sdk over HTTP against the emulator's own server, on the same data
  await db.close()
  const { startEmulator } = await import('../emulator')
  const indexesFile = join(work, 'indexes.json')
  writeFileSync(indexesFile, JSON.stringify(INDEXES))
  const emu = await startEmulator({ dataDir: emulatorDir, indexesFile, functionsDir: join(work, 'no-functions'), timers: false, log: false })
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${emu.url}/admin` })
  process.env.TENCENTCLOUD_SECRETID = 'local'
  process.env.TENCENTCLOUD_SECRETKEY = 'local'
  process.env.TENCENTCLOUD = 'true'
  process.env.SCF_NAMESPACE = 'bench'
  const tcb = (await import('@cloudbase/node-sdk')).default
  const sdb = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database()
  const sdk = await measure(500, async (i) => {
    const { townId, status } = indexedQueryArgs(i)
    const res = await sdb.collection('suggestions').where({ townId, status }).orderBy('createdAt', 'desc').limit(20).get()
    if (!res.data?.length) throw new Error('empty SDK answer')
  })
  line('sdk     indexed filter+sort+limit 20 (HTTP)', sdk)
  await emu.stop()
  db = await Database.open({ dir: dbDir, indexes: INDEXES })

  // 3. full scan: an unindexed field, sorted, limit 20
  const scan = await measure(30, (i) =>
    db.handle('database.getDocument', {
      collectionName: 'suggestions',
      queryType: 'WHERE',
      query: EJSON.stringify({ likes: { $gte: 990 - (i % 5) } }, { relaxed: false }),
      order: EJSON.stringify({ createdAt: -1 }, { relaxed: false }),
      limit: 20,
    }), 3)
  line('engine  full scan (unindexed filter)+sort+limit 20', scan)
  const nedbScan = await measure(30, (i) => nedb.findAsync({ likes: { $gte: 990 - (i % 5) } }).sort({ createdAt: -1 }).limit(20).execAsync(), 3)
  line('nedb    full scan (unindexed filter)+sort+limit 20', nedbScan)

  // 4. durable single-document write (the answer waits for the LMDB commit to be flushed)
  const write = await measure(300, (i) =>
    db.handle('database.modifyDocument', {
      collectionName: 'suggestions',
      queryType: 'DOC',
      query: EJSON.stringify({ _id: ids[(i * 331) % DOCS] }, { relaxed: false }),
      data: EJSON.stringify({ $set: { status: STATUSES[i % STATUSES.length], updatedAt: new Date() } }, { relaxed: false }),
      multi: false,
      merge: true,
      upsert: false,
    }))
  line('engine  durable single-document update', write)
  const nedbWrite = await measure(300, (i) =>
    nedb.updateAsync({ _id: ids[(i * 331) % DOCS] }, { $set: { status: STATUSES[i % STATUSES.length], updatedAt: new Date() } }, {}))
  line('nedb    single-document update (append, no fsync)', nedbWrite)

  const benchRssMb = process.memoryUsage().rss / 1024 / 1024
  await db.close()

  // 5. start-up with the data on disk, and memory, in a fresh process
  const startup = await runStartupChild(dbDir)
  if (startup.docs !== DOCS || startup.listed !== 20) throw new Error(`start-up child saw ${startup.docs} documents`)
  console.log(`engine  start-up with ${startup.docs} documents on disk: ${Math.round(startup.startupMs)} ms (process to first answer ${Math.round(startup.processMs)} ms)`)
  console.log(`engine  resident memory after start-up: ${Math.round(startup.rssMb)} MB (this benchmark process, engine + NeDB + SDK: ${Math.round(benchRssMb)} MB)`)

  Object.assign(results, {
    indexedQueryP50Ms: indexed.p50,
    indexedQueryP99Ms: indexed.p99,
    nedbIndexedQueryP50Ms: nedbIndexed.p50,
    nedbIndexedQueryP99Ms: nedbIndexed.p99,
    sdkQueryP50Ms: sdk.p50,
    sdkQueryP99Ms: sdk.p99,
    scanQueryP50Ms: scan.p50,
    nedbScanQueryP50Ms: nedbScan.p50,
    durableWriteP50Ms: write.p50,
    durableWriteP99Ms: write.p99,
    nedbWriteP50Ms: nedbWrite.p50,
    startupMs: Math.round(startup.startupMs),
    rssMb: Math.round(startup.rssMb),
    benchProcessRssMb: Math.round(benchRssMb),
  })
  const targets = [
    ['indexed p50 <= NeDB p50', indexed.p50 <= nedbIndexed.p50],
    ['SDK p50 <= 3 ms', sdk.p50 <= 3],
    ['durable write p50 <= 2 ms', write.p50 <= 2],
    ['start-up <= 3 s', startup.startupMs <= 3000],
    ['RSS <= 400 MB', startup.rssMb <= 400],
  ] as const
  for (const [name, ok] of targets) console.log(`${ok ? 'met    ' : 'MISSED '} ${name}`)
  rmSync(work, { recursive: true, force: true })
  console.log(JSON.stringify(results))
}

if (process.argv[2] === CHILD_FLAG) {
  startupChild(process.argv[3]).catch((e) => {
    console.error(e)
    process.exit(1)
  })
} else {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
