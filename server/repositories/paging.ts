// Cursor paging shared by the list repositories: sort on one unique string key, continue strictly after the last key seen.
// Never `skip`: a skip re-reads everything before the page, and shifts when items move between lists.
import { db, type Doc, type Scope } from '../db'

export interface PageQuery {
  collection: string
  where: Doc
  /** A unique string field (the id, or a key ending in the id). */
  sortKey: string
  dir: 1 | -1
  /** An upper bound on the sort key that belongs to the query itself (the overdue tab: due before now). */
  below?: string
}

export interface RawPage { docs: Doc[]; nextCursor: string | null }

function after(q: PageQuery, cursor: string | null | undefined): Doc {
  const _ = db().command
  if (!cursor) return q.below ? { ...q.where, [q.sortKey]: _.lt(q.below) } : q.where
  const next = q.dir === -1 ? _.lt(cursor) : _.gt(cursor)
  return { ...q.where, [q.sortKey]: q.below ? next.and(_.lt(q.below)) : next }
}

/** The query's filter as count() needs it (with its own bound, without a cursor). */
export function filterOf(q: PageQuery): Doc {
  return after(q, null)
}

export async function page(scope: Scope, q: PageQuery, cursor: string | null | undefined, limit: number): Promise<RawPage> {
  const res = await scope.collection(q.collection).where(after(q, cursor)).orderBy(q.sortKey, q.dir === -1 ? 'desc' : 'asc').limit(limit + 1).get()
  const docs = res.data as Doc[]
  const more = docs.length > limit
  const shown = docs.slice(0, limit)
  return { docs: shown, nextCursor: more ? String(shown[shown.length - 1][q.sortKey]) : null }
}

/** One page over several queries with the same sort key (one per town of a staff scope, one per group of a member): merged in order. */
export async function mergedPage(scope: Scope, qs: PageQuery[], cursor: string | null | undefined, limit: number): Promise<RawPage> {
  if (qs.length === 1) return page(scope, qs[0], cursor, limit)
  const pages = await Promise.all(qs.map((q) => page(scope, q, cursor, limit)))
  const { sortKey, dir } = qs[0]
  const seen = new Set<string>()
  const all = pages.flatMap((p) => p.docs).filter((d) => !seen.has(d._id) && seen.add(d._id))
  all.sort((a, b) => (a[sortKey] < b[sortKey] ? -dir : a[sortKey] > b[sortKey] ? dir : 0))
  const more = all.length > limit || pages.some((p) => p.nextCursor !== null)
  const shown = all.slice(0, limit)
  return { docs: shown, nextCursor: more && shown.length ? String(shown[shown.length - 1][sortKey]) : null }
}

export async function count(scope: Scope, collection: string, where: Doc): Promise<number> {
  const res = await scope.collection(collection).where(where).count()
  return res.total as number
}

/** The server SDK returns at most this many records per call; every read sets its limit and pages past it. */
export const MAX_READ = 1000

/** Every document matching `where`, read 1,000 at a time in id order (for small collections: towns, counters). */
export async function readAll(scope: Scope, collection: string, where: Doc): Promise<Doc[]> {
  const out: Doc[] = []
  const _ = db().command
  for (;;) {
    const next = out.length ? { ...where, _id: _.gt(out[out.length - 1]._id) } : where
    const res = await scope.collection(collection).where(next).orderBy('_id', 'asc').limit(MAX_READ).get()
    out.push(...(res.data as Doc[]))
    if (res.data.length < MAX_READ) return out
  }
}

/**
 * Every row of an aggregation, a page of 1,000 at a time: CloudBase answers an aggregation with 20 rows unless told
 * otherwise. `pipeline` builds the stages up to the grouping; the rows are sorted by `sortKeys` so pages do not overlap.
 */
export async function aggregateAll(pipeline: () => any, sortKeys: Record<string, 1 | -1>): Promise<Doc[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: Doc[] = []
  for (;;) {
    const res = await pipeline().sort(sortKeys).skip(out.length).limit(MAX_READ).end()
    out.push(...(res.data as Doc[]))
    if (res.data.length < MAX_READ) return out
  }
}
