// Chinese labels of the notifications capability.
import type { DeliveryStatus, SkipReason } from './delivery'

export const NOTIFY_LABELS = {
  emptyThing: '无',
  emptyPhrase: '有更新',
  itemLabel: '事项',
  placeLabel: '地点',
  statusLabel: '状态',
  deadlineLabel: '期限',
  openInApp: '在小程序中查看',
  groupNotice: '村社区工作群通知',
  staffAlert: '工作人员提醒',
  staffGroup: '工作人员群',
  handedOff: '交办提醒',
  chased: '督办提醒',
  reopened: '重办提醒',
  digestNote: (toClaim: number, overdue: number) => `您有 ${toClaim} 条待认领，${overdue} 条已超期`,
  digestHint: '请打开委员工作台查看',
}

export const DELIVERY_LABELS: Record<DeliveryStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
  skipped: '未发送',
}

export const SKIP_LABELS: Record<SkipReason, string> = {
  noQuota: '对方未订阅或提醒次数已用完',
  optedOut: '对方已关闭此类通知',
  noRecipient: '找不到接收人',
  noRobot: '该群未登记机器人',
}

/** What each kind of message tells a person (我的 → 通知设置). */
export const KIND_LABELS: Record<string, string> = {
  statusChanged: '我的建言有进展（受理、交办、办结等）',
  replied: '我的建言或关注的建言得到答复',
  handedOff: '有事项交办给我',
  chased: '督办提醒',
  reopened: '我办理的事项被要求重办',
  digest: '每日待办汇总',
}

export const WAITING_FOR_LIMIT = '等待机器人限流'

/** Timeline events that are not commands on the item's state. */
export const EVENT_LABELS: Record<string, string> = {
  noticePushed: '通知工作群',
}
