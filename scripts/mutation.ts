// npm run mutation: StrykerJS over src/domain and server/, one file group at a time (scripts/mutation-groups.mjs), then
// one JSON line with the score. Run by hand: on 2 shared cores a whole group takes hours, so `--sample N` measures N
// mutant locations drawn at random (seeded) from the group instead, and says so in its output.
//   npm run mutation -- [--group domain|loop|org|notify|activities|all] [--sample N] [--seed S] [stryker options]
//   npm run mutation -- --group G --sample N --seed S --skip K   (the next N locations of the same seeded order after the
//     first K: a sample measured in chunks that each finish; a chunk's files are reports/mutation/G@K.*)
//   npm run mutation -- --summary     (one line over the groups measured so far, a group's chunks added up)
//   npm run mutation -- --group G --retry-timeouts N   (N of G's timed-out mutants again, with more time (5 × the dry run + 60 s))
//   npm run mutation -- --group G --retry-survivors N  (N of G's surviving and uncovered mutants again, against the tests as
//     they are now: after tests were added for them, or when a chunk ran before tests that later chunks have; writes G.rerun.json)
import { spawn } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
// @ts-expect-error plain ESM module shared with stryker.config.mjs
import { GROUPS } from './mutation-groups.mjs'

const ROOT = path.resolve(__dirname, '..')
const OUT = path.join(ROOT, 'reports', 'mutation')

interface Loc { start: { line: number; column: number }; end: { line: number; column: number } }
interface Report { files: Record<string, { mutants: { status: string; mutatorName: string; location: Loc }[] }> }
interface Counts { mutants: number; detected: number }
interface Summary { group: string; mutationScore: number; mutants: number; killed: number; timeout: number; survived: number; noCoverage: number; sampledLocations?: number; ofMutants: number; seconds: number; byFile: Record<string, Counts> }

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return undefined
  const value = process.argv[i + 1]
  process.argv.splice(i, 2)
  return value
}

/** mulberry32: the same seed draws the same sample. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function filesOf(patterns: string[]): string[] {
  const out = execFileSync('git', ['ls-files', '--', ...patterns.map((p) => `:(glob)${p}`)], { cwd: ROOT, encoding: 'utf8' })
  return out.split('\n').filter(Boolean)
}

/** Every mutant of the files, as Stryker's instrumenter makes them (file, location). */
async function mutantsOf(files: string[]): Promise<{ fileName: string; location: Loc }[]> {
  const { Instrumenter } = (await import('@stryker-mutator/instrumenter')) as unknown as { Instrumenter: new (log: unknown) => { instrument(f: unknown[], o: unknown): Promise<{ mutants: { fileName: string; location: Loc }[] }> } }
  const quiet = () => undefined
  const log = { isDebugEnabled: () => false, isTraceEnabled: () => false, debug: quiet, trace: quiet, info: quiet, warn: quiet, error: quiet, fatal: quiet }
  const inst = new Instrumenter(log)
  const input = files.map((name) => ({ name, content: fs.readFileSync(path.join(ROOT, name), 'utf8'), mutate: true }))
  return (await inst.instrument(input, { plugins: null, excludedMutations: [], ignorers: [], noHeader: false })).mutants
}

async function runGroup(group: string, sample: number | undefined, seed: number, skip: number, extra: string[]): Promise<Summary> {
  const started = Date.now()
  const def = GROUPS[group] as { mutate: string[] }
  const files = filesOf(def.mutate)
  const all = await mutantsOf(files)
  // A chunk after the first (--skip K) keeps its own files, so the chunks of one sample add up in --summary.
  const name = skip ? `${group}@${skip}` : group
  const report = path.join(OUT, `${name}.json`)
  fs.mkdirSync(OUT, { recursive: true })
  fs.rmSync(report, { force: true })
  const env: NodeJS.ProcessEnv = {
    ...process.env, SANWEI_MUTATION_GROUP: group, ...(skip ? { SANWEI_MUTATION_REPORT: report, SANWEI_MUTATION_TMP: name } : {}),
    // Each mutant reruns the property tests: fewer lives per run; a fixed seed so a mutant's fate does not depend on luck.
    SANWEI_PROPERTY_RUNS: process.env.SANWEI_PROPERTY_RUNS ?? '20', SANWEI_PROPERTY_SEED: process.env.SANWEI_PROPERTY_SEED ?? '20261129',
  }
  const args = ['stryker', 'run', ...extra]
  let sampledLocations: number | undefined
  if (sample !== undefined) {
    // Distinct locations, drawn without replacement; each brings every mutant Stryker makes at that exact node.
    const byKey = new Map<string, { fileName: string; location: Loc }>()
    for (const m of all) byKey.set(`${m.fileName}:${m.location.start.line}:${m.location.start.column}-${m.location.end.line}:${m.location.end.column}`, m)
    const keys = [...byKey.keys()].sort()
    const next = random(seed)
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [keys[i], keys[j]] = [keys[j], keys[i]]
    }
    const picked = keys.slice(skip, skip + sample).map((k) => byKey.get(k)!)
    sampledLocations = picked.length
    const byFile: Record<string, number[][]> = {}
    const ranges: string[] = []
    for (const m of picked) {
      const rel = path.relative(ROOT, path.resolve(ROOT, m.fileName))
      const r = [m.location.start.line + 1, m.location.start.column, m.location.end.line + 1, m.location.end.column]
      ;(byFile[rel] ??= []).push(r)
      ranges.push(`${rel}:${r[0]}:${r[1]}-${r[2]}:${r[3]}`)
    }
    const sampleFile = path.join(OUT, `${name}.sample.json`)
    fs.writeFileSync(sampleFile, JSON.stringify(byFile))
    env.SANWEI_MUTATION_SAMPLE = sampleFile
    args.push('--mutate', ranges.join(','))
  }
  const code = await new Promise<number>((resolve) => {
    const child = spawn('npx', args, { cwd: ROOT, stdio: 'inherit', env })
    child.on('exit', (c) => resolve(c ?? 1))
  })
  if (!fs.existsSync(report)) throw new Error(`stryker wrote no report for ${group} (exit ${code})`)
  const r = JSON.parse(fs.readFileSync(report, 'utf8')) as Report
  const counts: Record<string, number> = {}
  const survivors: string[] = []
  const byFile: Record<string, Counts> = {}
  for (const [file, f] of Object.entries(r.files)) {
    const rel = path.relative(ROOT, path.resolve(ROOT, file))
    for (const m of f.mutants) {
      if (m.status === 'CompileError' || m.status === 'Ignored') continue
      counts[m.status] = (counts[m.status] ?? 0) + 1
      const c = (byFile[rel] ??= { mutants: 0, detected: 0 })
      c.mutants++
      if (m.status === 'Killed' || m.status === 'Timeout') c.detected++
      if (m.status === 'Survived' || m.status === 'NoCoverage') survivors.push(`${rel}:${m.location.start.line} ${m.mutatorName} (${m.status})`)
    }
  }
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0)
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0)
  fs.writeFileSync(path.join(OUT, `${name}.survivors.txt`), survivors.join('\n') + '\n')
  const summary: Summary = {
    group, mutationScore: valid ? Math.round((detected / valid) * 1000) / 10 : 0, mutants: valid,
    killed: counts.Killed ?? 0, timeout: counts.Timeout ?? 0, survived: counts.Survived ?? 0, noCoverage: counts.NoCoverage ?? 0,
    ...(sampledLocations !== undefined ? { sampledLocations } : {}), ofMutants: all.length,
    seconds: Math.round((Date.now() - started) / 1000), byFile,
  }
  fs.writeFileSync(path.join(OUT, `${name}.summary.json`), JSON.stringify(summary, null, 2))
  return summary
}

/** The chunks of one group's sample (disjoint locations of one seeded order) as one summary. */
function addUp(chunks: Summary[]): Summary {
  if (chunks.length === 1) return chunks[0]
  const sum = (k: 'mutants' | 'killed' | 'timeout' | 'survived' | 'noCoverage' | 'seconds') => chunks.reduce((n, c) => n + c[k], 0)
  const detected = sum('killed') + sum('timeout')
  return {
    ...chunks[0], mutants: sum('mutants'), killed: sum('killed'), timeout: sum('timeout'), survived: sum('survived'), noCoverage: sum('noCoverage'),
    seconds: sum('seconds'), sampledLocations: chunks.reduce((n, c) => n + (c.sampledLocations ?? 0), 0),
    mutationScore: sum('mutants') ? Math.round((detected / sum('mutants')) * 1000) / 10 : 0, byFile: {},
  }
}

/** 95 % Wilson interval of a proportion, in percent. */
function wilson(detected: number, n: number): [number, number] {
  if (n === 0) return [0, 100]
  const z = 1.96
  const p = detected / n
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n)
  return [Math.round((centre - half) * 1000) / 10, Math.round((centre + half) * 1000) / 10]
}

/**
 * One line for every group measured so far (reports/mutation/<group>.summary.json). With sampled groups, each group's
 * score stands for all of its mutants: the total weighs each group by its number of mutants (a stratified estimate).
 */
function combined(summaries: Summary[]): Record<string, unknown> {
  const detected = summaries.reduce((n, s) => n + s.killed + s.timeout, 0)
  const mutants = summaries.reduce((n, s) => n + s.mutants, 0)
  const ofMutants = summaries.reduce((n, s) => n + s.ofMutants, 0)
  const weighted = summaries.reduce((n, s) => n + (s.mutants ? ((s.killed + s.timeout) / s.mutants) * s.ofMutants : 0), 0)
  return {
    groups: Object.fromEntries(summaries.map((s) => [s.group, { mutationScore: s.mutationScore, mutants: s.mutants, of: s.ofMutants, ci95: wilson(s.killed + s.timeout, s.mutants) }])),
    mutationScore: ofMutants ? Math.round((weighted / ofMutants) * 1000) / 10 : 0, mutants, ofMutants,
    pooledScore: mutants ? Math.round((detected / mutants) * 1000) / 10 : 0, sampled: summaries.some((s) => s.sampledLocations !== undefined),
  }
}

/**
 * Runs again, with more time (5 × the dry run's + 60 s instead of 2 × + 20 s), up to N of a group's mutants that timed out (Stryker counts a timeout as
 * detected; on a loaded machine a slow test can time out without the mutant doing anything): how many of them are
 * killed, survive or time out again. Writes reports/mutation/<group>.retry.json; the group's summary is unchanged.
 * With `statuses` Survived and NoCoverage (--retry-survivors), the same for the mutants that lived, against the tests as
 * they are now (<group>.rerun.json).
 */
async function retryTimeouts(group: string, limit: number, seed: number, skip = 0, statuses = ['Timeout'], suffix = 'retry'): Promise<void> {
  const name = skip ? `${group}@${skip}` : group
  const r = JSON.parse(fs.readFileSync(path.join(OUT, `${name}.json`), 'utf8')) as Report & { files: Record<string, { mutants: { id: string; replacement?: string }[] }> }
  const timedOut: { file: string; loc: Loc; key: string }[] = []
  for (const [file, f] of Object.entries(r.files)) {
    for (const m of f.mutants as unknown as { status: string; mutatorName: string; replacement?: string; location: Loc }[]) {
      if (statuses.includes(m.status)) timedOut.push({ file: path.relative(ROOT, path.resolve(ROOT, file)), loc: m.location, key: `${m.mutatorName}|${m.replacement ?? ''}` })
    }
  }
  const next = random(seed)
  for (let i = timedOut.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [timedOut[i], timedOut[j]] = [timedOut[j], timedOut[i]]
  }
  const picked = timedOut.slice(0, limit)
  // Report locations are 1-based lines and columns; the sample file and --mutate take 0-based columns.
  const byFile: Record<string, number[][]> = {}
  for (const m of picked) (byFile[m.file] ??= []).push([m.loc.start.line, m.loc.start.column - 1, m.loc.end.line, m.loc.end.column - 1])
  const sampleFile = path.join(OUT, `${name}.${suffix}-sample.json`)
  fs.writeFileSync(sampleFile, JSON.stringify(byFile))
  const ranges = Object.entries(byFile).flatMap(([f, rs]) => rs.map((x) => `${f}:${x[0]}:${x[1]}-${x[2]}:${x[3]}`))
  const report = path.join(OUT, `${name}.${suffix}.json`)
  fs.rmSync(report, { force: true })
  await new Promise<number>((resolve) => {
    const child = spawn('npx', ['stryker', 'run', '--mutate', ranges.join(','), '--timeoutFactor', '5', '--timeoutMS', '60000'], {
      cwd: ROOT, stdio: 'inherit',
      env: { ...process.env, SANWEI_MUTATION_GROUP: group, SANWEI_MUTATION_SAMPLE: sampleFile, SANWEI_MUTATION_REPORT: report, SANWEI_MUTATION_TMP: `${name}-${suffix}`,
        SANWEI_PROPERTY_RUNS: process.env.SANWEI_PROPERTY_RUNS ?? '20', SANWEI_PROPERTY_SEED: process.env.SANWEI_PROPERTY_SEED ?? '20261129' },
    })
    child.on('exit', (c) => resolve(c ?? 1))
  })
  const wanted = new Set(picked.map((m) => `${m.file}:${m.loc.start.line}:${m.loc.start.column}:${m.key}`))
  const counts: Record<string, number> = {}
  const again = JSON.parse(fs.readFileSync(report, 'utf8')) as Report
  for (const [file, f] of Object.entries(again.files)) {
    for (const m of f.mutants as unknown as { status: string; mutatorName: string; replacement?: string; location: Loc }[]) {
      const k = `${path.relative(ROOT, path.resolve(ROOT, file))}:${m.location.start.line}:${m.location.start.column}:${m.mutatorName}|${m.replacement ?? ''}`
      if (wanted.has(k)) counts[m.status] = (counts[m.status] ?? 0) + 1
    }
  }
  process.stdout.write(JSON.stringify({ group: name, [statuses.includes('Timeout') ? 'timedOut' : 'survived']: timedOut.length, retried: picked.length, again: counts }) + '\n')
}

async function main(): Promise<void> {
  const again = option('retry-survivors')
  if (again) {
    await retryTimeouts(option('group') ?? 'domain', Number(again), Number(option('seed') ?? 20261129), Number(option('skip') ?? 0), ['Survived', 'NoCoverage'], 'rerun')
    return
  }
  const retry = option('retry-timeouts')
  if (retry) {
    await retryTimeouts(option('group') ?? 'domain', Number(retry), Number(option('seed') ?? 20261129), Number(option('skip') ?? 0))
    return
  }
  if (process.argv.includes('--summary')) {
    const summaries: Summary[] = []
    for (const g of Object.keys(GROUPS)) {
      const chunks = fs.readdirSync(OUT).filter((f) => f === `${g}.summary.json` || (f.startsWith(`${g}@`) && f.endsWith('.summary.json')))
        .map((f) => JSON.parse(fs.readFileSync(path.join(OUT, f), 'utf8')) as Summary)
      if (chunks.length) summaries.push(addUp(chunks))
    }
    process.stdout.write(JSON.stringify(combined(summaries)) + '\n')
    return
  }
  const skip = Number(option('skip') ?? 0)
  const group = option('group') ?? 'all'
  const sampleArg = option('sample')
  const seed = Number(option('seed') ?? 20261129)
  const sample = sampleArg ? Number(sampleArg) : undefined
  const groups = group === 'all' ? Object.keys(GROUPS) : group.split(',')
  const summaries: Summary[] = []
  for (const g of groups) {
    if (!GROUPS[g]) throw new Error(`unknown group ${g}: one of ${Object.keys(GROUPS).join(', ')}`)
    const s = await runGroup(g, sample, seed, skip, process.argv.slice(2))
    summaries.push(s)
    for (const [file, f] of Object.entries(s.byFile)) process.stdout.write(`  ${file.padEnd(40)} ${String(f.detected).padStart(4)} / ${String(f.mutants).padStart(4)}\n`)
    const { byFile: _, ...line } = s
    process.stdout.write(JSON.stringify(line) + '\n')
  }
  if (summaries.length > 1) process.stdout.write(JSON.stringify(combined(summaries)) + '\n')
  process.stdout.write(`survivors: reports/mutation/<group>.survivors.txt\n`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
