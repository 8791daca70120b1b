// The activity steps: one pure decider per verb. Old activity + input + actor + time + facts → the new activity and one
// timeline event, or a DomainError value. The server loads the facts and writes what comes back in one transaction.
import type { Category, HandOffTarget, Id, IsoTime, Outcome as AdoptionOutcome, Role, SuggestionStatus } from '../types'
import { domainError, type DomainError } from '../commands'
import { hasRole, isStaffFor, type ActorContext } from '../permissions'
import { ACTIVITY_TRANSITIONS, activityAllows, isAllowedActivityMove, type ActivityCommand } from './lifecycle'
import { canOnActivity, type ActivityFacts } from './permissions'
import { ACTIVITY_MESSAGES as M, ACTIVITY_STATUS_LABELS } from './labels'
import type {
  Activity, ActivityEvent, AgreedItem, ListEntry, Organiser, ParticipantCounts, ParticipantGroup, Satisfaction,
} from './types'

/** What staff write when they create or edit an activity: the activity's own fields, nothing derived. */
export type ActivityFields = Pick<Activity,
  'kind' | 'topic' | 'description' | 'startAt' | 'endAt' | 'townId' | 'villageId' | 'venue' | 'organiser' |
  'invitedMemberIds' | 'invitedDepartmentIds' | 'registration'>

/** A promise made on site; its village is the activity's unless given. */
export interface AgreedItemInput { title: string; content?: string; category: Category; villageId?: Id; target: HandOffTarget; deadline: IsoTime; note?: string }

export interface ActivityInputs {
  create: ActivityFields & { topicSuggestionIds?: Id[] }
  update: { id: Id } & Partial<Omit<ActivityFields, 'townId'>>
  linkTopics: { id: Id; suggestionIds: Id[] }
  publish: { id: Id }
  cancel: { id: Id; reason: string }
  openSignIn: { id: Id }
  addWalkIns: { id: Id; group: ParticipantGroup; count?: number; names?: string[] }
  conclude: { id: Id; minutes: string; photos: string[]; agreedItems: AgreedItemInput[] }
  evaluate: { id: Id; scores: { criterionId: Id; score: number; note?: string }[] }
  register: { id: Id }
  signIn: { id: Id }
  raise: { id: Id; title: string; content: string; category: Category; villageId?: Id; onBehalfOf?: { name: string; phone?: string } }
  answerSatisfaction: { id: Id; value: Satisfaction }
  /** One answer per topic item; handed to `departmentId` (default: the first invited department) when not yet handed off. */
  answerTopics: { id: Id; answers: TopicAnswerInput[] }
}

export interface TopicAnswerInput { suggestionId: Id; text: string; outcome: AdoptionOutcome; departmentId?: Id }

/** What became of one topic item when staff answered the topics together: answered, or the loop's own refusal. */
export type TopicAnswerResult =
  | { suggestionId: Id; ok: true; status: SuggestionStatus; commands: string[] }
  | { suggestionId: Id; ok: false; code: string; message?: string; field?: string; commands: string[] }

/** What the server looked up for a step. */
export interface ActivityStepFacts extends ActivityFacts {
  newId?: Id
  kinds?: ListEntry[]
  criteria?: ListEntry[]
  /** create / update: is the village in the town? (undefined when no village was given) */
  villageInTown?: boolean
  /** conclude: the sign-ins by group, counted when it ends. */
  signedInCounts?: ParticipantCounts
  /** conclude: the agreed items, already made into handed-off suggestions in the same transaction. */
  agreedItems?: AgreedItem[]
  alreadyRegistered?: boolean
  alreadyEvaluated?: boolean
  alreadyAnswered?: boolean
  /** linkTopics / create: the topic suggestions that are still open (the rest is refused). */
  openTopicIds?: Id[]
  /** answerTopics: what each item's commands answered. */
  topicResults?: TopicAnswerResult[]
}

export type NewActivityEvent = Omit<ActivityEvent, '_id'>

export interface ActivityDecision {
  ok: true
  next: Activity
  /** null for participation steps that leave no event (register, answerSatisfaction). */
  event: NewActivityEvent | null
}

function actingRole(actor: ActorContext, activity: Activity | null, townId: Id | null): Role {
  if (isStaffFor(actor, activity ? activity.townId : townId)) return hasRole(actor, 'staff') ? 'staff' : 'admin'
  if (hasRole(actor, 'evaluator')) return 'evaluator'
  if (hasRole(actor, 'member')) return 'member'
  if (hasRole(actor, 'departmentHandler')) return 'departmentHandler'
  return 'citizen'
}

/** The fields given (an edit gives some), with the start and end the activity will have. */
function checkFields(f: Partial<ActivityFields> & Pick<ActivityFields, 'startAt' | 'endAt'>, facts: ActivityStepFacts): DomainError | null {
  if (f.kind !== undefined && !(facts.kinds ?? []).some((k) => k.id === f.kind && !k.retired)) return domainError('INVALID_INPUT', M.kindMissing, 'kind')
  if (f.endAt <= f.startAt) return domainError('INVALID_INPUT', M.endBeforeStart, 'endAt')
  if (f.villageId !== undefined && facts.villageInTown === false) return domainError('INVALID_INPUT', '村社区不属于所选镇街道', 'villageId')
  return null
}

type Outcome = { next: Activity; payload: Record<string, unknown> } | DomainError
type Decider<C extends ActivityCommand> = (a: Activity, input: ActivityInputs[C], actor: ActorContext, now: IsoTime, facts: ActivityStepFacts) => Outcome

const patch = (a: Activity, p: Partial<Activity>): Activity => ({ ...a, ...p })

const deciders: { [C in Exclude<ActivityCommand, 'create' | 'signIn' | 'raise'>]: Decider<C> } = {
  update: (a, input, _actor, _now, facts) => {
    const { id: _id, ...fields } = input
    const merged = { ...a, ...fields }
    const bad = checkFields({ ...fields, startAt: merged.startAt, endAt: merged.endAt }, facts)
    if (bad) return bad
    return { next: patch(a, fields as Partial<Activity>), payload: { changed: Object.keys(fields).sort() } }
  },
  linkTopics: (a, input, _actor, _now, facts) => {
    const open = new Set(facts.openTopicIds ?? [])
    const missing = input.suggestionIds.find((id) => !open.has(id))
    if (missing) return domainError('BAD_TRANSITION', M.topicNotOpen, 'suggestionIds')
    const ids = [...new Set([...a.topicSuggestionIds, ...input.suggestionIds])]
    return { next: patch(a, { topicSuggestionIds: ids }), payload: { suggestionIds: input.suggestionIds } }
  },
  publish: (a, _input, _actor, now) => ({ next: patch(a, { status: 'published', publishedAt: now }), payload: {} }),
  cancel: (a, input) => ({ next: patch(a, { status: 'cancelled' }), payload: { reason: input.reason } }),
  openSignIn: (a, _input, _actor, now) => ({ next: patch(a, { status: 'held', heldAt: now }), payload: {} }),
  addWalkIns: (a, input) => {
    const names = (input.names ?? []).map((name) => ({ name, group: input.group }))
    const count = (input.count ?? 0) + names.length
    if (count <= 0) return domainError('INVALID_INPUT', M.walkInsEmpty, 'count')
    const walkIns = { ...a.walkIns, [input.group]: a.walkIns[input.group] + count, names: [...a.walkIns.names, ...names] }
    return { next: patch(a, { walkIns }), payload: { group: input.group, count, names: input.names ?? [] } }
  },
  conclude: (a, input, actor, now, facts) => {
    if (!facts.signedInCounts || !facts.agreedItems) throw new Error('conclude needs the sign-in counts and the agreed items')
    const next = patch(a, {
      status: 'concluded', concludedAt: now, signedIn: facts.signedInCounts,
      conclusion: { minutes: input.minutes, photos: input.photos, at: now, byId: actor.personId! },
      agreedItems: [...a.agreedItems, ...facts.agreedItems],
    })
    return { next, payload: { signedIn: facts.signedInCounts, walkIns: countsOf(a.walkIns), agreedItemIds: facts.agreedItems.map((i) => i.suggestionId) } }
  },
  evaluate: (a, input, actor, now, facts) => {
    if (facts.alreadyEvaluated) return domainError('CONFLICT', M.alreadyEvaluated, 'id')
    const active = (facts.criteria ?? []).filter((c) => !c.retired)
    const given = new Map(input.scores.map((s) => [s.criterionId, s]))
    const unknown = input.scores.find((s) => !active.some((c) => c.id === s.criterionId))
    if (unknown) return domainError('INVALID_INPUT', M.criterionMissing, 'scores')
    if (active.some((c) => !given.has(c.id))) return domainError('INVALID_INPUT', M.criteriaIncomplete, 'scores')
    const scores = { ...a.scores }
    for (const s of input.scores) scores[s.criterionId] = { sum: (scores[s.criterionId]?.sum ?? 0) + s.score, n: (scores[s.criterionId]?.n ?? 0) + 1 }
    const next = patch(a, { status: 'evaluated', scores, evaluationCount: a.evaluationCount + 1 })
    if (!a.evaluatedAt) next.evaluatedAt = now
    return { next, payload: { evaluatorId: actor.personId, scores: input.scores.map((s) => ({ criterionId: s.criterionId, score: s.score })) } }
  },
  register: (a, _input, _actor, _now, facts) => {
    if (facts.alreadyRegistered) return domainError('CONFLICT', M.alreadyRegistered, 'id')
    if (a.registration.cap !== null && a.registeredCount >= a.registration.cap) return domainError('CONFLICT', M.registrationFull, 'id')
    return { next: patch(a, { registeredCount: a.registeredCount + 1 }), payload: {} }
  },
  answerTopics: (a, _input, _actor, _now, facts) => {
    const results = facts.topicResults ?? []
    return {
      next: a,
      payload: { answered: results.filter((r) => r.ok).map((r) => r.suggestionId), refused: results.filter((r) => !r.ok).map((r) => r.suggestionId) },
    }
  },
  answerSatisfaction: (a, input, _actor, _now, facts) => {
    if (facts.alreadyAnswered) return domainError('CONFLICT', M.alreadyAnswered, 'id')
    return { next: patch(a, { satisfaction: { ...a.satisfaction, [input.value]: a.satisfaction[input.value] + 1 } }), payload: { value: input.value } }
  },
}

export function countsOf(c: ParticipantCounts): ParticipantCounts {
  return { members: c.members, citizens: c.citizens, departments: c.departments }
}

function eventOf(command: ActivityCommand, before: Activity | null, next: Activity, actor: ActorContext, now: IsoTime, payload: Record<string, unknown>): NewActivityEvent {
  return {
    activityId: next._id, command, actorId: actor.personId ?? 'system', actorRole: actingRole(actor, before, next.townId),
    from: before ? before.status : null, to: next.status, at: now, payload,
  }
}

export function decideCreate(input: ActivityInputs['create'], actor: ActorContext, now: IsoTime, facts: ActivityStepFacts): ActivityDecision | DomainError {
  if (!facts.newId || actor.personId === null) throw new Error('create needs a new id and a stored person')
  if (!canOnActivity(actor, 'create', null, facts, input.townId)) return domainError('FORBIDDEN')
  const bad = checkFields(input, facts)
  if (bad) return bad
  const topics = input.topicSuggestionIds ?? []
  const open = new Set(facts.openTopicIds ?? [])
  if (topics.some((id) => !open.has(id))) return domainError('BAD_TRANSITION', M.topicNotOpen, 'topicSuggestionIds')
  const { topicSuggestionIds: _t, ...fields } = input
  const next: Activity = {
    _id: facts.newId, ...fields, invitedMemberIds: [...new Set(input.invitedMemberIds)], invitedDepartmentIds: [...new Set(input.invitedDepartmentIds)],
    registeredCount: 0, status: 'draft', createdById: actor.personId, createdAt: now, updatedAt: now,
    topicSuggestionIds: [...new Set(topics)], walkIns: { members: 0, citizens: 0, departments: 0, names: [] },
    agreedItems: [], raisedCount: 0, satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, version: 1,
  }
  return { ok: true, next, event: eventOf('create', null, next, actor, now, topics.length ? { topicSuggestionIds: topics } : {}) }
}

/**
 * Decide a step on an existing activity, in the order a person would understand: it exists (and they may see it) → they
 * may take the step → its status allows it → the verb's own rules.
 */
export function decideActivity<C extends Exclude<ActivityCommand, 'create' | 'signIn' | 'raise'>>(
  command: C, activity: Activity | null, input: ActivityInputs[C], actor: ActorContext, now: IsoTime, facts: ActivityStepFacts = {},
): ActivityDecision | DomainError {
  const checked = gate(command, activity, actor, facts)
  if (checked) return checked
  const a = activity!
  const outcome = (deciders[command] as Decider<C>)(a, input, actor, now, facts)
  if ('ok' in outcome && outcome.ok === false) return outcome
  const o = outcome as { next: Activity; payload: Record<string, unknown> }
  const next: Activity = { ...o.next, updatedAt: now, version: a.version + 1 }
  if (!isAllowedActivityMove(command, a.status, next.status)) throw new Error(`activity ${command} moved ${a.status} → ${next.status}, which the table does not allow`)
  return { ok: true, next, event: ACTIVITY_TRANSITIONS[command].event ? eventOf(command, a, next, actor, now, o.payload) : null }
}

/** The shared checks of every step on an existing activity (also used by sign-in and raise, which change no activity field). */
export function gate(command: ActivityCommand, activity: Activity | null, actor: ActorContext, facts: ActivityFacts): DomainError | null {
  if (!activity || (activity.status === 'draft' && !isStaffFor(actor, activity.townId))) return domainError('NOT_FOUND', M.activityMissing, 'id')
  if (!canOnActivity(actor, command, activity, facts)) {
    if (command === 'register' && !activity.registration.open) return domainError('FORBIDDEN', M.registrationClosed, 'id')
    if (command === 'raise' || command === 'answerSatisfaction') return domainError('FORBIDDEN', M.notSignedIn, 'id')
    return domainError('FORBIDDEN')
  }
  if (!activityAllows(command, activity.status)) return domainError('BAD_TRANSITION', M.notFromStatus(ACTIVITY_STATUS_LABELS[activity.status]))
  return null
}

/** The event a raised suggestion leaves on the activity's timeline (the suggestion has its own 'submit' event). */
export function raiseEvent(activity: Activity, suggestionId: Id, actor: ActorContext, now: IsoTime, recordedFor?: string): { next: Activity; event: NewActivityEvent } {
  const next: Activity = { ...activity, raisedCount: activity.raisedCount + 1, updatedAt: now, version: activity.version + 1 }
  const payload: Record<string, unknown> = { suggestionId }
  if (recordedFor) payload.recordedFor = recordedFor
  return { next, event: eventOf('raise', activity, next, actor, now, payload) }
}
