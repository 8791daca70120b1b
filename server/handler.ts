// The one wrapper every action runs through. Each call goes through the same numbered steps; the actions only fill in step 5.
import type * as v from 'valibot'
import type { ErrorCode, Envelope } from '../src/domain/api'
import { callDataSchema, parseInput } from '../src/domain/schemas'
import { domainError, isDomainError, type DomainError } from '../src/domain/commands'
import { ERROR_MESSAGES, MESSAGES } from '../src/domain/labels'
import { config, type Config } from './config'
import { db, type Scope } from './db'
import { isConflict, startTransaction, transact, type Alongside, type SdkTransaction } from './transaction'
import { lookUpCaller, newPerson, openidFromContext, type Caller } from './identity'
import { personIdFor } from './ids'
import { firstAnswer, recordAnswer, requestKey, type FirstAnswer } from './repositories/requests'
import { putPerson } from './repositories/users'
import { sendingAfterCommit } from './notify/dispatch'
import { attemptCommitted, beginAttempt } from './notify/inline'

export interface Ctx {
  caller: Caller
  cfg: Config
  now: string
  action: string
  /** Present on every mutation (step 1 refuses a mutation without one). */
  requestId?: string
  /** What this request asks for (a hash of the action and its validated input), stored with its answer. */
  requestKey?: string
  /** What the action's early reads answered (see `Early`), when it has any. */
  early?: Promise<unknown>
  /** The call's top-level open data, decoded by the platform from a wx.cloud.CloudID (see server/notify/groups.ts). */
  openData?: unknown
  /**
   * A mutation's transaction, started by step 4 together with the role lookup (a round trip saved: the transaction
   * takes its snapshot at its first read, not when it starts). The first `mutate` of the call takes it.
   */
  prestarted?: { transaction: Promise<SdkTransaction | undefined>; taken: boolean }
}

/** Who is calling, as far as it is known before the role lookup: enough for reads that do not depend on the role. */
export interface CallerIds { openid: string; personId: string; now: string; cfg: Config }

/**
 * Reads an action can start together with the role lookup (step 4) instead of after it, because they need only the
 * openid, the person id (a hash of it) and the input: the content check and the rate-limit count of a submission.
 * Attach them to the action's run function with `withEarlyReads`.
 */
export type Early<I, R> = (who: CallerIds, input: I) => Promise<R>

export interface ActionDef {
  /** Mutations need a requestId and are idempotent through it. */
  mutation: boolean
  schema: v.GenericSchema
  run(ctx: Ctx, input: never): Promise<unknown>
  early?: Early<never, unknown>
  /** Its transaction is started with the role lookup (see `startsTransaction`). */
  startsTransaction?: boolean
}

type Run<I> = (ctx: Ctx, input: I) => Promise<unknown>

export function action<S extends v.GenericSchema>(mutation: boolean, schema: S, run: Run<v.InferOutput<S>>): ActionDef {
  const early = (run as { early?: Early<never, unknown> }).early
  const starts = mutation && (run as { startsTransaction?: boolean }).startsTransaction === true
  return { mutation, schema, run: run as ActionDef['run'], ...(early ? { early } : {}), ...(starts ? { startsTransaction: true } : {}) }
}

/**
 * Marks a mutation whose work always runs in `mutate`'s transaction: step 4 starts that transaction together with the
 * role lookup and the early reads, one round trip fewer (a transaction takes its snapshot at its first read, not when it
 * starts). An action answered before it needs the transaction (a refused text) lets it go. Mutations without a
 * transaction (a sign-in is one insert) must not be marked: they would pay for one they never use.
 */
export function startsTransaction<F extends Run<never>>(run: F): F {
  return Object.assign(run, { startsTransaction: true })
}

/** An action's run function with its early reads attached; `run` finds their answer in `ctx.early`. */
export function withEarlyReads<I, R>(early: Early<I, R>, run: Run<I>): Run<I> & { early: Early<I, R> } {
  return Object.assign(run, { early })
}

/** The early reads' answer: started by step 4, or run now when the action was called another way (the timer, a test). */
export function earlyAnswer<I, R>(ctx: Ctx, early: Early<I, R>, input: I): Promise<R> {
  return (ctx.early as Promise<R> | undefined) ?? early({ openid: ctx.caller.openid, personId: ctx.caller.personId, now: ctx.now, cfg: ctx.cfg }, input)
}

/** The one place errors become envelopes. */
export function toEnvelope(result: unknown): Envelope<unknown> {
  if (isDomainError(result)) {
    const e: Envelope<unknown> = { ok: false, code: result.code, message: result.message || ERROR_MESSAGES[result.code] }
    if (result.field) e.field = result.field
    return e
  }
  return { ok: true, data: result }
}

function internal(err: unknown): Envelope<unknown> {
  console.error('INTERNAL', err)
  return { ok: false, code: 'INTERNAL' as ErrorCode, message: ERROR_MESSAGES.INTERNAL }
}

/**
 * Where a call's time comes from. Every time rule of a call (rate-limit windows by hour and day, deadlines, the times
 * stored) reads `ctx.now`, taken once from this clock. CloudBase and the local CloudBase run the system clock; a test
 * that must cross a window's boundary passes its own clock to `createMain` when it runs the function in-process.
 */
export type Clock = () => Date
export const systemClock: Clock = () => new Date()

export function createMain(actions: Record<string, ActionDef>, clock: Clock = systemClock) {
  return async function main(event: unknown, _context?: unknown): Promise<Envelope<unknown>> {
    let prestarted: Ctx['prestarted']
    try {
      // 1. The call's shape: a known action; a requestId on every mutation.
      const call = parseInput(callDataSchema, event)
      if (!call.ok) return toEnvelope(call)
      const def = Object.prototype.hasOwnProperty.call(actions, call.value.action) ? actions[call.value.action] : undefined
      if (!def) return toEnvelope(domainError('INVALID_INPUT', MESSAGES.unknownAction, 'action'))
      if (def.mutation && !call.value.requestId) return toEnvelope(domainError('INVALID_INPUT', MESSAGES.requestIdMissing, 'requestId'))

      // 2. Validate the input; the error names the field.
      const input = parseInput(def.schema, call.value.input)
      if (!input.ok) return toEnvelope(input)

      // 3. Identity from the context only. An openid or a role inside the event data is never read.
      const openid = openidFromContext()
      if (!openid) return toEnvelope(domainError('UNAUTHENTICATED'))

      // 4. Role lookup: the users collection, plus the first admins from configuration. The action's early reads (which
      //    need no role) go out at the same time.
      const cfg = config()
      const now = clock().toISOString()
      // The action's transaction is started first, so that it is under way while the lookup and the early reads are.
      prestarted = def.startsTransaction ? { transaction: startTransaction().catch(() => undefined), taken: false } : undefined
      const early = def.early ? def.early({ openid, personId: personIdFor(openid), now, cfg }, input.value as never) : undefined
      // Awaited by the action; a failure there must not go unhandled while the lookup is still running.
      early?.catch(() => undefined)
      // Let the early reads reach the wire first: the content check's SDK prepares its request over a few turns of the
      // event loop, and a role lookup sent before it could be answered before the check even left (two trips, not one).
      if (early) await new Promise((resolve) => setImmediate(resolve))
      const caller = await lookUpCaller(openid, cfg)

      // 5. The action: permission check (can) → command (a pure decider) → one transaction (see mutate below).
      const ctx: Ctx = { caller, cfg, now, action: call.value.action, requestId: call.value.requestId, ...(early ? { early } : {}), ...(call.value.openData !== undefined ? { openData: call.value.openData } : {}), ...(prestarted ? { prestarted } : {}) }
      if (def.mutation) ctx.requestKey = requestKey(call.value.action, input.value)
      const result = await def.run(ctx, input.value as never)

      // 6. The envelope.
      return toEnvelope(result)
    } catch (err) {
      return internal(err)
    } finally {
      // Answered before any transaction was needed (a refused input, a rejected text): the unused one is let go, without
      // holding up the answer (CloudBase also ends it when it times out).
      if (prestarted && !prestarted.taken) void prestarted.transaction.then((t) => t?.rollback()).catch(() => undefined)
    }
  }
}

/** What a mutation's work wrote: the answer to store, a counter change to send with the commit, whether it stored the caller. */
export type Mutation<T> = { written: T; alongside?: Alongside; storedCaller?: boolean }

/**
 * Records the answer (and stores a first-time caller) inside the transaction. A work function that knows its answer
 * early calls it together with its own writes, saving a round trip; otherwise `mutate` calls it after the work.
 */
export type Finish<T> = (written: T, opts?: { storedCaller?: boolean }) => Promise<void>

/** The stored answer for a retry of this very request; CONFLICT naming requestId when the id was used for something else. */
function answerOf<T>(ctx: Ctx, first: FirstAnswer): T | DomainError {
  const same = first.key !== undefined ? first.key === ctx.requestKey : first.action === ctx.action
  return same ? (first.answer as T) : domainError('CONFLICT', MESSAGES.requestIdReused, 'requestId')
}

/**
 * Run a mutation's reads and writes in ONE transaction, with idempotency: a requestId seen before returns its first
 * answer (when it asked for the same action and input; else CONFLICT naming requestId) and writes nothing; a domain
 * error writes nothing (the transaction is rolled back). Only doc-level operations happen inside `work` (CloudBase runs
 * a where().update() outside the transaction). `alongside` goes out with the commit (see transaction.ts).
 */
export async function mutate<T>(ctx: Ctx, work: (t: Scope, finish: Finish<T>) => Promise<Mutation<T> | DomainError>): Promise<T | DomainError> {
  // After the commit, the notifications it wrote are sent before the answer, within a short budget (server/notify).
  return sendingAfterCommit(() => mutateOnce(ctx, work))
}

async function mutateOnce<T>(ctx: Ctx, work: (t: Scope, finish: Finish<T>) => Promise<Mutation<T> | DomainError>): Promise<T | DomainError> {
  const personId = ctx.caller.personId
  const requestId = ctx.requestId
  if (!requestId) throw new Error('mutate needs a requestId')
  // Callers other than createMain (the seed script) give unique request ids and no input hash.
  const key = ctx.requestKey ?? `${ctx.action}:${requestId}`
  let outcome: { error: DomainError } | Mutation<T>
  const prestarted = ctx.prestarted && !ctx.prestarted.taken ? ctx.prestarted : undefined
  if (prestarted) prestarted.taken = true
  try {
    outcome = await transact(async (t: Scope) => {
      beginAttempt()
      let finished: Promise<void> | undefined
      // A caller's first change stores them (as a citizen, or as a configured admin).
      // The answer is recorded under (person, requestId): a retry of a request that already succeeded fails this
      // insert as a duplicate, the whole transaction is dropped, and the first answer is returned below.
      const finish: Finish<T> = (written, opts) => (finished ??= Promise.all([
        !ctx.caller.person && !opts?.storedCaller ? putPerson(t, newPerson(ctx.caller, ctx.now)) : null,
        recordAnswer(t, personId, requestId, ctx.action, key, written, ctx.now),
      ]).then(() => undefined))
      const done = await work(t, finish)
      if (isDomainError(done)) return { error: done }
      await finish(done.written, { storedCaller: done.storedCaller })
      return done
    }, (o) => ('alongside' in o && o.alongside ? o.alongside : null), 3, (o) => 'error' in o,
    // A commit whose answer was lost went through if its request record is there, with this very answer.
    async (o) => {
      if ('error' in o) return false
      const first = await firstAnswer(db(), personId, requestId)
      return first !== undefined && JSON.stringify(first.answer) === JSON.stringify(o.written)
    }, prestarted?.transaction)
  } catch (err) {
    if (isDuplicateKey(err)) {
      const first = await firstAnswer(db(), personId, requestId)
      if (first !== undefined) return answerOf<T>(ctx, first)
    }
    // The SDK re-ran the transaction on conflicts and still lost: someone else changed the same documents.
    if (isConflict(err)) {
      // A retried request racing its first attempt may lose here while the first attempt committed: answer as it did.
      const first = await firstAnswer(db(), personId, requestId)
      if (first !== undefined) return answerOf<T>(ctx, first)
      return domainError('CONFLICT')
    }
    throw err
  }
  if (!('error' in outcome)) attemptCommitted()
  if ('error' in outcome) {
    // A retry of a request that succeeded before meets the state it made (claimed already, …): answer as the first time.
    const first = await firstAnswer(db(), personId, requestId)
    return first !== undefined ? answerOf<T>(ctx, first) : outcome.error
  }
  return outcome.written
}

function isDuplicateKey(err: unknown): boolean {
  const message = String((err as { message?: string })?.message ?? '')
  return /E11000|duplicate key/i.test(message)
}
