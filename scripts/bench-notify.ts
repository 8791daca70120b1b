// npm run bench:notify — delivering the outbox: 10,000 pending rows over 300 WeCom robots and 2,000 people, sent by the
// dispatcher as the timer's sweeps would (server/notify against the local CloudBase in its own process), and the
// commands' own inline sends. Measured: time to drain against the floor the robots' 20-a-minute limit sets, p99 from
// a command's commit to the message reaching WeChat for inline sends, duplicates, 45009 answers. One JSON line at the end.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from './bench-server'
import { startEmulator } from '../emulator'
import { buildFunctions } from './build-functions'

const ROOT = path.resolve(__dirname, '..')
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000)
const ROBOTS = Number(process.env.BENCH_ROBOTS ?? 300)
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2_000)
const INLINE = Number(process.env.BENCH_INLINE ?? 200)
/** Sends in flight in one sweep (the timer function's concurrency). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const TEMPLATE_ID = 'sanwei-status-changed'

const log = (s: string) => process.stderr.write(`${s}\n`)

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

async function serve(dataDir: string): Promise<void> {
  const emulator = await startEmulator({
    port: 0, dataDir, functionsDir: path.join(ROOT, 'cloudfunctions'), indexesFile: path.join(ROOT, 'server/indexes.json'),
    templatesFile: path.join(ROOT, 'server/templates.json'), timers: false, inboxCapacity: 100_000,
    functionEnv: { SANWEI_ADMIN_OPENIDS: 'bench-admin', SANWEI_WECOM_WEBHOOK_URL: '{{emulatorUrl}}/cgi-bin/webhook/send', SANWEI_MINIPROGRAM_STATE: 'developer' },
  })
  process.stdout.write(`READY ${emulator.url}\n`)
  process.on('SIGTERM', () => void emulator.stop().then(() => process.exit(0)))
}

async function post(url: string, body: unknown, openid?: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) }, body: JSON.stringify(body) })
  return res.json()
}

let seq = 0
async function act(url: string, openid: string, fn: string, action: string, input: unknown): Promise<any> {
  const r = await post(`${url}/api/functions/${fn}`, { data: { action, input, requestId: `bench-${Date.now().toString(36)}-${seq++}` } }, openid)
  if (!r.result?.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(r)}`)
  return r.result.data
}

async function main(): Promise<void> {
  await buildFunctions({ log: false })
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-bench-notify-'))
  const { url, child } = await startServer(__filename, dataDir)
  try {
    // The dispatcher runs here, as a function instance would, pointed at the local CloudBase by environment variables.
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` })
    process.env.TENCENTCLOUD_SECRETID = 'local'
    process.env.TENCENTCLOUD_SECRETKEY = 'local'
    process.env.TENCENTCLOUD = 'true'
    process.env.SCF_NAMESPACE = 'sanwei-local'
    process.env.SANWEI_WECOM_WEBHOOK_URL = `${url}/cgi-bin/webhook/send`
    process.env.SANWEI_MINIPROGRAM_STATE = 'developer'
    const { db } = await import('../server/db')
    const { sweepOutbox } = await import('../server/notify/sweep')
    const { personIdFor, newId } = await import('../server/ids')
    const database = db()

    // ---- setup: robots, people with one accepted subscription each (WeChat's side and ours), the pending rows ----
    log(`setup: ${ROBOTS} robots, ${PEOPLE} people, ${ROWS} rows`)
    const now = new Date().toISOString()
    const insertAll = async (collection: string, docs: Array<Record<string, unknown>>) => {
      for (let i = 0; i < docs.length; i += 500) await database.collection(collection).add(docs.slice(i, i + 500))
    }
    await insertAll('robots', Array.from({ length: ROBOTS }, (_, r) => ({ _id: `benchrobot${r}`, target: `village:bench${r}`, name: `群${r}`, key: `benchkey${String(r).padStart(6, '0')}`, sends: [], createdAt: now, updatedAt: now })))
    const openids = Array.from({ length: PEOPLE }, (_, p) => `bench-person-${p}`)
    await insertAll('users', openids.map((o) => ({ _id: personIdFor(o), openid: o, name: o, roles: ['citizen'], sectorGroupIds: [], boundVillageIds: [], createdAt: now, updatedAt: now })))
    await insertAll('subscriptions', openids.map((o) => ({ _id: `${personIdFor(o)}:statusChanged`, personId: personIdFor(o), templateKey: 'statusChanged', left: 1, optedOut: false, updatedAt: now })))
    for (let i = 0; i < openids.length; i += 50) await Promise.all(openids.slice(i, i + 50).map((o) => post(`${url}/api/subscribe`, { openid: o, templateIds: [TEMPLATE_ID] })))
    const robotRows = ROWS - PEOPLE
    const perRobot = new Array<number>(ROBOTS).fill(0)
    const rows: Array<Record<string, unknown>> = []
    for (let i = 0; i < ROWS; i++) {
      const title = `bench-${i}`
      if (i < robotRows) {
        const r = i % ROBOTS
        perRobot[r]++
        rows.push({ _id: newId(), kind: 'robot', to: `village:bench${r}`, templateKey: 'groupNotice', templateId: 'robot-group-notice', data: {}, values: { title, note: '请查看' }, status: 'pending', attempts: 0, createdAt: now, dueAt: now })
      } else {
        const p = i - robotRows
        rows.push({
          _id: newId(), kind: 'subscribe', to: personIdFor(openids[p]), templateKey: 'statusChanged', templateId: TEMPLATE_ID,
          data: { thing1: { value: title }, phrase2: { value: '已受理' }, time3: { value: '2026-11-29 12:00' }, thing4: { value: '无' } }, values: { title },
          status: 'pending', attempts: 0, createdAt: now, dueAt: now,
        })
      }
    }
    await insertAll('outbox', rows)
    await fetch(`${url}/api/inbox`, { method: 'DELETE' })

    // ---- drain: a sweep each minute, as the timer runs it ----
    // The floor: a robot with n rows needs ceil(n / 20) one-minute windows; its last message can go no sooner than
    // (ceil(n / 20) - 1) minutes after its first.
    const floorSeconds = Math.max(...perRobot.map((n) => (Math.ceil(n / 20) - 1) * 60))
    log(`drain: floor ${floorSeconds} s (${Math.max(...perRobot)} rows on the busiest robot)`)
    const started = Date.now()
    let minute = 0
    for (;;) {
      const report = await sweepOutbox(45_000, CONCURRENCY)
      const left = (await database.collection('outbox').where({ status: database.command.in(['pending', 'sending']) }).count()).total
      log(`  sweep ${minute}: ${JSON.stringify(report)}; ${left} left at ${((Date.now() - started) / 1000).toFixed(1)} s`)
      if (left === 0) break
      minute++
      const nextFiring = started + minute * 60_000
      if (Date.now() < nextFiring) await new Promise((r) => setTimeout(r, nextFiring - Date.now()))
    }
    const entries = ((await (await fetch(`${url}/api/inbox`)).json()) as { entries: any[] }).entries
    const accepted = entries.filter((e) => e.errcode === 0 && (e.kind === 'robot' || e.kind === 'subscribeMessage'))
    // The drain ends when the last message reached WeChat.
    const lastAt = Math.max(...accepted.map((e) => Date.parse(e.at)))
    const drainSeconds = Math.round((lastAt - started) / 100) / 10
    const titles = accepted.map((e) => (e.kind === 'robot' ? /事项：(bench-\d+)/.exec(e.message.markdown.content)?.[1] : e.data?.thing1?.value))
    const duplicates = titles.length - new Set(titles).size
    const rateLimitHits = entries.filter((e) => e.errcode === 45009).length
    const byStatus = Object.fromEntries(await Promise.all(['sent', 'failed', 'skipped'].map(async (s) => [s, (await database.collection('outbox').where({ status: s }).count()).total])))

    // ---- inline sends: commit → send for commands' own notices ----
    log(`inline: ${INLINE} staff notices through the suggestions function`)
    const town = await act(url, 'bench-admin', 'org', 'upsertTown', { name: '测试镇', order: 1 })
    const villages: string[] = []
    for (let v = 0; v < 20; v++) villages.push((await act(url, 'bench-admin', 'org', 'upsertVillage', { townId: town.id, name: `测试村${v}`, order: v })).id)
    for (const [v, id] of villages.entries()) await act(url, 'bench-admin', 'notify', 'upsertRobot', { targetKind: 'village', targetId: id, name: `测试村${v}群`, key: `inlinekey${String(v).padStart(8, '0')}` })
    const items: string[] = []
    for (const [v, villageId] of villages.entries()) items.push((await act(url, `bench-citizen-${v}`, 'suggestions', 'submit', { category: 'environment', townId: town.id, villageId, title: `测试事项${v}`, content: '测试内容，请查看。', images: [], anonymous: false })).id)
    await fetch(`${url}/api/inbox`, { method: 'DELETE' })
    const perItem = Math.ceil(INLINE / items.length)
    for (let k = 0; k < perItem; k++) {
      await Promise.all(items.map((id, i) => act(url, 'bench-admin', 'suggestions', 'notifyGroup', { id, text: `通知-${i}-${k}` })))
    }
    const inlineEntries = ((await (await fetch(`${url}/api/inbox?kind=robot`)).json()) as { entries: any[] }).entries
    const sentAt = new Map<string, number>()
    for (const e of inlineEntries) {
      const m = /(通知-\d+-\d+)/.exec(e.message?.markdown?.content ?? '')
      if (m && e.errcode === 0) sentAt.set(m[1], Date.parse(e.at))
    }
    const inlineRows = (await database.collection('outbox').where({ suggestionId: database.command.in(items) }).limit(1000).get()).data as Array<{ values: { note?: string }; createdAt: string }>
    const lags = inlineRows.filter((r) => r.values?.note && sentAt.has(r.values.note)).map((r) => sentAt.get(r.values.note!)! - Date.parse(r.createdAt)).sort((a, b) => a - b)

    const result = {
      rows: ROWS, robots: ROBOTS, people: PEOPLE, drainSeconds, floorSeconds,
      ratio: floorSeconds > 0 ? Math.round((drainSeconds / floorSeconds) * 100) / 100 : null,
      commitToSendP50Ms: percentile(lags, 50), commitToSendP99Ms: percentile(lags, 99), inlineSends: lags.length,
      duplicates, rateLimitHits, ...byStatus, concurrency: CONCURRENCY, cpus: os.cpus().length,
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3]).catch((err) => { log(String(err?.stack ?? err)); process.exit(1) })
} else {
  main().then(() => process.exit(0), (err) => { log(`bench:notify failed: ${err?.stack ?? err}`); process.exit(1) })
}
