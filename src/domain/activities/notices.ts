// Who hears about an activity, and what: invited members when it is published, changed or cancelled; everyone expected
// (registrants and invited members) shortly before it starts. Pure: rows for the outbox, written in the step's transaction.
import type { OutboxRow } from '../commands'
import type { Id, IsoTime } from '../types'
import type { ActivityCommand } from './lifecycle'
import { ACTIVITY_NOTICES as N } from './labels'
import type { Activity } from './types'

/** How long before the start the reminder goes out (the timer looks every ten minutes). */
export const REMIND_BEFORE_HOURS = 24

const valuesOf = (a: Activity, note: string) => ({ title: a.topic, time: a.startAt, place: a.venue, note })

function rowTo(personId: Id, templateKey: OutboxRow['templateKey'], data: Record<string, string>, now: IsoTime): OutboxRow {
  return { kind: 'subscribe', to: personId, templateKey, data, status: 'pending', attempts: 0, createdAt: now }
}

/** The fields whose change invited members hear about. */
const TOLD_FIELDS = ['topic', 'startAt', 'endAt', 'venue', 'villageId'] as const

/** Invited members told of a step: publish (invited), an edit of a published activity (changed, or newly invited), cancel. */
export function invitedNotices(command: ActivityCommand, before: Activity | null, next: Activity, now: IsoTime): OutboxRow[] {
  if (!before) return []
  const invited = [...new Set(next.invitedMemberIds)]
  if (command === 'publish') return invited.map((p) => rowTo(p, 'activityInvited', valuesOf(next, N.invited), now))
  if (command === 'cancel' && before.status === 'published') return invited.map((p) => rowTo(p, 'activityInvited', valuesOf(next, N.cancelled), now))
  if (command !== 'update' || before.status !== 'published') return []
  const changed = TOLD_FIELDS.some((f) => before[f] !== next[f])
  const earlier = new Set(before.invitedMemberIds)
  return invited.flatMap((p) => {
    if (!earlier.has(p)) return [rowTo(p, 'activityInvited', valuesOf(next, N.invited), now)]
    return changed ? [rowTo(p, 'activityInvited', valuesOf(next, N.changed), now)] : []
  })
}

/** The reminder before the start, to each registrant and invited member once. */
export function reminderNotices(a: Activity, registrantIds: Id[], now: IsoTime): OutboxRow[] {
  const to = [...new Set([...a.invitedMemberIds, ...registrantIds])]
  return to.map((p) => rowTo(p, 'activityReminder', valuesOf(a, ''), now))
}

/** Is it time for the reminder (the activity starts within the window and has not started)? */
export function reminderDue(a: Pick<Activity, 'status' | 'startAt'>, now: IsoTime): boolean {
  const start = Date.parse(a.startAt)
  const t = Date.parse(now)
  return a.status === 'published' && start > t && start - t <= REMIND_BEFORE_HOURS * 3600_000
}
