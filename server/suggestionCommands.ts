// The suggestion commands on the server: load the facts a decider needs, decide (pure), write the outcome in one transaction.
import crypto from 'node:crypto'
import { MESSAGES } from '../src/domain/labels'
import type { HandOffTarget, Id, Suggestion } from '../src/domain/types'
import type { Command } from '../src/domain/transitions'
import type { CommandResult } from '../src/domain/api'
import {
  decide, decideSubmit, domainError, isDomainError, type CommandInputs, type Decision, type DomainError, type Facts,
} from '../src/domain/commands'
import { SYSTEM_ACTOR, type ActorContext } from '../src/domain/permissions'
import type { Config } from './config'
import { db, getById, type Scope } from './db'
import { checkText } from './content'
import { checkTexts, said, type SaidText } from './textCheck'
import { orgCache } from './directory'
import { earlyAnswer, mutate, withEarlyReads, type CallerIds, type Ctx, type Finish } from './handler'
import { together, transact, type Alongside } from './transaction'
import { newId } from './ids'
import { addComment, getComment } from './repositories/comments'
import { bumpTabCounts, nextWindow, readWindow, tabDeltas, writeWindow, type RateWindow } from './repositories/counters'
import { addEvent, EVENTS } from './repositories/events'
import { addOutboxRows } from './repositories/outbox'
import { addSecond, hasSeconded } from './repositories/seconds'
import { followersOf } from './repositories/follows'
import { putStance, stanceOf } from './repositories/stances'
import { getSuggestion, putSuggestion } from './repositories/suggestions'
import { newTakeoverCode } from './ids'
import { TAKEOVER_CODE_ALPHABET } from '../src/domain/schemas'
import { canRecordFor } from '../src/domain/permissions'
import { getPerson, peopleWithRole } from './repositories/users'
import { writeRollupDelta } from './figures/rollups'

type ItemCommand = Exclude<Command, 'submit'>

/** The texts each command stores, for the content check. */
function textsOf(command: ItemCommand, input: Record<string, unknown>): SaidText[] {
  switch (command) {
    case 'comment': return said('text', 2, input.text)
    case 'progress': return said('note', 2, input.note)
    case 'reply': case 'recordReply': return said('text', 2, input.text)
    case 'reject': case 'merge': case 'withdraw': case 'rate': case 'returnItem': case 'close': return said('reason', 2, input.reason)
    case 'handOff': case 'reassign': case 'chase': return said('note', 2, input.note)
    case 'concludeConsultation': {
      const plan = input.plan as { actions: string; responsibleUnit: string }
      const handOff = input.handOff as { note?: string } | undefined
      return [...said('plan.actions', 3, plan.actions), ...said('plan.responsibleUnit', 2, plan.responsibleUnit), ...said('handOff.note', 2, handOff?.note)]
    }
    default: return []
  }
}

/** The display name of a hand-off target, or undefined when it does not exist. */
export async function targetNameOf(target: HandOffTarget): Promise<string | undefined> {
  if (target.kind === 'member') {
    const person = await getPerson(db(), target.memberId)
    return person && person.roles.includes('member') ? person.name : undefined
  }
  const org = await orgCache([target.kind === 'sectorGroup' ? target.sectorGroupId : target.departmentId])
  return target.kind === 'sectorGroup' ? org.groups.get(target.sectorGroupId)?.name : org.departments.get(target.departmentId)?.name
}

/**
 * The triage counters' change of a commit, sent with it. `moves` are the items before (null when new) and after.
 * Activities' commands that write items use this too. (The figures' change goes in the transaction: `writeDecision`
 * writes it, and a command writing items another way calls `writeRollupDelta`.)
 */
export function itemCounters(moves: [Suggestion | null | undefined, Suggestion][]): Alongside | undefined {
  return together(...moves.map(([b, a]) => tabCounts(a.townId, tabDeltas(b ?? null, a))))
}

export function tabCounts(townId: Id, deltas: Record<string, number>): Alongside | undefined {
  if (Object.keys(deltas).length === 0) return undefined
  // One id per attempt of the command: the counter applies it once, and its undo takes back only that.
  const opId = crypto.randomBytes(8).toString('hex')
  return { apply: () => bumpTabCounts(townId, deltas, opId), undo: () => bumpTabCounts(townId, deltas, opId, true) }
}

/**
 * Writes a decision: the item, one event, the comment / second / stance / merge link it implies, the outbox rows, and
 * the figures' change from the items as they were (`before`: null for a new item; `mergeBefore`: the merge target).
 */
export async function writeDecision(t: Scope, d: Decision, commentId?: Id): Promise<Id> {
  return writeDecisionAs(t, d, newId(d.event.at), commentId, null)
}

async function writeDecisionAs(t: Scope, d: Decision, eventId: Id, commentId: Id | undefined, before: Suggestion | null, mergeBefore?: Suggestion | null): Promise<Id> {
  const moves: [Suggestion | null, Suggestion][] = [[before, d.next]]
  if (d.mergeTarget) moves.push([mergeBefore ?? null, d.mergeTarget])
  // Different documents: the writes go out together (each still inside the transaction).
  await Promise.all([
    writeRollupDelta(t, moves, d.event.at),
    putSuggestion(t, d.next),
    d.mergeTarget ? putSuggestion(t, d.mergeTarget) : null,
    addEvent(t, { _id: eventId, ...d.event }),
    d.comment && commentId ? addComment(t, { _id: commentId, ...d.comment }) : null,
    d.second ? addSecond(t, d.second) : null,
    d.stance ? putStance(t, d.stance) : null,
    addOutboxRows(t, d.notifications),
  ])
  return eventId
}

// ---- submit ----

/** A submission's reads that need no role: the town and village, the content check. They go out together with the role lookup. */
async function submitChecks(who: CallerIds, input: CommandInputs['submit']) {
  const org = await orgCache([input.townId, input.villageId])
  if (!org.towns.has(input.townId)) return domainError('INVALID_INPUT', MESSAGES.townMissing, 'townId')
  const village = org.villages.get(input.villageId)
  if (!village) return domainError('INVALID_INPUT', MESSAGES.villageMissing, 'villageId')
  const [verdict, name] = await Promise.all([
    checkText(who.openid, 3, `${input.title}\n${input.content}`),
    checkTexts(who.openid, said('onBehalfOf.name', 1, input.onBehalfOf?.name)),
  ])
  return { village, verdict, name }
}

export const submit = withEarlyReads(submitChecks, async (ctx: Ctx, input: CommandInputs['submit']): Promise<{ id: Id; status: string } | DomainError> => {
  const checked = await earlyAnswer(ctx, submitChecks, input)
  if (isDomainError(checked)) return checked
  const { village, verdict, name } = checked
  if (verdict === 'risky') return domainError('CONTENT_REJECTED', undefined, 'content')
  if (name) return name
  // Recording on duty (a liaison station, an activity) is work, not one person's own submissions: no daily window.
  const onDuty = (input.channel !== undefined && input.channel !== 'online') || !!input.onBehalfOf
  const exempt = onDuty && canRecordFor(ctx.caller.actor, input.townId)
  const facts: Facts = { newId: newId(ctx.now), village, contentReview: verdict === 'review' }
  if (input.onBehalfOf) facts.takeoverCode = newTakeoverCode(TAKEOVER_CODE_ALPHABET)
  const personId = ctx.caller.personId
  return mutate(ctx, async (t, finish) => {
    const d = decideSubmit(input, ctx.caller.actor, ctx.now, facts)
    if (isDomainError(d)) return d
    const written = { id: d.next._id, status: d.next.status }
    if (exempt) {
      await Promise.all([writeDecision(t, d), finish(written)])
      return { written, alongside: itemCounters([[null, d.next]]) }
    }
    // The day's counter is read with the writes; over the limit, the transaction is rolled back and nothing stays.
    const [stored] = await Promise.all([readWindow(t, 'submit', personId), writeDecision(t, d), finish(written)])
    const window = nextWindow(stored, 'submit', personId, ctx.now, ctx.cfg.submitsPerDay)
    if (!window) return domainError('RATE_LIMITED', MESSAGES.submitsPerDay(ctx.cfg.submitsPerDay))
    await writeWindow(t, window)
    return { written, alongside: itemCounters([[null, d.next]]) }
  })
})

// ---- every command on an existing item ----

export interface RunOptions { actor: ActorContext; now: string; cfg: Config }

/** Facts read before the transaction: things the command does not change (names, a comment replied to). */
async function factsBefore(command: ItemCommand, input: Record<string, unknown>, now: string): Promise<Facts> {
  const facts: Facts = {}
  if (command === 'handOff' || command === 'reassign') facts.targetName = await targetNameOf(input.target as HandOffTarget)
  // Followers are told when the item is answered (who follows is read at the reply, outside its transaction).
  if (command === 'reply') facts.followerIds = await followersOf(db(), String(input.id))
  if (command === 'concludeConsultation') {
    const h = input.handOff as { target: HandOffTarget } | undefined
    if (h) facts.targetName = await targetNameOf(h.target)
  }
  if (command === 'comment') {
    facts.commentId = newId(now)
    if (input.replyToId) {
      const replied = await getComment(db(), String(input.replyToId))
      facts.replyToExists = !!replied && replied.suggestionId === input.id
    }
  }
  return facts
}

/** Facts read inside the transaction, from the item as it is now. */
async function factsWithin(t: Scope, command: ItemCommand, item: Suggestion, actor: ActorContext, facts: Facts): Promise<void> {
  if (command === 'accept') facts.village = (await orgCache([item.villageId])).villages.get(item.villageId)
  if (command === 'second' && actor.personId) facts.alreadySeconded = await hasSeconded(t, actor.personId, item._id)
  if (command === 'recordReply' && item.handOff?.target.kind === 'department') facts.targetName = await targetNameOf(item.handOff.target)
  // A department's reply recorded by staff goes back to the department when rated 不满意: its handlers are told.
  const target = item.handOff?.target
  if (command === 'rate' && item.status === 'replied' && !item.handlerId && target?.kind === 'department') {
    facts.departmentHandlerIds = (await peopleWithRole(db(), 'departmentHandler')).filter((p) => (p.departmentIds ?? []).includes(target.departmentId)).map((p) => p._id)
  }
  if (command === 'escalate' && item.handOff?.target.kind === 'member') {
    const member = await getPerson(db(), item.handOff.target.memberId)
    facts.memberGroupId = member?.sectorGroupIds?.[0] ?? null
    if (facts.memberGroupId) facts.groupMemberIds = (await orgCache([facts.memberGroupId])).groups.get(facts.memberGroupId)?.memberIds ?? []
  }
}

/** Comments and seconds on a merged item go to the item it was merged into (FixMyStreet's "duplicate of" redirect). */
const REDIRECTED_WHEN_MERGED: ItemCommand[] = ['comment', 'second']

async function loadItem(t: Scope, command: ItemCommand, id: Id): Promise<Suggestion | null> {
  const item = await getSuggestion(t, id)
  if (item && item.status === 'merged' && item.mergedIntoId && REDIRECTED_WHEN_MERGED.includes(command)) {
    return (await getSuggestion(t, item.mergedIntoId)) ?? item
  }
  return item
}

/** The answer of a command on an item. */
type Written = CommandResult & { commentId?: Id }

/**
 * The work of one command inside a transaction; shared by people's calls (through mutate, which passes `finish`) and
 * the timer. Reads that do not depend on each other go out together; so do the writes and the request record.
 */
async function commandWork(
  t: Scope, command: ItemCommand, input: Record<string, unknown> & { id: Id }, opts: RunOptions, facts: Facts, finish?: Finish<Written>,
): Promise<{ written: Written; alongside?: Alongside } | DomainError> {
  const { actor, now, cfg } = opts
  const personId = actor.personId ?? 'system'
  const comment = command === 'comment'
  const [loaded, mergeTarget, stored, stance] = await Promise.all([
    loadItem(t, command, input.id),
    command === 'merge' ? getSuggestion(t, String(input.intoId)) : undefined,
    comment ? readWindow(t, 'comment', personId) : null,
    comment && input.stance ? stanceOf(t, personId, input.id) : null,
  ])
  let item = loaded
  if (mergeTarget !== undefined) facts.mergeTarget = mergeTarget
  if (item) await factsWithin(t, command, item, actor, facts)
  // A comment redirected to the item it was merged into: the person's stance there is what counts.
  if (comment && input.stance && item && item._id !== input.id) facts.previousStance = await stanceOf(t, personId, item._id)
  else if (comment) facts.previousStance = stance
  const d = decide(command, item, input as never, actor, now, cfg, facts)
  if (isDomainError(d)) return d
  item = item!
  let window: RateWindow | null = null
  if (comment) {
    // After the item is known to be visible: a hidden item answers NOT_FOUND whatever the caller's count.
    window = nextWindow(stored, 'comment', personId, now, cfg.commentsPerHour)
    if (!window) return domainError('RATE_LIMITED', MESSAGES.commentsPerHour(cfg.commentsPerHour))
  }
  const eventId = newId(d.event.at)
  const written: Written = comment ? { id: d.next._id, status: d.next.status, eventId, commentId: facts.commentId } : { id: d.next._id, status: d.next.status, eventId }
  await Promise.all([
    writeDecisionAs(t, d, eventId, facts.commentId, item, mergeTarget ?? null),
    window ? writeWindow(t, window) : null,
    finish ? finish(written) : null,
  ])
  if (comment) return { written }
  return { written, alongside: tabCounts(d.next.townId, tabDeltas(item, d.next)) }
}

export async function runItemCommand(ctx: Ctx, command: ItemCommand, input: Record<string, unknown> & { id: Id }): Promise<CommandResult | DomainError> {
  const [rejected, facts] = await Promise.all([checkTexts(ctx.caller.openid, textsOf(command, input)), factsBefore(command, input, ctx.now)])
  if (rejected) return rejected
  if (command === 'takeOver' && ctx.caller.person?.phone) facts.callerPhone = ctx.caller.person.phone
  return mutate<Written>(ctx, (t, finish) => commandWork(t, command, input, { actor: ctx.caller.actor, now: ctx.now, cfg: ctx.cfg }, { ...facts }, finish))
}

/** The timer's commands: the system actor, no request id; each in its own transaction. */
export async function runSystemCommand(command: 'escalate' | 'chase' | 'close' | 'remindConsultation', id: Id, now: string, cfg: Config): Promise<CommandResult | DomainError> {
  const input = { id }
  const facts = await factsBefore(command, input, now)
  try {
    const done = await transact((t: Scope) => commandWork(t, command, input, { actor: SYSTEM_ACTOR, now, cfg }, { ...facts }),
      (o) => (isDomainError(o) ? null : o.alongside ?? null), 3, isDomainError,
      // A commit whose answer was lost went through if its event is there.
      async (o) => !isDomainError(o) && (await getById(db(), EVENTS, o.written.eventId)) !== null)
    if (isDomainError(done)) return done
    return done.written
  } catch (err) {
    if ((err as { code?: string })?.code === 'DATABASE_TRANSACTION_CONFLICT') return domainError('CONFLICT')
    throw err
  }
}
