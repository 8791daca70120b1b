// Starts the real emulator (emulator/index.ts) on a temp folder for the database tests, and points the SDK at it.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Database, IndexFile } from '../../emulator/db'
import { startEmulator } from '../../emulator'

export interface Harness {
  url: string
  db: Database
  stop(): Promise<void>
}

/** The emulator's folders inside a test's temp dir; the same dir reopens the same data. */
export function emulatorPaths(dir: string): { dataDir: string; functionsDir: string; indexesFile: string } {
  return { dataDir: join(dir, 'data'), functionsDir: join(dir, 'functions'), indexesFile: join(dir, 'indexes.json') }
}

export async function startHarness(dir: string, indexes: IndexFile = {}, options: { transactionTimeoutMs?: number; aggregateDefaultLimit?: number | null } = {}): Promise<Harness> {
  const paths = emulatorPaths(dir)
  mkdirSync(paths.functionsDir, { recursive: true })
  writeFileSync(paths.indexesFile, JSON.stringify(indexes))
  const emulator = await startEmulator({ port: 0, ...paths, h5Dir: join(dir, 'h5'), timers: false, log: false, ...options })
  return { url: emulator.url, db: emulator.db, stop: () => emulator.stop() }
}

/** Points @cloudbase/node-sdk at a base URL by environment variables alone, as the emulator does for functions. */
export function sdkEnv(base: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${base}/admin` })
  process.env.TENCENTCLOUD_SECRETID = 'local'
  process.env.TENCENTCLOUD_SECRETKEY = 'local'
  process.env.TENCENTCLOUD = 'true'
  process.env.SCF_NAMESPACE = 'local-test'
}
