// Subscribe-message templates the app asks for at each tap where a person may want news. The ids are those of
// server/templates.json (a component test keeps them in step); WeChat takes at most 3 per request.
export const TEMPLATE_IDS = {
  statusChanged: 'sanwei-status-changed',
  handedOff: 'sanwei-handed-off',
  replied: 'sanwei-replied',
  chased: 'sanwei-chased',
  reopened: 'sanwei-reopened',
  digest: 'sanwei-daily-digest',
} as const

/** A citizen submitting or commenting: progress and the reply. */
export const SUBMIT_TEMPLATE_IDS: string[] = [TEMPLATE_IDS.statusChanged, TEMPLATE_IDS.replied]
/** A citizen rating (a dissatisfied rating reopens the item). */
export const RATE_TEMPLATE_IDS: string[] = [TEMPLATE_IDS.reopened, TEMPLATE_IDS.statusChanged, TEMPLATE_IDS.replied]
/** A member taking up an item or opening their queue: later hand-offs, chases and the daily digest. */
export const HANDLER_TEMPLATE_IDS: string[] = [TEMPLATE_IDS.handedOff, TEMPLATE_IDS.chased, TEMPLATE_IDS.digest]
