// The local CloudBase document database: open a data folder, answer `database.*` actions.
import { Engine, type FullScanRecord } from './engine'
import { DatabaseError } from './errors'
import type { IndexFile, IndexSpec } from './indexes'
import { DATABASE_ACTIONS, dispatch } from './protocol'

export { DatabaseError, DATABASE_ACTIONS }
export type { IndexFile, IndexSpec, FullScanRecord }

export interface DatabaseOptions {
  dir: string
  indexes?: IndexFile
  /** Open transactions are aborted after this long (default 30 s, as CloudBase). */
  transactionTimeoutMs?: number
}

export interface DatabaseStats {
  fullScans: number
  queries: number
  /** Documents the query filters were tested on (stored and snapshot reads): what the queries cost. */
  examined: number
  collections: Record<string, number>
  recentFullScans: FullScanRecord[]
  openTransactions: number
}

export class Database {
  private constructor(private readonly engine: Engine) {}

  static async open(opts: DatabaseOptions): Promise<Database> {
    return new Database(await Engine.open(opts))
  }

  /**
   * One CloudBase action ('database.insertDocument', ...) with the request body exactly as the SDK sent it
   * (EJSON strings inside). Resolves with the response body WITHOUT requestId, or throws DatabaseError.
   */
  handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return dispatch(this.engine, action, body)
  }

  stats(): DatabaseStats {
    return this.engine.stats()
  }

  close(): Promise<void> {
    return this.engine.close()
  }
}
