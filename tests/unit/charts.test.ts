// The office's three charts as data (src/domain/figures/charts.ts): which numbers each bar shows and how tall the axis is.
import { adoptionByTown, axisMax, monthlyTrend, replyTimeByCategory, SERIES_COLORS } from '../../src/domain/figures/charts'
import type { FiguresRow, FiguresTable } from '../../src/domain/figures/api'
import { ratesOf, zeroCounts, type TimeStat } from '../../src/domain/figures/measures'

const noTime: TimeStat = { n: 0, median: null, p90: null }
function row(key: string, name: string, counts: Partial<ReturnType<typeof zeroCounts>>, toReplyMedian: number | null = null): FiguresRow {
  const c = { ...zeroCounts(), ...counts }
  return { key, name, counts: c, rates: ratesOf(c), times: { toAccept: noTime, toClaim: noTime, toReply: { n: 1, median: toReplyMedian, p90: null }, toClose: noTime } }
}
const period = { kind: 'year', year: 2026, from: '2026-01-01', to: '2027-01-01', label: '2026年' } as unknown as FiguresTable['period']
const table = (rows: FiguresRow[]): FiguresTable => ({ period, previous: period, dimension: 'month', rows, total: rows[0] })

test('the monthly trend shows received and replied per month, labelled without the year', () => {
  const chart = monthlyTrend(table([row('2026-01', '2026年1月', { received: 12, replied: 7 }), row('2026-02', '2026年2月', { received: 3, replied: 0 })]))
  expect(chart).toStrictEqual({
    title: '每月收到与答复', series: ['收到', '答复'], unit: '',
    bars: [{ label: '1月', values: [12, 7] }, { label: '2月', values: [3, 0] }],
  })
})

test('adoption and satisfaction by town are percentages to one decimal, and a town with nothing rated has no satisfaction bar', () => {
  const chart = adoptionByTown(table([
    row('t1', '当湖街道', { replied: 3, adopted: 2, rated: 4, satisfied: 3 }),
    row('t2', '新埭镇', { replied: 0, adopted: 0, rated: 0, satisfied: 0 }),
  ]))
  expect(chart).toStrictEqual({
    title: '各镇街道采纳率与满意率', series: ['采纳率', '满意率'], unit: '%',
    bars: [{ label: '当湖街道', values: [66.7, 75] }, { label: '新埭镇', values: [null, null] }],
  })
  expect(axisMax(chart)).toBe(100)
})

test('reply time by category shows the median hours from claim to reply', () => {
  const chart = replyTimeByCategory(table([row('road', '道路交通', {}, 36), row('env', '生态环境', {}, null)]))
  expect(chart).toStrictEqual({
    title: '各类别认领到答复时间（中位数，小时）', series: ['中位数（小时）'], unit: 'h',
    bars: [{ label: '道路交通', values: [36] }, { label: '生态环境', values: [null] }],
  })
})

test('the value axis reaches the largest value, never below 1, ignoring missing bars', () => {
  expect(axisMax({ title: '', series: ['a', 'b'], unit: '', bars: [{ label: 'x', values: [4, null] }, { label: 'y', values: [2, 9] }] })).toBe(9)
  expect(axisMax({ title: '', series: ['a'], unit: 'h', bars: [{ label: 'x', values: [null] }, { label: 'y', values: [0.5] }] })).toBe(1)
  expect(axisMax({ title: '', series: ['a'], unit: '', bars: [] })).toBe(1)
  // A rate chart is always out of 100, even when every town is low.
  expect(axisMax({ title: '', series: ['a'], unit: '%', bars: [{ label: 'x', values: [12.5] }] })).toBe(100)
})

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  const [r, g, b] = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255))
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
}

test('three distinct series colours, each readable as legend text on white (at least 4.5:1)', () => {
  expect(SERIES_COLORS).toHaveLength(3)
  expect(new Set(SERIES_COLORS).size).toBe(3)
  for (const c of SERIES_COLORS) {
    expect(c).toMatch(/^#[0-9a-f]{6}$/)
    expect(contrastOnWhite(c)).toBeGreaterThanOrEqual(4.5)
  }
})
