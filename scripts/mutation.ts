// npm run mutation: StrykerJS over the pure domain and the server's transaction code (stryker.config.mjs), then one JSON
// line with the score. Run by hand: on 2 shared cores it takes a long while. Extra arguments go to `stryker run`.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
const REPORT = path.join(ROOT, 'reports', 'mutation', 'mutation.json')

interface Report { files: Record<string, { mutants: { status: string; mutatorName: string; location: { start: { line: number } } }[] }> }

async function main(): Promise<void> {
  const started = Date.now()
  fs.rmSync(REPORT, { force: true })
  const code = await new Promise<number>((resolve) => {
    const child = spawn('npx', ['stryker', 'run', ...process.argv.slice(2)], {
      cwd: ROOT, stdio: 'inherit',
      // Each mutant reruns the property test: fewer lives per run keeps a run to minutes per hundred mutants.
      // A fixed seed: every mutant meets the same lives, so a mutant's fate does not depend on luck.
      env: { ...process.env, SANWEI_PROPERTY_RUNS: process.env.SANWEI_PROPERTY_RUNS ?? '20', SANWEI_PROPERTY_SEED: process.env.SANWEI_PROPERTY_SEED ?? '20261129' },
    })
    child.on('exit', (c) => resolve(c ?? 1))
  })
  if (!fs.existsSync(REPORT)) throw new Error(`stryker wrote no report (exit ${code})`)
  const report = JSON.parse(fs.readFileSync(REPORT, 'utf8')) as Report
  const counts: Record<string, number> = {}
  const survivors: string[] = []
  const byFile: Record<string, { mutants: number; detected: number }> = {}
  for (const [file, f] of Object.entries(report.files)) {
    const rel = path.relative(ROOT, path.resolve(ROOT, file))
    byFile[rel] = { mutants: 0, detected: 0 }
    for (const m of f.mutants) {
      counts[m.status] = (counts[m.status] ?? 0) + 1
      if (m.status === 'CompileError' || m.status === 'Ignored') continue
      byFile[rel].mutants++
      if (m.status === 'Killed' || m.status === 'Timeout') byFile[rel].detected++
      if (m.status === 'Survived' || m.status === 'NoCoverage') survivors.push(`${rel}:${m.location.start.line} ${m.mutatorName} (${m.status})`)
    }
  }
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0)
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0)
  fs.writeFileSync(path.join(ROOT, 'reports', 'mutation', 'survivors.txt'), survivors.join('\n') + '\n')
  for (const [file, f] of Object.entries(byFile)) if (f.mutants) process.stdout.write(`  ${file.padEnd(34)} ${String(f.detected).padStart(4)} / ${String(f.mutants).padStart(4)}\n`)
  process.stdout.write(`survivors: reports/mutation/survivors.txt\n`)
  process.stdout.write(JSON.stringify({
    mutationScore: valid ? Math.round((detected / valid) * 1000) / 10 : 0, mutants: valid,
    killed: counts.Killed ?? 0, timeout: counts.Timeout ?? 0, survived: counts.Survived ?? 0, noCoverage: counts.NoCoverage ?? 0,
    seconds: Math.round((Date.now() - started) / 1000),
  }) + '\n')
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
