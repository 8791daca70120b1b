// Builds the mini-program with Taro when its output is missing or older than the sources — used by npm start,
// npm run size and the browser tests. A lock folder keeps two callers from building into the same folder at once.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..')
export type AppTarget = 'h5' | 'weapp'

/** Where each build goes (config/index.ts `outputRoot`) and the file that marks it complete. */
export const APP_OUTPUT: Record<AppTarget, { dir: string; marker: string }> = {
  h5: { dir: path.join(ROOT, 'dist-h5'), marker: 'index.html' },
  weapp: { dir: path.join(ROOT, 'dist'), marker: 'app.json' },
}
const SOURCES = ['src', 'config', 'types', 'babel.config.js', 'project.config.json', 'package.json'].map((p) => path.join(ROOT, p))

function newestMtime(paths: string[]): number {
  let newest = 0
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return
    const stat = fs.statSync(p)
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) if (entry !== 'node_modules' && !entry.startsWith('.')) visit(path.join(p, entry))
    } else newest = Math.max(newest, stat.mtimeMs)
  }
  paths.forEach(visit)
  return newest
}

export function appIsStale(target: AppTarget): boolean {
  const marker = path.join(APP_OUTPUT[target].dir, APP_OUTPUT[target].marker)
  return !fs.existsSync(marker) || newestMtime(SOURCES) > fs.statSync(marker).mtimeMs
}

/** Holds a lock folder while `work` runs; a lock older than ten minutes was left by a killed run and is taken over. */
async function withLock<T>(name: string, work: () => T): Promise<T> {
  // Per checkout: two clones (or git worktrees) on one machine build into different folders and need not wait on each other.
  const lock = path.join(os.tmpdir(), `sanwei-${name}-${createHash('sha1').update(ROOT).digest('hex').slice(0, 8)}.lock`)
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      const age = fs.existsSync(lock) ? Date.now() - fs.statSync(lock).mtimeMs : 0
      if (age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true })
      else await new Promise((r) => setTimeout(r, 250))
    }
  }
  try {
    return work()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

export interface AppBuild { target: AppTarget; built: boolean; seconds: number }

/** A production build of `target` when stale (or always, with `force`). Throws with the build's last lines when it fails. */
export function ensureAppBuild(target: AppTarget, options: { force?: boolean } = {}): Promise<AppBuild> {
  return withLock(`${target}-build`, () => {
    if (!options.force && !appIsStale(target)) return { target, built: false, seconds: 0 }
    const started = Date.now()
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', target], {
      // Size checks and browser tests need no real CloudBase environment: "default" and "local" say so (config/checks.ts).
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, TARO_APP_CLOUD_ENV: process.env.TARO_APP_CLOUD_ENV || 'default', TARO_APP_TEMPLATE_IDS: process.env.TARO_APP_TEMPLATE_IDS || 'local', TARO_ENV: target, NODE_ENV: 'production' }, maxBuffer: 64 * 1024 * 1024,
    })
    if (r.status !== 0) {
      const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n')
      throw new Error(`taro build --type ${target} failed (${r.error?.message ?? `exit code ${r.status}`}):\n${tail}`)
    }
    return { target, built: true, seconds: (Date.now() - started) / 1000 }
  })
}
