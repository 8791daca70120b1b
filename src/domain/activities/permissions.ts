// Who may do what with an activity. Built on the relations of ../permissions.ts (staff scope, roles), which stays the one
// place those are decided; this file only adds the relations an activity has (evaluator, registrant, participant).
import type { Id } from '../types'
import { hasRole, isStaffFor, isSystem, type ActorContext } from '../permissions'
import { ACTIVITY_COMMANDS, ACTIVITY_TRANSITIONS, activityAllows, type ActivityCommand, type ActivityRelation } from './lifecycle'
import type { Activity } from './types'

/** What the server looked up about the actor and this activity. */
export interface ActivityFacts { signedIn?: boolean }

export function isEvaluator(actor: ActorContext): boolean {
  return !isSystem(actor) && actor.personId !== null && hasRole(actor, 'evaluator')
}

export function isInvitedMember(actor: ActorContext, activity: Pick<Activity, 'invitedMemberIds'> | null): boolean {
  return !!activity && actor.personId !== null && hasRole(actor, 'member') && activity.invitedMemberIds.includes(actor.personId)
}

export function relatesToActivity(actor: ActorContext, relation: ActivityRelation, activity: Activity | null, facts: ActivityFacts = {}, townId: Id | null = null): boolean {
  if (isSystem(actor)) return false
  switch (relation) {
    case 'staff': return isStaffFor(actor, activity ? activity.townId : townId)
    case 'evaluator': return isEvaluator(actor)
    case 'anyone': return true
    case 'registrant': return isInvitedMember(actor, activity) || (!!activity && activity.registration.open)
    case 'participant': return !!facts.signedIn
  }
}

/** May this actor take this step on this activity? (`townId` is the town of an activity being created.) */
export function canOnActivity(actor: ActorContext, command: ActivityCommand, activity: Activity | null, facts: ActivityFacts = {}, townId: Id | null = null): boolean {
  const by = ACTIVITY_TRANSITIONS[command].by as readonly ActivityRelation[]
  return by.some((r) => relatesToActivity(actor, r, activity, facts, townId))
}

/** A draft is the organisers' own; once published an activity is public. */
export function canSeeActivity(actor: ActorContext, activity: Activity): boolean {
  return activity.status !== 'draft' || isStaffFor(actor, activity.townId)
}

/** Staff see sign-in names, walk-in names and who registered; everyone else sees counts. */
export function seesActivityPeople(actor: ActorContext, activity: Activity): boolean {
  return isStaffFor(actor, activity.townId)
}

/** Steps the viewer could take now, for the detail page's buttons. */
export function allowedActivityActions(actor: ActorContext, activity: Activity, facts: ActivityFacts = {}): ActivityCommand[] {
  return ACTIVITY_COMMANDS.filter((c) => c !== 'create' && activityAllows(c, activity.status) && canOnActivity(actor, c, activity, facts))
}

/** Statistics and the admin lists: staff (within scope for a town), admins; evaluators read the figures too. */
export function canReadActivityFigures(actor: ActorContext, townId: Id | null): boolean {
  return isStaffFor(actor, townId) || isEvaluator(actor)
}

export function canKeepActivityLists(actor: ActorContext): boolean {
  return !isSystem(actor) && hasRole(actor, 'admin')
}
