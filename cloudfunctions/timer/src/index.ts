// The `timer` function, on its one timer trigger (every minute): it folds the figures' committed changes into their
// rollups and sweeps the outbox every time, and runs the time rules every tenth minute. It refuses any call that did not come from its timer.
import { MESSAGES } from '../../../src/domain/labels'
import { config } from '../../../server/config'
import { openidFromContext } from '../../../server/identity'
import { runTimeRules } from '../../../server/timerRules'
import { sweepOutbox } from '../../../server/notify/sweep'
import { DIGEST_HOUR_UTC, writeDigests } from '../../../server/notify/digest'
import { writeActivityReminders } from '../../../server/activities/reminders'
import { foldRollupDeltas } from '../../../server/figures/rollups'

/** The sweep stops in time for the next minute's firing (the function's timeout is 60 s). */
const SWEEP_BUDGET_MS = 45_000

export async function main(event: unknown, _context?: unknown) {
  // A person's call carries an openid and no timer source: the rules run on the schedule only.
  if (process.env.TRIGGER_SRC !== 'timer' || openidFromContext()) {
    return { ok: false, code: 'FORBIDDEN', message: MESSAGES.timerOnly }
  }
  try {
    const now = new Date().toISOString()
    // The firing's own time decides the schedule (the trigger fires at second 0 of every minute, UTC+8 = UTC for minutes).
    const firedAt = new Date(typeof (event as { Time?: unknown })?.Time === 'string' ? (event as { Time: string }).Time : now)
    const minute = Number.isNaN(firedAt.getTime()) ? new Date(now).getUTCMinutes() : firedAt.getUTCMinutes()
    // First, so that the hourly recount below starts from rollups holding every change committed so far.
    const data: Record<string, unknown> = { foldedFigures: await foldRollupDeltas() }
    if (minute % 10 === 0) {
      // The hourly recount keeps the triage counters honest without scanning on every run.
      Object.assign(data, await runTimeRules(now, config(), { recount: minute === 0 }))
      // 请你来协商: registrants and invited members are reminded before an activity starts.
      Object.assign(data, await writeActivityReminders(now))
      // Once a day, at 09:00 UTC+8: each member's digest of what waits for them.
      if (minute === 0 && firedAt.getUTCHours() === DIGEST_HOUR_UTC) Object.assign(data, await writeDigests(now))
    }
    // The rules' own notifications go out in the same run.
    data.outbox = await sweepOutbox(SWEEP_BUDGET_MS)
    return { ok: true, data }
  } catch (err) {
    console.error('timer failed', err)
    return { ok: false, code: 'INTERNAL', message: MESSAGES.timerFailed }
  }
}
