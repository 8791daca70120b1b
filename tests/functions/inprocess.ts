// Runs a function's actions in the test's own process, against a local CloudBase, on a clock the test moves: for the
// rules that depend on time windows (rate limits by hour and day), crossed without waiting. The same handler
// (createMain) and the same function code run as in the workers; only the clock is the test's. Environment variables
// point the SDK at the local CloudBase exactly as the workers' do (emulator/functions/identity.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmulator, DEFAULT_APP_ID, type Emulator } from '../../emulator'
import { invocationEnv, workerBaseEnv } from '../../emulator/functions/identity'
import { createMain, type ActionDef } from '../../server/handler'
import { ADMIN, fullScans, rid, type Envelope, type Harness } from './harness'

const ROOT = path.resolve(__dirname, '../..')

export interface TestClock {
  (): Date
  set(iso: string): void
  advance(ms: number): void
}

/** A clock that stands still until the test moves it. */
export function testClock(start: string): TestClock {
  let at = Date.parse(start)
  const clock = (() => new Date(at)) as TestClock
  clock.set = (iso) => { at = Date.parse(iso) }
  clock.advance = (ms) => { at += ms }
  return clock
}

export interface InProcess {
  emulator: Emulator
  url: string
  clock: TestClock
  call<T = any>(fn: string, openid: string, action: string, input?: unknown, requestId?: string | null): Promise<Envelope<T>>
  /** A mutation with a fresh requestId. */
  act<T = any>(fn: string, openid: string, action: string, input?: unknown): Promise<Envelope<T>>
  stop(): Promise<void>
}

type Main = (event: unknown) => Promise<unknown>

/**
 * A local CloudBase (no function workers needed) and functions run here: those given as their actions run on `clock`,
 * those given as a `main` on the system clock. Sets the process's environment for the SDK; `stop` puts it back and
 * checks that every query used a declared index. Calls must not overlap: the caller's identity is an environment variable.
 */
export async function startInProcess(functions: Record<string, Record<string, ActionDef> | Main>, clock: TestClock, functionEnv: Record<string, string> = {}): Promise<InProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-inproc-'))
  const emulator = await startEmulator({ port: 0, dataDir, functionsDir: path.join(ROOT, 'cloudfunctions'), indexesFile: path.join(ROOT, 'server/indexes.json'), timers: false, log: !!process.env.SANWEI_TEST_LOG })
  const base = workerBaseEnv({ baseUrl: emulator.url, envId: emulator.envId, functionEnv: { SANWEI_ADMIN_OPENIDS: ADMIN, SANWEI_WECOM_WEBHOOK_URL: '{{emulatorUrl}}/cgi-bin/webhook/send', SANWEI_MINIPROGRAM_STATE: 'developer', ...functionEnv } })
  // The test process keeps its own PATH, HOME, NODE_ENV and time zone; everything else is what a worker gets.
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT', 'NODE_PATH', 'NODE_ENV', 'TZ']) delete base[key]
  const saved = new Map(Object.keys(base).map((k) => [k, process.env[k]]))
  Object.assign(process.env, base)
  const mains = new Map(Object.entries(functions).map(([name, f]) => [name, typeof f === 'function' ? f : createMain(f, clock)]))
  let identityKeys: string[] = []
  const call = async (fn: string, openid: string, action: string, input: unknown = {}, requestId: string | null = null) => {
    const main = mains.get(fn)
    if (!main) throw new Error(`no function ${fn} in this process`)
    for (const k of identityKeys) delete process.env[k]
    const identity = invocationEnv({ openid, appid: DEFAULT_APP_ID, source: 'wx_client' }, emulator.envId, fn)
    identityKeys = Object.keys(identity)
    Object.assign(process.env, identity)
    const data: Record<string, unknown> = { action, input }
    if (requestId) data.requestId = requestId
    // A round trip through JSON, as the gateway's answer is.
    return JSON.parse(JSON.stringify(await main(data))) as Envelope<any>
  }
  return {
    emulator, url: emulator.url, clock, call,
    act: (fn, openid, action, input) => call(fn, openid, action, input, rid()),
    stop: async () => {
      const scans = await fullScans({ url: emulator.url } as Harness)
      for (const k of identityKeys) delete process.env[k]
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
      await emulator.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (scans.fullScans > 0) throw new Error(`${scans.fullScans} queries used no declared index: ${JSON.stringify(scans.recentFullScans)}`)
    },
  }
}
