// The periods the office counts in, as UTC bounds of UTC+8 calendar periods, and the period shown beside each
// (src/domain/figures/periods.ts), written out by hand.
import { dayStart, localTime, periodOf, previousOf, yearOf } from '../../src/domain/figures/periods'

test('a year, a quarter, a month and a range of days, each from 00:00 in China', () => {
  expect(periodOf({ kind: 'quarter', year: 2026, quarter: 2 })).toStrictEqual({ kind: 'quarter', from: '2026-03-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z', label: '2026年第2季度' })
  expect(periodOf({ kind: 'quarter', year: 2026, quarter: 4 })).toStrictEqual({ kind: 'quarter', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', label: '2026年第4季度' })
  expect(periodOf({ kind: 'month', year: 2026, month: 12 })).toStrictEqual({ kind: 'month', from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', label: '2026年12月' })
  expect(periodOf({ kind: 'range', from: '2026-03-01', to: '2026-03-01' })).toStrictEqual({ kind: 'range', from: '2026-02-28T16:00:00.000Z', to: '2026-03-01T16:00:00.000Z', label: '2026-03-01 至 2026-03-01' })
  expect(dayStart('2026-01-01')).toBe('2025-12-31T16:00:00.000Z')
})

test('the period before: the previous year, quarter or month (across a year\'s start), or a range as long ending where it starts', () => {
  expect(previousOf({ kind: 'year', year: 2026 })).toStrictEqual({ kind: 'year', from: '2024-12-31T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z', label: '2025年' })
  expect(previousOf({ kind: 'quarter', year: 2026, quarter: 3 })).toStrictEqual({ kind: 'quarter', from: '2026-03-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z', label: '2026年第2季度' })
  expect(previousOf({ kind: 'quarter', year: 2026, quarter: 1 }).to).toBe('2025-12-31T16:00:00.000Z')
  expect(previousOf({ kind: 'month', year: 2026, month: 1 })).toStrictEqual({ kind: 'month', from: '2025-11-30T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z', label: '2025年12月' })
  expect(previousOf({ kind: 'month', year: 2026, month: 3 })).toStrictEqual({ kind: 'month', from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z', label: '2026年2月' })
  // 10 days, 1–10 March: the 10 days before, 19–28 February.
  expect(previousOf({ kind: 'range', from: '2026-03-01', to: '2026-03-10' })).toStrictEqual({ kind: 'range', from: '2026-02-18T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z', label: '2026-02-19 至 2026-02-28' })
})

test('a time\'s year and its local reading in China', () => {
  expect(yearOf('2026-12-31T15:59:59.000Z')).toBe(2026)
  expect(yearOf('2026-12-31T16:00:00.000Z')).toBe(2027)
  expect(localTime('2026-03-01T01:30:00.000Z')).toBe('2026-03-01 09:30')
  // Across midnight and the month's and the year's end; the last hour before; a time without milliseconds.
  expect(localTime('2026-02-28T16:00:00.000Z')).toBe('2026-03-01 00:00')
  expect(localTime('2026-12-31T23:59:59.999Z')).toBe('2027-01-01 07:59')
  expect(localTime('2026-03-01T15:59:00.000Z')).toBe('2026-03-01 23:59')
  expect(localTime('2026-03-01T00:05:00Z')).toBe('2026-03-01 08:05')
  expect(localTime('2026-03-01T09:30:00+08:00')).toBe('2026-03-01 09:30')
  expect(localTime(undefined)).toBe('')
  expect(localTime(null)).toBe('')
})

test('a quarter or a month not given is the first of the year', () => {
  expect(periodOf({ kind: 'quarter', year: 2026 })).toStrictEqual({ kind: 'quarter', from: '2025-12-31T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z', label: '2026年第1季度' })
  expect(periodOf({ kind: 'month', year: 2026 })).toStrictEqual({ kind: 'month', from: '2025-12-31T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z', label: '2026年1月' })
  expect(previousOf({ kind: 'quarter', year: 2026 }).label).toBe('2025年第4季度')
  expect(previousOf({ kind: 'month', year: 2026 }).label).toBe('2025年12月')
})
