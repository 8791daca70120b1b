// The contract of the `figures` function: what each action takes and answers. Shared by the app and the function.
import type { Category, Channel, Id, IsoTime, Outcome, Rating, SuggestionStatus } from '../types'
import type { Page, PublicCard, StatusFamily, SuggestionCard, TriageTab } from '../api'
import type { Counts, Dimension, Rate, RateKey, TimeKey, TimeStat } from './measures'
import type { Period, PeriodInput } from './periods'
import type { BarChart } from './charts'

export interface FigureFilters { townId?: Id; category?: Category }

export interface FiguresRow {
  key: string
  name: string
  counts: Counts
  rates: Record<RateKey, Rate>
  times: Record<TimeKey, TimeStat>
  /** The same key in the previous period (counts and rates), for up / down. */
  previous?: { counts: Counts; rates: Record<RateKey, Rate> }
}

export interface FiguresTable {
  period: Period
  previous: Period
  dimension: Dimension
  rows: FiguresRow[]
  total: FiguresRow
}

export interface MemberRecordRow extends FiguresRow {
  /** Distinct items the member commented in (their consultations) in the year. */
  commentedItems: number
  /** Activities attended, once the activities capability counts them; null until then. */
  activitiesAttended: number | null
}

export interface MemberRecords { year: number; period: Period; rows: MemberRecordRow[] }

export interface MemberRecordItem {
  id: Id; title: string; status: SuggestionStatus; townName: string; createdAt: IsoTime
  claimedAt?: IsoTime; repliedAt?: IsoTime; outcome?: Outcome; rating?: Rating; onTime?: boolean; viaGroup?: boolean
}

export interface MemberRecord { year: number; row: MemberRecordRow; items: MemberRecordItem[]; nextCursor: string | null }

export type ExportKind = 'items' | 'table' | 'memberRecords'
/** The item list to export: a period and the list's filters (town, category, status family, statuses). */
/**
 * The item list to export: a period's items (with status filters), or a staff triage list as it shows (`tab`, with its
 * town and category, in its order; `period` then optional). One of the two is needed.
 */
export type ItemsExportInput = {
  period?: PeriodInput; family?: StatusFamily; statuses?: SuggestionStatus[]; tab?: TriageTab; oldestFirst?: boolean
} & FigureFilters
export interface ExportResult { exportId: Id; fileID: string; url: string; fileName: string; rows: number }

export interface YearReport {
  year: number
  scope: string
  headline: string
  total: FiguresRow
  byTown: FiguresRow[]
  bySectorGroup: FiguresRow[]
  mostSeconded: { id: Id; title: string; townName: string; secondCount: number; status: SuggestionStatus }[]
  adopted: { id: Id; title: string; townName: string; outcome: Outcome; reply: string }[]
  /** The activities' counts and their paragraph in the seed's form (src/domain/activities/figures.ts yearParagraph). */
  activities: { held: number; participantTimes: number; paragraph: string } | null
  charts: BarChart[]
}

export interface FiguresActions {
  table: { in: { period: PeriodInput; dimension: Dimension } & FigureFilters; out: FiguresTable }
  memberRecords: { in: { year: number; townId?: Id }; out: MemberRecords }
  memberRecord: { in: { year: number; memberId?: Id; cursor?: string | null }; out: MemberRecord }
  search: { in: { q: string; townId?: Id; category?: Category; family?: StatusFamily; cursor?: string | null }; out: Page<SuggestionCard | PublicCard> }
  exportItems: { in: ItemsExportInput; out: ExportResult }
  exportTable: { in: { period: PeriodInput; dimension: Dimension } & FigureFilters; out: ExportResult }
  exportMemberRecords: { in: { year: number; layout: 'table' | 'sheets' }; out: ExportResult }
  yearReport: { in: { year: number; townId?: Id }; out: YearReport }
  exportYearReport: { in: { year: number; townId?: Id }; out: ExportResult }
}

export type { Channel }
