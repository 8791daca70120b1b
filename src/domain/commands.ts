// The commands: one pure decider per verb. Old state + input + actor + time → new state, one timeline event, notifications;
// or a DomainError value. The server's handler loads facts, calls decide(), and writes what it returns in one transaction.
import type {
  AgreedPlan, Comment, HandOffTarget, Id, IsoTime, Outcome, Rating, Role, Stance, Suggestion, TimelineEvent, Village,
} from './types'
import type { Channel, Category, SuggestionOrigin } from './types'
import { TRANSITIONS, allowsFrom, isAllowedMove, isEnded, type Command } from './transitions'
import type { ErrorCode } from './api'
import { can, canRecordFor, canView, hasRole, isStaffFor, isSystem, wasPublished, type ActorContext } from './permissions'
import { addHours, autoCloseDue, chaseDue, isOverdue, ladderRungDue, type TimeRules } from './time'
import { consultationClosed } from './views'
import { ERROR_MESSAGES, MESSAGES, OUTCOME_LABELS, RATING_LABELS, STATUS_LABELS } from './labels'

export interface DomainError { ok: false; code: ErrorCode; message: string; field?: string }

export function domainError(code: ErrorCode, message?: string, field?: string): DomainError {
  return field ? { ok: false, code, message: message ?? ERROR_MESSAGES[code], field } : { ok: false, code, message: message ?? ERROR_MESSAGES[code] }
}

export type TemplateKey = 'statusChanged' | 'handedOff' | 'replied' | 'chased' | 'reopened' | 'staffAlert' | 'groupNotice' | 'digest'
  | 'activityInvited' | 'activityReminder'

/** A notification to send later (the dispatcher is a later issue). `to` is a person id for subscribe messages, a work-group key for robots. */
export interface OutboxRow {
  kind: 'subscribe' | 'robot'
  to: string
  templateKey: TemplateKey
  /** Semantic values (title, status, time, note …); server/templates.json maps them onto each template's WeChat fields. */
  data: Record<string, string>
  suggestionId?: Id
  status: 'pending'
  attempts: 0
  createdAt: IsoTime
}

export type NewEvent = Omit<TimelineEvent, '_id'>
export type NewComment = Omit<Comment, '_id'>

export interface Decision {
  ok: true
  next: Suggestion
  event: NewEvent
  notifications: OutboxRow[]
  /** comment: the comment to store. */
  comment?: NewComment
  /** merge: the target item, with the link back. */
  mergeTarget?: Suggestion
  /** second: a second to store for the actor. */
  second?: { suggestionId: Id; personId: Id; at: IsoTime }
  /** comment with a stance: the actor's latest stance on the item, kept so the next one replaces it in the tally. */
  stance?: { suggestionId: Id; personId: Id; stance: Stance; at: IsoTime }
}

/** What the server looked up for the command, beyond the item itself. */
export interface Facts {
  /** submit: the id the new item gets. */
  newId?: Id
  /** submit: the content check asked for a human review. */
  contentReview?: boolean
  /** submit / accept: the item's village (its bound member is the suggested handler). */
  village?: Village
  /** merge: the item to merge into. */
  mergeTarget?: Suggestion | null
  /** second: has this person seconded already? */
  alreadySeconded?: boolean
  /** comment: the id the new comment gets; replyToId must be a comment of the same item. */
  commentId?: Id
  replyToExists?: boolean
  /** comment: the stance this person took on the item before (null when none). */
  previousStance?: Stance | null
  /** handOff / reassign / concludeConsultation with a hand-off: the target's display name; undefined when it does not exist. */
  targetName?: string
  /** submit with onBehalfOf: the code on the card the recorder hands the resident. */
  takeoverCode?: string
  /** takeOver: the phone the caller filled in 我的. */
  callerPhone?: string
  /** escalate: the first sector group of the member the item is handed to (null when they have none). */
  memberGroupId?: Id | null
  /** escalate: the members of that group (each is told the item reached their group). */
  groupMemberIds?: Id[]
  /** rate dissatisfied on a department's reply nobody claimed: the department's handlers (each is told it is reopened). */
  departmentHandlerIds?: Id[]
  /** reply: the people following the item (told it was answered). */
  followerIds?: Id[]
  /**
   * submit at a 请你来协商 activity: which one, how the item comes out of it, and whether the actor is a participant
   * raising their own suggestion (activities/permissions.ts decided that; a participant need not be staff).
   */
  activity?: { id: Id; origin: SuggestionOrigin; participant: boolean }
}

export interface CommandInputs {
  submit: { category: Category; townId: Id; villageId: Id; title: string; content: string; images: string[]; anonymous: boolean; contactable?: boolean; channel?: Channel; onBehalfOf?: { name: string; phone?: string } }
  approve: { id: Id }
  reject: { id: Id; reason: string }
  accept: { id: Id }
  merge: { id: Id; intoId: Id; reason?: string }
  withdraw: { id: Id; reason?: string }
  openConsultation: { id: Id; deadline: IsoTime; invitedMemberIds: Id[] }
  comment: { id: Id; text: string; stance?: Stance; replyToId?: Id }
  second: { id: Id }
  concludeConsultation: { id: Id; plan: { actions: string; responsibleUnit: string; deadline: IsoTime }; handOff?: { target: HandOffTarget; deadline: IsoTime; note?: string } }
  handOff: { id: Id; target: HandOffTarget; deadline: IsoTime; note?: string }
  claim: { id: Id }
  returnItem: { id: Id; reason: string }
  reassign: { id: Id; target: HandOffTarget; deadline: IsoTime; note?: string }
  progress: { id: Id; note: string; images: string[] }
  reply: { id: Id; text: string; outcome: Outcome }
  recordReply: { id: Id; text: string; outcome: Outcome }
  rate: { id: Id; value: Rating; reason?: string }
  chase: { id: Id; note?: string }
  close: { id: Id; reason?: string }
  escalate: { id: Id }
  remindConsultation: { id: Id }
  takeOver: { id: Id; code?: string }
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars
type Outcome_<C extends Command> = Omit<Decision, 'event' | 'next' | 'ok'> & { next: Suggestion; payload: Record<string, unknown> }
type Decider<C extends Command> = (item: Suggestion, input: CommandInputs[C], actor: ActorContext, now: IsoTime, facts: Facts, rules: TimeRules) => Outcome_<C> | DomainError

// ---- notifications ----

function row(kind: OutboxRow['kind'], to: string, templateKey: TemplateKey, data: Record<string, string>, item: Suggestion, now: IsoTime): OutboxRow {
  return { kind, to, templateKey, data, suggestionId: item._id, status: 'pending', attempts: 0, createdAt: now }
}

function toAuthor(item: Suggestion, now: IsoTime, note = ''): OutboxRow {
  return row('subscribe', item.authorId, 'statusChanged', { title: item.title, status: STATUS_LABELS[item.status], time: now, note }, item, now)
}

function toTarget(item: Suggestion, target: HandOffTarget, templateKey: TemplateKey, now: IsoTime, note = ''): OutboxRow {
  const data = { title: item.title, deadline: item.handOff?.deadline ?? '', time: now, note }
  if (target.kind === 'member') return row('subscribe', target.memberId, templateKey, data, item, now)
  if (target.kind === 'sectorGroup') return row('robot', `sectorGroup:${target.sectorGroupId}`, templateKey, data, item, now)
  return row('robot', `department:${target.departmentId}`, templateKey, data, item, now)
}

function toStaff(item: Suggestion, now: IsoTime, note: string): OutboxRow {
  return row('robot', `staff:${item.townId}`, 'staffAlert', { title: item.title, status: STATUS_LABELS[item.status], time: now, note }, item, now)
}

// ---- small helpers ----

/** "2026-11-26 11:00" in UTC+8, for messages people read. */
function beijingTime(iso: IsoTime): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

const same = (item: Suggestion, patch: Partial<Suggestion>): Suggestion => ({ ...item, ...patch })

function mustBeLater(deadline: IsoTime, now: IsoTime, field: string): DomainError | null {
  return deadline > now ? null : domainError('INVALID_INPUT', MESSAGES.deadlineNotLater, field)
}

function handOffOf(target: HandOffTarget, deadline: IsoTime, note: string | undefined, actor: ActorContext, now: IsoTime): NonNullable<Suggestion['handOff']> {
  const handOff: NonNullable<Suggestion['handOff']> = {
    target, deadline, at: now, byId: actor.personId ?? 'system', rung: target.kind === 'member' ? 'member' : 'sectorGroup', rungAt: now,
  }
  if (note) handOff.note = note
  return handOff
}

function withoutHandling(item: Suggestion): Suggestion {
  const { handOff: _h, handlerId: _id, claimedAt: _c, ...rest } = item
  return rest as Suggestion
}

// ---- one decider per verb ----

// Submit has no item to decide on: decideSubmit decides it.
const deciders: { [C in Exclude<Command, 'submit'>]: Decider<C> } = {
  approve: (item, _input, _actor, now) => {
    const next = same(item, { status: 'submitted', publishedAt: now })
    return { next, payload: {}, notifications: [toAuthor(next, now)] }
  },

  reject: (item, input, _actor, now) => {
    const next = same(item, { status: 'rejected', closedAt: now })
    return { next, payload: { reason: input.reason }, notifications: [toAuthor(next, now, input.reason)] }
  },

  accept: (item, _input, _actor, now, facts) => {
    const next = same(item, { status: 'accepted', acceptedAt: now })
    const bound = facts.village?.boundMemberId
    if (bound) next.suggestedHandlerId = bound
    return { next, payload: bound ? { suggestedHandlerId: bound } : {}, notifications: [toAuthor(next, now)] }
  },

  merge: (item, input, actor, now, facts) => {
    if (input.intoId === item._id) return domainError('INVALID_INPUT', MESSAGES.mergeIntoSelf, 'intoId')
    const target = facts.mergeTarget
    if (!target || !canView(actor, target)) return domainError('NOT_FOUND', MESSAGES.mergeTargetMissing, 'intoId')
    // Both ends within the actor's scope: staff of one town cannot fold an item into another town's.
    if (!isStaffFor(actor, target.townId)) return domainError('FORBIDDEN', MESSAGES.mergeTargetOutOfScope, 'intoId')
    // The target's title goes onto the public timeline: it must have been published, and still be open.
    if (!wasPublished(target)) return domainError('BAD_TRANSITION', MESSAGES.mergeTargetUnpublished, 'intoId')
    if (isEnded(target.status)) return domainError('BAD_TRANSITION', MESSAGES.mergeTargetEnded, 'intoId')
    const next = same(item, { status: 'merged', mergedIntoId: target._id, closedAt: now })
    const mergeTarget = same(target, {
      mergedFromIds: [...target.mergedFromIds.filter((id) => id !== item._id), item._id],
      updatedAt: now, version: target.version + 1,
    })
    const payload: Record<string, unknown> = { intoId: target._id, intoTitle: target.title }
    if (input.reason) payload.reason = input.reason
    return { next, mergeTarget, payload, notifications: [toAuthor(next, now, target.title)] }
  },

  withdraw: (item, input, _actor, now) => {
    const next = same(item, { status: 'withdrawn', closedAt: now })
    return { next, payload: input.reason ? { reason: input.reason } : {}, notifications: [] }
  },

  openConsultation: (item, input, _actor, now) => {
    const late = mustBeLater(input.deadline, now, 'deadline')
    if (late) return late
    const invitedMemberIds = [...new Set(input.invitedMemberIds)]
    const next = same(item, { status: 'consulting', consultation: { openedAt: now, deadline: input.deadline, invitedMemberIds } })
    const invites = invitedMemberIds.map((memberId) =>
      row('subscribe', memberId, 'statusChanged', { title: item.title, status: STATUS_LABELS.consulting, time: now, note: '' }, item, now))
    return { next, payload: { deadline: input.deadline, invitedMemberIds }, notifications: [toAuthor(next, now), ...invites] }
  },

  comment: (item, input, actor, now, facts) => {
    if (!facts.commentId || actor.personId === null) throw new Error('comment needs commentId and a stored person')
    if (input.replyToId && !facts.replyToExists) return domainError('NOT_FOUND', MESSAGES.replyToMissing, 'replyToId')
    // The thread is the consultation's: once it is concluded or past its deadline, it takes no more comments.
    if (consultationClosed(item, now)) return domainError('BAD_TRANSITION', MESSAGES.consultationClosed(beijingTime(item.consultation!.deadline)), 'id')
    const comment: NewComment = { suggestionId: item._id, authorId: actor.personId, authorRole: displayRole(actor, item), text: input.text, at: now }
    if (input.stance) comment.stance = input.stance
    if (input.replyToId) comment.replyToId = input.replyToId
    const next = same(item, { commentCount: item.commentCount + 1 })
    const payload: Record<string, unknown> = { commentId: facts.commentId }
    if (!input.stance) return { next, comment, payload, notifications: [] }
    payload.stance = input.stance
    // Each person's latest stance counts once: a changed stance moves one vote, a repeated one changes nothing.
    const tally = { ...(item.tally ?? { for: 0, neutral: 0, against: 0 }) }
    if (facts.previousStance) tally[facts.previousStance] = Math.max(0, tally[facts.previousStance] - 1)
    tally[input.stance] += 1
    next.tally = tally
    return { next, comment, payload, notifications: [], stance: { suggestionId: item._id, personId: actor.personId, stance: input.stance, at: now } }
  },

  second: (item, _input, actor, now, facts) => {
    if (actor.personId === null) throw new Error('second needs a stored person')
    if (facts.alreadySeconded) return domainError('CONFLICT', MESSAGES.alreadySeconded, 'id')
    const next = same(item, { secondCount: item.secondCount + 1 })
    return { next, second: { suggestionId: item._id, personId: actor.personId, at: now }, payload: {}, notifications: [] }
  },

  concludeConsultation: (item, input, actor, now, facts) => {
    const late = mustBeLater(input.plan.deadline, now, 'plan.deadline')
    if (late) return late
    if (!item.consultation) throw new Error('a consulting item has a consultation')
    const plan: AgreedPlan = { ...input.plan, tally: item.tally ?? { for: 0, neutral: 0, against: 0 } }
    const consultation = { ...item.consultation, plan, concludedAt: now }
    if (!input.handOff) {
      const next = same(item, { status: 'accepted', consultation })
      return { next, payload: { plan }, notifications: [toAuthor(next, now)] }
    }
    const lateHandOff = mustBeLater(input.handOff.deadline, now, 'handOff.deadline')
    if (lateHandOff) return lateHandOff
    if (facts.targetName === undefined) return domainError('NOT_FOUND', MESSAGES.handOffTargetMissing, 'handOff.target')
    const handOff = handOffOf(input.handOff.target, input.handOff.deadline, input.handOff.note, actor, now)
    const next = same(withoutHandling(item), { status: 'assigned', consultation, handOff })
    return {
      next,
      payload: { plan, handOff: { target: handOff.target, targetName: facts.targetName, deadline: handOff.deadline } },
      // Like a direct hand-off, the author hears whom it went to.
      notifications: [toAuthor(next, now, facts.targetName), toTarget(next, handOff.target, 'handedOff', now, input.handOff.note)],
    }
  },

  handOff: (item, input, actor, now, facts) => handOffDecider(item, input, actor, now, facts),
  reassign: (item, input, actor, now, facts) => handOffDecider(item, input, actor, now, facts),

  claim: (item, _input, actor, now) => {
    const next = same(item, { status: 'claimed', handlerId: actor.personId!, claimedAt: now })
    return { next, payload: {}, notifications: [toAuthor(next, now)] }
  },

  returnItem: (item, input, _actor, now) => {
    const next = same(withoutHandling(item), { status: 'accepted' })
    return { next, payload: { reason: input.reason }, notifications: [toStaff(next, now, input.reason)] }
  },

  progress: (item, input, _actor, now) => {
    const next = same(item, {})
    return { next, payload: { note: input.note, images: input.images }, notifications: [toAuthor(next, now, input.note)] }
  },

  reply: (item, input, actor, now, facts) => {
    const next = same(item, { status: 'replied', reply: { text: input.text, outcome: input.outcome, at: now, byId: actor.personId! } })
    const values = { title: item.title, outcome: OUTCOME_LABELS[input.outcome], time: now, note: input.text }
    // The author and everyone following the item hear it was answered.
    const to = [item.authorId, ...(facts.followerIds ?? []).filter((p) => p !== item.authorId)]
    return { next, payload: { text: input.text, outcome: input.outcome }, notifications: to.map((p) => row('subscribe', p, 'replied', values, item, now)) }
  },

  recordReply: (item, input, actor, now, facts) => {
    const target = item.handOff?.target
    if (target?.kind !== 'department') throw new Error('recordReply is for items handed to a department')
    const reply = { text: input.text, outcome: input.outcome, at: now, byId: actor.personId!, departmentId: target.departmentId }
    const next = same(item, { status: 'replied', reply })
    const note = row('subscribe', item.authorId, 'replied', { title: item.title, outcome: OUTCOME_LABELS[input.outcome], time: now, note: input.text }, item, now)
    return {
      next,
      payload: { text: input.text, outcome: input.outcome, onBehalfOfDepartment: { id: target.departmentId, name: facts.targetName ?? '' } },
      notifications: [note],
    }
  },

  rate: (item, input, _actor, now, facts) => {
    if (input.value === 'dissatisfied' && !input.reason) return domainError('INVALID_INPUT', MESSAGES.dissatisfiedNeedsReason, 'reason')
    const rating = input.reason ? { value: input.value, reason: input.reason, at: now } : { value: input.value, at: now }
    const payload: Record<string, unknown> = input.reason ? { value: input.value, reason: input.reason } : { value: input.value }
    if (input.value !== 'dissatisfied') {
      return { next: same(item, { status: 'closed', rating, closedAt: now }), payload, notifications: [] }
    }
    // 重办: back to whoever answered, counted in the ledger, with as much time again as the hand-off gave (at least a week).
    // Claimed by a member or a department's handler: back to them (claimed). A department's reply that staff recorded
    // for it, unclaimed: back to the department (assigned), whose handlers sign for it again.
    const notes: OutboxRow[] = []
    const status: Suggestion['status'] = item.handlerId || !item.handOff ? 'claimed' : 'assigned'
    const next = same(item, { status, rating, reopenCount: item.reopenCount + 1 })
    if (item.handOff) {
      const span = Math.max(7 * 24, (Date.parse(item.handOff.deadline) - Date.parse(item.handOff.at)) / 3600_000)
      next.handOff = { ...item.handOff, deadline: addHours(now, span) }
      if (status === 'assigned') next.handOff = { ...next.handOff, rungAt: now }
    }
    const values = { title: item.title, status: RATING_LABELS.dissatisfied, time: now, note: input.reason ?? '' }
    if (item.handlerId) notes.push(row('subscribe', item.handlerId, 'reopened', values, item, now))
    else if (next.handOff) {
      notes.push(toTarget(next, next.handOff.target, 'reopened', now, input.reason ?? ''))
      // Each handler of the department hears it too, in case the department has no work group.
      for (const p of facts.departmentHandlerIds ?? []) notes.push(row('subscribe', p, 'reopened', values, item, now))
    }
    // Staff hear of every 不满意.
    notes.push(toStaff(next, now, `${RATING_LABELS.dissatisfied}：${input.reason ?? ''}`))
    return { next, payload: { ...payload, reopened: true, ...(status === 'assigned' ? { backTo: 'department' } : {}) }, notifications: notes }
  },

  chase: (item, input, actor, now, _facts, rules) => {
    if (isSystem(actor) && !chaseDue(item, now, rules)) return domainError('BAD_TRANSITION', MESSAGES.chaseNotDue)
    const next = same(item, { chaseCount: item.chaseCount + 1, lastChasedAt: now })
    const payload: Record<string, unknown> = { overdue: isOverdue(item, now) }
    if (input.note) payload.note = input.note
    const to: HandOffTarget | null = item.handlerId ? { kind: 'member', memberId: item.handlerId } : item.handOff?.target ?? null
    // The daily chase of a member's item goes into their daily digest (server/notify/digest.ts), not one message per item.
    const viaDigest = isSystem(actor) && to?.kind === 'member'
    return { next, payload, notifications: to && !viaDigest ? [toTarget(next, to, 'chased', now, input.note ?? '')] : [] }
  },

  close: (item, input, actor, now, _facts, rules) => {
    if (isSystem(actor) && !autoCloseDue(item, now, rules)) return domainError('BAD_TRANSITION', MESSAGES.closeNotDue)
    const next = same(item, { status: 'closed', closedAt: now })
    const payload: Record<string, unknown> = isSystem(actor) ? { auto: true } : {}
    if (input.reason) payload.reason = input.reason
    return { next, payload, notifications: [toAuthor(next, now, input.reason ?? '')] }
  },

  takeOver: (item, input, actor, now, facts) => {
    const pending = item.pendingTakeover
    if (!pending) return domainError('BAD_TRANSITION', MESSAGES.nothingToTakeOver, 'id')
    if (item.recordedById === actor.personId) return domainError('FORBIDDEN', MESSAGES.recorderCannotTakeOver)
    const byCode = !!input.code && input.code.toUpperCase() === pending.code
    const byPhone = !input.code && !!pending.phone && facts.callerPhone === pending.phone
    if (!byCode && !byPhone) return domainError('FORBIDDEN', input.code ? MESSAGES.takeoverCodeWrong : MESSAGES.takeoverPhoneMismatch, input.code ? 'code' : 'phone')
    const { pendingTakeover: _p, ...rest } = item
    const next: Suggestion = { ...rest, authorId: actor.personId!, takenOverAt: now }
    return { next, payload: { via: byCode ? 'code' : 'phone' }, notifications: [toAuthor(next, now, MESSAGES.takenOver)] }
  },

  escalate: (item, _input, _actor, now, facts, rules) => {
    const rung = ladderRungDue(item, now, rules)
    if (!rung || !item.handOff) return domainError('BAD_TRANSITION', MESSAGES.escalateNotDue)
    const from = item.handOff
    if (rung === 'sectorGroup' && from.target.kind === 'member' && facts.memberGroupId) {
      const target: HandOffTarget = { kind: 'sectorGroup', sectorGroupId: facts.memberGroupId }
      const fromMemberId = from.target.memberId
      const next = same(item, { handOff: { ...from, target, rung: 'sectorGroup', rungAt: now } })
      return {
        next, payload: { rung: 'sectorGroup', fromMemberId: from.target.memberId, sectorGroupId: facts.memberGroupId },
        notifications: [
          toTarget(next, target, 'handedOff', now, MESSAGES.escalatedToGroup),
          // Each member of the group is asked too, by subscribe message (the one it was handed to already was).
          ...(facts.groupMemberIds ?? []).filter((p) => p !== fromMemberId).map((p) => toTarget(next, { kind: 'member', memberId: p }, 'handedOff', now, MESSAGES.escalatedToGroup)),
        ],
      }
    }
    // No group to move to, or the group has not claimed either: staff are alerted.
    const next = same(item, { handOff: { ...from, rung: 'staffAlert', rungAt: now } })
    return { next, payload: { rung: 'staffAlert' }, notifications: [toStaff(next, now, MESSAGES.nobodyClaimed)] }
  },

  remindConsultation: (item, _input, _actor, now) => {
    const c = item.consultation
    if (!c || c.concludedAt || c.remindedAt || c.deadline > now) return domainError('BAD_TRANSITION', MESSAGES.remindNotDue)
    const next = same(item, { consultation: { ...c, remindedAt: now } })
    return { next, payload: { deadline: c.deadline }, notifications: [toStaff(next, now, MESSAGES.consultationPastDeadline(beijingTime(c.deadline)))] }
  },
}

function handOffDecider(item: Suggestion, input: CommandInputs['handOff'], actor: ActorContext, now: IsoTime, facts: Facts): Outcome_<'handOff'> | DomainError {
  const late = mustBeLater(input.deadline, now, 'deadline')
  if (late) return late
  if (facts.targetName === undefined) return domainError('NOT_FOUND', MESSAGES.handOffTargetMissing, 'target')
  const handOff = handOffOf(input.target, input.deadline, input.note, actor, now)
  const next = same(withoutHandling(item), { status: 'assigned', handOff })
  const payload: Record<string, unknown> = { target: input.target, targetName: facts.targetName, deadline: input.deadline }
  if (input.note) payload.note = input.note
  // The author hears their item was handed off (已交办) the first time, not at each reassignment; the target is asked to take it up.
  const toTheAuthor = item.status === 'assigned' || item.status === 'claimed' ? [] : [toAuthor(next, now, facts.targetName ?? '')]
  return { next, payload, notifications: [...toTheAuthor, toTarget(next, input.target, 'handedOff', now, input.note ?? '')] }
}

/** The role an actor acts in, for the timeline ("工作人员 受理"). */
function actingRole(actor: ActorContext, command: Command, item: Suggestion | null): Role | 'system' {
  if (isSystem(actor)) return 'system'
  const by = TRANSITIONS[command].by as readonly string[]
  if ((by.includes('staff') || by.includes('departmentProxy')) && isStaffFor(actor, item?.townId ?? null)) return hasRole(actor, 'admin') && !hasRole(actor, 'staff') ? 'admin' : 'staff'
  if (by.includes('target') || by.includes('handler')) {
    if (item?.handOff?.target.kind === 'department' && hasRole(actor, 'departmentHandler')) return 'departmentHandler'
    if (hasRole(actor, 'member')) return 'member'
  }
  return displayRole(actor, item)
}

/** How a person appears in a thread: staff and members by their role, everyone else as a citizen. */
function displayRole(actor: ActorContext, item: Suggestion | null): Role {
  if (item && isStaffFor(actor, item.townId) && hasRole(actor, 'staff')) return 'staff'
  if (hasRole(actor, 'member')) return 'member'
  if (hasRole(actor, 'departmentHandler')) return 'departmentHandler'
  if (hasRole(actor, 'admin')) return 'admin'
  return 'citizen'
}

function eventOf(command: Command, item: Suggestion | null, next: Suggestion, actor: ActorContext, now: IsoTime, payload: Record<string, unknown>): NewEvent {
  return {
    suggestionId: next._id, command, actorId: isSystem(actor) ? 'system' : actor.personId!, actorRole: actingRole(actor, command, item),
    from: item ? item.status : null, to: next.status, at: now, payload,
  }
}

/** submit: the one command without an item. */
export function decideSubmit(input: CommandInputs['submit'], actor: ActorContext, now: IsoTime, facts: Facts): Decision | DomainError {
  if (actor.personId === null || !facts.newId) throw new Error('submit needs a person id and a new item id')
  if (!can(actor, 'submit', null)) return domainError('FORBIDDEN')
  const channel = input.channel ?? 'online'
  // A participant of an activity raises their own suggestion there; recording for someone else stays staff's.
  const selfRaised = channel === 'consultationActivity' && !!facts.activity?.participant && !input.onBehalfOf
  if ((channel !== 'online' || input.onBehalfOf) && !selfRaised && !canRecordFor(actor, input.townId)) {
    return domainError('FORBIDDEN', MESSAGES.onlyStaffRecord, input.onBehalfOf ? 'onBehalfOf' : 'channel')
  }
  if (!facts.village || facts.village.townId !== input.townId) return domainError('INVALID_INPUT', MESSAGES.villageNotInTown, 'villageId')
  const next: Suggestion = {
    _id: facts.newId, title: input.title, content: input.content, category: input.category,
    townId: input.townId, villageId: input.villageId, images: input.images, anonymous: input.anonymous, channel,
    authorId: actor.personId, status: facts.contentReview ? 'pendingReview' : 'submitted',
    createdAt: now, updatedAt: now, ...(facts.contentReview ? {} : { publishedAt: now }), tally: { for: 0, neutral: 0, against: 0 }, reopenCount: 0, chaseCount: 0, secondCount: 0, commentCount: 0, mergedFromIds: [], version: 1,
  }
  if ((channel !== 'online' && !selfRaised) || input.onBehalfOf) next.recordedById = actor.personId
  if (input.contactable && !input.anonymous) next.contactable = true
  if (input.onBehalfOf) {
    next.onBehalfOf = input.onBehalfOf
    // With a takeover code (the suggestions function always gives one) the resident can later take the item over.
    if (facts.takeoverCode) next.pendingTakeover = input.onBehalfOf.phone ? { code: facts.takeoverCode, phone: input.onBehalfOf.phone } : { code: facts.takeoverCode }
  }
  const payload: Record<string, unknown> = { channel }
  if (input.onBehalfOf) payload.recordedFor = true
  if (facts.activity) {
    next.activityId = facts.activity.id
    next.origin = facts.activity.origin
    payload.activityId = facts.activity.id
  }
  if (facts.contentReview) payload.review = true
  return { ok: true, next, event: eventOf('submit', null, next, actor, now, payload), notifications: [] }
}

/**
 * Decide a command on an existing item. The order of the checks is the order a person would understand:
 * the item exists → the actor may act on it → its status allows the command → the verb's own rules.
 */
export function decide<C extends Exclude<Command, 'submit'>>(
  command: C, item: Suggestion | null, input: CommandInputs[C], actor: ActorContext, now: IsoTime, rules: TimeRules, facts: Facts = {},
): Decision | DomainError {
  // An item the actor may not see answers exactly as a made-up id does, so hidden items cannot be probed.
  if (!item || !canView(actor, item)) return domainError('NOT_FOUND', undefined, 'id')
  if (!can(actor, command, item)) return domainError('FORBIDDEN')
  if (!allowsFrom(command, item.status)) {
    // Two members claiming at once: the loser sees it claimed already — that is a conflict, not a mistake.
    if (command === 'claim' && item.status === 'claimed') return domainError('CONFLICT', MESSAGES.claimedByOther)
    if (item.status === 'merged' && item.mergedIntoId) return domainError('BAD_TRANSITION', MESSAGES.mergedInto(item.mergedIntoId), 'id')
    return domainError('BAD_TRANSITION', MESSAGES.notFromStatus(STATUS_LABELS[item.status]))
  }
  const decider = deciders[command] as Decider<C>
  const outcome = decider(item, input, actor, now, facts, rules)
  if (isDomainError(outcome)) return outcome
  const o = outcome
  const next: Suggestion = { ...o.next, updatedAt: now, version: item.version + 1 }
  if (!isAllowedMove(command, item.status, next.status)) {
    throw new Error(`decider for ${command} moved ${item.status} → ${next.status}, which the table does not allow`)
  }
  const decision: Decision = { ok: true, next, event: eventOf(command, item, next, actor, now, o.payload), notifications: o.notifications }
  if (o.comment) decision.comment = o.comment
  if (o.mergeTarget) decision.mergeTarget = o.mergeTarget
  if (o.second) decision.second = o.second
  if (o.stance) decision.stance = o.stance
  return decision
}

export function isDomainError(x: unknown): x is DomainError {
  return !!x && typeof x === 'object' && (x as DomainError).ok === false && typeof (x as DomainError).code === 'string'
}
