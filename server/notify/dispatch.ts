// The dispatcher: leases an outbox row (pending → sending with a lease), resolves its recipient at send time, sends it
// (a subscribe message through wx-server-sdk, or a WeCom robot's markdown through its webhook) and settles it
// (sent / failed / skipped, or back to pending with a backoff). Two dispatchers never hold one row at once: the lease is
// taken in a transaction, and the loser of a race sees the row leased. A dispatcher killed mid-send leaves the row
// `sending`; it is sent again when its lease ends — the one row in flight is the only one that can arrive twice.
import http from 'node:http'
import https from 'node:https'
import crypto from 'node:crypto'
import { lease, leasable, settle, type Delivery, type SendOutcome } from '../../src/domain/notify/delivery'
import { robotMarkdown } from '../../src/domain/notify/fields'
import { NOTIFY_LABELS } from '../../src/domain/notify/labels'
import { STATUS_LABELS } from '../../src/domain/labels'
import { db } from '../db'
import { orgCache } from '../directory'
import { isConflict, transact } from '../transaction'
import { deliveryOf, getRow, putDelivery, type StoredRow } from '../repositories/outbox'
import { getSuggestion } from '../repositories/suggestions'
import { getPerson } from '../repositories/users'
import { notifyConfig } from './config'
import { templatePage } from '../templates'
import { sendingAfterCommit, setInlineSender } from './inline'
import { blockRobot, robotFor, takeSlot, type Robot } from './robots'
import { giveBack, setNoneLeft, spendOne } from './subscriptions'
import { wxCloud, wxErrorOf } from './wx'

export { sendingAfterCommit }

export type Result = 'sent' | 'failed' | 'skipped' | 'pending' | 'waiting' | null

const nowIso = () => new Date().toISOString()

/** Leases, sends and settles one row; null when the row is not ours to send (gone, done, or leased by another). */
export async function dispatchRow(id: string): Promise<Result> {
  const leaseId = crypto.randomBytes(8).toString('hex')
  let row: StoredRow | null
  try {
    row = await transact(async (t) => {
      const found = await getRow(t, id)
      if (!found || !leasable(deliveryOf(found), nowIso())) return null
      const leased = lease(deliveryOf(found), leaseId, nowIso())
      await putDelivery(t, found, leased)
      return { ...found, ...leased }
    }, () => null, 0)
  } catch (err) {
    if (isConflict(err)) return null // another dispatcher took it
    throw err
  }
  if (!row) return null

  let outcome: SendOutcome
  try {
    outcome = row.kind === 'subscribe' ? await sendSubscribe(row) : await sendRobot(row)
  } catch (err) {
    const e = wxErrorOf(err)
    outcome = { ok: false, errcode: e.errCode, errmsg: e.errMsg }
  }

  const settled = await transact(async (t) => {
    const current = await getRow(t, id)
    // Our lease ran out and someone else took the row: theirs is the word on it now.
    if (!current || current.leaseId !== leaseId) return null
    const next = settle(deliveryOf(current), outcome, nowIso())
    await putDelivery(t, current, next)
    return next
  }, () => null, 5).catch((err) => {
    console.error('could not settle outbox row', id, err)
    return null
  })
  if (!settled) return null
  return resultOf(settled)
}

function resultOf(d: Delivery): Result {
  if (d.status === 'pending') return d.waitingForLimit ? 'waiting' : 'pending'
  return d.status === 'sending' ? null : d.status
}

// ---- one person: subscribe messages ----

async function sendSubscribe(row: StoredRow): Promise<SendOutcome> {
  const person = await getPerson(db(), row.to)
  if (!person?.openid) return { skipped: 'noRecipient' }
  const cfg = notifyConfig()
  const now = nowIso()
  const spent = await spendOne(person._id, row.templateKey, now, !cfg.longTermSubscriptions)
  if (spent !== 'ok') return { skipped: spent }
  try {
    await wxCloud().openapi.subscribeMessage.send({
      touser: person.openid,
      templateId: row.templateId,
      page: row.suggestionId ? `pages/detail/index?id=${row.suggestionId}` : templatePage(row.templateKey) ?? 'pages/index/index',
      data: row.data,
      miniprogramState: cfg.miniprogramState,
    })
    return { ok: true }
  } catch (err) {
    const e = wxErrorOf(err)
    if (e.errCode === 43101) {
      // WeChat says the person has nothing left: so be it, whatever we counted.
      await setNoneLeft(person._id, row.templateKey, nowIso())
      return { skipped: 'noQuota', errcode: 43101, errmsg: e.errMsg }
    }
    if (!cfg.longTermSubscriptions) await giveBack(person._id, row.templateKey, nowIso()).catch(() => undefined)
    return { ok: false, errcode: e.errCode, errmsg: e.errMsg }
  }
}

// ---- a group: WeCom robots ----

async function robotOf(to: string): Promise<Robot | null> {
  const exact = await robotFor(to)
  if (exact || !to.startsWith('staff:')) return exact
  // A town's staff alert goes to the county staff group when the town has no robot of its own.
  return robotFor('staff:all')
}

const HEADINGS: Record<string, string> = {
  groupNotice: NOTIFY_LABELS.groupNotice,
  staffAlert: NOTIFY_LABELS.staffAlert,
  handedOff: NOTIFY_LABELS.handedOff,
  chased: NOTIFY_LABELS.chased,
  reopened: NOTIFY_LABELS.reopened,
}

/** The markdown of a robot row, from the item as it is now (place, status, deadline) and a link into the mini-program. */
export async function robotContent(row: Pick<StoredRow, 'templateKey' | 'values' | 'suggestionId'>, withLink = true): Promise<string> {
  const item = row.suggestionId ? await getSuggestion(db(), row.suggestionId) : null
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

async function sendRobot(row: StoredRow): Promise<SendOutcome> {
  const robot = await robotOf(row.to)
  if (!robot) return { skipped: 'noRobot' }
  const slot = await takeSlot(robot._id, nowIso())
  if ('waitUntil' in slot) return { waitUntil: slot.waitUntil }
  const content = await robotContent(row)
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

/** Sends rows with a few at a time, until they are done or the budget is spent (what is left stays for the sweep). */
export async function dispatchRows(ids: string[], budgetMs: number, concurrency = 4): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  const deadline = Date.now() + budgetMs
  let next = 0
  const worker = async () => {
    while (next < ids.length && Date.now() < deadline) {
      const id = ids[next++]
      const r = await dispatchRow(id).catch((err) => {
        console.error('dispatch failed', id, err)
        return null
      })
      const k = r ?? 'notOurs'
      counts[k] = (counts[k] ?? 0) + 1
    }
  }
  const all = Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker))
  // The command answers when the budget is spent; a send still under way finishes or is re-sent after its lease.
  await Promise.race([all, new Promise((r) => setTimeout(r, budgetMs).unref?.())])
  return counts
}

setInlineSender((ids, budgetMs) => dispatchRows(ids, budgetMs))

