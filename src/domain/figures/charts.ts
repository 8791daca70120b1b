// The three charts the office looks at, as data: bars with one value per series. The app draws them with plain views
// (no chart library: nothing added to the package), the year-end report as PNG images.
import type { FiguresTable } from './api'
import { FIGURES_TEXT } from './labels'

export interface BarChart {
  title: string
  series: string[]
  /** '%' values are 0–100; 'h' values are hours. */
  unit: '' | '%' | 'h'
  bars: { label: string; values: (number | null)[] }[]
}

/** Received and replied, month by month (a table by month). */
export function monthlyTrend(byMonth: FiguresTable): BarChart {
  return {
    title: FIGURES_TEXT.monthlyTrend, series: ['收到', '答复'], unit: '',
    bars: byMonth.rows.map((r) => ({ label: r.name.replace(/^\d+年/, ''), values: [r.counts.received, r.counts.replied] })),
  }
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10)

/** Adoption and satisfaction rates, town by town (a table by town); a town with an empty denominator has no bar. */
export function adoptionByTown(byTown: FiguresTable): BarChart {
  return {
    title: FIGURES_TEXT.adoptionByTown, series: ['采纳率', '满意率'], unit: '%',
    bars: byTown.rows.map((r) => ({ label: r.name, values: [pct(r.rates.adoptionRate.value), pct(r.rates.satisfactionRate.value)] })),
  }
}

/** Median hours from claim to reply, category by category (a table by category). */
export function replyTimeByCategory(byCategory: FiguresTable): BarChart {
  return {
    title: FIGURES_TEXT.replyTimeByCategory, series: ['中位数（小时）'], unit: 'h',
    bars: byCategory.rows.map((r) => ({ label: r.name, values: [r.times.toReply.median] })),
  }
}

/** The top of the value axis: the largest value (100 for rates), at least 1. */
export function axisMax(chart: BarChart): number {
  if (chart.unit === '%') return 100
  let max = 1
  for (const b of chart.bars) for (const v of b.values) if (v !== null && v > max) max = v
  return max
}

/** Series colours: the legend prints its name in them, so each is at least 4.5:1 on white (WCAG AA for text). */
export const SERIES_COLORS = ['#c0392b', '#1f6fa5', '#1d7a3e'] as const
