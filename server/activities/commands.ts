// The activity steps on the server: load the facts a decider needs, decide (pure), write the activity, its one timeline
// event and whatever the step implies (sign-ins, items in the loop) in one transaction, through `mutate`.
import type { Id, Suggestion, Village } from '../../src/domain/types'
import { MESSAGES } from '../../src/domain/labels'
import { decide, decideSubmit, domainError, isDomainError, type Decision, type DomainError, type NewEvent, type OutboxRow } from '../../src/domain/commands'
import {
  decideActivity, decideCreate, gate, raiseEvent, type ActivityDecision, type ActivityInputs, type ActivityStepFacts, type AgreedItemInput, type TopicAnswerResult,
} from '../../src/domain/activities/commands'
import type { ActivityCommand } from '../../src/domain/activities/lifecycle'
import { invitedNotices } from '../../src/domain/activities/notices'
import { ACTIVITY_MESSAGES as AM } from '../../src/domain/activities/labels'
import { canKeepActivityLists } from '../../src/domain/activities/permissions'
import { emptyCounts, groupOf, signInId, type Activity, type AgreedItem, type ListEntry, type ParticipantCounts, type SignIn } from '../../src/domain/activities/types'
import { PARTICIPANT_GROUPS } from '../../src/domain/activities/types'
import { db, type Scope } from '../db'
import { checkText } from '../content'
import { checkTexts, said, type SaidText } from '../textCheck'
import { orgCache } from '../directory'
import { earlyAnswer, mutate, withEarlyReads, type CallerIds, type Ctx } from '../handler'
import { newId, newTakeoverCode } from '../ids'
import { TAKEOVER_CODE_ALPHABET } from '../../src/domain/schemas'
import { nextWindow, readWindow, tabDeltas, writeWindow } from '../repositories/counters'
import { addEvent } from '../repositories/events'
import { addOutboxRows } from '../repositories/outbox'
import { count } from '../repositories/paging'
import { SUGGESTIONS, fromDoc, getSuggestionsByIds, putSuggestion } from '../repositories/suggestions'
import { itemCounters, runItemCommand, tabCounts, targetNameOf, writeDecision } from '../suggestionCommands'
import { writeRollupDelta } from '../figures/rollups'
import {
  SIGN_INS, addActivityEvent, addEvaluation, addRegistration, addSignIn, getActivity, getEvaluation, getList, getRegistration,
  getSignIn, putActivity, putList, putSignIn, type ListName,
} from './repositories'
import { heldActivity } from './heldActivities'

type Step = 'update' | 'linkTopics' | 'publish' | 'cancel' | 'openSignIn' | 'addWalkIns'
type Answer = { id: Id; status: Activity['status'] }

/**
 * Every text a person controls in an activity step, for the content check (the same path the suggestions take):
 * the field it came from (named in the error), WeChat's scene (1 a name, 2 a short note, 3 a longer text), the text.
 */
export function activityTexts(command: ActivityCommand, input: Record<string, unknown>): SaidText[] {
  const list = <T>(x: unknown) => (Array.isArray(x) ? (x as T[]) : [])
  switch (command) {
    case 'create': case 'update':
      return [...said('topic', 3, input.topic), ...said('description', 3, input.description), ...said('venue', 2, input.venue)]
    case 'cancel': return said('reason', 2, input.reason)
    case 'addWalkIns': return list<string>(input.names).flatMap((name, i) => said(`names.${i}`, 1, name))
    case 'conclude':
      return [
        ...said('minutes', 3, input.minutes),
        ...list<AgreedItemInput>(input.agreedItems).flatMap((item, i) => [
          ...said(`agreedItems.${i}.title`, 3, item.title), ...said(`agreedItems.${i}.content`, 3, item.content), ...said(`agreedItems.${i}.note`, 2, item.note),
        ]),
      ]
    case 'evaluate': return list<{ note?: string }>(input.scores).flatMap((score, i) => said(`scores.${i}.note`, 2, score.note))
    case 'raise': {
      const on = input.onBehalfOf as { name?: string } | undefined
      return said('onBehalfOf.name', 1, on?.name)
    }
    default: return []
  }
}

/** CONTENT_REJECTED naming the first field that did not pass, or null. */
const checked = (ctx: Ctx, command: ActivityCommand, input: object) => checkTexts(ctx.caller.openid, activityTexts(command, input as Record<string, unknown>))

async function writeActivity(t: Scope, d: ActivityDecision): Promise<void> {
  await Promise.all([putActivity(t, d.next), d.event ? addActivityEvent(t, { _id: newId(d.event.at), ...d.event }) : null])
}

/** Open suggestions (still to be triaged or accepted) among `ids`: the ones an activity may take up as topics. */
async function openTopicIds(ids: Id[]): Promise<Id[]> {
  if (ids.length === 0) return []
  const res = await db().collection(SUGGESTIONS).where({ _id: db().command.in(ids) }).limit(ids.length).get()
  return (res.data as Suggestion[]).map(fromDoc).filter((s) => s.status === 'submitted' || s.status === 'accepted').map((s) => s._id)
}

async function fieldFacts(input: { kind?: Id; villageId?: Id; townId?: Id }, townId: Id | undefined): Promise<ActivityStepFacts> {
  const facts: ActivityStepFacts = {}
  if (input.kind !== undefined) facts.kinds = await getList(db(), 'kinds')
  if (input.villageId !== undefined) {
    const village = (await orgCache([input.villageId])).villages.get(input.villageId)
    facts.villageInTown = !!village && village.townId === townId
  }
  return facts
}

// ---- create and the plain steps ----

export async function create(ctx: Ctx, input: ActivityInputs['create']): Promise<Answer | DomainError> {
  const [org, rejected] = await Promise.all([orgCache([input.townId]), checked(ctx, 'create', input)])
  if (!org.towns.has(input.townId)) return domainError('INVALID_INPUT', MESSAGES.townMissing, 'townId')
  if (rejected) return rejected
  const facts: ActivityStepFacts = { ...(await fieldFacts(input, input.townId)), newId: newId(ctx.now), openTopicIds: await openTopicIds(input.topicSuggestionIds ?? []) }
  return mutate(ctx, async (t) => {
    const d = decideCreate(input, ctx.caller.actor, ctx.now, facts)
    if (isDomainError(d)) return d
    await writeActivity(t, d)
    return { written: { id: d.next._id, status: d.next.status } }
  })
}

export async function step<C extends Step>(ctx: Ctx, command: C, input: ActivityInputs[C]): Promise<Answer | DomainError> {
  const [before, rejected] = await Promise.all([getActivity(db(), input.id), checked(ctx, command, input)])
  // Who may take the step and whether its status allows it are answered before what the texts say.
  const refused = gate(command, before, ctx.caller.actor, {})
  if (refused) return refused
  if (rejected) return rejected
  const facts: ActivityStepFacts = before ? await fieldFacts(input as { kind?: Id; villageId?: Id }, before.townId) : {}
  if (command === 'linkTopics') facts.openTopicIds = await openTopicIds((input as ActivityInputs['linkTopics']).suggestionIds)
  return mutate(ctx, async (t) => {
    const activity = await getActivity(t, input.id)
    const d = decideActivity(command, activity, input as never, ctx.caller.actor, ctx.now, facts)
    if (isDomainError(d)) return d
    // Invited members hear of the publication, a change, a cancellation: rows in this transaction, sent after it.
    await Promise.all([writeActivity(t, d), addOutboxRows(t, invitedNotices(command, activity, d.next, ctx.now))])
    return { written: { id: d.next._id, status: d.next.status } }
  })
}

// ---- sign-in: once per person, by the document id ----

export async function liveSignIns(activityId: Id): Promise<ParticipantCounts> {
  const counts = await Promise.all(PARTICIPANT_GROUPS.map((group) => count(db(), SIGN_INS, { activityId, group })))
  const out = emptyCounts()
  PARTICIPANT_GROUPS.forEach((g, i) => { out[g] = counts[i] })
  return out
}

/**
 * A scan's one read that needs no role, the activity: it goes out together with the role lookup (one round trip), unless
 * this instance read it held less than a second ago (heldActivities.ts states the rule that closing follows).
 */
async function signInReads(_who: CallerIds, input: { id: Id }) {
  return heldActivity(input.id, (id) => getActivity(db(), id))
}

const isDuplicate = (err: unknown) => /duplicate|E11000|exist/i.test(String((err as Error)?.message))

/**
 * Signing in: once per person, by the document id `${activityId}_${personId}`. One insert is the whole change (the
 * insert of an existing id fails, so two scans racing each other store one document), so it needs no transaction: a
 * scan is the role lookup with the activity read, then the insert — two round trips, three calls, and two while this
 * instance read the activity held in the last second (heldActivities.ts). The sign-in keeps the request id that made
 * it, so a retried request answers as the first time did; a second scan answers 已签到. The answer carries no live
 * count: a count read with every scan was a fifth of a scan's calls, and the count is for staff (the activity's page
 * counts it while sign-in is open; the sign-in page counts it when it opens).
 *
 * A scan does not store someone who has never used the app (mutate stores a caller with their first change): the role
 * lookup already answers what the sign-in records (no person is a citizen), the sign-in names them by their person id,
 * and the person document would be a third of a scan's writes for a default name nobody can search for. Their first
 * change of their own — a suggestion raised from the sign-in page, a registration, their profile — stores them.
 */
export const signIn = withEarlyReads(signInReads, async (ctx: Ctx, input: { id: Id }): Promise<{ id: Id; already: boolean; group: string } | DomainError> => {
  const actor = ctx.caller.actor
  const activity = await earlyAnswer(ctx, signInReads, input)
  const refused = gate('signIn', activity, actor, {})
  if (refused) return refused
  const id = signInId(input.id, ctx.caller.personId)
  const group = groupOf(actor.roles)
  const doc: SignIn = { _id: id, activityId: input.id, personId: ctx.caller.personId, group, at: ctx.now }
  if (ctx.requestId) doc.requestId = ctx.requestId
  const stored = await addSignIn(db(), doc).then(() => true, (err) => { if (isDuplicate(err)) return false; throw err })
  if (stored) return { id: input.id, already: false, group }
  const earlier = await getSignIn(db(), id)
  // The same request again (a retried tap, a lost answer): answered as the first time.
  const retried = !!earlier && !!ctx.requestId && earlier.requestId === ctx.requestId
  return { id: input.id, already: !retried, group: earlier?.group ?? group }
})

// ---- registration and satisfaction (participation: counters on the activity, no timeline event) ----

export async function register(ctx: Ctx, input: { id: Id }): Promise<{ id: Id; registered: true } | DomainError> {
  const rid = signInId(input.id, ctx.caller.personId)
  return mutate(ctx, async (t) => {
    const activity = await getActivity(t, input.id)
    const d = decideActivity('register', activity, input, ctx.caller.actor, ctx.now, { alreadyRegistered: !!(await getRegistration(t, rid)) })
    if (isDomainError(d)) return d
    await Promise.all([putActivity(t, d.next), addRegistration(t, { _id: rid, activityId: input.id, personId: ctx.caller.personId, at: ctx.now })])
    return { written: { id: input.id, registered: true as const } }
  })
}

export async function answerSatisfaction(ctx: Ctx, input: ActivityInputs['answerSatisfaction']): Promise<{ id: Id } | DomainError> {
  const sid = signInId(input.id, ctx.caller.personId)
  return mutate(ctx, async (t) => {
    const [activity, mine] = await Promise.all([getActivity(t, input.id), getSignIn(t, sid)])
    const d = decideActivity('answerSatisfaction', activity, input, ctx.caller.actor, ctx.now, { signedIn: !!mine, alreadyAnswered: !!mine?.satisfaction })
    if (isDomainError(d)) return d
    await Promise.all([putActivity(t, d.next), putSignIn(t, { ...mine!, satisfaction: input.value })])
    return { written: { id: input.id } }
  })
}

// ---- suggestions raised at an activity: items in the loop, through the submit decider ----

export async function raise(ctx: Ctx, input: ActivityInputs['raise']): Promise<{ id: Id; suggestionId: Id; takeoverCode?: string } | DomainError> {
  const actor = ctx.caller.actor
  const activity = await getActivity(db(), input.id)
  const signedIn = !!(await getSignIn(db(), signInId(input.id, ctx.caller.personId)))
  const refused = gate('raise', activity, actor, { signedIn })
  if (refused) return refused
  const a = activity!
  const villageId = input.villageId ?? a.villageId
  if (!villageId) return domainError('INVALID_INPUT', MESSAGES.villageMissing, 'villageId')
  const village = (await orgCache([villageId])).villages.get(villageId)
  if (!village) return domainError('INVALID_INPUT', MESSAGES.villageMissing, 'villageId')
  const [verdict, name] = await Promise.all([checkText(ctx.caller.openid, 3, `${input.title}\n${input.content}`), checked(ctx, 'raise', input)])
  if (verdict === 'risky') return domainError('CONTENT_REJECTED', undefined, 'content')
  if (name) return name
  const suggestionId = newId(ctx.now)
  const takeoverCode = input.onBehalfOf ? newTakeoverCode(TAKEOVER_CODE_ALPHABET) : undefined
  return mutate(ctx, async (t) => {
    const current = await getActivity(t, input.id)
    const again = gate('raise', current, actor, { signedIn })
    if (again) return again
    const d = decideSubmit({
      category: input.category, townId: a.townId, villageId, title: input.title, content: input.content, images: [], anonymous: false,
      channel: 'consultationActivity', ...(input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {}),
    }, actor, ctx.now, {
      newId: suggestionId, village, contentReview: verdict === 'review',
      activity: { id: a._id, origin: 'raisedAtActivity', participant: signedIn && !input.onBehalfOf },
      // Recorded for a resident: the card's code with which they take the item over later, as at a liaison station.
      ...(takeoverCode ? { takeoverCode } : {}),
    })
    if (isDomainError(d)) return d
    const linked = raiseEvent(current!, suggestionId, actor, ctx.now, input.onBehalfOf?.name)
    // The day's submissions counter, read and written in this transaction (the same window as submit's).
    const [stored] = await Promise.all([
      readWindow(t, 'submit', ctx.caller.personId),
      writeDecision(t, d),
      putActivity(t, linked.next),
      addActivityEvent(t, { _id: newId(ctx.now), ...linked.event }),
    ])
    const window = nextWindow(stored, 'submit', ctx.caller.personId, ctx.now, ctx.cfg.submitsPerDay)
    if (!window) return domainError('RATE_LIMITED', MESSAGES.submitsPerDay(ctx.cfg.submitsPerDay))
    await writeWindow(t, window)
    return { written: takeoverCode ? { id: a._id, suggestionId, takeoverCode } : { id: a._id, suggestionId }, alongside: itemCounters([[null, d.next]]) }
  })
}

// ---- conclusion: minutes, photos, and each promise made on site as a handed-off item ----

function sumDeltas(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const d of list) for (const [k, v] of Object.entries(d)) out[k] = (out[k] ?? 0) + v
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== 0))
}

export async function conclude(ctx: Ctx, input: ActivityInputs['conclude']): Promise<(Answer & { agreedItemIds: Id[] }) | DomainError> {
  const actor = ctx.caller.actor
  const [before, rejected] = await Promise.all([getActivity(db(), input.id), checked(ctx, 'conclude', input)])
  const refused = gate('conclude', before, actor, {})
  if (refused) return refused
  if (rejected) return rejected
  const a = before!
  // Each agreed item: its village (the activity's unless given), its target's name, a new id.
  const prepared: { village: Village; targetName: string; id: Id }[] = []
  for (const [i, item] of input.agreedItems.entries()) {
    const villageId = item.villageId ?? a.villageId
    const village = villageId ? (await orgCache([villageId])).villages.get(villageId) : undefined
    if (!village || village.townId !== a.townId) return domainError('INVALID_INPUT', MESSAGES.villageMissing, `agreedItems.${i}.villageId`)
    if (item.deadline <= ctx.now) return domainError('INVALID_INPUT', MESSAGES.deadlineNotLater, `agreedItems.${i}.deadline`)
    const targetName = await targetNameOf(item.target)
    if (targetName === undefined) return domainError('NOT_FOUND', MESSAGES.handOffTargetMissing, `agreedItems.${i}.target`)
    prepared.push({ village, targetName, id: newId(ctx.now) })
  }
  const signedInCounts = await liveSignIns(a._id)
  return mutate(ctx, async (t) => {
    const activity = await getActivity(t, input.id)
    const agreed: AgreedItem[] = []
    const made: { item: Suggestion; events: NewEvent[]; notifications: OutboxRow[] }[] = []
    for (const [i, item] of input.agreedItems.entries()) {
      const p = prepared[i]
      // The loop's own deciders, in the order staff would take them: recorded → accepted → handed off.
      const submitted = decideSubmit({
        category: item.category, townId: a.townId, villageId: p.village._id, title: item.title,
        content: item.content ?? AM.agreedItemContent(a.topic, p.targetName), images: [], anonymous: false, channel: 'consultationActivity',
      }, actor, ctx.now, { newId: p.id, village: p.village, activity: { id: a._id, origin: 'agreedAtActivity', participant: false } })
      if (isDomainError(submitted)) return { ...submitted, field: submitted.field ? `agreedItems.${i}.${submitted.field}` : undefined } as DomainError
      const accepted = decide('accept', submitted.next, { id: p.id }, actor, ctx.now, ctx.cfg, { village: p.village })
      if (isDomainError(accepted)) return accepted
      const handed = decide('handOff', accepted.next, { id: p.id, target: item.target, deadline: item.deadline, ...(item.note ? { note: item.note } : {}) }, actor, ctx.now, ctx.cfg, { targetName: p.targetName })
      if (isDomainError(handed)) return handed
      made.push({ item: handed.next, events: [submitted.event, accepted.event, handed.event], notifications: [...submitted.notifications, ...accepted.notifications, ...handed.notifications] })
      agreed.push({ suggestionId: p.id, title: item.title, target: item.target, targetName: p.targetName, deadline: item.deadline })
    }
    const d = decideActivity('conclude', activity, input, actor, ctx.now, { signedInCounts, agreedItems: agreed })
    if (isDomainError(d)) return d
    // Event ids are time-ordered; the three events of one item are written in their order.
    const writes: Promise<unknown>[] = [writeActivity(t, d), writeRollupDelta(t, made.map((m) => [null, m.item]), ctx.now)]
    for (const m of made) {
      writes.push(putSuggestion(t, m.item), addOutboxRows(t, m.notifications))
      for (const e of m.events) writes.push(addEvent(t, { _id: newId(e.at), ...e }))
    }
    await Promise.all(writes)
    const deltas = sumDeltas(made.map((m) => tabDeltas(null, m.item)))
    return { written: { id: a._id, status: d.next.status, agreedItemIds: agreed.map((x) => x.suggestionId) }, alongside: tabCounts(a.townId, deltas) }
  })
}

// ---- topics answered together after the activity ----

/** The loop's commands that bring a topic item to its answer, from where it stands: accept, hand off, then reply. */
function answerSteps(item: Suggestion, departmentId: Id | undefined): ('accept' | 'handOff' | 'recordReply' | 'reply')[] {
  const steps: ('accept' | 'handOff' | 'recordReply' | 'reply')[] = []
  if (item.status === 'submitted') steps.push('accept')
  if (item.status === 'submitted' || item.status === 'accepted') steps.push('handOff')
  // Handed to a department (now or before): staff record the department's answer; handed to a member, only they reply.
  const toDepartment = steps.includes('handOff') ? departmentId !== undefined : item.handOff?.target.kind === 'department'
  steps.push(toDepartment ? 'recordReply' : 'reply')
  return steps
}

/**
 * Staff answer the activity's topic items together. Each item goes through the loop's own commands (runItemCommand: the
 * same permission check, content check, events and notifications — the author is told by the reply), one transaction
 * per command, under a request id derived from this one, so a retried batch answers each step as it did the first time.
 * One item's refusal does not stop the others; each has its own result. The activity's timeline records the batch.
 */
export async function answerTopics(ctx: Ctx, input: ActivityInputs['answerTopics']): Promise<{ id: Id; results: TopicAnswerResult[] } | DomainError> {
  const actor = ctx.caller.actor
  const activity = await getActivity(db(), input.id)
  const refused = gate('answerTopics', activity, actor, {})
  if (refused) return refused
  const a = activity!
  const items = new Map((await getSuggestionsByIds(db(), input.answers.map((x) => x.suggestionId))).map((s) => [s._id, s]))
  const answerOne = async (answer: ActivityInputs['answerTopics']['answers'][number], i: number): Promise<TopicAnswerResult> => {
    const commands: string[] = []
    const refuse = (e: DomainError): TopicAnswerResult => {
      const r: TopicAnswerResult = { suggestionId: answer.suggestionId, ok: false, code: e.code, commands }
      if (e.message) r.message = e.message
      if (e.field) r.field = e.field
      return r
    }
    const item = items.get(answer.suggestionId)
    if (!a.topicSuggestionIds.includes(answer.suggestionId) || !item) return refuse(domainError('INVALID_INPUT', AM.topicNotLinked, `answers.${i}.suggestionId`))
    const departmentId = answer.departmentId ?? a.invitedDepartmentIds[0]
    const steps = answerSteps(item, departmentId)
    if (steps.includes('handOff') && !departmentId) return refuse(domainError('INVALID_INPUT', AM.noDepartmentToAnswer, `answers.${i}.departmentId`))
    let status: Suggestion['status'] = item.status
    for (const command of steps) {
      const stepInput: Record<string, unknown> & { id: Id } =
        command === 'accept' ? { id: item._id }
          : command === 'handOff' ? { id: item._id, target: { kind: 'department', departmentId }, deadline: new Date(Date.parse(ctx.now) + 7 * 86400_000).toISOString(), note: AM.topicHandOffNote(a.topic) }
            : { id: item._id, text: answer.text, outcome: answer.outcome }
      const stepCtx: Ctx = { ...ctx, action: `answerTopics.${command}`, requestId: `${ctx.requestId}.${i}.${command}`, requestKey: undefined, early: undefined }
      const done = await runItemCommand(stepCtx, command, stepInput)
      if (isDomainError(done)) return refuse(done.field ? { ...done, field: `answers.${i}.${done.field === 'id' ? 'suggestionId' : done.field}` } : done)
      commands.push(command)
      status = done.status as Suggestion['status']
    }
    return { suggestionId: answer.suggestionId, ok: true, status, commands }
  }
  // A few items at a time: each is a handful of transactions, and the function runs one invocation at a time.
  const results: TopicAnswerResult[] = []
  for (let i = 0; i < input.answers.length; i += 4) {
    results.push(...(await Promise.all(input.answers.slice(i, i + 4).map((answer, k) => answerOne(answer, i + k)))))
  }
  return mutate(ctx, async (t) => {
    const d = decideActivity('answerTopics', await getActivity(t, input.id), input, actor, ctx.now, { topicResults: results })
    if (isDomainError(d)) return d
    await writeActivity(t, d)
    return { written: { id: a._id, results } }
  })
}

// ---- third-party evaluation ----

export async function evaluate(ctx: Ctx, input: ActivityInputs['evaluate']): Promise<Answer | DomainError> {
  const [criteria, rejected] = await Promise.all([getList(db(), 'criteria'), checked(ctx, 'evaluate', input)])
  const eid = signInId(input.id, ctx.caller.personId)
  return mutate(ctx, async (t) => {
    const activity = await getActivity(t, input.id)
    const d = decideActivity('evaluate', activity, input, ctx.caller.actor, ctx.now, { criteria, alreadyEvaluated: !!(await getEvaluation(t, eid)) })
    if (isDomainError(d)) return d
    if (rejected) return rejected
    await Promise.all([
      writeActivity(t, d),
      addEvaluation(t, {
        _id: eid, activityId: input.id, evaluatorId: ctx.caller.personId, at: ctx.now, kind: activity!.kind, townId: activity!.townId, startAt: activity!.startAt,
        scores: input.scores.map((s) => (s.note ? { criterionId: s.criterionId, score: s.score, note: s.note } : { criterionId: s.criterionId, score: s.score })),
      }),
    ])
    return { written: { id: d.next._id, status: d.next.status } }
  })
}

// ---- the admin's lists: activity kinds, evaluation criteria ----

export async function upsertListEntry(ctx: Ctx, input: { list: ListName; id?: Id; name: string; order?: number; retired?: boolean }): Promise<{ id: Id } | DomainError> {
  if (!canKeepActivityLists(ctx.caller.actor)) return domainError('FORBIDDEN', AM.onlyAdminLists)
  return mutate(ctx, async (t) => {
    const entries: ListEntry[] = [...(await getList(t, input.list))]
    const at = input.id ? entries.findIndex((e) => e.id === input.id) : -1
    if (input.id && at < 0) return domainError('NOT_FOUND', undefined, 'id')
    if (entries.some((e, i) => i !== at && e.name === input.name)) return domainError('CONFLICT', AM.duplicateEntry, 'name')
    const id = input.id ?? newId(ctx.now)
    const entry: ListEntry = { id, name: input.name, order: input.order ?? (at >= 0 ? entries[at].order : entries.length + 1) }
    if (input.retired) entry.retired = true
    if (at >= 0) entries[at] = entry
    else entries.push(entry)
    await putList(t, input.list, entries.sort((x, y) => x.order - y.order))
    return { written: { id } }
  })
}
