// Test harness: a local CloudBase with the repo's built functions and index file, and helpers to call them as a person.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator'
import { buildFunctions } from '../../scripts/build-functions'
import { coverageEnv } from '../../scripts/coverage'

const ROOT = path.resolve(__dirname, '../..')
export const ADMIN = 'admin-openid-1'

let built: Promise<unknown> | undefined
/** Bundle the functions once per test file (esbuild takes ~0.2 s). Under `npm run coverage` the script has bundled them, with source maps. */
/**
 * Under a mutation run (npm run mutation) the active mutant's id, for the function workers: the bundles hold every
 * mutant, and the instrumented code reads which one is on from this variable when a worker loads it.
 */
function mutantEnv(): Record<string, string> {
  const id = process.env.__STRYKER_ACTIVE_MUTANT__
  return id ? { __STRYKER_ACTIVE_MUTANT__: id } : {}
}

export function ensureBuilt(): Promise<unknown> {
  // esbuild's service process is stopped once the bundles are written: a mutation run's one jest process runs every test
  // file again for each mutant, and each file's service otherwise stays alive to the end (tens of them, ~25 MB each).
  if (!built) built = process.env.SANWEI_COVERAGE_DIR ? Promise.resolve() : buildFunctions({ log: false }).then(async (r) => { (await import('esbuild')).stop(); return r })
  return built
}

export interface Harness {
  emulator: Emulator
  url: string
  call<T = any>(fn: string, openid: string | null, action: string, input?: unknown, requestId?: string | null): Promise<Envelope<T>>
  /** A mutation with a fresh requestId. */
  act<T = any>(fn: string, openid: string, action: string, input?: unknown): Promise<Envelope<T>>
  counts(): Promise<Record<string, number>>
  stop(): Promise<void>
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; code: string; message: string; field?: string }

let seq = 0
export const rid = () => `req-${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`

export async function startHarness(functionEnv: Record<string, string> = {}, options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  await ensureBuilt()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-fn-'))
  const emulator = await startEmulator({
    port: 0, dataDir, functionsDir: path.join(ROOT, 'cloudfunctions'), indexesFile: path.join(ROOT, 'server/indexes.json'),
    functionEnv: { SANWEI_ADMIN_OPENIDS: ADMIN, SANWEI_WECOM_WEBHOOK_URL: '{{emulatorUrl}}/cgi-bin/webhook/send', SANWEI_MINIPROGRAM_STATE: 'developer', ...coverageEnv(), ...mutantEnv(), ...functionEnv }, timers: false, log: !!process.env.SANWEI_TEST_LOG, ...options,
  })
  const url = emulator.url
  const call = async (fn: string, openid: string | null, action: string, input: unknown = {}, requestId: string | null = null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (openid) headers['x-openid'] = openid
    const data: Record<string, unknown> = { action, input }
    if (requestId) data.requestId = requestId
    const res = await fetch(`${url}/api/functions/${fn}`, { method: 'POST', headers, body: JSON.stringify({ data }) })
    const body = (await res.json()) as { result?: unknown; code?: string; message?: string }
    if (res.status !== 200) throw new Error(`gateway ${res.status}: ${JSON.stringify(body)}`)
    return body.result as any
  }
  return {
    emulator, url, call,
    act: (fn, openid, action, input) => call(fn, openid, action, input, rid()),
    counts: async () => ((await (await fetch(`${url}/api/emulator/stats`)).json()) as { db: { collections: Record<string, number> } }).db.collections,
    // Every file stops its harness in afterAll, so this checks the queries of whatever ran — the whole file or one
    // test picked by name: each one used a declared index.
    // Full scans made by the test's own reads through sdkDatabase() are not the product's and are not counted.
    stop: async () => {
      const scans = await fullScans({ url } as Harness).catch(() => null)
      // Under coverage, workers write theirs 300 ms after their last invocation; let them before they are stopped.
      if (process.env.SANWEI_COVERAGE_DIR) await new Promise((r) => setTimeout(r, 500))
      await emulator.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
      const product = scans ? scans.fullScans - (testScans.get(url) ?? 0) : 0
      if (product > 0) throw new Error(`${product} queries used no declared index: ${JSON.stringify(scans!.recentFullScans)}`)
    },
  }
}

export function expectOk<T>(e: Envelope<T>): T {
  if (!e.ok) throw new Error(`expected ok, got ${e.code} ${e.field ?? ''}: ${e.message}`)
  return e.data
}

export interface County {
  townId: string; otherTownId: string; villageId: string; village2Id: string; otherVillageId: string
  groupId: string; departmentId: string
  citizen: string; citizen2: string; member: string; member2: string; groupMember: string; staff: string; townStaff: string
  ids: Record<string, string>
}

/** A small county made through the org function, as an admin would: towns, villages, people, roles, bindings, a group. */
/** An activity created, published and open for sign-in by `staff`: what a test of the day itself starts from. */
export async function heldActivityIn(h: Pick<Harness, 'act'>, staff: string, draft: Record<string, unknown>): Promise<string> {
  const { id } = expectOk(await h.act('activities', staff, 'create', draft))
  expectOk(await h.act('activities', staff, 'publish', { id }))
  expectOk(await h.act('activities', staff, 'openSignIn', { id }))
  return id
}

export async function setupCounty(h: Pick<Harness, 'act'>): Promise<County> {
  const ids: Record<string, string> = {}
  const openids = { citizen: 'citizen-a', citizen2: 'citizen-b', member: 'member-a', member2: 'member-b', groupMember: 'member-g', staff: 'staff-all', townStaff: 'staff-town' }
  for (const [k, o] of Object.entries(openids)) {
    ids[k] = expectOk(await h.act('org', o, 'updateProfile', { name: `${k}-姓名` })).id!
  }
  const townId = expectOk(await h.act('org', ADMIN, 'upsertTown', { name: '当湖街道', order: 1 })).id
  const otherTownId = expectOk(await h.act('org', ADMIN, 'upsertTown', { name: '乍浦镇', order: 2 })).id
  const villageId = expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId, name: '东湖社区', order: 1 })).id
  const village2Id = expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId, name: '南市社区', order: 2 })).id
  const otherVillageId = expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId: otherTownId, name: '雅山村', order: 1 })).id
  for (const k of ['member', 'member2', 'groupMember']) expectOk(await h.act('org', ADMIN, 'setRoles', { personId: ids[k], roles: ['citizen', 'member'] }))
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: ids.staff, roles: ['citizen', 'staff'], staffScope: 'all' }))
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: ids.townStaff, roles: ['citizen', 'staff'], staffScope: [otherTownId] }))
  expectOk(await h.act('org', ADMIN, 'bindMember', { villageId, memberId: ids.member }))
  const groupId = expectOk(await h.act('org', ADMIN, 'upsertSectorGroup', { name: '经济界活动组', memberIds: [ids.member, ids.groupMember] })).id
  const departmentId = expectOk(await h.act('org', ADMIN, 'upsertDepartment', { name: '市住建局' })).id
  return { townId, otherTownId, villageId, village2Id, otherVillageId, groupId, departmentId, ids, ...openids }
}

/**
 * The real CloudBase environment of the contract suite, when SANWEI_CONTRACT_ENV and its keys (TENCENTCLOUD_SECRETID,
 * TENCENTCLOUD_SECRETKEY) are set; SANWEI_CONTRACT_URL overrides its endpoint (to check the suite itself on a local one).
 */
export function contractEnvironment(): NonNullable<EmulatorOptions['upstream']> | null {
  const envId = process.env.SANWEI_CONTRACT_ENV
  const secretId = process.env.TENCENTCLOUD_SECRETID
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY
  if (!envId || !secretId || !secretKey) return null
  return { envId, secretId, secretKey, sessionToken: process.env.TENCENTCLOUD_SESSIONTOKEN, url: process.env.SANWEI_CONTRACT_URL || undefined }
}

export const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString()

/** The real server SDK from the test process, pointed at the emulator: for arranging time (backdating) in tests. */
export function sdkDatabase(h: Harness): any {
  process.env.TENCENTCLOUD = 'true'
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk')
  const app = tcb.init({ env: h.emulator.envId, serviceUrl: `${h.url}/admin`, secretId: 'local', secretKey: 'local' })
  return countingTestScans(app.database(), h.url)
}

/** Full scans made by each harness's test-side reads (sdkDatabase), by emulator URL. */
const testScans = new Map<string, number>()
const TERMINAL = new Set(['get', 'count', 'update', 'remove', 'set', 'create', 'add'])

/** The SDK object, with each query's full scans (before → after) counted as the test's own. */
function countingTestScans(target: any, url: string): any {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver)
      if (typeof value !== 'function' || prop === 'constructor') return value
      if (TERMINAL.has(String(prop))) {
        return async (...args: unknown[]) => {
          const before = (await fullScans({ url } as Harness)).fullScans
          try {
            return await value.apply(obj, args)
          } finally {
            const after = (await fullScans({ url } as Harness)).fullScans
            testScans.set(url, (testScans.get(url) ?? 0) + after - before)
          }
        }
      }
      return (...args: unknown[]) => {
        const out = value.apply(obj, args)
        return out && typeof out === 'object' && !(out instanceof Promise) ? countingTestScans(out, url) : out
      }
    },
  })
}

/**
 * Runs the test's own direct reads (e.g. a whole-collection snapshot through `h.emulator.db`) and counts the full scans
 * they made as the test's, not the product's. Only for reads made while no function runs, so nothing else is counted.
 */
export async function asTestReads<T>(h: Harness, read: () => Promise<T>): Promise<T> {
  const before = (await fullScans(h)).fullScans
  try {
    return await read()
  } finally {
    const after = (await fullScans(h)).fullScans
    testScans.set(h.url, (testScans.get(h.url) ?? 0) + after - before)
  }
}

/** Fires the timer as at a tenth minute (the time rules run then; every firing sweeps the outbox). */
export async function fireTimer(h: Harness, opts: { rules?: boolean; onTheHour?: boolean } = {}): Promise<any> {
  // On the hour the rules also recount the triage counters and the figures; at minute 1 only the fold and the outbox run.
  const at = opts.onTheHour
    ? new Date(Math.floor(Date.now() / 3600_000) * 3600_000).toISOString()
    : new Date(Math.floor(Date.now() / 600_000) * 600_000 + (opts.rules === false ? 60_000 : 0)).toISOString()
  const res = await fetch(`${h.url}/api/triggers/timer/timeRules?at=${encodeURIComponent(at)}`, { method: 'POST' })
  return res.json()
}

/** Queries that used no declared index so far, with the latest ones (the emulator records them). */
export async function fullScans(h: Harness): Promise<{ fullScans: number; recentFullScans: unknown[] }> {
  return ((await (await fetch(`${h.url}/api/emulator/stats`)).json()) as { db: { fullScans: number; recentFullScans: unknown[] } }).db
}

/** The local CloudBase's inbox of what reached WeChat, of one kind (`subscribeMessage`, `robot`, …). */
export async function inboxOf(h: Harness, kind: string): Promise<any[]> {
  return ((await (await fetch(`${h.url}/api/inbox?kind=${kind}`)).json()) as { entries: any[] }).entries
}

/** What tapping 允许 does: WeChat grants the one-time subscriptions (`grant`), and the app reports them (`report`). */
export async function grantSubscriptions(h: Harness, openid: string, templateIds: string[], report = true, grant = true): Promise<void> {
  if (grant) await fetch(`${h.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, templateIds }) })
  if (report) expectOk(await h.act('notify', openid, 'reportSubscribe', { results: Object.fromEntries(templateIds.map((t) => [t, 'accept'])) }))
}
