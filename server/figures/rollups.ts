// The figures' rollups in the database (`figureRollups`): each commit's change is written in its transaction as a small
// document (`figureDeltas`), folded into the rollups by the timer every minute, and added by reads until then; the
// timer also recounts the recent months from the items. Tables read a year × all towns as a few hundred small
// documents, not 100,000 items. See src/domain/figures/rollups.ts.
import type { Id, Suggestion } from '../../src/domain/types'
import type { Dimension, TimeKey, CountRow, TimeRow } from '../../src/domain/figures/measures'
import {
  ROLLUP_DIMS, cellsByCategory, cellsByTown, cellsOf, incAt, rollupDelta, rollupDimFor, rollupDocsOf, rowsOfCells,
  rollupId, sourceOf, type RollupCell, type RollupChange, type RollupDoc, type RollupFilter, type RollupMeta, type RollupSource,
} from '../../src/domain/figures/rollups'
import type { FiguresReach } from '../../src/domain/permissions'
import { db, getById, insert, put, type Doc, type Scope } from '../db'
import { transact } from '../transaction'

export { together } from '../transaction'
import { newId } from '../ids'
import { SUGGESTIONS } from '../repositories/suggestions'
import { MAX_READ } from '../repositories/paging'

export const ROLLUPS = 'figureRollups'
const ALL_DIMS = [...ROLLUP_DIMS, 'townDay'] as const

// ---- writing: a commit's change, in its transaction ----

/** Commits' changes not yet added to the rollup documents: one small document per commit, written in its transaction. */
export const DELTAS = 'figureDeltas'

/** A commit's change as stored: its increments as [path, n] pairs (field names with dots are not stored). */
interface DeltaDoc { _id: string; at: string; months: string[]; changes: { docs: RollupMeta[]; inc: [string, number][] }[] }

/** The rollups' change for items moving from `before` to `after` (null: not there). */
export function rollupChangesOf(moves: [Suggestion | null | undefined, Suggestion | null | undefined][]): RollupChange[] {
  return moves.flatMap(([b, a]) => rollupDelta(b ? sourceOf(b) : null, a ? sourceOf(a) : null))
}

/**
 * Writes the rollups' change of a commit inside its transaction, so it counts exactly when the commit lands and only
 * once: a lost answer, a retried request or a rolled-back attempt cannot count twice, undo what never landed or leave
 * half a change (the bump beside the commit could). The large rollup documents are not written by commands at all: the
 * timer folds these changes into them (`foldRollupDeltas`), and reads add the ones not folded yet. Nothing is written
 * when the figures do not move (a comment, a follow).
 */
export async function writeRollupDelta(t: Scope, moves: [Suggestion | null | undefined, Suggestion | null | undefined][], at: string): Promise<void> {
  const changes = rollupChangesOf(moves)
  if (changes.length === 0) return
  const months = [...new Set(changes.flatMap((c) => c.docs.map((d) => d.month)))]
  const doc: DeltaDoc = { _id: newId(at), at, months, changes: changes.map((c) => ({ docs: c.docs, inc: Object.entries(c.inc) })) }
  await insert(t, DELTAS, doc as unknown as Doc)
}

/** The deltas committed and not folded yet that touch these months, whole (id and changes), oldest first, a page at a time. */
async function pendingDocsOf(months: string[]): Promise<DeltaDoc[]> {
  if (months.length === 0) return []
  const _ = db().command
  const docs: DeltaDoc[] = []
  for (;;) {
    const where: Doc = { months: _.in(months) }
    if (docs.length) where._id = _.gt(docs[docs.length - 1]._id)
    const res = await db().collection(DELTAS).where(where).orderBy('_id', 'asc').limit(MAX_READ).get()
    docs.push(...(res.data as DeltaDoc[]))
    if (res.data.length < MAX_READ) return docs
  }
}

/** Their changes, as the reads add them. */
async function pendingOf(months: string[]): Promise<RollupChange[]> {
  return (await pendingDocsOf(months)).flatMap((d) => d.changes.map((c) => ({ docs: c.docs, inc: Object.fromEntries(c.inc) })))
}

/**
 * Adds committed changes into the rollup documents, oldest first, a batch per transaction: the batch's documents get
 * its sums and its delta documents are removed in the same transaction, so each change is added exactly once even
 * when two folds race (the loser conflicts, is re-run, and finds those deltas gone). Answers how many it folded.
 */
export async function foldRollupDeltas(batch = 20, maxBatches = 100): Promise<number> {
  const _ = db().command
  let folded = 0
  for (let i = 0; i < maxBatches; i++) {
    const res = await db().collection(DELTAS).where({ at: _.gte('') }).orderBy('at', 'asc').limit(batch).field({ _id: true }).get()
    const ids = (res.data as { _id: string }[]).map((d) => d._id)
    if (ids.length === 0) break
    folded += await transact(async (t) => {
      const deltas = (await Promise.all(ids.map((id) => getById<DeltaDoc>(t, DELTAS, id)))).filter((d): d is DeltaDoc => !!d)
      const sums = new Map<string, { meta: RollupMeta; inc: Map<string, number> }>()
      for (const d of deltas) {
        for (const c of d.changes) {
          for (const meta of c.docs) {
            const sum = sums.get(meta._id) ?? { meta, inc: new Map<string, number>() }
            for (const [p, n] of c.inc) sum.inc.set(p, (sum.inc.get(p) ?? 0) + n)
            sums.set(meta._id, sum)
          }
        }
      }
      const targets = [...sums.values()]
      const current = await Promise.all(targets.map((s) => getById<Doc>(t, ROLLUPS, s.meta._id)))
      await Promise.all([
        ...targets.map((s, j) => {
          const doc: Doc = current[j] ?? { ...s.meta }
          for (const [p, n] of s.inc) if (n !== 0) incAt(doc, p, n)
          return put(t, ROLLUPS, doc)
        }),
        ...deltas.map((d) => t.collection(DELTAS).doc(d._id).remove()),
      ])
      return deltas.length
    })
    if (ids.length < batch) break
  }
  return folded
}

// ---- the timer's recount ----

/** The UTC bounds of a UTC+8 month "2026-03". */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number)
  return { from: new Date(Date.UTC(y, m - 1, 1) - 8 * 3600_000).toISOString(), to: new Date(Date.UTC(y, m, 1) - 8 * 3600_000).toISOString() }
}

/** Every rollup document of a month, a page at a time. */
async function storedOfMonth(month: string): Promise<Doc[]> {
  const _ = db().command
  const out: Doc[] = []
  for (;;) {
    const where: Doc = { dim: _.in([...ALL_DIMS]), month }
    if (out.length) where._id = _.gt(out[out.length - 1]._id)
    const res = await db().collection(ROLLUPS).where(where).orderBy('_id', 'asc').limit(MAX_READ).get()
    out.push(...(res.data as Doc[]))
    if (res.data.length < MAX_READ) return out
  }
}

/** A month's items as the rollups see them, read a page at a time through the period index (only the fields they need). */
async function sourcesOfMonth(month: string): Promise<RollupSource[]> {
  const _ = db().command
  const { from, to } = monthBounds(month)
  const sources: RollupSource[] = []
  let last: string | null = null
  for (;;) {
    const where: Doc = { 'fig.at': last === null ? _.gte(from).and(_.lt(to)) : _.gt(last).and(_.lt(to)) }
    const res = await db().collection(SUGGESTIONS).where(where).orderBy('fig.at', 'asc').limit(MAX_READ)
      .field({ townId: true, villageId: true, category: true, channel: true, createdAt: true, fig: true }).get()
    const docs = res.data as Doc[]
    for (const d of docs) if (d.fig) sources.push({ townId: d.townId, villageId: d.villageId, category: d.category, channel: d.channel, createdAt: d.createdAt, fig: d.fig })
    if (docs.length < MAX_READ) return sources
    last = String(docs[docs.length - 1].fig.at)
  }
}

/** How many times a recount reads again when commits or a fold moved the month while it read. */
export const RECOUNT_TRIES = 5

/**
 * Recount a month's rollups from its items, writing only the documents that drifted and removing those no item counts
 * in any more. Answers how many documents it wrote or removed, or null when the month kept moving while it read (the
 * next hourly run tries again; nothing was written).
 *
 * The rollups are right when the stored documents plus the changes not folded yet equal the items. The items cannot be
 * read in one snapshot (a month is many pages), so the recount reads the stored documents and the pending changes
 * first, then the items, then the pending changes again: when the pending changes are the same both times, no commit
 * landed and no fold ran in between (a commit writes its change in its transaction; a fold removes the changes it
 * adds), and a document should hold the items' count less the pending changes, which the fold adds later. Each
 * document is written in a transaction that first checks it is still as read, so a fold after the reads is not
 * overwritten (that attempt is read again). Before, the recount wrote the items' count itself: a commit landing between
 * the timer's fold and the recount's read of the items was then counted twice until the next hourly run.
 */
export async function recountMonth(month: string): Promise<number | null> {
  for (let attempt = 0; attempt < RECOUNT_TRIES; attempt++) {
    const changed = await recountOnce(month)
    if (changed !== null) return changed
  }
  return null
}

async function recountOnce(month: string): Promise<number | null> {
  const stored = new Map((await storedOfMonth(month)).map((d) => [d._id, d]))
  const before = await pendingDocsOf([month])
  const sources = await sourcesOfMonth(month)
  const after = await pendingDocsOf([month])
  if (before.length !== after.length || before.some((d, i) => d._id !== after[i]._id)) return null
  // What each document should hold: the items' count less what the pending changes will add.
  const target = new Map(rollupDocsOf(sources).map((d) => [d._id, d as unknown as Doc]))
  for (const d of after) {
    for (const c of d.changes) {
      for (const meta of c.docs) {
        if (meta.month !== month) continue
        const doc = target.get(meta._id) ?? { ...meta }
        for (const [p, n] of c.inc) incAt(doc, p, -n)
        target.set(meta._id, doc)
      }
    }
  }
  const drifted = [...new Set([...target.keys(), ...stored.keys()])].filter((id) => {
    const want = target.get(id)
    const have = stored.get(id)
    return want && counted(want) ? !sameDoc(have, want as unknown as RollupDoc) : have !== undefined
  })
  // A transaction per batch: each document is written only if it is still what the recount read.
  for (let i = 0; i < drifted.length; i += 20) {
    const ids = drifted.slice(i, i + 20)
    const moved = await transact(async (t) => {
      const current = await Promise.all(ids.map((id) => getById<Doc>(t, ROLLUPS, id)))
      if (current.some((doc, j) => !sameCells(doc ?? undefined, stored.get(ids[j])))) return true
      await Promise.all(ids.map((id) => {
        const want = target.get(id)
        return want && counted(want) ? put(t, ROLLUPS, want) : t.collection(ROLLUPS).doc(id).remove()
      }))
      return false
    }, () => null, 3, (m) => m)
    if (moved) return null
  }
  return drifted.length
}

/** Whether a document counts anything (a counter at zero is the same as none). */
function counted(doc: Doc): boolean {
  return flatCells(doc).size > 0
}

/** Two stored documents with the same counts, or both absent. */
function sameCells(a: Doc | undefined, b: Doc | undefined): boolean {
  if (!a || !b) return !a && !b
  return sameDoc(a, b as unknown as RollupDoc)
}

/** A document's non-zero counters, by path. */
function flatCells(d: Doc): Map<string, number> {
  const flat = (o: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> => {
    if (o && typeof o === 'object') for (const [k, v] of Object.entries(o as Doc)) flat(v, prefix ? `${prefix}.${k}` : k, out)
    else if (typeof o === 'number' && o !== 0) out.set(prefix, o)
    return out
  }
  return flat({ all: d.all, town: d.town, cat: d.cat, townCat: d.townCat })
}

/** Equal counts (a stored counter at zero is the same as none). */
function sameDoc(stored: Doc | undefined, fresh: RollupDoc): boolean {
  if (!stored) return false
  const a = flatCells(stored)
  const b = flatCells(fresh as unknown as Doc)
  if (a.size !== b.size) return false
  for (const [k, v] of a) if (b.get(k) !== v) return false
  return true
}

/** The UTC+8 month of a time, and the one before it: what the timer recounts. */
export function recentMonths(now: string): string[] {
  const local = new Date(Date.parse(now) + 8 * 3600_000)
  const y = local.getUTCFullYear()
  const m = local.getUTCMonth()
  const key = (d: Date) => d.toISOString().slice(0, 7)
  return [key(new Date(Date.UTC(y, m - 1, 1))), key(new Date(Date.UTC(y, m, 1)))]
}

// ---- reading ----

/** A period cut into whole UTC+8 months and the days of the partial months at either end (UTC+8 day keys). */
export function splitPeriod(from: string, to: string): { months: string[]; days: { from: string; to: string }[] } {
  const months: string[] = []
  const days: { from: string; to: string }[] = []
  let at = Date.parse(from)
  const end = Date.parse(to)
  let dayRun: { from: string; to: string } | null = null
  while (at < end) {
    const local = new Date(at + 8 * 3600_000)
    const monthKey = local.toISOString().slice(0, 7)
    const b = monthBounds(monthKey)
    if (Date.parse(b.from) === at && Date.parse(b.to) <= end) {
      if (dayRun) { days.push(dayRun); dayRun = null }
      months.push(monthKey)
      at = Date.parse(b.to)
      continue
    }
    const next = Math.min(end, at + 86400_000)
    const seg = { from: new Date(at).toISOString(), to: new Date(next).toISOString() }
    dayRun = dayRun ? { from: dayRun.from, to: seg.to } : seg
    at = next
  }
  if (dayRun) days.push(dayRun)
  return { months, days }
}

/**
 * Rollup documents matching any of `wheres` (read at once, each a page at a time), only the cells a read needs, with
 * the committed changes the timer has not folded in yet added (those of `months` whose documents `wanted` keeps): a
 * figure is right as soon as its command answered. Without times (the previous period's counts) the `all` cell's
 * counts alone are read: the time buckets are half a document.
 */
async function readRollups(wheres: Doc[], cells: string[], months: string[], wanted: (meta: RollupMeta) => boolean, withTimes = true): Promise<RollupDoc[]> {
  const _ = db().command
  const field: Doc = { dim: true, key: true, month: true, day: true }
  for (const c of cells) field[c === 'all' && !withTimes ? 'all.n' : c] = true
  const readOne = async (where: Doc): Promise<RollupDoc[]> => {
    const got: RollupDoc[] = []
    for (;;) {
      const next = got.length ? { ...where, _id: _.gt(got[got.length - 1]._id) } : where
      const res = await db().collection(ROLLUPS).where(next).orderBy('_id', 'asc').limit(MAX_READ).field(field).get()
      got.push(...(res.data as RollupDoc[]))
      if (res.data.length < MAX_READ) return got
    }
  }
  const [pending, parts] = await Promise.all([pendingOf(months), Promise.all(wheres.map(readOne))])
  const out = parts.flat()
  const byId = new Map(out.map((d) => [d._id, d]))
  for (const change of pending) {
    const paths = Object.entries(change.inc).filter(([p]) => cells.includes(p.slice(0, p.indexOf('.'))))
    if (paths.length === 0) continue
    for (const meta of change.docs) {
      if (!wanted(meta)) continue
      let doc = byId.get(meta._id)
      if (!doc) {
        doc = { ...meta }
        byId.set(meta._id, doc)
        out.push(doc)
      }
      for (const [p, n] of paths) incAt(doc as unknown as Doc, p, n)
    }
  }
  return out
}

/** The UTC+8 months a run of days ("2026-03-05" … before "2026-04-02") falls in. */
function monthsOfDays(from: string, to: string): string[] {
  const out: string[] = []
  const last = new Date(Date.parse(`${to}T00:00:00Z`) - 86400_000).toISOString().slice(0, 7)
  for (let m = from.slice(0, 7); m <= last; ) {
    out.push(m)
    const [y, mo] = m.split('-').map(Number)
    m = new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 7)
  }
  return out
}

function filterOf(reach: FiguresReach, filters: { townId?: Id; townIds?: Id[]; category?: string }): RollupFilter {
  const f: RollupFilter = {}
  if (filters.townId) f.townIds = [filters.townId]
  else if (filters.townIds) f.townIds = filters.townIds
  else if (reach.kind === 'towns') f.townIds = reach.townIds
  if (filters.category) f.category = filters.category
  return f
}

function cellNames(f: RollupFilter): string[] {
  if (f.townIds) return [f.category ? 'townCat' : 'town']
  return [f.category ? 'cat' : 'all']
}

type Rows = { countRows: CountRow[]; timeRows: TimeRow[] }

/** The rows of the period's whole months from the rollups; null when the rollups do not split items that way. */
async function monthRows(reach: FiguresReach, months: string[], dimension: Dimension, f: RollupFilter, into: Rows, withTimes: boolean): Promise<boolean> {
  if (months.length === 0) return true
  const _ = db().command
  if (reach.kind === 'member') {
    // A member's own figures: their member documents, split by town or category where the table asks.
    if (!['member', 'month', 'town', 'category'].includes(dimension)) return false
    const ids = new Set(months.map((m) => rollupId('member', m, reach.memberId)))
    const docs = await readRollups([{ _id: _.in([...ids]) }], ['all', 'town', 'cat', 'townCat'], months, (m) => ids.has(m._id))
    for (const doc of docs) {
      if (dimension === 'town') rowsOfCells(cellsByTown(doc, f), into)
      else if (dimension === 'category') rowsOfCells(cellsByCategory(doc, f), into)
      else rowsOfCells(cellsOf(doc, f).map((c) => [dimension === 'month' ? doc.month : doc.key, c] as [string, RollupCell]), into)
    }
    return true
  }
  // Dimensions with many keys (200 members: 2,400 documents a year) a month per query, all months at once: one round
  // trip, not a page after a page. The others (a dozen towns) have a year in one page: one query.
  const dim = rollupDimFor(dimension)
  const many = dimension === 'member' || dimension === 'village'
  const wheres = many ? months.map((month) => ({ dim, month })) : [{ dim, month: _.in(months) }]
  const docs = await readRollups(wheres, cellNames(f), months, (m) => m.dim === dim && months.includes(m.month), withTimes)
  for (const doc of docs) rowsOfCells(cellsOf(doc, f).map((c) => [dimension === 'month' ? doc.month : doc.key, c] as [string, RollupCell]), into)
  return true
}

/** The rows of the days at the period's ends from the per-day town rollups (tables by town, category or month). */
async function dayRows(reach: FiguresReach, run: { from: string; to: string }, dimension: Dimension, f: RollupFilter, into: Rows): Promise<boolean> {
  if (reach.kind === 'member' || !['town', 'category', 'month'].includes(dimension)) return false
  const _ = db().command
  const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)
  const [from, to] = [day(run.from), day(run.to)]
  const where: Doc = { dim: 'townDay', day: _.gte(from).and(_.lt(to)) }
  const docs = await readRollups([where], dimension === 'category' ? ['cat', 'townCat'] : cellNames(f), monthsOfDays(from, to),
    (m) => m.dim === 'townDay' && m.day !== undefined && m.day >= from && m.day < to)
  for (const doc of docs) {
    if (dimension === 'category') rowsOfCells(cellsByCategory(doc, f), into)
    else rowsOfCells(cellsOf(doc, f).map((c) => [dimension === 'month' ? doc.month : doc.key, c] as [string, RollupCell]), into)
  }
  return true
}

/**
 * A table's rows from the rollups where they split items that way; the stretches they cannot answer (the partial
 * months at a range's ends for dimensions kept per month only, a member's own table by village, say) are answered by
 * `fromItems` over that stretch.
 */
export async function rollupTableRows(
  reach: FiguresReach, period: { from: string; to: string }, dimension: Dimension, filters: { townId?: Id; townIds?: Id[]; category?: string },
  times: readonly TimeKey[], fromItems: (stretch: { from: string; to: string }) => Promise<Rows>,
): Promise<Rows> {
  const f = filterOf(reach, filters)
  const { months, days } = splitPeriod(period.from, period.to)
  const rows: Rows = { countRows: [], timeRows: [] }
  const add = (r: Rows) => { rows.countRows.push(...r.countRows); rows.timeRows.push(...r.timeRows) }
  if (!(await monthRows(reach, months, dimension, f, rows, times.length > 0))) {
    // Not split this way: the whole period from the items.
    return fromItems(period)
  }
  for (const run of days) if (!(await dayRows(reach, run, dimension, f, rows))) add(await fromItems(run))
  const wanted = new Set<string>(times)
  rows.timeRows = rows.timeRows.filter((r) => wanted.has(r.time))
  return rows
}
