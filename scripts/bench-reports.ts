// npm run bench:reports — the figures on a year of a county's items: 100,000 suggestions bulk-loaded (as bench:loop does),
// then, through gateway → figures function → SDK → local CloudBase: a year × all towns with every rate and time
// (p99), 200 members' records, the item list as .xlsx (rows, seconds, the function worker's peak RSS), the year-end
// report as .docx, keyword search (p99), and the full scans the run caused. Ends with one JSON line. Figures, not assertions.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from './bench-server'
import { buildFunctions } from './build-functions'
import { seed, DEMO } from './seed'
import { bulkSuggestions } from './bench-loop'

const ROOT = path.resolve(__dirname, '..')
const TOTAL = Number(process.env.BENCH_SUGGESTIONS ?? 100_000)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5)
const log = (s: string) => process.stderr.write(`${s}\n`)

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round(sorted[i])
}

/** Every descendant process of a pid (the function workers of the server). */
function descendants(pid: number): number[] {
  const out: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) out.push(Number(entry), ...descendants(Number(entry)))
    } catch { /* gone */ }
  }
  return out
}
/** CPU ms a process has used so far (user + system, from /proc; 10 ms ticks). */
function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) * 10
  } catch {
    return 0
  }
}
function peakRssMb(pid: number): number {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

async function main(): Promise<void> {
  await buildFunctions({ log: false })
  // BENCH_DATA=<folder> keeps the loaded county there and reuses it on the next run (loading takes minutes).
  const keep = process.env.BENCH_DATA
  if (keep) fs.mkdirSync(keep, { recursive: true })
  const dataDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-bench-reports-'))
  const reuse = !!keep && fs.existsSync(path.join(dataDir, 'loaded'))
  const { url, child } = await startServer(path.join(__dirname, 'bench-loop.ts'), dataDir)
  try {
    const t0 = Date.now()
    await seed(url)
    // One batch at a time: each item also carries ~30 search keys (a multikey index), and a batch of 1,000 queued
    // behind three others can outlast the SDK's request timeout on a busy machine.
    if (!reuse) await bulkSuggestions(TOTAL - 200, { batch: 1000, inFlight: 1 })
    if (keep) fs.writeFileSync(path.join(dataDir, 'loaded'), String(TOTAL))
    log(`seeded and bulk-loaded ${TOTAL} suggestions in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    // The bulk load writes items directly, without the commits that keep the figures' rollups: build them as the
    // timer's recount does, month by month (the seed's items kept theirs through their commits).
    if (!(keep && fs.existsSync(path.join(dataDir, 'rolled')))) {
      const t1 = Date.now()
      const { recountMonth } = await import('../server/figures/rollups')
      let written = 0
      for (let back = 13; back >= 0; back--) {
        const d = new Date(Date.now() + 8 * 3600_000)
        const month = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)).toISOString().slice(0, 7)
        const t2 = Date.now()
        const n = await recountMonth(month)
        if (n === null) throw new Error(`the recount of ${month} never found the month still`)
        written += n
        log(`  ${month}: ${n} documents in ${((Date.now() - t2) / 1000).toFixed(1)} s`)
      }
      if (keep) fs.writeFileSync(path.join(dataDir, 'rolled'), String(written))
      log(`rollups recounted from the items: ${written} documents in ${((Date.now() - t1) / 1000).toFixed(1)} s`)
    }

    const call = async (action: string, input: unknown, openid = DEMO.admin): Promise<{ ms: number; data: any }> => {
      const started = performance.now()
      const res = await fetch(`${url}/api/functions/figures`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify({ data: { action, input } }),
      })
      const body = (await res.json()) as { result?: { ok: boolean; data?: unknown; code?: string; message?: string } }
      const ms = performance.now() - started
      if (!body.result?.ok) throw new Error(`${action}: ${JSON.stringify(body).slice(0, 300)}`)
      return { ms, data: body.result.data }
    }
    const stats = async () => ((await (await fetch(`${url}/api/emulator/stats`)).json()) as { db: { fullScans: number; queries: number; examined: number; recentFullScans: unknown[] } }).db
    // What a measurement cost, which load distorts less than its time: database queries and the documents their
    // filters were tested on, and CPU ms in the local CloudBase (server) and in the function workers, per call.
    const costs: Record<string, { queries: number; examined: number; serverCpuMs: number; functionCpuMs: number }> = {}
    // BENCH_ONLY=ledger,search measures only those (on a kept BENCH_DATA county, to compare a change quickly).
    const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null
    const costOf = async <T extends { ms: number[]; last: any }>(label: string, calls: number, f: () => Promise<T>): Promise<T> => {
      if (only && !only.has(label)) return { ms: [], last: null } as unknown as T
      const workersCpu = () => descendants(child.pid!).reduce((sum, pid) => sum + cpuMsOf(pid), 0)
      const [s0, c0, w0] = [await stats(), cpuMsOf(child.pid!), workersCpu()]
      const out = await f()
      const [s1, c1, w1] = [await stats(), cpuMsOf(child.pid!), workersCpu()]
      const per = (x: number) => Math.round(x / Math.max(1, calls))
      costs[label] = { queries: per(s1.queries - s0.queries), examined: per(s1.examined - s0.examined), serverCpuMs: per(c1 - c0), functionCpuMs: per(w1 - w0) }
      log(`  ${label} per call: ${JSON.stringify(costs[label])}`)
      return out
    }
    const scansBefore = (await stats()).fullScans

    // The bulk items span the last 365 days: "a year" is that range of days (UTC+8), all towns.
    const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
    const yearRange = { kind: 'range', from: day(Date.now() - 366 * 86400_000), to: day(Date.now()) }
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()

    // Each measurement on its own: a call that fails (on a busy machine a pass can outlast the SDK's 15 s request
    // timeout) is counted in `errors` and the line is still printed.
    const errors: string[] = []
    const timed = async (label: string, times: number, f: () => Promise<{ ms: number; data: any }>): Promise<{ ms: number[]; last: any }> => {
      const ms: number[] = []
      let last: any = null
      for (let i = 0; i < times; i++) {
        try {
          const r = await f()
          ms.push(r.ms)
          last = r.data
        } catch (e) {
          errors.push(`${label}: ${(e as Error).message.slice(0, 160)}`)
        }
      }
      return { ms, last }
    }
    const p = (xs: number[], q: number) => (xs.length ? percentile(xs, q) : null)

    // One untimed call first: the function worker's cold start (loading the bundle, the first SDK connection) is not
    // a figure's cost. It is logged.
    const warm = await timed('warm-up', 1, () => call('table', { period: { kind: 'month', year, month: 1 }, dimension: 'town' }))
    log(`warm-up (cold function worker): ${warm.ms.map(Math.round).join('')} ms`)
    const ledger = await costOf('ledger', SAMPLES, () => timed('table', SAMPLES, () => call('table', { period: yearRange, dimension: 'town' })))
    log(`ledger (a year × all towns, ${ledger.last?.total.counts.received} items): ${ledger.ms.map(Math.round).join(' / ')} ms`)
    const records = await costOf('memberRecords', Math.min(3, SAMPLES), () => timed('memberRecords', Math.min(3, SAMPLES), () => call('memberRecords', { year })))
    log(`members' records (${records.last?.rows.length} members, ${year}): ${records.ms.map(Math.round).join(' / ')} ms`)
    const words = ['路面修补', '积水', '停车', '老年食堂', '孝心停车位', '营养午餐', '路面 停车', '不存在的词']
    const search = await costOf('search', words.length * 3, () => timed('search', words.length * 3, (() => { let i = 0; return () => call('search', { q: words[i++ % words.length] }) })()))
    log(`search: p50 ${p(search.ms, 50)} ms, p99 ${p(search.ms, 99)} ms (${words.map((w, i) => `${w} ${[0, 1, 2].map((r) => Math.round(search.ms[r * words.length + i] ?? NaN)).join('/')}`).join(', ')})`)
    const docx = await costOf('docx', 1, () => timed('exportYearReport', 1, () => call('exportYearReport', { year })))
    log(`year-end report (.docx): ${docx.ms.map((x) => (x / 1000).toFixed(1)).join(' / ')} s`)
    const xlsx = await costOf('xlsx', 1, () => timed('exportItems', 1, () => call('exportItems', { period: yearRange })))
    const xlsxPeakRssMb = Math.round(Math.max(0, ...descendants(child.pid!).map(peakRssMb)))
    log(`item list (.xlsx): ${xlsx.last?.rows} rows in ${xlsx.ms.map((x) => (x / 1000).toFixed(1)).join(' / ')} s, worker peak RSS ${xlsxPeakRssMb} MB`)

    const after = await stats()
    const result = {
      suggestions: TOTAL,
      ledgerP50Ms: p(ledger.ms, 50),
      ledgerP99Ms: p(ledger.ms, 99),
      memberRecordsMs: p(records.ms, 50),
      members: records.last?.rows.length ?? null,
      xlsxRows: xlsx.last?.rows ?? null,
      xlsxSeconds: xlsx.ms.length ? Math.round(xlsx.ms[0] / 100) / 10 : null,
      xlsxPeakRssMb,
      docxSeconds: docx.ms.length ? Math.round(docx.ms[0] / 100) / 10 : null,
      searchP50Ms: p(search.ms, 50),
      searchP99Ms: p(search.ms, 99),
      fullScans: after.fullScans - scansBefore,
      emulatorPeakRssMb: Math.round(peakRssMb(child.pid!)),
      errors: errors.length,
      costs,
    }
    for (const e of errors) log(`error: ${e}`)
    if (result.fullScans > 0) log(`full scans: ${JSON.stringify(after.recentFullScans)}`)
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:reports failed: ${(err as Error)?.stack ?? err}\n`)
  process.exit(1)
})
