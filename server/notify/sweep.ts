// The timer's sweep: every minute, sends what the commands' own inline sends left (slow, failed and retried rows,
// rows whose sender died, robot messages that waited for the robot's limit), until its time budget is spent.
import { db } from '../db'
import { dueRowIds, nextDueAt } from '../repositories/outbox'
import { dispatchRows } from './dispatch'

export interface SweepReport { rounds: number; [result: string]: number }

/** Rows leased at once: one conditional update for all, and one take of sends per robot for its rows among them. */
const BATCH = 800 // with up to 200 lapsed leases: 1,000, what one read may return
/** A row coming due this soon is waited for (a robot's send racing another); later ones are the next minute's sweep. */
const MAX_WAIT_MS = 5_000

export async function sweepOutbox(budgetMs: number, concurrency = 8): Promise<SweepReport> {
  const report: SweepReport = { rounds: 0 }
  const deadline = Date.now() + budgetMs
  while (Date.now() < deadline - 200) {
    const ids = await dueRowIds(db(), new Date().toISOString(), BATCH)
    if (ids.length === 0) {
      const next = await nextDueAt(db())
      const wait = next ? Date.parse(next) - Date.now() : Infinity
      if (wait > MAX_WAIT_MS || wait > deadline - Date.now()) break
      await new Promise((r) => setTimeout(r, Math.max(50, wait)))
      continue
    }
    report.rounds++
    const counts = await dispatchRows(ids, deadline - Date.now(), concurrency)
    for (const [k, n] of Object.entries(counts)) report[k] = (report[k] ?? 0) + n
  }
  return report
}
