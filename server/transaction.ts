// One transaction per command, retried on conflicts like the SDK's runTransaction, with one addition: a small
// non-transactional write (the triage counters) can go out together with the commit, so the two share one flush to disk
// instead of waiting for each other. If the commit fails, that write is undone.
import { db, type Scope } from './db'

export interface Alongside { apply(): Promise<void>; undo(): Promise<void> }

interface SdkTransaction extends Scope { commit(): Promise<unknown>; rollback(reason?: unknown): Promise<unknown> }

export function isConflict(err: unknown): boolean {
  return (err as { code?: string })?.code === 'DATABASE_TRANSACTION_CONFLICT'
}

/**
 * Run `work` in a transaction and commit it, re-running it on a conflict (at most `times` more times). When `abort`
 * says so of the result (a domain error after some writes went out), the transaction is rolled back instead.
 */
export async function transact<R>(
  work: (t: Scope) => Promise<R>, alongside: (r: R) => Alongside | null = () => null, times = 3, abort: (r: R) => boolean = () => false,
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    const t = (await (db() as unknown as { startTransaction(): Promise<SdkTransaction> }).startTransaction())
    let result: R
    try {
      result = await work(t)
    } catch (err) {
      await t.rollback().catch(() => undefined)
      if (isConflict(err) && attempt < times) continue
      throw err
    }
    if (abort(result)) {
      await t.rollback().catch(() => undefined)
      return result
    }
    const side = alongside(result)
    const [commit, applied] = await Promise.allSettled([t.commit(), side ? side.apply() : Promise.resolve()])
    if (commit.status === 'rejected') {
      if (side && applied.status === 'fulfilled') await side.undo().catch((e) => console.error('could not undo a counter change', e))
      await t.rollback().catch(() => undefined)
      if (isConflict(commit.reason) && attempt < times) continue
      throw commit.reason
    }
    // The counters are repaired by the timer's recount if this write was lost.
    if (applied.status === 'rejected') console.error('counter change failed', applied.reason)
    return result
  }
}
