// Validation schemas for every action input of api.ts, shared by the mini-program (forms) and the functions (step 1 of every call).
// valibot, because it tree-shakes: the mini-program's main package pays only for the validators it imports.
import * as v from 'valibot'
import { CATEGORIES, CHANNELS, OUTCOMES, RATINGS, ROLES, STANCES } from './types'
import { MEMBER_QUEUE_TABS, STATUS_FAMILIES, TRIAGE_TABS, type ErrorCode } from './api'
import { FIELD_LABELS as F, VALIDATION as M, fieldLabel } from './labels'

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
/** The code on a takeover card: 8 letters and digits without look-alikes (0/O, 1/I/L). */
export const TAKEOVER_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const TAKEOVER_CODE_PATTERN = /^[A-HJKMNP-Za-hjkmnp-z2-9]{8}$/
const CURSOR_PATTERN = /^[A-Za-z0-9_|:.-]{1,200}$/

export const idSchema = v.pipe(v.string(M.notText(F.id)), v.regex(ID_PATTERN, M.malformed(F.id)))
const isoTime = v.pipe(v.string(M.required(F.time)), v.regex(ISO_TIME_PATTERN, M.malformed(F.time)),
  v.check((s) => !Number.isNaN(Date.parse(s)), M.invalid(F.time)))

/** A trimmed, non-empty text of at most `max` characters. Messages name the field in Chinese. */
function text(label: string, max: number) {
  return v.pipe(
    v.string(M.notText(label)),
    v.trim(),
    v.minLength(1, M.required(label)),
    v.maxLength(max, M.tooLong(label, max)),
  )
}
const optionalText = (label: string, max: number) =>
  v.optional(v.pipe(v.string(M.notText(label)), v.trim(), v.maxLength(max, M.tooLong(label, max))))

const images = v.pipe(
  v.array(v.pipe(v.string(M.invalid(F.imageId)), v.maxLength(256, M.imageIdTooLong), v.regex(IMAGE_PATTERN, M.invalid(F.imageId))), M.malformed(F.images)),
  v.maxLength(LIMITS.images, M.tooManyImages(LIMITS.images)),
)
const cursor = v.optional(v.nullable(v.pipe(v.string(), v.regex(CURSOR_PATTERN, M.invalid(F.cursor)))))

export const handOffTargetSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('member'), memberId: idSchema }),
  v.strictObject({ kind: v.literal('sectorGroup'), sectorGroupId: idSchema }),
  v.strictObject({ kind: v.literal('department'), departmentId: idSchema }),
], M.choose(F.target))

const byId = v.strictObject({ id: idSchema })
const empty = v.optional(v.strictObject({}), {})

// ---- the `suggestions` function ----

export const suggestionsSchemas = {
  submit: v.strictObject({
    category: v.picklist(CATEGORIES, M.choose(F.category)),
    townId: idSchema,
    villageId: idSchema,
    title: text(F.title, LIMITS.title),
    content: text(F.content, LIMITS.content),
    images: v.optional(images, []),
    anonymous: v.optional(v.boolean(M.yesNo(F.anonymous)), false),
    contactable: v.optional(v.boolean(M.yesNo(F.contactable))),
    channel: v.optional(v.picklist(CHANNELS, M.invalid(F.channel)), 'online'),
    // A resident recorded on duty is named and reachable: the phone also lets them take the item over later.
    onBehalfOf: v.optional(v.strictObject({
      name: text(F.name, LIMITS.name),
      phone: v.pipe(v.string(M.required(F.phone)), v.regex(PHONE_PATTERN, M.malformed(F.phone))),
    })),
  }),
  approve: byId,
  reject: v.strictObject({ id: idSchema, reason: text(F.reason, LIMITS.reason) }),
  accept: byId,
  merge: v.strictObject({ id: idSchema, intoId: idSchema, reason: optionalText(F.reason, LIMITS.reason) }),
  withdraw: v.strictObject({ id: idSchema, reason: optionalText(F.reason, LIMITS.reason) }),
  openConsultation: v.strictObject({
    id: idSchema,
    deadline: isoTime,
    invitedMemberIds: v.pipe(v.array(idSchema), v.maxLength(LIMITS.invited, M.tooManyInvited(LIMITS.invited))),
  }),
  comment: v.strictObject({
    id: idSchema,
    text: text(F.text, LIMITS.comment),
    stance: v.optional(v.picklist(STANCES, M.choose(F.stance))),
    replyToId: v.optional(idSchema),
  }),
  second: byId,
  concludeConsultation: v.strictObject({
    id: idSchema,
    plan: v.strictObject({
      actions: text(F.actions, LIMITS.content),
      responsibleUnit: text(F.responsibleUnit, LIMITS.title),
      deadline: isoTime,
    }),
    handOff: v.optional(v.strictObject({ target: handOffTargetSchema, deadline: isoTime, note: optionalText(F.note, LIMITS.note) })),
  }),
  handOff: v.strictObject({ id: idSchema, target: handOffTargetSchema, deadline: isoTime, note: optionalText(F.note, LIMITS.note) }),
  claim: byId,
  returnItem: v.strictObject({ id: idSchema, reason: text(F.reason, LIMITS.reason) }),
  reassign: v.strictObject({ id: idSchema, target: handOffTargetSchema, deadline: isoTime, note: optionalText(F.note, LIMITS.note) }),
  progress: v.strictObject({ id: idSchema, note: text(F.progressNote, LIMITS.content), images: v.optional(images, []) }),
  reply: v.strictObject({ id: idSchema, text: text(F.replyText, LIMITS.content), outcome: v.picklist(OUTCOMES, M.choose(F.outcome)) }),
  recordReply: v.strictObject({ id: idSchema, text: text(F.replyText, LIMITS.content), outcome: v.picklist(OUTCOMES, M.choose(F.outcome)) }),
  rate: v.strictObject({ id: idSchema, value: v.picklist(RATINGS, M.choose(F.value)), reason: optionalText(F.reason, LIMITS.reason) }),
  chase: v.strictObject({ id: idSchema, note: optionalText(F.note, LIMITS.note) }),
  close: v.strictObject({ id: idSchema, reason: optionalText(F.reason, LIMITS.reason) }),
  follow: v.strictObject({ id: idSchema, on: v.boolean(M.yesNo(F.on)) }),
  takeOver: v.pipe(
    v.strictObject({ id: v.optional(idSchema), code: v.optional(v.pipe(v.string(M.notText(F.code)), v.trim(), v.regex(TAKEOVER_CODE_PATTERN, M.malformed(F.code)))) }),
    v.forward(v.partialCheck([['id'], ['code']], (i) => !!i.id || !!i.code, M.required(F.code)), ['code']),
  ),
  recordedByMe: v.strictObject({ cursor }),
  waitingForMe: empty,
  myVillages: empty,
  villageItems: v.strictObject({ villageId: idSchema, open: v.optional(v.boolean()), cursor }),
  notifyGroup: v.strictObject({ id: idSchema, text: text(F.noticeText, LIMITS.comment) }),
  detail: byId,
  timeline: v.strictObject({ id: idSchema, cursor: v.pipe(v.string(), v.regex(CURSOR_PATTERN, M.invalid(F.cursor))) }),
  comments: v.strictObject({ id: idSchema, cursor: v.pipe(v.string(), v.regex(CURSOR_PATTERN, M.invalid(F.cursor))) }),
  mine: v.strictObject({ family: v.optional(v.picklist(STATUS_FAMILIES)), cursor }),
  following: v.strictObject({ cursor }),
  feed: v.strictObject({ townId: v.optional(idSchema), cursor }),
  memberQueue: v.strictObject({ tab: v.picklist(MEMBER_QUEUE_TABS, M.invalid(F.tab)), cursor }),
  triage: v.strictObject({
    tab: v.picklist(TRIAGE_TABS, M.invalid(F.tab)),
    townId: v.optional(idSchema),
    category: v.optional(v.picklist(CATEGORIES, M.invalid(F.category))),
    cursor,
    oldestFirst: v.optional(v.boolean()),
  }),
  similar: v.strictObject({
    townId: idSchema,
    villageId: v.optional(idSchema),
    title: v.pipe(v.string(), v.maxLength(LIMITS.title, M.tooLong(F.title, LIMITS.title))),
    content: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.content, M.tooLong(F.content, LIMITS.content)))),
  }),
} as const

// ---- the `org` function ----

export const orgSchemas = {
  me: empty,
  updateProfile: v.strictObject({
    name: v.optional(text(F.name, LIMITS.name)),
    phone: v.optional(v.pipe(v.string(), v.regex(PHONE_PATTERN, M.malformed(F.phone)))),
  }),
  towns: empty,
  members: v.strictObject({ townId: v.optional(idSchema), q: v.optional(v.pipe(v.string(), v.maxLength(LIMITS.name))), cursor }),
  sectorGroups: empty,
  departments: empty,
  staffList: empty,
  findPeople: v.strictObject({ q: text(F.q, LIMITS.name) }),
  upsertTown: v.strictObject({ id: v.optional(idSchema), name: text(F.orgName, LIMITS.name), order: v.optional(v.pipe(v.number(), v.integer())) }),
  upsertVillage: v.strictObject({ id: v.optional(idSchema), townId: idSchema, name: text(F.orgName, LIMITS.name), order: v.optional(v.pipe(v.number(), v.integer())) }),
  bindMember: v.strictObject({ villageId: idSchema, memberId: v.nullable(idSchema) }),
  upsertSectorGroup: v.strictObject({
    id: v.optional(idSchema), name: text(F.orgName, LIMITS.name),
    memberIds: v.pipe(v.array(idSchema), v.maxLength(LIMITS.groupMembers)),
  }),
  upsertDepartment: v.strictObject({ id: v.optional(idSchema), name: text(F.orgName, LIMITS.name) }),
  setRoles: v.strictObject({
    personId: idSchema,
    roles: v.pipe(v.array(v.picklist(ROLES, M.invalid(F.role))), v.minLength(1, M.atLeastOneRole)),
    staffScope: v.optional(v.union([v.literal('all'), v.array(idSchema)], M.invalid(F.staffScope))),
    departmentIds: v.optional(v.pipe(v.array(idSchema, M.invalid(F.departmentIds)), v.maxLength(20))),
    sector: v.optional(v.pipe(v.string(M.notText(F.sector)), v.trim(), v.maxLength(LIMITS.name, M.tooLong(F.sector, LIMITS.name)))),
  }),
} as const

/** Every call's envelope: `{ action, input, requestId }`. */
export const callDataSchema = v.object({
  action: v.pipe(v.string(M.required(F.action)), v.regex(/^[A-Za-z]{1,40}$/, M.invalid(F.action))),
  input: v.optional(v.unknown()),
  requestId: v.optional(v.pipe(v.string(), v.regex(REQUEST_ID_PATTERN, M.invalid(F.requestId)))),
  /** Open data: a wx.cloud.CloudID here (top level, the only place WeChat decodes one) arrives as `{ cloudID, data }`. */
  openData: v.optional(v.unknown()),
})

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: Extract<ErrorCode, 'INVALID_INPUT'>; field: string; message: string }

/** Validate input against a schema; a failure names the dotted path of the first bad field ("plan.deadline", "images.3"). */
export function parseInput<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
  // Text with a lone surrogate cannot be stored as UTF-8: the database would replace it and read back other text than
  // it acknowledged. Refused everywhere, before any schema, naming the field.
  // (The call envelope leaves its `input` to the action's own parse, which names the field inside it.)
  const bad = illFormedAt(schema === (callDataSchema as v.GenericSchema) && input && typeof input === 'object' ? { ...input, input: null } : input, [])
  if (bad) return { ok: false, code: 'INVALID_INPUT', field: bad.join('.') || 'input', message: M.illFormed(fieldLabel(bad.join('.') || 'input')) }
  const result = v.safeParse(schema, input ?? {}, { abortPipeEarly: true })
  if (result.success) return { ok: true, value: result.output }
  const issue = result.issues[0]
  let field = v.getDotPath(issue) ?? ''
  // A strict object names the unknown key through the issue's path too; a bad whole input has no path.
  if (!field && issue.path?.length) field = issue.path.map((p) => String(p.key)).join('.')
  const message = field && !/[\u4e00-\u9fa5]/.test(issue.message) ? M.invalid(fieldLabel(field)) : issue.message
  return { ok: false, code: 'INVALID_INPUT', field: field || 'input', message }
}

/** Is this string well-formed UTF-16 (every surrogate in a pair)? Written as a loop: no lookbehind for older JS engines. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0xd800 || c > 0xdfff) continue
    if (c > 0xdbff) return false // a low surrogate with no high one before it
    const next = s.charCodeAt(i + 1)
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false // a high surrogate with no low one after it
    i++
  }
  return true
}

/** The path of the first ill-formed string (or object key) in a value, or null when every string is well-formed. */
function illFormedAt(value: unknown, path: string[], depth = 0): string[] | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : path
  if (!value || typeof value !== 'object' || depth > 32) return null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = illFormedAt(value[i], [...path, String(i)], depth + 1)
      if (bad) return bad
    }
    return null
  }
  for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
    if (!isWellFormed(k)) return path
    const bad = illFormedAt(x, [...path, k], depth + 1)
    if (bad) return bad
  }
  return null
}

/** The building blocks, for capabilities that keep their own schemas (activities). */
export { isoTime as isoTimeSchema, images as imagesSchema, text as textSchema, optionalText as optionalTextSchema, cursor as cursorSchema }
