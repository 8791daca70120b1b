// The product's nouns, shared by the mini-program and the cloud functions. Pure TypeScript: no Taro, WeChat or CloudBase.
// Times are UTC ISO-8601 strings ("2026-11-26T03:00:00.000Z"): stored as such, sortable, shown in UTC+8 by the UI.

export type Id = string
export type IsoTime = string

export const ROLES = ['citizen', 'member', 'staff', 'admin', 'departmentHandler', 'evaluator'] as const
export type Role = (typeof ROLES)[number]

export const STATUSES = [
  'pendingReview', 'submitted', 'accepted', 'consulting', 'assigned', 'claimed', 'replied',
  'closed', 'rejected', 'merged', 'withdrawn',
] as const
export type SuggestionStatus = (typeof STATUSES)[number]

export const OUTCOMES = ['adopted', 'partlyAdopted', 'forReference', 'notAdopted'] as const
export type Outcome = (typeof OUTCOMES)[number]

export const RATINGS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const
export type Rating = (typeof RATINGS)[number]

export const STANCES = ['for', 'neutral', 'against'] as const
export type Stance = (typeof STANCES)[number]

/** How the suggestion reached the office: online by the citizen, recorded by staff at a liaison station, raised at a consultation activity. */
export const CHANNELS = ['online', 'liaisonStation', 'consultationActivity'] as const
export type Channel = (typeof CHANNELS)[number]

/** How an item came out of an activity: raised by a participant (or recorded for one), or a promise made on site. */
export const SUGGESTION_ORIGINS = ['raisedAtActivity', 'agreedAtActivity'] as const
export type SuggestionOrigin = (typeof SUGGESTION_ORIGINS)[number]

export const CATEGORIES = [
  'traffic', 'environment', 'education', 'health', 'elderly', 'agriculture', 'safety', 'publicService', 'other',
] as const
export type Category = (typeof CATEGORIES)[number]

export interface Person {
  _id: Id
  /** WeChat openid. Never sent to anyone but its owner and staff. */
  openid: string
  name: string
  /** Shown to staff only. */
  phone?: string
  roles: Role[]
  /** Sector groups (界别活动组) a member belongs to. */
  sectorGroupIds: Id[]
  /** Staff scope: 'all', or the towns they work for. */
  staffScope?: 'all' | Id[]
  /** A member's sector (界别), e.g. 经济界. */
  sector?: string
  /** Villages this member is bound to (一村一社一委员); kept in step with Village.boundMemberId by the bindMember command. */
  boundVillageIds?: Id[]
  /** Departments a department handler (部门办理人) acts for; set with the role by an admin. */
  departmentIds?: Id[]
  createdAt: IsoTime
  updatedAt: IsoTime
}

export interface Town { _id: Id; kind: 'town'; name: string; order: number }
export interface Village { _id: Id; kind: 'village'; townId: Id; name: string; order: number; boundMemberId?: Id }
export type OrgUnit = Town | Village

export interface SectorGroup { _id: Id; name: string; memberIds: Id[]; leaderId?: Id }
export interface Department { _id: Id; name: string }

export type HandOffTarget =
  | { kind: 'member'; memberId: Id }
  | { kind: 'sectorGroup'; sectorGroupId: Id }
  | { kind: 'department'; departmentId: Id }

/** Rungs of the claim ladder: the bound member, then the member's sector group, then an alert to staff. */
export type LadderRung = 'member' | 'sectorGroup' | 'staffAlert'

export interface AgreedPlan {
  actions: string
  responsibleUnit: string
  deadline: IsoTime
  tally: { for: number; neutral: number; against: number }
}

export interface Suggestion {
  _id: Id
  title: string
  content: string
  category: Category
  townId: Id
  villageId: Id
  images: string[]
  anonymous: boolean
  /** The proposer agreed, when submitting, that whoever handles it may phone them (the phone then reaches the handler). */
  contactable?: boolean
  channel: Channel
  /** Person id of the citizen the suggestion belongs to. */
  authorId: Id
  /** Staff or the member on duty who recorded it for a resident (liaison station, activity). */
  recordedById?: Id
  /** The resident it was recorded for, when staff or a member on duty recorded it (shown to staff and the recorder only). */
  onBehalfOf?: { name: string; phone?: string }
  /**
   * While a recorded item waits for its resident: the code on the card the recorder hands over, and the resident's phone.
   * The resident takes it over (takeOver) with the code, or because the phone they fill in 我的 matches; then this goes.
   */
  pendingTakeover?: { code: string; phone?: string }
  /** When the resident took it over and became its author. */
  takenOverAt?: IsoTime
  /** The 请你来协商 activity it came from: raised there, or agreed there (现场拍板) and handed off on the spot. */
  activityId?: Id
  origin?: SuggestionOrigin
  status: SuggestionStatus
  createdAt: IsoTime
  updatedAt: IsoTime
  /** When its content was first public: at submission when the content check passed it, else when staff approved it.
   *  Absent: never published, so only its author and staff may see it, whatever its status now. */
  publishedAt?: IsoTime
  /** The thread's stance tally, each person's latest stance counted once; changed in each comment's transaction. */
  tally?: { for: number; neutral: number; against: number }
  /** When staff accepted it (受理); the figures time submission → acceptance from it. */
  acceptedAt?: IsoTime
  /** The bound member of the village, proposed when staff accept. */
  suggestedHandlerId?: Id
  consultation?: {
    openedAt: IsoTime
    deadline: IsoTime
    invitedMemberIds: Id[]
    plan?: AgreedPlan
    concludedAt?: IsoTime
    /** When the timer reminded staff that the deadline passed with no conclusion (once per consultation). */
    remindedAt?: IsoTime
  }
  handOff?: {
    target: HandOffTarget
    deadline: IsoTime
    at: IsoTime
    byId: Id
    note?: string
    rung: LadderRung
    /** When the current rung started (the hand-off time for the first rung); the claim ladder times each rung from it. */
    rungAt?: IsoTime
  }
  /** The member who claimed it. */
  handlerId?: Id
  claimedAt?: IsoTime
  /** `departmentId`: staff recorded the department's written reply on its behalf (代录); `byId` is then the staff member. */
  reply?: { text: string; outcome: Outcome; at: IsoTime; byId: Id; departmentId?: Id }
  rating?: { value: Rating; reason?: string; at: IsoTime }
  reopenCount: number
  chaseCount: number
  /** Last 督办 (by staff or the timer); the timer chases an overdue item at most once a day. */
  lastChasedAt?: IsoTime
  secondCount: number
  commentCount: number
  mergedIntoId?: Id
  mergedFromIds: Id[]
  closedAt?: IsoTime
  /** Bumped by every command; the repository writes only if it is unchanged since the read. */
  version: number
}

export interface TimelineEvent {
  _id: Id
  suggestionId: Id
  command: string
  actorId: Id | 'system'
  actorRole: Role | 'system'
  from: SuggestionStatus | null
  to: SuggestionStatus
  at: IsoTime
  payload: Record<string, unknown>
}

export interface Comment {
  _id: Id
  suggestionId: Id
  authorId: Id
  authorRole: Role
  stance?: Stance
  text: string
  replyToId?: Id
  at: IsoTime
}
