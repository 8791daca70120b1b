// The reminder before an activity starts: the timer (every tenth minute) finds published activities starting within
// REMIND_BEFORE_HOURS and writes one subscribe message per registrant and invited member, with a marker document whose
// id is the activity's, in one transaction — so a reminder is written once, however often or concurrently the timer runs.
import type { Id } from '../../src/domain/types'
import { REMIND_BEFORE_HOURS, reminderDue, reminderNotices } from '../../src/domain/activities/notices'
import { db, getById, insert, type Doc, type Scope } from '../db'
import { transact, isConflict } from '../transaction'
import { addOutboxRows } from '../repositories/outbox'
import { MAX_READ, readAll } from '../repositories/paging'
import { ACTIVITIES, REGISTRATIONS, activityFromDoc, getActivity } from './repositories'

export const ACTIVITY_REMINDERS = 'activityReminders'

/** Published activities starting in the window, soonest first, 1,000 a read. */
async function startingSoon(now: string): Promise<Id[]> {
  const _ = db().command
  const until = new Date(Date.parse(now) + REMIND_BEFORE_HOURS * 3600_000).toISOString()
  const out: Id[] = []
  for (let from = now; ;) {
    // startKey is `${startAt}|${_id}`: every key of a start after `from` sorts after it.
    const res = await db().collection(ACTIVITIES).where({ family: 'upcoming', startKey: _.gt(from).and(_.lt(until)) }).orderBy('startKey', 'asc').limit(MAX_READ).get()
    const docs = res.data as Doc[]
    out.push(...docs.map((d) => activityFromDoc(d)).filter((a) => reminderDue(a, now)).map((a) => a._id))
    if (docs.length < MAX_READ) return out
    from = String(docs[docs.length - 1].startKey)
  }
}

export async function writeActivityReminders(now: string): Promise<{ remindedActivities: number }> {
  let reminded = 0
  for (const id of await startingSoon(now)) {
    if (await getById(db(), ACTIVITY_REMINDERS, id)) continue
    const registrants = (await readAll(db(), REGISTRATIONS, { activityId: id })).map((r) => r.personId as Id)
    try {
      const wrote = await transact(async (t: Scope) => {
        const a = await getActivity(t, id)
        if (!a || !reminderDue(a, now) || (await getById(t, ACTIVITY_REMINDERS, id))) return false
        const rows = reminderNotices(a, registrants, now)
        await Promise.all([insert(t, ACTIVITY_REMINDERS, { _id: id, at: now, startAt: a.startAt, told: rows.length }), addOutboxRows(t, rows)])
        return true
      }, () => null, 3)
      if (wrote) reminded++
    } catch (err) {
      // Another timer run wrote it first (its marker is there): nothing to do.
      if (!isConflict(err) && !/duplicate|E11000|exist/i.test(String((err as Error)?.message))) throw err
    }
  }
  return { remindedActivities: reminded }
}
