// The contract between the mini-program and the cloud functions: function names, actions, inputs and the views they answer.
// The api client (src/api) and the functions (cloudfunctions/*) both import these types; valibot schemas for every input live in ./schemas.ts.
import type {
  AgreedPlan, Category, Channel, Command, HandOffTarget, Id, IsoTime, LadderRung, Outcome, Rating, Role, Stance, SuggestionStatus,
} from './index'

/** Every call: `callFunction({ name, data: { action, input, requestId } })`. requestId is required for mutations: a retried call with the same id returns the first answer and writes nothing new. */
export interface CallData<A extends string = string, I = unknown> { action: A; input: I; requestId?: string; openData?: unknown }

export const ERROR_CODES = [
  'INVALID_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BAD_TRANSITION', 'RATE_LIMITED', 'CONTENT_REJECTED', 'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export type Envelope<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; field?: string }

export interface Page<T> { items: T[]; nextCursor: string | null }

// ---- views ---------------------------------------------------------------------------------

/** Someone as a viewer may see them. `name` is '匿名群众' style text from labels when hidden; phone only for staff. */
export interface PersonRef { id: Id | null; name: string; role?: Role; phone?: string }

export interface SuggestionCard {
  id: Id
  title: string
  excerpt: string
  category: Category
  townId: Id; townName: string
  villageId: Id; villageName: string
  status: SuggestionStatus
  createdAt: IsoTime
  updatedAt: IsoTime
  /** Derived: a hand-off deadline has passed while assigned or claimed. */
  overdue: boolean
  deadline?: IsoTime
  outcome?: Outcome
  secondCount: number
  commentCount: number
  imageCount: number
  /** Reopened (重办) after a dissatisfied rating and not answered again: its old outcome no longer holds. */
  reopened?: { reason?: string }
}

/** The public feed: handled items, anonymised (no author at all). */
export interface PublicCard extends SuggestionCard {
  replyExcerpt: string
  repliedAt: IsoTime
  rating?: Rating
}

export interface EventView {
  id: Id
  command: Command | string
  actor: PersonRef
  from: SuggestionStatus | null
  to: SuggestionStatus
  at: IsoTime
  /** Command-specific details a person may see (reason, note, photos, outcome, target name …). */
  payload: Record<string, unknown>
}

export interface CommentView {
  id: Id
  author: PersonRef
  stance?: Stance
  text: string
  replyToId?: Id
  at: IsoTime
  mine: boolean
}

export interface SuggestionDetail extends SuggestionCard {
  content: string
  images: string[]
  anonymous: boolean
  channel: Channel
  /** null when anonymous and the viewer is not the author or staff. */
  author: PersonRef | null
  mine: boolean
  /** For whoever handles it (the target or the handler), when the proposer agreed to be phoned and is not anonymous. */
  authorPhone?: string
  /** Staff and the recorder only: the resident the item was recorded for (liaison station, activity). */
  onBehalfOf?: { name: string; phone?: string }
  /** Staff and the recorder only, while the resident has not taken it over: the code on the card to hand them. */
  takeoverCode?: string
  /** The resident took the item over (they are its author now). */
  takenOverAt?: IsoTime
  /** 请你来协商 activities that take this item up as a topic (议题), newest first; drafts to their town's staff only. */
  topicOf?: { id: Id; topic: string; status: string; startAt: IsoTime }[]
  suggestedHandler?: PersonRef
  consultation?: {
    openedAt: IsoTime; deadline: IsoTime; invited: PersonRef[]
    tally: AgreedPlan['tally']
    plan?: AgreedPlan
    concludedAt?: IsoTime
  }
  handOff?: { targetKind: HandOffTarget['kind']; targetId: Id; targetName: string; deadline: IsoTime; at: IsoTime; rung: LadderRung; note?: string }
  handler?: PersonRef
  claimedAt?: IsoTime
  /** department: set when staff recorded the reply on the department's behalf (代录). */
  reply?: { text: string; outcome: Outcome; at: IsoTime; by: PersonRef; department?: { id: Id; name: string }; superseded?: boolean }
  rating?: { value: Rating; reason?: string; at: IsoTime }
  reopenCount: number
  chaseCount: number
  mergedIntoId?: Id
  mergedFromIds: Id[]
  /** The newest events, oldest first; `olderTimelineCursor` pages back through older ones (the `timeline` query). */
  timeline: EventView[]
  olderTimelineCursor?: string | null
  /** The newest comments, oldest first; `olderCommentsCursor` pages back through older ones (the `comments` query). */
  comments: CommentView[]
  olderCommentsCursor?: string | null
  /** The commands this viewer may take now, from the transition table and the one permission function. */
  actions: Command[]
  following: boolean
  seconded: boolean
}

export interface Me {
  id: Id | null
  name: string
  roles: Role[]
  phone?: string
  sectorGroupIds: Id[]
  staffScope?: 'all' | Id[]
  boundVillageIds: Id[]
  /** A department handler's departments. */
  departmentIds?: Id[]
}

export interface TownView { id: Id; name: string; villages: { id: Id; name: string; boundMemberId?: Id; boundMemberName?: string }[] }
export interface MemberView { id: Id; name: string; sector?: string; sectorGroupIds: Id[]; boundVillageIds: Id[]; phone?: string }
export interface SectorGroupView { id: Id; name: string; memberIds: Id[] }
/** handlers: the people who act for the department (names public, like members'). */
export interface DepartmentView { id: Id; name: string; handlers: { id: Id; name: string }[] }
/** A person as an admin manages them: roles, scope, departments, sector, bound villages. */
export interface PersonAdminView {
  id: Id; name: string; phone?: string; roles: Role[]; staffScope?: 'all' | Id[]; departmentIds: Id[]; sector?: string; boundVillageIds: Id[]
}
export interface StaffView { id: Id; name: string; roles: Role[]; scope: 'all' | Id[]; phone?: string }

// ---- the `suggestions` function --------------------------------------------------------------

export interface SuggestionsActions {
  // commands (each needs requestId)
  submit: { in: { category: Category; townId: Id; villageId: Id; title: string; content: string; images: string[]; anonymous: boolean; contactable?: boolean; channel?: Channel; onBehalfOf?: { name: string; phone?: string } }; out: { id: Id; status: SuggestionStatus } }
  approve: { in: { id: Id }; out: CommandResult }
  reject: { in: { id: Id; reason: string }; out: CommandResult }
  accept: { in: { id: Id }; out: CommandResult }
  merge: { in: { id: Id; intoId: Id; reason?: string }; out: CommandResult }
  withdraw: { in: { id: Id; reason?: string }; out: CommandResult }
  openConsultation: { in: { id: Id; deadline: IsoTime; invitedMemberIds: Id[] }; out: CommandResult }
  comment: { in: { id: Id; text: string; stance?: Stance; replyToId?: Id }; out: CommandResult & { commentId: Id } }
  second: { in: { id: Id }; out: CommandResult }
  concludeConsultation: { in: { id: Id; plan: { actions: string; responsibleUnit: string; deadline: IsoTime }; handOff?: { target: HandOffTarget; deadline: IsoTime; note?: string } }; out: CommandResult }
  handOff: { in: { id: Id; target: HandOffTarget; deadline: IsoTime; note?: string }; out: CommandResult }
  claim: { in: { id: Id }; out: CommandResult }
  returnItem: { in: { id: Id; reason: string }; out: CommandResult }
  reassign: { in: { id: Id; target: HandOffTarget; deadline: IsoTime; note?: string }; out: CommandResult }
  progress: { in: { id: Id; note: string; images: string[] }; out: CommandResult }
  reply: { in: { id: Id; text: string; outcome: Outcome }; out: CommandResult }
  /** Staff record a department's written reply on its behalf (the item is handed to a department). */
  recordReply: { in: { id: Id; text: string; outcome: Outcome }; out: CommandResult }
  rate: { in: { id: Id; value: Rating; reason?: string }; out: CommandResult }
  chase: { in: { id: Id; note?: string }; out: CommandResult }
  close: { in: { id: Id; reason?: string }; out: CommandResult }
  follow: { in: { id: Id; on: boolean }; out: { following: boolean } }
  /** The resident an item was recorded for becomes its author: with the card's code, or (no code) their phone in 我的 matching. */
  takeOver: { in: { id?: Id; code?: string }; out: CommandResult }
  /** Staff store a notice to the item's village work group; sending is the dispatcher's job. */
  notifyGroup: { in: { id: Id; text: string }; out: { noticeId: Id } }
  // queries
  detail: { in: { id: Id }; out: SuggestionDetail }
  /** Older timeline events and comments of an item, a page at a time back from a detail's cursor (oldest first in a page). */
  timeline: { in: { id: Id; cursor: string }; out: Page<EventView> }
  comments: { in: { id: Id; cursor: string }; out: Page<CommentView> }
  mine: { in: { family?: StatusFamily; cursor?: string | null }; out: Page<SuggestionCard> & { counts: Record<StatusFamily, number> } }
  following: { in: { cursor?: string | null }; out: Page<SuggestionCard> }
  feed: { in: { townId?: Id; cursor?: string | null }; out: Page<PublicCard> }
  memberQueue: { in: { tab: MemberQueueTab; cursor?: string | null }; out: Page<SuggestionCard> & { counts: Record<MemberQueueTab, number> } }
  /** oldestFirst: the tabs sorted by submission time show the longest waiting first. */
  triage: { in: { tab: TriageTab; townId?: Id; category?: Category; cursor?: string | null; oldestFirst?: boolean }; out: Page<SuggestionCard> & { counts: Record<TriageTab, number> } }
  similar: { in: { townId: Id; villageId?: Id; title: string; content?: string }; out: { items: (SuggestionCard & { score: number })[] } }
  /** Items I recorded for residents (staff, members on duty), newest first, with whether each was taken over. */
  recordedByMe: { in: { cursor?: string | null }; out: Page<RecordedCard> }
  /** Items recorded for the phone I filled in 我的, not taken over yet. */
  waitingForMe: { in: Record<string, never>; out: { items: SuggestionCard[] } }
  /** 我的村社区: the villages a member is bound to, each with how many of its items are open. */
  myVillages: { in: Record<string, never>; out: { villages: VillageSummary[] } }
  /** Every item of one village, newest first, in every state (open: only those not ended). */
  villageItems: { in: { villageId: Id; open?: boolean; cursor?: string | null }; out: Page<SuggestionCard> }
}

export interface VillageSummary { id: Id; name: string; townId: Id; townName: string; openCount: number; totalCount: number }

export interface RecordedCard extends SuggestionCard {
  onBehalfOf: { name: string; phone?: string }
  /** Present while the resident has not taken it over. */
  takeoverCode?: string
  takenOverAt?: IsoTime
}

export interface CommandResult { id: Id; status: SuggestionStatus; eventId: Id }

export const STATUS_FAMILIES = ['triage', 'inProgress', 'replied', 'ended'] as const
export type StatusFamily = (typeof STATUS_FAMILIES)[number]
/** toConsult: consultations the member is invited to that are still open (待协商). */
export const MEMBER_QUEUE_TABS = ['toClaim', 'toConsult', 'inProgress', 'overdue', 'replied'] as const
export type MemberQueueTab = (typeof MEMBER_QUEUE_TABS)[number]
export const TRIAGE_TABS = ['pendingReview', 'submitted', 'accepted', 'consulting', 'handling', 'overdue', 'replied', 'ended'] as const
export type TriageTab = (typeof TRIAGE_TABS)[number]

// ---- the `org` function: people, places, groups ----------------------------------------------

export interface OrgActions {
  me: { in: Record<string, never>; out: Me }
  updateProfile: { in: { name?: string; phone?: string }; out: Me }
  towns: { in: Record<string, never>; out: { towns: TownView[] } }
  /** A page of members by name (200); `nextCursor` continues. */
  members: { in: { townId?: Id; q?: string; cursor?: string | null }; out: { members: MemberView[]; nextCursor: string | null } }
  sectorGroups: { in: Record<string, never>; out: { groups: SectorGroupView[] } }
  departments: { in: Record<string, never>; out: { departments: DepartmentView[] } }
  staffList: { in: Record<string, never>; out: { staff: StaffView[] } }
  /** Admin: people by exact name or phone, to grant or remove roles. */
  findPeople: { in: { q: string }; out: { people: PersonAdminView[] } }
  // admin commands (each needs requestId)
  upsertTown: { in: { id?: Id; name: string; order?: number }; out: { id: Id } }
  upsertVillage: { in: { id?: Id; townId: Id; name: string; order?: number }; out: { id: Id } }
  bindMember: { in: { villageId: Id; memberId: Id | null }; out: { villageId: Id; memberId: Id | null } }
  upsertSectorGroup: { in: { id?: Id; name: string; memberIds: Id[] }; out: { id: Id } }
  upsertDepartment: { in: { id?: Id; name: string }; out: { id: Id } }
  /** departmentIds: the departments a departmentHandler acts for (required with that role); sector: a member's 界别 ('' clears it). */
  setRoles: { in: { personId: Id; roles: Role[]; staffScope?: 'all' | Id[]; departmentIds?: Id[]; sector?: string }; out: { personId: Id } }
}

export type ActionIn<M, A extends keyof M> = M[A] extends { in: infer I } ? I : never
export type ActionOut<M, A extends keyof M> = M[A] extends { out: infer O } ? O : never

export const FUNCTIONS = { suggestions: 'suggestions', org: 'org', timer: 'timer' } as const
