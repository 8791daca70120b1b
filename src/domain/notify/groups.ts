// WeChat groups reached by mini-program cards: a group is known by its openGId (decoded by the platform from the cloudID
// wx.getGroupEnterInfo gives), pending until staff bind it to a village or town — or bound by a bind card staff made.
// Shapes, input schemas and labels shared by the `notify` function and the app.
import * as v from 'valibot'
import { idSchema } from '../schemas'
import { VALIDATION as M } from '../labels'
import type { Id, IsoTime } from '../types'

export const GROUP_TARGET_KINDS = ['village', 'town'] as const
export type GroupTargetKind = (typeof GROUP_TARGET_KINDS)[number]

export interface ChatGroupView {
  openGId: string
  status: 'pending' | 'bound'
  /** What staff call the group (given when binding); empty while pending. */
  name: string
  target: string | null
  targetName: string
  boundBy: 'staff' | 'card' | null
  firstSeenAt: IsoTime
  lastSeenAt: IsoTime
  /** The title of the item whose card first brought the group in (helps staff tell pending groups apart). */
  firstItemTitle: string
}

/** One group an item's notice reached: through its robot (deliveries) or a card opened in it (people who opened it). */
export interface CardReach { openGId: string; name: string; targetName: string; people: number; opens: number; lastAt: IsoTime | null }

export interface BindCard { token: string; title: string; path: string; targetName: string; expiresAt: IsoTime }

export interface GroupsActions {
  openGroupCard: {
    in: { suggestionId?: Id; noticeId?: Id; bindToken?: string }
    out: { status: 'pending' | 'bound'; targetName: string; boundNow: boolean }
  }
  chatGroups: { in: { status: 'pending' | 'bound'; cursor?: string | null }; out: { items: ChatGroupView[]; nextCursor: string | null } }
  bindChatGroup: { in: { openGId: string; targetKind: GroupTargetKind; targetId: Id; name: string }; out: ChatGroupView }
  makeBindCard: { in: { targetKind: GroupTargetKind; targetId: Id }; out: BindCard }
  itemReach: { in: { id: Id }; out: { cards: CardReach[]; boundGroups: Array<{ openGId: string; name: string; target: string; targetName: string }> } }
}

/** A bind card's token: 24 URL-safe characters (144 random bits), never derived from anything a member can see. */
export const BIND_TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/
const OPEN_GID = /^[A-Za-z0-9_-]{8,64}$/

const groupName = v.pipe(v.string(M.required('群名称')), v.trim(), v.minLength(1, M.required('群名称')), v.maxLength(30, M.tooLong('群名称', 30)))

export const groupsSchemas = {
  openGroupCard: v.strictObject({
    suggestionId: v.optional(idSchema),
    noticeId: v.optional(idSchema),
    bindToken: v.optional(v.pipe(v.string(), v.regex(BIND_TOKEN_PATTERN, M.invalid('绑定卡片')))),
  }),
  chatGroups: v.strictObject({
    status: v.picklist(['pending', 'bound'] as const, M.invalid('状态')),
    cursor: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
  }),
  bindChatGroup: v.strictObject({
    openGId: v.pipe(v.string(M.required('群')), v.regex(OPEN_GID, M.invalid('群'))),
    targetKind: v.picklist(GROUP_TARGET_KINDS, M.choose('所属村（社区）或镇')),
    targetId: idSchema,
    name: groupName,
  }),
  makeBindCard: v.strictObject({
    targetKind: v.picklist(GROUP_TARGET_KINDS, M.choose('所属村（社区）或镇')),
    targetId: idSchema,
  }),
  itemReach: v.strictObject({ id: idSchema }),
}

/**
 * The group's openGId from the call's open data: `{ cloudID, data: { openGId } }` as the platform puts it in the event.
 * WeChat's page for getGroupEnterInfo spells the field `opengid`, getShareInfo's `openGId`: either is read.
 * Null when the open data is missing, could not be decoded (`errCode`), or holds no group.
 */
export function openGIdOf(openData: unknown): string | null {
  if (!openData || typeof openData !== 'object') return null
  const data = (openData as { data?: unknown }).data
  if (!data || typeof data !== 'object') return null
  const id = (data as { openGId?: unknown }).openGId ?? (data as { opengid?: unknown }).opengid
  return typeof id === 'string' && OPEN_GID.test(id) ? id : null
}

/** The cloudID in the call's open data: the string itself, or the `cloudID` beside what the platform decoded. */
export function cloudIdOf(openData: unknown): string | null {
  const id = openData && typeof openData === 'object' ? (openData as { cloudID?: unknown }).cloudID : openData
  return typeof id === 'string' && /^[A-Za-z0-9_-]{8,200}$/.test(id) ? id : null
}

export const GROUP_LABELS = {
  pending: '待绑定',
  bound: '已绑定',
  boundByCard: '通过绑定卡片',
  boundByStaff: '工作人员绑定',
  cardGroupName: (place: string) => `${place}微信群`,
  bindCardTitle: (place: string) => `【绑定工作群】把本群绑定到${place}`,
  bindExpired: '绑定卡片已过期，请工作人员重新生成',
  bindInvalid: '绑定卡片无效',
  noGroup: '没有读到群信息，请从微信群里的卡片打开',
  reachTitle: '通知到达的群',
  people: (n: number) => `${n} 人打开`,
  notOpened: '已绑定，尚无人从群里打开',
  cardShare: '群卡片',
}

/** How long a bind card binds groups after staff made it. */
export const BIND_CARD_DAYS = 7
