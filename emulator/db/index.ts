// The local CloudBase document database: open a data folder, answer `database.*` actions.
import { Engine, type FullScanRecord } from './engine'
import { DatabaseError } from './errors'
import type { IndexFile, IndexSpec } from './indexes'
import { DATABASE_ACTIONS, DEFAULT_AGGREGATE_LIMIT, dispatch, type ProtocolLimits } from './protocol'

export { DatabaseError, DATABASE_ACTIONS, DEFAULT_AGGREGATE_LIMIT }
export type { IndexFile, IndexSpec, FullScanRecord }

export interface DatabaseOptions {
  dir: string
  indexes?: IndexFile
  /** Open transactions are aborted after this long (default 30 s, as CloudBase). */
  transactionTimeoutMs?: number
  /**
   * Records an aggregation without a $limit stage returns. CloudBase answers 20 from a function (its documentation says
   * 100, developers measure 20); null returns them all. Default 20, so a forgotten limit shows in a test.
   */
  aggregateDefaultLimit?: number | null
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
  private constructor(
    private readonly engine: Engine,
    private readonly limits: ProtocolLimits,
  ) {}

  static async open(opts: DatabaseOptions): Promise<Database> {
    const aggregateDefaultLimit = opts.aggregateDefaultLimit === undefined ? DEFAULT_AGGREGATE_LIMIT : opts.aggregateDefaultLimit
    return new Database(await Engine.open(opts), { aggregateDefaultLimit })
  }

  /**
   * One CloudBase action ('database.insertDocument', ...) with the request body exactly as the SDK sent it
   * (EJSON strings inside). Resolves with the response body WITHOUT requestId, or throws DatabaseError.
   */
  handle(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return dispatch(this.engine, action, body, this.limits)
  }

  /** The open transaction loses a write conflict now, as if another writer had won (fault injection). */
  injectConflict(transactionId: unknown): boolean {
    return this.engine.loseConflict(transactionId)
  }

  stats(): DatabaseStats {
    return this.engine.stats()
  }

  close(): Promise<void> {
    return this.engine.close()
  }
}
