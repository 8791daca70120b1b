// Chinese labels of the figures capability: measures, dimensions, periods, export columns, the report's words.
import type { CountKey, Dimension, RateKey, TimeKey } from './measures'
import type { PeriodKind } from './periods'

export const COUNT_LABELS: Record<CountKey, string> = {
  received: '收到', accepted: '受理', rejected: '不予受理', merged: '合并', handedOff: '交办', claimed: '认领',
  replied: '答复', closed: '办结', reopened: '重办', adopted: '采纳', responded: '按时响应', onTime: '按期答复',
  rated: '评价', satisfied: '满意', groupTaken: '认领活动组交办',
}

export const RATE_LABELS: Record<RateKey, string> = {
  adoptionRate: '采纳率', responseRate: '响应率', onTimeRate: '按期办结率', satisfactionRate: '满意率', reopenRate: '重办率',
}

/** What each rate is over, said once for the screens and the files. */
export const RATE_HELP: Record<RateKey, string> = {
  adoptionRate: '采纳与部分采纳 ÷ 已答复',
  responseRate: '在第一级认领时限内认领 ÷ 已交办',
  onTimeRate: '期限内答复 ÷ 已答复',
  satisfactionRate: '满意与基本满意 ÷ 已评价',
  reopenRate: '重办 ÷ 已评价',
}

export const TIME_LABELS: Record<TimeKey, string> = {
  toAccept: '提交到受理', toClaim: '交办到认领', toReply: '认领到答复', toClose: '提交到办结',
}

export const DIMENSION_LABELS: Record<Dimension, string> = {
  town: '镇街道', village: '村社区', sectorGroup: '界别活动组', member: '委员', department: '职能部门',
  category: '类别', channel: '渠道', month: '月份',
}

export const PERIOD_LABELS: Record<PeriodKind, string> = { month: '月', quarter: '季度', year: '年', range: '自定义' }

export const FIGURES_TEXT = {
  total: '合计',
  openingFigures: '正在打开统计…',
  median: '中位数',
  p90: '90%分位',
  previous: '上期',
  up: '↑',
  down: '↓',
  unranked: '不足最低件数，不参与排名',
  minCount: (n: number) => `件数不足 ${n} 件不参与排名`,
  searchNeedsWords: '请输入至少两个字的关键词',
  searchKeepLooking: '较近的建议中没有找到，点“更多”在更早的建议中继续查找',
  exportDone: '已导出',
  reportTitle: (year: number, scope: string) => `${scope}${year}年度“三微”工作报告`,
  headline: (year: number, scope: string, received: number, adopted: number, replied: number, activities: { held: number; participantTimes: number } | null) =>
    `${year}年，${scope}通过“三微”平台共提出意见建议 ${received} 条，答复 ${replied} 条，采纳意见建议 ${adopted} 条` +
    (activities && activities.held > 0 ? `；开展“请你来协商”活动 ${activities.held} 场，参加 ${activities.participantTimes} 人次。` : '。'),
  county: '全市',
  byTown: '各镇街道情况',
  byGroup: '各界别活动组情况',
  mostSeconded: '附议最多的建议',
  adoptedCases: '采纳的建议及答复',
  charts: '图表',
  monthlyTrend: '每月收到与答复',
  adoptionByTown: '各镇街道采纳率与满意率',
  replyTimeByCategory: '各类别认领到答复时间（中位数，小时）',
  memberRecordTitle: (year: number) => `${year}年度委员履职记录`,
  commentedItems: '参与协商（件）',
  activitiesAttended: '参加活动（次）',
} as const

/** Columns of the item-list export, in order. */
export const ITEM_COLUMNS = [
  '编号', '标题', '内容', '类别', '镇街道', '村社区', '渠道', '状态', '提出人', '联系电话', '提出时间',
  '交办对象', '交办时间', '办理期限', '办理人', '认领时间', '答复时间', '采纳情况', '答复内容', '评价', '重办次数', '附议数',
] as const

export const EXPORT_NAMES = {
  items: '建议清单',
  table: (dim: string) => `统计表（按${dim}）`,
  memberRecords: '委员履职记录',
  report: '年度报告',
} as const
