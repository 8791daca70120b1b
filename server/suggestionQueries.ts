// The suggestion queries: lists paged by cursor over declared indexes, the detail with its timeline, similar items, the ledger.
import { MESSAGES } from '../src/domain/labels'
import type { Category, Id, Suggestion } from '../src/domain/types'
import type {
  Ledger, MemberQueueTab, Page, PublicCard, RecordedCard, StatusFamily, SuggestionCard, SuggestionDetail, TriageTab,
} from '../src/domain/api'
import { MEMBER_QUEUE_TABS, STATUS_FAMILIES } from '../src/domain/api'
import { domainError, type DomainError } from '../src/domain/commands'
import { hasRole, isAuthor, isStaffFor, type ActorContext } from '../src/domain/permissions'
import { foldLedger, type LedgerRow } from '../src/domain/ledger'
import { rankSimilar } from '../src/domain/similarity'
import { toCard, toDetail, toPublicCard, toRecordedCard } from '../src/domain/views'
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

const q = (where: Doc, sortKey: string, dir: 1 | -1, below?: string): PageQuery =>
  below ? { collection: SUGGESTIONS, where, sortKey, dir, below } : { collection: SUGGESTIONS, where, sortKey, dir }

async function cards(docs: Doc[], ctx: Ctx): Promise<SuggestionCard[]> {
  const dir = await directoryFor([])
  return docs.map((d) => toCard(fromDoc(d), dir, ctx.now))
}

/** Who may open an item: anyone, except that content still waiting for review is seen only by its author and staff. */
function mayView(actor: ActorContext, item: Suggestion): boolean {
  return item.status !== 'pendingReview' || isAuthor(actor, item) || isStaffFor(actor, item.townId)
}

// ---- detail ----

export async function detail(ctx: Ctx, input: { id: Id }): Promise<SuggestionDetail | DomainError> {
  const actor = ctx.caller.actor
  const item = await getSuggestion(db(), input.id)
  if (!item || !mayView(actor, item)) return domainError('NOT_FOUND', undefined, 'id')
  const [events, comments, following, seconded] = await Promise.all([
    timelineOf(db(), item._id), commentsOf(db(), item._id),
    ctx.caller.person ? isFollowing(db(), ctx.caller.personId, item._id) : false,
    ctx.caller.person ? hasSeconded(db(), ctx.caller.personId, item._id) : false,
  ])
  const ids: Id[] = [item.authorId, ...events.map((e) => e.actorId), ...comments.map((c) => c.authorId)]
  if (item.handlerId) ids.push(item.handlerId)
  if (item.suggestedHandlerId) ids.push(item.suggestedHandlerId)
  if (item.reply) ids.push(item.reply.byId)
  if (item.consultation) ids.push(...item.consultation.invitedMemberIds)
  if (item.handOff?.target.kind === 'member') ids.push(item.handOff.target.memberId)
  const dir = await directoryFor(ids)
  return toDetail(item, events, comments, actor, dir, ctx.now, { following, seconded })
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
  return { items: items.filter((s) => mayView(ctx.caller.actor, s)).map((s) => toCard(s, dir, ctx.now)), nextCursor: p.nextCursor }
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

function triageQueries(tab: TriageTab, townId: Id | undefined, category: Category | undefined, now: string): PageQuery[] {
  const filters: Doc = {}
  if (townId) filters.townId = townId
  if (category) filters.category = category
  switch (tab) {
    // Handling items due before now, however long ago: a range on the deadline key of the triageDue indexes.
    case 'overdue': return [q({ tab: 'handling', ...filters }, 'dueKey', 1, now)]
    case 'handling': return [q({ tab, ...filters }, 'dueKey', 1)]
    case 'replied': return [q({ tab, ...filters }, 'replyKey', -1)]
    default: return [q({ tab, ...filters }, '_id', -1)]
  }
}

export async function triage(ctx: Ctx, input: { tab: TriageTab; townId?: Id; category?: Category; cursor?: string | null }): Promise<(Page<SuggestionCard> & { counts: Record<TriageTab, number> }) | DomainError> {
  const actor = ctx.caller.actor
  if (!isStaffFor(actor, input.townId ?? null)) return domainError('FORBIDDEN')
  const scope = hasRole(actor, 'admin') || actor.staffScope === 'all' || !actor.staffScope ? 'all' : actor.staffScope
  const towns: Id[] | 'all' = input.townId ? [input.townId] : scope
  const perTown = (tab: TriageTab) => towns === 'all'
    ? triageQueries(tab, undefined, input.category, ctx.now)
    : towns.flatMap((t) => triageQueries(tab, t, input.category, ctx.now))
  const queries = perTown(input.tab)
  const overdueQueries = perTown('overdue')
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
  const open = (res.data as Doc[]).map(fromDoc).filter((s) => s.status !== 'pendingReview')
  const ranked = rankSimilar(input, open)
  const dir = await directoryFor([])
  return { items: ranked.map((s) => ({ ...toCard(s, dir, ctx.now), score: s.score })) }
}

// ---- the adoption ledger ----

export async function ledger(ctx: Ctx, input: { townId?: Id; from?: string; to?: string }): Promise<Ledger | DomainError> {
  const actor = ctx.caller.actor
  if (!isStaffFor(actor, input.townId ?? null)) return domainError('FORBIDDEN')
  const _ = db().command
  const $ = _.aggregate
  // Every family, named: the $in lets the index answer instead of a scan.
  const match: Doc = { family: _.in([...STATUS_FAMILIES]) }
  if (input.townId) match.townId = input.townId
  if (input.from && input.to) match.createdAt = _.gte(input.from).and(_.lt(input.to))
  else if (input.from) match.createdAt = _.gte(input.from)
  else if (input.to) match.createdAt = _.lt(input.to)
  const res = await db().collection(SUGGESTIONS).aggregate()
    .match(match)
    .group({
      _id: { status: '$status', outcome: '$reply.outcome', townId: '$townId' },
      n: $.sum(1),
      reopened: $.sum($.cond({ if: $.gt(['$reopenCount', 0]), then: 1, else: 0 })),
    })
    .end()
  const rows: LedgerRow[] = (res.data as Doc[]).map((r) => ({
    status: r._id.status, townId: r._id.townId, n: r.n, reopened: r.reopened,
    outcome: (r._id.status === 'replied' || r._id.status === 'closed') && r._id.outcome ? r._id.outcome : null,
  }))
  // Staff with listed towns see their towns only.
  const scope = actor.staffScope
  const visible = hasRole(actor, 'admin') || !scope || scope === 'all' ? rows : rows.filter((r) => scope.includes(r.townId))
  const org = await orgCache()
  return foldLedger(visible, [...org.towns.values()].map((t) => ({ id: t._id, name: t.name })))
}
