// One transaction per command, retried on conflicts like the SDK's runTransaction, with one addition: a small
// non-transactional write (the triage counters) can go out together with the commit, so the two share one flush to disk
// instead of waiting for each other. It ends applied exactly when the commit landed: its apply and undo are idempotent,
// so either is sent again when its answer is lost, and a commit whose answer was lost is looked up (`landed`).
import { db, type Scope } from './db'

/** A change beside the commit. Both calls are idempotent (safe to send again); `undo` does nothing if `apply` never landed. */
export interface Alongside { apply(): Promise<void>; undo(): Promise<void> }

/** A call whose answer may be lost, sent again a few times (only for idempotent calls). */
async function again<T>(call: () => Promise<T>, times = 5): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call()
    } catch (err) {
      if (i >= times - 1) throw err
      await new Promise((r) => setTimeout(r, 20 * 2 ** i))
    }
  }
}

export interface SdkTransaction extends Scope { commit(): Promise<unknown>; rollback(reason?: unknown): Promise<unknown> }

export function startTransaction(): Promise<SdkTransaction> {
  return (db() as unknown as { startTransaction(): Promise<SdkTransaction> }).startTransaction()
}

export function isConflict(err: unknown): boolean {
  return (err as { code?: string })?.code === 'DATABASE_TRANSACTION_CONFLICT'
}

/**
 * Run `work` in a transaction and commit it, re-running it on a conflict (at most `times` more times). When `abort`
 * says so of the result (a domain error after some writes went out), the transaction is rolled back instead.
 * `landed` tells, after a commit whose answer was lost, whether it went through (it reads something the commit wrote).
 */
export async function transact<R>(
  work: (t: Scope) => Promise<R>, alongside: (r: R) => Alongside | null = () => null, times = 3, abort: (r: R) => boolean = () => false,
  landed?: (r: R) => Promise<boolean>, prestarted?: Promise<SdkTransaction | undefined>,
): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    // The first attempt may run in a transaction started earlier, together with the call's first reads (see handler.ts).
    const early = attempt === 0 && prestarted ? await prestarted : undefined
    const t = early ?? (await startTransaction())
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
    let committed = commit.status === 'fulfilled'
    // A conflict is a clear no; any other failure may be a commit that went through and whose answer was lost.
    if (!committed && landed && !isConflict((commit as PromiseRejectedResult).reason)) committed = await again(() => landed(result)).catch(() => false)
    if (committed) {
      if (side && applied.status === 'rejected') await again(() => side.apply()).catch((e) => console.error('counter change failed', e))
      return result
    }
    // Undone whatever apply answered: a lost answer may hide an apply that landed (undo of one that did not is a no-op).
    if (side) await again(() => side.undo()).catch((e) => console.error('could not undo a counter change', e))
    await t.rollback().catch(() => undefined)
    const reason = (commit as PromiseRejectedResult).reason
    if (isConflict(reason) && attempt < times) continue
    throw reason
  }
}

/** Several writes beside one commit, as one. */
export function together(...sides: (Alongside | undefined)[]): Alongside | undefined {
  const some = sides.filter((s): s is Alongside => !!s)
  if (some.length <= 1) return some[0]
  return {
    apply: async () => { await Promise.all(some.map((s) => s.apply())) },
    undo: async () => { await Promise.all(some.map((s) => s.undo())) },
  }
}
