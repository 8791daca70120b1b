// The life of an activity as data: draft → published → held → concluded → evaluated (or cancelled before it is held).
// The server enforces it; the screens read it to offer only the steps the viewer may take.
import type { ActivityStatus } from './types'

/** Who may take a step, as a relation between the actor and the activity; activities/permissions.ts decides each one. */
export type ActivityRelation =
  | 'staff'        // staff whose scope covers the activity's town, or admin
  | 'evaluator'    // a third-party evaluator the admin invited
  | 'anyone'       // any signed-in person
  | 'registrant'   // a member invited to it, or anyone when public registration is open
  | 'participant'  // someone who signed in at it

export interface ActivityTransition {
  from: readonly ActivityStatus[]
  to: readonly (ActivityStatus | 'same')[]
  by: readonly ActivityRelation[]
  /** A lifecycle step writes an event on the activity's timeline; participation (sign-in, registration) is its own record. */
  event: boolean
}

export const ACTIVITY_TRANSITIONS = {
  create: { from: [], to: ['draft'], by: ['staff'], event: true },
  update: { from: ['draft', 'published'], to: ['same'], by: ['staff'], event: true },
  linkTopics: { from: ['draft', 'published'], to: ['same'], by: ['staff'], event: true },
  publish: { from: ['draft'], to: ['published'], by: ['staff'], event: true },
  cancel: { from: ['draft', 'published'], to: ['cancelled'], by: ['staff'], event: true },
  openSignIn: { from: ['published'], to: ['held'], by: ['staff'], event: true },
  addWalkIns: { from: ['held'], to: ['same'], by: ['staff'], event: true },
  conclude: { from: ['held'], to: ['concluded'], by: ['staff'], event: true },
  evaluate: { from: ['concluded', 'evaluated'], to: ['evaluated'], by: ['evaluator'], event: true },
  register: { from: ['published'], to: ['same'], by: ['registrant'], event: false },
  signIn: { from: ['held'], to: ['same'], by: ['anyone'], event: false },
  raise: { from: ['held', 'concluded'], to: ['same'], by: ['participant', 'staff'], event: true },
  answerSatisfaction: { from: ['concluded', 'evaluated'], to: ['same'], by: ['participant'], event: false },
  /** After conclusion staff answer the topic items together, each through the loop's own reply command. */
  answerTopics: { from: ['concluded', 'evaluated'], to: ['same'], by: ['staff'], event: true },
} as const satisfies Record<string, ActivityTransition>

export type ActivityCommand = keyof typeof ACTIVITY_TRANSITIONS
export const ACTIVITY_COMMANDS = Object.keys(ACTIVITY_TRANSITIONS) as ActivityCommand[]

/** Status families every list asks instead of hand-written lists of statuses. */
export const ACTIVITY_FAMILY: Record<ActivityStatus, 'planning' | 'upcoming' | 'live' | 'past' | 'cancelled'> = {
  draft: 'planning', published: 'upcoming', held: 'live', concluded: 'past', evaluated: 'past', cancelled: 'cancelled',
}

/** Activities that count in the figures: they took place. */
export const HELD_STATUSES: readonly ActivityStatus[] = ['concluded', 'evaluated']

export function activityAllows(command: ActivityCommand, status: ActivityStatus | null): boolean {
  const from = ACTIVITY_TRANSITIONS[command].from as readonly ActivityStatus[]
  return status === null ? from.length === 0 : from.includes(status)
}

export function isAllowedActivityMove(command: ActivityCommand, from: ActivityStatus | null, to: ActivityStatus): boolean {
  if (!activityAllows(command, from)) return false
  const targets = ACTIVITY_TRANSITIONS[command].to as readonly (ActivityStatus | 'same')[]
  return targets.includes(to) || (targets.includes('same') && to === from)
}
