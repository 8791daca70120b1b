// Declared indexes kept as sorted arrays of (key tuple, _id), and the planner that picks one for a query.
import { compare } from 'mingo/util'
import type { Doc } from './ejson'
import type { DocId } from './store'

export interface IndexSpec {
  name: string
  keys: Record<string, 1 | -1>
  unique?: boolean
}
export type IndexFile = Record<string, IndexSpec[]>

const MAX_KEYS_PER_DOC = 1000

/** mingo's place in its type order (null 2, number 3, string 4, boolean 9, date 10) of the types keys usually hold; else 0. */
function typeRank(v: unknown): number {
  if (v === null) return 2
  const t = typeof v
  if (t === 'number') return 3
  if (t === 'string') return 4
  if (t === 'boolean') return 9
  return v instanceof Date ? 10 : 0
}

/** mingo's BSON ordering, with a fast path for the types index keys usually hold. */
export function compareValues(a: unknown, b: unknown): number {
  // The same value (two missing fields, indexed as null, above all: most entries of a sparse index).
  if (a === b) return 0
  const ta = typeof a
  if (ta === typeof b) {
    if (ta === 'string' || ta === 'number' || ta === 'boolean') return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
    if (a instanceof Date && b instanceof Date) {
      const x = a.getTime()
      const y = b.getTime()
      return x < y ? -1 : x > y ? 1 : 0
    }
  }
  // Different types: a missing field (null) against a value, above all, in a sparse index. Ordered by type as mingo does.
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== 0 && rb !== 0 && ra !== rb) return ra < rb ? -1 : 1
  return compare(a, b)
}

function compareIds(a: DocId, b: DocId): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0
  return typeof a === 'number' ? -1 : 1
}

/** Whether an array lies on a dotted path of a document (the field is then multikey). */
function holdsArray(doc: unknown, path: string): boolean {
  let current: unknown[] = [doc]
  for (const part of path.split('.')) {
    const next: unknown[] = []
    for (const v of current) {
      if (Array.isArray(v)) return true
      if (v !== null && typeof v === 'object' && !(v instanceof Date)) next.push((v as Doc)[part])
    }
    current = next
  }
  return current.some((v) => Array.isArray(v))
}

/** Values at a dotted path; arrays on the way fan out (multikey). Missing → null, as MongoDB indexes it. */
export function valuesAt(doc: unknown, path: string): unknown[] {
  const parts = path.split('.')
  let current: unknown[] = [doc]
  for (const part of parts) {
    const next: unknown[] = []
    for (const v of current) {
      if (Array.isArray(v)) {
        const idx = /^\d+$/.test(part) ? Number(part) : -1
        if (idx >= 0 && idx < v.length) next.push(v[idx])
        else for (const el of v) if (el !== null && typeof el === 'object' && !Array.isArray(el)) next.push((el as Doc)[part])
      } else if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
        next.push((v as Doc)[part])
      } else {
        next.push(undefined)
      }
    }
    current = next
  }
  const out: unknown[] = []
  for (const v of current) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(null)
      else out.push(...v)
    } else out.push(v === undefined ? null : v)
  }
  return out.length ? out : [null]
}

const CHUNK = 512

interface Pos {
  c: number
  i: number
}

/** An index entry for a document whose indexed fields hold arrays: one per key tuple. */
class MultiEntry {
  constructor(
    readonly k: unknown[],
    readonly doc: Doc,
  ) {}
}

/**
 * Entries are the documents themselves (stored documents are never mutated, only replaced), so an index
 * costs one pointer per document and reads keys straight from the document; documents with arrays in
 * indexed fields get one MultiEntry per key tuple instead.
 */
type Entry = Doc | MultiEntry

export class SortedIndex {
  readonly fields: string[]
  readonly dirs: number[]
  private readonly getters: Array<(doc: Doc) => unknown>
  /**
   * Sorted entries in chunks of at most CHUNK (a flat B+-tree leaf level): a single-document write
   * splices one small chunk instead of moving every entry of a 100k-entry array.
   */
  private chunks: Entry[][] = []
  /** Set once a document holds an array in an indexed field: index order then no longer gives sort order. */
  multikey = false
  /** Which fields (by position) have held an array: pinned by one equality value, they leave the order intact. */
  readonly multikeyFields = new Set<number>()

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.keys)
    this.dirs = this.fields.map((f) => (spec.keys[f] === -1 ? -1 : 1))
    this.getters = this.fields.map((f) => {
      if (!f.includes('.')) {
        return (doc: Doc) => {
          const v = doc[f]
          return v === undefined ? null : v
        }
      }
      const parts = f.split('.')
      return (doc: Doc) => {
        let v: unknown = doc
        for (const p of parts) {
          if (v === null || typeof v !== 'object' || v instanceof Date) return null
          v = (v as Doc)[p]
        }
        return v === undefined ? null : v
      }
    })
  }

  private key(e: Entry, i: number): unknown {
    return e instanceof MultiEntry ? e.k[i] : this.getters[i](e)
  }

  private idOf(e: Entry): DocId {
    return (e instanceof MultiEntry ? e.doc._id : e._id) as DocId
  }

  private cmp = (a: Entry, b: Entry): number => {
    for (let i = 0; i < this.fields.length; i++) {
      const c = compareValues(this.key(a, i), this.key(b, i))
      if (c !== 0) return c * this.dirs[i]
    }
    return compareIds(this.idOf(a), this.idOf(b))
  }

  /** Compares an entry's first n keys with k. */
  private cmpTo(e: Entry, k: unknown[], n: number): number {
    for (let i = 0; i < n; i++) {
      const c = compareValues(this.key(e, i), k[i])
      if (c !== 0) return c * this.dirs[i]
    }
    return 0
  }

  /** Whether a document's indexed fields are plain values (no arrays on the way): then the document is its own entry. */
  private isPlainKeyed(doc: Doc): boolean {
    for (const f of this.fields) {
      let v: unknown = doc
      for (const p of f.includes('.') ? f.split('.') : [f]) {
        if (v === null || typeof v !== 'object' || v instanceof Date) {
          v = undefined
          break
        }
        v = (v as Doc)[p]
        if (Array.isArray(v)) return false
      }
    }
    return true
  }

  /** All key tuples of a document (cartesian product over multikey fields). */
  keysOf(doc: Doc): unknown[][] {
    if (this.isPlainKeyed(doc)) return [this.getters.map((g) => g(doc))]
    let tuples: unknown[][] = [[]]
    for (const field of this.fields) {
      const values = valuesAt(doc, field)
      const unique = values.length > 1 ? dedupe(values) : values
      const next: unknown[][] = []
      for (const t of tuples) for (const v of unique) if (next.length < MAX_KEYS_PER_DOC) next.push([...t, v])
      tuples = next
    }
    return tuples
  }

  private entriesOf(doc: Doc): Entry[] {
    if (this.isPlainKeyed(doc)) return [doc]
    this.multikey = true
    this.fields.forEach((f, i) => { if (!this.multikeyFields.has(i) && holdsArray(doc, f)) this.multikeyFields.add(i) })
    return this.keysOf(doc).map((k) => new MultiEntry(k, doc))
  }

  /** First position where `before` turns false (entries for which it holds all come first). */
  private search(before: (e: Entry) => boolean): Pos {
    const chunks = this.chunks
    let lo = 0
    let hi = chunks.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const chunk = chunks[mid]
      if (before(chunk[chunk.length - 1])) lo = mid + 1
      else hi = mid
    }
    if (lo === chunks.length) return { c: lo, i: 0 }
    const chunk = chunks[lo]
    let a = 0
    let b = chunk.length
    while (a < b) {
      const mid = (a + b) >>> 1
      if (before(chunk[mid])) a = mid + 1
      else b = mid
    }
    return { c: lo, i: a }
  }

  /** First position whose entry is >= (k, id) in index order; k may be a prefix. */
  private lowerBound(k: unknown[], n: number, id?: DocId): Pos {
    return this.search((e) => (this.cmpTo(e, k, n) || (id === undefined ? 0 : compareIds(this.idOf(e), id))) < 0)
  }

  /**
   * Where the entry (k, id) goes, or is: `lowerBound(k, fields, id)` without its closures. Every write of a document
   * searches each index of its collection (an item: 40, and one search per search gram), so this is the hot path.
   */
  private placeOf(k: unknown[], id: DocId): Pos {
    const chunks = this.chunks
    let lo = 0
    let hi = chunks.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const chunk = chunks[mid]
      if (this.precedes(chunk[chunk.length - 1], k, id)) lo = mid + 1
      else hi = mid
    }
    if (lo === chunks.length) return { c: lo, i: 0 }
    const chunk = chunks[lo]
    let a = 0
    let b = chunk.length
    while (a < b) {
      const mid = (a + b) >>> 1
      if (this.precedes(chunk[mid], k, id)) a = mid + 1
      else b = mid
    }
    return { c: lo, i: a }
  }

  /** Whether entry e comes before the full key k with id, in index order. */
  private precedes(e: Entry, k: unknown[], id: DocId): boolean {
    const multi = e instanceof MultiEntry
    const n = this.fields.length
    for (let i = 0; i < n; i++) {
      const v = multi ? (e as MultiEntry).k[i] : this.getters[i](e as Doc)
      const w = k[i]
      if (v === w) continue
      const c = compareValues(v, w)
      if (c !== 0) return c * this.dirs[i] < 0
    }
    const eid = (multi ? (e as MultiEntry).doc._id : (e as Doc)._id) as DocId
    return compareIds(eid, id) < 0
  }

  private upperBound(k: unknown[], n: number): Pos {
    return this.search((e) => this.cmpTo(e, k, n) <= 0)
  }

  private entryAt(p: Pos): Entry | undefined {
    return this.chunks[p.c]?.[p.i]
  }

  add(doc: Doc): void {
    const id = doc._id as DocId
    for (const e of this.entriesOf(doc)) {
      const k = e instanceof MultiEntry ? e.k : this.getters.map((g) => g(doc))
      const p = this.placeOf(k, id)
      if (this.chunks.length === 0) {
        this.chunks.push([e])
        continue
      }
      // Past the end: append to the last chunk.
      const c = p.c === this.chunks.length ? p.c - 1 : p.c
      const i = p.c === this.chunks.length ? this.chunks[c].length : p.i
      const chunk = this.chunks[c]
      chunk.splice(i, 0, e)
      if (chunk.length > CHUNK) this.chunks.splice(c, 1, chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1))
    }
  }

  remove(doc: Doc): void {
    const id = doc._id as DocId
    for (const k of this.keysOf(doc)) {
      const p = this.placeOf(k, id)
      const e = this.entryAt(p)
      if (e && this.idOf(e) === id && this.cmpTo(e, k, this.fields.length) === 0) {
        const chunk = this.chunks[p.c]
        chunk.splice(p.i, 1)
        if (chunk.length === 0) this.chunks.splice(p.c, 1)
      }
    }
  }

  private flat(): Entry[] {
    return this.chunks.length === 1 ? this.chunks[0] : ([] as Entry[]).concat(...this.chunks)
  }

  private setFlat(entries: Entry[]): void {
    const chunks: Entry[][] = []
    const size = CHUNK >> 1
    for (let i = 0; i < entries.length; i += size) chunks.push(entries.slice(i, i + size))
    this.chunks = chunks
  }

  get size(): number {
    let n = 0
    for (const c of this.chunks) n += c.length
    return n
  }

  /** Many documents at once: sort the new entries and merge them in one pass. */
  addMany(docs: Doc[]): void {
    const fresh: Entry[] = []
    for (const doc of docs) for (const e of this.entriesOf(doc)) fresh.push(e)
    this.sortEntries(fresh)
    // Binary-search each new entry's place (fresh is sorted, so places only grow), then copy: few compares.
    const old = this.flat()
    const merged: Entry[] = new Array(old.length + fresh.length)
    let i = 0
    let n = 0
    for (const e of fresh) {
      let lo = i
      let hi = old.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (this.cmp(old[mid], e) <= 0) lo = mid + 1
        else hi = mid
      }
      while (i < lo) merged[n++] = old[i++]
      merged[n++] = e
    }
    while (i < old.length) merged[n++] = old[i++]
    this.setFlat(merged)
  }

  /** Removes every entry of these ids in one pass. */
  removeIds(ids: Set<DocId>): void {
    this.setFlat(this.flat().filter((e) => !ids.has(this.idOf(e))))
  }

  /** Bulk load at start-up: push everything, sort once. */
  load(docs: Iterable<Doc>): void {
    const entries = this.flat()
    for (const doc of docs) for (const e of this.entriesOf(doc)) entries.push(e)
    this.sortEntries(entries)
    this.setFlat(entries)
  }

  /**
   * Sorts in place, decorate-sort-undecorate: keys are read once per entry, and a column holding only
   * dates is compared as numbers (start-up sorts every index of every collection).
   */
  private sortEntries(entries: Entry[]): void {
    const n = this.fields.length
    const columns: unknown[][] = []
    for (let i = 0; i < n; i++) {
      const column: unknown[] = entries.map((e) => this.key(e, i))
      const allDates = column.every(isDate)
      const allStrings = !allDates && column.every(isString)
      if (allDates) for (let j = 0; j < column.length; j++) column[j] = (column[j] as Date).getTime()
      else if (allStrings) {
        // Strings become their rank among the column's distinct values: integer compares in the big sort.
        const distinct = [...new Set(column as string[])].sort()
        const rank = new Map(distinct.map((v, r) => [v, r]))
        for (let j = 0; j < column.length; j++) column[j] = rank.get(column[j] as string)!
      }
      columns.push(column)
    }
    const order = entries.map((_, j) => j)
    const ids = entries.map((e) => this.idOf(e))
    const dirs = this.dirs
    if (columns.every((c) => c.every((v) => typeof v === 'number' && !Number.isNaN(v)))) {
      const numeric = columns.map((c) => Float64Array.from(c as number[]))
      order.sort((a, b) => {
        for (let i = 0; i < n; i++) {
          const d = numeric[i][a] - numeric[i][b]
          if (d !== 0) return d < 0 ? -dirs[i] : dirs[i]
        }
        return compareIds(ids[a], ids[b])
      })
    } else order.sort((a, b) => {
      for (let i = 0; i < n; i++) {
        const c = compareValues(columns[i][a], columns[i][b])
        if (c !== 0) return c * dirs[i]
      }
      return compareIds(ids[a], ids[b])
    })
    const sorted = order.map((j) => entries[j])
    for (let j = 0; j < sorted.length; j++) entries[j] = sorted[j]
  }

  /**
   * Where the entries whose first n keys equal prefix (and whose next key lies in range, when given) start and end,
   * in index order: two binary searches. The range is in value order; on a descending key it is walked from its top.
   */
  private bounds(prefix: unknown[], range?: KeyRange): { from: Pos; to: Pos } {
    const n = prefix.length
    const start: Pos = { c: 0, i: 0 }
    const end: Pos = { c: this.chunks.length, i: 0 }
    if (!range || n >= this.fields.length) {
      return n === 0 ? { from: start, to: end } : { from: this.lowerBound(prefix, n), to: this.upperBound(prefix, n) }
    }
    const asc = this.dirs[n] === 1
    const first = asc ? range.lo : range.hi
    const last = asc ? range.hi : range.lo
    const from = first
      ? first.inclusive ? this.lowerBound([...prefix, first.value], n + 1) : this.upperBound([...prefix, first.value], n + 1)
      : n === 0 ? start : this.lowerBound(prefix, n)
    const to = last
      ? last.inclusive ? this.upperBound([...prefix, last.value], n + 1) : this.lowerBound([...prefix, last.value], n + 1)
      : n === 0 ? end : this.upperBound(prefix, n)
    return { from, to }
  }

  /** Entries between the bounds of prefix and range, in index order (reverse = walk backwards). */
  private *walk(prefix: unknown[], range: KeyRange | undefined, reverse: boolean): Generator<Entry> {
    const { from, to } = this.bounds(prefix, range)
    const chunks = this.chunks
    if (reverse) {
      let c = to.c
      let i = to.i
      for (;;) {
        if (i === 0) {
          if (c === 0) return
          c--
          i = chunks[c].length
        }
        i--
        if (c < from.c || (c === from.c && i < from.i)) return
        yield chunks[c][i]
      }
    }
    let c = from.c
    let i = from.i
    while (c < to.c || (c === to.c && i < to.i)) {
      if (i >= chunks[c].length) {
        c++
        i = 0
        continue
      }
      yield chunks[c][i]
      i++
    }
  }

  /** Ids of entries whose first n keys equal prefix, in index order (reverse = walk backwards). */
  *range(prefix: unknown[], reverse = false): Generator<DocId> {
    for (const e of this.walk(prefix, undefined, reverse)) yield this.idOf(e)
  }

  /**
   * Ids of entries whose first n keys equal prefix and whose key n lies in range (all of them without a range),
   * in index order or reversed. Costs two binary searches plus the entries walked.
   */
  *scan(prefix: unknown[], range: KeyRange | undefined, reverse = false): Generator<DocId> {
    for (const e of this.walk(prefix, range, reverse)) yield this.idOf(e)
  }

  /**
   * Several prefixes of the same length (an $in), merged into one walk ordered by the keys after the prefix
   * (then _id): the order a sort on those keys asks for. Only for indexes that are not multikey.
   */
  *scanMerged(prefixes: unknown[][], range: KeyRange | undefined, reverse = false): Generator<DocId> {
    const n = prefixes[0]?.length ?? 0
    const sign = reverse ? -1 : 1
    const tail = (a: Entry, b: Entry): number => {
      for (let i = n; i < this.fields.length; i++) {
        const c = compareValues(this.key(a, i), this.key(b, i))
        if (c !== 0) return c * this.dirs[i] * sign
      }
      return compareIds(this.idOf(a), this.idOf(b)) * sign
    }
    const walks = prefixes.map((p) => this.walk(p, range, reverse))
    const heads: Array<Entry | undefined> = walks.map((w) => w.next().value as Entry | undefined)
    for (;;) {
      let best = -1
      for (let j = 0; j < heads.length; j++) {
        const h = heads[j]
        if (h !== undefined && (best < 0 || tail(h, heads[best]!) < 0)) best = j
      }
      if (best < 0) return
      yield this.idOf(heads[best]!)
      heads[best] = walks[best].next().value as Entry | undefined
    }
  }

  /** Ids holding exactly this full key tuple (unique checks). */
  idsWithKey(k: unknown[]): DocId[] {
    return [...this.range(k)]
  }
}

const isDate = (v: unknown): boolean => v instanceof Date
const isString = (v: unknown): boolean => typeof v === 'string'

function dedupe(values: unknown[]): unknown[] {
  const out: unknown[] = []
  for (const v of values) if (!out.some((o) => compare(o, v) === 0)) out.push(v)
  return out
}

// ---- planning ----

function isIndexable(v: unknown): boolean {
  return v === null || v instanceof Date || ['string', 'number', 'boolean'].includes(typeof v)
}

/** Field → the values an equality (or $in) condition pins it to, from the top level and `$and`. */
export function equalities(query: Doc, out = new Map<string, unknown[]>()): Map<string, unknown[]> {
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (sub && typeof sub === 'object') equalities(sub as Doc, out)
      continue
    }
    if (field.startsWith('$') || out.has(field)) continue
    if (isIndexable(cond)) {
      out.set(field, [cond])
    } else if (cond && typeof cond === 'object' && !Array.isArray(cond) && !(cond instanceof RegExp)) {
      const ops = cond as Doc
      const keys = Object.keys(ops)
      if (!keys.every((k) => k.startsWith('$'))) continue
      if ('$eq' in ops && isIndexable(ops.$eq)) out.set(field, [ops.$eq])
      else if (Array.isArray(ops.$in) && ops.$in.length > 0 && ops.$in.every(isIndexable)) out.set(field, dedupe(ops.$in))
    }
  }
  return out
}

/** One end of a range on a key, in value order. */
export interface Bound {
  value: unknown
  inclusive: boolean
}
/** A range condition on one field: `$gt`/`$gte` give lo, `$lt`/`$lte` give hi. */
export interface KeyRange {
  lo?: Bound
  hi?: Bound
}

/**
 * Bounds usable for an index walk. The query operators bracket by type (`{$lt: 'b'}` matches strings only, as
 * mingo and MongoDB do), so every match lies between the bounds in BSON order and the walk finds a superset of
 * the matches, which the full filter then checks. null is left out: `$gt: null` would not bracket that way.
 */
function isRangeValue(v: unknown): boolean {
  if (v instanceof Date) return !Number.isNaN(v.getTime())
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v))
}

function tighter(a: Bound | undefined, b: Bound, side: 'lo' | 'hi'): Bound {
  if (!a) return b
  const c = compareValues(b.value, a.value)
  if (c === 0) return a.inclusive ? b : a
  return (side === 'lo' ? c > 0 : c < 0) ? b : a
}

/** Field → the range its `$gt $gte $lt $lte` conditions allow, from the top level and `$and` (bounds intersected). */
export function ranges(query: Doc, out = new Map<string, KeyRange>()): Map<string, KeyRange> {
  for (const [field, cond] of Object.entries(query)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (sub && typeof sub === 'object') ranges(sub as Doc, out)
      continue
    }
    if (field.startsWith('$') || !cond || typeof cond !== 'object' || Array.isArray(cond) || cond instanceof Date || cond instanceof RegExp) continue
    const ops = cond as Doc
    if (!Object.keys(ops).every((k) => k.startsWith('$'))) continue
    let r = out.get(field)
    for (const [op, side, inclusive] of [['$gt', 'lo', false], ['$gte', 'lo', true], ['$lt', 'hi', false], ['$lte', 'hi', true]] as const) {
      if (!(op in ops) || !isRangeValue(ops[op])) continue
      r = r ?? {}
      r[side] = tighter(r[side], { value: ops[op], inclusive }, side)
    }
    if (r) out.set(field, r)
  }
  return out
}

const TYPE_EDGES: Array<[(v: unknown) => boolean, unknown, unknown]> = [
  [(v) => typeof v === 'number', Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
  [(v) => v instanceof Date, new Date(-8.64e15), new Date(8.64e15)],
  [(v) => typeof v === 'boolean', false, true],
  [(v) => typeof v === 'string', '', undefined],
]

/**
 * Closes the open side of a one-sided range at the edge of its bound's type (`$lt: 5` → [-Infinity, 5)): only
 * values of that type can match, so the walk skips missing fields and other types. Strings have no greatest value.
 */
function bracket(range: KeyRange): KeyRange {
  const present = range.lo ?? range.hi
  if (!present || (range.lo && range.hi)) return range
  const edges = TYPE_EDGES.find(([is]) => is(present.value))
  if (!edges) return range
  if (!range.lo) return { lo: { value: edges[1], inclusive: true }, hi: range.hi }
  return edges[2] === undefined ? range : { lo: range.lo, hi: { value: edges[2], inclusive: true } }
}

export interface Plan {
  index: SortedIndex
  /** Each element is one equality prefix to look up (more than one when $in was used). */
  prefixes: unknown[][]
  /** A range on the index key right after the prefix: only that part of each prefix is walked. */
  range?: KeyRange
  /** Index order gives the requested sort (walk in reverse when `reverse`; merge the prefixes when there are several). */
  ordered: boolean
  reverse: boolean
}

const MAX_PREFIXES = 1000

/**
 * Picks the index that pins the most: the longest equality prefix, then a range on the next key, then one whose
 * order gives the sort. A range alone on an index's first key is enough to use it.
 */
export function plan(indexes: SortedIndex[], query: Doc, sort: Record<string, number> | undefined): Plan | undefined {
  const eq = equalities(query)
  const rg = ranges(query)
  let best: Plan | undefined
  let bestScore = -1
  for (const index of indexes) {
    let len = 0
    while (len < index.fields.length && eq.has(index.fields[len])) len++
    let range = len < index.fields.length ? rg.get(index.fields[len]) : undefined
    // On a multikey index one element may meet one bound and another element the other: keep one bound only.
    if (range && index.multikey && range.lo && range.hi) range = { hi: range.hi }
    if (range) range = bracket(range)
    if (len === 0 && !range) continue
    let prefixes: unknown[][] = [[]]
    for (let i = 0; i < len; i++) {
      const next: unknown[][] = []
      for (const p of prefixes) for (const v of eq.get(index.fields[i])!) next.push([...p, v])
      prefixes = next
      if (prefixes.length > MAX_PREFIXES) break
    }
    if (prefixes.length > MAX_PREFIXES) continue
    const { ordered, reverse } = orderFrom(index, len, eq, sort)
    const score = len * 4 + (range ? 2 : 0) + (ordered ? 1 : 0)
    if (score > bestScore) {
      best = range ? { index, prefixes, range, ordered, reverse } : { index, prefixes, ordered, reverse }
      bestScore = score
    }
  }
  return best
}

/** Whether walking the index after an equality prefix of length len yields the requested sort. */
function orderFrom(
  index: SortedIndex,
  len: number,
  eq: Map<string, unknown[]>,
  sort: Record<string, number> | undefined,
): { ordered: boolean; reverse: boolean } {
  // A multikey index still walks in order when each array field is pinned by one equality value (tags = 'a', sorted
  // by _id): under that prefix each document has one entry, in the order of the keys after it.
  if (index.multikey && ![...index.multikeyFields].every((i) => i < len && eq.get(index.fields[i])?.length === 1)) {
    return { ordered: !sort || Object.keys(sort).length === 0, reverse: false }
  }
  if (!sort) return { ordered: true, reverse: false }
  // Sort keys pinned by a single equality value are constant and do not matter.
  const keys = Object.keys(sort).filter((f) => !(eq.get(f)?.length === 1))
  if (keys.length === 0) return { ordered: true, reverse: false }
  if (len + keys.length > index.fields.length) return { ordered: false, reverse: false }
  let reverse: boolean | undefined
  for (let i = 0; i < keys.length; i++) {
    if (index.fields[len + i] !== keys[i]) return { ordered: false, reverse: false }
    const same = (sort[keys[i]] === -1 ? -1 : 1) === index.dirs[len + i]
    if (reverse === undefined) reverse = !same
    else if (reverse === same) return { ordered: false, reverse: false }
  }
  return { ordered: true, reverse: !!reverse }
}

/** Index whose leading keys give the sort order, for a query with no usable equality. */
export function orderOnlyPlan(indexes: SortedIndex[], sort: Record<string, number> | undefined): { index: SortedIndex; reverse: boolean } | undefined {
  if (!sort) return undefined
  const keys = Object.keys(sort)
  if (keys.length === 0) return undefined
  for (const index of indexes) {
    if (index.multikey || keys.length > index.fields.length) continue
    let reverse: boolean | undefined
    let ok = true
    for (let i = 0; i < keys.length && ok; i++) {
      if (index.fields[i] !== keys[i]) ok = false
      else {
        const same = (sort[keys[i]] === -1 ? -1 : 1) === index.dirs[i]
        if (reverse === undefined) reverse = !same
        else if (reverse === same) ok = false
      }
    }
    if (ok) return { index, reverse: !!reverse }
  }
  return undefined
}
