// Time rules, derived from the item and the configured hours: overdue, the claim ladder, the daily chase, auto-close.
import type { IsoTime, LadderRung, Suggestion } from './types'

/** The configurable numbers the domain needs. The server parses them once from the environment (server/config.ts). */
export interface TimeRules {
  /** Hours a member has to claim an item handed to them before it moves to their sector group. */
  ladderMemberHours: number
  /** Hours the sector group has to claim it before staff are alerted. */
  ladderGroupHours: number
  /** An overdue item is chased at most once per this many hours. */
  chaseEveryHours: number
  /** A replied item with no rating is closed after this many days. */
  autoCloseDays: number
}

export const DEFAULT_TIME_RULES: TimeRules = { ladderMemberHours: 24, ladderGroupHours: 24, chaseEveryHours: 24, autoCloseDays: 7 }

const HOUR = 3600_000

export function addHours(at: IsoTime, hours: number): IsoTime {
  return new Date(Date.parse(at) + hours * HOUR).toISOString()
}

/** Overdue is never stored: a hand-off deadline that has passed while the item is assigned or claimed. */
export function isOverdue(item: Pick<Suggestion, 'status' | 'handOff'>, now: IsoTime): boolean {
  return (item.status === 'assigned' || item.status === 'claimed') && !!item.handOff && item.handOff.deadline < now
}

/** The next rung of the claim ladder that is due now, or null. Only unclaimed items handed to a member or a group climb it. */
export function ladderRungDue(item: Suggestion, now: IsoTime, rules: TimeRules): Exclude<LadderRung, 'member'> | null {
  const handOff = item.handOff
  if (item.status !== 'assigned' || !handOff || handOff.target.kind === 'department') return null
  const since = handOff.rungAt ?? handOff.at
  if (handOff.rung === 'member' && addHours(since, rules.ladderMemberHours) <= now) return 'sectorGroup'
  if (handOff.rung === 'sectorGroup' && addHours(since, rules.ladderGroupHours) <= now) return 'staffAlert'
  return null
}

/** The timer chases an overdue item once per `chaseEveryHours`. */
export function chaseDue(item: Suggestion, now: IsoTime, rules: TimeRules): boolean {
  if (!isOverdue(item, now)) return false
  return !item.lastChasedAt || addHours(item.lastChasedAt, rules.chaseEveryHours) <= now
}

export function autoCloseDue(item: Suggestion, now: IsoTime, rules: TimeRules): boolean {
  return item.status === 'replied' && !!item.reply && addHours(item.reply.at, rules.autoCloseDays * 24) <= now
}

/** The instant before which a replied item is old enough to be closed (for the timer's indexed query). */
export function autoCloseCutoff(now: IsoTime, rules: TimeRules): IsoTime {
  return addHours(now, -rules.autoCloseDays * 24)
}
