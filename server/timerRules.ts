// The time rules, run by the `timer` function every ten minutes: the claim ladder, the daily chase of overdue items,
// auto-close of replied items nobody rated, a reminder to staff for each consultation past its deadline, and the repair of the triage tab counters. Each rung or command is one
// event in its own transaction, through the same deciders as people's commands.
import type { Id, Suggestion } from '../src/domain/types'
import { autoCloseCutoff, chaseDue, ladderRungDue } from '../src/domain/time'
import { isDomainError } from '../src/domain/commands'
import type { Config } from './config'
import { db, type Doc } from './db'
import { setTabCounts, triageOps } from './repositories/counters'
import { recentMonths, recountMonth } from './figures/rollups'
import { sweepRequests } from './repositories/requests'
import { aggregateAll } from './repositories/paging'
import { SUGGESTIONS, fromDoc, overdueWhere } from './repositories/suggestions'
import { runSystemCommand } from './suggestionCommands'

const BATCH = 200

async function find(where: unknown, sortKey: string): Promise<Suggestion[]> {
  const res = await db().collection(SUGGESTIONS).where(where).orderBy(sortKey, 'asc').limit(BATCH).get()
  return (res.data as Doc[]).map(fromDoc)
}

export interface TimerReport { escalated: number; chased: number; closed: number; remindedConsultations: number; recountedTowns: number; expiredRequests: number; recountedFigures?: number; figuresRecountDeferred?: string[] }

export async function runTimeRules(now: string, cfg: Config, opts: { recount?: boolean } = {}): Promise<TimerReport> {
  const _ = db().command
  const report: TimerReport = { escalated: 0, chased: 0, closed: 0, remindedConsultations: 0, recountedTowns: 0, expiredRequests: 0 }

  // 1. The claim ladder: member → sector group → staff alert. One rung per pass; an item can climb two in one run.
  for (const rung of ['member', 'sectorGroup'] as const) {
    const hours = rung === 'member' ? cfg.ladderMemberHours : cfg.ladderGroupHours
    const cutoff = new Date(Date.parse(now) - hours * 3600_000).toISOString()
    // Department hand-offs have no ladder; leaving them out keeps them from filling the batch.
    const items = await find({ status: 'assigned', 'handOff.rung': rung, 'handOff.rungAt': _.lte(cutoff), 'handOff.target.kind': _.neq('department') }, 'handOff.rungAt')
    for (const item of items) {
      if (!ladderRungDue(item, now, cfg)) continue
      const r = await runSystemCommand('escalate', item._id, now, cfg)
      if (!isDomainError(r)) report.escalated++
    }
  }

  // 2. Overdue items are chased once a day. Items chased recently are left out by the query itself, so that a long
  //    list of overdue items is worked through batch by batch instead of returning the same first batch every run.
  const chasedBefore = new Date(Date.parse(now) - cfg.chaseEveryHours * 3600_000).toISOString()
  const notChasedSince = _.or([{ lastChasedAt: _.exists(false) }, { lastChasedAt: _.lte(chasedBefore) }])
  const overdue = await find(_.and([overdueWhere(now), notChasedSince]), 'dueKey')
  for (const item of overdue) {
    if (!chaseDue(item, now, cfg)) continue
    const r = await runSystemCommand('chase', item._id, now, cfg)
    if (!isDomainError(r)) report.chased++
  }

  // 3. Replied, not rated within N days: closed by the system.
  const stale = await find({ status: 'replied', replyKey: _.lt(autoCloseCutoff(now, cfg)) }, 'replyKey')
  for (const item of stale) {
    const r = await runSystemCommand('close', item._id, now, cfg)
    if (!isDomainError(r)) report.closed++
  }

  // 4. A consultation past its deadline and not concluded: staff of its town are reminded, once (the reminder is
  //    marked on the item, which the query leaves out, so each run works through those not yet reminded).
  const pastDeadline = await find({ status: 'consulting', 'consultation.deadline': _.lte(now), 'consultation.remindedAt': _.exists(false) }, 'consultation.deadline')
  for (const item of pastDeadline) {
    const r = await runSystemCommand('remindConsultation', item._id, now, cfg)
    if (!isDomainError(r)) report.remindedConsultations++
  }

  // 5. Idempotency records older than the configured days go: no retry comes that late.
  report.expiredRequests = await sweepRequests(new Date(Date.parse(now) - cfg.requestTtlDays * 86400_000).toISOString())

  // 6. Repair the triage counters (bumped after commits, so a crash in between could leave them off by one).
  if (opts.recount) report.recountedTowns = await recountTabs()
  // 7. Heal the figures' rollups of this month and the last, recounted from the items (the changes not folded yet
  // taken into account: see recountMonth). A month that kept moving while it was read is left to the next hour.
  if (opts.recount) {
    report.recountedFigures = 0
    for (const month of recentMonths(now)) {
      const n = await recountMonth(month)
      if (n === null) (report.figuresRecountDeferred ??= []).push(month)
      else report.recountedFigures += n
    }
  }
  return report
}

/** How many times the triage repair reads again when commands moved a town's counter while it counted. */
const RECOUNT_TRIES = 5

/**
 * Sets each town's triage counter to the items' count. A command's change goes beside its commit (see
 * suggestionCommands.ts), so one applied while the repair counts would be overwritten, or counted twice: each counter is
 * read before and after the count, and replaced only when no change touched it in between and it is still as read
 * (`setTabCounts` matches its remembered operation ids). A town whose counter kept moving is tried again, at most five
 * times; answers how many towns were set.
 */
export async function recountTabs(): Promise<number> {
  const _ = db().command
  const $ = _.aggregate
  let set = 0
  let towns: Set<Id> | null = null
  for (let attempt = 0; attempt < RECOUNT_TRIES && (towns === null || towns.size > 0); attempt++) {
    const before = await triageOps()
    // Towns × tabs × categories is well past CloudBase's default of 20 rows: paged explicitly.
    const rows = await aggregateAll(() => db().collection(SUGGESTIONS).aggregate()
      .match({ family: _.in(['triage', 'inProgress', 'replied', 'ended']) })
      .group({ _id: { townId: '$townId', tab: '$tab', category: '$category' }, n: $.sum(1) }), { '_id.townId': 1, '_id.tab': 1, '_id.category': 1 })
    const after = await triageOps()
    const byTown = new Map<Id, Record<string, number>>()
    for (const row of rows) {
      const { townId, tab, category } = row._id
      const counts = byTown.get(townId) ?? {}
      counts[tab] = (counts[tab] ?? 0) + row.n
      counts[`${tab}__${category}`] = (counts[`${tab}__${category}`] ?? 0) + row.n
      byTown.set(townId, counts)
    }
    // A counter of a town with no item left in these tabs is set to nothing.
    for (const townId of after.keys()) if (!byTown.has(townId)) byTown.set(townId, {})
    const moved = new Set<Id>()
    for (const [townId, counts] of byTown) {
      if (towns && !towns.has(townId)) continue
      const ops = after.get(townId) ?? null
      const still = JSON.stringify(before.get(townId) ?? null) === JSON.stringify(ops)
      if (still && (await setTabCounts(townId, counts, ops))) set++
      else moved.add(townId)
    }
    towns = moved
  }
  return set
}
