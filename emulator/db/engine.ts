// The document engine: committed state in memory (LMDB is the truth on disk), indexes, queries, writes and transactions.
import { randomHex } from '../random'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Aggregator, Query, find } from 'mingo'
import { ProcessingMode } from 'mingo/core'
import { update as applyUpdate } from 'mingo/updater'
import { isEqual } from 'mingo/util'
import type { Doc } from './ejson'
import { DatabaseError, conflict, invalidParam } from './errors'
import { SortedIndex, equalities, orderOnlyPlan, plan, type IndexFile, type IndexSpec } from './indexes'
import { Store, type Change, type DocId, type EncodedChange } from './store'

export type SortSpec = Record<string, 1 | -1>

interface HistoryEntry {
  /** The document as it was before the commit at `at` (null: it did not exist). */
  pre: Doc | null
  at: number
}

interface Collection {
  name: string
  docs: Map<DocId, Doc>
  /** Commit sequence of the last write per _id (kept for removed ids while transactions run). */
  versions: Map<DocId, number>
  indexes: SortedIndex[]
  /** Pre-images of documents changed while snapshot transactions were open. */
  history: Map<DocId, HistoryEntry[]>
  /** Removed ids whose entry in `versions` is kept until no transaction could still conflict on them. */
  removed: Set<DocId>
}

interface LockEntry {
  owner: Transaction
  waiters: Array<() => void>
}

export interface Transaction {
  id: string
  startedAt: number
  expiresAt: number
  /** Commit sequence of the snapshot; fixed at the transaction's first operation (as MongoDB does). */
  startSeq?: number
  writes: Map<string, Map<DocId, Doc | null>>
  locks: Set<string>
  waitingFor?: Transaction
  wake?: () => void
  committing: boolean
}

export interface FindOptions {
  query: Doc
  sort?: SortSpec
  offset?: number
  limit?: number
  tx?: Transaction
}

export interface FullScanRecord {
  collection: string
  query: string
  sort?: string
  at: string
}

export interface EngineOptions {
  dir: string
  indexes?: IndexFile
  /** Transactions left open longer than this are aborted (CloudBase: 30 s). */
  transactionTimeoutMs?: number
  /** How long a transaction waits for a document locked by another one before it conflicts (default 1 s). */
  lockWaitMs?: number
}

const BULK_INDEX_THRESHOLD = 64

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pop', '$pull', '$pullAll', '$addToSet', '$bit',
  '$currentDate', '$setOnInsert',
])

export function newId(): string {
  return randomHex(16)
}

export function cloneDoc<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (Array.isArray(value)) return value.map(cloneDoc) as T
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value // BSON values are immutable
  const out: Doc = {}
  for (const key of Object.keys(value)) out[key] = cloneDoc((value as Doc)[key])
  return out as T
}

/**
 * A copy of `doc` for the update operators to change in place: fresh objects along every path the modifier names,
 * every other subtree shared with `doc`. Stored documents are never mutated (only replaced), so sharing is safe, and an
 * update of a few counters in a large document (the figures' rollups: tens of KB) no longer copies all of it.
 * Null when a path is positional (`$`, `$[]`, `$[id]`) or crosses an array by field name: those can reach any element,
 * so the caller copies the whole document.
 */
export function copyAlong(doc: Doc, modifier: Doc): Doc | null {
  const copied = new Set<object>()
  const fresh = <T extends object>(v: T): T => {
    const c = (Array.isArray(v) ? v.slice() : { ...v }) as T // plain objects, as cloneDoc makes them
    copied.add(c)
    return c
  }
  const root = fresh(doc)
  const paths: string[] = []
  for (const [op, fields] of Object.entries(modifier)) {
    for (const [path, target] of Object.entries(fields as Doc)) {
      paths.push(path)
      if (op === '$rename' && typeof target === 'string') paths.push(target)
    }
  }
  for (const path of paths) {
    if (path.includes('$')) return null
    const parts = path.split('.')
    let o: Doc = root
    for (let i = 0; i < parts.length; i++) {
      const v = o[parts[i]]
      if (v === null || typeof v !== 'object') break
      if (Array.isArray(v)) {
        // Only a numeric step into an array, or the array itself as the leaf ($push, $pull, ...), stays on one path.
        if (i + 1 < parts.length && !/^\d+$/.test(parts[i + 1])) return null
      } else {
        const proto = Object.getPrototypeOf(v)
        if (proto !== Object.prototype && proto !== null) break // a date or a BSON value: replaced, never changed in place
      }
      const c = (copied.has(v) ? v : fresh(v)) as Doc
      o[parts[i]] = c
      o = c
    }
  }
  return root
}

const PLAIN_STEP = /^[^$.]+$/

/**
 * `$inc` alone, on paths through plain objects (or through nothing yet) to numbers (or to nothing yet): applied here
 * exactly as mingo's $inc does (a missing field counts from 0; the objects on the way are made), without building
 * mingo's update machinery for each document, which cost more than the increments. Null, with `doc` untouched, for
 * anything else (an array or a value on the way, a non-number there, overlapping paths): mingo then does it and
 * answers its own way.
 */
export function incInPlace(doc: Doc, incs: Doc): boolean | null {
  const paths = Object.keys(incs)
  if (paths.length === 0) return null
  for (const path of paths) {
    if (typeof incs[path] !== 'number' || Number.isNaN(incs[path])) return null
    const parts = path.split('.')
    let o: Doc = doc
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]
      if (!PLAIN_STEP.test(part) || part === '__proto__' || part === 'constructor' || part === 'prototype') return null
      const v = o[part]
      if (i === parts.length - 1) {
        if (v !== undefined && (typeof v !== 'number' || Number.isNaN(v))) return null
      } else {
        if (v === undefined) {
          // The rest of the path is made; its steps still have to be plain names.
          if (!parts.slice(i + 1).every((p) => PLAIN_STEP.test(p) && p !== '__proto__' && p !== 'constructor' && p !== 'prototype')) return null
          break
        }
        if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return null
        o = v as Doc
      }
    }
  }
  // Overlapping paths ('a' and 'a.b') are a conflict mingo reports.
  const sorted = [...paths].sort()
  for (let i = 0; i + 1 < sorted.length; i++) if (sorted[i + 1].startsWith(`${sorted[i]}.`)) return null
  let changed = false
  for (const path of paths) {
    const parts = path.split('.')
    let o: Doc = doc
    for (let i = 0; i < parts.length - 1; i++) {
      if (o[parts[i]] === undefined) o[parts[i]] = {}
      o = o[parts[i]] as Doc
    }
    const last = parts[parts.length - 1]
    const previous = o[last] as number | undefined
    const value = (previous || 0) + (incs[path] as number)
    o[last] = value
    if (value !== previous) changed = true
  }
  return changed
}

const PUSH_MODIFIERS = ['$each', '$slice', '$sort', '$position']

/**
 * `$push` (of one value, or `$each` with an optional `$slice`) onto arrays that exist, on paths of plain names through
 * plain objects, applied as mingo's $push does; with `$inc` beside it on other paths (every command's triage counter
 * bump: `{$inc: {counts…}, $push: {ops: {$each: [id], $slice: -64}}}`). Null, with `doc` untouched, for anything else
 * (a missing or non-array target, `$sort`, `$position`, overlapping paths): mingo then does it. `doc` must already be
 * a copy along these paths (copyAlong), so the arrays changed in place are the copy's.
 */
export function incAndPushInPlace(doc: Doc, incs: Doc | undefined, pushes: Doc): boolean | null {
  const pushPaths = Object.keys(pushes)
  if (pushPaths.length === 0) return null
  const all = [...pushPaths, ...Object.keys(incs ?? {})].sort()
  for (let i = 0; i + 1 < all.length; i++) if (all[i + 1] === all[i] || all[i + 1].startsWith(`${all[i]}.`)) return null
  const plans: { arr: unknown[]; each: unknown[]; slice?: number }[] = []
  for (const path of pushPaths) {
    const spec = pushes[path]
    let each: unknown[]
    let slice: number | undefined
    const isSpecObject = spec !== null && typeof spec === 'object' && !Array.isArray(spec) && Object.getPrototypeOf(spec) === Object.prototype
    if (isSpecObject && PUSH_MODIFIERS.some((m) => m in (spec as Doc))) {
      const { $each, $slice, ...rest } = spec as Doc
      if (Object.keys(rest).length > 0 || !Array.isArray($each)) return null
      if ($slice !== undefined && !Number.isInteger($slice)) return null
      each = $each
      slice = $slice as number | undefined
    } else {
      each = [spec]
    }
    const parts = path.split('.')
    let o: Doc = doc
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]
      if (!PLAIN_STEP.test(part) || part === '__proto__' || part === 'constructor' || part === 'prototype') return null
      const v = o[part]
      if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return null
      o = v as Doc
    }
    const last = parts[parts.length - 1]
    if (!PLAIN_STEP.test(last) || last === '__proto__' || last === 'constructor' || last === 'prototype') return null
    const arr = o[last]
    if (!Array.isArray(arr)) return null
    plans.push({ arr, each, slice })
  }
  let changed = false
  if (incs && Object.keys(incs).length > 0) {
    const incChanged = incInPlace(doc, incs)
    if (incChanged === null) return null
    changed = incChanged
  }
  for (const { arr, each, slice } of plans) {
    // As mingo's $push: append copies, then keep the first or last |slice|; changed when the array differs after.
    const prev = arr.slice()
    const oldSize = arr.length
    arr.push(...each.map((v) => cloneDoc(v)))
    if (typeof slice === 'number') {
      if (slice < 0) arr.splice(0, arr.length + slice)
      else arr.splice(slice)
    }
    if (oldSize !== arr.length || !isEqual(prev, arr)) changed = true
  }
  return changed
}

function duplicateKey(collection: string, index: string, key: unknown): DatabaseError {
  return new DatabaseError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${JSON.stringify(key)}`,
  )
}

/** Turns mingo's errors about operators into CloudBase codes. */
function mingoError(e: unknown, what: string): DatabaseError {
  if (e instanceof DatabaseError) return e
  const message = e instanceof Error ? e.message : String(e)
  if (/unknown .*operator|operator .* not supported|Unknown update operator|invalid operator/i.test(message))
    return new DatabaseError('DATABASE_INVALID_OPERRATOR', `${what}: ${message}`)
  return invalidParam(`${what}: ${message}`)
}

function compileQuery(query: Doc): Query {
  try {
    return new Query(query)
  } catch (e) {
    throw mingoError(e, 'query')
  }
}

/** A query with values replaced by their types, for the full-scan diagnostics. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : []
  if (value instanceof Date) return '<date>'
  if (value instanceof RegExp) return '<regex>'
  if (value !== null && typeof value === 'object') {
    const out: Doc = {}
    for (const [k, v] of Object.entries(value)) out[k] = shapeOf(v)
    return out
  }
  return value === null ? null : `<${typeof value}>`
}

/**
 * The id of a query that is exactly `{_id: <string or number>}` (a doc() call: the SDK's DOC requests), else undefined.
 * Such a query matches the document with that id and nothing else, so it needs no mingo query built and run.
 */
function idOnly(query: Doc): DocId | undefined {
  let id: unknown
  let n = 0
  for (const key in query) {
    if (key !== '_id' || ++n > 1) return undefined
    id = query[key]
  }
  return n === 1 && (typeof id === 'string' || typeof id === 'number') ? id : undefined
}

function lockKey(collection: string, id: DocId): string {
  return `${collection}\u0000${typeof id}\u0000${id}`
}

export class Engine {
  private readonly collections = new Map<string, Collection>()
  private readonly transactions = new Map<string, Transaction>()
  /** Why recently finished transactions ended, to answer a late call with the right code. */
  private readonly ended = new Map<string, 'committed' | 'aborted' | 'expired' | 'conflict'>()
  private readonly locks = new Map<string, LockEntry>()
  private seq = 0
  private fullScans = 0
  private queries = 0
  private examined = 0
  private readonly recentFullScans: FullScanRecord[] = []
  private readonly sweeper: NodeJS.Timeout
  private closed = false
  private readonly txTimeoutMs: number
  private readonly lockWaitMs: number

  private constructor(
    private readonly store: Store,
    options: EngineOptions,
  ) {
    this.txTimeoutMs = options.transactionTimeoutMs ?? 30_000
    // A second, not 10: a transaction's wait must end well before the function's own timeout (10 s for most of ours),
    // or two that wait on each other unseen (a transaction writing several documents at once waits on more than one
    // holder; the deadlock check follows one) end as a gateway timeout instead of a conflict the command retries.
    // MongoDB, under CloudBase, waits 5 ms for a transaction's lock (maxTransactionLockRequestTimeoutMillis).
    this.lockWaitMs = options.lockWaitMs ?? 1_000
    this.sweeper = setInterval(() => this.expireTransactions(), Math.min(1000, Math.max(10, this.txTimeoutMs / 4)))
    this.sweeper.unref()
  }

  static async open(options: EngineOptions): Promise<Engine> {
    mkdirSync(options.dir, { recursive: true })
    const store = Store.open(join(options.dir, 'db.lmdb'))
    const engine = new Engine(store, options)
    await engine.load(options.indexes ?? {})
    return engine
  }

  private async load(indexFile: IndexFile): Promise<void> {
    for (const { name } of this.store.listCollections()) this.collections.set(name, this.emptyCollection(name))
    let current: Collection | undefined
    for (const { collection, doc } of this.store.scan()) {
      if (current?.name !== collection) current = this.collections.get(collection) ?? this.createInMemory(collection)
      current.docs.set(doc._id as DocId, doc)
    }
    const created: string[] = []
    for (const [name, specs] of Object.entries(indexFile)) {
      if (!this.collections.has(name)) {
        this.createInMemory(name)
        created.push(name)
      }
      const coll = this.collections.get(name)!
      for (const spec of specs) this.addIndex(coll, spec)
    }
    if (created.length) await this.store.write([], created)
    await this.store.remap()
  }

  private emptyCollection(name: string): Collection {
    return { name, docs: new Map(), versions: new Map(), indexes: [], history: new Map(), removed: new Set() }
  }

  private createInMemory(name: string): Collection {
    const coll = this.emptyCollection(name)
    this.collections.set(name, coll)
    return coll
  }

  private addIndex(coll: Collection, spec: IndexSpec): void {
    const fields = Object.keys(spec.keys ?? {})
    if (!spec.name || fields.length === 0) throw invalidParam(`index of ${coll.name} needs a name and keys`)
    if (fields.length === 1 && fields[0] === '_id') return // _id is always indexed
    const index = new SortedIndex(spec)
    index.load(coll.docs.values())
    coll.indexes.push(index)
  }

  // ---- collections ----

  collection(name: unknown): Collection {
    if (typeof name !== 'string' || name === '') throw invalidParam('collectionName is required')
    const coll = this.collections.get(name)
    if (!coll) throw new DatabaseError('DATABASE_COLLECTION_NOT_EXIST', `database collection not exists: ${name}`)
    return coll
  }

  async createCollection(name: unknown): Promise<void> {
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw invalidParam('collectionName is invalid')
    if (this.collections.has(name))
      throw new DatabaseError('DATABASE_COLLECTION_ALREADY_EXIST', `collection already exists: ${name}`)
    this.createInMemory(name)
    await this.store.write([], [name])
  }

  async dropCollection(name: unknown): Promise<void> {
    const coll = this.collection(name)
    for (const tx of this.transactions.values()) if (tx.writes.has(coll.name)) this.endTransaction(tx, 'conflict')
    this.collections.delete(coll.name)
    await this.store.write([], [], [coll.name])
  }

  listCollections(): Array<{ name: string; count: number }> {
    return [...this.collections.values()].map((c) => ({ name: c.name, count: c.docs.size }))
  }

  // ---- reads ----

  /** The version of a document a transaction sees: its own write, else the snapshot. */
  private visible(coll: Collection, id: DocId, tx?: Transaction): Doc | null {
    if (!tx) return coll.docs.get(id) ?? null
    const own = tx.writes.get(coll.name)?.get(id)
    if (own !== undefined) return own
    this.ensureSnapshot(tx)
    const history = coll.history.get(id)
    if (history) for (const h of history) if (h.at > tx.startSeq!) return h.pre
    return coll.docs.get(id) ?? null
  }

  private ensureSnapshot(tx: Transaction): void {
    if (tx.startSeq === undefined) tx.startSeq = this.seq
  }

  /** Matching documents in order, after offset and limit. Returned objects are the stored ones: do not mutate. */
  find(coll: Collection, options: FindOptions): Doc[] {
    const { query, sort, tx } = options
    const offset = options.offset ?? 0
    const limit = options.limit ?? Number.POSITIVE_INFINITY
    const byId = idOnly(query)
    if (byId !== undefined) {
      // One document by id (a role lookup, a doc().get()): what the general path below answers, without mingo.
      this.queries++
      const doc = this.visible(coll, byId, tx)
      if (!doc) return []
      this.examined++
      return offset === 0 && limit > 0 ? [doc] : []
    }
    const matcher = compileQuery(query)
    const hasSort = !!sort && Object.keys(sort).length > 0
    this.queries++

    let candidates: Iterable<DocId> | undefined
    let ordered = false
    const eq = equalities(query)
    const ids = eq.get('_id')
    if (ids) {
      candidates = ids as DocId[]
      ordered = ids.length <= 1
    } else {
      const p = plan(coll.indexes, query, sort)
      if (p) {
        const { index, prefixes, range, reverse } = p
        if (hasSort && p.ordered && prefixes.length > 1 && !index.multikey) {
          // Several prefixes ($in) walked side by side, merged in sort order.
          candidates = index.scanMerged(prefixes, range, reverse)
        } else {
          const dedupe = index.multikey || prefixes.length > 1
          candidates = (function* () {
            const seen = dedupe ? new Set<DocId>() : undefined
            for (const prefix of prefixes)
              for (const id of index.scan(prefix, range, reverse)) {
                if (seen) {
                  if (seen.has(id)) continue
                  seen.add(id)
                }
                yield id
              }
          })()
        }
        ordered = p.ordered
      } else {
        this.recordFullScan(coll.name, query, sort)
        const byOrder = orderOnlyPlan(coll.indexes, sort)
        if (byOrder) {
          candidates = byOrder.index.range([], byOrder.reverse)
          ordered = true
        }
      }
    }

    if (tx) {
      // Snapshot reads: also consider what changed since the snapshot and the transaction's own writes.
      const all = new Set<DocId>(candidates ?? coll.docs.keys())
      for (const id of coll.history.keys()) all.add(id)
      for (const id of tx.writes.get(coll.name)?.keys() ?? []) all.add(id)
      const matched: Doc[] = []
      for (const id of all) {
        const doc = this.visible(coll, id, tx)
        if (!doc) continue
        this.examined++
        if (matcher.test(doc)) matched.push(doc)
      }
      return this.sortSlice(matched, sort, offset, limit)
    }

    const matched: Doc[] = []
    if (candidates) {
      const stopAt = ordered || !hasSort ? offset + limit : Number.POSITIVE_INFINITY
      for (const id of candidates) {
        const doc = coll.docs.get(id)
        if (!doc) continue
        this.examined++
        if (matcher.test(doc)) {
          matched.push(doc)
          if (matched.length >= stopAt) break
        }
      }
      if (ordered || !hasSort) return matched.slice(offset, offset + limit)
      return this.sortSlice(matched, sort, offset, limit)
    }
    const stopAt = hasSort ? Number.POSITIVE_INFINITY : offset + limit
    for (const doc of coll.docs.values()) {
      this.examined++
      if (matcher.test(doc)) {
        matched.push(doc)
        if (matched.length >= stopAt) break
      }
    }
    if (!hasSort) return matched.slice(offset, offset + limit)
    return this.sortSlice(matched, sort, offset, limit)
  }

  private sortSlice(docs: Doc[], sort: SortSpec | undefined, offset: number, limit: number): Doc[] {
    if (!sort || Object.keys(sort).length === 0) return docs.slice(offset, offset + limit)
    let cursor = find(docs, {}).sort(sort).skip(offset)
    if (Number.isFinite(limit)) cursor = cursor.limit(limit)
    return cursor.all() as Doc[]
  }

  count(coll: Collection, query: Doc, tx?: Transaction): number {
    return this.find(coll, { query, tx }).length
  }

  aggregate(coll: Collection, pipeline: Doc[]): Doc[] {
    // A leading $match goes through the planner so that it can use an index.
    let input: Doc[]
    let rest = pipeline
    const first = pipeline[0]
    if (first && '$match' in first && first.$match && typeof first.$match === 'object') {
      input = this.find(coll, { query: first.$match as Doc })
      rest = pipeline.slice(1)
    } else {
      this.queries++
      this.recordFullScan(coll.name, {}, undefined)
      input = [...coll.docs.values()]
    }
    try {
      const aggregator = new Aggregator(rest, {
        processingMode: ProcessingMode.CLONE_INPUT,
        collectionResolver: (name: string) => {
          const other = this.collections.get(name)
          return other ? [...other.docs.values()].map(cloneDoc) : []
        },
      })
      return aggregator.run(input) as Doc[]
    } catch (e) {
      throw mingoError(e, 'aggregate')
    }
  }

  private recordFullScan(collection: string, query: Doc, sort?: SortSpec): void {
    this.fullScans++
    this.recentFullScans.push({
      collection,
      query: JSON.stringify(shapeOf(query)),
      sort: sort && Object.keys(sort).length ? JSON.stringify(sort) : undefined,
      at: new Date().toISOString(),
    })
    if (this.recentFullScans.length > 20) this.recentFullScans.shift()
  }

  stats(): { fullScans: number; queries: number; examined: number; collections: Record<string, number>; recentFullScans: FullScanRecord[]; openTransactions: number } {
    const collections: Record<string, number> = {}
    for (const c of this.collections.values()) collections[c.name] = c.docs.size
    return {
      fullScans: this.fullScans,
      queries: this.queries,
      examined: this.examined,
      collections,
      recentFullScans: [...this.recentFullScans],
      openTransactions: this.transactions.size,
    }
  }

  // ---- document computations (pure: no state change) ----

  /** Applies update operators to a copy. Returns the new document and whether anything changed. */
  applyOperators(doc: Doc, ops: Doc): { doc: Doc; changed: boolean } {
    const modifier: Doc = {}
    for (const [key, value] of Object.entries(ops)) {
      if (!key.startsWith('$')) {
        // Plain fields mean $set, as the SDK's own encoder would have written them.
        modifier.$set = { ...((modifier.$set as Doc) ?? {}), [key]: value }
        continue
      }
      if (!UPDATE_OPERATORS.has(key)) throw new DatabaseError('DATABASE_INVALID_OPERRATOR', `unknown update operator ${key}`)
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalidParam(`${key} needs an object`)
      if (key === '$setOnInsert') continue
      modifier[key] = { ...((modifier[key] as Doc) ?? {}), ...(value as Doc) }
    }
    for (const [op, fields] of Object.entries(modifier)) {
      for (const [path, target] of Object.entries(fields as Doc)) {
        if (path === '_id' || path.startsWith('_id.') || (op === '$rename' && target === '_id'))
          throw invalidParam('不能更新_id的值 (cannot modify _id)')
      }
    }
    const next = copyAlong(doc, modifier) ?? cloneDoc(doc)
    const operators = Object.keys(modifier)
    if (operators.length === 1 && operators[0] === '$inc') {
      const changed = incInPlace(next, modifier.$inc as Doc)
      if (changed !== null) return { doc: next, changed }
    } else if (modifier.$push && operators.every((op) => op === '$inc' || op === '$push')) {
      const changed = incAndPushInPlace(next, modifier.$inc as Doc | undefined, modifier.$push as Doc)
      if (changed !== null) return { doc: next, changed }
    }
    let changedPaths: string[]
    try {
      changedPaths = applyUpdate(next, modifier, undefined, undefined, { cloneMode: 'deep' })
    } catch (e) {
      throw mingoError(e, 'update')
    }
    return { doc: next, changed: changedPaths.length > 0 }
  }

  /** The document an upsert creates from the query's equality conditions and the update. */
  upsertBase(query: Doc, id: DocId): Doc {
    const base: Doc = {}
    for (const [field, values] of equalities(query)) {
      if (values.length !== 1 || field === '_id') continue
      const parts = field.split('.')
      let target = base
      for (const part of parts.slice(0, -1)) {
        if (!target[part] || typeof target[part] !== 'object') target[part] = {}
        target = target[part] as Doc
      }
      target[parts[parts.length - 1]] = cloneDoc(values[0])
    }
    base._id = id
    return base
  }

  // ---- writes ----

  /** Checks unique indexes for a set of changes to one or more collections, before anything is applied. */
  private checkUnique(changes: Change[]): void {
    const seen = new Map<string, DocId>()
    const touched = new Set(changes.map((c) => lockKey(c.collection, c.id)))
    for (const c of changes) {
      if (!c.doc) continue
      const coll = this.collections.get(c.collection)!
      for (const index of coll.indexes) {
        if (!index.spec.unique) continue
        for (const key of index.keysOf(c.doc)) {
          const sig = `${coll.name}\u0000${index.spec.name}\u0000${JSON.stringify(key)}`
          const other = seen.get(sig)
          if (other !== undefined && other !== c.id) throw duplicateKey(coll.name, index.spec.name, key)
          seen.set(sig, c.id)
          for (const id of index.idsWithKey(key)) {
            if (id !== c.id && !touched.has(lockKey(coll.name, id))) throw duplicateKey(coll.name, index.spec.name, key)
          }
        }
      }
    }
  }

  /** Applies committed changes in memory (one new sequence number) and makes them durable. */
  private async commitChanges(changes: Change[], by?: Transaction): Promise<void> {
    await this.persist(this.applyChanges(changes, by))
  }

  /**
   * Checks and applies changes in memory, synchronously: either it throws and nothing changed, or every
   * change is visible. Returns what to write to disk.
   */
  private applyChanges(changes: Change[], by?: Transaction): EncodedChange[] {
    if (changes.length === 0) return []
    this.checkUnique(changes)
    let encoded: EncodedChange[]
    try {
      encoded = this.store.encode(changes)
    } catch (e) {
      throw invalidParam(`document cannot be stored: ${(e as Error).message}`)
    }
    const seq = ++this.seq
    const keepHistory = [...this.transactions.values()].some((t) => t.startSeq !== undefined && t !== by)
    // Big batches update each index in one merge pass instead of one splice per document.
    const perCollection = new Map<string, Change[]>()
    for (const c of changes) {
      const list = perCollection.get(c.collection)
      if (list) list.push(c)
      else perCollection.set(c.collection, [c])
    }
    const bulk = new Set<string>()
    for (const [name, list] of perCollection) {
      if (list.length < BULK_INDEX_THRESHOLD) continue
      bulk.add(name)
      const coll = this.collections.get(name)!
      const replaced = new Set<DocId>(list.filter((c) => coll.docs.has(c.id)).map((c) => c.id))
      const added = list.filter((c) => c.doc).map((c) => c.doc!)
      for (const index of coll.indexes) {
        if (replaced.size) index.removeIds(replaced)
        index.addMany(added)
      }
    }
    for (const c of changes) {
      const coll = this.collections.get(c.collection)!
      const old = coll.docs.get(c.id) ?? null
      if (keepHistory) {
        const list = coll.history.get(c.id) ?? []
        list.push({ pre: old, at: seq })
        coll.history.set(c.id, list)
      }
      if (!bulk.has(c.collection)) {
        for (const index of coll.indexes) {
          if (old) index.remove(old)
          if (c.doc) index.add(c.doc)
        }
      }
      if (c.doc) {
        coll.docs.set(c.id, c.doc)
        coll.removed.delete(c.id)
      } else {
        coll.docs.delete(c.id)
        coll.removed.add(c.id)
      }
      coll.versions.set(c.id, seq)
      // A write outside a transaction to a document a transaction holds makes that transaction lose.
      const lock = this.locks.get(lockKey(c.collection, c.id))
      if (lock && lock.owner !== by) this.endTransaction(lock.owner, 'conflict')
    }
    return encoded
  }

  private async persist(encoded: EncodedChange[]): Promise<void> {
    if (encoded.length === 0) return
    try {
      await this.store.write(encoded)
    } catch (e) {
      throw new DatabaseError('DATABASE_REQUEST_FAILED', `write failed: ${(e as Error).message}`)
    }
  }

  async insert(coll: Collection, docs: Doc[], tx?: Transaction): Promise<DocId[]> {
    const ids: DocId[] = []
    const seen = new Set<DocId>()
    for (const doc of docs) {
      if (doc._id === undefined) doc._id = newId()
      const id = doc._id
      if (typeof id !== 'string' && typeof id !== 'number') throw invalidParam('_id must be a string or a number')
      if (id === '') throw invalidParam('_id must not be empty')
      if (seen.has(id)) throw duplicateKey(coll.name, '_id_', { _id: id })
      seen.add(id)
      ids.push(id)
    }
    if (tx) {
      for (const doc of docs) {
        const id = doc._id as DocId
        await this.lock(tx, coll, id)
        if (this.visible(coll, id, tx) || coll.docs.has(id)) throw duplicateKey(coll.name, '_id_', { _id: id })
        this.txWrite(tx, coll, id, doc)
      }
      return ids
    }
    for (const id of ids) if (coll.docs.has(id)) throw duplicateKey(coll.name, '_id_', { _id: id })
    await this.commitChanges(docs.map((doc) => ({ collection: coll.name, id: doc._id as DocId, doc })))
    return ids
  }

  /**
   * Update (merge: operators) or replace (merge: false) matching documents, optionally upserting.
   * Returns how many documents changed and the id of an upserted one.
   */
  async modify(
    coll: Collection,
    args: { query: Doc; data: Doc; merge: boolean; upsert: boolean; multi: boolean; docId?: DocId; tx?: Transaction },
  ): Promise<{ updated: number; upsertId?: DocId; docs: Doc[] }> {
    const { query, data, merge, upsert, multi, docId, tx } = args
    if (!merge) {
      if (Object.keys(data).some((k) => k.startsWith('$'))) throw invalidParam('a replacement document cannot hold update operators')
      if ('_id' in data && docId !== undefined && data._id !== docId) throw invalidParam('不能更新_id的值 (cannot modify _id)')
    }
    const change = (doc: Doc): { doc: Doc; changed: boolean } => {
      if (merge) return this.applyOperators(doc, data)
      const next = { ...cloneDoc(data), _id: doc._id }
      return { doc: next, changed: !isEqual(next, doc) }
    }

    if (tx) {
      // Inside a transaction: document-level, each document locked before it is read and written.
      const byId = idOnly(query)
      const targets: DocId[] = docId !== undefined ? [docId] : this.find(coll, { query, tx, limit: multi ? undefined : 1 }).map((d) => d._id as DocId)
      let updated = 0
      const docs: Doc[] = []
      for (const id of targets) {
        await this.lock(tx, coll, id)
        const current = this.visible(coll, id, tx)
        if (!current || (byId !== id && !compileQuery(query).test(current))) continue
        const result = change(current)
        if (result.changed) {
          this.txWrite(tx, coll, id, result.doc)
          updated++
        }
        docs.push(result.doc)
      }
      if (docs.length === 0 && upsert) {
        const id = docId ?? newId()
        await this.lock(tx, coll, id)
        const doc = merge ? this.applyOperators(this.upsertBase(query, id), data).doc : { ...cloneDoc(data), _id: id }
        this.txWrite(tx, coll, id, doc)
        return { updated: 0, upsertId: id, docs: [doc] }
      }
      return { updated, docs }
    }

    const matched = this.find(coll, { query, limit: multi ? undefined : 1 })
    const changes: Change[] = []
    const docs: Doc[] = []
    for (const current of matched) {
      const result = change(current)
      if (result.changed) changes.push({ collection: coll.name, id: current._id as DocId, doc: result.doc })
      docs.push(result.doc)
    }
    if (matched.length === 0 && upsert) {
      const id = docId ?? newId()
      const doc = merge ? this.applyOperators(this.upsertBase(query, id), data).doc : { ...cloneDoc(data), _id: id }
      await this.commitChanges([{ collection: coll.name, id, doc }])
      return { updated: 0, upsertId: id, docs: [doc] }
    }
    await this.commitChanges(changes)
    return { updated: changes.length, docs }
  }

  async remove(coll: Collection, args: { query: Doc; multi: boolean; docId?: DocId; tx?: Transaction }): Promise<number> {
    const { query, multi, docId, tx } = args
    if (tx) {
      const byId = idOnly(query)
      const targets: DocId[] = docId !== undefined ? [docId] : this.find(coll, { query, tx, limit: multi ? undefined : 1 }).map((d) => d._id as DocId)
      let deleted = 0
      for (const id of targets) {
        await this.lock(tx, coll, id)
        const current = this.visible(coll, id, tx)
        if (!current || (byId !== id && !compileQuery(query).test(current))) continue
        this.txWrite(tx, coll, id, null)
        deleted++
      }
      return deleted
    }
    const matched = this.find(coll, { query, limit: multi ? undefined : 1 })
    await this.commitChanges(matched.map((d) => ({ collection: coll.name, id: d._id as DocId, doc: null })))
    return matched.length
  }

  /** Reads one document by id; inside a transaction the document is locked (read for update). */
  async getById(coll: Collection, id: DocId, tx?: Transaction): Promise<Doc | null> {
    this.queries++
    if (tx) await this.lock(tx, coll, id)
    return this.visible(coll, id, tx)
  }

  // ---- transactions ----

  startTransaction(): Transaction {
    const now = Date.now()
    const tx: Transaction = {
      id: `tx_${newId()}`,
      startedAt: now,
      expiresAt: now + this.txTimeoutMs,
      writes: new Map(),
      locks: new Set(),
      committing: false,
    }
    this.transactions.set(tx.id, tx)
    return tx
  }

  /** Makes an open transaction lose a write conflict now (fault injection); false when there is no such open transaction. */
  loseConflict(id: unknown): boolean {
    const tx = typeof id === 'string' ? this.transactions.get(id) : undefined
    if (!tx || tx.committing) return false
    this.endTransaction(tx, 'conflict')
    return true
  }

  transaction(id: unknown): Transaction {
    if (typeof id !== 'string' || id === '') throw invalidParam('transactionId is required')
    const tx = this.transactions.get(id)
    if (tx && !tx.committing) return tx
    const reason = this.ended.get(id)
    if (reason === 'conflict') throw conflict(`transaction ${id} lost a write conflict`)
    if (tx?.committing) throw new DatabaseError('DATABASE_TRANSACTION_FAIL', `transaction ${id} is committing`)
    throw new DatabaseError('DATABASE_TRANSACTION_FAIL', `transaction ${id} is ${reason ?? 'unknown'}`)
  }

  private txWrite(tx: Transaction, coll: Collection, id: DocId, doc: Doc | null): void {
    let writes = tx.writes.get(coll.name)
    if (!writes) tx.writes.set(coll.name, (writes = new Map()))
    writes.set(id, doc)
  }

  /** Takes the document's lock for the transaction, waiting while another transaction holds it. */
  private async lock(tx: Transaction, coll: Collection, id: DocId): Promise<void> {
    const key = lockKey(coll.name, id)
    for (;;) {
      if (this.transactions.get(tx.id) !== tx) this.transaction(tx.id) // throws the reason it ended
      const entry = this.locks.get(key)
      if (!entry) {
        this.locks.set(key, { owner: tx, waiters: [] })
        tx.locks.add(key)
        break
      }
      if (entry.owner === tx) break
      for (let t: Transaction | undefined = entry.owner; t; t = t.waitingFor) {
        if (t === tx) {
          this.endTransaction(tx, 'conflict')
          throw conflict('transaction deadlock')
        }
      }
      tx.waitingFor = entry.owner
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.lockWaitMs)
        const wake = (): void => {
          clearTimeout(timer)
          resolve(true)
        }
        entry.waiters.push(wake)
        tx.wake = wake
      })
      tx.waitingFor = undefined
      tx.wake = undefined
      if (!woken) {
        this.endTransaction(tx, 'conflict')
        throw conflict(`timed out waiting for a document held by another transaction`)
      }
    }
    // The first operation fixes the snapshot; after that, a newer committed version means we lost.
    if (tx.startSeq === undefined) tx.startSeq = this.seq
    else if ((coll.versions.get(id) ?? 0) > tx.startSeq && !tx.writes.get(coll.name)?.has(id)) {
      this.endTransaction(tx, 'conflict')
      throw conflict(`document ${String(id)} of ${coll.name} changed after the transaction started`)
    }
  }

  async commit(tx: Transaction): Promise<void> {
    const changes: Change[] = []
    for (const [collection, writes] of tx.writes) {
      if (!this.collections.has(collection)) {
        this.endTransaction(tx, 'conflict')
        throw conflict(`collection ${collection} was dropped`)
      }
      const coll = this.collections.get(collection)!
      for (const [id, doc] of writes) {
        if ((coll.versions.get(id) ?? 0) > (tx.startSeq ?? this.seq)) {
          this.endTransaction(tx, 'conflict')
          throw conflict(`document ${String(id)} of ${collection} changed after the transaction started`)
        }
        changes.push({ collection, id, doc })
      }
    }
    tx.committing = true
    let encoded: EncodedChange[]
    try {
      encoded = this.applyChanges(changes, tx)
    } catch (e) {
      tx.committing = false
      this.endTransaction(tx, 'aborted')
      throw e
    }
    // Applied in memory: later transactions may go on while the commit is flushed (LMDB keeps the order).
    this.endTransaction(tx, 'committed')
    await this.persist(encoded)
  }

  abort(tx: Transaction): void {
    this.endTransaction(tx, 'aborted')
  }

  /** Aborts an id if it is open; a transaction this engine already ended answers without error. */
  abortById(id: unknown): void {
    if (typeof id !== 'string' || id === '') throw invalidParam('transactionId is required')
    const tx = this.transactions.get(id)
    if (tx && !tx.committing) return this.abort(tx)
    if (!tx && !this.ended.has(id)) throw new DatabaseError('DATABASE_TRANSACTION_FAIL', `transaction ${id} is unknown`)
  }

  private endTransaction(tx: Transaction, reason: 'committed' | 'aborted' | 'expired' | 'conflict'): void {
    if (this.transactions.get(tx.id) !== tx) return
    this.transactions.delete(tx.id)
    this.ended.set(tx.id, reason)
    if (this.ended.size > 1000) this.ended.delete(this.ended.keys().next().value as string)
    tx.wake?.()
    for (const key of tx.locks) {
      const entry = this.locks.get(key)
      if (entry?.owner !== tx) continue
      this.locks.delete(key)
      for (const wake of entry.waiters) wake()
    }
    tx.locks.clear()
    this.pruneHistory()
  }

  private pruneHistory(): void {
    let min = Number.POSITIVE_INFINITY
    for (const t of this.transactions.values()) if (t.startSeq !== undefined && t.startSeq < min) min = t.startSeq
    for (const coll of this.collections.values()) {
      if (min === Number.POSITIVE_INFINITY) {
        coll.history.clear()
        // Only removed ids are swept (not every version): this runs after each commit, on collections of any size.
        if (this.transactions.size === 0 && coll.removed.size) {
          for (const id of coll.removed) if (!coll.docs.has(id)) coll.versions.delete(id)
          coll.removed.clear()
        }
        continue
      }
      for (const [id, list] of coll.history) {
        const kept = list.filter((h) => h.at > min)
        if (kept.length) coll.history.set(id, kept)
        else coll.history.delete(id)
      }
    }
  }

  private expireTransactions(): void {
    const now = Date.now()
    for (const tx of [...this.transactions.values()]) if (!tx.committing && tx.expiresAt <= now) this.endTransaction(tx, 'expired')
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.sweeper)
    for (const tx of [...this.transactions.values()]) this.endTransaction(tx, 'aborted')
    await this.store.close()
  }
}
