// The e2e world: a fresh local CloudBase (built functions, the repo's indexes and templates, the H5 build), seeded, and
// Debian's Chromium driven by playwright-core. Builds the functions, and dist-h5 when it is missing or stale.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { startEmulator, type Emulator } from '../../emulator'
import { APP_OUTPUT, ensureAppBuild } from '../../scripts/build-app'
import { buildFunctions } from '../../scripts/build-functions'
import { coverageEnv } from '../../scripts/coverage'

export const ROOT = path.resolve(__dirname, '../..')
const H5_DIR = APP_OUTPUT.h5.dir
// A test run writes its pictures to an ignored folder, so `npm test` changes no tracked file; `npm run screenshots`
// (SANWEI_SCREENSHOTS=docs) writes them over docs/screenshots on purpose.
export const SCREENSHOTS = process.env.SANWEI_SCREENSHOTS === 'docs' ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, '.screenshots')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The H5 build, rebuilt when the sources are newer. */
export async function ensureH5Build(): Promise<void> {
  const b = await ensureAppBuild('h5')
  if (b.built) process.stdout.write(`e2e: built dist-h5 in ${b.seconds.toFixed(1)} s\n`)
}

/** The WeChat build (dist/), rebuilt when the sources are newer. */
export async function ensureWeappBuild(): Promise<void> {
  const b = await ensureAppBuild('weapp')
  if (b.built) process.stdout.write(`budgets: built dist in ${b.seconds.toFixed(1)} s\n`)
}

export interface World {
  emulator: Emulator
  url: string
  context: BrowserContext
  dataDir: string
  close: () => Promise<void>
}

export async function startWorld(): Promise<World> {
  await ensureH5Build()
  // Under `npm run coverage` the script has bundled the functions with source maps; they are not rebuilt here.
  if (!process.env.SANWEI_COVERAGE_DIR) await buildFunctions({ log: false })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-e2e-'))
  const optional = (f: string) => (fs.existsSync(path.join(ROOT, f)) ? path.join(ROOT, f) : undefined)
  const emulator = await startEmulator({
    port: 0,
    dataDir: path.join(dataDir, 'data'),
    functionsDir: path.join(ROOT, 'cloudfunctions'),
    indexesFile: optional('server/indexes.json'),
    templatesFile: optional('server/templates.json'),
    h5Dir: H5_DIR,
    functionEnv: { SANWEI_ADMIN_OPENIDS: 'demo-admin', SANWEI_WECOM_WEBHOOK_URL: '{{emulatorUrl}}/cgi-bin/webhook/send', SANWEI_MINIPROGRAM_STATE: 'developer', ...coverageEnv() },
  })
  // scripts/seed.ts (server-owned) seeds the demo county; SANWEI_E2E_SEED may point at another module exporting seed(url).
  const seedModule = process.env.SANWEI_E2E_SEED ?? '../../scripts/seed'
  const { seed } = (await import(seedModule)) as { seed: (url: string) => Promise<unknown> }
  await seed(emulator.url)
  const context = await chromium.launchPersistentContext(path.join(dataDir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 414, height: 860 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  return {
    emulator, url: emulator.url, context, dataDir,
    close: async () => {
      await context.close().catch(() => undefined)
      if (process.env.SANWEI_COVERAGE_DIR) await new Promise((r) => setTimeout(r, 500))
      await emulator.stop().catch(() => undefined)
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Calls a function through the gateway as `openid`, unwrapping the envelope (test setup and checks only). */
export async function api<T = unknown>(url: string, openid: string, fn: string, action: string, input: unknown = {}, requestId?: string): Promise<T> {
  const res = await fetch(`${url}/api/functions/${fn}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid },
    body: JSON.stringify({ data: { action, input, ...(requestId ? { requestId } : {}) } }),
  })
  const body = (await res.json()) as { result?: { ok: boolean; data?: T; code?: string; message?: string } }
  if (!body.result?.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(body)}`)
  return body.result.data as T
}

/** Opens `hash` (e.g. '/pages/mine/index') in the H5 app acting as `openid`. */
export async function openAs(page: Page, url: string, openid: string, hash: string): Promise<void> {
  await page.goto(`${url}/#/pages/index/index`)
  await page.evaluate((id) => localStorage.setItem('sanwei.devOpenid', id), openid)
  await page.goto(`${url}/#${hash}`)
  await page.reload()
}

/** Every action the bar offers (the primary one and those behind 更多). */
export async function barActions(page: Page): Promise<string[]> {
  const bar = await page.$('[data-testid="action-bar"]')
  if (!bar) return []
  return ((await bar.getAttribute('data-actions')) ?? '').split(',').filter(Boolean)
}

/** Taps an action: the primary button, or 更多 and then the action in its sheet. */
export async function tapAction(page: Page, command: string): Promise<void> {
  const primary = page.locator(`[data-testid="action-bar"] > [data-action="${command}"]`)
  if (await primary.count()) { await primary.click(); return }
  await page.click('[data-testid="more-actions"]')
  await page.click(`[data-testid="more-sheet"] [data-action="${command}"]`)
}

export async function shot(page: Page, name: string): Promise<void> {
  // Toasts fade by themselves; hide them so the picture shows the screen. Nothing is asserted on time here.
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.taro__toast').forEach((e) => { e.style.display = 'none' }))
  await page.waitForTimeout(300)
  // Taro pages scroll inside their own container: grow the viewport to the page's height for a whole-page picture.
  const size = page.viewportSize() ?? { width: 414, height: 860 }
  const height = await page.evaluate(() => {
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => p.offsetParent !== null || getComputedStyle(p).display !== 'none')
    return Math.max(document.documentElement.scrollHeight, ...pages.map((p) => p.scrollHeight + 60))
  })
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 4000) })
  await page.waitForTimeout(200)
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) })
  await page.setViewportSize(size)
}

/** A small real PNG (a coloured block, 64×48), for the photo upload. */
export function pngFile(): { name: string; mimeType: string; buffer: Buffer } {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf: Buffer) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const c = Buffer.alloc(4); c.writeUInt32BE(crc(td))
    return Buffer.concat([len, td, c])
  }
  const w = 64, h = 48
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0
  const rows: Buffer[] = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3)
    for (let x = 0; x < w; x++) { row[1 + x * 3] = 200; row[2 + x * 3] = (y * 5) & 0xff; row[3 + x * 3] = (x * 4) & 0xff }
    rows.push(row)
  }
  const idat = zlib.deflateSync(Buffer.concat(rows))
  const buffer = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))])
  return { name: 'lamp.png', mimeType: 'image/png', buffer }
}
