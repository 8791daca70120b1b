// The office's measures as pure functions: what each item contributes (its facts), and the fold from grouped rows to
// counts, rates (numerator over denominator, "—" when the denominator is empty) and median / p90 times. The server's
// aggregation groups stored facts into the same rows, so the database's figures and the pure fold agree by construction.
import type { Id, IsoTime, Suggestion } from '../types'

// ---- counts ----

/** Every count, each with the one letter it has in an item's flag string (`fig.k` on the stored item). */
export const COUNT_KEYS = [
  'received', 'accepted', 'rejected', 'merged', 'handedOff', 'claimed', 'replied', 'closed', 'reopened',
  'adopted', 'responded', 'onTime', 'rated', 'satisfied', 'groupTaken',
] as const
export type CountKey = (typeof COUNT_KEYS)[number]
const LETTER: Record<CountKey, string> = {
  received: 'R', accepted: 'A', rejected: 'J', merged: 'M', handedOff: 'H', claimed: 'C', replied: 'P', closed: 'Z',
  reopened: 'O', adopted: 'D', responded: 'S', onTime: 'T', rated: 'E', satisfied: 'F', groupTaken: 'G',
}
export type Counts = Record<CountKey, number>

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts
}

// ---- rates ----

export const RATE_KEYS = ['adoptionRate', 'responseRate', 'onTimeRate', 'satisfactionRate', 'reopenRate'] as const
export type RateKey = (typeof RATE_KEYS)[number]
/** Each rate as numerator over denominator. */
export const RATE_PARTS: Record<RateKey, [CountKey, CountKey]> = {
  adoptionRate: ['adopted', 'replied'],
  responseRate: ['responded', 'handedOff'],
  onTimeRate: ['onTime', 'replied'],
  satisfactionRate: ['satisfied', 'rated'],
  reopenRate: ['reopened', 'rated'],
}
/** A rate keeps its parts; `value` is null when nothing was counted below the line. */
export interface Rate { num: number; den: number; value: number | null }

export function rateOf(num: number, den: number): Rate {
  return { num, den, value: den > 0 ? num / den : null }
}

export function ratesOf(c: Counts): Record<RateKey, Rate> {
  return Object.fromEntries(RATE_KEYS.map((k) => [k, rateOf(c[RATE_PARTS[k][0]], c[RATE_PARTS[k][1]])])) as Record<RateKey, Rate>
}

export const EMPTY = '—'

/** "75.0%", or "—" for an empty denominator (never 0 % or NaN). */
export function formatRate(rate: Rate | null | undefined, digits = 1): string {
  if (!rate || rate.value === null) return EMPTY
  return `${(rate.value * 100).toFixed(digits)}%`
}

// ---- times ----

export const TIME_KEYS = ['toAccept', 'toClaim', 'toReply', 'toClose'] as const
export type TimeKey = (typeof TIME_KEYS)[number]
/** Where each time is stored on the item (hours, bucketed). */
export const TIME_FIELD: Record<TimeKey, string> = { toAccept: 'hAccept', toClaim: 'hClaim', toReply: 'hReply', toClose: 'hClose' }

/**
 * Hours, to the hour under 3 days, to the day under 60 days, to 30 days beyond: the resolution at which times are kept,
 * so that the database can group them into a few hundred buckets instead of returning every item's time.
 */
export function bucketHours(ms: number): number {
  const h = Math.max(0, ms) / 3600_000
  if (h < 72) return Math.floor(h)
  if (h < 60 * 24) return Math.floor(h / 24) * 24
  return Math.floor(h / 720) * 720
}

export interface TimeStat { n: number; median: number | null; p90: number | null }

/** Nearest-rank percentile over a histogram of bucketed hours (bucket → how many). */
export function percentileOf(hist: Map<number, number>, p: number): number | null {
  let n = 0
  for (const c of hist.values()) n += c
  if (n === 0) return null
  const rank = Math.max(1, Math.ceil(p * n))
  let seen = 0
  for (const h of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(h)!
    if (seen >= rank) return h
  }
  return null
}

export function timeStatOf(hist: Map<number, number>): TimeStat {
  let n = 0
  for (const c of hist.values()) n += c
  return { n, median: percentileOf(hist, 0.5), p90: percentileOf(hist, 0.9) }
}

/** "36 小时" / "5 天" (shown from 72 hours on, where times are kept to the day), "—" when there is none. */
export function formatHours(h: number | null | undefined): string {
  if (h === null || h === undefined) return EMPTY
  return h < 72 ? `${h} 小时` : `${Math.round(h / 24)} 天`
}

// ---- an item's facts ----

/** What one item contributes to the figures: its flag string, its month and the extra dimensions, its bucketed times. */
export interface ItemFacts {
  /** Letters of COUNT_KEYS that hold for the item. */
  k: string
  /** The UTC+8 month it was received, "2026-03". */
  month: string
  /** `createdAt|id`: unique and in time order, so one index key both selects a period (a range) and pages through it. */
  at: string
  /** The member who holds or held it: the handler once claimed, else the member it is handed to. */
  member?: Id
  /** The sector group it was handed to. */
  group?: Id
  /** The department it was handed to. */
  dept?: Id
  hAccept?: number
  hClaim?: number
  hReply?: number
  hClose?: number
}

const ADOPTED = new Set(['adopted', 'partlyAdopted'])
const SATISFIED = new Set(['satisfied', 'basicallySatisfied'])
const PAST_ACCEPT = new Set(['accepted', 'consulting', 'assigned', 'claimed', 'replied', 'closed'])

/** The UTC+8 month of a UTC time. */
export function monthKeyOf(at: IsoTime): string {
  return new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 7)
}

const span = (from: IsoTime | undefined, to: IsoTime | undefined): number | undefined =>
  from && to ? bucketHours(Date.parse(to) - Date.parse(from)) : undefined

export function factsOf(s: Suggestion): ItemFacts {
  const replied = (s.status === 'replied' || s.status === 'closed') && !!s.reply
  const h = s.handOff
  const flags: Record<CountKey, boolean> = {
    received: true,
    accepted: !!s.acceptedAt || PAST_ACCEPT.has(s.status),
    rejected: s.status === 'rejected',
    merged: s.status === 'merged',
    handedOff: !!h,
    claimed: !!s.claimedAt,
    replied,
    closed: s.status === 'closed',
    // A reopen follows a dissatisfied rating, so reopened items are a part of rated ones.
    reopened: s.reopenCount > 0 && !!s.rating,
    adopted: replied && ADOPTED.has(s.reply!.outcome),
    // Claimed while still on the hand-off's first rung: nobody had to climb the claim ladder.
    responded: !!h && !!s.claimedAt && (h.rungAt ?? h.at) === h.at,
    onTime: replied && !!h && s.reply!.at <= h.deadline,
    rated: !!s.rating,
    satisfied: !!s.rating && SATISFIED.has(s.rating.value),
    groupTaken: !!s.claimedAt && h?.target.kind === 'sectorGroup',
  }
  const facts: ItemFacts = { k: COUNT_KEYS.filter((c) => flags[c]).map((c) => LETTER[c]).join(''), month: monthKeyOf(s.createdAt), at: `${s.createdAt}|${s._id}` }
  const member = s.handlerId ?? (h?.target.kind === 'member' ? h.target.memberId : undefined)
  if (member) facts.member = member
  if (h?.target.kind === 'sectorGroup') facts.group = h.target.sectorGroupId
  if (h?.target.kind === 'department') facts.dept = h.target.departmentId
  const times: [keyof ItemFacts, number | undefined][] = [
    ['hAccept', span(s.createdAt, s.acceptedAt)],
    ['hClaim', s.claimedAt ? span(h?.at, s.claimedAt) : undefined],
    ['hReply', replied ? span(s.claimedAt, s.reply!.at) : undefined],
    ['hClose', s.status === 'closed' ? span(s.createdAt, s.closedAt) : undefined],
  ]
  for (const [field, value] of times) if (value !== undefined) (facts as unknown as Record<string, number>)[field] = value
  return facts
}

export function countsOfFlags(k: string, n = 1): Counts {
  const c = zeroCounts()
  for (const key of COUNT_KEYS) if (k.includes(LETTER[key])) c[key] = n
  return c
}

// ---- grouped rows and the fold ----

/** What the database's $group answers, and what the pure fold makes from items: one row per (key, flag string). */
export interface CountRow { key: string | null; k: string; n: number }
/** One row per (key, time, bucket). */
export interface TimeRow { key: string | null; time: TimeKey; h: number; n: number }

export interface Figures {
  counts: Counts
  rates: Record<RateKey, Rate>
  times: Record<TimeKey, TimeStat>
}

export interface FoldedRow extends Figures { key: string }

function addCounts(into: Counts, from: Counts): void {
  for (const k of COUNT_KEYS) into[k] += from[k]
}

/** Rows → figures per key (rows with no key — an item with no member, say — count only in the total). */
export function foldFigures(countRows: CountRow[], timeRows: TimeRow[]): { byKey: Map<string, Figures>; total: Figures } {
  const counts = new Map<string, Counts>()
  const hists = new Map<string, Map<TimeKey, Map<number, number>>>()
  const totalCounts = zeroCounts()
  const totalHists = new Map<TimeKey, Map<number, number>>()
  const bump = (m: Map<TimeKey, Map<number, number>>, t: TimeKey, h: number, n: number) => {
    const hist = m.get(t) ?? new Map<number, number>()
    hist.set(h, (hist.get(h) ?? 0) + n)
    m.set(t, hist)
  }
  for (const r of countRows) {
    const c = countsOfFlags(r.k, r.n)
    addCounts(totalCounts, c)
    if (r.key === null || r.key === undefined) continue
    const into = counts.get(r.key) ?? zeroCounts()
    addCounts(into, c)
    counts.set(r.key, into)
  }
  for (const r of timeRows) {
    bump(totalHists, r.time, r.h, r.n)
    if (r.key === null || r.key === undefined) continue
    const m = hists.get(r.key) ?? new Map()
    bump(m, r.time, r.h, r.n)
    hists.set(r.key, m)
  }
  const figuresOf = (c: Counts, m: Map<TimeKey, Map<number, number>> | undefined): Figures => ({
    counts: c, rates: ratesOf(c),
    times: Object.fromEntries(TIME_KEYS.map((t) => [t, timeStatOf(m?.get(t) ?? new Map())])) as Record<TimeKey, TimeStat>,
  })
  const byKey = new Map<string, Figures>()
  for (const [key, c] of counts) byKey.set(key, figuresOf(c, hists.get(key)))
  return { byKey, total: figuresOf(totalCounts, totalHists) }
}

// ---- dimensions ----

export const DIMENSIONS = ['town', 'village', 'sectorGroup', 'member', 'department', 'category', 'channel', 'month'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** The item's value in a dimension (what the server groups on). */
export function keyOf(s: Suggestion, facts: ItemFacts, d: Dimension): string | null {
  switch (d) {
    case 'town': return s.townId
    case 'village': return s.villageId
    case 'category': return s.category
    case 'channel': return s.channel
    case 'month': return facts.month
    case 'member': return facts.member ?? null
    case 'sectorGroup': return facts.group ?? null
    case 'department': return facts.dept ?? null
  }
}

/** The rows the database would answer for these items, made by hand: the reference the aggregation must equal. */
export function rowsOf(items: Suggestion[], d: Dimension): { countRows: CountRow[]; timeRows: TimeRow[] } {
  const countRows: CountRow[] = []
  const timeRows: TimeRow[] = []
  for (const s of items) {
    const f = factsOf(s)
    const key = keyOf(s, f, d)
    countRows.push({ key, k: f.k, n: 1 })
    for (const t of TIME_KEYS) {
      const h = (f as unknown as Record<string, number | undefined>)[TIME_FIELD[t]]
      if (h !== undefined) timeRows.push({ key, time: t, h, n: 1 })
    }
  }
  return { countRows, timeRows }
}

/** The figures of a list of items by a dimension: the pure fold the server's answer is tested against. */
export function figuresOfItems(items: Suggestion[], d: Dimension): { byKey: Map<string, Figures>; total: Figures } {
  const { countRows, timeRows } = rowsOf(items, d)
  return foldFigures(countRows, timeRows)
}

// ---- rankings ----

export interface Ranked<T> { row: T; rank: number | null; rate: Rate }

/**
 * Rows ranked by a rate, best first; a row whose denominator is below `minCount` is listed after the ranked ones,
 * unranked (its rate says too little). Equal rates share a rank (1, 2, 2, 4).
 */
export function rankBy<T extends { rates: Record<RateKey, Rate> }>(rows: T[], rate: RateKey, minCount: number): Ranked<T>[] {
  const ranked = rows.filter((r) => r.rates[rate].den >= Math.max(1, minCount))
    .sort((a, b) => (b.rates[rate].value! - a.rates[rate].value!) || (b.rates[rate].den - a.rates[rate].den))
  const out: Ranked<T>[] = []
  ranked.forEach((row, i) => {
    const prev = out[i - 1]
    const rank = prev && prev.rate.value === row.rates[rate].value ? prev.rank : i + 1
    out.push({ row, rank, rate: row.rates[rate] })
  })
  for (const row of rows) if (!ranked.includes(row)) out.push({ row, rank: null, rate: row.rates[rate] })
  return out
}

/** Up or down against the previous period: the change of a rate in points, or of a count. null when either side is empty. */
export function changeOf(now: Rate | number, before: Rate | number | undefined): number | null {
  if (before === undefined) return null
  if (typeof now === 'number' && typeof before === 'number') return now - before
  if (typeof now === 'object' && typeof before === 'object') {
    if (now.value === null || before.value === null) return null
    return now.value - before.value
  }
  return null
}
