// The `notify` function: subscription budget and switches, group robots, failed notifications and where each item's went.
import { notifySchemas as s } from '../../../src/domain/notify/schemas'
import { action, createMain } from '../../../server/handler'
import * as n from '../../../server/notify/actions'
import * as push from '../../../server/notify/push'
import * as groups from '../../../server/notify/groups'
import { groupsSchemas as gs } from '../../../src/domain/notify/groups'

export const main = createMain({
  reportSubscribe: action(true, s.reportSubscribe, n.reportSubscribe),
  myNotifications: action(false, s.myNotifications, (ctx) => n.myNotifications(ctx)),
  setNotification: action(true, s.setNotification, n.setNotification),
  robots: action(false, s.robots, (ctx) => n.robots(ctx)),
  upsertRobot: action(true, s.upsertRobot, n.upsertRobot),
  failedNotices: action(false, s.failedNotices, n.failedNotices),
  resendNotice: action(true, s.resendNotice, n.resendNotice),
  itemDeliveries: action(false, s.itemDeliveries, n.itemDeliveries),
  noticeTargets: action(false, s.noticeTargets, push.noticeTargets),
  previewNotice: action(false, s.previewNotice, push.previewNotice),
  pushNotice: action(true, s.pushNotice, push.pushNotice),
  openGroupCard: action(true, gs.openGroupCard, groups.openGroupCard),
  chatGroups: action(false, gs.chatGroups, groups.chatGroups),
  bindChatGroup: action(true, gs.bindChatGroup, groups.bindChatGroup),
  makeBindCard: action(false, gs.makeBindCard, groups.makeBindCard),
  itemReach: action(false, gs.itemReach, groups.itemReach),
})
