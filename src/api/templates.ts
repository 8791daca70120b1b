// Subscribe-message templates the app asks for at each tap where a person may want news. The build puts in the ids
// (config/checks.ts templateIdsFor: WeChat's own ids in a production build, which fails without them); outside a build
// (component tests) they are the local CloudBase's ids of server/templates.json (a component test keeps them in step).
// WeChat takes at most 3 per request.
declare const SANWEI_TEMPLATE_IDS: Record<string, string> | undefined

const LOCAL = {
  statusChanged: 'sanwei-status-changed',
  handedOff: 'sanwei-handed-off',
  replied: 'sanwei-replied',
  chased: 'sanwei-chased',
  reopened: 'sanwei-reopened',
  digest: 'sanwei-daily-digest',
  activityInvited: 'sanwei-activity-invited',
  activityReminder: 'sanwei-activity-reminder',
} as const

type Key = keyof typeof LOCAL
const BUILT: Partial<Record<Key, string>> = typeof SANWEI_TEMPLATE_IDS !== 'undefined' ? SANWEI_TEMPLATE_IDS : {}

export const TEMPLATE_IDS: Record<Key, string> = Object.fromEntries(
  (Object.keys(LOCAL) as Key[]).map((k) => [k, BUILT[k] ?? LOCAL[k]]),
) as Record<Key, string>

/** A citizen submitting or commenting: progress and the reply. */
export const SUBMIT_TEMPLATE_IDS: string[] = [TEMPLATE_IDS.statusChanged, TEMPLATE_IDS.replied]
/** A citizen rating (a dissatisfied rating reopens the item). */
export const RATE_TEMPLATE_IDS: string[] = [TEMPLATE_IDS.reopened, TEMPLATE_IDS.statusChanged, TEMPLATE_IDS.replied]
/** A member taking up an item or opening their queue: later hand-offs, chases and the daily digest. */
export const HANDLER_TEMPLATE_IDS: string[] = [TEMPLATE_IDS.handedOff, TEMPLATE_IDS.chased, TEMPLATE_IDS.digest]
/** Someone registering for an activity, or a member invited to one: the reminder before it starts, and its changes. */
export const ACTIVITY_TEMPLATE_IDS: string[] = [TEMPLATE_IDS.activityReminder, TEMPLATE_IDS.activityInvited]
