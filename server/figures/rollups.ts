// The figures' rollups in the database (`figureRollups`): bumped right after each commit like the triage counters (a
// delta, undone if the commit fails), recounted month by month from the items by the timer, and read by the tables:
// a year × all towns is a few hundred small documents, not 100,000 items. See src/domain/figures/rollups.ts.
import type { Id, Suggestion } from '../../src/domain/types'
import type { Dimension, TimeKey, CountRow, TimeRow } from '../../src/domain/figures/measures'
import {
  ROLLUP_DIMS, cellsByCategory, cellsByTown, cellsOf, incAt, rollupDelta, rollupDimFor, rollupDocsOf, rowsOfCells,
  rollupId, sourceOf, type RollupCell, type RollupChange, type RollupDoc, type RollupFilter, type RollupSource,
} from '../../src/domain/figures/rollups'
import type { FiguresReach } from '../../src/domain/permissions'
import { db, put, type Doc } from '../db'
import type { Alongside } from '../transaction'
import { SUGGESTIONS } from '../repositories/suggestions'
import { MAX_READ } from '../repositories/paging'

export const ROLLUPS = 'figureRollups'
const ALL_DIMS = [...ROLLUP_DIMS, 'townDay'] as const

// ---- writing ----

async function applyChange(ch: RollupChange): Promise<void> {
  const _ = db().command
  const ops: Doc = {}
  for (const [p, d] of Object.entries(ch.inc)) ops[p] = _.inc(d)
  const ids = ch.docs.map((d) => d._id)
  const res = await db().collection(ROLLUPS).where({ _id: _.in(ids) }).update(ops)
  if (res.updated >= ids.length) return
  // The first item of a key in a month: its document is made here (a racing maker's document gets the update instead).
  const found = await db().collection(ROLLUPS).where({ _id: _.in(ids) }).field({ _id: true }).limit(ids.length).get()
  const have = new Set((found.data as Doc[]).map((d) => d._id))
  await Promise.all(ch.docs.filter((m) => !have.has(m._id)).map(async (meta) => {
    const doc: Doc = { ...meta }
    for (const [p, d] of Object.entries(ch.inc)) incAt(doc, p, d)
    const { _id, ...rest } = doc
    try {
      await db().collection(ROLLUPS).doc(_id).create(rest)
    } catch {
      await db().collection(ROLLUPS).doc(_id).update(ops)
    }
  }))
}

export async function applyRollupChanges(changes: RollupChange[]): Promise<void> {
  await Promise.all(changes.map(applyChange))
}

const negate = (changes: RollupChange[]): RollupChange[] =>
  changes.map((c) => ({ docs: c.docs, inc: Object.fromEntries(Object.entries(c.inc).map(([p, d]) => [p, -d])) }))

/** The rollups' change for items moving from `before` to `after` (null: not there), sent with the commit. */
export function rollupsAlongside(moves: [Suggestion | null | undefined, Suggestion | null | undefined][]): Alongside | undefined {
  const changes = moves.flatMap(([b, a]) => rollupDelta(b ? sourceOf(b) : null, a ? sourceOf(a) : null))
  if (changes.length === 0) return undefined
  return { apply: () => applyRollupChanges(changes), undo: () => applyRollupChanges(negate(changes)) }
}

/** Several writes alongside one commit, as one. */
export function together(...sides: (Alongside | undefined)[]): Alongside | undefined {
  const some = sides.filter((s): s is Alongside => !!s)
  if (some.length <= 1) return some[0]
  return {
    apply: async () => { await Promise.all(some.map((s) => s.apply())) },
    undo: async () => { await Promise.all(some.map((s) => s.undo())) },
  }
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

/**
 * Recount a month's rollups from its items (read a page at a time through the period index, only the fields they
 * need), writing only the documents that drifted and removing those no item counts in any more. Answers how many
 * documents it wrote or removed. A commit that lands between the read and the write is repaired by the next recount.
 */
export async function recountMonth(month: string): Promise<number> {
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
    if (docs.length < MAX_READ) break
    last = String(docs[docs.length - 1].fig.at)
  }
  // The stored documents are read before the sums are made: a long pause of the event loop between two requests lets
  // the server close the idle keep-alive socket the next request would reuse.
  const stored = new Map((await storedOfMonth(month)).map((d) => [d._id, d]))
  const fresh = new Map(rollupDocsOf(sources).map((d) => [d._id, d]))
  let changed = 0
  const writes: Promise<unknown>[] = []
  const flush = async () => { await Promise.all(writes.splice(0)) }
  for (const [id, doc] of fresh) {
    if (sameDoc(stored.get(id), doc)) continue
    writes.push(put(db(), ROLLUPS, doc as unknown as Doc))
    changed++
    if (writes.length >= 20) await flush()
  }
  for (const id of stored.keys()) {
    if (fresh.has(id)) continue
    writes.push(db().collection(ROLLUPS).doc(id).remove())
    changed++
    if (writes.length >= 20) await flush()
  }
  await flush()
  return changed
}

/** Equal counts (a stored counter at zero is the same as none). */
function sameDoc(stored: Doc | undefined, fresh: RollupDoc): boolean {
  if (!stored) return false
  const flat = (o: unknown, prefix = '', out = new Map<string, number>()): Map<string, number> => {
    if (o && typeof o === 'object') for (const [k, v] of Object.entries(o as Doc)) flat(v, prefix ? `${prefix}.${k}` : k, out)
    else if (typeof o === 'number' && o !== 0) out.set(prefix, o)
    return out
  }
  const cells = (d: Doc) => ({ all: d.all, town: d.town, cat: d.cat, townCat: d.townCat })
  const a = flat(cells(stored))
  const b = flat(cells(fresh as unknown as Doc))
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

/** Rollup documents matching `where`, only the cells a read needs, a page at a time. */
async function readRollups(where: Doc, cells: string[], withTimes = true): Promise<RollupDoc[]> {
  const _ = db().command
  const out: RollupDoc[] = []
  const field: Doc = { dim: true, key: true, month: true, day: true }
  // Without times (the previous period's counts) the `all` cell's counts alone: the time buckets are half a document.
  for (const c of cells) field[c === 'all' && !withTimes ? 'all.n' : c] = true
  for (;;) {
    const next = out.length ? { ...where, _id: _.gt(out[out.length - 1]._id) } : where
    const res = await db().collection(ROLLUPS).where(next).orderBy('_id', 'asc').limit(MAX_READ).field(field).get()
    out.push(...(res.data as RollupDoc[]))
    if (res.data.length < MAX_READ) return out
  }
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
    const docs = await readRollups({ _id: _.in(months.map((m) => rollupId('member', m, reach.memberId))) }, ['all', 'town', 'cat', 'townCat'])
    for (const doc of docs) {
      if (dimension === 'town') rowsOfCells(cellsByTown(doc, f), into)
      else if (dimension === 'category') rowsOfCells(cellsByCategory(doc, f), into)
      else rowsOfCells(cellsOf(doc, f).map((c) => [dimension === 'month' ? doc.month : doc.key, c] as [string, RollupCell]), into)
    }
    return true
  }
  // Dimensions with many keys (200 members: 2,400 documents a year) a month at a time, all months at once: one round
  // trip, not a page after a page. The others (a dozen towns) have a year in one page: one query.
  const many = dimension === 'member' || dimension === 'village'
  const perMonth = await Promise.all((many ? months.map((m) => [m]) : [months]).map((ms) =>
    readRollups({ dim: rollupDimFor(dimension), month: ms.length === 1 ? ms[0] : _.in(ms) }, cellNames(f), withTimes)))
  for (const doc of perMonth.flat()) rowsOfCells(cellsOf(doc, f).map((c) => [dimension === 'month' ? doc.month : doc.key, c] as [string, RollupCell]), into)
  return true
}

/** The rows of the days at the period's ends from the per-day town rollups (tables by town, category or month). */
async function dayRows(reach: FiguresReach, run: { from: string; to: string }, dimension: Dimension, f: RollupFilter, into: Rows): Promise<boolean> {
  if (reach.kind === 'member' || !['town', 'category', 'month'].includes(dimension)) return false
  const _ = db().command
  const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10)
  const where: Doc = { dim: 'townDay', day: _.gte(day(run.from)).and(_.lt(day(run.to))) }
  const docs = await readRollups(where, dimension === 'category' ? ['cat', 'townCat'] : cellNames(f))
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
