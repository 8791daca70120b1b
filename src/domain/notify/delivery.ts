// A notification's delivery, as a small state machine: pending → sending (leased) → sent / failed / skipped, with
// attempts, backoff and WeChat's last errcode. Modelled on Firebase's trigger-email extension (PENDING / PROCESSING /
// SUCCESS / ERROR with a lease expiry and attempts). Pure: the dispatcher (server/notify) does the I/O.
import type { IsoTime } from '../types'

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped'

/** Why a row was not sent without being a failure. */
export type SkipReason = 'noQuota' | 'optedOut' | 'noRecipient' | 'noRobot'

export interface Attempt { at: IsoTime; errcode: number; errmsg: string }

/** What the delivery part of an outbox row holds. `dueAt` is when a pending row may go, or when a sending row's lease ends. */
export interface Delivery {
  status: DeliveryStatus
  attempts: number
  dueAt: IsoTime
  leaseId?: string
  lastErrcode?: number
  lastErrmsg?: string
  skipReason?: SkipReason
  sentAt?: IsoTime
  /** The last attempts (at most MAX_ATTEMPTS). */
  log?: Attempt[]
  /** A robot message waiting for the robot's 20-a-minute limit (not an attempt). */
  waitingForLimit?: boolean
}

export const MAX_ATTEMPTS = 5
/** A sender holds a row this long; a row whose sender died is sent again after it. */
export const LEASE_MS = 30_000

/** 30 s, 1 min, 2 min, 4 min … capped at 30 min. */
export function backoffMs(attempts: number): number {
  return Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1))
}

const later = (now: IsoTime, ms: number): IsoTime => new Date(Date.parse(now) + ms).toISOString()

/** May this row be leased now? A pending row that is due, or a sending row whose lease ran out. */
export function leasable(d: Pick<Delivery, 'status' | 'dueAt'>, now: IsoTime): boolean {
  return (d.status === 'pending' || d.status === 'sending') && d.dueAt <= now
}

/** What a lease changes besides counting the attempt (the dispatcher writes it to many rows at once). */
export function leaseFields(leaseId: string, now: IsoTime, leaseMs = LEASE_MS): Pick<Delivery, 'status' | 'leaseId' | 'dueAt' | 'waitingForLimit'> {
  return { status: 'sending', leaseId, dueAt: later(now, leaseMs), waitingForLimit: false }
}

export function lease(d: Delivery, leaseId: string, now: IsoTime, leaseMs = LEASE_MS): Delivery {
  return { ...d, ...leaseFields(leaseId, now, leaseMs), attempts: d.attempts + 1 }
}

/** WeChat errcodes that no retry can cure: the row fails at once. */
const FINAL_ERRCODES = new Set([
  40003, // invalid openid
  40037, // invalid template id
  47003, // a field broke its rule
  93000, // invalid webhook key
  40008, 40035, 40058, 44004, // malformed robot message
])

export type SendOutcome =
  | { ok: true }
  | { ok: false; errcode: number; errmsg: string }
  | { skipped: SkipReason; errcode?: number; errmsg?: string }
  /** The robot's limit: wait until `until` without spending an attempt. */
  | { waitUntil: IsoTime; errcode?: number; errmsg?: string }

/** The row after an attempt ended. */
export function settle(d: Delivery, outcome: SendOutcome, now: IsoTime): Delivery {
  const { leaseId: _lease, ...rest } = d
  if ('ok' in outcome && outcome.ok) return { ...rest, status: 'sent', sentAt: now, dueAt: now, lastErrcode: 0, lastErrmsg: 'ok', log: logOf(d, now, 0, 'ok') }
  if ('skipped' in outcome) {
    const errcode = outcome.errcode ?? 0
    return { ...rest, status: 'skipped', skipReason: outcome.skipped, dueAt: now, lastErrcode: errcode, lastErrmsg: outcome.errmsg ?? outcome.skipped, log: logOf(d, now, errcode, outcome.errmsg ?? outcome.skipped) }
  }
  if ('waitUntil' in outcome) {
    // Not the sender's fault: the attempt is given back.
    const base = { ...rest, status: 'pending' as const, attempts: Math.max(0, d.attempts - 1), dueAt: outcome.waitUntil, waitingForLimit: true }
    return outcome.errcode ? { ...base, lastErrcode: outcome.errcode, lastErrmsg: outcome.errmsg ?? '', log: logOf(d, now, outcome.errcode, outcome.errmsg ?? '') } : base
  }
  const failed = outcome as { errcode: number; errmsg: string }
  const log = logOf(d, now, failed.errcode, failed.errmsg)
  if (FINAL_ERRCODES.has(failed.errcode) || d.attempts >= MAX_ATTEMPTS) {
    return { ...rest, status: 'failed', dueAt: now, lastErrcode: failed.errcode, lastErrmsg: failed.errmsg, log }
  }
  return { ...rest, status: 'pending', dueAt: later(now, backoffMs(d.attempts)), lastErrcode: failed.errcode, lastErrmsg: failed.errmsg, log }
}

/** How many attempts a row's log keeps. */
export const LOG_KEPT = MAX_ATTEMPTS + 2

function logOf(d: Delivery, at: IsoTime, errcode: number, errmsg: string): Attempt[] {
  return [...(d.log ?? []), { at, errcode, errmsg: errmsg.slice(0, 200) }].slice(-LOG_KEPT)
}

/** A failed row sent again by staff: a fresh set of attempts. */
export function resendable(d: Pick<Delivery, 'status'>): boolean {
  return d.status === 'failed' || d.status === 'skipped'
}

export function resend(d: Delivery, now: IsoTime): Delivery {
  const { skipReason: _s, ...rest } = d
  return { ...rest, status: 'pending', attempts: 0, dueAt: now, waitingForLimit: false }
}
