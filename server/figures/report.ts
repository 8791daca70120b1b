// The year-end report in the seed's form: the headline paragraph with the year's counts (and the activities' where that
// capability exists), tables by town and sector group, the most seconded items and the adopted ones with their replies,
// and the charts as images. The same data answers the report page in the app and builds the Word file (docx).
import fs from 'node:fs'
import {
  AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx'
import type { Id } from '../../src/domain/types'
import { OUTCOME_LABELS, STATUS_LABELS } from '../../src/domain/labels'
import { formatRate } from '../../src/domain/figures/measures'
import { FIGURES_TEXT, EXPORT_NAMES } from '../../src/domain/figures/labels'
import { adoptionByTown, monthlyTrend, replyTimeByCategory, type BarChart } from '../../src/domain/figures/charts'
import { periodOf } from '../../src/domain/figures/periods'
import type { ExportResult, FiguresRow, YearReport } from '../../src/domain/figures/api'
import type { FiguresReach } from '../../src/domain/permissions'
import { domainError, type DomainError } from '../../src/domain/commands'
import { db, type Doc } from '../db'
import type { Ctx } from '../handler'
import { orgCache } from '../directory'
import { SUGGESTIONS, fromDoc } from '../repositories/suggestions'
import { figuresTable, reachFor } from './queries'
import { activityCounts } from './activitiesSeam'
import { barChartPng } from './png'
import { once, publish, tempFile } from './files'

const CASES = 5

/** Items of the year within the reach, most seconded first: a walk down the secondCount index (by town for a town). */
async function topSeconded(reach: FiguresReach, year: number, townId: Id | undefined, extra: Doc): Promise<Doc[]> {
  const _ = db().command
  const period = periodOf({ kind: 'year', year })
  const where: Doc = { secondCount: _.gte(0), 'fig.at': _.gte(period.from).and(_.lt(period.to)), ...extra }
  if (townId) where.townId = townId
  else if (reach.kind === 'towns') where.townId = _.in(reach.townIds)
  const res = await db().collection(SUGGESTIONS).where(where).orderBy('secondCount', 'desc').limit(CASES).get()
  return res.data as Doc[]
}

export async function yearReportOf(reach: FiguresReach, year: number, townId?: Id): Promise<YearReport> {
  const period = { kind: 'year' as const, year }
  const filters = townId ? { townId } : {}
  const org = await orgCache()
  // The four tables one after another (each is several passes over the year's items; see figuresTable).
  // The report shows counts and rates, and one time (claim to reply by category): only those passes are made.
  const countsOnly = { times: [], previous: false }
  const byTown = await figuresTable(reach, period, 'town', filters, countsOnly)
  const byGroup = await figuresTable(reach, period, 'sectorGroup', filters, countsOnly)
  const byMonth = await figuresTable(reach, period, 'month', filters, countsOnly)
  const byCategory = await figuresTable(reach, period, 'category', filters, { times: ['toReply'], previous: false })
  const [seconded, adopted] = await Promise.all([
    topSeconded(reach, year, townId, { status: db().command.neq('pendingReview') }),
    topSeconded(reach, year, townId, { feed: true, 'reply.outcome': 'adopted' }),
  ])
  const scope = townId ? (org.towns.get(townId)?.name ?? '') : reach.kind === 'towns' ? reach.townIds.map((t) => org.towns.get(t)?.name ?? '').join('、') : FIGURES_TEXT.county
  const c = byTown.total.counts
  const towns = townId ? [townId] : reach.kind === 'towns' ? reach.townIds : 'all'
  const activities = await activityCounts(periodOf(period), towns, { total: c.received, adopted: c.adopted })
  return {
    year, scope,
    headline: FIGURES_TEXT.headline(year, scope, c.received, c.adopted, c.replied, activities),
    total: byTown.total, byTown: byTown.rows, bySectorGroup: byGroup.rows,
    mostSeconded: seconded.map(fromDoc).map((s) => ({ id: s._id, title: s.title, townName: org.towns.get(s.townId)?.name ?? '', secondCount: s.secondCount, status: s.status })),
    adopted: adopted.map(fromDoc).map((s) => ({ id: s._id, title: s.title, townName: org.towns.get(s.townId)?.name ?? '', outcome: s.reply!.outcome, reply: s.reply!.text })),
    activities,
    charts: [monthlyTrend(byMonth), adoptionByTown(byTown), replyTimeByCategory(byCategory)],
  }
}

export async function yearReport(ctx: Ctx, input: { year: number; townId?: Id }): Promise<YearReport | DomainError> {
  const reach = reachFor(ctx.caller.actor, input.townId)
  if ('code' in reach) return reach
  if (reach.kind === 'member') return domainError('FORBIDDEN')
  return yearReportOf(reach, input.year, input.townId)
}

// ---- the Word file ----

const cell = (text: string | number, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: String(text), bold })] })] })
const table = (head: string[], rows: (string | number)[][]) => new Table({
  width: { size: 100, type: WidthType.PERCENTAGE },
  rows: [new TableRow({ children: head.map((h) => cell(h, true)), tableHeader: true }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
})

const FIGURE_HEAD = ['名称', '收到', '受理', '交办', '答复', '采纳', '采纳率', '按期办结率', '满意率']
const figureCells = (r: FiguresRow) => [
  r.name, r.counts.received, r.counts.accepted, r.counts.handedOff, r.counts.replied, r.counts.adopted,
  formatRate(r.rates.adoptionRate), formatRate(r.rates.onTimeRate), formatRate(r.rates.satisfactionRate),
]

function chartBlock(chart: BarChart): (Paragraph | Table)[] {
  const unit = chart.unit === '%' ? '%' : chart.unit === 'h' ? ' 小时' : ''
  return [
    new Paragraph({ text: chart.title, heading: HeadingLevel.HEADING_3 }),
    new Paragraph({ children: [new ImageRun({ type: 'png', data: barChartPng(chart), transformation: { width: 600, height: 244 } })] }),
    table(['', ...chart.series], chart.bars.map((b) => [b.label, ...b.values.map((v) => (v === null ? '—' : `${v}${unit}`))])),
  ]
}

export async function reportDocx(report: YearReport): Promise<Buffer> {
  const h = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_2 })
  const doc = new Document({
    creator: '三微', title: FIGURES_TEXT.reportTitle(report.year, report.scope),
    sections: [{
      children: [
        new Paragraph({ text: FIGURES_TEXT.reportTitle(report.year, report.scope), heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
        new Paragraph({ children: [new TextRun(report.headline)] }),
        ...(report.activities ? [new Paragraph({ children: [new TextRun(report.activities.paragraph)] })] : []),
        h(FIGURES_TEXT.byTown), table(FIGURE_HEAD, [...report.byTown, report.total].map(figureCells)),
        h(FIGURES_TEXT.byGroup), table(FIGURE_HEAD, report.bySectorGroup.map(figureCells)),
        h(FIGURES_TEXT.mostSeconded),
        table(['建议', '镇街道', '附议', '状态'], report.mostSeconded.map((s) => [s.title, s.townName, s.secondCount, STATUS_LABELS[s.status]])),
        h(FIGURES_TEXT.adoptedCases),
        ...report.adopted.flatMap((a) => [
          new Paragraph({ children: [new TextRun({ text: `${a.title}（${a.townName}，${OUTCOME_LABELS[a.outcome]}）`, bold: true })] }),
          new Paragraph({ children: [new TextRun(`答复：${a.reply}`)] }),
        ]),
        h(FIGURES_TEXT.charts),
        ...report.charts.flatMap(chartBlock),
      ],
    }],
  })
  return Packer.toBuffer(doc)
}

export async function exportYearReport(ctx: Ctx, input: { year: number; townId?: Id }): Promise<ExportResult | DomainError> {
  return once(ctx, 'report', input, async (exportId) => {
    const report = await yearReport(ctx, input)
    if ('code' in report) return report
    const file = tempFile('docx')
    fs.writeFileSync(file, await reportDocx(report))
    return publish(ctx, file, `${EXPORT_NAMES.report}-${report.scope}${input.year}.docx`, 'report', input, report.byTown.length, exportId)
  })
}
