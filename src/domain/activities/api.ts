// The contract of the `activities` function: actions, inputs and the views they answer.
import type { Category, HandOffTarget, Id, IsoTime, Outcome, Role, SuggestionStatus } from '../types'
import type { Page } from '../api'
import type { ActivityCommand } from './lifecycle'
import type { ActivityInputs, TopicAnswerResult } from './commands'
import type { ActivityFigures } from './figures'
import type { CandidateTopic } from './topics'
import type { ActivityStatus, ListEntry, Organiser, ParticipantCounts, ParticipantGroup, Satisfaction } from './types'

export const ACTIVITIES_FUNCTION = 'activities'
/** The sign-in page a scanned code opens; the code's scene is `a=<activityId>`. */
export const SIGN_IN_PAGE = 'packages/activities/pages/signin/index'
export const sceneOf = (activityId: Id) => `a=${activityId}`
export function activityIdOfScene(scene: string): Id | null {
  const m = /^a=([A-Za-z0-9_-]{1,30})$/.exec(decodeURIComponent(scene))
  return m ? m[1] : null
}

export interface ActivityCard {
  id: Id
  kind: Id
  kindName: string
  topic: string
  startAt: IsoTime
  endAt: IsoTime
  townId: Id
  townName: string
  villageName?: string
  venue: string
  status: ActivityStatus
  participantTimes: number
  registeredCount: number
  cap: number | null
}

export interface ActivityItemView { id: Id; title: string; status: SuggestionStatus; outcome?: Outcome; overdue: boolean; villageName: string; deadline?: IsoTime; targetName?: string }

export interface ActivityDetail extends ActivityCard {
  description: string
  organiser: Organiser & { name: string }
  invitedMembers: { id: Id; name: string }[]
  invitedDepartments: { id: Id; name: string }[]
  registration: { open: boolean; cap: number | null }
  registered: boolean
  signedIn: boolean
  satisfactionAnswered: boolean
  /** Live while held (an indexed count), frozen at conclusion. */
  signIns: ParticipantCounts
  walkIns: ParticipantCounts & { names?: { name: string; group: ParticipantGroup }[] }
  participants: ParticipantCounts & { total: number }
  conclusion?: { minutes: string; photos: string[]; at: IsoTime }
  agreedItems: (ActivityItemView & { target: HandOffTarget })[]
  raised: ActivityItemView[]
  topics: ActivityItemView[]
  /** This activity's scores: per criterion and overall (the average of every score given). */
  evaluation: { count: number; byCriterion: { criterionId: Id; name: string; average: number | null }[]; overall: number | null; mine: boolean }
  satisfaction: Record<Satisfaction, number>
  timeline: { id: Id; command: string; actorName: string; actorRole: Role | 'system'; from: ActivityStatus | null; to: ActivityStatus; at: IsoTime; payload: Record<string, unknown> }[]
  actions: ActivityCommand[]
  /** The page a scan opens (weapp) — in H5 the same path with `?scene=`. */
  signInPath: string
}

export interface SignInState {
  id: Id; topic: string; status: ActivityStatus; startAt: IsoTime; venue: string; townId: Id; townName: string; villageId?: Id
  signedIn: boolean; satisfactionAnswered: boolean; total: number; canRaise: boolean
}

export interface ActivitiesActions {
  create: { in: ActivityInputs['create']; out: { id: Id; status: ActivityStatus } }
  update: { in: ActivityInputs['update']; out: { id: Id; status: ActivityStatus } }
  linkTopics: { in: ActivityInputs['linkTopics']; out: { id: Id; status: ActivityStatus } }
  publish: { in: { id: Id }; out: { id: Id; status: ActivityStatus } }
  cancel: { in: { id: Id; reason: string }; out: { id: Id; status: ActivityStatus } }
  openSignIn: { in: { id: Id }; out: { id: Id; status: ActivityStatus } }
  addWalkIns: { in: ActivityInputs['addWalkIns']; out: { id: Id; status: ActivityStatus } }
  conclude: { in: ActivityInputs['conclude']; out: { id: Id; status: ActivityStatus; agreedItemIds: Id[] } }
  evaluate: { in: ActivityInputs['evaluate']; out: { id: Id; status: ActivityStatus } }
  register: { in: { id: Id }; out: { id: Id; registered: true } }
  /** Once per person: a second scan answers `already: true` (已签到). No live count (staff's pages and signInState count). */
  signIn: { in: { id: Id }; out: { id: Id; already: boolean; group: ParticipantGroup } }
  /** Recorded for a resident (onBehalfOf): the code on the card the recorder hands over, to take the item over later. */
  raise: { in: ActivityInputs['raise']; out: { id: Id; suggestionId: Id; takeoverCode?: string } }
  answerSatisfaction: { in: { id: Id; value: Satisfaction }; out: { id: Id } }
  /** Staff answer the activity's topic items together: each through the loop's commands, each with its own result. */
  answerTopics: { in: ActivityInputs['answerTopics']; out: { id: Id; results: TopicAnswerResult[] } }
  upsertListEntry: { in: { list: 'kinds' | 'criteria'; id?: Id; name: string; order?: number; retired?: boolean }; out: { id: Id } }
  list: { in: { family: 'planning' | 'upcoming' | 'live' | 'past'; townId?: Id; cursor?: string | null }; out: Page<ActivityCard> }
  detail: { in: { id: Id }; out: ActivityDetail }
  mine: { in: Record<string, never>; out: { invited: ActivityCard[]; registered: ActivityCard[]; attended: ActivityCard[] } }
  signInState: { in: { id: Id }; out: SignInState }
  /** The mini-program code for the sign-in page, as a PNG in base64 (wxacode.getUnlimited). */
  signInCode: { in: { id: Id }; out: { scene: string; page: string; contentType: string; base64: string } }
  candidates: { in: { townId?: Id }; out: { topics: (CandidateTopic & { items: { id: Id; title: string; villageName: string; townName: string }[] })[] } }
  figures: { in: { from?: IsoTime; to?: IsoTime; townId?: Id }; out: ActivityFigures & { paragraph: string } }
  lists: { in: Record<string, never>; out: { kinds: ListEntry[]; criteria: ListEntry[] } }
}

export type AgreedItemDraft = { title: string; content?: string; category: Category; target: HandOffTarget; deadline: IsoTime; note?: string }
