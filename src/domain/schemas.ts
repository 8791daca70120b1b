// Validation schemas for every action input of api.ts, shared by the mini-program (forms) and the functions (step 1 of every call).
// valibot, because it tree-shakes: the mini-program's main package pays only for the validators it imports.
import * as v from 'valibot'
import { CATEGORIES, CHANNELS, OUTCOMES, RATINGS, ROLES, STANCES } from './types'
import { MEMBER_QUEUE_TABS, STATUS_FAMILIES, TRIAGE_TABS, type ErrorCode } from './api'
import { fieldLabel } from './labels'

export const LIMITS = {
  title: 50,
  content: 1000,
  comment: 500,
  reason: 500,
  note: 500,
  images: 9,
  name: 20,
  invited: 50,
  groupMembers: 200,
} as const

/** Ids are short, plain tokens: letters, digits, '_' and '-'. Anything else is refused before it reaches a query. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
/** Uploaded image ids: a CloudBase file id, or a local temporary file the client has not uploaded yet. */
export const IMAGE_PATTERN = /^(cloud:\/\/[A-Za-z0-9._-]+\/[A-Za-z0-9._\/-]+|wxfile:\/\/[A-Za-z0-9._\/-]+|http:\/\/tmp\/[A-Za-z0-9._\/-]+)$/
const ISO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/
const PHONE_PATTERN = /^1\d{10}$/
const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/
const CURSOR_PATTERN = /^[A-Za-z0-9_|:.-]{1,200}$/

export const idSchema = v.pipe(v.string('编号必须是文字'), v.regex(ID_PATTERN, '编号格式不正确'))
const isoTime = v.pipe(v.string('请填写时间'), v.regex(ISO_TIME_PATTERN, '时间格式不正确'),
  v.check((s) => !Number.isNaN(Date.parse(s)), '时间不正确'))

/** A trimmed, non-empty text of at most `max` characters. Messages name the field in Chinese. */
function text(label: string, max: number) {
  return v.pipe(
    v.string(`${label}必须是文字`),
    v.trim(),
    v.minLength(1, `请填写${label}`),
    v.maxLength(max, `${label}不能超过${max}字`),
  )
}
const optionalText = (label: string, max: number) =>
  v.optional(v.pipe(v.string(`${label}必须是文字`), v.trim(), v.maxLength(max, `${label}不能超过${max}字`)))

const images = v.pipe(
  v.array(v.pipe(v.string('图片编号不正确'), v.maxLength(256, '图片编号太长'), v.regex(IMAGE_PATTERN, '图片编号不正确')), '图片格式不正确'),
  v.maxLength(LIMITS.images, `图片最多${LIMITS.images}张`),
)
const cursor = v.optional(v.nullable(v.pipe(v.string(), v.regex(CURSOR_PATTERN, '分页参数不正确'))))

export const handOffTargetSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('member'), memberId: idSchema }),
  v.strictObject({ kind: v.literal('sectorGroup'), sectorGroupId: idSchema }),
  v.strictObject({ kind: v.literal('department'), departmentId: idSchema }),
], '请选择交办对象')

const byId = v.strictObject({ id: idSchema })

// ---- the `suggestions` function ----

export const suggestionsSchemas = {
  submit: v.strictObject({
    category: v.picklist(CATEGORIES, '请选择类别'),
    townId: idSchema,
    villageId: idSchema,
    title: text('标题', LIMITS.title),
    content: text('内容', LIMITS.content),
    images: v.optional(images, []),
    anonymous: v.optional(v.boolean('匿名必须是是或否'), false),
    channel: v.optional(v.picklist(CHANNELS, '来源渠道不正确'), 'online'),
    onBehalfOf: v.optional(v.strictObject({
      name: text('姓名', LIMITS.name),
      phone: v.optional(v.pipe(v.string(), v.regex(PHONE_PATTERN, '手机号格式不正确'))),
    })),
  }),
  approve: byId,
  reject: v.strictObject({ id: idSchema, reason: text('理由', LIMITS.reason) }),
  accept: byId,
  merge: v.strictObject({ id: idSchema, intoId: idSchema, reason: optionalText('理由', LIMITS.reason) }),
  withdraw: v.strictObject({ id: idSchema, reason: optionalText('理由', LIMITS.reason) }),
  openConsultation: v.strictObject({
    id: idSchema,
    deadline: isoTime,
    invitedMemberIds: v.pipe(v.array(idSchema), v.maxLength(LIMITS.invited, `最多邀请${LIMITS.invited}位委员`)),
  }),
  comment: v.strictObject({
    id: idSchema,
    text: text('内容', LIMITS.comment),
    stance: v.optional(v.picklist(STANCES, '请选择立场')),
    replyToId: v.optional(idSchema),
  }),
  second: byId,
  concludeConsultation: v.strictObject({
    id: idSchema,
    plan: v.strictObject({
      actions: text('措施', LIMITS.content),
      responsibleUnit: text('责任单位', LIMITS.title),
      deadline: isoTime,
    }),
    handOff: v.optional(v.strictObject({ target: handOffTargetSchema, deadline: isoTime, note: optionalText('说明', LIMITS.note) })),
  }),
  handOff: v.strictObject({ id: idSchema, target: handOffTargetSchema, deadline: isoTime, note: optionalText('说明', LIMITS.note) }),
  claim: byId,
  returnItem: v.strictObject({ id: idSchema, reason: text('理由', LIMITS.reason) }),
  reassign: v.strictObject({ id: idSchema, target: handOffTargetSchema, deadline: isoTime, note: optionalText('说明', LIMITS.note) }),
  progress: v.strictObject({ id: idSchema, note: text('进展', LIMITS.content), images: v.optional(images, []) }),
  reply: v.strictObject({ id: idSchema, text: text('答复', LIMITS.content), outcome: v.picklist(OUTCOMES, '请选择采纳情况') }),
  rate: v.strictObject({ id: idSchema, value: v.picklist(RATINGS, '请选择评价'), reason: optionalText('理由', LIMITS.reason) }),
  chase: v.strictObject({ id: idSchema, note: optionalText('说明', LIMITS.note) }),
  close: v.strictObject({ id: idSchema, reason: optionalText('理由', LIMITS.reason) }),
  follow: v.strictObject({ id: idSchema, on: v.boolean('关注必须是是或否') }),
  notifyGroup: v.strictObject({ id: idSchema, text: text('通知内容', LIMITS.comment) }),
  detail: byId,
  mine: v.strictObject({ family: v.optional(v.picklist(STATUS_FAMILIES)), cursor }),
  following: v.strictObject({ cursor }),
  feed: v.strictObject({ townId: v.optional(idSchema), cursor }),
  memberQueue: v.strictObject({ tab: v.picklist(MEMBER_QUEUE_TABS, '分类不正确'), cursor }),
  triage: v.strictObject({
    tab: v.picklist(TRIAGE_TABS, '分类不正确'),
    townId: v.optional(idSchema),
    category: v.optional(v.picklist(CATEGORIES, '类别不正确')),
    cursor,
  }),
  similar: v.strictObject({
    townId: idSchema,
    villageId: v.optional(idSchema),
    title: v.pipe(v.string(), v.maxLength(LIMITS.title, `标题不能超过${LIMITS.title}字`)),
    content: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.content, `内容不能超过${LIMITS.content}字`))),
  }),
  ledger: v.strictObject({ townId: v.optional(idSchema), from: v.optional(isoTime), to: v.optional(isoTime) }),
} as const

// ---- the `org` function ----

const empty = v.optional(v.strictObject({}), {})
export const orgSchemas = {
  me: empty,
  updateProfile: v.strictObject({
    name: v.optional(text('姓名', LIMITS.name)),
    phone: v.optional(v.pipe(v.string(), v.regex(PHONE_PATTERN, '手机号格式不正确'))),
  }),
  towns: empty,
  members: v.strictObject({ townId: v.optional(idSchema), q: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.name))) }),
  sectorGroups: empty,
  departments: empty,
  staffList: empty,
  upsertTown: v.strictObject({ id: v.optional(idSchema), name: text('名称', LIMITS.name), order: v.optional(v.pipe(v.number(), v.integer())) }),
  upsertVillage: v.strictObject({ id: v.optional(idSchema), townId: idSchema, name: text('名称', LIMITS.name), order: v.optional(v.pipe(v.number(), v.integer())) }),
  bindMember: v.strictObject({ villageId: idSchema, memberId: v.nullable(idSchema) }),
  upsertSectorGroup: v.strictObject({
    id: v.optional(idSchema), name: text('名称', LIMITS.name),
    memberIds: v.pipe(v.array(idSchema), v.maxLength(LIMITS.groupMembers)),
  }),
  upsertDepartment: v.strictObject({ id: v.optional(idSchema), name: text('名称', LIMITS.name) }),
  setRoles: v.strictObject({
    personId: idSchema,
    roles: v.pipe(v.array(v.picklist(ROLES, '角色不正确')), v.minLength(1, '至少一个角色')),
    staffScope: v.optional(v.union([v.literal('all'), v.array(idSchema)], '工作范围不正确')),
  }),
} as const

/** Every call's envelope: `{ action, input, requestId }`. */
export const callDataSchema = v.object({
  action: v.pipe(v.string('缺少操作'), v.regex(/^[A-Za-z]{1,40}$/, '操作不正确')),
  input: v.optional(v.unknown()),
  requestId: v.optional(v.pipe(v.string(), v.regex(REQUEST_ID_PATTERN, '请求编号不正确'))),
})

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: Extract<ErrorCode, 'INVALID_INPUT'>; field: string; message: string }

/** Validate input against a schema; a failure names the dotted path of the first bad field ("plan.deadline", "images.3"). */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, input ?? {}, { abortPipeEarly: true })
  if (result.success) return { ok: true, value: result.output }
  const issue = result.issues[0]
  let field = v.getDotPath(issue) ?? ''
  // A strict object names the unknown key through the issue's path too; a bad whole input has no path.
  if (!field && issue.path?.length) field = issue.path.map((p) => String(p.key)).join('.')
  const message = field && !/[\u4e00-\u9fa5]/.test(issue.message) ? `${fieldLabel(field)}不正确` : issue.message
  return { ok: false, code: 'INVALID_INPUT', field: field || 'input', message }
}
