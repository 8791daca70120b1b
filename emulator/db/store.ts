// Durable storage in LMDB: one key per document ([collection, _id]) and one per collection.
import { BSON } from 'bson'
import { open, type Database as LmdbDatabase, type RootDatabase } from 'lmdb'
import type { Doc } from './ejson'

export type DocId = string | number

/** Bump when the on-disk layout changes. */
const STORE_FORMAT = 'docs-bson-v1'
const FORMAT_KEY = 'format'

/** One committed change: a document written (doc) or removed (null). */
export interface Change {
  collection: string
  id: DocId
  doc: Doc | null
}

/**
 * Documents are stored as BSON (the `bson` package): every type the SDK can send round-trips exactly
 * (Date, RegExp, ObjectId, Long, Decimal128, Binary), and decoding does not depend on which JS realm
 * created the values.
 */
function toStored(doc: Doc): Buffer {
  return Buffer.from(BSON.serialize(doc))
}

function fromStored(value: Buffer): Doc {
  return BSON.deserialize(value, { bsonRegExp: false, promoteLongs: true, promoteValues: true }) as Doc
}

export interface EncodedChange {
  key: [string, DocId]
  value: Buffer | null
}

export interface CollectionMeta {
  createdAt: number
}

export class Store {
  private root!: RootDatabase
  private docs!: LmdbDatabase<Buffer, [string, DocId]>
  private collections!: LmdbDatabase<CollectionMeta, string>

  private constructor(private readonly path: string) {
    this.openEnv()
  }

  private openEnv(): void {
    this.root = open({ path: this.path, compression: false, maxDbs: 4, mapSize: 4 * 1024 * 1024 * 1024 })
    this.docs = this.root.openDB<Buffer, [string, DocId]>({ name: 'docs', encoding: 'binary' })
    this.collections = this.root.openDB<CollectionMeta, string>({ name: 'collections' })
  }

  static open(path: string): Store {
    const store = new Store(path)
    store.checkFormat()
    return store
  }

  /**
   * The layout on disk carries a format mark, so a data folder written by another layout is refused with a clear
   * message instead of failing deep inside a decoder.
   */
  private checkFormat(): void {
    const meta = this.root.openDB<string, string>({ name: 'meta' })
    const mark = meta.get(FORMAT_KEY)
    if (mark === STORE_FORMAT) return
    const empty = this.docs.getKeysCount() === 0 && this.listCollections().length === 0
    if (mark === undefined && empty) {
      meta.putSync(FORMAT_KEY, STORE_FORMAT)
      return
    }
    throw new Error(`the data folder ${this.path} holds data in another format (${mark ?? 'unmarked'}, expected ${STORE_FORMAT}); ` +
      'move it away or delete it (for npm start: rm -rf .data) to start with a fresh one')
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

  /** Serializes changes up front, so that a document that cannot be stored fails before anything changes. */
  encode(changes: Change[]): EncodedChange[] {
    return changes.map((c) => ({ key: [c.collection, c.id], value: c.doc ? toStored(c.doc) : null }))
  }

  /** Writes changes atomically (one LMDB transaction) and resolves once they are flushed to disk. */
  async write(changes: EncodedChange[], created: string[] = [], dropped: string[] = []): Promise<void> {
    await this.root.transaction(() => {
      for (const name of created) void this.collections.put(name, { createdAt: Date.now() })
      for (const name of dropped) {
        void this.collections.remove(name)
        for (const key of this.docs.getKeys({ start: [name], end: [name, '\uffff'] })) void this.docs.remove(key)
      }
      for (const c of changes) {
        if (c.value) void this.docs.put(c.key, c.value)
        else void this.docs.remove(c.key)
      }
    })
    await this.root.flushed
  }

  async close(): Promise<void> {
    await this.root.close()
  }
}
