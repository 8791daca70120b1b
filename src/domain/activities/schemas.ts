// Validation schemas for every input of the `activities` function; messages name the field in Chinese.
import * as v from 'valibot'
import { CATEGORIES, OUTCOMES } from '../types'
import {
  LIMITS, cursorSchema as cursor, handOffTargetSchema, idSchema, imagesSchema as images, isoTimeSchema as isoTime,
  optionalTextSchema as optionalText, textSchema as text,
} from '../schemas'
import { FIELD_LABELS as F, VALIDATION as M } from '../labels'
import { ACTIVITY_FIELD_LABELS as A } from './labels'
import { ORGANISER_KINDS, PARTICIPANT_GROUPS, SATISFACTION } from './types'

export const ACTIVITY_LIMITS = { topic: 50, description: 2000, venue: 50, minutes: 5000, invited: 200, departments: 50, agreedItems: 30, walkInNames: 100, walkInCount: 1000, cap: 10000, topics: 50 } as const

const ids = (max: number, label: string) => v.pipe(v.array(idSchema, M.malformed(label)), v.maxLength(max, M.tooLong(label, max)))
const organiser = v.strictObject({ kind: v.picklist(ORGANISER_KINDS, M.choose(A.organiser)), id: v.optional(idSchema) })
const registration = v.strictObject({
  open: v.boolean(M.yesNo(A.registration)),
  cap: v.nullable(v.pipe(v.number(M.invalid(A.cap)), v.integer(M.invalid(A.cap)), v.minValue(1, M.invalid(A.cap)), v.maxValue(ACTIVITY_LIMITS.cap, M.invalid(A.cap)))),
})

const fields = {
  kind: idSchema,
  topic: text(A.topic, ACTIVITY_LIMITS.topic),
  description: text(A.description, ACTIVITY_LIMITS.description),
  startAt: isoTime,
  endAt: isoTime,
  venue: text(A.venue, ACTIVITY_LIMITS.venue),
  organiser,
  invitedMemberIds: ids(ACTIVITY_LIMITS.invited, F.invitedMemberIds),
  invitedDepartmentIds: ids(ACTIVITY_LIMITS.departments, A.invitedDepartmentIds),
  registration,
}

const byId = v.strictObject({ id: idSchema })
const score = v.pipe(v.number(M.invalid(A.score)), v.integer(M.invalid(A.score)), v.minValue(1, M.invalid(A.score)), v.maxValue(5, M.invalid(A.score)))
const period = { from: v.optional(isoTime), to: v.optional(isoTime), townId: v.optional(idSchema) }

export const activitiesSchemas = {
  create: v.strictObject({
    ...fields,
    townId: idSchema,
    villageId: v.optional(idSchema),
    topicSuggestionIds: v.optional(ids(ACTIVITY_LIMITS.topics, A.suggestionIds)),
  }),
  update: v.strictObject({
    id: idSchema,
    kind: v.optional(fields.kind), topic: v.optional(fields.topic), description: v.optional(fields.description),
    startAt: v.optional(isoTime), endAt: v.optional(isoTime), villageId: v.optional(idSchema), venue: v.optional(fields.venue),
    organiser: v.optional(organiser), invitedMemberIds: v.optional(fields.invitedMemberIds),
    invitedDepartmentIds: v.optional(fields.invitedDepartmentIds), registration: v.optional(registration),
  }),
  linkTopics: v.strictObject({ id: idSchema, suggestionIds: v.pipe(ids(ACTIVITY_LIMITS.topics, A.suggestionIds), v.minLength(1, M.required(A.suggestionIds))) }),
  publish: byId,
  cancel: v.strictObject({ id: idSchema, reason: text(F.reason, LIMITS.reason) }),
  openSignIn: byId,
  addWalkIns: v.strictObject({
    id: idSchema,
    group: v.picklist(PARTICIPANT_GROUPS, M.choose(A.group)),
    count: v.optional(v.pipe(v.number(M.invalid(A.count)), v.integer(M.invalid(A.count)), v.minValue(0, M.invalid(A.count)), v.maxValue(ACTIVITY_LIMITS.walkInCount, M.invalid(A.count)))),
    names: v.optional(v.pipe(v.array(text(F.name, LIMITS.name)), v.maxLength(ACTIVITY_LIMITS.walkInNames, M.tooLong(A.names, ACTIVITY_LIMITS.walkInNames)))),
  }),
  conclude: v.strictObject({
    id: idSchema,
    minutes: text(A.minutes, ACTIVITY_LIMITS.minutes),
    photos: v.optional(images, []),
    agreedItems: v.optional(v.pipe(v.array(v.strictObject({
      title: text(F.title, LIMITS.title),
      content: optionalText(F.content, LIMITS.content),
      category: v.picklist(CATEGORIES, M.choose(F.category)),
      villageId: v.optional(idSchema),
      target: handOffTargetSchema,
      deadline: isoTime,
      note: optionalText(F.note, LIMITS.note),
    })), v.maxLength(ACTIVITY_LIMITS.agreedItems, M.tooLong(A.agreedItems, ACTIVITY_LIMITS.agreedItems))), []),
  }),
  evaluate: v.strictObject({
    id: idSchema,
    scores: v.pipe(v.array(v.strictObject({ criterionId: idSchema, score, note: optionalText(F.note, LIMITS.note) })), v.minLength(1, M.required(A.scores)), v.maxLength(20)),
  }),
  register: byId,
  signIn: byId,
  raise: v.strictObject({
    id: idSchema,
    title: text(F.title, LIMITS.title),
    content: text(F.content, LIMITS.content),
    category: v.picklist(CATEGORIES, M.choose(F.category)),
    villageId: v.optional(idSchema),
    onBehalfOf: v.optional(v.strictObject({ name: text(F.name, LIMITS.name), phone: v.optional(v.pipe(v.string(), v.regex(/^1\d{10}$/, M.malformed(F.phone)))) })),
  }),
  answerSatisfaction: v.strictObject({ id: idSchema, value: v.picklist(SATISFACTION, M.choose(F.value)) }),
  answerTopics: v.strictObject({
    id: idSchema,
    answers: v.pipe(v.array(v.strictObject({
      suggestionId: idSchema,
      text: text(F.replyText, LIMITS.content),
      outcome: v.picklist(OUTCOMES, M.choose(F.outcome)),
      departmentId: v.optional(idSchema),
    })), v.minLength(1, M.required(A.suggestionIds)), v.maxLength(ACTIVITY_LIMITS.topics, M.tooLong(A.suggestionIds, ACTIVITY_LIMITS.topics))),
  }),
  upsertListEntry: v.strictObject({
    list: v.picklist(['kinds', 'criteria'] as const, M.choose(A.entries)),
    id: v.optional(idSchema),
    name: text(F.orgName, LIMITS.name),
    order: v.optional(v.pipe(v.number(), v.integer())),
    retired: v.optional(v.boolean()),
  }),
  // queries
  list: v.strictObject({ family: v.picklist(['planning', 'upcoming', 'live', 'past'] as const, M.invalid(F.tab)), townId: v.optional(idSchema), cursor }),
  detail: byId,
  mine: v.optional(v.strictObject({}), {}),
  signInState: byId,
  signInCode: byId,
  candidates: v.strictObject({ townId: v.optional(idSchema) }),
  figures: v.strictObject(period),
  lists: v.optional(v.strictObject({}), {}),
} as const
