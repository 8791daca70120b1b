// The `timer` function: the time rules on a timer trigger. It refuses any call that did not come from its timer.
import { MESSAGES } from '../../../src/domain/labels'
import { config } from '../../../server/config'
import { openidFromContext } from '../../../server/identity'
import { runTimeRules } from '../../../server/timerRules'

export async function main(_event: unknown, _context?: unknown) {
  // A person's call carries an openid and no timer source: the rules run on the schedule only.
  if (process.env.TRIGGER_SRC !== 'timer' || openidFromContext()) {
    return { ok: false, code: 'FORBIDDEN', message: MESSAGES.timerOnly }
  }
  try {
    const now = new Date().toISOString()
    // The hourly recount keeps the triage counters honest without scanning on every run.
    const recount = new Date(now).getUTCMinutes() < 10
    return { ok: true, data: await runTimeRules(now, config(), { recount }) }
  } catch (err) {
    console.error('timer failed', err)
    return { ok: false, code: 'INTERNAL', message: MESSAGES.timerFailed }
  }
}
