// npm run bench:loop — the 三微 loop under load, every measured call through the gateway: HTTP → function → SDK → local CloudBase.
// Setup: the demo county (scripts/seed.ts), then 100,000 suggestions bulk-inserted in the shape the commands store.
// Measured: p50/p99 of submit, the member queue and staff triage; sequential SDK round trips and SDK calls of a
// submission and a claim (the median of 20, counted at the local CloudBase's door); submissions per second at
// concurrency 16, with the CPU each took (load generator, local CloudBase, function workers) and what the cores would do
// at that cost; full scans (queries that used no declared index) during the run. Ends with one JSON line. Figures, not
// assertions.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { startServer } from './bench-server'
import type { Category, Id, Suggestion, SuggestionStatus } from '../src/domain/types'
import { CATEGORIES } from '../src/domain/types'
import { startEmulator } from '../emulator'
import { buildFunctions } from './build-functions'
import { seed, DEMO } from './seed'

const ROOT = path.resolve(__dirname, '..')
const TOTAL = Number(process.env.BENCH_SUGGESTIONS ?? 100_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400)
const THROUGHPUT_CALLS = Number(process.env.BENCH_THROUGHPUT_CALLS ?? 2000)
const CONCURRENCY = 16
const DAY = 86400_000

const log = (s: string) => process.stderr.write(`${s}\n`)

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round(sorted[Math.max(0, i)] * 100) / 100
}

/** One SDK call a function made to the local CloudBase: when it arrived and when it was answered (ms). */
export interface Trip { start: number; end: number }

/**
 * Sequential round trips among the calls one command made: the longest chain of calls each starting after the one
 * before it was answered (calls in flight together count once). In CloudBase each link of the chain is a network
 * round trip, so it is the command's latency floor.
 */
export function sequentialTrips(trips: Trip[]): number {
  let chain = 0
  let lastEnd = -Infinity
  for (const t of [...trips].sort((a, b) => a.end - b.end)) {
    if (t.start >= lastEnd) {
      chain++
      lastEnd = t.end
    }
  }
  return chain
}

/**
 * Counts the SDK calls the functions make, at the local CloudBase's door: every request to /admin, from when the
 * function issued it to when it was answered. (The door alone cannot tell: the local CloudBase serves one request at a
 * time, so calls sent together would look sequential.) The product code is not touched; the benchmark asks for the
 * calls between two marks over IPC.
 */
const wallClock = () => performance.timeOrigin + performance.now()

/**
 * The network round trip of a function's call to CloudBase, modelled while round trips are counted: every /admin call
 * answered this much later (the local CloudBase's fault injector, latency at rate 1). Without it the local CloudBase
 * answers faster than a worker prepares its next SDK request (~0.5 ms of CPU each), so calls the code issues together
 * reach the door one after another and count as a chain; in CloudBase, where a round trip takes several ms, they overlap.
 */
const TRIP_LATENCY_MS = Number(process.env.BENCH_TRIP_LATENCY_MS ?? 5)
let doorFaults: { paused: boolean } | null = null

export function countTripsAtTheDoor(): void {
  let trips: Trip[] = []
  // Per worker: its CPU (µs) at the first and the last call seen since the mark; and this process's own at the mark.
  let workers = new Map<string, { first: number; last: number }>()
  let serverAtMark = process.cpuUsage()
  // Trips are kept only while they are counted: during the throughput run the door only reads the workers' CPU stamps,
  // so that its own work (a listener and a record per call) is not billed to the local CloudBase's CPU.
  let counting = false
  const emit = http.Server.prototype.emit
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse]
      if (req.url?.startsWith('/admin')) {
        if (counting) {
          // When the function issued the call (stamped by bench-trip-hook.cjs), else when it arrived; both wall-clock ms.
          const sent = Number(req.headers['x-bench-sent'])
          const trip = { start: Number.isFinite(sent) ? sent : wallClock(), end: Infinity }
          trips.push(trip)
          res.once('finish', () => { trip.end = wallClock() })
        }
        const stamp = req.headers['x-bench-cpu']
        if (stamp) {
          const [pid, cpu] = String(stamp).split(':')
          const w = workers.get(pid)
          if (w) w.last = Number(cpu)
          else workers.set(pid, { first: Number(cpu), last: Number(cpu) })
        }
      }
    }
    return (emit as (this: http.Server, e: string, ...a: unknown[]) => boolean).call(this, event, ...args)
  } as typeof emit
  process.on('message', (m: { what: 'mark' | 'take'; id: number; withTrips?: boolean }) => {
    // Latency only while round trips are counted (mark … take with trips), never while throughput is measured.
    if (doorFaults) doorFaults.paused = !(m.what === 'mark' && m.withTrips !== false)
    if (m.what === 'mark') {
      counting = m.withTrips !== false
      trips = []
      workers = new Map()
      serverAtMark = process.cpuUsage()
      process.send!({ id: m.id, trips: [] })
      return
    }
    counting = false
    const server = process.cpuUsage(serverAtMark)
    let functions = 0
    for (const w of workers.values()) functions += w.last - w.first
    process.send!({
      id: m.id, trips: m.withTrips === false ? [] : trips.filter((t) => t.end !== Infinity),
      cpuMs: { server: (server.user + server.system) / 1000, functions: functions / 1000 },
    })
  })
}

async function serve(dataDir: string): Promise<void> {
  if (process.send) countTripsAtTheDoor()
  const emulator = await startEmulator({
    port: 0, dataDir, functionsDir: path.join(ROOT, 'cloudfunctions'), indexesFile: path.join(ROOT, 'server/indexes.json'),
    // The timer would run its rules in the middle of the measurement; the benchmark measures people's calls.
    timers: false,
    // Each function worker stamps its SDK calls with the time it issued them (see countTripsAtTheDoor).
    functionEnv: { NODE_OPTIONS: `--require ${process.env.BENCH_HOOK ?? path.join(__dirname, 'bench-trip-hook.cjs')}` },
    ...(process.env.BENCH_WORKERS ? { maxWorkersPerFunction: Number(process.env.BENCH_WORKERS) } : {}),
    ...(TRIP_LATENCY_MS > 0 ? { faults: { latencyRate: 1, latencyMs: TRIP_LATENCY_MS, paused: true } } : {}),
  })
  doorFaults = emulator.faults
  process.stdout.write(`READY ${emulator.url}\n`)
  process.on('SIGTERM', () => void emulator.stop().then(() => process.exit(0)))
}

async function main(): Promise<void> {
  await buildFunctions({ log: false })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-bench-'))
  const { url, child } = await startServer(__filename, dataDir, { ipc: true })
  try {
    // ---- setup ----
    let t0 = Date.now()
    await seed(url)
    log(`seeded the demo county in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    t0 = Date.now()
    // On a loaded machine one batch of 1,000 with another queued behind it can outlast the SDK's 15 s request timeout:
    // BENCH_BULK_IN_FLIGHT=1 (and a smaller BENCH_BULK_BATCH) keeps each insert under it.
    await bulkSuggestions(TOTAL - 200, { batch: Number(process.env.BENCH_BULK_BATCH ?? 1000), inFlight: Number(process.env.BENCH_BULK_IN_FLIGHT ?? 2) })
    log(`bulk-inserted ${TOTAL - 200} suggestions in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

    // The load generator shares the 2 cores with what it measures, so it uses the lightest client Node has: node:http
    // with kept-alive connections.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
    const target = new URL(url)
    const post = (pathname: string, openid: string, payload: string) => new Promise<string>((resolve, reject) => {
      const req = http.request({
        host: target.hostname, port: target.port, path: pathname, method: 'POST', agent,
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
    const call = async (fn: string, openid: string, action: string, input: unknown, requestId?: string) => {
      const text = await post(`/api/functions/${fn}`, openid, JSON.stringify({ data: requestId ? { action, input, requestId } : { action, input } }))
      const body = JSON.parse(text) as { result?: { ok: boolean; code?: string } }
      if (!body.result?.ok) throw new Error(`${action}: ${text.slice(0, 300)}`)
      return body.result
    }
    const towns = ((await call('org', DEMO.citizen, 'towns', {})) as unknown as { data: { towns: { id: Id; villages: { id: Id }[] }[] } }).data.towns
    let seq = 0
    const submitAs = (openid: string) => {
      const town = towns[seq % towns.length]
      const village = town.villages[seq % town.villages.length]
      seq++
      return call('suggestions', openid, 'submit', {
        category: CATEGORIES[seq % CATEGORIES.length], townId: town.id, villageId: village.id,
        title: `小区门口道路坑洼${seq}`, content: '小区门口道路坑洼积水，雨天出行不便，建议尽快修补并完善排水。', images: [], anonymous: seq % 5 === 0,
      }, `bench-${seq.toString(36)}-${Math.random().toString(36).slice(2, 10)}`)
    }
    // Round-robin over enough citizens that each stays under the daily limit of 10, and calls in flight are by different people.
    const citizens = Math.ceil((16 + SAMPLES + THROUGHPUT_CALLS) / 9) + 1
    let person = 0
    const nextCitizen = () => `bench-citizen-${person++ % citizens}`
    const members = Array.from({ length: 20 }, (_, i) => (i === 0 ? DEMO.member : `demo-member-${String(i + 2).padStart(3, '0')}`))
    const queueTabs = ['toClaim', 'inProgress', 'overdue', 'replied'] as const
    const triageTabs = ['submitted', 'handling', 'accepted', 'pendingReview'] as const

    const time = async (fn: () => Promise<unknown>) => {
      const s = performance.now()
      await fn()
      return performance.now() - s
    }
    const measure = async (n: number, fn: (i: number) => Promise<unknown>) => {
      const out: number[] = []
      for (let i = 0; i < n; i++) out.push(await time(() => fn(i)))
      return out.sort((a, b) => a - b)
    }

    // ---- warm-up: start the function instances, fill their org caches ----
    await Promise.all(Array.from({ length: 16 }, () => submitAs(nextCitizen())))
    for (let i = 0; i < 30; i++) {
      await call('suggestions', members[i % members.length], 'memberQueue', { tab: queueTabs[i % 4] })
      await call('suggestions', DEMO.staff, 'triage', { tab: triageTabs[i % 4] })
    }

    const stats = async () => ((await (await fetch(`${url}/api/emulator/stats`)).json()) as { db: { fullScans: number; recentFullScans: unknown[] } }).db
    const before = await stats()

    // ---- latency, one call at a time ----
    const submit = await measure(SAMPLES, () => submitAs(nextCitizen()))
    const memberQueue = await measure(SAMPLES, (i) => call('suggestions', members[i % members.length], 'memberQueue', { tab: queueTabs[i % 4] }))
    const triage = await measure(SAMPLES, (i) => call('suggestions', DEMO.staff, 'triage', { tab: triageTabs[i % 4] }))

    // ---- SDK round trips per command, one command at a time, counted at the local CloudBase's door ----
    let ipcSeq = 0
    type Taken = { trips: Trip[]; cpuMs?: { server: number; functions: number } }
    const ask = (what: 'mark' | 'take', withTrips = true) => new Promise<Taken>((resolve) => {
      const id = ++ipcSeq
      const onMessage = (m: Taken & { id: number }) => {
        if (m.id !== id) return
        child.off('message', onMessage)
        resolve(m)
      }
      child.on('message', onMessage)
      child.send({ what, id, withTrips })
    })
    const tripsOf = async (fn: () => Promise<unknown>) => {
      await ask('mark')
      await fn()
      const { trips } = await ask('take')
      if (process.env.BENCH_TRACE) log(JSON.stringify(trips.map((t) => [Math.round((t.start - trips[0].start) * 10) / 10, Math.round((t.end - trips[0].start) * 10) / 10])))
      return { sequential: sequentialTrips(trips), calls: trips.length }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const submitTrips: { sequential: number; calls: number }[] = []
    for (let i = 0; i < 20; i++) submitTrips.push(await tripsOf(() => submitAs(nextCitizen())))
    // Claims: items handed to the demo members, claimed by them.
    const claimTrips: { sequential: number; calls: number }[] = []
    for (const member of members) {
      if (claimTrips.length >= 20) break
      const queue = (await call('suggestions', member, 'memberQueue', { tab: 'toClaim' })) as unknown as { data: { items: { id: Id }[] } }
      for (const item of queue.data.items.slice(0, 2)) {
        claimTrips.push(await tripsOf(() => call('suggestions', member, 'claim', { id: item.id }, `bench-claim-${item.id}`)))
      }
    }

    // ---- throughput at concurrency 16 ----
    let issued = 0
    await ask('mark', false)
    const client0 = process.cpuUsage()
    const tp0 = performance.now()
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (issued < THROUGHPUT_CALLS) {
        issued++
        await submitAs(nextCitizen())
      }
    }))
    const submitsPerSec = Math.round((THROUGHPUT_CALLS / ((performance.now() - tp0) / 1000)) * 10) / 10
    const client = process.cpuUsage(client0)
    const { cpuMs } = await ask('take', false)
    const perSubmit = (ms: number) => Math.round((ms / THROUGHPUT_CALLS) * 100) / 100
    const cpuMsPerSubmit = { client: perSubmit((client.user + client.system) / 1000), server: perSubmit(cpuMs!.server), functions: perSubmit(cpuMs!.functions) }
    const cpuTotal = cpuMsPerSubmit.client + cpuMsPerSubmit.server + cpuMsPerSubmit.functions

    const after = await stats()
    if (after.fullScans > before.fullScans) log(`full scans: ${JSON.stringify(after.recentFullScans)}`)
    const result = {
      suggestions: TOTAL,
      submitP50Ms: percentile(submit, 50), submitP99Ms: percentile(submit, 99),
      memberQueueP50Ms: percentile(memberQueue, 50), memberQueueP99Ms: percentile(memberQueue, 99),
      staffTriageP50Ms: percentile(triage, 50), staffTriageP99Ms: percentile(triage, 99),
      submitsPerSec,
      // CPU per submission over the throughput run (load generator, local CloudBase, function workers), and what the
      // machine's cores would do at that cost if nothing else ran: the figure that does not move with others' load.
      cpuMsPerSubmit, cpuBoundSubmitsPerSec: Math.round((os.cpus().length * 1000 / cpuTotal) * 10) / 10,
      loadAverage: Math.round(os.loadavg()[0] * 10) / 10,
      tripLatencyMs: TRIP_LATENCY_MS,
      submitRoundTrips: median(submitTrips.map((t) => t.sequential)), submitCalls: median(submitTrips.map((t) => t.calls)),
      claimRoundTrips: median(claimTrips.map((t) => t.sequential)), claimCalls: median(claimTrips.map((t) => t.calls)),
      fullScans: after.fullScans - before.fullScans,
      samples: SAMPLES, concurrency: CONCURRENCY, cores: os.cpus().length,
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** 100,000 suggestions over the demo county's towns, villages and members, stored exactly as the repository stores them. */
export async function bulkSuggestions(n: number, opts: { batch?: number; inFlight?: number } = {}): Promise<void> {
  const batchSize = opts.batch ?? 1000
  const maxInFlight = opts.inFlight ?? 2
  const { db } = await import('../server/db')
  const { newId } = await import('../server/ids')
  const { toDoc } = await import('../server/repositories/suggestions')
  const { recountTabs } = await import('../server/timerRules')
  const { listVillages, listSectorGroups } = await import('../server/repositories/org')
  const villages = await listVillages(db())
  const groups = await listSectorGroups(db())
  const members = (await db().collection('users').where({ roles: 'member' }).limit(1000).get()).data as { _id: Id }[]
  const authors = (await db().collection('users').where({ roles: 'citizen' }).limit(1000).get()).data as { _id: Id }[]
  const now = Date.now()
  // Shares of a county's year: most items finished, a fifth in hand, a few waiting for triage.
  const mix: [SuggestionStatus, number][] = [
    ['closed', 0.34], ['rejected', 0.03], ['merged', 0.02], ['withdrawn', 0.02], ['replied', 0.1], ['claimed', 0.14],
    ['assigned', 0.1], ['consulting', 0.02], ['accepted', 0.08], ['submitted', 0.12], ['pendingReview', 0.03],
  ]
  const statusAt = (x: number): SuggestionStatus => {
    for (const [s, share] of mix) if ((x -= share) < 0) return s
    return 'closed'
  }
  let rand = 42
  const rnd = () => ((rand = (rand * 1103515245 + 12345) % 2147483648) / 2147483648)
  const batch: Record<string, unknown>[] = []
  // Two batches in flight by default: the local CloudBase writes one while the next is being built and sent (more only
  // queue up, and on a busy machine run into the SDK's request timeout).
  const inFlight = new Set<Promise<unknown>>()
  const flush = async () => {
    if (!batch.length) return
    const p: Promise<unknown> = db().collection('suggestions').add(batch.splice(0)).finally(() => inFlight.delete(p))
    inFlight.add(p)
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight)
  }
  for (let i = 0; i < n; i++) {
    const status = statusAt(rnd())
    const open = ['assigned', 'claimed', 'replied', 'accepted', 'submitted', 'pendingReview', 'consulting'].includes(status)
    const created = now - Math.floor((open ? 30 : 365) * DAY * rnd()) - DAY
    const village = villages[Math.floor(rnd() * villages.length)]
    const createdAt = new Date(created).toISOString()
    const s: Suggestion = {
      _id: newId(created), title: `建议${i}：村道路面修补`, content: '村道路面多处破损，雨天积水，建议尽快修补。'.repeat(3),
      category: CATEGORIES[i % CATEGORIES.length] as Category, townId: village.townId, villageId: village._id, images: [],
      anonymous: i % 7 === 0, channel: 'online', authorId: authors[i % authors.length]._id, status, createdAt, updatedAt: createdAt,
      reopenCount: i % 29 === 0 ? 1 : 0, chaseCount: 0, secondCount: i % 4, commentCount: i % 3, mergedFromIds: [], version: 3,
    }
    if (['assigned', 'claimed', 'replied', 'closed'].includes(status)) {
      const member = members[i % members.length]._id
      const toGroup = i % 6 === 0
      const at = new Date(created + DAY).toISOString()
      // Deadlines 25–60 days after the hand-off: a few percent of the open work is overdue, as in a real queue.
      s.handOff = {
        target: toGroup ? { kind: 'sectorGroup', sectorGroupId: groups[i % groups.length]._id } : { kind: 'member', memberId: member },
        deadline: new Date(created + DAY * (25 + Math.floor(rnd() * 35))).toISOString(), at, rungAt: at, byId: 'bench', rung: toGroup ? 'sectorGroup' : 'member',
      }
      if (status !== 'assigned') {
        s.handlerId = member
        s.claimedAt = at
      }
      if (status === 'replied' || status === 'closed') {
        s.reply = { text: '已安排修补。', outcome: (['adopted', 'adopted', 'partlyAdopted', 'forReference', 'notAdopted'] as const)[i % 5], at: new Date(Math.min(now - 3600_000, created + 3 * DAY)).toISOString(), byId: member }
      }
    }
    if (['closed', 'rejected', 'merged', 'withdrawn'].includes(status)) s.closedAt = s.updatedAt
    // Everything but the items held for review passed the content check when submitted.
    if (status !== 'pendingReview') s.publishedAt = createdAt
    batch.push(toDoc(s))
    if (batch.length === batchSize) await flush()
  }
  await flush()
  await Promise.all(inFlight)
  await recountTabs()
}

if (require.main === module && process.argv[2] === '--serve') {
  serve(process.argv[3]).catch((err: unknown) => {
    process.stderr.write(`local CloudBase failed: ${(err as Error)?.stack ?? err}\n`)
    process.exit(1)
  })
} else if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:loop failed: ${(err as Error)?.stack ?? err}\n`)
    process.exit(1)
  })
}
