// The suggestion queries: lists paged by cursor over declared indexes, the detail with its timeline, similar items.
import { MESSAGES } from '../src/domain/labels'
import type { Category, Comment, Id, Suggestion, TimelineEvent } from '../src/domain/types'
import type {
  CommentView, EventView, MemberQueueTab, Page, PublicCard, RecordedCard, StatusFamily, SuggestionCard, SuggestionDetail, TriageTab, VillageSummary,
} from '../src/domain/api'
import { MEMBER_QUEUE_TABS, STATUS_FAMILIES } from '../src/domain/api'
import { domainError, isDomainError, type DomainError } from '../src/domain/commands'
import { canSeeVillageItems, canView, hasRole, isStaffFor, wasPublished, type ActorContext } from '../src/domain/permissions'
import { rankSimilar } from '../src/domain/similarity'
import { toCard, toCommentView, toDetail, toEventView, toPublicCard, toRecordedCard } from '../src/domain/views'
import { db, type Doc } from './db'
import { directoryFor, orgCache } from './directory'
import type { Ctx } from './handler'
import { commentsOf } from './repositories/comments'
import { readTabCounts } from './repositories/counters'
import { timelineOf } from './repositories/events'
import { FOLLOWS, isFollowing } from './repositories/follows'
import { count, filterOf, mergedPage, page, type PageQuery } from './repositories/paging'
import { hasSeconded } from './repositories/seconds'
import { SUGGESTIONS, fromDoc, getSuggestion, getSuggestionsByIds } from './repositories/suggestions'
import { activitiesTakingUp } from './activities/repositories'
import { canSeeActivity } from '../src/domain/activities/permissions'

const q = (where: Doc, sortKey: string, dir: 1 | -1, below?: string): PageQuery =>
  below ? { collection: SUGGESTIONS, where, sortKey, dir, below } : { collection: SUGGESTIONS, where, sortKey, dir }

async function cards(docs: Doc[], ctx: Ctx): Promise<SuggestionCard[]> {
  const dir = await directoryFor([])
  return docs.map((d) => toCard(fromDoc(d), dir, ctx.now))
}

/** How many events and comments a detail shows at first, and how many each older page brings. */
export const DETAIL_PAGE = 50

/** The item if this actor may see it; NOT_FOUND otherwise, exactly as for an id that does not exist. */
async function visibleItem(actor: ActorContext, id: Id): Promise<Suggestion | DomainError> {
  const item = await getSuggestion(db(), id)
  return item && canView(actor, item) ? item : domainError('NOT_FOUND', undefined, 'id')
}

function namesOf(item: Suggestion, events: TimelineEvent[], comments: Comment[]): Id[] {
  const ids: Id[] = [item.authorId, ...events.map((e) => e.actorId), ...comments.map((c) => c.authorId)]
  if (item.handlerId) ids.push(item.handlerId)
  if (item.suggestedHandlerId) ids.push(item.suggestedHandlerId)
  if (item.reply) ids.push(item.reply.byId)
  if (item.consultation) ids.push(...item.consultation.invitedMemberIds)
  if (item.handOff?.target.kind === 'member') ids.push(item.handOff.target.memberId)
  return ids
}

// ---- detail ----

export async function detail(ctx: Ctx, input: { id: Id }): Promise<SuggestionDetail | DomainError> {
  const actor = ctx.caller.actor
  const item = await visibleItem(actor, input.id)
  if (isDomainError(item)) return item
  // The newest of a busy item's history: the latest status change is always there; older pages on request.
  const [t, c, following, seconded, topicOf] = await Promise.all([
    timelineOf(db(), item._id, null, DETAIL_PAGE), commentsOf(db(), item._id, null, DETAIL_PAGE),
    ctx.caller.person ? isFollowing(db(), ctx.caller.personId, item._id) : false,
    ctx.caller.person ? hasSeconded(db(), ctx.caller.personId, item._id) : false,
    activitiesTakingUp(db(), item._id),
  ])
  const dir = await directoryFor(namesOf(item, t.events, c.comments))
  const view = toDetail(item, t.events, c.comments, actor, dir, ctx.now, {
    following, seconded, olderTimelineCursor: t.olderCursor, olderCommentsCursor: c.olderCursor,
  })
  const shown = topicOf.filter((a) => canSeeActivity(actor, a))
  if (shown.length) view.topicOf = shown.map((a) => ({ id: a._id, topic: a.topic, status: a.status, startAt: a.startAt }))
  return view
}

/** Older events of an item's timeline, back from a cursor the detail (or the previous page) gave. */
export async function timeline(ctx: Ctx, input: { id: Id; cursor: string }): Promise<Page<EventView> | DomainError> {
  const item = await visibleItem(ctx.caller.actor, input.id)
  if (isDomainError(item)) return item
  const t = await timelineOf(db(), item._id, input.cursor, DETAIL_PAGE)
  const dir = await directoryFor(namesOf(item, t.events, []))
  return { items: t.events.map((e) => toEventView(e, ctx.caller.actor, item, dir)), nextCursor: t.olderCursor }
}

/** Older comments of an item's thread, back from a cursor the detail (or the previous page) gave. */
export async function comments(ctx: Ctx, input: { id: Id; cursor: string }): Promise<Page<CommentView> | DomainError> {
  const item = await visibleItem(ctx.caller.actor, input.id)
  if (isDomainError(item)) return item
  const c = await commentsOf(db(), item._id, input.cursor, DETAIL_PAGE)
  const dir = await directoryFor(namesOf(item, [], c.comments))
  return { items: c.comments.map((x) => toCommentView(x, ctx.caller.actor, item, dir)), nextCursor: c.olderCursor }
}

// ---- my suggestions ----

export async function mine(ctx: Ctx, input: { family?: StatusFamily; cursor?: string | null }): Promise<(Page<SuggestionCard> & { counts: Record<StatusFamily, number> })> {
  const authorId = ctx.caller.personId
  const where: Doc = input.family ? { authorId, family: input.family } : { authorId }
  const [p, ...n] = await Promise.all([
    page(db(), q(where, '_id', -1), input.cursor, ctx.cfg.pageSize),
    ...STATUS_FAMILIES.map((family) => count(db(), SUGGESTIONS, { authorId, family })),
  ])
  const counts = Object.fromEntries(STATUS_FAMILIES.map((f, i) => [f, n[i]])) as Record<StatusFamily, number>
  return { items: await cards(p.docs, ctx), nextCursor: p.nextCursor, counts }
}

// ---- followed items ----

export async function following(ctx: Ctx, input: { cursor?: string | null }): Promise<Page<SuggestionCard>> {
  const p = await page(db(), { collection: FOLLOWS, where: { personId: ctx.caller.personId }, sortKey: 'key', dir: -1 }, input.cursor, ctx.cfg.pageSize)
  const items = await getSuggestionsByIds(db(), p.docs.map((d) => d.suggestionId as Id))
  const dir = await directoryFor([])
  return { items: items.filter((s) => canView(ctx.caller.actor, s)).map((s) => toCard(s, dir, ctx.now)), nextCursor: p.nextCursor }
}

// ---- recorded for residents ----

export async function recordedByMe(ctx: Ctx, input: { cursor?: string | null }): Promise<Page<RecordedCard>> {
  const p = await page(db(), q({ recordedById: ctx.caller.personId }, '_id', -1), input.cursor, ctx.cfg.pageSize)
  const dir = await directoryFor([])
  return { items: p.docs.map((d) => toRecordedCard(fromDoc(d), dir, ctx.now)), nextCursor: p.nextCursor }
}

/** Items recorded for the phone this person filled in 我的, still waiting to be taken over. */
export async function waitingForMe(ctx: Ctx): Promise<{ items: SuggestionCard[] }> {
  const phone = ctx.caller.person?.phone
  if (!phone) return { items: [] }
  const res = await db().collection(SUGGESTIONS).where({ 'pendingTakeover.phone': phone }).orderBy('_id', 'desc').limit(20).get()
  // An item that ended before its resident came can no longer be taken over.
  return { items: await cards((res.data as Doc[]).filter((d) => d.open), ctx) }
}

// ---- 我的村社区: the villages a member is bound to ----

/** A member sees what is public of their village; staff of its town see everything, as in canView. */
function villageWhere(actor: ActorContext, village: { id: Id; townId: Id }, open: boolean): Doc {
  const where: Doc = open ? { villageId: village.id, open: true } : { villageId: village.id }
  if (!isStaffFor(actor, village.townId)) where.publishedAt = db().command.exists(true)
  return where
}

export async function myVillages(ctx: Ctx): Promise<{ villages: VillageSummary[] } | DomainError> {
  const actor = ctx.caller.actor
  if (!hasRole(actor, 'member')) return domainError('FORBIDDEN', MESSAGES.onlyBoundMember)
  const org = await orgCache(actor.boundVillageIds)
  const villages = actor.boundVillageIds.map((id) => org.villages.get(id)).filter((v): v is NonNullable<typeof v> => !!v)
  const summaries = await Promise.all(villages.map(async (v) => {
    const at = { id: v._id, townId: v.townId }
    const [openCount, totalCount] = await Promise.all([count(db(), SUGGESTIONS, villageWhere(actor, at, true)), count(db(), SUGGESTIONS, villageWhere(actor, at, false))])
    return { id: v._id, name: v.name, townId: v.townId, townName: org.towns.get(v.townId)?.name ?? '', openCount, totalCount }
  }))
  return { villages: summaries }
}

export async function villageItems(ctx: Ctx, input: { villageId: Id; open?: boolean; cursor?: string | null }): Promise<Page<SuggestionCard> | DomainError> {
  const village = (await orgCache([input.villageId])).villages.get(input.villageId)
  if (!village) return domainError('NOT_FOUND', MESSAGES.villageMissing, 'villageId')
  const at = { id: village._id, townId: village.townId }
  if (!canSeeVillageItems(ctx.caller.actor, at)) return domainError('FORBIDDEN', MESSAGES.onlyBoundMember, 'villageId')
  const p = await page(db(), q(villageWhere(ctx.caller.actor, at, !!input.open), '_id', -1), input.cursor, ctx.cfg.pageSize)
  return { items: await cards(p.docs, ctx), nextCursor: p.nextCursor }
}

// ---- the public feed: answered items, anonymised ----

export async function feed(ctx: Ctx, input: { townId?: Id; cursor?: string | null }): Promise<Page<PublicCard>> {
  const where: Doc = input.townId ? { feed: true, townId: input.townId } : { feed: true }
  const p = await page(db(), q(where, 'replyKey', -1), input.cursor, ctx.cfg.pageSize)
  const dir = await directoryFor([])
  return { items: p.docs.map((d) => toPublicCard(fromDoc(d), dir, ctx.now)), nextCursor: p.nextCursor }
}

// ---- a member's queue ----

function memberQueries(actor: ActorContext, tab: MemberQueueTab, now: string): PageQuery[] {
  const me = `m:${actor.personId}`
  // Handed to me, to my sector groups (as a member), to my departments (as a department handler); once claimed, held by me.
  const groups = hasRole(actor, 'member') ? actor.sectorGroupIds.map((g) => `g:${g}`) : []
  const departments = hasRole(actor, 'departmentHandler') ? (actor.departmentIds ?? []).map((d) => `d:${d}`) : []
  const mineAndGroups = [me, ...groups, ...departments]
  switch (tab) {
    case 'toConsult': return hasRole(actor, 'member') ? [q({ 'consultation.invitedMemberIds': actor.personId, status: 'consulting' }, '_id', -1)] : []
    // Sorted by deadline, earliest first: whatever is overdue comes first.
    case 'toClaim': return mineAndGroups.map((k) => q({ holderKey: k, status: 'assigned' }, 'dueKey', 1))
    case 'inProgress': return [q({ holderKey: me, status: 'claimed' }, 'dueKey', 1)]
    case 'overdue': return mineAndGroups.map((k) => q({ holderKey: k, family: 'inProgress' }, 'dueKey', 1, now))
    case 'replied': return [q({ holderKey: me, status: 'replied' }, 'replyKey', -1)]
  }
}

export async function memberQueue(ctx: Ctx, input: { tab: MemberQueueTab; cursor?: string | null }): Promise<(Page<SuggestionCard> & { counts: Record<MemberQueueTab, number> }) | DomainError> {
  const actor = ctx.caller.actor
  if (!hasRole(actor, 'member') && !hasRole(actor, 'departmentHandler')) return domainError('FORBIDDEN', MESSAGES.onlyMembersQueue)
  const countOf = async (tab: MemberQueueTab) =>
    (await Promise.all(memberQueries(actor, tab, ctx.now).map((mq) => count(db(), SUGGESTIONS, filterOf(mq))))).reduce((a, b) => a + b, 0)
  const [p, ...n] = await Promise.all([
    mergedPage(db(), memberQueries(actor, input.tab, ctx.now), input.cursor, ctx.cfg.pageSize),
    ...MEMBER_QUEUE_TABS.map(countOf),
  ])
  const counts = Object.fromEntries(MEMBER_QUEUE_TABS.map((t, i) => [t, n[i]])) as Record<MemberQueueTab, number>
  return { items: await cards(p.docs, ctx), nextCursor: p.nextCursor, counts }
}

// ---- staff triage ----

function triageQueries(tab: TriageTab, townId: Id | undefined, category: Category | undefined, now: string, oldestFirst = false): PageQuery[] {
  const filters: Doc = {}
  if (townId) filters.townId = townId
  if (category) filters.category = category
  switch (tab) {
    // Handling items due before now, however long ago: a range on the deadline key of the triageDue indexes.
    case 'overdue': return [q({ tab: 'handling', ...filters }, 'dueKey', 1, now)]
    case 'handling': return [q({ tab, ...filters }, 'dueKey', 1)]
    case 'replied': return [q({ tab, ...filters }, 'replyKey', -1)]
    // Newest first, or (oldestFirst) the longest waiting first: ids are time-ordered, the same index walks both ways.
    default: return [q({ tab, ...filters }, '_id', oldestFirst ? 1 : -1)]
  }
}

export type TriageListInput = { tab: TriageTab; townId?: Id; category?: Category; oldestFirst?: boolean }

/**
 * The queries behind a staff member's triage list (one per town of a listed scope, merged by mergedPage), and the towns
 * they cover; null when the caller is not staff there. The item-list export walks the same queries (server/figures).
 */
export function triageList(actor: ActorContext, input: TriageListInput, now: string): { towns: Id[] | 'all'; queries: (tab: TriageTab) => PageQuery[] } | null {
  if (!isStaffFor(actor, input.townId ?? null)) return null
  const scope = hasRole(actor, 'admin') || actor.staffScope === 'all' || !actor.staffScope ? 'all' : actor.staffScope
  const towns: Id[] | 'all' = input.townId ? [input.townId] : scope
  const queries = (tab: TriageTab) => towns === 'all'
    ? triageQueries(tab, undefined, input.category, now, input.oldestFirst && tab === input.tab)
    : towns.flatMap((t) => triageQueries(tab, t, input.category, now, input.oldestFirst && tab === input.tab))
  return { towns, queries }
}

export async function triage(ctx: Ctx, input: { tab: TriageTab; townId?: Id; category?: Category; cursor?: string | null; oldestFirst?: boolean }): Promise<(Page<SuggestionCard> & { counts: Record<TriageTab, number> }) | DomainError> {
  const list = triageList(ctx.caller.actor, input, ctx.now)
  if (!list) return domainError('FORBIDDEN')
  const { towns } = list
  const queries = list.queries(input.tab)
  const overdueQueries = list.queries('overdue')
  const [p, tabCounts, overdue] = await Promise.all([
    mergedPage(db(), queries, input.cursor, ctx.cfg.pageSize),
    readTabCounts(db(), towns, input.category),
    Promise.all(overdueQueries.map((oq) => count(db(), SUGGESTIONS, filterOf(oq)))).then((ns) => ns.reduce((a, b) => a + b, 0)),
  ])
  return { items: await cards(p.docs, ctx), nextCursor: p.nextCursor, counts: { ...tabCounts, overdue } }
}

// ---- similar open suggestions for a draft ----

export async function similar(ctx: Ctx, input: { townId: Id; villageId?: Id; title: string; content?: string }): Promise<{ items: (SuggestionCard & { score: number })[] }> {
  const res = await db().collection(SUGGESTIONS).where({ townId: input.townId, open: true }).orderBy('_id', 'desc').limit(200).get()
  // Only what was published: a draft's author sees nobody's unpublished text.
  const open = (res.data as Doc[]).map(fromDoc).filter((s) => wasPublished(s))
  const ranked = rankSimilar(input, open)
  const dir = await directoryFor([])
  return { items: ranked.map((s) => ({ ...toCard(s, dir, ctx.now), score: s.score })) }
}

