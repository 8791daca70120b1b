// The suggestion commands on the server: load the facts a decider needs, decide (pure), write the outcome in one transaction.
import { MESSAGES } from '../src/domain/labels'
import type { HandOffTarget, Id, Suggestion } from '../src/domain/types'
import type { Command } from '../src/domain/transitions'
import type { CommandResult } from '../src/domain/api'
import {
  decide, decideSubmit, domainError, isDomainError, type CommandInputs, type Decision, type DomainError, type Facts,
} from '../src/domain/commands'
import { SYSTEM_ACTOR, type ActorContext } from '../src/domain/permissions'
import { tallyOf } from '../src/domain/views'
import type { Config } from './config'
import { db, type Scope } from './db'
import { checkText, type Scene } from './content'
import { orgCache } from './directory'
import { earlyAnswer, mutate, withEarlyReads, type CallerIds, type Ctx } from './handler'
import { transact, type Alongside } from './transaction'
import { newId, newTakeoverCode } from './ids'
import { TAKEOVER_CODE_ALPHABET } from '../src/domain/schemas'
import { canRecordFor } from '../src/domain/permissions'
import { addComment, commentsOf, getComment } from './repositories/comments'
import { bumpTabCounts, countSince, tabDeltas, windowStart } from './repositories/counters'
import { addEvent } from './repositories/events'
import { addOutboxRows } from './repositories/outbox'
import { addSecond, hasSeconded } from './repositories/seconds'
import { countRecordedSince, getSuggestion, putSuggestion } from './repositories/suggestions'
import { getPerson } from './repositories/users'

type ItemCommand = Exclude<Command, 'submit'>

/** User text each command carries, for the content check (scene 2 = comment, 3 = forum post). */
function textOf(command: Command, input: Record<string, unknown>): { scene: Scene; text: string } | null {
  switch (command) {
    case 'submit': return { scene: 3, text: `${input.title}\n${input.content}` }
    case 'comment': return { scene: 2, text: String(input.text) }
    case 'progress': return { scene: 2, text: String(input.note) }
    case 'reply': case 'recordReply': return { scene: 2, text: String(input.text) }
    case 'rate': case 'returnItem': return input.reason ? { scene: 2, text: String(input.reason) } : null
    default: return null
  }
}

/** The display name of a hand-off target, or undefined when it does not exist. */
async function targetNameOf(target: HandOffTarget): Promise<string | undefined> {
  if (target.kind === 'member') {
    const person = await getPerson(db(), target.memberId)
    return person && person.roles.includes('member') ? person.name : undefined
  }
  const org = await orgCache([target.kind === 'sectorGroup' ? target.sectorGroupId : target.departmentId])
  return target.kind === 'sectorGroup' ? org.groups.get(target.sectorGroupId)?.name : org.departments.get(target.departmentId)?.name
}

/** The triage counters' change for a move, sent with the commit. */
function tabCounts(townId: Id, deltas: Record<string, number>): Alongside | undefined {
  if (Object.keys(deltas).length === 0) return undefined
  const negated = Object.fromEntries(Object.entries(deltas).map(([k, v]) => [k, -v]))
  return { apply: () => bumpTabCounts(townId, deltas), undo: () => bumpTabCounts(townId, negated) }
}

/** Writes a decision: the item, one event, the comment / second / merge link it implies, the outbox rows. */
async function writeDecision(t: Scope, d: Decision, commentId?: Id): Promise<Id> {
  const eventId = newId(d.event.at)
  // Different documents: the writes go out together (each still inside the transaction).
  await Promise.all([
    putSuggestion(t, d.next),
    d.mergeTarget ? putSuggestion(t, d.mergeTarget) : null,
    addEvent(t, { _id: eventId, ...d.event }),
    d.comment && commentId ? addComment(t, { _id: commentId, ...d.comment }) : null,
    d.second ? addSecond(t, d.second) : null,
    addOutboxRows(t, d.notifications),
  ])
  return eventId
}

// ---- submit ----

/** A submission's reads that need no role: the town and village, the content check, today's count. They go out together with the role lookup. */
async function submitChecks(who: CallerIds, input: CommandInputs['submit']) {
  const org = await orgCache([input.townId, input.villageId])
  if (!org.towns.has(input.townId)) return domainError('INVALID_INPUT', MESSAGES.townMissing, 'townId')
  const village = org.villages.get(input.villageId)
  if (!village) return domainError('INVALID_INPUT', MESSAGES.villageMissing, 'villageId')
  const since = windowStart('submit', who.now)
  // Items recorded for residents are work on duty: they do not count against the recorder's own daily submissions.
  const [verdict, authored, recorded] = await Promise.all([
    checkText(who.openid, 3, `${input.title}\n${input.content}`),
    countSince(db(), 'suggestions', who.personId, since),
    countRecordedSince(db(), who.personId, since),
  ])
  return { village, verdict, today: authored - recorded }
}

export const submit = withEarlyReads(submitChecks, async (ctx: Ctx, input: CommandInputs['submit']): Promise<{ id: Id; status: string } | DomainError> => {
  const checked = await earlyAnswer(ctx, submitChecks, input)
  if (isDomainError(checked)) return checked
  const { village, verdict, today } = checked
  if (verdict === 'risky') return domainError('CONTENT_REJECTED', undefined, 'content')
  // Recording on duty (a liaison station, an activity) is work, not one person's own submissions: no daily limit.
  const onDuty = (input.channel !== undefined && input.channel !== 'online') || !!input.onBehalfOf
  if (today >= ctx.cfg.submitsPerDay && !(onDuty && canRecordFor(ctx.caller.actor, input.townId))) {
    return domainError('RATE_LIMITED', MESSAGES.submitsPerDay(ctx.cfg.submitsPerDay))
  }
  const facts: Facts = { newId: newId(ctx.now), village, contentReview: verdict === 'review' }
  if (input.onBehalfOf) facts.takeoverCode = newTakeoverCode(TAKEOVER_CODE_ALPHABET)
  return mutate(ctx, async (t) => {
    const d = decideSubmit(input, ctx.caller.actor, ctx.now, facts)
    if (isDomainError(d)) return d
    await writeDecision(t, d)
    return { written: { id: d.next._id, status: d.next.status }, alongside: tabCounts(d.next.townId, tabDeltas(null, d.next)) }
  })
})

// ---- every command on an existing item ----

export interface RunOptions { actor: ActorContext; now: string; cfg: Config }

/** Facts read before the transaction: things the command does not change (names, the thread's tally, a comment replied to). */
async function factsBefore(command: ItemCommand, input: Record<string, unknown>, now: string): Promise<Facts> {
  const facts: Facts = {}
  if (command === 'handOff' || command === 'reassign') facts.targetName = await targetNameOf(input.target as HandOffTarget)
  if (command === 'concludeConsultation') {
    facts.tally = tallyOf(await commentsOf(db(), String(input.id)))
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
async function factsWithin(t: Scope, command: ItemCommand, item: Suggestion, input: Record<string, unknown>, actor: ActorContext, facts: Facts): Promise<void> {
  if (command === 'accept') facts.village = (await orgCache([item.villageId])).villages.get(item.villageId)
  if (command === 'merge') facts.mergeTarget = await getSuggestion(t, String(input.intoId))
  if (command === 'second' && actor.personId) facts.alreadySeconded = await hasSeconded(t, actor.personId, item._id)
  if (command === 'comment' && facts.replyToExists) facts.replyToExists = true
  if (command === 'recordReply' && item.handOff?.target.kind === 'department') facts.targetName = await targetNameOf(item.handOff.target)
  if (command === 'escalate' && item.handOff?.target.kind === 'member') {
    const member = await getPerson(db(), item.handOff.target.memberId)
    facts.memberGroupId = member?.sectorGroupIds?.[0] ?? null
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

/** The work of one command inside a transaction; shared by people's calls (through mutate) and the timer. */
async function commandWork(
  t: Scope, command: ItemCommand, input: Record<string, unknown> & { id: Id }, opts: RunOptions, facts: Facts,
): Promise<{ written: CommandResult & { commentId?: Id }; alongside?: Alongside } | DomainError> {
  const { actor, now, cfg } = opts
  const item = await loadItem(t, command, input.id)
  if (item) await factsWithin(t, command, item, input, actor, facts)
  if (command === 'comment') {
    const d = decide(command, item, input as never, actor, now, cfg, facts)
    if (isDomainError(d)) return d
    const eventId = await writeDecision(t, d, facts.commentId)
    return { written: { id: d.next._id, status: d.next.status, eventId, commentId: facts.commentId } }
  }
  const d = decide(command, item, input as never, actor, now, cfg, facts)
  if (isDomainError(d)) return d
  const eventId = await writeDecision(t, d)
  return { written: { id: d.next._id, status: d.next.status, eventId }, alongside: tabCounts(d.next.townId, tabDeltas(item, d.next)) }
}

export async function runItemCommand(ctx: Ctx, command: ItemCommand, input: Record<string, unknown> & { id: Id }): Promise<CommandResult | DomainError> {
  if (command === 'comment') {
    const thisHour = await countSince(db(), 'comments', ctx.caller.personId, windowStart('comment', ctx.now))
    if (thisHour >= ctx.cfg.commentsPerHour) return domainError('RATE_LIMITED', MESSAGES.commentsPerHour(ctx.cfg.commentsPerHour))
  }
  const said = textOf(command, input)
  if (said) {
    const verdict = await checkText(ctx.caller.openid, said.scene, said.text)
    // Only a suggestion has a "pending review" state; other texts that need a review are refused, nothing stored.
    if (verdict !== 'pass') return domainError('CONTENT_REJECTED', verdict === 'review' ? MESSAGES.textNeedsReview : undefined)
  }
  const facts = await factsBefore(command, input, ctx.now)
  if (command === 'takeOver' && ctx.caller.person?.phone) facts.callerPhone = ctx.caller.person.phone
  return mutate(ctx, (t) => commandWork(t, command, input, { actor: ctx.caller.actor, now: ctx.now, cfg: ctx.cfg }, { ...facts }))
}

/** The timer's commands: the system actor, no request id; each in its own transaction. */
export async function runSystemCommand(command: 'escalate' | 'chase' | 'close', id: Id, now: string, cfg: Config): Promise<CommandResult | DomainError> {
  const input = { id }
  const facts = await factsBefore(command, input, now)
  try {
    const done = await transact((t: Scope) => commandWork(t, command, input, { actor: SYSTEM_ACTOR, now, cfg }, { ...facts }),
      (o) => (isDomainError(o) ? null : o.alongside ?? null))
    if (isDomainError(done)) return done
    return done.written
  } catch (err) {
    if ((err as { code?: string })?.code === 'DATABASE_TRANSACTION_CONFLICT') return domainError('CONFLICT')
    throw err
  }
}
