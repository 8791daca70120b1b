// Rollups: the figures kept as counters — per UTC+8 month and dimension key (and per day and town), each split by town,
// category and both — changed by a delta with every commit and recounted from the items by the timer. A year's table
// then reads a few hundred rollup documents instead of a year's items. Pure: what an item adds, the change a commit
// makes, and the fold of rollup documents back into the (key, flags) and (key, time, bucket) rows of measures.ts.
import type { Category, Id, Suggestion } from '../types'
import {
  TIME_FIELD, TIME_KEYS, factsOf, keyOf, type CountRow, type Dimension, type ItemFacts, type TimeKey, type TimeRow,
} from './measures'

/** The dimensions kept per month (month itself is read from the town rollups), and the per-day town rollup. */
export const ROLLUP_DIMS = ['town', 'village', 'category', 'channel', 'member', 'sectorGroup', 'department'] as const
export type RollupDim = (typeof ROLLUP_DIMS)[number] | 'townDay'

/** The key of items with no value in a dimension (no member yet): kept, so that every table's total counts every item. */
export const NONE = '~'

/** One counter cell: items by flag string (`fig.k`), and time buckets as `<time>_<hours>`. */
export interface RollupCell { n?: Record<string, number>; h?: Record<string, number> }

/**
 * A rollup document. `all` is every item of the key in the month (or day); `town`, `cat` and `townCat` split the same
 * items by town, by category and by both (`<townId>~<category>`), so a town or category filter reads one cell.
 */
export interface RollupDoc {
  _id: string
  dim: RollupDim
  key: string
  /** "2026-03", the UTC+8 month. */
  month: string
  /** "2026-03-05", the UTC+8 day (townDay only). */
  day?: string
  all?: RollupCell
  town?: Record<Id, RollupCell>
  cat?: Record<string, RollupCell>
  townCat?: Record<string, RollupCell>
}

export type RollupMeta = Pick<RollupDoc, '_id' | 'dim' | 'key' | 'month' | 'day'>

export const rollupId = (dim: RollupDim, at: string, key: string): string => `${dim}_${at}_${key}`

/** The UTC+8 day of a UTC time. */
export function dayKeyOf(at: string): string {
  return new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10)
}

/** What the rollups need of an item: its stored facts and the plain fields it is grouped by. */
export interface RollupSource {
  townId: Id; villageId: Id; category: Category | string; channel: string; createdAt: string; fig: ItemFacts
}

export function sourceOf(s: Suggestion): RollupSource {
  return { townId: s.townId, villageId: s.villageId, category: s.category, channel: s.channel, createdAt: s.createdAt, fig: factsOf(s) }
}

function keyIn(src: RollupSource, dim: (typeof ROLLUP_DIMS)[number]): string {
  const key = keyOf({ townId: src.townId, villageId: src.villageId, category: src.category, channel: src.channel } as Suggestion, src.fig, dim)
  return key ?? NONE
}

/** The documents an item counts in. */
export function docsOf(src: RollupSource): RollupMeta[] {
  const month = src.fig.month
  const out: RollupMeta[] = ROLLUP_DIMS.map((dim) => {
    const key = keyIn(src, dim)
    return { _id: rollupId(dim, month, key), dim, key, month }
  })
  const day = dayKeyOf(src.createdAt)
  out.push({ _id: rollupId('townDay', day, src.townId), dim: 'townDay', key: src.townId, month, day })
  return out
}

/** The counter paths (inside each of the item's documents) the item adds one to. */
export function pathsOf(src: RollupSource): string[] {
  const cells = ['all', `town.${src.townId}`, `cat.${src.category}`, `townCat.${src.townId}~${src.category}`]
  const out: string[] = []
  const f = src.fig as unknown as Record<string, number | undefined>
  for (const cell of cells) {
    out.push(`${cell}.n.${src.fig.k}`)
    for (const t of TIME_KEYS) {
      const h = f[TIME_FIELD[t]]
      if (h !== undefined) out.push(`${cell}.h.${t}_${h}`)
    }
  }
  return out
}

/** A change to apply: the same increments to each of `docs`. */
export interface RollupChange { docs: RollupMeta[]; inc: Record<string, number> }

/**
 * What a commit changes in the rollups, from the item before (null when new) to after: one change per set of documents
 * that get the same increments (usually one: the item's documents, one flag string out and another in).
 */
export function rollupDelta(before: RollupSource | null, after: RollupSource | null): RollupChange[] {
  const perDoc = new Map<string, { meta: RollupMeta; inc: Map<string, number> }>()
  const add = (src: RollupSource, d: number) => {
    const paths = pathsOf(src)
    for (const meta of docsOf(src)) {
      const entry = perDoc.get(meta._id) ?? { meta, inc: new Map<string, number>() }
      for (const p of paths) entry.inc.set(p, (entry.inc.get(p) ?? 0) + d)
      perDoc.set(meta._id, entry)
    }
  }
  if (before) add(before, -1)
  if (after) add(after, 1)
  const groups = new Map<string, RollupChange>()
  for (const { meta, inc } of perDoc.values()) {
    const kept = [...inc.entries()].filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : 1))
    if (kept.length === 0) continue
    const sig = JSON.stringify(kept)
    const g = groups.get(sig) ?? { docs: [], inc: Object.fromEntries(kept) }
    g.docs.push(meta)
    groups.set(sig, g)
  }
  return [...groups.values()]
}

/** A whole month's documents from its items (the timer's recount): the same sums the deltas keep. */
export function rollupDocsOf(sources: RollupSource[]): RollupDoc[] {
  const docs = new Map<string, RollupDoc>()
  for (const src of sources) {
    const paths = pathsOf(src)
    for (const meta of docsOf(src)) {
      const doc = docs.get(meta._id) ?? ({ ...meta } as RollupDoc)
      for (const p of paths) incAt(doc as unknown as Record<string, unknown>, p, 1)
      docs.set(meta._id, doc)
    }
  }
  return [...docs.values()]
}

/** Adds d at a dotted path, making the objects on the way. */
export function incAt(obj: Record<string, unknown>, path: string, d: number): void {
  const parts = path.split('.')
  let o = obj
  for (const p of parts.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {}
    o = o[p] as Record<string, unknown>
  }
  const last = parts[parts.length - 1]
  o[last] = Number(o[last] ?? 0) + d
}

// ---- reading ----

/** Whose items a table counts, as the rollups can split them. */
export interface RollupFilter {
  /** Only these towns (a town filter, or a staff member's towns); undefined for every town. */
  townIds?: Id[]
  category?: string
}

/** The cells of a document that a filter selects (several for several towns). */
export function cellsOf(doc: RollupDoc, filter: RollupFilter): RollupCell[] {
  const { townIds, category } = filter
  if (!townIds) return category ? [doc.cat?.[category]].filter(isCell) : [doc.all].filter(isCell)
  return townIds.map((t) => (category ? doc.townCat?.[`${t}~${category}`] : doc.town?.[t])).filter(isCell)
}

/** Cells split by town (`town` / `townCat`), for a town table read from another dimension's documents. */
export function cellsByTown(doc: RollupDoc, filter: RollupFilter): [string, RollupCell][] {
  const out: [string, RollupCell][] = []
  if (filter.category) {
    for (const [k, cell] of Object.entries(doc.townCat ?? {})) {
      const [t, c] = k.split('~')
      if (c === filter.category && (!filter.townIds || filter.townIds.includes(t))) out.push([t, cell])
    }
  } else {
    for (const [t, cell] of Object.entries(doc.town ?? {})) if (!filter.townIds || filter.townIds.includes(t)) out.push([t, cell])
  }
  return out
}

/** Cells split by category (`cat` / `townCat`), for a category table read from another dimension's documents. */
export function cellsByCategory(doc: RollupDoc, filter: RollupFilter): [string, RollupCell][] {
  const out: [string, RollupCell][] = []
  if (filter.townIds) {
    for (const [k, cell] of Object.entries(doc.townCat ?? {})) {
      const [t, c] = k.split('~')
      if (filter.townIds.includes(t) && (!filter.category || filter.category === c)) out.push([c, cell])
    }
  } else {
    for (const [c, cell] of Object.entries(doc.cat ?? {})) if (!filter.category || filter.category === c) out.push([c, cell])
  }
  return out
}

function isCell(c: RollupCell | undefined): c is RollupCell {
  return !!c
}

/** Cells under their table keys → the rows foldFigures takes. A NONE key becomes null (counted in the total only). */
export function rowsOfCells(cells: [string | null, RollupCell][], into: { countRows: CountRow[]; timeRows: TimeRow[] } = { countRows: [], timeRows: [] }): { countRows: CountRow[]; timeRows: TimeRow[] } {
  for (const [rawKey, cell] of cells) {
    const key = rawKey === NONE ? null : rawKey
    for (const [k, n] of Object.entries(cell.n ?? {})) if (n) into.countRows.push({ key, k, n })
    for (const [th, n] of Object.entries(cell.h ?? {})) {
      if (!n) continue
      const i = th.lastIndexOf('_')
      into.timeRows.push({ key, time: th.slice(0, i) as TimeKey, h: Number(th.slice(i + 1)), n })
    }
  }
  return into
}

/** Which documents answer a table by a dimension (month: the town documents, grouped by their month). */
export function rollupDimFor(d: Dimension): RollupDim {
  return d === 'month' ? 'town' : d
}
