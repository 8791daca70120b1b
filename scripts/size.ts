// Size budgets (npm run size): WeChat main package ≤ 600 KB, each subpackage ≤ 400 KB, total ≤ 2 MB; H5 first-load JS
// ≤ 250 KB gzip. Builds what is missing or older than the sources (--rebuild always builds, --no-build never does), prints a table, exits 1 when
// a budget is broken or when development-only code (the H5 identity switcher, the local gateway) reached the WeChat build.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { APP_OUTPUT, ensureAppBuild } from './build-app'

const root = path.resolve(__dirname, '..')
const KB = 1024
export const BUDGETS = { main: 600 * KB, subpackage: 400 * KB, total: 2048 * KB, h5FirstLoadGzip: 250 * KB }
/** Strings that exist only in H5-only files; any of them in dist/ means dev-only code shipped to WeChat. */
export const DEV_ONLY_MARKERS = ['demo-citizen', 'sanwei.devOpenid', '/api/functions/', '/api/subscribe', '/api/storage/upload', 'dev-switcher', '/api/open-data/', 'dev-group-picker']

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? walk(p) : [p]
  })
}

export interface Row { what: string; bytes: number; budget: number; note?: string }

export function measureWeapp(distDir: string): Row[] {
  const appJson = JSON.parse(fs.readFileSync(path.join(distDir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] }
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/+$/, ''))
  const files = walk(distDir).filter((f) => !f.endsWith('.map'))
  const sizeOf = (f: string) => fs.statSync(f).size
  const rel = (f: string) => path.relative(distDir, f).split(path.sep).join('/')
  const rows: Row[] = []
  let mainBytes = 0
  const subBytes = new Map(roots.map((r) => [r, 0]))
  for (const f of files) {
    const r = rel(f)
    const sub = roots.find((root) => r === root || r.startsWith(root + '/'))
    if (sub) subBytes.set(sub, (subBytes.get(sub) ?? 0) + sizeOf(f))
    else mainBytes += sizeOf(f)
  }
  rows.push({ what: 'weapp main package', bytes: mainBytes, budget: BUDGETS.main })
  for (const [r, b] of subBytes) rows.push({ what: `weapp subpackage ${r}`, bytes: b, budget: BUDGETS.subpackage })
  rows.push({ what: 'weapp total', bytes: files.reduce((s, f) => s + sizeOf(f), 0), budget: BUDGETS.total })
  return rows
}

export function measureH5(h5Dir: string): Row[] {
  const html = fs.readFileSync(path.join(h5Dir, 'index.html'), 'utf8')
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1])
  let gz = 0
  let raw = 0
  for (const src of scripts) {
    const file = path.join(h5Dir, src.replace(/^\/+/, ''))
    const data = fs.readFileSync(file)
    raw += data.length
    gz += zlib.gzipSync(data, { level: 9 }).length
  }
  return [{ what: `H5 first-load JS (${scripts.length} files, gzip)`, bytes: gz, budget: BUDGETS.h5FirstLoadGzip, note: `raw ${(raw / KB).toFixed(1)} KB` }]
}

export function devOnlyTraces(distDir: string): string[] {
  const found: string[] = []
  for (const f of walk(distDir)) {
    if (!/\.(js|json|wxml|wxss|wxs)$/.test(f)) continue
    const text = fs.readFileSync(f, 'utf8')
    for (const m of DEV_ONLY_MARKERS) if (text.includes(m)) found.push(`${path.relative(root, f)}: ${m}`)
  }
  return found
}

async function main() {
  const args = new Set(process.argv.slice(2))
  const dist = APP_OUTPUT.weapp.dir
  const distH5 = APP_OUTPUT.h5.dir
  if (!args.has('--no-build')) {
    for (const target of ['weapp', 'h5'] as const) {
      const b = await ensureAppBuild(target, { force: args.has('--rebuild') })
      if (b.built) console.log(`built ${target} in ${b.seconds.toFixed(1)} s`)
    }
  }
  const rows = [...measureWeapp(dist), ...measureH5(distH5)]
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length))
  console.log(pad('what', 44) + pad('size', 12) + pad('budget', 12) + 'ok')
  let failed = false
  for (const r of rows) {
    const ok = r.bytes <= r.budget
    failed ||= !ok
    console.log(pad(r.what, 44) + pad(`${(r.bytes / KB).toFixed(1)} KB`, 12) + pad(`${(r.budget / KB).toFixed(0)} KB`, 12) + (ok ? 'yes' : 'OVER') + (r.note ? `  (${r.note})` : ''))
  }
  const traces = devOnlyTraces(dist)
  if (traces.length) {
    failed = true
    console.log('development-only code found in the WeChat build:\n  ' + traces.join('\n  '))
  } else {
    console.log('development-only code in the WeChat build: none')
  }
  process.exit(failed ? 1 : 0)
}

if (require.main === module) main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1) })
