// Shared by the runtime tests: a throw-away emulator over the fixture functions, and pointing the SDKs at it by env vars alone.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator'

export const FIXTURE_FUNCTIONS = path.join(__dirname, '..', 'fixtures', 'functions')

export interface TestEmulator extends Emulator {
  dataDir: string
  post(pathname: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>
  get(pathname: string): Promise<{ status: number; json: any; text: string; headers: Headers }>
  close(): Promise<void>
}

export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-runtime-'))
  const emulator = await startEmulator({ dataDir, functionsDir: FIXTURE_FUNCTIONS, timers: false, ...options })
  return {
    ...emulator,
    dataDir,
    async post(pathname, body, headers = {}) {
      const res = await fetch(emulator.url + pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, json: text ? JSON.parse(text) : null }
    },
    async get(pathname) {
      const res = await fetch(emulator.url + pathname)
      const text = await res.text()
      let json: unknown = null
      try {
        json = JSON.parse(text)
      } catch {
        // not JSON
      }
      return { status: res.status, json, text, headers: res.headers }
    },
    async close() {
      await emulator.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** What a cloud function's environment holds, set on this process so the real SDKs talk to the emulator. */
export function pointSdksAt(emulator: { url: string; envId: string }): void {
  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${emulator.url}/admin` }),
    TENCENTCLOUD_SECRETID: 'AKIDtest',
    TENCENTCLOUD_SECRETKEY: 'test-secret',
    TENCENTCLOUD: 'true',
    SCF_NAMESPACE: emulator.envId,
  })
}
