// The `counters` collection: rate-limit windows (read and written in the command's transaction) and the triage tab
// counts per town (bumped atomically beside the commit, exactly once per command even when answers are lost; recounted
// by the timer). Not in the transaction: every command of a town would then conflict on its one counter.
// Why not count() on demand: counting a tab of 100,000 items walks every one of them; a counter is one read.
import type { Category, Id, Suggestion } from '../../src/domain/types'
import type { TriageTab } from '../../src/domain/api'
import { db, getById, put, type Doc, type Scope } from '../db'
import { triageTabOf } from './suggestions'
import { readAll } from './paging'

export const COUNTERS = 'counters'

// ---- rate limits ----

export type RateKind = 'submit' | 'comment'

/** Where a person's window starts: the UTC+8 day for submissions, the hour for comments. Pure: the clock is `now`. */
export function windowStart(what: RateKind, now: string): number {
  const local = Date.parse(now) + 8 * 3600_000
  const unit = what === 'submit' ? 86400_000 : 3600_000
  return Math.floor(local / unit) * unit - 8 * 3600_000
}

/** A person's window counter document: how many they did since `windowStart` (ms). */
export interface RateWindow { _id: string; kind: 'rate'; what: RateKind; personId: Id; windowStart: number; n: number }

const rateId = (what: RateKind, personId: Id) => `rate_${what}_${personId}`

/**
 * The counter after one more action at `now`, or null when the limit is reached. A counter of an earlier window
 * starts again from zero. Pure, so any clock can be tested.
 */
export function nextWindow(stored: RateWindow | null, what: RateKind, personId: Id, now: string, limit: number): RateWindow | null {
  const start = windowStart(what, now)
  const used = stored && stored.windowStart === start ? stored.n : 0
  if (used >= limit) return null
  return { _id: rateId(what, personId), kind: 'rate', what, personId, windowStart: start, n: used + 1 }
}

/**
 * Read a person's window counter inside the command's transaction. The command writes `nextWindow` back in the same
 * transaction: two racing commands write the same document, so one of them conflicts and is re-run against the
 * other's count. The limit holds under concurrency.
 */
export async function readWindow(t: Scope, what: RateKind, personId: Id): Promise<RateWindow | null> {
  const res = await t.collection(COUNTERS).doc(rateId(what, personId)).get()
  const data = res?.data
  return ((Array.isArray(data) ? data[0] : data) as RateWindow | undefined) ?? null
}

export async function writeWindow(t: Scope, w: RateWindow): Promise<void> {
  await put(t, COUNTERS, w as unknown as Doc)
}

// ---- triage tab counts ----

export type TabCounts = Partial<Record<string, number>>
const triageId = (townId: Id) => `triage_${townId}`
const tabField = (tab: string) => `counts.${tab}`
const tabCategoryField = (tab: string, category: Category) => `counts.${tab}__${category}`

/** The counter changes a move implies: one out of the old tab, one into the new (nothing when the tab is the same). */
export function tabDeltas(before: Suggestion | null, after: Suggestion): Record<string, number> {
  const deltas: Record<string, number> = {}
  const add = (s: Suggestion, d: number) => {
    const tab = triageTabOf(s.status)
    deltas[tabField(tab)] = (deltas[tabField(tab)] ?? 0) + d
    deltas[tabCategoryField(tab, s.category)] = (deltas[tabCategoryField(tab, s.category)] ?? 0) + d
  }
  if (before) add(before, -1)
  add(after, 1)
  for (const k of Object.keys(deltas)) if (deltas[k] === 0) delete deltas[k]
  return deltas
}

/** How many recent operation ids a town's counter remembers: far more than the retries of one operation span. */
export const OPS_KEPT = 64

/**
 * Applies a counter change once, however often it is called with the same `opId`: the document remembers its last
 * operation ids and a change already among them matches nothing. So a change whose answer was lost can be sent again.
 * With `undo`, takes back the change of `opId` if (and only if) it was applied.
 */
export async function bumpTabCounts(townId: Id, deltas: Record<string, number>, opId: string, undo = false): Promise<void> {
  if (Object.keys(deltas).length === 0) return
  const _ = db().command
  const id = triageId(townId)
  const ops: Doc = {}
  for (const [k, d] of Object.entries(deltas)) ops[k] = _.inc(undo ? -d : d)
  // A where().update() on one id: atomic on the document, and it matches only when the op is (not) there yet.
  const res = await db().collection(COUNTERS).where({ _id: id, ops: undo ? opId : _.neq(opId) })
    .update({ ...ops, ops: undo ? _.pull(opId) : _.push({ each: [opId], slice: -OPS_KEPT }) })
  if (res.updated > 0 || undo) return
  // Nothing matched: applied already (an answer lost on the way back), or the town has no counter yet.
  for (let tries = 0; tries < 5; tries++) {
    const current = await getById<Doc>(db(), COUNTERS, id)
    if (current) {
      if ((current.ops as string[] | undefined)?.includes(opId)) return
      const again = await db().collection(COUNTERS).where({ _id: id, ops: _.neq(opId) }).update({ ...ops, ops: _.push({ each: [opId], slice: -OPS_KEPT }) })
      if (again.updated > 0) return
      continue
    }
    const counts: Doc = {}
    for (const [k, d] of Object.entries(deltas)) counts[k.slice('counts.'.length)] = d
    try {
      await db().collection(COUNTERS).doc(id).create({ kind: 'triage', townId, counts, ops: [opId] })
      return
    } catch {
      // Someone created it meanwhile (or this create went through and its answer was lost): look again.
    }
  }
  throw new Error(`the triage counter of town ${townId} could not be changed`)
}

/** Tab counts summed over towns, for one category or all. */
export async function readTabCounts(scope: Scope, townIds: Id[] | 'all', category?: Category): Promise<Record<Exclude<TriageTab, 'overdue'>, number>> {
  const where = townIds === 'all' ? { kind: 'triage' } : { _id: db().command.in(townIds.map(triageId)) }
  const docs = await readAll(scope, COUNTERS, where)
  const out = { pendingReview: 0, submitted: 0, accepted: 0, consulting: 0, handling: 0, replied: 0, ended: 0 }
  for (const doc of docs) {
    for (const tab of Object.keys(out) as (keyof typeof out)[]) {
      out[tab] += Number(doc.counts?.[category ? `${tab}__${category}` : tab] ?? 0)
    }
  }
  return out
}

/** Each town's triage counter as it stands: the operation ids it remembers (see `bumpTabCounts`), by town. */
export async function triageOps(): Promise<Map<Id, string[]>> {
  const docs = await readAll(db(), COUNTERS, { kind: 'triage' })
  return new Map(docs.map((d) => [String(d.townId), (d.ops as string[] | undefined) ?? []]))
}

/**
 * Replace a town's counts with a fresh recount (the timer's repair), only if its counter still remembers exactly `ops`
 * (no change was applied or undone since the recount read it; `null`: there was no counter). Answers whether it did.
 */
export async function setTabCounts(townId: Id, counts: Record<string, number>, ops: string[] | null): Promise<boolean> {
  const id = triageId(townId)
  if (ops === null) {
    try {
      await db().collection(COUNTERS).doc(id).create({ kind: 'triage', townId, counts, ops: [] })
      return true
    } catch {
      return false // a command's change created it meanwhile
    }
  }
  const res = await db().collection(COUNTERS).where({ _id: id, ops }).update({ counts: db().command.set(counts) })
  return res.updated > 0
}
