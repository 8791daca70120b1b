// The nouns of 请你来协商: activities, sign-ins, evaluations and the admin-kept lists (activity kinds, evaluation criteria).
// Pure TypeScript, shared by the mini-program and the functions. Times are UTC ISO strings.
import type { HandOffTarget, Id, IsoTime, Role } from '../types'

export const ACTIVITY_STATUSES = ['draft', 'published', 'held', 'concluded', 'evaluated', 'cancelled'] as const
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number]

/** Who runs it: the office itself, a town's liaison office, or a sector group. */
export const ORGANISER_KINDS = ['office', 'town', 'sectorGroup'] as const
export type OrganiserKind = (typeof ORGANISER_KINDS)[number]
export interface Organiser { kind: OrganiserKind; id?: Id }

/** Who a participant counts as in participant-times: members, citizens (and everyone else), department representatives. */
export const PARTICIPANT_GROUPS = ['members', 'citizens', 'departments'] as const
export type ParticipantGroup = (typeof PARTICIPANT_GROUPS)[number]
export type ParticipantCounts = Record<ParticipantGroup, number>

export const SATISFACTION = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const
export type Satisfaction = (typeof SATISFACTION)[number]

/** One entry of an admin-kept list (activity kinds, evaluation criteria). A retired entry stays for old records. */
export interface ListEntry { id: Id; name: string; order: number; retired?: boolean }

/** A promise made on site (现场拍板): it lives on as a handed-off suggestion; this is the activity's side of the link. */
export interface AgreedItem {
  suggestionId: Id
  title: string
  target: HandOffTarget
  targetName: string
  deadline: IsoTime
}

export interface Activity {
  _id: Id
  kind: Id
  topic: string
  description: string
  startAt: IsoTime
  endAt: IsoTime
  townId: Id
  villageId?: Id
  venue: string
  organiser: Organiser
  invitedMemberIds: Id[]
  invitedDepartmentIds: Id[]
  /** Public registration: open to anyone (members invited may always register); cap null means no cap. */
  registration: { open: boolean; cap: number | null }
  registeredCount: number
  status: ActivityStatus
  createdById: Id
  createdAt: IsoTime
  updatedAt: IsoTime
  publishedAt?: IsoTime
  heldAt?: IsoTime
  concludedAt?: IsoTime
  evaluatedAt?: IsoTime
  /** Open suggestions from many villages this activity takes up (议题); answered together at conclusion. */
  topicSuggestionIds: Id[]
  /** Walk-ins staff record (no phone at hand): counts, and the names of those recorded by name. */
  walkIns: ParticipantCounts & { names: { name: string; group: ParticipantGroup }[] }
  /** Sign-ins by group, frozen when the activity concludes (while held, the live figure is an indexed count of signIns). */
  signedIn?: ParticipantCounts
  conclusion?: { minutes: string; photos: string[]; at: IsoTime; byId: Id }
  agreedItems: AgreedItem[]
  /** Suggestions raised at the activity (each an item with activityId = this id). */
  raisedCount: number
  satisfaction: Record<Satisfaction, number>
  /** Per criterion id: the sum of scores and how many evaluators scored it. */
  scores: Record<Id, { sum: number; n: number }>
  evaluationCount: number
  version: number
}

export interface ActivityEvent {
  _id: Id
  activityId: Id
  command: string
  actorId: Id | 'system'
  actorRole: Role | 'system'
  from: ActivityStatus | null
  to: ActivityStatus
  at: IsoTime
  payload: Record<string, unknown>
}

/** One person at one activity: id `${activityId}_${personId}` (once each, by construction). */
export interface SignIn {
  _id: Id
  activityId: Id
  personId: Id
  group: ParticipantGroup
  at: IsoTime
  satisfaction?: Satisfaction
  /** The request that made it: a retry of that request is answered as the first time. */
  requestId?: string
}

/** A registration before the day: id `${activityId}_${personId}`. */
export interface Registration { _id: Id; activityId: Id; personId: Id; at: IsoTime }

/** One evaluator's scores for one activity: id `${activityId}_${evaluatorId}`. */
export interface Evaluation {
  _id: Id
  activityId: Id
  evaluatorId: Id
  scores: { criterionId: Id; score: number; note?: string }[]
  at: IsoTime
  /** Copied from the activity for aggregation by kind, town and period. */
  kind: Id
  townId: Id
  startAt: IsoTime
}

export const signInId = (activityId: Id, personId: Id) => `${activityId}_${personId}`

export function emptyCounts(): ParticipantCounts {
  return { members: 0, citizens: 0, departments: 0 }
}

/** A person's group for participant-times: a member counts as a member, a department handler as a department representative. */
export function groupOf(roles: readonly Role[]): ParticipantGroup {
  if (roles.includes('member')) return 'members'
  if (roles.includes('departmentHandler')) return 'departments'
  return 'citizens'
}
