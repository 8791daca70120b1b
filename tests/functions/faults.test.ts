// The whole loop under injected faults (5 % each: latency, refused and dropped connections on both hops, transaction
// conflicts): nothing acknowledged is lost, nothing is half-written, every failure has a code, a retried request acts once,
// and the state afterwards is the state a fault-free run of the same successful commands leaves. Then WeChat errors:
// a content check that fails holds the item for review and never publishes it unchecked.
import { ADMIN, asTestReads, expectOk, fireTimer, grantSubscriptions, inboxOf, inDays, rid, sdkDatabase, setupCounty, startHarness, type County, type Envelope, type Harness } from './harness'

jest.setTimeout(300_000)

const SEED = 20261129
const CHAINS = 6
// Every command of one person changes that person's rate-limit window in its transaction, so parallel chains of the same
// person conflict with each other besides the injected conflicts: patience, with jitter so they do not retry in step.
const ATTEMPTS = 40
const CODES = new Set(['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BAD_TRANSITION', 'RATE_LIMITED', 'CONTENT_REJECTED', 'UNAUTHENTICATED', 'INTERNAL'])
const env = { SANWEI_SUBMITS_PER_DAY: '1000', SANWEI_COMMENTS_PER_HOUR: '1000' }

interface Logged { fn: string; who: string; action: string; input: unknown; data: unknown }

interface Client {
  /** Acknowledged commands, in the order they were acknowledged. */
  log: Logged[]
  failures: { network: number; gateway: number; envelope: number; retried: number }
  /** A mutation, retried with the same requestId until it is answered with something other than a retryable failure. */
  act(fn: string, who: string, action: string, input: unknown): Promise<Envelope<any>>
}

/** What the app does: one requestId per intent, retried on no answer, on INTERNAL or CONFLICT, on a failed gateway. */
function client(h: Harness): Client {
  const log: Logged[] = []
  const failures = { network: 0, gateway: 0, envelope: 0, retried: 0 }
  return {
    log,
    failures,
    async act(fn, who, action, input) {
      const requestId = rid()
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (attempt > 0) {
          failures.retried++
          await new Promise((r) => setTimeout(r, Math.min(800, 25 * 2 ** attempt) * (0.5 + Math.random())))
        }
        let res: Response
        try {
          res = await fetch(`${h.url}/api/functions/${fn}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-openid': who },
            body: JSON.stringify({ data: { action, input, requestId } }),
          })
        } catch {
          failures.network++ // refused, or the answer was dropped: the outcome is unknown
          continue
        }
        let body: { result?: Envelope<any>; code?: string; message?: string }
        try {
          body = (await res.json()) as typeof body
        } catch {
          failures.network++ // dropped mid-answer
          continue
        }
        if (res.status !== 200) {
          // The function itself failed: still a code and a message.
          expect({ status: res.status, code: typeof body.code, message: typeof body.message }).toEqual({ status: res.status, code: 'string', message: 'string' })
          failures.gateway++
          continue
        }
        const envelope = body.result as Envelope<any>
        if (!envelope.ok) {
          expect(CODES.has(envelope.code)).toBe(true)
          expect(typeof envelope.message).toBe('string')
          if (envelope.code === 'INTERNAL' || envelope.code === 'CONFLICT') {
            failures.envelope++
            continue
          }
          return envelope
        }
        log.push({ fn, who, action, input, data: envelope.data })
        return envelope
      }
      throw new Error(`${action} got no answer in ${ATTEMPTS} attempts (${JSON.stringify(failures)})`)
    },
  }
}

/** One suggestion through the whole loop, with a comment, a second and a follow on the way. */
async function chain(c: County, k: Client, n: number): Promise<void> {
  const citizen = n % 2 ? c.citizen : c.citizen2
  const ok = async (fn: string, who: string, action: string, input: unknown) => expectOk(await k.act(fn, who, action, input))
  const { id } = await ok('suggestions', citizen, 'submit', {
    category: 'traffic', townId: c.townId, villageId: n % 3 ? c.villageId : c.village2Id, title: `路口信号灯第${n}号建议`,
    content: `第${n}个路口早高峰拥堵，建议延长绿灯时间。`, images: [], anonymous: n % 4 === 0,
  })
  await ok('suggestions', c.staff, 'accept', { id })
  await ok('suggestions', c.citizen2, 'comment', { id, text: `赞成第${n}条`, stance: 'for' })
  await ok('suggestions', c.citizen, 'second', { id })
  await ok('suggestions', n % 2 ? c.citizen2 : c.citizen, 'follow', { id, on: true })
  await ok('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: DEADLINE })
  await ok('suggestions', c.member, 'claim', { id })
  await ok('suggestions', c.member, 'progress', { id, note: `第${n}条已现场查看`, images: [] })
  await ok('suggestions', c.member, 'reply', { id, text: `第${n}条已调整配时`, outcome: n % 3 ? 'adopted' : 'partlyAdopted' })
  if (n % 2) await ok('suggestions', citizen, 'rate', { id, value: 'satisfied' })
}

/** Everyone in the loop accepts every kind of message often enough that no run runs out (tapping 允许, then reporting it). */
async function subscribeAll(h: Harness, c: County): Promise<void> {
  const templateIds = ['sanwei-status-changed', 'sanwei-handed-off', 'sanwei-replied', 'sanwei-chased', 'sanwei-reopened']
  for (const openid of [c.citizen, c.citizen2, c.member]) {
    await fetch(`${h.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, templateIds: Array(GRANTS).fill(templateIds).flat() }) })
    for (let i = 0; i < GRANTS; i++) expectOk(await h.act('notify', openid, 'reportSubscribe', { results: Object.fromEntries(templateIds.map((t) => [t, 'accept'])) }))
  }
}
const GRANTS = 20

/** Subscribe messages WeChat accepted, as the local CloudBase's inbox recorded them. */
async function delivered(h: Harness): Promise<Array<Record<string, unknown>>> {
  const { entries } = (await (await fetch(`${h.url}/api/inbox?kind=subscribeMessage`)).json()) as { entries: Array<{ errcode: number }> }
  return entries.filter((e) => e.errcode === 0)
}

const DEADLINE = inDays(10)

/** Replays acknowledged commands on a fault-free local CloudBase, mapping the ids the first run answered to the replay's. */
async function replay(h: Harness, from: County, to: County, log: Logged[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  const pair = (a: unknown, b: unknown) => {
    if (typeof a === 'string' && typeof b === 'string') ids.set(a, b)
    else if (a && b && typeof a === 'object' && typeof b === 'object') for (const key of Object.keys(a)) pair((a as any)[key], (b as any)[key])
  }
  pair(from, to)
  const mapped = (v: unknown): unknown =>
    typeof v === 'string' ? (ids.get(v) ?? v) : Array.isArray(v) ? v.map(mapped) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapped(x)])) : v
  for (const entry of log) {
    const who = ids.get(entry.who) ?? entry.who
    const answer = await h.call(entry.fn, who, entry.action, mapped(entry.input), rid())
    const data = expectOk(answer)
    // Ids first answered here (a new suggestion, a comment) map to the replay's.
    if (entry.action === 'submit') ids.set((entry.data as { id: string }).id, (data as { id: string }).id)
    if (entry.action === 'comment') ids.set((entry.data as { commentId: string }).commentId, (data as { commentId: string }).commentId)
  }
  return ids
}

const TIME_OR_ID = /(^_id$|At$|^at$|Key$|^requestId$|^deadline$|^expiresAt$)/
/**
 * Per collection, fields that record how the work went rather than what it did: an outbox row's delivery bookkeeping
 * (a WeChat error leaves a row pending with a backoff where the other run sent it) and a counter's recent operation ids.
 */
const BOOKKEEPING: Record<string, Set<string>> = {
  outbox: new Set(['status', 'attempts', 'leaseId', 'lastErrcode', 'lastErrmsg', 'skipReason', 'log', 'waitingForLimit']),
  counters: new Set(['ops']),
}

/** The database as comparable rows: ids replaced by what they stand for, times and generated keys dropped, rows sorted. */
async function snapshot(h: Harness, names: Map<string, string>, collections = COLLECTIONS): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  const rename = (v: unknown, drop: Set<string> | undefined): unknown => {
    if (typeof v === 'string') {
      let s = names.get(v) ?? v
      for (const [id, name] of names) if (id.length >= 8 && s.includes(id)) s = s.split(id).join(name)
      // Times differ between runs by nature: inside generated keys ("2026-11-29T20:10:39.903Z|id0") and as shown in
      // a notification ("2026-11-30 05:17").
      return s.replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?Z?)?/g, '<time>')
    }
    if (Array.isArray(v)) return v.map((x) => rename(x, undefined))
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).filter(([k]) => !TIME_OR_ID.test(k) && !drop?.has(k)).map(([k, x]) => [k, rename(x, undefined)]))
    }
    return v
  }
  // Whole-collection reads: the comparison's own, not the product's queries (those must all use an index).
  await asTestReads(h, async () => {
    for (const collection of collections) {
      const rows: string[] = []
      let offset = 0
      for (;;) {
        const res = await h.emulator.db.handle('database.getDocument', { collectionName: collection, queryType: 'WHERE', query: '{}', offset, limit: 1000 })
        const list = (res.data as { list: string[] }).list
        for (const doc of list) rows.push(JSON.stringify(rename(JSON.parse(doc), BOOKKEEPING[collection])))
        if (list.length < 1000) break
        offset += 1000
      }
      out[collection] = rows.sort()
    }
  })
  return out
}
const COLLECTIONS = ['suggestions', 'events', 'comments', 'seconds', 'follows', 'outbox', 'notices', 'counters', 'users']

/** The timer's hourly counter repair (server/timerRules.ts recountTabs), run now against one local CloudBase. */
async function recountIn(h: Harness): Promise<void> {
  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${h.url}/admin` }), TENCENTCLOUD_SECRETID: 'local', TENCENTCLOUD_SECRETKEY: 'local',
    TENCENTCLOUD: 'true', SCF_NAMESPACE: h.emulator.envId,
  })
  let recountTabs: () => Promise<number> = async () => 0
  // A fresh module registry: server/db.ts keeps its SDK handle, which must point at this emulator.
  jest.isolateModules(() => {
    recountTabs = require('../../server/timerRules').recountTabs
  })
  await recountTabs()
}

let faulty: Harness
let clean: Harness

afterAll(async () => {
  await faulty?.stop()
  await clean?.stop()
})

test('the loop under 5 % faults ends where a fault-free run of its acknowledged commands ends', async () => {
  faulty = await startHarness(env, {
    // A function whose rollback was lost leaves its transaction to expire, holding its locks meanwhile (as in CloudBase,
    // where that takes longer): a short expiry keeps the test short.
    transactionTimeoutMs: 1500,
    faults: {
      seed: SEED, latencyRate: 0.05, latencyMs: 30, refuseRate: 0.05, dropRate: 0.05, conflictRate: 0.05,
      // The content check is exercised on its own below: its failure holds an item for review (a comment is refused as
      // CONTENT_REJECTED), by design, so the function → CloudBase hop drops only database calls here.
      adminFaultActions: ['database.'],
      wechatErrorRate: 0.05, wechatErrorApis: ['/cgi-bin/message/subscribe/send', 'subscribeMessage.send'], paused: true,
    },
  })
  const county = await setupCounty(faulty)
  await subscribeAll(faulty, county)
  faulty.emulator.faults!.paused = false
  const startedHour = Math.floor(Date.now() / 3600_000)
  const k = client(faulty)
  const results = await Promise.allSettled(Array.from({ length: CHAINS }, (_, n) => chain(county, k, n + 1)))
  faulty.emulator.faults!.paused = true
  for (const r of results) if (r.status === 'rejected') throw r.reason
  const injected = faulty.emulator.faults!.injected
  process.stdout.write(`${JSON.stringify({ faultsInjected: injected, acknowledged: k.log.length, ...k.failures })}\n`)
  expect(injected.refused + injected.dropped).toBeGreaterThan(0)
  expect(injected.conflict).toBeGreaterThan(0)
  expect(k.failures.retried).toBeGreaterThan(0)

  // Nothing acknowledged is lost: every acknowledged submission is there, with every acknowledged step on its timeline, once.
  const submitted = k.log.filter((e) => e.action === 'submit').map((e) => (e.data as { id: string }).id)
  expect(submitted).toHaveLength(CHAINS)
  for (const id of submitted) {
    const detail = expectOk(await faulty.call('suggestions', county.staff, 'detail', { id }))
    const acknowledged = k.log.filter((e) => (e.input as { id?: string }).id === id && e.action !== 'follow').map((e) => e.action)
    expect(detail.timeline.map((e: { command: string }) => e.command)).toEqual(['submit', ...acknowledged])
    // Not half-written: the item's state is the one its last event says.
    expect(detail.timeline[detail.timeline.length - 1].to).toBe(detail.status)
  }
  // Each acknowledged mutation left exactly one idempotency record: a retry acted once.
  const [requests, setupMutations] = await asTestReads(faulty, async () => {
    const all = await faulty.emulator.db.handle('database.calculateDocument', { collectionName: 'requests', query: '{}' })
    const setup = await faulty.emulator.db.handle('database.calculateDocument', { collectionName: 'requests', query: JSON.stringify({ personId: { $exists: true }, action: { $in: ['reportSubscribe', 'updateProfile', 'upsertTown', 'upsertVillage', 'setRoles', 'bindMember', 'upsertSectorGroup', 'upsertDepartment'] } }) })
    return [all, (setup.data as { total: number }).total]
  })
  expect((requests.data as { total: number }).total - setupMutations).toBe(k.log.length)

  // The same acknowledged commands, in the same order, without faults.
  clean = await startHarness(env)
  const cleanCounty = await setupCounty(clean)
  await subscribeAll(clean, cleanCounty)
  const ids = await replay(clean, county, cleanCounty, k.log)
  // Both runs' ids named alike: the county's by its field names, the rest by order of appearance.
  const faultyNames = new Map<string, string>()
  const cleanNames = new Map<string, string>()
  const name = (a: unknown, b: unknown, label: string) => {
    if (typeof a === 'string' && typeof b === 'string') {
      faultyNames.set(a, label)
      cleanNames.set(b, label)
    } else if (a && b && typeof a === 'object') for (const key of Object.keys(a)) name((a as any)[key], (b as any)[key], `${label}.${key}`)
  }
  name(county, cleanCounty, 'county')
  let n = 0
  for (const [from, to] of ids) if (!faultyNames.has(from)) name(from, to, `id${n++}`)
  faultyNames.set(ADMIN, 'admin')
  cleanNames.set(ADMIN, 'admin')
  await fireTimer(faulty)
  await fireTimer(clean)
  const [a, b] = await Promise.all([snapshot(faulty, faultyNames), snapshot(clean, cleanNames)])
  // A person's rate window restarts on the hour (comments) and at midnight Beijing time (submissions, also on an hour):
  // when the two runs straddle an hour, their windows differ by nature and are left out of the comparison.
  if (Math.floor(Date.now() / 3600_000) !== startedHour) {
    process.stdout.write('the runs straddled an hour: rate windows not compared\n')
    for (const snap of [a, b]) snap.counters = snap.counters.filter((row) => !row.includes('"kind":"rate"'))
  }
  for (const collection of Object.keys(b)) expect({ collection, rows: a[collection] }).toEqual({ collection, rows: b[collection] })
  // Notifications: the same messages queued in both runs (above). Every row settled as sent reached its person, once:
  // a mark the database refused or whose answer it lost is tried again, so the row is not sent again when its lease
  // ends. (Only a dispatcher killed between a send and its mark sends twice: dispatch-crash.test.)
  const sent = await asTestReads(faulty, async () => ((await faulty.emulator.db.handle('database.calculateDocument', { collectionName: 'outbox', query: JSON.stringify({ kind: 'subscribe', status: 'sent' }) })).data as { total: number }).total)
  // What the person sees, without the inbox's own entry number and time.
  const messages = (await delivered(faulty)).map(({ id, at, ...m }) => JSON.stringify(m))
  const times = new Map<string, number>()
  for (const m of messages) times.set(m, (times.get(m) ?? 0) + 1)
  expect(sent).toBeGreaterThan(0)
  expect(times.size).toBeGreaterThanOrEqual(sent)
  expect(Math.max(...times.values())).toBe(1)
  // The triage counters equal the items, with no repair: the timer's recount (which counts the items) changes nothing.
  // (A tab a counter emptied keeps its key at 0; the recount writes only the tabs that have items.)
  const triage = (rows: string[]) => rows.map((r) => JSON.parse(r)).filter((r) => r.kind === 'triage')
    .map((r) => ({ ...r, counts: Object.fromEntries(Object.entries(r.counts).filter(([, n]) => (n as { $numberInt: string }).$numberInt !== '0')) }))
  const counted = triage(a.counters)
  expect(counted.length).toBeGreaterThan(0)
  await recountIn(faulty)
  expect(triage((await snapshot(faulty, faultyNames, ['counters'])).counters)).toEqual(counted)
})

test('a content check that fails (WeChat error) holds the submission for review; it is never published unchecked', async () => {
  const h = await startHarness(env, { faults: { seed: SEED, wechatErrorRate: 0.25, wechatErrorApis: ['/wxa/msg_sec_check', 'security.msgSecCheck'], paused: true } })
  try {
    const c = await setupCounty(h)
    h.emulator.faults!.paused = false
    const k = client(h)
    const statuses: string[] = []
    for (let n = 0; n < 12; n++) {
      const res = expectOk(await k.act('suggestions', c.citizen, 'submit', { category: 'traffic', townId: c.townId, villageId: c.villageId, title: `检查第${n}条`, content: '路灯不亮', images: [], anonymous: false }))
      statuses.push(res.status)
    }
    const errors = h.emulator.faults!.injected.wechatError
    expect(errors).toBeGreaterThan(0)
    expect(statuses.filter((s) => s === 'pendingReview')).toHaveLength(errors)
    expect(statuses.filter((s) => s === 'submitted')).toHaveLength(12 - errors)
    const feed = expectOk(await h.call('suggestions', c.citizen2, 'feed', {}))
    expect(feed.items.filter((i: { status: string }) => i.status === 'pendingReview')).toEqual([])
  } finally {
    await h.stop()
  }
})

test('a notice whose settling the database refused, or did and lost the answer, reaches its person once and is settled as sent', async () => {
  const h = await startHarness(env, { faults: { paused: true } })
  try {
    const c = await setupCounty(h)
    const db = sdkDatabase(h)
    for (const kind of ['dropped', 'refused'] as const) {
      const person = `settle-${kind}`
      await grantSubscriptions(h, person, ['sanwei-status-changed'])
      const id = expectOk(await h.act('suggestions', person, 'submit', { category: 'traffic', townId: c.townId, villageId: c.villageId, title: `路灯不亮（${kind}）`, content: '村口路灯一直不亮', images: [], anonymous: false })).id
      // The first update of the outbox after the acceptance is the mark of its notice, right after the send.
      h.emulator.faults!.script({ kind, action: 'database.modifyDocument', collectionName: 'outbox' })
      expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
      expect(h.emulator.faults!.scriptedLeft).toBe(0)
      await fireTimer(h)
      const told = (await inboxOf(h, 'subscribeMessage')).filter((e) => e.touser === person && e.templateId === 'sanwei-status-changed' && e.errcode === 0)
      expect({ kind, told: told.map((e) => e.data.phrase2.value) }).toEqual({ kind, told: ['已受理'] })
      const rows = (await db.collection('outbox').where({ suggestionId: id }).get()).data
      expect(rows.map((r: any) => [r.templateKey, r.status, r.attempts, r.leaseId ?? null])).toEqual([['statusChanged', 'sent', 1, null]])
    }
  } finally {
    await h.stop()
  }
})
