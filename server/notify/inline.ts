// Sending right after the commit: the outbox rows a mutation wrote are collected while it runs, and once it has
// committed the same function sends them within a short budget. A slow or failed send never fails the command:
// the row stays pending (or leased) for the timer's sweep.
import { AsyncLocalStorage } from 'node:async_hooks'

const written = new AsyncLocalStorage<string[]>()

/** Called by the outbox repository for rows it wrote inside the current mutation. */
export function noteOutboxRows(ids: string[]): void {
  written.getStore()?.push(...ids)
}

/** How long a command may spend sending its own rows before it answers. */
export const INLINE_BUDGET_MS = 1500

type Sender = (ids: string[], budgetMs: number) => Promise<unknown>
let sender: Sender | null = null

/** The dispatcher registers itself here (server/notify/dispatch.ts), so that the handler needs no import of it. */
export function setInlineSender(send: Sender): void {
  sender = send
}

let held = false

/**
 * Keeps this process from sending after its commits (the seed writes a demo county's past: its notifications are
 * history, left to the sweep, which skips them for want of subscriptions). Nothing in the functions calls this.
 */
export function holdInlineSends(): void {
  held = true
}

/**
 * Runs a mutation, then sends the rows it wrote if it committed (`committed(result)`). Rows of a transaction that was
 * dropped (a retry, a conflict, a domain error) were never stored: the dispatcher finds nothing to lease for them.
 */
export async function sendingAfterCommit<T>(run: () => Promise<T>, committed: (result: T) => boolean): Promise<T> {
  const ids: string[] = []
  const result = await written.run(ids, run)
  if (ids.length > 0 && sender && !held && committed(result)) {
    try {
      await sender([...new Set(ids)], INLINE_BUDGET_MS)
    } catch (err) {
      console.error('inline send failed; the timer will send', err)
    }
  }
  return result
}
