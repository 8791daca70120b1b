// The `outbox` collection: notifications written in the command's transaction, then delivered by server/notify.
// A row holds what to say (templateKey, values, the WeChat fields) and its delivery (src/domain/notify/delivery.ts).
import type { OutboxRow } from '../../src/domain/commands'
import { LOG_KEPT, leaseFields, type Attempt, type Delivery } from '../../src/domain/notify/delivery'
import type { IsoTime } from '../../src/domain/types'
import { db, getById, insert, put, type Doc, type Scope } from '../db'
import { newId } from '../ids'
import { templateFields } from '../templates'
import { inlineLease, noteOutboxRows } from '../notify/inline'

export const OUTBOX = 'outbox'

export type StoredRow = Omit<OutboxRow, 'status' | 'attempts' | 'data'> & Delivery & {
  _id: string
  templateId: string
  /** The WeChat template fields (subscribe messages). */
  data: Record<string, { value: string }>
  /** The semantic values the command wrote (title, note, deadline …). */
  values: Record<string, string>
}

const DELIVERY_KEYS = ['status', 'attempts', 'dueAt', 'leaseId', 'lastErrcode', 'lastErrmsg', 'skipReason', 'sentAt', 'log', 'waitingForLimit'] as const

export async function addOutboxRows(scope: Scope, rows: OutboxRow[]): Promise<void> {
  // Rows the function will send right after the commit are written already leased to it (server/notify/inline.ts):
  // no lease call after the commit, and if the function dies first the sweep sends them when the lease ends.
  const held = inlineLease()
  const docs: StoredRow[] = rows.map((row) => {
    const { data, ...rest } = row
    const t = templateFields(row.templateKey, data)
    const base = { _id: newId(row.createdAt), ...rest, templateId: t.templateId, data: t.data, values: data, dueAt: row.createdAt } as StoredRow
    return held ? { ...base, ...leaseFields(held.leaseId, row.createdAt, held.leaseMs), attempts: row.attempts + 1 } : base
  })
  const written = Promise.all(docs.map((doc) => insert(scope, OUTBOX, doc as unknown as Doc)))
  // Noted as the inserts go out, so that their recipients are read alongside them (not stored if the attempt fails).
  noteOutboxRows(docs as HeldRow[])
  await written
}

export async function getRow(scope: Scope, id: string): Promise<StoredRow | null> {
  return getById<StoredRow>(scope, OUTBOX, id)
}

/** Writes the row with a new delivery state (fields the state no longer has are dropped). */
export async function putDelivery(scope: Scope, row: StoredRow, delivery: Delivery): Promise<StoredRow> {
  const doc: Doc = { ...row }
  for (const k of DELIVERY_KEYS) delete doc[k]
  const stored = { ...doc, ...delivery } as StoredRow
  await put(scope, OUTBOX, stored as unknown as Doc)
  return stored
}

export function deliveryOf(row: StoredRow): Delivery {
  const d: Delivery = { status: row.status, attempts: row.attempts, dueAt: row.dueAt ?? row.createdAt }
  for (const k of DELIVERY_KEYS) if (row[k] !== undefined) (d as unknown as Doc)[k] = row[k]
  return d
}

/** A row a dispatcher holds the lease on, as stored. */
export type HeldRow = StoredRow & { leaseId: string }

/**
 * Leases, in one conditional update, those of `ids` that may be leased now (pending and due, or sending with a lapsed
 * lease), then reads back the ones this lease got. Each row is updated atomically: of two dispatchers racing for a
 * row, the second's condition no longer holds for it.
 */
export async function leaseRows(scope: Scope, ids: string[], leaseId: string, now: IsoTime, leaseMs: number): Promise<HeldRow[]> {
  if (ids.length === 0) return []
  const _ = db().command
  const res = await scope.collection(OUTBOX).where({ _id: _.in(ids), status: _.in(['pending', 'sending']), dueAt: _.lte(now) })
    .update({ ...leaseFields(leaseId, now, leaseMs), attempts: _.inc(1) })
  if (!res.updated) return []
  const got = await scope.collection(OUTBOX).where({ _id: _.in(ids), leaseId }).limit(ids.length).get()
  return got.data as HeldRow[]
}

/** What settling changes on a row, alike for every row of a group: fields set or dropped, attempts moved, a log entry. */
export interface Settlement { delivery: Omit<Delivery, 'attempts' | 'log'>; attemptsDelta: number; logged?: Attempt }

export function settlementOf(row: Pick<StoredRow, 'attempts' | 'log'>, next: Delivery): Settlement {
  const { attempts, log, ...delivery } = next
  const last = log?.[log.length - 1]
  const logged = last && last !== row.log?.[row.log.length - 1] ? last : undefined
  return { delivery, attemptsDelta: attempts - row.attempts, ...(logged ? { logged } : {}) }
}

/**
 * Writes one settlement to those of `ids` still leased by `leaseId` (one conditional update, no transaction) and says
 * how many it changed. A row missing from the count had its lease run out and was taken by another sender: theirs is
 * the word on it now.
 */
export async function markRows(scope: Scope, ids: string[], leaseId: string, s: Settlement): Promise<number> {
  const _ = db().command
  const patch: Doc = {}
  for (const k of DELIVERY_KEYS) {
    if (k === 'attempts' || k === 'log') continue
    const v = (s.delivery as unknown as Doc)[k]
    patch[k] = v === undefined ? _.remove() : v
  }
  if (s.attemptsDelta) patch.attempts = _.inc(s.attemptsDelta)
  if (s.logged) patch.log = _.push({ each: [s.logged], slice: -LOG_KEPT })
  const res = await scope.collection(OUTBOX).where({ _id: ids.length === 1 ? ids[0] : _.in(ids), leaseId }).update(patch)
  return res.updated ?? 0
}

/**
 * `markRows`, tried again while the database does not answer (a refused or lost call), so that a row sent once is not
 * sent again when its lease ends. Trying again is safe: settling drops the lease, so rows an earlier try settled (its
 * answer lost) no longer match; after a failed try they are read back and counted as marked when they carry this
 * settlement (no lease, its status and due time).
 */
export async function markRowsSurely(scope: Scope, ids: string[], leaseId: string, s: Settlement, waitsMs: number[] = [100, 400, 1600]): Promise<number> {
  const _ = db().command
  for (let tried = 0; ; tried++) {
    try {
      const updated = await markRows(scope, ids, leaseId, s)
      if (tried === 0 || updated === ids.length) return updated
      const res = await scope.collection(OUTBOX).where({ _id: _.in(ids) }).limit(ids.length).field({ status: true, dueAt: true, leaseId: true }).get()
      return (res.data as Doc[]).filter((r) => r.leaseId === undefined && r.status === s.delivery.status && r.dueAt === s.delivery.dueAt).length
    } catch (err) {
      if (tried >= waitsMs.length) throw err
      await new Promise((resolve) => setTimeout(resolve, waitsMs[tried]))
    }
  }
}

/** Rows that may be leased now: pending and due, or sending with a lapsed lease. Oldest first. */
export async function dueRowIds(scope: Scope, now: IsoTime, limit: number): Promise<string[]> {
  const _ = db().command
  const [pending, stale] = await Promise.all([
    scope.collection(OUTBOX).where({ status: 'pending', dueAt: _.lte(now) }).orderBy('dueAt', 'asc').limit(limit).field({ _id: true }).get(),
    scope.collection(OUTBOX).where({ status: 'sending', dueAt: _.lte(now) }).orderBy('dueAt', 'asc').limit(Math.ceil(limit / 4)).field({ _id: true }).get(),
  ])
  return [...(stale.data as Doc[]), ...(pending.data as Doc[])].map((d) => d._id as string)
}

/** When the next pending row becomes due (null when none waits). */
export async function nextDueAt(scope: Scope): Promise<IsoTime | null> {
  const res = await scope.collection(OUTBOX).where({ status: 'pending' }).orderBy('dueAt', 'asc').limit(1).field({ dueAt: true }).get()
  const first = (res.data as Doc[])[0]
  return first ? (first.dueAt as string) : null
}

export async function rowsWithStatus(scope: Scope, status: 'failed' | 'skipped', limit: number, before?: IsoTime): Promise<StoredRow[]> {
  const _ = db().command
  const where: Doc = before ? { status, dueAt: _.lt(before) } : { status }
  const res = await scope.collection(OUTBOX).where(where).orderBy('dueAt', 'desc').limit(limit).get()
  return res.data as StoredRow[]
}

export async function rowsOfItem(scope: Scope, suggestionId: string): Promise<StoredRow[]> {
  const res = await scope.collection(OUTBOX).where({ suggestionId }).orderBy('createdAt', 'asc').limit(200).get()
  return res.data as StoredRow[]
}
