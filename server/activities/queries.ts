// The activity queries: lists paged by cursor over declared indexes, the detail with its outcomes and timeline, the
// sign-in page's state, the mini-program code, candidate topics, and the figures by indexed aggregation.
import type { Id, Suggestion } from '../../src/domain/types'
import type { Page } from '../../src/domain/api'
import { domainError, type DomainError } from '../../src/domain/commands'
import { STATUS_FAMILIES } from '../../src/domain/api'
import { hasRole, isStaffFor } from '../../src/domain/permissions'
import type { ActivitiesActions, ActivityCard, ActivityDetail, SignInState } from '../../src/domain/activities/api'
import { SIGN_IN_PAGE, sceneOf } from '../../src/domain/activities/api'
import { HELD_STATUSES } from '../../src/domain/activities/lifecycle'
import { ACTIVITY_MESSAGES as AM, ORGANISER_LABELS } from '../../src/domain/activities/labels'
import {
  allowedActivityActions, canReadActivityFigures, canSeeActivity, seesActivityPeople,
} from '../../src/domain/activities/permissions'
import {
  foldActivityFigures, participantTimesOf, yearParagraph, type ActivityRow, type OutcomeRow, type ScoreRow,
} from '../../src/domain/activities/figures'
import { candidateTopics } from '../../src/domain/activities/topics'
import { toActivityCard, toActivityItem } from '../../src/domain/activities/views'
import { signInId, type Activity } from '../../src/domain/activities/types'
import { countedOutcome } from '../../src/domain/ledger'
import { HIDDEN_PERSON } from '../../src/domain/labels'
import { isPrivatePerson } from '../../src/domain/views'
import { db, type Doc } from '../db'
import { directoryFor, orgCache } from '../directory'
import type { Ctx } from '../handler'
import { MAX_READ, aggregateAll, page, mergedPage, readAll, type PageQuery } from '../repositories/paging'
import { SUGGESTIONS, fromDoc, getSuggestionsByIds } from '../repositories/suggestions'
import { liveSignIns } from './commands'
import {
  ACTIVITIES, EVALUATIONS, REGISTRATIONS, SIGN_INS, activityFromDoc, activityTimeline, getActivity, getEvaluation, getList,
  getRegistration, getSignIn,
} from './repositories'
import { signInCode as wxacode } from './wxacode'

type Family = ActivitiesActions['list']['in']['family']

async function cardsOf(docs: Doc[]): Promise<ActivityCard[]> {
  const [dir, kinds] = await Promise.all([directoryFor([]), getList(db(), 'kinds')])
  return docs.map((d) => toActivityCard(activityFromDoc(d), dir, kinds))
}

// ---- lists ----

export async function list(ctx: Ctx, input: { family: Family; townId?: Id; cursor?: string | null }): Promise<Page<ActivityCard> | DomainError> {
  const actor = ctx.caller.actor
  const size = ctx.cfg.pageSize
  const q = (where: Doc): PageQuery => ({ collection: ACTIVITIES, where, sortKey: 'startKey', dir: -1 })
  let qs: PageQuery[]
  if (input.family === 'planning') {
    // Drafts are the organisers' own: staff see their towns' drafts.
    if (!isStaffFor(actor, input.townId ?? null)) return domainError('FORBIDDEN')
    const scope = hasRole(actor, 'admin') ? 'all' : actor.staffScope ?? 'all'
    const towns = input.townId ? [input.townId] : scope === 'all' ? null : scope
    qs = towns ? towns.map((townId) => q({ family: 'planning', townId })) : [q({ family: 'planning' })]
  } else {
    qs = [q(input.townId ? { family: input.family, townId: input.townId } : { family: input.family })]
  }
  const res = await mergedPage(db(), qs, input.cursor, size)
  return { items: await cardsOf(res.docs), nextCursor: res.nextCursor }
}

/** Every document of a cursor-paged query, 1,000 a read, newest first. */
async function allOf(q: PageQuery): Promise<Doc[]> {
  const out: Doc[] = []
  for (let cursor: string | null = null; ;) {
    const p = await page(db(), q, cursor, MAX_READ)
    out.push(...p.docs)
    if (!(cursor = p.nextCursor)) return out
  }
}

/** Activities by id, 1,000 ids a read. */
async function activitiesByIds(ids: Id[]): Promise<Doc[]> {
  const out: Doc[] = []
  for (let i = 0; i < ids.length; i += MAX_READ) {
    const slice = ids.slice(i, i + MAX_READ)
    out.push(...((await db().collection(ACTIVITIES).where({ _id: db().command.in(slice) }).limit(slice.length).get()).data as Doc[]))
  }
  return out
}

/** 我的活动: invited to (members), registered for, signed in at — all of them, newest first. */
export async function mine(ctx: Ctx): Promise<ActivitiesActions['mine']['out']> {
  const me = ctx.caller.personId
  const [invited, regs, signs] = await Promise.all([
    hasRole(ctx.caller.actor, 'member') ? allOf({ collection: ACTIVITIES, where: { invitedMemberIds: me }, sortKey: 'startKey', dir: -1 }) : Promise.resolve([] as Doc[]),
    allOf({ collection: REGISTRATIONS, where: { personId: me }, sortKey: '_id', dir: -1 }),
    allOf({ collection: SIGN_INS, where: { personId: me }, sortKey: '_id', dir: -1 }),
  ])
  const ids = [...new Set([...regs.map((r) => r.activityId as Id), ...signs.map((x) => x.activityId as Id)])]
  const byId = new Map((await activitiesByIds(ids)).map((d) => [d._id as Id, d]))
  // Newest activity first, whatever order the person registered or signed in.
  const newest = (a: Doc, b: Doc) => (a.startKey < b.startKey ? 1 : a.startKey > b.startKey ? -1 : 0)
  const pick = (list: Doc[]) => list.map((r) => byId.get(r.activityId)).filter((d): d is Doc => !!d && d.status !== 'draft').sort(newest)
  const [invitedCards, registered, attended] = await Promise.all([
    cardsOf(invited.filter((d) => d.status !== 'draft')), cardsOf(pick(regs)), cardsOf(pick(signs)),
  ])
  return { invited: invitedCards, registered, attended }
}

// ---- one activity ----

/** Every item that came out of the activity (raised there, agreed there), 1,000 a read. */
async function itemsOf(activityId: Id): Promise<Suggestion[]> {
  return (await readAll(db(), SUGGESTIONS, { activityId })).map(fromDoc)
}

/** The average of every score the activity was given, over all criteria. */
function overallScore(a: Activity): number | null {
  let sum = 0
  let n = 0
  for (const s of Object.values(a.scores)) { sum += s.sum; n += s.n }
  return n ? Math.round((sum / n) * 100) / 100 : null
}

export async function detail(ctx: Ctx, input: { id: Id }): Promise<ActivityDetail | DomainError> {
  const actor = ctx.caller.actor
  const a = await getActivity(db(), input.id)
  if (!a || !canSeeActivity(actor, a)) return domainError('NOT_FOUND', AM.activityMissing, 'id')
  const me = ctx.caller.personId
  const key = signInId(a._id, me)
  const [events, items, topics, mySignIn, myRegistration, myEvaluation, kinds, criteria, live] = await Promise.all([
    activityTimeline(db(), a._id), itemsOf(a._id), getSuggestionsByIds(db(), a.topicSuggestionIds),
    getSignIn(db(), key), getRegistration(db(), key), getEvaluation(db(), key), getList(db(), 'kinds'), getList(db(), 'criteria'),
    a.status === 'held' ? liveSignIns(a._id) : Promise.resolve(a.signedIn ?? { members: 0, citizens: 0, departments: 0 }),
  ])
  const dir = await directoryFor([...a.invitedMemberIds, ...events.map((e) => e.actorId)], [...a.invitedDepartmentIds])
  const staff = seesActivityPeople(actor, a)
  const pt = participantTimesOf({ signedIn: live, walkIns: a.walkIns })
  const total = pt.members + pt.citizens + pt.departments
  const organiserName = a.organiser.kind === 'town' && a.organiser.id ? dir.townName(a.organiser.id)
    : a.organiser.kind === 'sectorGroup' && a.organiser.id ? dir.sectorGroupName(a.organiser.id) ?? '' : ORGANISER_LABELS.office
  const bySuggestion = new Map(items.map((s) => [s._id, s]))
  const view: ActivityDetail = {
    ...toActivityCard(a, dir, kinds, { total }),
    description: a.description,
    organiser: { ...a.organiser, name: organiserName || ORGANISER_LABELS[a.organiser.kind] },
    invitedMembers: a.invitedMemberIds.map((id) => ({ id, name: dir.person(id)?.name ?? '' })),
    invitedDepartments: a.invitedDepartmentIds.map((id) => ({ id, name: dir.departmentName(id) ?? '' })),
    registration: a.registration,
    registered: !!myRegistration, signedIn: !!mySignIn, satisfactionAnswered: !!mySignIn?.satisfaction,
    signIns: live,
    walkIns: staff ? { ...a.walkIns } : { members: a.walkIns.members, citizens: a.walkIns.citizens, departments: a.walkIns.departments },
    participants: { ...pt, total },
    agreedItems: a.agreedItems.map((g) => {
      const s = bySuggestion.get(g.suggestionId)
      const base = s ? toActivityItem(s, dir, ctx.now) : { id: g.suggestionId, title: g.title, status: 'assigned' as const, overdue: false, villageName: '' }
      return { ...base, deadline: g.deadline, targetName: g.targetName, target: g.target }
    }),
    raised: items.filter((s) => s.origin === 'raisedAtActivity' && (s.status !== 'pendingReview' || staff || s.authorId === me)).map((s) => toActivityItem(s, dir, ctx.now)),
    topics: topics.map((s) => toActivityItem(s, dir, ctx.now)),
    evaluation: {
      count: a.evaluationCount, mine: !!myEvaluation, overall: overallScore(a),
      byCriterion: criteria.filter((c) => !c.retired || a.scores[c.id]).map((c) => {
        const s = a.scores[c.id]
        return { criterionId: c.id, name: c.name, average: s && s.n ? Math.round((s.sum / s.n) * 100) / 100 : null }
      }),
    },
    satisfaction: a.satisfaction,
    // A citizen's name is shown to staff only, as everywhere; so is the person a suggestion was recorded for.
    timeline: events.map((e) => {
      const person = e.actorId === 'system' ? undefined : dir.person(e.actorId)
      const actorName = !person ? (e.actorId === 'system' ? HIDDEN_PERSON.system : HIDDEN_PERSON.citizen) : staff || !isPrivatePerson(person) ? person.name : HIDDEN_PERSON.citizen
      const { recordedFor: _r, ...open } = e.payload
      return { id: e._id, command: e.command, actorRole: e.actorRole, from: e.from, to: e.to, at: e.at, payload: staff ? e.payload : open, actorName }
    }),
    actions: allowedActivityActions(actor, a, { signedIn: !!mySignIn }),
    signInPath: `${SIGN_IN_PAGE}?scene=${encodeURIComponent(sceneOf(a._id))}`,
  }
  if (a.conclusion) view.conclusion = { minutes: a.conclusion.minutes, photos: a.conclusion.photos, at: a.conclusion.at }
  return view
}

export async function signInState(ctx: Ctx, input: { id: Id }): Promise<SignInState | DomainError> {
  const a = await getActivity(db(), input.id)
  if (!a || !canSeeActivity(ctx.caller.actor, a)) return domainError('NOT_FOUND', AM.activityMissing, 'id')
  const [mine, dir, live] = await Promise.all([
    getSignIn(db(), signInId(a._id, ctx.caller.personId)), directoryFor([]),
    a.status === 'held' ? liveSignIns(a._id) : Promise.resolve(a.signedIn ?? { members: 0, citizens: 0, departments: 0 }),
  ])
  const pt = participantTimesOf({ signedIn: live, walkIns: a.walkIns })
  const state: SignInState = {
    id: a._id, topic: a.topic, status: a.status, startAt: a.startAt, venue: a.venue, townId: a.townId, townName: dir.townName(a.townId),
    signedIn: !!mine, satisfactionAnswered: !!mine?.satisfaction, total: pt.members + pt.citizens + pt.departments,
    canRaise: !!mine && (a.status === 'held' || a.status === 'concluded'),
  }
  if (a.villageId) state.villageId = a.villageId
  return state
}

export async function signInCode(ctx: Ctx, input: { id: Id }): Promise<ActivitiesActions['signInCode']['out'] | DomainError> {
  const a = await getActivity(db(), input.id)
  if (!a || !canSeeActivity(ctx.caller.actor, a)) return domainError('NOT_FOUND', AM.activityMissing, 'id')
  if (!isStaffFor(ctx.caller.actor, a.townId)) return domainError('FORBIDDEN')
  return wxacode(a._id)
}

// ---- candidate topics ----

/** How many open items per tab the candidate topics look at, newest first. */
const CANDIDATE_WINDOW = 3000

export async function candidates(ctx: Ctx, input: { townId?: Id }): Promise<ActivitiesActions['candidates']['out'] | DomainError> {
  const actor = ctx.caller.actor
  if (!isStaffFor(actor, input.townId ?? null)) return domainError('FORBIDDEN')
  // The open items still to be taken up (to triage, or accepted and not yet handed off): every one, newest first, in pages
  // of 1,000 up to a window of CANDIDATE_WINDOW per tab (grouping compares items pairwise within a category).
  const tabs = ['submitted', 'accepted']
  const where = (tab: string) => (input.townId ? { tab, townId: input.townId } : { tab })
  const pages = await Promise.all(tabs.map(async (tab) => {
    const out: Doc[] = []
    for (let cursor: string | null = null; out.length < CANDIDATE_WINDOW;) {
      const p = await page(db(), { collection: SUGGESTIONS, where: where(tab), sortKey: '_id', dir: -1 }, cursor, Math.min(MAX_READ, CANDIDATE_WINDOW - out.length))
      out.push(...p.docs)
      if (!(cursor = p.nextCursor)) break
    }
    return out
  }))
  let open = pages.flatMap((p) => p.map(fromDoc))
  const scope = actor.staffScope
  if (!hasRole(actor, 'admin') && scope && scope !== 'all') open = open.filter((s) => scope.includes(s.townId))
  const topics = candidateTopics(open)
  const dir = await directoryFor([])
  const byId = new Map(open.map((s) => [s._id, s]))
  return {
    topics: topics.map((t) => ({
      ...t,
      items: t.itemIds.map((id) => byId.get(id)!).map((s) => ({ id: s._id, title: s.title, villageName: dir.villageName(s.villageId), townName: dir.townName(s.townId) })),
    })),
  }
}

// ---- the figures, by indexed aggregation ----

export async function figures(ctx: Ctx, input: { from?: string; to?: string; townId?: Id }): Promise<ActivitiesActions['figures']['out'] | DomainError> {
  const actor = ctx.caller.actor
  if (!canReadActivityFigures(actor, input.townId ?? null)) return domainError('FORBIDDEN')
  const _ = db().command
  const $ = _.aggregate
  const range = (field: string, m: Doc) => {
    if (input.from && input.to) m[field] = _.gte(input.from).and(_.lt(input.to))
    else if (input.from) m[field] = _.gte(input.from)
    else if (input.to) m[field] = _.lt(input.to)
    // No period: every time (ISO times start with a digit), still a range the period indexes answer.
    else m[field] = _.gte('0')
    return m
  }
  const town = input.townId ? { townId: input.townId } : {}
  // Each aggregation sorted on its whole group key and read 1,000 rows at a time (CloudBase answers 20 unless told).
  const [acts, outs, scores, totals, kinds, criteria, org] = await Promise.all([
    aggregateAll(() => db().collection(ACTIVITIES).aggregate()
      .match(range('startAt', { status: _.in([...HELD_STATUSES]), ...town }))
      .group({
        _id: { kind: '$kind', townId: '$townId' }, n: $.sum(1),
        members: $.sum($.add(['$signedIn.members', '$walkIns.members'])),
        citizens: $.sum($.add(['$signedIn.citizens', '$walkIns.citizens'])),
        departments: $.sum($.add(['$signedIn.departments', '$walkIns.departments'])),
        raised: $.sum('$raisedCount'),
        satisfied: $.sum('$satisfaction.satisfied'), basicallySatisfied: $.sum('$satisfaction.basicallySatisfied'), dissatisfied: $.sum('$satisfaction.dissatisfied'),
      }), { '_id.kind': 1, '_id.townId': 1 }),
    aggregateAll(() => db().collection(SUGGESTIONS).aggregate()
      .match(range('createdAt', { origin: _.in(['raisedAtActivity', 'agreedAtActivity']), ...town }))
      .group({
        _id: {
          origin: '$origin', status: '$status', outcome: '$reply.outcome', townId: '$townId',
          // Read together with the status and outcome below: in time counts for answered items, overdue for open ones.
          onTime: $.lte(['$reply.at', '$handOff.deadline']),
          overdue: $.lt(['$handOff.deadline', ctx.now]),
        },
        n: $.sum(1),
      }), { '_id.origin': 1, '_id.status': 1, '_id.outcome': 1, '_id.townId': 1, '_id.onTime': 1, '_id.overdue': 1 }),
    aggregateAll(() => db().collection(EVALUATIONS).aggregate()
      .match(range('startAt', { ...town }))
      .unwind('$scores')
      .group({ _id: { criterionId: '$scores.criterionId', kind: '$kind', townId: '$townId' }, sum: $.sum('$scores.score'), n: $.sum(1) }),
    { '_id.criterionId': 1, '_id.kind': 1, '_id.townId': 1 }),
    aggregateAll(() => db().collection(SUGGESTIONS).aggregate()
      .match(range('createdAt', { family: _.in([...STATUS_FAMILIES]), ...town }))
      .group({ _id: { status: '$status', outcome: '$reply.outcome', townId: '$townId' }, n: $.sum(1) }),
    { '_id.status': 1, '_id.outcome': 1, '_id.townId': 1 }),
    getList(db(), 'kinds'), getList(db(), 'criteria'), orgCache(),
  ])
  const rows: ActivityRow[] = acts.map((r) => ({ kind: r._id.kind, townId: r._id.townId, n: r.n, members: r.members, citizens: r.citizens, departments: r.departments, raised: r.raised, satisfied: r.satisfied, basicallySatisfied: r.basicallySatisfied, dissatisfied: r.dissatisfied }))
  const outcomes: OutcomeRow[] = outs.map((r) => {
    const outcome = countedOutcome({ status: r._id.status, reply: r._id.outcome ? { outcome: r._id.outcome } as never : undefined })
    const open = r._id.status === 'assigned' || r._id.status === 'claimed'
    return { origin: r._id.origin, status: r._id.status, townId: r._id.townId, n: r.n, outcome, onTime: !!outcome && r._id.onTime === true, overdue: open && r._id.overdue === true }
  })
  const scoreRows: ScoreRow[] = scores.map((r) => ({ criterionId: r._id.criterionId, kind: r._id.kind, townId: r._id.townId, sum: r.sum, n: r.n }))
  // Staff of listed towns read their towns only.
  const scope = actor.staffScope
  const limited = !hasRole(actor, 'admin') && hasRole(actor, 'staff') && scope && scope !== 'all' && !input.townId
  const keep = <T extends { townId: Id }>(list: T[]) => (limited ? list.filter((r) => (scope as Id[]).includes(r.townId)) : list)
  let total = 0
  let adopted = 0
  for (const r of keep(totals.map((d) => ({ n: d.n as number, _id: d._id as Doc, townId: d._id.townId as Id })))) {
    total += r.n
    const outcome = countedOutcome({ status: r._id.status, reply: r._id.outcome ? { outcome: r._id.outcome } as never : undefined })
    if (outcome === 'adopted' || outcome === 'partlyAdopted') adopted += r.n
  }
  const f = foldActivityFigures(keep(rows), keep(outcomes), keep(scoreRows), { total, adopted }, {
    kinds, criteria, towns: [...org.towns.values()].map((t) => ({ id: t._id, name: t.name })),
  })
  return { ...f, paragraph: yearParagraph(f) }
}

export async function lists(): Promise<{ kinds: Awaited<ReturnType<typeof getList>>; criteria: Awaited<ReturnType<typeof getList>> }> {
  const [kinds, criteria] = await Promise.all([getList(db(), 'kinds'), getList(db(), 'criteria')])
  return { kinds, criteria }
}
