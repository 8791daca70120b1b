// The one permission function. Who may take a command is a relation between the actor and the item (transitions.ts `by`);
// this file decides each relation, and nothing else in the product does.
import type { Id, Role, Suggestion } from './types'
import { COMMANDS, TRANSITIONS, allowsFrom, type Actor as Relation, type Command } from './transitions'

/** The person acting, as the server knows them after the role lookup. */
export interface ActorContext {
  /** null for a signed-in WeChat user who has not been stored yet (they become a citizen on their first mutation). */
  personId: Id | null
  roles: Role[]
  sectorGroupIds: Id[]
  staffScope?: 'all' | Id[]
  boundVillageIds: Id[]
  /** Departments this person handles items for (role departmentHandler). */
  departmentIds?: Id[]
}

/** The timer's identity. Only the timer function builds it. */
export const SYSTEM_ACTOR: ActorContext = Object.freeze({
  personId: 'system', roles: [], sectorGroupIds: [], boundVillageIds: [],
}) as ActorContext

export function isSystem(actor: ActorContext): boolean {
  return actor === SYSTEM_ACTOR || actor.personId === 'system'
}

export function hasRole(actor: ActorContext, role: Role): boolean {
  return actor.roles.includes(role)
}

/** Staff whose scope covers the town (admin counts as staff for every town). With no town, any staff. */
export function isStaffFor(actor: ActorContext, townId: Id | null): boolean {
  if (hasRole(actor, 'admin')) return true
  if (!hasRole(actor, 'staff')) return false
  const scope = actor.staffScope ?? 'all'
  if (scope === 'all' || townId === null) return true
  return scope.includes(townId)
}

export function isAuthor(actor: ActorContext, item: Suggestion | null): boolean {
  return !!item && actor.personId !== null && item.authorId === actor.personId
}

/** Does this person act for the department (holds the departmentHandler role and the department is theirs)? */
export function handlesForDepartment(actor: ActorContext, departmentId: Id): boolean {
  return hasRole(actor, 'departmentHandler') && (actor.departmentIds ?? []).includes(departmentId)
}

/** The member an item is handed to, any member of the sector group it is handed to, or a handler of the department it is handed to (12345: the unit signs for it). */
export function isTarget(actor: ActorContext, item: Suggestion | null): boolean {
  const target = item?.handOff?.target
  if (!target || actor.personId === null) return false
  if (target.kind === 'department') return handlesForDepartment(actor, target.departmentId)
  if (!hasRole(actor, 'member')) return false
  if (target.kind === 'member') return target.memberId === actor.personId
  return actor.sectorGroupIds.includes(target.sectorGroupId)
}

/** Staff covering the item's town, when it is handed to a department: they may record the department's reply for it. */
export function isDepartmentProxy(actor: ActorContext, item: Suggestion | null): boolean {
  return !!item && item.handOff?.target.kind === 'department' && isStaffFor(actor, item.townId)
}

export function isHandler(actor: ActorContext, item: Suggestion | null): boolean {
  return !!item && actor.personId !== null && item.handlerId === actor.personId
}

/** Does the actor stand in this relation to the item? */
export function relates(actor: ActorContext, relation: Relation, item: Suggestion | null): boolean {
  switch (relation) {
    case 'system': return isSystem(actor)
    case 'anyone': return !isSystem(actor)
    case 'author': return !isSystem(actor) && isAuthor(actor, item)
    case 'staff': return !isSystem(actor) && isStaffFor(actor, item ? item.townId : null)
    case 'target': return !isSystem(actor) && isTarget(actor, item)
    case 'handler': return !isSystem(actor) && isHandler(actor, item)
    case 'departmentProxy': return !isSystem(actor) && isDepartmentProxy(actor, item)
  }
}

/** Was the item's content ever public (passed the content check at submission, or approved by staff)? */
export function wasPublished(item: Pick<Suggestion, 'publishedAt'>): boolean {
  return item.publishedAt !== undefined
}

/**
 * May this actor see the item at all? Content never published is seen only by its author and staff of its town,
 * whatever its status became (withdrawn, rejected, a merge target). Anything else answers NOT_FOUND, before any other check.
 */
export function canView(actor: ActorContext, item: Suggestion): boolean {
  return isSystem(actor) || wasPublished(item) || isAuthor(actor, item) || isStaffFor(actor, item.townId)
}

/**
 * WeChat groups reached by cards (notify's groups): staff covering the town may bind a group to a village or town of
 * it, make a bind card for one, and see the groups bound there. A pending group has no town yet: any staff sees it.
 */
export function canBindGroup(actor: ActorContext, townId: Id): boolean {
  return !isSystem(actor) && isStaffFor(actor, townId)
}

export function canSeePendingGroups(actor: ActorContext): boolean {
  return !isSystem(actor) && isStaffFor(actor, null)
}

/** Which groups an item's notices reached, and how many people opened its cards there: staff of the item's town. */
export function canSeeReach(actor: ActorContext, item: Suggestion): boolean {
  return !isSystem(actor) && isStaffFor(actor, item.townId)
}

/** May this actor take this command on this item? (Whether the item's status allows it is the transition table's question.) */
export function can(actor: ActorContext, command: Command, item: Suggestion | null): boolean {
  const by = TRANSITIONS[command].by as readonly Relation[]
  return by.some((relation) => relates(actor, relation, item))
}

/**
 * Commands a person could tap on this item now: allowed by the table from its status and by `can`. Used for the detail
 * view's buttons. Submit starts from no status, so `allowsFrom` leaves it out; the timer's commands (escalate, the
 * consultation reminder) `can` refuses to every person; takeOver has its own entry point (the recorded item's card).
 */
export function allowedActions(actor: ActorContext, item: Suggestion): Command[] {
  return COMMANDS.filter((command) => command !== 'takeOver' && allowsFrom(command, item.status) && can(actor, command, item))
}

/** Staff (of the town) and members on duty may record a suggestion for a resident at a liaison station or an activity; citizens submit only online. */
export function canRecordFor(actor: ActorContext, townId: Id): boolean {
  return isStaffFor(actor, townId) || hasRole(actor, 'member')
}

/** The recorder of an item recorded for a resident: they see whom it was recorded for and the takeover code. */
export function isRecorder(actor: ActorContext, item: Suggestion): boolean {
  return actor.personId !== null && item.recordedById === actor.personId
}

/** The member bound to the item's village (一村一社一委员): like its handler, they are told who proposed it. */
export function isBoundMember(actor: ActorContext, item: Pick<Suggestion, 'villageId'>): boolean {
  return hasRole(actor, 'member') && actor.boundVillageIds.includes(item.villageId)
}

/** 我的村社区: every item of a village, for the member bound to it (一村一社一委员) and staff of its town. */
export function canSeeVillageItems(actor: ActorContext, village: { id: Id; townId: Id }): boolean {
  return (hasRole(actor, 'member') && actor.boundVillageIds.includes(village.id)) || isStaffFor(actor, village.townId)
}

/** Who may see the author's phone and the item's private details. */
export function seesPrivateDetails(actor: ActorContext, item: Suggestion): boolean {
  return isStaffFor(actor, item.townId)
}

/**
 * Whose figures an actor may see: admins and county-wide staff everything, staff with listed towns those towns,
 * a member only their own (their duty record). Anyone else none.
 */
export type FiguresReach = { kind: 'all' } | { kind: 'towns'; townIds: Id[] } | { kind: 'member'; memberId: Id }
export function figuresReachOf(actor: ActorContext): FiguresReach | null {
  if (hasRole(actor, 'admin')) return { kind: 'all' }
  if (hasRole(actor, 'staff')) {
    const scope = actor.staffScope ?? 'all'
    return scope === 'all' ? { kind: 'all' } : { kind: 'towns', townIds: scope }
  }
  if (hasRole(actor, 'member') && actor.personId) return { kind: 'member', memberId: actor.personId }
  return null
}
