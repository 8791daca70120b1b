// CloudBase `/admin` database actions: request bodies as @cloudbase/database sends them → engine calls → response bodies it expects.
import { find } from 'mingo'
import { decode, decodeObject, encode, type Doc } from './ejson'
import type { Engine, SortSpec, Transaction } from './engine'
import { DatabaseError, invalidParam } from './errors'
import type { DocId } from './store'

export type Body = Record<string, unknown>
export type Result = Record<string, unknown>

// A get() from a server SDK: 100 records unless told, at most 1,000.
const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000
/** An aggregation without $limit: 20 records, as developers measured in CloudBase functions (WeChat developer community, 2020). */
export const DEFAULT_AGGREGATE_LIMIT = 20

export interface ProtocolLimits {
  /** null: an aggregation without $limit returns everything. */
  aggregateDefaultLimit: number | null
}

function optionalString(body: Body, field: string): string | undefined {
  const v = body[field]
  if (v === undefined || v === null || v === '') return undefined
  return v as string
}

function queryOf(body: Body): Doc {
  const raw = optionalString(body, 'query')
  if (raw === undefined) return {}
  return decodeObject(raw, 'query')
}

function sortOf(body: Body): SortSpec | undefined {
  const raw = optionalString(body, 'order')
  if (raw === undefined) return undefined
  const decoded = decode(raw, 'order')
  // Older SDKs sent an array of {field, direction}.
  const entries: Array<[string, unknown]> = Array.isArray(decoded)
    ? decoded.map((o: { field?: unknown; direction?: unknown }) => [String(o?.field ?? ''), o?.direction])
    : decoded && typeof decoded === 'object'
      ? Object.entries(decoded as Doc)
      : []
  if (!Array.isArray(decoded) && (decoded === null || typeof decoded !== 'object')) throw invalidParam('order must be an object')
  const sort: SortSpec = {}
  for (const [field, dir] of entries) {
    if (!field) throw invalidParam('order needs field names')
    if (dir === 1 || dir === 'asc') sort[field] = 1
    else if (dir === -1 || dir === 'desc') sort[field] = -1
    else throw invalidParam(`order of ${field} must be 1 or -1`)
  }
  return sort
}

function projectionOf(body: Body): Doc | undefined {
  const raw = optionalString(body, 'projection')
  if (raw === undefined) return undefined
  const projection = decodeObject(raw, 'projection')
  for (const [field, v] of Object.entries(projection)) {
    if (typeof v === 'boolean') projection[field] = v ? 1 : 0
    else if (typeof v === 'number') projection[field] = v ? 1 : 0
    else if (!v || typeof v !== 'object') throw invalidParam(`projection of ${field} must be 0, 1 or an operator`)
  }
  return Object.keys(projection).length ? projection : undefined
}

function nonNegativeInt(body: Body, field: string, fallback: number): number {
  const v = body[field]
  if (v === undefined || v === null) return fallback
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidParam(`${field} must be a non-negative integer`)
  return n
}

function limitOf(body: Body): number {
  const limit = nonNegativeInt(body, 'limit', DEFAULT_LIMIT)
  if (limit > MAX_LIMIT) throw invalidParam(`limit must be at most ${MAX_LIMIT}`)
  return limit === 0 ? DEFAULT_LIMIT : limit
}

function boolOf(body: Body, field: string, fallback: boolean): boolean {
  const v = body[field]
  if (v === undefined || v === null) return fallback
  if (typeof v === 'boolean') return v
  if (v === 'true') return true
  if (v === 'false') return false
  throw invalidParam(`${field} must be a boolean`)
}

function queryTypeOf(body: Body): 'WHERE' | 'DOC' {
  const v = body.queryType ?? 'WHERE'
  if (v !== 'WHERE' && v !== 'DOC') throw invalidParam('queryType must be WHERE or DOC')
  return v
}

/** The _id a DOC request addresses. */
function docIdOf(query: Doc): DocId {
  const id = query._id
  if (typeof id !== 'string' && typeof id !== 'number') throw invalidParam('a DOC request needs query {_id}')
  return id
}

function txOf(engine: Engine, body: Body): Transaction | undefined {
  const id = body.transactionId
  if (id === undefined || id === null || id === '') return undefined
  return engine.transaction(id)
}

/** A tree of included paths ({fig: {at: true}, title: true}); null when the projection is not plain inclusion. */
type PathTree = { [key: string]: true | PathTree }
function inclusionTree(projection: Doc): PathTree | null {
  const tree: PathTree = { _id: true }
  for (const [path, v] of Object.entries(projection)) {
    if (v !== 1 || path.includes('$') || path === '') return null
    const parts = path.split('.')
    let node = tree
    for (let i = 0; i < parts.length; i++) {
      const key = parts[i]
      if (key === '' || /^\d+$/.test(key)) return null // positional or empty segments: leave them to mingo
      const at = node[key]
      if (i === parts.length - 1) {
        if (at !== undefined && !(key === '_id' && node === tree)) return null // a path collision ('a' with 'a.b')
        node[key] = true
      } else {
        if (at === true && !(key === '_id' && node === tree)) return null
        if (at === true || at === undefined) node[key] = {}
        node = node[key] as PathTree
      }
    }
  }
  return tree
}

const isPlainObject = (v: unknown): v is Doc =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)

/**
 * One document through an inclusion tree, as MongoDB projects it: fields in the document's order, a sub-document kept
 * (possibly empty) when a path runs into it, a scalar on the way to a deeper path dropped. Values are shared, not copied
 * (answers are encoded, never changed). Undefined when a path crosses an array: mingo projects that document.
 */
function pick(doc: Doc, tree: PathTree): Doc | undefined {
  const out: Doc = {}
  for (const key of Object.keys(doc)) {
    const node = tree[key]
    if (node === undefined) continue
    const v = doc[key]
    if (node === true) {
      out[key] = v
      continue
    }
    if (Array.isArray(v)) return undefined
    if (!isPlainObject(v)) continue
    const sub = pick(v, node)
    if (sub === undefined) return undefined
    out[key] = sub
  }
  return out
}

function project(docs: Doc[], projection: Doc | undefined): Doc[] {
  if (!projection) return docs
  try {
    // Plain inclusion (the SDK's field({a: true, 'b.c': true})) is picked directly: mingo's general projection cost
    // half the CPU of reading 100,000 items a thousand at a time. Anything else, and documents with arrays on a path, go to mingo.
    const tree = inclusionTree(projection)
    if (tree) {
      const out: Doc[] = []
      for (const doc of docs) out.push(pick(doc, tree) ?? (find([doc], {}, projection).all()[0] as Doc))
      return out
    }
    return find(docs, {}, projection).all() as Doc[]
  } catch (e) {
    throw invalidParam(`projection: ${(e as Error).message}`)
  }
}

async function getDocument(engine: Engine, body: Body): Promise<Result> {
  const coll = engine.collection(body.collectionName)
  const query = queryOf(body)
  const projection = projectionOf(body)
  const tx = txOf(engine, body)
  let docs: Doc[]
  if (queryTypeOf(body) === 'DOC' && tx) {
    const doc = await engine.getById(coll, docIdOf(query), tx)
    docs = doc ? [doc] : []
  } else {
    const limit = limitOf(body)
    const offset = nonNegativeInt(body, 'offset', 0)
    docs = engine.find(coll, { query, sort: sortOf(body), offset, limit, tx })
  }
  return { data: { list: project(docs, projection).map(encode) } }
}

async function calculateDocument(engine: Engine, body: Body): Promise<Result> {
  const coll = engine.collection(body.collectionName)
  return { data: { total: engine.count(coll, queryOf(body), txOf(engine, body)) } }
}

/**
 * Refuses a document holding a string the store cannot keep as it is: a lone surrogate would be written to disk as
 * U+FFFD, so the document read back after a restart would differ from the one acknowledged. CloudBase (BSON keeps
 * UTF-8) refuses such a write too. Keys are checked as well as values; `where` names the first bad string's path.
 */
function storable(value: unknown, where: string, depth = 0): void {
  if (typeof value === 'string') {
    if (!(value as string & { isWellFormed(): boolean }).isWellFormed()) throw invalidParam(`${where} is not well-formed text (a lone surrogate) and cannot be stored`)
    return
  }
  if (!value || typeof value !== 'object' || depth > 200) return
  if (Array.isArray(value)) {
    value.forEach((x, i) => storable(x, `${where}[${i}]`, depth + 1))
    return
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return // a date, binary, id
  for (const [k, x] of Object.entries(value as Doc)) {
    if (!(k as string & { isWellFormed(): boolean }).isWellFormed()) throw invalidParam(`a field name in ${where} is not well-formed text (a lone surrogate)`)
    storable(x, `${where}.${k}`, depth + 1)
  }
}

async function insertDocument(engine: Engine, body: Body): Promise<Result> {
  const coll = engine.collection(body.collectionName)
  const raw = body.data
  const items = Array.isArray(raw) ? raw : raw !== undefined && raw !== null ? [raw] : []
  if (items.length === 0) throw invalidParam('data must hold at least one document')
  const docs = items.map((item, i) => decodeObject(item, `data[${i}]`))
  docs.forEach((doc, i) => storable(doc, `data[${i}]`))
  const insertedIds = await engine.insert(coll, docs, txOf(engine, body))
  return { data: { insertedIds } }
}

/** The modify request both update actions send; `modifyAndReturnDoc` always merges and touches one document. */
function modifyOf(engine: Engine, body: Body, returnsDoc: boolean) {
  const query = queryOf(body)
  const isDoc = queryTypeOf(body) === 'DOC'
  const data = decodeObject(body.data, 'data')
  const upsert = boolOf(body, 'upsert', false)
  storable(data, 'data')
  // An upsert stores the query's equalities too.
  if (upsert) storable(query, 'query')
  return {
    query,
    data,
    merge: returnsDoc ? true : boolOf(body, 'merge', true),
    upsert,
    multi: isDoc || returnsDoc ? false : boolOf(body, 'multi', false),
    docId: isDoc ? docIdOf(query) : undefined,
    tx: txOf(engine, body),
  }
}

async function modifyDocument(engine: Engine, body: Body): Promise<Result> {
  const coll = engine.collection(body.collectionName)
  const result = await engine.modify(coll, modifyOf(engine, body, false))
  const out: Doc = { updated: result.updated }
  if (result.upsertId !== undefined) out.upsert_id = result.upsertId
  return { data: out }
}

async function removeDocument(engine: Engine, body: Body): Promise<Result> {
  const coll = engine.collection(body.collectionName)
  const query = queryOf(body)
  const isDoc = queryTypeOf(body) === 'DOC'
  const deleted = await engine.remove(coll, {
    query,
    multi: isDoc ? false : boolOf(body, 'multi', false),
    docId: isDoc ? docIdOf(query) : undefined,
    tx: txOf(engine, body),
  })
  return { data: { deleted } }
}

async function modifyAndReturnDoc(engine: Engine, body: Body): Promise<Result> {
  const coll = engine.collection(body.collectionName)
  const result = await engine.modify(coll, modifyOf(engine, body, true))
  const doc = result.docs[0]
  return { data: { updated: result.updated, doc: doc ? encode(doc) : null } }
}

async function aggregateDocuments(engine: Engine, body: Body, limits: ProtocolLimits): Promise<Result> {
  const coll = engine.collection(body.collectionName)
  if (!Array.isArray(body.stages)) throw invalidParam('stages must be an array')
  const pipeline = body.stages.map((stage: unknown, i: number) => {
    const s = stage as { stageKey?: unknown; stageValue?: unknown } | null
    if (!s || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) throw invalidParam(`stages[${i}].stageKey must be a $stage name`)
    return { [s.stageKey]: decode(s.stageValue, `stages[${i}].stageValue`) }
  })
  // CloudBase cuts the answer of a pipeline that never says how many it wants.
  if (limits.aggregateDefaultLimit !== null && !pipeline.some((stage) => '$limit' in stage)) pipeline.push({ $limit: limits.aggregateDefaultLimit })
  return { data: { list: engine.aggregate(coll, pipeline).map(encode) } }
}

type Handler = (engine: Engine, body: Body, limits: ProtocolLimits) => Promise<Result>

const handlers: Record<string, Handler> = {
  'database.insertDocument': insertDocument,
  'database.getDocument': getDocument,
  'database.calculateDocument': calculateDocument,
  'database.modifyDocument': modifyDocument,
  'database.updateDocument': modifyDocument,
  'database.removeDocument': removeDocument,
  'database.deleteDocument': removeDocument,
  'database.modifyAndReturnDoc': modifyAndReturnDoc,
  'database.aggregateDocuments': aggregateDocuments,
  'database.aggregate': aggregateDocuments,
  'database.addCollection': async (engine, body) => {
    await engine.createCollection(body.collectionName)
    return {}
  },
  'database.deleteCollection': async (engine, body) => {
    await engine.dropCollection(body.collectionName)
    return {}
  },
  'database.listCollections': async (engine) => ({
    data: { collections: engine.listCollections().map((c) => ({ CollectionName: c.name, Count: c.count })) },
  }),
  'database.startTransaction': async (engine) => ({ transactionId: engine.startTransaction().id }),
  'database.commitTransaction': async (engine, body) => {
    await engine.commit(engine.transaction(body.transactionId))
    return {}
  },
  'database.abortTransaction': async (engine, body) => {
    engine.abortById(body.transactionId)
    return {}
  },
}

export const DATABASE_ACTIONS = Object.keys(handlers)

/** Runs one action. Always resolves with a response body or throws a DatabaseError, whatever the input. */
export async function dispatch(engine: Engine, action: string, body: Body, limits: ProtocolLimits = { aggregateDefaultLimit: DEFAULT_AGGREGATE_LIMIT }): Promise<Result> {
  const handler = handlers[action]
  if (!handler) throw invalidParam(`unknown database action ${action}`)
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidParam('request body must be an object')
  try {
    return await handler(engine, body, limits)
  } catch (e) {
    if (e instanceof DatabaseError) throw e
    throw new DatabaseError('DATABASE_REQUEST_FAILED', `database error: ${(e as Error)?.message ?? String(e)}`)
  }
}
