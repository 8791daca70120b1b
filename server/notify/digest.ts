// The members' daily digest (每日待办汇总): one subscribe message per member with items waiting —
// “您有 3 条待认领，1 条已超期” — instead of one message per item. The timer writes it once a day; the row's id names the
// member and the day, so a second run the same day writes nothing new. The same timer run's sweep sends them.
import { NOTIFY_LABELS } from '../../src/domain/notify/labels'
import { db, insert } from '../db'
import { count } from '../repositories/paging'
import { OUTBOX } from '../repositories/outbox'
import { SUGGESTIONS } from '../repositories/suggestions'
import { peopleWithRole } from '../repositories/users'
import { templateFields } from '../templates'

/** 09:00 in UTC+8. */
export const DIGEST_HOUR_UTC = 1

export async function writeDigests(now: string): Promise<{ digests: number }> {
  const _ = db().command
  const members = await peopleWithRole(db(), 'member')
  const day = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10)
  let written = 0
  for (const m of members) {
    const keys = [`m:${m._id}`, ...(m.sectorGroupIds ?? []).map((g) => `g:${g}`)]
    const [toClaim, overdue] = await Promise.all([
      Promise.all(keys.map((k) => count(db(), SUGGESTIONS, { holderKey: k, status: 'assigned' }))).then((n) => n.reduce((a, b) => a + b, 0)),
      Promise.all(keys.map((k) => count(db(), SUGGESTIONS, { holderKey: k, family: 'inProgress', dueKey: _.lt(now) }))).then((n) => n.reduce((a, b) => a + b, 0)),
    ])
    if (toClaim + overdue === 0) continue
    const values = { title: NOTIFY_LABELS.digestNote(toClaim, overdue), time: now, note: NOTIFY_LABELS.digestHint }
    const t = templateFields('digest', values)
    const _id = `digest-${m._id}-${day}`
    try {
      await insert(db(), OUTBOX, {
        _id, kind: 'subscribe', to: m._id, templateKey: 'digest', templateId: t.templateId, data: t.data, values,
        status: 'pending', attempts: 0, createdAt: now, dueAt: now,
      })
      written++
    } catch (err) {
      // Already written today (the timer ran twice): nothing new.
      if (!/E11000|duplicate/i.test(String((err as Error)?.message ?? err))) throw err
    }
  }
  return { digests: written }
}
