// What a viewer may see of an item, its people and its thread. Redaction lives here, once:
// a citizen never sees another citizen's identity; an anonymous author is hidden from everyone but the author and staff;
// phone numbers reach staff only; the public feed carries no author at all.
import type { Comment, Id, IsoTime, Person, Role, Stance, Suggestion, TimelineEvent } from './types'
import type { CommentView, EventView, PersonRef, PublicCard, RecordedCard, SuggestionCard, SuggestionDetail } from './api'
import { allowedActions, isBoundMember, isHandler, isRecorder, isStaffFor, isTarget, type ActorContext } from './permissions'
import { isOverdue } from './time'
import { HIDDEN_PERSON } from './labels'

/** Names the views need, looked up by the server (cached org units, people of this page). */
export interface Directory {
  person(id: Id): Person | undefined
  townName(id: Id): string
  villageName(id: Id): string
  sectorGroupName(id: Id): string | undefined
  departmentName(id: Id): string | undefined
}

const PUBLIC_ROLES: Role[] = ['member', 'staff', 'admin', 'departmentHandler']

export function primaryRole(person: Pick<Person, 'roles'>): Role {
  for (const r of ['staff', 'member', 'departmentHandler', 'admin'] as Role[]) if (person.roles.includes(r)) return r
  return 'citizen'
}

/** Is this person only a citizen (no public role)? Their identity is private. */
export function isPrivatePerson(person: Pick<Person, 'roles'>): boolean {
  return !person.roles.some((r) => PUBLIC_ROLES.includes(r))
}

/** How `personId` appears to `viewer`, in the context of `item`. */
export function personRef(personId: Id | 'system', viewer: ActorContext, item: Suggestion | null, dir: Directory): PersonRef {
  if (personId === 'system') return { id: null, name: HIDDEN_PERSON.system }
  const viewerIsStaff = isStaffFor(viewer, item ? item.townId : null)
  const isSelf = viewer.personId !== null && viewer.personId === personId
  if (item && item.anonymous && personId === item.authorId && !isSelf && !viewerIsStaff) {
    return { id: null, name: HIDDEN_PERSON.anonymous, role: 'citizen' }
  }
  const person = dir.person(personId)
  if (!person) return { id: null, name: HIDDEN_PERSON.citizen, role: 'citizen' }
  const role = primaryRole(person)
  if (viewerIsStaff) {
    const ref: PersonRef = { id: person._id, name: person.name, role }
    if (person.phone) ref.phone = person.phone
    return ref
  }
  if (isSelf) return person.phone ? { id: person._id, name: person.name, role, phone: person.phone } : { id: person._id, name: person.name, role }
  if (!isPrivatePerson(person)) return { id: person._id, name: person.name, role }
  // A private citizen seen by someone else who is not staff: no id, no name.
  return { id: null, name: HIDDEN_PERSON.citizen, role: 'citizen' }
}

function excerpt(text: string, n = 60): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim())
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('')
}

export function toCard(item: Suggestion, dir: Directory, now: IsoTime): SuggestionCard {
  const card: SuggestionCard = {
    id: item._id, title: item.title, excerpt: excerpt(item.content), category: item.category,
    townId: item.townId, townName: dir.townName(item.townId), villageId: item.villageId, villageName: dir.villageName(item.villageId),
    status: item.status, createdAt: item.createdAt, updatedAt: item.updatedAt, overdue: isOverdue(item, now),
    secondCount: item.secondCount, commentCount: item.commentCount, imageCount: item.images.length,
  }
  if (item.handOff && (item.status === 'assigned' || item.status === 'claimed')) card.deadline = item.handOff.deadline
  // A reply that a dissatisfied rating reopened no longer holds: the card says 重办, not the old outcome.
  if (item.reply && (item.status === 'replied' || item.status === 'closed')) card.outcome = item.reply.outcome
  else if (item.reopenCount > 0 && (item.status === 'claimed' || item.status === 'assigned')) card.reopened = item.rating?.reason ? { reason: item.rating.reason } : {}
  return card
}

/** An item I recorded for a resident, as the recorder sees it. */
export function toRecordedCard(item: Suggestion, dir: Directory, now: IsoTime): RecordedCard {
  const card: RecordedCard = { ...toCard(item, dir, now), onBehalfOf: item.onBehalfOf ?? { name: '' } }
  if (item.pendingTakeover) card.takeoverCode = item.pendingTakeover.code
  if (item.takenOverAt) card.takenOverAt = item.takenOverAt
  return card
}

/** The public feed's card: the handled item and its answer, with no author of any kind. */
export function toPublicCard(item: Suggestion, dir: Directory, now: IsoTime): PublicCard {
  if (!item.reply) throw new Error('the public feed shows answered items only')
  const card: PublicCard = { ...toCard(item, dir, now), replyExcerpt: excerpt(item.reply.text, 80), repliedAt: item.reply.at }
  if (item.rating) card.rating = item.rating.value
  return card
}

/** The stance tally of a thread: each person's latest stance counts once. */
export function tallyOf(comments: Pick<Comment, 'authorId' | 'stance' | 'at'>[]): { for: number; neutral: number; against: number } {
  const latest = new Map<Id, { stance: Stance; at: IsoTime }>()
  for (const c of comments) {
    if (!c.stance) continue
    const seen = latest.get(c.authorId)
    if (!seen || seen.at <= c.at) latest.set(c.authorId, { stance: c.stance, at: c.at })
  }
  const tally = { for: 0, neutral: 0, against: 0 }
  for (const { stance } of latest.values()) tally[stance] += 1
  return tally
}

export function handOffTargetName(target: NonNullable<Suggestion['handOff']>['target'], dir: Directory): string | undefined {
  if (target.kind === 'member') return dir.person(target.memberId)?.name
  if (target.kind === 'sectorGroup') return dir.sectorGroupName(target.sectorGroupId)
  return dir.departmentName(target.departmentId)
}

export function toEventView(event: TimelineEvent, viewer: ActorContext, item: Suggestion, dir: Directory): EventView {
  return { id: event._id, command: event.command, actor: personRef(event.actorId, viewer, item, dir), from: event.from, to: event.to, at: event.at, payload: event.payload }
}

export function toCommentView(comment: Comment, viewer: ActorContext, item: Suggestion, dir: Directory): CommentView {
  const view: CommentView = {
    id: comment._id, author: personRef(comment.authorId, viewer, item, dir), text: comment.text, at: comment.at,
    mine: viewer.personId !== null && comment.authorId === viewer.personId,
  }
  if (comment.stance) view.stance = comment.stance
  if (comment.replyToId) view.replyToId = comment.replyToId
  return view
}

/** A consultation concluded or past its deadline takes no more comments (the comment decider refuses them too). */
export function consultationClosed(item: Suggestion, now: IsoTime): boolean {
  const c = item.consultation
  return !!c && (!!c.concludedAt || c.deadline <= now)
}

export function toDetail(
  item: Suggestion, events: TimelineEvent[], comments: Comment[], viewer: ActorContext, dir: Directory, now: IsoTime,
  flags: { following: boolean; seconded: boolean; olderTimelineCursor?: string | null; olderCommentsCursor?: string | null },
): SuggestionDetail {
  const viewerIsStaff = isStaffFor(viewer, item.townId)
  const mine = viewer.personId !== null && item.authorId === viewer.personId
  const author = item.anonymous && !mine && !viewerIsStaff ? null : personRef(item.authorId, viewer, item, dir)
  const detail: SuggestionDetail = {
    ...toCard(item, dir, now),
    content: item.content, images: item.images, anonymous: item.anonymous, channel: item.channel,
    author, mine,
    reopenCount: item.reopenCount, chaseCount: item.chaseCount, mergedFromIds: item.mergedFromIds,
    timeline: events.map((e) => toEventView(e, viewer, item, dir)),
    olderTimelineCursor: flags.olderTimelineCursor ?? null,
    comments: comments.map((c) => toCommentView(c, viewer, item, dir)),
    olderCommentsCursor: flags.olderCommentsCursor ?? null,
    actions: allowedActions(viewer, item).filter((a) => a !== 'comment' || !consultationClosed(item, now)),
    following: flags.following, seconded: flags.seconded,
  }
  if (item.suggestedHandlerId) detail.suggestedHandler = personRef(item.suggestedHandlerId, viewer, item, dir)
  if (item.consultation) {
    const c = item.consultation
    detail.consultation = {
      openedAt: c.openedAt, deadline: c.deadline, invited: c.invitedMemberIds.map((id) => personRef(id, viewer, item, dir)),
      // The counter kept with each comment: the thread may be longer than the comments shown.
      tally: item.tally ?? { for: 0, neutral: 0, against: 0 },
    }
    if (c.plan) detail.consultation.plan = { actions: c.plan.actions, responsibleUnit: c.plan.responsibleUnit, deadline: c.plan.deadline, tally: c.plan.tally }
    if (c.concludedAt) detail.consultation.concludedAt = c.concludedAt
  }
  if (item.handOff) {
    const h = item.handOff
    const targetId = h.target.kind === 'member' ? h.target.memberId : h.target.kind === 'sectorGroup' ? h.target.sectorGroupId : h.target.departmentId
    detail.handOff = { targetKind: h.target.kind, targetId, targetName: handOffTargetName(h.target, dir) ?? '', deadline: h.deadline, at: h.at, rung: h.rung }
    if (h.note) detail.handOff.note = h.note
  }
  if (item.handlerId) detail.handler = personRef(item.handlerId, viewer, item, dir)
  if (item.claimedAt) detail.claimedAt = item.claimedAt
  if (item.reply) {
    detail.reply = { text: item.reply.text, outcome: item.reply.outcome, at: item.reply.at, by: personRef(item.reply.byId, viewer, item, dir) }
    if (item.status !== 'replied' && item.status !== 'closed') detail.reply.superseded = true
    if (item.reply.departmentId) detail.reply.department = { id: item.reply.departmentId, name: dir.departmentName(item.reply.departmentId) ?? '' }
  }
  if (item.rating) detail.rating = item.rating
  if (item.mergedIntoId) detail.mergedIntoId = item.mergedIntoId
  if (item.onBehalfOf && (viewerIsStaff || isRecorder(viewer, item))) {
    detail.onBehalfOf = item.onBehalfOf
    if (item.pendingTakeover) detail.takeoverCode = item.pendingTakeover.code
  }
  if (item.takenOverAt) detail.takenOverAt = item.takenOverAt
  // The proposer agreed to be phoned: the member or department handling it may call (staff see phones anyway).
  // Whoever handles it, and the member bound to its village (我的村社区), are told who proposed it (a name, unless
  // anonymous), as staff are.
  const handling = isTarget(viewer, item) || isHandler(viewer, item) || isBoundMember(viewer, item)
  const proposer = dir.person(item.authorId)
  if (handling && !item.anonymous && proposer && detail.author && detail.author.id === null) {
    detail.author = { id: proposer._id, name: item.onBehalfOf?.name ?? proposer.name, role: 'citizen' }
  }
  if (item.contactable && !item.anonymous && handling) {
    const phone = item.onBehalfOf?.phone ?? dir.person(item.authorId)?.phone
    if (phone) detail.authorPhone = phone
  }
  return detail
}
