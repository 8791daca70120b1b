// Every Chinese word of 请你来协商 in one place; pages and functions look them up here.
import type { ActivityCommand } from './lifecycle'
import type { ActivityStatus, OrganiserKind, ParticipantGroup, Satisfaction } from './types'

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  draft: '草稿', published: '报名中', held: '进行中', concluded: '已结束', evaluated: '已评价', cancelled: '已取消',
}

export const ACTIVITY_COMMAND_LABELS: Record<ActivityCommand, string> = {
  create: '创建活动', update: '修改活动', linkTopics: '关联议题', publish: '发布', cancel: '取消活动', openSignIn: '开始签到',
  addWalkIns: '登记现场人员', conclude: '结束活动', evaluate: '第三方评价', register: '报名', signIn: '签到',
  raise: '我要提建议', answerSatisfaction: '满意度评价', answerTopics: '统一答复议题',
}

export const ORGANISER_LABELS: Record<OrganiserKind, string> = { office: '市政协办公室', town: '镇街道联络处', sectorGroup: '界别活动组' }

export const PARTICIPANT_GROUP_LABELS: Record<ParticipantGroup, string> = { members: '政协委员', citizens: '群众', departments: '部门代表' }

export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' }

/** The office's kinds and criteria as first seeded; the admin keeps the lists afterwards. */
export const SEED_ACTIVITY_KINDS = [
  { id: 'six', name: '“6”' }, { id: 'x', name: '“X”' }, { id: 'forum', name: '民生议事堂' },
  { id: 'faceToFace', name: '面对面' }, { id: 'lounge', name: '委员会客厅' }, { id: 'station', name: '驻站接待' },
  { id: 'crossBorder', name: '浙沪联组' },
] as const

export const SEED_CRITERIA = [
  { id: 'topic', name: '选题' }, { id: 'participation', name: '参与' }, { id: 'deliberation', name: '协商充分' },
  { id: 'conversion', name: '成果转化' }, { id: 'satisfaction', name: '群众满意' },
] as const

export const ACTIVITY_MESSAGES = {
  kindMissing: '活动类型不存在',
  criterionMissing: '评价指标不存在',
  criteriaIncomplete: '请为每项指标打分',
  endBeforeStart: '结束时间必须晚于开始时间',
  alreadyRegistered: '您已报名',
  registrationFull: '报名人数已满',
  registrationClosed: '该活动不接受公开报名',
  alreadySignedIn: '已签到',
  alreadyEvaluated: '您已评价过该活动',
  alreadyAnswered: '您已评价过满意度',
  notSignedIn: '请先签到',
  walkInsEmpty: '请填写人数或姓名',
  topicNotOpen: '议题建言已结束，不能关联',
  topicMissing: '议题建言不存在',
  onlyAdminLists: '只有管理员可以维护活动类型和评价指标',
  duplicateEntry: '名称重复',
  activityMissing: '活动不存在',
  notStaffOfTown: '不在您的工作范围内',
  notFromStatus: (status: string) => `${status}的活动不能这样操作`,
  topicNotLinked: '该建言不是本活动的议题',
  noDepartmentToAnswer: '请选择答复的部门（活动未邀请部门）',
  topicHandOffNote: (topic: string) => `“${topic}”活动协商议题，现场由部门答复。`,
  agreedItemContent: (topic: string, unit: string) => `“${topic}”活动现场拍板事项，由${unit}限期办理。`,
} as const

export const ACTIVITY_FIELD_LABELS: Record<string, string> = {
  topic: '活动主题', description: '活动说明', startAt: '开始时间', endAt: '结束时间', venue: '活动地点', organiser: '组织单位',
  invitedDepartmentIds: '邀请部门', registration: '报名', cap: '报名上限', minutes: '活动纪要', photos: '活动照片',
  agreedItems: '现场拍板事项', scores: '评分', criterionId: '评价指标', score: '分数', count: '人数', names: '姓名',
  group: '人员类别', suggestionIds: '议题', entries: '列表',
}

/** The note of an activity's subscribe messages (a template's thing field: at most 20 characters). */
export const ACTIVITY_NOTICES = {
  invited: '诚邀您参加，请准时出席',
  changed: '活动信息有变更，请查看',
  cancelled: '活动已取消',
} as const

/** The year's paragraph in the office's own form. */
export const PARAGRAPH = {
  opening: (n: number) => `共开展‘请你来协商’活动${n}场`,
  kindPart: (name: string, n: number) => `${name}${n}场`,
  among: '其中',
  people: (p: number) => `共参加人数${p}人次`,
  raised: (s: number) => `提出意见建议${s}条`,
  adopted: (a: number) => `采纳意见建议${a}条`,
} as const
