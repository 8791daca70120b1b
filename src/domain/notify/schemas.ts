// Input schemas of the `notify` function's actions.
import * as v from 'valibot'
import { idSchema } from '../schemas'
import { FIELD_LABELS as F, VALIDATION as M } from '../labels'

export const TEMPLATE_KEYS = ['statusChanged', 'handedOff', 'replied', 'chased', 'reopened', 'digest'] as const
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const
export const ROBOT_TARGET_KINDS = ['village', 'town', 'sectorGroup', 'department', 'staff'] as const

const templateId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, M.invalid('模板')))
const noticeText = v.pipe(v.string(M.required('通知内容')), v.trim(), v.minLength(1, M.required('通知内容')), v.maxLength(500, M.tooLong('通知内容', 500)))
const webhookKey = v.pipe(v.string(M.required('机器人密钥')), v.trim(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, M.invalid('机器人密钥')))

export const notifySchemas = {
  /** What wx.requestSubscribeMessage answered, per template id. */
  reportSubscribe: v.strictObject({ results: v.record(templateId, v.picklist(SUBSCRIBE_RESULTS, M.invalid('订阅结果'))) }),
  myNotifications: v.strictObject({}),
  setNotification: v.strictObject({ templateKey: v.picklist(TEMPLATE_KEYS, M.invalid('通知类型')), on: v.boolean(M.invalid('开关')) }),
  upsertRobot: v.strictObject({
    id: v.optional(idSchema),
    targetKind: v.picklist(ROBOT_TARGET_KINDS, M.choose(F.target)),
    /** The village / town / group / department; absent for the county staff group. */
    targetId: v.optional(idSchema),
    name: v.pipe(v.string(M.required('名称')), v.trim(), v.minLength(1, M.required('名称')), v.maxLength(30, M.tooLong('名称', 30))),
    /** Absent when an existing robot keeps its key. */
    key: v.optional(webhookKey),
  }),
  robots: v.strictObject({}),
  failedNotices: v.strictObject({ before: v.optional(v.pipe(v.string(), v.isoTimestamp())) }),
  resendNotice: v.strictObject({ id: idSchema }),
  itemDeliveries: v.strictObject({ id: idSchema }),
  noticeTargets: v.strictObject({ id: idSchema }),
  previewNotice: v.strictObject({ id: idSchema, text: noticeText }),
  pushNotice: v.strictObject({
    id: idSchema,
    /** village, town, staff, or sectorGroup:<id> */
    groups: v.pipe(v.array(v.pipe(v.string(), v.regex(/^(village|town|staff|sectorGroup:[A-Za-z0-9_-]{1,64})$/, M.invalid('群'))), M.choose('群')),
      v.minLength(1, M.choose('群')), v.maxLength(10, M.choose('群'))),
    text: noticeText,
  }),
}
