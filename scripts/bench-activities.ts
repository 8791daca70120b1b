// npm run bench:activities — 300 people signing in at one venue within a minute: sign-ins at concurrency 20 through the
// gateway → `activities` function → SDK → local CloudBase, each a new person scanning the code. Measured: p50/p99 of a
// sign-in, how many were stored (exactly 300 expected), a second scan of everyone (each answered 已签到, nothing stored),
// and full scans during the run. Before it measures it warms up (300 new people at full concurrency at another activity,
// so every worker is started and its sign-in path compiled: with 60, 15 calls a worker, the measured run still paid
// ~0.3 ms of the local CloudBase's CPU a sign-in for code not yet optimised), as any benchmark does. Ends with one JSON line. Figures, not assertions.
// BENCH_WORKERS: workers per function; BENCH_WARM_UP: warm-up sign-ins; BENCH_NODE_OPTIONS: added to the workers' NODE_OPTIONS
// (a profiler hook, say).
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { startServer } from './bench-server'
import { startEmulator } from '../emulator'
import { buildFunctions } from './build-functions'
import { countTripsAtTheDoor, sequentialTrips, type Trip } from './bench-loop'

const ROOT = path.resolve(__dirname, '..')
const PEOPLE = Number(process.env.BENCH_SIGN_INS ?? 300)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20)
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? CONCURRENCY * 15)
const WORKERS = process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined
const ADMIN = 'bench-admin'
const log = (s: string) => process.stderr.write(`${s}\n`)

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round(sorted[Math.max(0, i)] * 100) / 100
}

/** Latencies in 10 ms buckets ("40-50: 12"), for the log: what the tail is made of. */
function histogram(times: number[]): string {
  const buckets = new Map<number, number>()
  for (const t of times) buckets.set(Math.floor(t / 10) * 10, (buckets.get(Math.floor(t / 10) * 10) ?? 0) + 1)
  return [...buckets].sort((a, b) => a[0] - b[0]).map(([b, n]) => `${b}-${b + 10}: ${n}`).join(', ')
}

async function serve(dataDir: string): Promise<void> {
  // The SDK calls each sign-in makes and the CPU they cost, counted at the local CloudBase's door (as bench:loop does).
  if (process.send) countTripsAtTheDoor()
  const emulator = await startEmulator({
    port: 0, dataDir, functionsDir: path.join(ROOT, 'cloudfunctions'), indexesFile: path.join(ROOT, 'server/indexes.json'),
    timers: false, ...(WORKERS ? { maxWorkersPerFunction: WORKERS } : {}), functionEnv: { SANWEI_ADMIN_OPENIDS: ADMIN, NODE_OPTIONS: `--require ${path.join(__dirname, 'bench-trip-hook.cjs')} ${process.env.BENCH_NODE_OPTIONS ?? ''}`.trim() },
  })
  process.stdout.write(`READY ${emulator.url}\n`)
  process.on('SIGTERM', () => void emulator.stop().then(() => process.exit(0)))
}

async function main(): Promise<void> {
  await buildFunctions({ log: false })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-bench-act-'))
  const { url, child } = await startServer(__filename, dataDir, { ipc: true })
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
    const target = new URL(url)
    const post = (fn: string, openid: string, data: unknown) => new Promise<string>((resolve, reject) => {
      const payload = JSON.stringify({ data })
      const req = http.request({
        host: target.hostname, port: target.port, path: `/api/functions/${fn}`, method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-openid': openid },
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(payload)
    })
    let seq = 0
    const call = async (fn: string, openid: string, action: string, input: unknown, mutation = true) => {
      const body = JSON.parse(await post(fn, openid, mutation ? { action, input, requestId: `bench-${(seq++).toString(36).padStart(6, '0')}` } : { action, input }))
      if (!body.result?.ok) throw new Error(`${action}: ${JSON.stringify(body.result ?? body)}`)
      return body.result.data
    }

    // ---- setup: a town, a village, an activity held now (the admin counts as staff for every town) ----
    const townId = (await call('org', ADMIN, 'upsertTown', { name: '当湖街道', order: 1 })).id
    const villageId = (await call('org', ADMIN, 'upsertVillage', { townId, name: '东湖社区', order: 1 })).id
    const now = Date.now()
    const held = async (topic: string) => {
      const { id } = await call('activities', ADMIN, 'create', {
        kind: 'forum', topic, description: '现场签到压力测试', startAt: new Date(now).toISOString(),
        endAt: new Date(now + 2 * 3600_000).toISOString(), townId, villageId, venue: '东湖社区文化家园', organiser: { kind: 'town', id: townId },
        invitedMemberIds: [], invitedDepartmentIds: [], registration: { open: true, cap: null },
      })
      await call('activities', ADMIN, 'publish', { id })
      await call('activities', ADMIN, 'openSignIn', { id })
      return id as string
    }
    // The warm-up and the one-at-a-time profile sign in at an activity of their own, so that the measured one holds
    // exactly the measured scans.
    const warm = await held('民生议事堂：签到预热')
    const id = await held('民生议事堂：老旧小区改造')
    // ---- warm-up, as any benchmark does before it measures: WARM_UP new people at full concurrency (a second scan of
    // each too) at the warm-up activity, so every worker of the function's pool is started and its sign-in path compiled
    // before the measurement (sequential calls would start one worker only; the others would start cold, inside it) ----
    const run = async (activityId: string, list: string[]) => {
      const times: number[] = []
      const answers: { already: boolean }[] = []
      let next = 0
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < list.length) {
          const openid = list[next++]
          const t = performance.now()
          answers.push(await call('activities', openid, 'signIn', { id: activityId }))
          times.push(performance.now() - t)
        }
      }))
      return { times: times.sort((a, b) => a - b), answers }
    }
    const warmUp = Array.from({ length: WARM_UP }, (_, i) => `warm-${i}`)
    await run(warm, warmUp)
    await run(warm, warmUp)
    log(`warmed up: ${WARM_UP} sign-ins and ${WARM_UP} second scans at concurrency ${CONCURRENCY}, not measured`)
    let ipcSeq = 0
    type Taken = { trips: Trip[]; cpuMs?: { server: number; functions: number } }
    const ask = (what: 'mark' | 'take', withTrips = true) => new Promise<Taken>((resolve) => {
      const n = ++ipcSeq
      const onMessage = (m: Taken & { id: number }) => {
        if (m.id !== n) return
        child.off('message', onMessage)
        resolve(m)
      }
      child.on('message', onMessage)
      child.send({ what, id: n, withTrips })
    })
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    // ---- one sign-in at a time: its sequential round trips and SDK calls (new people scanning) ----
    const profile: { sequential: number; calls: number }[] = []
    for (let i = 0; i < 10; i++) {
      await ask('mark')
      await call('activities', `profile-${i}`, 'signIn', { id: warm })
      const { trips } = await ask('take')
      profile.push({ sequential: sequentialTrips(trips), calls: trips.length })
    }
    const stats = async () => ((await (await fetch(`${url}/api/emulator/stats`)).json()) as { db: { fullScans: number; recentFullScans: unknown[] } }).db
    const before = await stats()

    // ---- 300 people scan the code, 20 at a time ----
    const people = Array.from({ length: PEOPLE }, (_, i) => `attendee-${String(i).padStart(4, '0')}`)
    await ask('mark')
    const client0 = process.cpuUsage()
    const t0 = performance.now()
    const first = await run(id, people)
    const seconds = (performance.now() - t0) / 1000
    const client = process.cpuUsage(client0)
    const { cpuMs } = await ask('take', false)
    const perSignIn = (ms: number) => Math.round((ms / PEOPLE) * 100) / 100
    log(`${PEOPLE} sign-ins in ${seconds.toFixed(1)} s; latency histogram (ms: count): ${histogram(first.times)}`)
    const again = await run(id, people)
    const after = await stats()
    if (after.fullScans > before.fullScans) log(`full scans: ${JSON.stringify(after.recentFullScans)}`)
    const detail = await call('activities', ADMIN, 'detail', { id }, false)
    const stored = detail.signIns.members + detail.signIns.citizens + detail.signIns.departments
    const result = {
      bench: 'activities',
      signIns: PEOPLE,
      concurrency: CONCURRENCY,
      warmUpSignIns: WARM_UP,
      workersPerFunction: WORKERS ?? 'default',
      stored,
      newSignIns: first.answers.filter((a) => !a.already).length,
      secondScansAnsweredAlready: again.answers.filter((a) => a.already).length,
      signInP50Ms: percentile(first.times, 50),
      signInP99Ms: percentile(first.times, 99),
      secondScanP50Ms: percentile(again.times, 50),
      secondScanP99Ms: percentile(again.times, 99),
      signInsPerSecond: Math.round(PEOPLE / seconds),
      signInRoundTrips: median(profile.map((p) => p.sequential)),
      signInCalls: median(profile.map((p) => p.calls)),
      cpuMsPerSignIn: { client: perSignIn((client.user + client.system) / 1000), server: perSignIn(cpuMs!.server), functions: perSignIn(cpuMs!.functions) },
      loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
      fullScans: after.fullScans - before.fullScans,
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    child.kill('SIGTERM')
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3]).catch((err) => { process.stderr.write(`${err?.stack ?? err}\n`); process.exit(1) })
} else if (require.main === module) {
  main().then(() => process.exit(0), (err) => { process.stderr.write(`bench:activities failed: ${err?.stack ?? err}\n`); process.exit(1) })
}
