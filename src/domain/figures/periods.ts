// Periods the office counts in — a month, a quarter, a year (UTC+8) or any range of days — as UTC bounds [from, to),
// and the period of the same length just before, shown beside it.
import type { IsoTime } from '../types'

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range'
export interface PeriodInput { kind: PeriodKind; year?: number; month?: number; quarter?: number; from?: string; to?: string }
export interface Period { kind: PeriodKind; from: IsoTime; to: IsoTime; label: string }

const OFFSET = 8 * 3600_000
/** UTC instant of 00:00 UTC+8 on that calendar day (month may overflow: Date.UTC normalises it). */
const startOf = (y: number, m0: number, d = 1): IsoTime => new Date(Date.UTC(y, m0, d) - OFFSET).toISOString()

/** "2026-03-01" (a UTC+8 day) → the UTC instant it starts. */
export function dayStart(day: string): IsoTime {
  const [y, m, d] = day.split('-').map(Number)
  return startOf(y, m - 1, d)
}

export function periodOf(p: PeriodInput): Period {
  const year = p.year ?? 0
  switch (p.kind) {
    case 'year': return { kind: 'year', from: startOf(year, 0), to: startOf(year + 1, 0), label: `${year}年` }
    case 'quarter': {
      const q = p.quarter ?? 1
      return { kind: 'quarter', from: startOf(year, (q - 1) * 3), to: startOf(year, q * 3), label: `${year}年第${q}季度` }
    }
    case 'month': {
      const m = p.month ?? 1
      return { kind: 'month', from: startOf(year, m - 1), to: startOf(year, m), label: `${year}年${m}月` }
    }
    case 'range': {
      // Whole UTC+8 days, both ends included.
      const from = dayStart(p.from!)
      const to = new Date(Date.parse(dayStart(p.to!)) + 86400_000).toISOString()
      return { kind: 'range', from, to, label: `${p.from} 至 ${p.to}` }
    }
  }
}

/** The period just before: the previous month, quarter or year, or a range of the same length ending where this one starts. */
export function previousOf(p: PeriodInput): Period {
  switch (p.kind) {
    case 'year': return periodOf({ kind: 'year', year: (p.year ?? 0) - 1 })
    case 'quarter': return (p.quarter ?? 1) === 1
      ? periodOf({ kind: 'quarter', year: (p.year ?? 0) - 1, quarter: 4 })
      : periodOf({ kind: 'quarter', year: p.year, quarter: (p.quarter ?? 1) - 1 })
    case 'month': return (p.month ?? 1) === 1
      ? periodOf({ kind: 'month', year: (p.year ?? 0) - 1, month: 12 })
      : periodOf({ kind: 'month', year: p.year, month: (p.month ?? 1) - 1 })
    case 'range': {
      const cur = periodOf(p)
      const len = Date.parse(cur.to) - Date.parse(cur.from)
      const from = new Date(Date.parse(cur.from) - len).toISOString()
      const shown = (iso: string) => new Date(Date.parse(iso) + OFFSET).toISOString().slice(0, 10)
      return { kind: 'range', from, to: cur.from, label: `${shown(from)} 至 ${shown(new Date(Date.parse(cur.from) - 1).toISOString())}` }
    }
  }
}

/** The UTC+8 year a time falls in. */
export function yearOf(at: IsoTime): number {
  return new Date(Date.parse(at) + OFFSET).getUTCFullYear()
}

/** "2026-03-01 09:30", a UTC time shown in UTC+8 (files and reports); empty for no time. */
export function localTime(at: IsoTime | undefined | null): string {
  if (!at) return ''
  // A stored UTC time ("2026-03-01T01:30:00.000Z") before 16:00 stays on its day: the hour moves by 8 in the text
  // (an item list calls this half a million times; parsing a Date each time was a twentieth of the export).
  if (at.length >= 17 && at[10] === 'T' && at[13] === ':' && at.endsWith('Z')) {
    const h = Number(at.slice(11, 13)) + 8
    if (h < 24) return `${at.slice(0, 10)} ${h < 10 ? '0' : ''}${h}${at.slice(13, 16)}`
  }
  return new Date(Date.parse(at) + OFFSET).toISOString().slice(0, 16).replace('T', ' ')
}
