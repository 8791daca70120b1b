// The `notify` function's actions: what each takes and answers (the client and the server share it).
import type { Id, IsoTime } from '../types'
import type { DeliveryStatus } from './delivery'

export interface NotificationKind { key: string; label: string; templateId: string; on: boolean; left: number }
export interface RobotView { id: Id; target: string; name: string; key: string; blockedUntil: IsoTime | null; updatedAt: IsoTime }
export interface DeliveryView {
  id: Id; kind: 'subscribe' | 'robot'; to: string; templateKey: string; suggestionId: Id | null; title: string; note: string
  status: DeliveryStatus; state: string; attempts: number; errcode: number | null; reason: string | null; createdAt: IsoTime; sentAt: IsoTime | null
  /** The staff push (通知工作群) a robot row belongs to, shown under its noticePushed event on the timeline. */
  noticeId?: Id | null
}
export interface NoticeTarget { group: string; label: string; hasRobot: boolean }

export interface NotifyActions {
  reportSubscribe: { in: { results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'> }; out: { left: Record<string, number> } }
  myNotifications: { in: Record<string, never>; out: { longTerm: boolean; kinds: NotificationKind[] } }
  setNotification: { in: { templateKey: string; on: boolean }; out: { templateKey: string; on: boolean } }
  robots: { in: Record<string, never>; out: { robots: RobotView[] } }
  upsertRobot: { in: { id?: Id; targetKind: 'village' | 'town' | 'sectorGroup' | 'department' | 'staff'; targetId?: Id; name: string; key?: string }; out: RobotView }
  failedNotices: { in: { before?: IsoTime }; out: { items: DeliveryView[]; next: IsoTime | null } }
  resendNotice: { in: { id: Id }; out: { id: Id; status: DeliveryStatus } }
  itemDeliveries: { in: { id: Id }; out: { deliveries: DeliveryView[] } }
  noticeTargets: { in: { id: Id }; out: { targets: NoticeTarget[] } }
  previewNotice: { in: { id: Id; text: string }; out: { markdown: string } }
  pushNotice: { in: { id: Id; groups: string[]; text: string }; out: { noticeId: Id; targets: string[] } }
}
