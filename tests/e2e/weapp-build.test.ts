// The WeChat build and project.config.json agree: the JavaScript level the base library is handed, the app.json switches,
// and a production build that would not know its CloudBase environment is refused.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { transformSync } from 'esbuild'
import { ROOT, ensureWeappBuild } from './env'

jest.setTimeout(240_000)

const LEVELS = ['es5', 'es2015', 'es2016', 'es2017', 'es2018', 'es2019', 'es2020', 'es2021', 'es2022'] as const

/** The lowest ECMAScript level whose syntax covers the code: the first target esbuild need not rewrite it for. */
function syntaxLevel(code: string): string {
  const same = transformSync(code, { target: 'esnext', loader: 'js', minifyWhitespace: true }).code
  for (const level of LEVELS) {
    try {
      if (transformSync(code, { target: level, loader: 'js', minifyWhitespace: true }).code === same) return level
    } catch {
      // esbuild cannot lower it to this level: it needs more.
    }
  }
  return 'esnext'
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? jsFiles(p) : d.name.endsWith('.js') ? [p] : []
  })
}

beforeAll(async () => {
  await ensureWeappBuild()
})

test('ES2015+ syntax in the build is compiled by DevTools on upload (es6 and enhance on), never handed raw to old base libraries', () => {
  const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as { setting: { es6?: boolean; enhance?: boolean } }
  const levels = jsFiles(path.join(ROOT, 'dist')).map((f) => LEVELS.indexOf(syntaxLevel(fs.readFileSync(f, 'utf8')) as (typeof LEVELS)[number]))
  const highest = levels.includes(-1) ? 'esnext' : LEVELS[Math.max(...levels)]
  process.stdout.write(`${JSON.stringify({ weappSyntaxLevel: highest, files: levels.length })}\n`)
  if (highest !== 'es5') {
    // es6 turns on DevTools' ES2015 → ES5 compile; enhance extends it to async/await, optional chaining and the rest.
    expect({ es6: project.setting.es6, enhance: project.setting.enhance, highest }).toEqual({ es6: true, enhance: true, highest })
  }
})

test('app.json uses the v2 component styles and loads components lazily', () => {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'app.json'), 'utf8')) as { style?: string; lazyCodeLoading?: string }
  expect(app.style).toBe('v2')
  expect(app.lazyCodeLoading).toBe('requiredComponents')
})

test('a production WeChat build without the CloudBase env id stops with a message before building', () => {
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'production' }
  delete env.TARO_APP_CLOUD_ENV
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'weapp'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 120_000 })
  expect(run.status).not.toBe(0)
  expect(`${run.stdout}\n${run.stderr}`).toContain('TARO_APP_CLOUD_ENV is not set: a production WeChat build needs the CloudBase env id')
})
