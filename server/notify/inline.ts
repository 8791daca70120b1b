// Sending right after the commit: the outbox rows a mutation writes are written already leased to this function
// (one lease for all of them, in the command's own transaction), and once the transaction has committed the function
// sends them within a short budget. A slow or failed send never fails the command: a row not settled in time stays
// leased until its lease ends, and the timer's sweep sends it then.
import crypto from 'node:crypto'
import { AsyncLocalStorage } from 'node:async_hooks'
import type { HeldRow } from '../repositories/outbox'
import { notifyConfig } from './config'

/** What one mutation wrote, attempt by attempt (a transaction re-run on a conflict writes new rows; the old are gone). */
interface Capture {
  leaseId: string
  rows: HeldRow[]
  committed: boolean
  /** Recipients being read while the transaction commits (server/notify/dispatch.ts). */
  ready?: Promise<unknown>
}

const capture = new AsyncLocalStorage<Capture>()

/** How long a command may spend sending its own rows before it answers. */
export const INLINE_BUDGET_MS = 1500

type Sender = (rows: HeldRow[], budgetMs: number, ready: Promise<unknown> | undefined) => Promise<unknown>
type Preparer = (rows: HeldRow[]) => Promise<unknown>
let sender: Sender | null = null
let preparer: Preparer | null = null

/** The dispatcher registers itself here (server/notify/dispatch.ts), so that the handler needs no import of it. */
export function setInlineSender(send: Sender, prepare?: Preparer): void {
  sender = send
  preparer = prepare ?? null
}

let held = false

/**
 * Keeps this process from sending after its commits (the seed writes a demo county's past: its notifications are
 * history, left to the sweep, which skips them for want of subscriptions). Nothing in the functions calls this.
 */
export function holdInlineSends(): void {
  held = true
}

/** The lease rows written now should carry, when this function will send them after the commit; null leaves them pending. */
export function inlineLease(): { leaseId: string; leaseMs: number } | null {
  const c = capture.getStore()
  return c && sender && !held ? { leaseId: c.leaseId, leaseMs: notifyConfig().leaseMs } : null
}

/** Called by the outbox repository for rows it wrote inside the current mutation (leased to it: see inlineLease). */
export function noteOutboxRows(rows: HeldRow[]): void {
  const c = capture.getStore()
  if (!c || rows.length === 0 || !rows.every((r) => r.leaseId === c.leaseId)) return
  c.rows.push(...rows)
  // People's openids and robots are read while the transaction commits, not after.
  if (preparer) {
    const all = [...c.rows]
    c.ready = preparer(all).catch(() => undefined)
  }
}

/** A transaction attempt starts: rows of an earlier attempt were never stored. */
export function beginAttempt(): void {
  const c = capture.getStore()
  if (c) {
    c.rows = []
    c.ready = undefined
  }
}

/** The transaction that wrote the noted rows has committed. */
export function attemptCommitted(): void {
  const c = capture.getStore()
  if (c) c.committed = true
}

/**
 * Runs a mutation, then, if its transaction committed, sends the rows it wrote. A command that wrote no rows makes no
 * call at all. Rows of an attempt that was dropped (a conflict, a domain error, a retried request answered from its
 * first answer) were never stored and are never sent.
 */
export async function sendingAfterCommit<T>(run: () => Promise<T>): Promise<T> {
  const c: Capture = { leaseId: crypto.randomBytes(8).toString('hex'), rows: [], committed: false }
  const result = await capture.run(c, run)
  if (c.committed && c.rows.length > 0 && sender && !held) {
    try {
      await sender(c.rows, INLINE_BUDGET_MS, c.ready)
    } catch (err) {
      console.error('inline send failed; the timer will send', err)
    }
  }
  return result
}
