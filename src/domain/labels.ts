// Every Chinese word the product shows, in one place. Pages and functions look labels up here; none are written inline.
import type { Category, Channel, LadderRung, Outcome, Rating, Role, Stance, SuggestionStatus } from './types'
import type { Command } from './transitions'
import type { ErrorCode, MemberQueueTab, StatusFamily, TriageTab } from './api'

export const STATUS_LABELS: Record<SuggestionStatus, string> = {
  pendingReview: '待审核',
  submitted: '已提交',
  accepted: '已受理',
  consulting: '协商中',
  assigned: '已交办',
  claimed: '办理中',
  replied: '已答复',
  closed: '已办结',
  rejected: '不予受理',
  merged: '已合并',
  withdrawn: '已撤回',
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  adopted: '采纳',
  partlyAdopted: '部分采纳',
  forReference: '留作参考',
  notAdopted: '不予采纳',
}

export const RATING_LABELS: Record<Rating, string> = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
}

export const STANCE_LABELS: Record<Stance, string> = { for: '赞成', neutral: '中立', against: '反对' }

export const CATEGORY_LABELS: Record<Category, string> = {
  traffic: '交通出行',
  environment: '生态环境',
  education: '教育',
  health: '医疗卫生',
  elderly: '养老服务',
  agriculture: '农业农村',
  safety: '公共安全',
  publicService: '公共服务',
  other: '其他',
}

export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '线上提交',
  liaisonStation: '联络站代录',
  consultationActivity: '协商活动中提出',
}

export const ROLE_LABELS: Record<Role, string> = { citizen: '群众', member: '政协委员', staff: '工作人员', admin: '管理员', departmentHandler: '部门办理人', evaluator: '第三方评价人' }

/** Button texts for the commands (and the timeline's verb for each event). */
export const COMMAND_LABELS: Record<Command, string> = {
  submit: '提交建言',
  approve: '审核通过',
  reject: '不予受理',
  accept: '受理',
  merge: '合并',
  withdraw: '撤回',
  openConsultation: '发起协商',
  comment: '发表意见',
  second: '附议',
  concludeConsultation: '结束协商',
  handOff: '交办',
  claim: '认领',
  returnItem: '退回',
  reassign: '改派',
  progress: '更新进展',
  reply: '答复',
  recordReply: '代录部门答复',
  rate: '评价',
  chase: '督办',
  close: '办结',
  escalate: '逐级上移',
  takeOver: '认领本人建言',
  remindConsultation: '协商到期提醒',
}

export const LADDER_RUNG_LABELS: Record<LadderRung, string> = {
  member: '联系委员',
  sectorGroup: '界别活动组',
  staffAlert: '提醒工作人员',
}

export const STATUS_FAMILY_LABELS: Record<StatusFamily, string> = {
  triage: '待受理',
  inProgress: '办理中',
  replied: '已答复',
  ended: '已结束',
}

export const MEMBER_QUEUE_TAB_LABELS: Record<MemberQueueTab, string> = {
  toConsult: '待协商',
  toClaim: '待认领',
  inProgress: '办理中',
  overdue: '已超期',
  replied: '已答复',
}

export const TRIAGE_TAB_LABELS: Record<TriageTab, string> = {
  pendingReview: '待审核',
  submitted: '待受理',
  accepted: '已受理',
  consulting: '协商中',
  handling: '办理中',
  overdue: '已超期',
  replied: '已答复',
  ended: '已结束',
}

export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后再试',
  UNAUTHENTICATED: '请先登录微信',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '没有找到这条记录',
  CONFLICT: '已被他人处理，请刷新后查看',
  BAD_TRANSITION: '当前状态下不能进行此操作',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONTENT_REJECTED: '内容未通过安全检查，请修改后再提交',
  INTERNAL: '系统繁忙，请稍后再试',
}

/** Messages of domain errors and other texts the functions answer with. */
export const MESSAGES = {
  deadlineNotLater: '期限必须晚于现在',
  mergeIntoSelf: '不能合并到自身',
  mergeTargetMissing: '合并目标不存在',
  mergeTargetEnded: '合并目标已结束',
  mergeTargetOutOfScope: '合并目标不在您负责的镇街道',
  mergeTargetUnpublished: '合并目标尚未公开，不能合并到该建议',
  requestIdReused: '请求编号已用于另一操作，请刷新后重试',
  replyToMissing: '回复的评论不存在',
  alreadySeconded: '您已附议过',
  handOffTargetMissing: '交办对象不存在',
  dissatisfiedNeedsReason: '请填写不满意的理由',
  chaseNotDue: '未到督办时间',
  closeNotDue: '未到自动办结时间',
  escalateNotDue: '未到上移时间',
  escalatedToGroup: '联系委员未认领，请界别活动组认领',
  nobodyClaimed: '交办后无人认领',
  remindNotDue: '协商未到截止时间，或已提醒过',
  onlyStaffRecord: '只有工作人员和值班委员可以代为录入',
  nothingToTakeOver: '这条建言不是代录的，或已被认领',
  recorderCannotTakeOver: '代录人不能认领自己代录的建言',
  takeoverCodeWrong: '认领码不正确',
  takeoverPhoneMismatch: '您在“我的”里填写的手机号与代录时登记的不一致',
  takeoverCodeMissing: '没有找到这个认领码对应的建言',
  takenOver: '您已认领这条代录的建言，办理进展会通知您',
  villageNotInTown: '村社区不属于所选镇街道',
  claimedByOther: '已被其他委员认领',
  unknownAction: '未知的操作',
  requestIdMissing: '缺少请求编号',
  onlyAdmin: '只有管理员可以管理组织架构',
  townMissing: '镇街道不存在',
  villageMissing: '村社区不存在',
  memberMissing: '委员不存在',
  sectorGroupMissing: '界别活动组不存在',
  departmentMissing: '部门不存在',
  personMissing: '人员不存在（需先登录一次）',
  textNeedsReview: '内容需人工审核，请修改后再发布',
  onlyMembersQueue: '只有政协委员和部门办理人有待办',
  onlyBoundMember: '只有挂钩这个村社区的委员和负责的工作人员可以查看',
  handlerNeedsDepartment: '部门办理人需至少选择一个部门',
  timerOnly: '只能由定时触发器调用',
  timerFailed: '定时任务失败',
  defaultPersonName: '微信用户',
  /** Template fallbacks: WeChat refuses an empty field. */
  templateEmptyThing: '无',
  templateEmptyPhrase: '更新',
  submitsPerDay: (n: number) => `每天最多提交${n}条建言`,
  commentsPerHour: (n: number) => `每小时最多发表${n}条意见`,
  consultationPastDeadline: (deadline: string) => `协商已于${deadline}截止，尚未结束，请形成协商意见`,
  consultationClosed: (deadline: string) => `协商已于${deadline}截止，不能再发表意见`,
  duplicateVillage: (name: string) => `本镇街道已有“${name}”`,
  duplicateTown: (name: string) => `已有镇街道“${name}”`,
  mergedInto: (id: string) => `已合并到 ${id}`,
  notFromStatus: (status: string) => `${status}的建言不能这样操作`,
} as const

/** How people are shown when their identity is hidden from the viewer. */
export const HIDDEN_PERSON = { anonymous: '匿名群众', citizen: '群众', system: '系统' } as const

export const OVERDUE_LABEL = '已超期'

/** Names of input fields, used in validation messages ("标题不能超过50字"). */
export const FIELD_LABELS: Record<string, string> = {
  id: '编号',
  intoId: '合并目标',
  title: '标题',
  content: '内容',
  text: '内容',
  note: '说明',
  reason: '理由',
  category: '类别',
  townId: '镇街道',
  villageId: '村社区',
  images: '图片',
  anonymous: '匿名',
  channel: '来源渠道',
  onBehalfOf: '代录对象',
  name: '姓名',
  phone: '手机号',
  deadline: '办理期限',
  invitedMemberIds: '邀请委员',
  stance: '立场',
  replyToId: '回复对象',
  plan: '协商意见',
  actions: '措施',
  responsibleUnit: '责任单位',
  handOff: '交办',
  target: '交办对象',
  kind: '类型',
  memberId: '委员',
  sectorGroupId: '界别活动组',
  departmentId: '部门',
  outcome: '采纳情况',
  value: '评价',
  cursor: '分页',
  tab: '分类',
  family: '分类',
  on: '关注',
  q: '搜索',
  order: '排序',
  memberIds: '成员',
  personId: '人员',
  roles: '角色',
  staffScope: '工作范围',
  requestId: '请求编号',
  action: '操作',
  from: '开始时间',
  to: '结束时间',
  progressNote: '进展',
  replyText: '答复',
  noticeText: '通知内容',
  orgName: '名称',
  time: '时间',
  imageId: '图片编号',
  role: '角色',
  departmentIds: '所属部门',
  code: '认领码',
  contactable: '同意联系',
  sector: '界别',
}

/** Validation messages, by kind, for a field's Chinese name. */
export const VALIDATION = {
  notText: (label: string) => `${label}必须是文字`,
  required: (label: string) => `请填写${label}`,
  tooLong: (label: string, max: number) => `${label}不能超过${max}字`,
  choose: (label: string) => `请选择${label}`,
  malformed: (label: string) => `${label}格式不正确`,
  invalid: (label: string) => `${label}不正确`,
  yesNo: (label: string) => `${label}必须是是或否`,
  tooManyImages: (max: number) => `图片最多${max}张`,
  tooManyInvited: (max: number) => `最多邀请${max}位委员`,
  imageIdTooLong: '图片编号太长',
  atLeastOneRole: '至少一个角色',
  illFormed: (label: string) => `${label}含有无法识别的字符`,
} as const

export function fieldLabel(path: string): string {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path
  return FIELD_LABELS[last] ?? last
}

/** Why photos cannot be picked, told to the person (src/api/media.ts); a cancel is not among them. */
export const PHOTO_REFUSALS = {
  privacyUndeclared: { title: '暂时无法选择照片', content: '本小程序的隐私保护指引尚未声明相册和相机权限，请联系政协办公室处理。您可以先不附照片提交。' },
  privacyDeclined: { title: '需要您同意隐私保护指引', content: '选择照片前需要您同意本小程序的隐私保护指引。您可以重新点击添加照片并选择同意，或先不附照片提交。' },
  permissionDenied: { title: '没有相册或相机权限', content: '您之前拒绝了相册或相机权限。可以在设置中打开后再添加照片，也可以先不附照片提交。', confirmText: '去设置' },
} as const
