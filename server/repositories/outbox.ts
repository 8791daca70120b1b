// The `outbox` collection: notifications written in the command's transaction, then delivered by server/notify.
// A row holds what to say (templateKey, values, the WeChat fields) and its delivery (src/domain/notify/delivery.ts).
import type { OutboxRow } from '../../src/domain/commands'
import type { Delivery } from '../../src/domain/notify/delivery'
import type { IsoTime } from '../../src/domain/types'
import { db, getById, insert, put, type Doc, type Scope } from '../db'
import { newId } from '../ids'
import { templateFields } from '../templates'
import { noteOutboxRows } from '../notify/inline'

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
  const ids: string[] = []
  await Promise.all(rows.map((row) => {
    const { data, ...rest } = row
    const t = templateFields(row.templateKey, data)
    const _id = newId(row.createdAt)
    ids.push(_id)
    return insert(scope, OUTBOX, { _id, ...rest, templateId: t.templateId, data: t.data, values: data, dueAt: row.createdAt })
  }))
  // The function that wrote them sends them right after the commit (server/notify/inline.ts).
  noteOutboxRows(ids)
}

export async function getRow(scope: Scope, id: string): Promise<StoredRow | null> {
  return getById<StoredRow>(scope, OUTBOX, id)
}

/** Writes the row with a new delivery state (fields the state no longer has are dropped). */
export async function putDelivery(scope: Scope, row: StoredRow, delivery: Delivery): Promise<void> {
  const doc: Doc = { ...row }
  for (const k of DELIVERY_KEYS) delete doc[k]
  await put(scope, OUTBOX, { ...doc, ...delivery })
}

export function deliveryOf(row: StoredRow): Delivery {
  const d: Delivery = { status: row.status, attempts: row.attempts, dueAt: row.dueAt ?? row.createdAt }
  for (const k of DELIVERY_KEYS) if (row[k] !== undefined) (d as unknown as Doc)[k] = row[k]
  return d
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
