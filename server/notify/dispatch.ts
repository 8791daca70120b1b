// The dispatcher: leases outbox rows (pending → sending with a lease), resolves their recipients at send time, sends
// them (subscribe messages through wx-server-sdk, WeCom robots' markdown through their webhook) and settles each
// (sent / failed / skipped, or back to pending with a backoff). Work is batched, because every database call is a
// round trip: one conditional update leases a batch, one query per kind reads its recipients, one take per robot
// covers its rows, the sends go out in parallel and each row is marked by one conditional update on its lease.
// Two dispatchers never hold one row at once (each row's lease is an atomic conditional write). A dispatcher killed
// mid-send leaves its rows `sending`; they are sent again when the lease ends — the rows in flight at that moment
// (sent, not yet marked) are the only ones that can arrive twice. A mark the database refuses or whose answer is lost
// is tried again (markRowsSurely), so a database fault alone sends nothing twice.
import http from 'node:http'
import https from 'node:https'
import crypto from 'node:crypto'
import { settle, type Delivery, type SendOutcome } from '../../src/domain/notify/delivery'
import { robotMarkdown } from '../../src/domain/notify/fields'
import { NOTIFY_LABELS } from '../../src/domain/notify/labels'
import { STATUS_LABELS } from '../../src/domain/labels'
import type { IsoTime, Suggestion } from '../../src/domain/types'
import { db } from '../db'
import { orgCache } from '../directory'
import { deliveryOf, leaseRows, markRowsSurely, settlementOf, type HeldRow, type Settlement, type StoredRow } from '../repositories/outbox'
import { getSuggestion, getSuggestionsByIds } from '../repositories/suggestions'
import { openidsOf } from '../repositories/users'
import { notifyConfig } from './config'
import { templatePage } from '../templates'
import { sendingAfterCommit, setInlineSender } from './inline'
import { blockRobot, robotsFor, takeSlots, type Robot } from './robots'
import { giveBack, setNoneLeft, spendOne } from './subscriptions'
import { wxCloud, wxErrorOf } from './wx'

export { sendingAfterCommit }

export type Result = 'sent' | 'failed' | 'skipped' | 'pending' | 'waiting' | null

const nowIso = () => new Date().toISOString()

/** Who the rows go to, read in one query per kind: people's openids (never leaving the server) and robots by target. */
export interface Recipients { openids: Map<string, string>; robots: Map<string, Robot> }

export async function recipientsOf(rows: Pick<StoredRow, 'kind' | 'to'>[]): Promise<Recipients> {
  const people = rows.filter((r) => r.kind === 'subscribe').map((r) => r.to)
  // A town's staff alert goes to the county staff group when the town has no robot of its own.
  const targets = rows.filter((r) => r.kind === 'robot').flatMap((r) => (r.to.startsWith('staff:') ? [r.to, 'staff:all'] : [r.to]))
  const [openids, robots] = await Promise.all([
    people.length ? openidsOf(db(), people) : new Map<string, string>(),
    targets.length ? robotsFor(targets) : new Map<string, Robot>(),
  ])
  return { openids, robots }
}

function robotOf(recipients: Recipients, to: string): Robot | null {
  return recipients.robots.get(to) ?? (to.startsWith('staff:') ? recipients.robots.get('staff:all') ?? null : null)
}

/** At most `n` of the calls given to it run at once. */
function limiter(n: number) {
  let active = 0
  const queue: Array<() => void> = []
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r))
    active++
    try {
      return await fn()
    } finally {
      active--
      queue.shift()?.()
    }
  }
}

/**
 * Sends rows this dispatcher holds and marks each. Robot rows first take their robot's sends for the minute, one take
 * per robot for all its rows; those beyond the limit wait (back to pending, the attempt given back).
 */
async function deliver(rows: HeldRow[], recipients: Recipients, concurrency: number): Promise<Record<string, number>> {
  const cfg = notifyConfig()
  const byRobot = new Map<string, { robot: Robot; rows: HeldRow[] }>()
  for (const row of rows) {
    if (row.kind !== 'robot') continue
    const robot = robotOf(recipients, row.to)
    if (!robot) continue
    const group = byRobot.get(robot._id) ?? { robot, rows: [] }
    group.rows.push(row)
    byRobot.set(robot._id, group)
  }
  // A robot's sends for the minute are taken when its first row reaches a sender, not when the batch starts: WeCom
  // counts a message when it arrives, so a send stamped at the batch's start but posted seconds later (behind other
  // robots' rows) would leave the robot's window early in our books and its next minute's first sends answered 45009.
  const slots = new Map<string, Promise<{ granted: number; waitUntil?: IsoTime }>>()
  const slotsOf = (g: { robot: Robot; rows: HeldRow[] }) => {
    if (!slots.has(g.robot._id)) {
      slots.set(g.robot._id, takeSlots(g.robot, g.rows.length, nowIso()).catch((err) => {
        console.error('could not take robot sends', err)
        return { granted: 0, waitUntil: new Date(Date.now() + 1000).toISOString() }
      }))
    }
    return slots.get(g.robot._id)!
  }
  const items = new Map<string, Promise<Suggestion | null>>()
  const itemIds = [...new Set(rows.filter((r) => r.kind === 'robot' && r.suggestionId).map((r) => r.suggestionId!))]
  // Stryker disable next-line ConditionalExpression,BlockStatement: without the batch read each robot row reads its own item in robotContent (the same item, the same message); for no ids getSuggestionsByIds answers [] without a query
  if (itemIds.length) {
    const all = getSuggestionsByIds(db(), itemIds)
    for (const id of itemIds) items.set(id, all.then((list) => list.find((s) => s._id === id) ?? null, () => null))
  }

  // A row either needs no send (no recipient, no robot, the robot's minute is full) or is sent and marked in one slot
  // of `concurrency`: the slot is held until the mark is stored, so when the database stops answering (a failed mark)
  // no further row is sent — the rows in flight then are the only ones that can be sent twice.
  const slot = limiter(concurrency)
  let halted = false
  const counts: Record<string, number> = {}
  const count = (k: string) => { counts[k] = (counts[k] ?? 0) + 1 }
  const marks = markQueue()
  const finish = async (row: HeldRow, outcome: SendOutcome) => {
    const next = settle(deliveryOf(row), outcome, nowIso())
    let marked = false
    try {
      marked = await marks.mark(row, next)
    } catch (err) {
      halted = true
      console.error('could not settle outbox row; sending no more until the database answers', row._id, err)
    }
    // Not marked: the lease ran out and another sender took the row, or the database did not answer (the lease will
    // run out and the row be sent again).
    count(marked ? resultOf(next) ?? 'notOurs' : 'notOurs')
  }
  const failure = (err: unknown): SendOutcome => {
    const e = wxErrorOf(err)
    return { ok: false, errcode: e.errCode, errmsg: e.errMsg }
  }
  const sendAndMark = (row: HeldRow, send: () => Promise<SendOutcome>) => slot(async () => {
    if (halted) return count('leftLeased')
    await finish(row, await send().catch(failure))
  })

  // One robot's rows one after another, so its sends go out together, just after they were taken.
  const robotRank = new Map([...byRobot.keys()].map((id, i) => [id, i]))
  const rankOf = (row: HeldRow) => (row.kind === 'robot' ? robotRank.get(robotOf(recipients, row.to)?._id ?? '') ?? -1 : -1)
  const ordered = rows.map((row, i) => ({ row, i })).sort((a, b) => rankOf(a.row) - rankOf(b.row) || a.i - b.i).map((e) => e.row)
  await Promise.all(ordered.map(async (row) => {
    if (row.kind === 'subscribe') {
      const openid = recipients.openids.get(row.to)
      if (!openid) return finish(row, { skipped: 'noRecipient' })
      return sendAndMark(row, () => sendSubscribe(row, openid, cfg.longTermSubscriptions, cfg.miniprogramState))
    }
    const robot = robotOf(recipients, row.to)
    if (!robot) return finish(row, { skipped: 'noRobot' })
    const group = byRobot.get(robot._id)!
    return slot(async () => {
      if (halted) return count('leftLeased')
      const taken = await slotsOf(group)
      if (group.rows.indexOf(row) >= taken.granted) return finish(row, { waitUntil: taken.waitUntil! })
      const item = row.suggestionId ? await items.get(row.suggestionId)! : null
      await finish(row, await sendRobot(row, robot, item).catch(failure))
    })
  }))
  return counts
}

/**
 * Marks rows as their sends end, a group commit: while one batch of marks is on its way, the rows settled meanwhile
 * queue, and the next batch writes each group of alike settlements with one conditional update. A lone row (a
 * command's own) is marked at once.
 */
function markQueue() {
  type Entry = { row: HeldRow; settlement: Settlement; resolve: (marked: boolean) => void; reject: (err: unknown) => void }
  let queue: Entry[] = []
  let running = false
  const run = async () => {
    running = true
    while (queue.length) {
      const batch = queue
      queue = []
      const groups = new Map<string, Entry[]>()
      for (const e of batch) {
        const key = `${e.row.leaseId}|${JSON.stringify(e.settlement)}`
        groups.set(key, [...(groups.get(key) ?? []), e])
      }
      await Promise.all([...groups.values()].map(async (group) => {
        try {
          const updated = await markRowsSurely(db(), group.map((e) => e.row._id), group[0].row.leaseId, group[0].settlement)
          // A shortfall is rows another sender took after our lease ran out; which ones does not matter to the count.
          group.forEach((e, i) => e.resolve(i < updated))
        } catch (err) {
          for (const e of group) e.reject(err)
        }
      }))
    }
    running = false
  }
  return {
    mark(row: HeldRow, next: Delivery): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ row, settlement: settlementOf(row, next), resolve, reject })
        if (!running) void run()
      })
    },
  }
}

function resultOf(d: Delivery): Result {
  if (d.status === 'pending') return d.waitingForLimit ? 'waiting' : 'pending'
  return d.status === 'sending' ? null : d.status
}

// ---- one person: subscribe messages ----

async function sendSubscribe(row: HeldRow, openid: string, longTerm: boolean, miniprogramState: string): Promise<SendOutcome> {
  const spent = await spendOne(row.to, row.templateKey, nowIso(), !longTerm)
  if (spent !== 'ok') return { skipped: spent }
  try {
    await wxCloud().openapi.subscribeMessage.send({
      touser: openid,
      templateId: row.templateId,
      page: row.suggestionId ? `pages/detail/index?id=${row.suggestionId}` : templatePage(row.templateKey) ?? 'pages/index/index',
      data: row.data,
      miniprogramState,
    })
    return { ok: true }
  } catch (err) {
    const e = wxErrorOf(err)
    if (e.errCode === 43101) {
      // WeChat says the person has nothing left: so be it, whatever we counted.
      await setNoneLeft(row.to, row.templateKey, nowIso())
      return { skipped: 'noQuota', errcode: 43101, errmsg: e.errMsg }
    }
    if (!longTerm) await giveBack(row.to, row.templateKey, nowIso()).catch(() => undefined)
    return { ok: false, errcode: e.errCode, errmsg: e.errMsg }
  }
}

// ---- a group: WeCom robots ----

const HEADINGS: Record<string, string> = {
  groupNotice: NOTIFY_LABELS.groupNotice,
  staffAlert: NOTIFY_LABELS.staffAlert,
  handedOff: NOTIFY_LABELS.handedOff,
  chased: NOTIFY_LABELS.chased,
  reopened: NOTIFY_LABELS.reopened,
}

/** The markdown of a robot row, from the item as it is now (place, status, deadline) and a link into the mini-program. */
export async function robotContent(row: Pick<StoredRow, 'templateKey' | 'values' | 'suggestionId'>, withLink = true, read?: Suggestion | null): Promise<string> {
  const item = read !== undefined ? read : row.suggestionId ? await getSuggestion(db(), row.suggestionId) : null
  let place = ''
  if (item) {
    const org = await orgCache([item.townId, item.villageId])
    place = [org.towns.get(item.townId)?.name, org.villages.get(item.villageId)?.name].filter(Boolean).join(' ')
  }
  let link: string | undefined
  if (withLink && item) {
    try {
      const res = (await wxCloud().openapi.urllink.generate({ path: 'pages/detail/index', query: `id=${item._id}`, isExpire: true, expireType: 1, expireInterval: 30 })) as { urlLink?: string }
      link = res.urlLink
    } catch (err) {
      console.error('urllink.generate failed', wxErrorOf(err))
    }
  }
  return robotMarkdown({
    heading: HEADINGS[row.templateKey] ?? NOTIFY_LABELS.groupNotice,
    title: item?.title ?? row.values?.title ?? '',
    place,
    status: item ? STATUS_LABELS[item.status] : row.values?.status,
    deadline: item?.handOff?.deadline ?? row.values?.deadline,
    note: row.values?.note,
    link,
  })
}

/** Posts a robot row whose send the robot's limit allowed (takeSlots). */
async function sendRobot(row: HeldRow, robot: Robot, item: Suggestion | null): Promise<SendOutcome> {
  const content = await robotContent(row, true, item)
  const answer = await postJson(`${notifyConfig().webhookUrl}?key=${encodeURIComponent(robot.key)}`, { msgtype: 'markdown', markdown: { content } })
  if (answer.errcode === 0) return { ok: true }
  if (answer.errcode === 45009) {
    const until = await blockRobot(robot._id, nowIso())
    return { waitUntil: until, errcode: 45009, errmsg: answer.errmsg }
  }
  return { ok: false, errcode: answer.errcode, errmsg: answer.errmsg }
}

/** POST a JSON body and read a WeCom-style answer ({errcode, errmsg}); a network failure is errcode -1. The key is never logged. */
function postJson(url: string, body: unknown, timeoutMs = 5000): Promise<{ errcode: number; errmsg: string }> {
  return new Promise((resolve) => {
    const u = new URL(url)
    const data = Buffer.from(JSON.stringify(body))
    const req = (u.protocol === 'https:' ? https : http).request(u, {
      method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length }, timeout: timeoutMs,
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errcode?: number; errmsg?: string }
          resolve({ errcode: Number(json.errcode ?? -1), errmsg: String(json.errmsg ?? '') })
        } catch {
          resolve({ errcode: -1, errmsg: `webhook answered HTTP ${res.statusCode} without JSON` })
        }
      })
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (err) => resolve({ errcode: -1, errmsg: `webhook unreachable: ${err.message}` }))
    req.end(data)
  })
}

// ---- many rows ----

/**
 * The sweep's step: leases those of `ids` still leasable (one conditional update), reads their recipients (one query
 * per kind) and sends them, a few at a time. What the budget leaves unsent stays leased and is sent when the lease ends.
 */
export async function dispatchRows(ids: string[], budgetMs: number, concurrency = 8): Promise<Record<string, number>> {
  const leaseId = crypto.randomBytes(8).toString('hex')
  const rows = await leaseRows(db(), ids, leaseId, nowIso(), notifyConfig().leaseMs)
  const counts: Record<string, number> = rows.length < ids.length ? { notOurs: ids.length - rows.length } : {}
  if (rows.length === 0) return counts
  const sent = recipientsOf(rows).then((r) => deliver(rows, r, concurrency))
  const done = await Promise.race([sent, new Promise<null>((r) => setTimeout(() => r(null), budgetMs).unref?.())])
  for (const [k, n] of Object.entries(done ?? {})) counts[k] = (counts[k] ?? 0) + n
  return counts
}

/**
 * The inline send: the rows a command wrote, already leased to it in its transaction, their recipients read while it
 * committed (`ready`). The command answers when they are settled or the budget is spent, whichever is first.
 */
async function sendInline(rows: HeldRow[], budgetMs: number, ready: Promise<unknown> | undefined): Promise<unknown> {
  const work = (async () => {
    const recipients = ((await ready) as Recipients | undefined) ?? (await recipientsOf(rows))
    return deliver(rows, recipients, 4)
  })()
  return Promise.race([work, new Promise((r) => setTimeout(r, budgetMs).unref?.())])
}

setInlineSender(sendInline, recipientsOf)
