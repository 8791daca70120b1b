// Durable storage in LMDB: one key per document ([collection, _id]) and one per collection.
import { EJSON } from 'bson'
import { open, type Database as LmdbDatabase, type RootDatabase } from 'lmdb'
import type { Doc } from './ejson'

export type DocId = string | number

/** One committed change: a document written (doc) or removed (null). */
export interface Change {
  collection: string
  id: DocId
  doc: Doc | null
}

/**
 * Values are msgpack (fast to load). Documents holding BSON types msgpack cannot keep
 * (ObjectId, Long, Decimal128, Binary, RegExp) are stored as a canonical EJSON string instead.
 */
type Stored = [0, Doc] | [1, string]

function isPlain(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true
  if (value instanceof Date) return true
  if (Array.isArray(value)) return value.every(isPlain)
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  for (const key in value as Doc) if (!isPlain((value as Doc)[key])) return false
  return true
}

function toStored(doc: Doc): Stored {
  return isPlain(doc) ? [0, doc] : [1, EJSON.stringify(doc, { relaxed: false })]
}

function fromStored(value: Stored): Doc {
  if (value[0] === 1) {
    const doc = EJSON.parse(value[1], { relaxed: true }) as Doc
    return reviveRegex(doc) as Doc
  }
  return value[1]
}

function reviveRegex(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  const ctor = (value as object).constructor?.name
  if (ctor === 'BSONRegExp') {
    const r = value as { pattern: string; options: string }
    return new RegExp(r.pattern, r.options.replace(/[^imsu]/g, ''))
  }
  if (Array.isArray(value)) return value.map(reviveRegex)
  if (ctor === 'Object') for (const k of Object.keys(value)) (value as Doc)[k] = reviveRegex((value as Doc)[k])
  return value
}

export interface CollectionMeta {
  createdAt: number
}

export class Store {
  private root!: RootDatabase
  private docs!: LmdbDatabase<Stored, [string, DocId]>
  private collections!: LmdbDatabase<CollectionMeta, string>

  private constructor(private readonly path: string) {
    this.openEnv()
  }

  private openEnv(): void {
    this.root = open({ path: this.path, compression: false, maxDbs: 4, mapSize: 4 * 1024 * 1024 * 1024 })
    this.docs = this.root.openDB<Stored, [string, DocId]>({ name: 'docs' })
    this.collections = this.root.openDB<CollectionMeta, string>({ name: 'collections' })
  }

  static open(path: string): Store {
    return new Store(path)
  }

  /**
   * Reading everything at start-up maps every page of the file into memory; closing and reopening the
   * environment unmaps them, so resident memory is the working set and not the file size.
   */
  async remap(): Promise<void> {
    await this.root.close()
    this.openEnv()
  }

  listCollections(): Array<{ name: string; meta: CollectionMeta }> {
    return [...this.collections.getRange()].map(({ key, value }) => ({ name: key, meta: value }))
  }

  /** Every document, in (collection, _id) order. */
  *scan(): Generator<{ collection: string; doc: Doc }> {
    for (const { key, value } of this.docs.getRange()) yield { collection: key[0], doc: fromStored(value) }
  }

  /** Writes changes atomically (one LMDB transaction) and resolves once they are flushed to disk. */
  async write(changes: Change[], created: string[] = [], dropped: string[] = []): Promise<void> {
    await this.root.transaction(() => {
      for (const name of created) void this.collections.put(name, { createdAt: Date.now() })
      for (const name of dropped) {
        void this.collections.remove(name)
        for (const key of this.docs.getKeys({ start: [name], end: [name, '\uffff'] })) void this.docs.remove(key)
      }
      for (const c of changes) {
        if (c.doc) void this.docs.put([c.collection, c.id], toStored(c.doc))
        else void this.docs.remove([c.collection, c.id])
      }
    })
    await this.root.flushed
  }

  async close(): Promise<void> {
    await this.root.close()
  }
}
