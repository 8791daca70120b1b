// npm run coverage: line and branch coverage of src/domain and server/, counting the function code that runs inside the
// local CloudBase's workers as well as the code the tests run in-process. Ends with one JSON line.
//
// How: jest runs the whole suite with V8 coverage of its own processes (--coverageProvider=v8). With SANWEI_COVERAGE_DIR
// set, the test harnesses bundle the functions with inline source maps, append a small hook that writes the worker's V8
// coverage (v8.takeCoverage) shortly after each invocation — workers are killed, never exit, so NODE_V8_COVERAGE alone
// would write nothing — and start the workers with NODE_V8_COVERAGE. c8 maps the workers' coverage back to the .ts
// sources through the bundles' source maps. The two maps come from different compilers (swc in jest, esbuild for the
// bundles), so they are joined per source line and per branch position rather than by istanbul's merge.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const OUT = path.join(ROOT, 'coverage')

/** Appended to each bundle when coverage is on: write this worker's coverage 300 ms after its last message (at most every 3 s while busy). */
export const COVERAGE_HOOK = `
;(function () {
  if (!process.env.NODE_V8_COVERAGE || typeof process.on !== 'function') return
  var v8 = require('v8'), timer = null, first = 0
  function take() { timer = null; first = 0; try { v8.takeCoverage() } catch (e) {} }
  function later() {
    var now = Date.now()
    if (!first) first = now
    if (timer) clearTimeout(timer)
    timer = setTimeout(take, now - first > 3000 ? 0 : 300)
  }
  process.on('message', later)
  later()
})();
`

/** Bundles the functions for coverage: inline source maps and the hook, each file replaced whole. */
export async function buildForCoverage(): Promise<void> {
  const { buildFunctions } = await import('./build-functions')
  const built = await buildFunctions({ log: false, sourcemap: true })
  for (const f of built) {
    const temp = `${f.file}.${process.pid}.cov.tmp`
    fs.writeFileSync(temp, fs.readFileSync(f.file, 'utf8') + COVERAGE_HOOK)
    fs.renameSync(temp, f.file)
  }
}

/** What the harnesses pass to the workers when coverage is on. */
export function coverageEnv(): Record<string, string> {
  const dir = process.env.SANWEI_COVERAGE_DIR
  return dir ? { NODE_V8_COVERAGE: dir } : {}
}

interface FileCov {
  statementMap: Record<string, { start: { line: number }; end: { line: number } }>
  s: Record<string, number>
  branchMap: Record<string, { locations: { start: { line: number; column: number } }[] }>
  b: Record<string, number[]>
}

/** Per file: line → hit, branch position → hit. */
type Flat = Map<string, { lines: Map<number, boolean>; branches: Map<string, boolean> }>

function flatten(files: Record<string, FileCov>, into: Flat): void {
  for (const [file, cov] of Object.entries(files)) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/')
    if (!rel.startsWith('src/domain/') && !rel.startsWith('server/')) continue
    const f = into.get(rel) ?? { lines: new Map(), branches: new Map() }
    into.set(rel, f)
    for (const [id, st] of Object.entries(cov.statementMap)) {
      const hit = (cov.s[id] ?? 0) > 0
      for (let l = st.start.line; l <= st.end.line; l++) f.lines.set(l, (f.lines.get(l) ?? false) || hit)
    }
    for (const [id, br] of Object.entries(cov.branchMap)) {
      br.locations.forEach((loc, i) => {
        const key = `${loc.start.line}:${loc.start.column}:${i}`
        f.branches.set(key, (f.branches.get(key) ?? false) || (cov.b[id]?.[i] ?? 0) > 0)
      })
    }
  }
}

function pct(flat: Flat, prefix: string, what: 'lines' | 'branches'): number {
  let total = 0, hit = 0
  for (const [file, f] of flat) {
    if (!file.startsWith(prefix)) continue
    for (const covered of f[what].values()) { total++; if (covered) hit++ }
  }
  return total ? Math.round((hit / total) * 1000) / 10 : 0
}

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true })
  const workersDir = path.join(OUT, 'functions-v8')
  fs.mkdirSync(workersDir, { recursive: true })
  const started = Date.now()
  await buildForCoverage()
  const args = [
    'jest', '--coverage', '--coverageProvider=v8', '--coverageReporters=json', `--coverageDirectory=${path.join(OUT, 'jest')}`,
    '--collectCoverageFrom=src/domain/**/*.ts', '--collectCoverageFrom=server/**/*.ts', ...process.argv.slice(2),
  ]
  const code = await new Promise<number>((resolve) => {
    const child = spawn('npx', args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, SANWEI_COVERAGE_DIR: workersDir } })
    child.on('exit', (c) => resolve(c ?? 1))
  })
  // Workers write their last coverage a moment after their last invocation.
  await new Promise((r) => setTimeout(r, 1500))

  const flat: Flat = new Map()
  const jestFile = path.join(OUT, 'jest', 'coverage-final.json')
  if (fs.existsSync(jestFile)) flatten(JSON.parse(fs.readFileSync(jestFile, 'utf8')), flat)
  const inProcess = { domainLinePct: pct(flat, 'src/domain/', 'lines'), serverLinePct: pct(flat, 'server/', 'lines') }

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const createReport = require('c8/lib/report') as (opts: Record<string, unknown>) => { getCoverageMapFromAllCoverageFiles(): Promise<{ toJSON(): Record<string, FileCov> }> }
  const report = createReport({
    tempDirectory: workersDir, reportsDirectory: path.join(OUT, 'functions'), reporter: [], src: [ROOT],
    include: ['cloudfunctions/*/index.js', 'server/**', 'src/domain/**'], exclude: [], excludeAfterRemap: false,
    excludeNodeModules: true, all: false, resolve: '', omitRelative: true, wrapperLength: 0,
  })
  const workers = (await report.getCoverageMapFromAllCoverageFiles()).toJSON()
  fs.writeFileSync(path.join(OUT, 'functions-final.json'), JSON.stringify(workers))
  flatten(workers, flat)

  const files: Record<string, { lines: number; branches: number }> = {}
  for (const [file, f] of [...flat].sort()) {
    const lines = [...f.lines.values()], branches = [...f.branches.values()]
    files[file] = {
      lines: lines.length ? Math.round((lines.filter(Boolean).length / lines.length) * 1000) / 10 : 100,
      branches: branches.length ? Math.round((branches.filter(Boolean).length / branches.length) * 1000) / 10 : 100,
    }
  }
  fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify(files, null, 2))
  const rawFiles = fs.readdirSync(workersDir).length
  process.stdout.write(`coverage per file: coverage/summary.json (worker coverage files: ${rawFiles}; without the workers: ${JSON.stringify(inProcess)})\n`)
  process.stdout.write(JSON.stringify({
    domainLinePct: pct(flat, 'src/domain/', 'lines'), serverLinePct: pct(flat, 'server/', 'lines'),
    domainBranchPct: pct(flat, 'src/domain/', 'branches'), serverBranchPct: pct(flat, 'server/', 'branches'),
    testsPassed: code === 0, seconds: Math.round((Date.now() - started) / 1000),
  }) + '\n')
  process.exitCode = code
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
