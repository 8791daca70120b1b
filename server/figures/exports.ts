// Excel exports with exceljs' streaming writer: rows go to disk as they are made, so 100,000 items fit in a cloud
// function's default memory. The item list pages through the period index (`fig.at`) a thousand at a time.
// Columns in Chinese, times in UTC+8, anonymous authors blank, phones only for those who may see them.
import ExcelJS from 'exceljs'
import { CATEGORY_LABELS, CHANNEL_LABELS, OUTCOME_LABELS, RATING_LABELS, STATUS_LABELS, TRIAGE_TAB_LABELS } from '../../src/domain/labels'
import type { Id, Person, Suggestion } from '../../src/domain/types'
import { seesPrivateDetails, type ActorContext } from '../../src/domain/permissions'
import { handOffTargetName, type Directory } from '../../src/domain/views'
import { COUNT_KEYS, EMPTY, RATE_KEYS, TIME_KEYS, formatHours, formatRate, type Dimension } from '../../src/domain/figures/measures'
import { COUNT_LABELS, DIMENSION_LABELS, EXPORT_NAMES, FIGURES_TEXT, ITEM_COLUMNS, RATE_LABELS, TIME_LABELS } from '../../src/domain/figures/labels'
import { localTime, periodOf, type PeriodInput } from '../../src/domain/figures/periods'
import type { ExportResult, FigureFilters, FiguresRow, ItemsExportInput, MemberRecordRow } from '../../src/domain/figures/api'
import type { FiguresReach } from '../../src/domain/permissions'
import { domainError, type DomainError } from '../../src/domain/commands'
import { db, type Doc } from '../db'
import type { Ctx } from '../handler'
import { orgCache } from '../directory'
import { getPeople } from '../repositories/users'
import { SUGGESTIONS } from '../repositories/suggestions'
import { triageList } from '../suggestionQueries'
import { mergedPage, type PageQuery } from '../repositories/paging'
import { figuresTable, matchOf, memberRecordsOf, reachFor } from './queries'
import { once, publish, tempFile } from './files'

const PAGE = 1000

type Sheet = ExcelJS.Worksheet
function newWorkbook(file: string): ExcelJS.stream.xlsx.WorkbookWriter {
  return new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file, useStyles: true,
    // Shared strings would keep every distinct text in memory until the end: inline strings stream.
    // Stryker disable next-line BooleanLiteral: shared or inline strings, a reader opens the same cells; only the writer's memory differs
    useSharedStrings: false,
  })
}
function header(sheet: Sheet, columns: readonly string[]): void {
  const row = sheet.addRow([...columns])
  row.font = { bold: true }
  row.commit()
}

/**
 * One data row. Empty texts are left as empty cells (not written), and every cell shares one style object: the writer
 * caches a style's id by the object, and a fresh style per cell made it work out each cell's style anew (a tenth of
 * the time of a 100,000-row list).
 */
const PLAIN: Partial<ExcelJS.Style> = {}
function dataRow(sheet: Sheet, cells: readonly (string | number | null)[]): void {
  const row = sheet.addRow(cells.map((v) => (v === '' ? null : v)))
  row.eachCell({ includeEmpty: true }, (cell) => { cell.style = PLAIN })
  row.commit()
}

// ---- the item list ----

/**
 * Names of people, fetched once per export for the ids not seen yet (members and staff recur on every page). The
 * oldest are forgotten past a bound, so memory stays flat over 100,000 rows while recurring authors are not re-read.
 */
class People {
  private readonly known = new Map<Id, Person | null>()
  constructor(private readonly bound = 5000) {}
  async load(ids: Id[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => id && !this.known.has(id))
    if (missing.length === 0) return
    const found = await getPeople(db(), missing)
    for (const id of missing) this.known.set(id, null)
    for (const p of found) this.known.set(p._id, p)
    for (const id of this.known.keys()) {
      if (this.known.size <= this.bound) break
      this.known.delete(id)
    }
  }
  get(id: Id | undefined): Person | undefined { return id ? this.known.get(id) ?? undefined : undefined }
}

/** The directory an item list's rows look names up in: made once per export, not once per row. */
export function exportDirectory(people: People, org: Awaited<ReturnType<typeof orgCache>>): Directory {
  return {
    person: (id: Id) => people.get(id), townName: (id: Id) => org.towns.get(id)?.name ?? '', villageName: (id: Id) => org.villages.get(id)?.name ?? '',
    sectorGroupName: (id: Id) => org.groups.get(id)?.name, departmentName: (id: Id) => org.departments.get(id)?.name,
  }
}

export function itemRow(s: Suggestion, actor: ActorContext, people: People, dir: Directory): (string | number)[] {
  const author = people.get(s.authorId)
  const privateOk = seesPrivateDetails(actor, s)
  const authorName = s.anonymous ? '' : (s.onBehalfOf?.name ?? author?.name ?? '')
  const phone = !s.anonymous && privateOk ? (s.onBehalfOf?.phone ?? author?.phone ?? '') : ''
  const replied = s.reply && (s.status === 'replied' || s.status === 'closed') ? s.reply : undefined
  return [
    s._id, s.title, s.content, CATEGORY_LABELS[s.category] ?? s.category, dir.townName(s.townId), dir.villageName(s.villageId),
    CHANNEL_LABELS[s.channel] ?? s.channel, STATUS_LABELS[s.status], authorName, phone, localTime(s.createdAt),
    s.handOff ? (handOffTargetName(s.handOff.target, dir) ?? '') : '', localTime(s.handOff?.at), localTime(s.handOff?.deadline),
    people.get(s.handlerId)?.name ?? '', localTime(s.claimedAt), localTime(replied?.at),
    replied ? OUTCOME_LABELS[replied.outcome] : '', replied?.text ?? '', s.rating ? RATING_LABELS[s.rating.value] : '',
    s.reopenCount, s.secondCount,
  ]
}

/** What itemRow reads of an item, and the cursor. */
const ITEM_FIELDS: Doc = Object.fromEntries([
  'title', 'content', 'category', 'townId', 'villageId', 'channel', 'status', 'anonymous', 'authorId', 'onBehalfOf', 'createdAt',
  'handOff.target', 'handOff.at', 'handOff.deadline', 'handlerId', 'claimedAt', 'reply.text', 'reply.outcome', 'reply.at',
  'rating.value', 'reopenCount', 'secondCount', 'fig.at',
].map((f) => [f, true]))

/**
 * An item as itemRow reads it. The projected document is used as it is (fromDoc would copy it and delete the indexed
 * fields, of which the projection holds only `fig`, which itemRow does not read): 100,000 copies saved.
 */
const asItem = (d: Doc) => d as unknown as Suggestion

/** Pages of items in the order they are written; each page's documents carry at least ITEM_FIELDS. */
type ItemPages = () => AsyncGenerator<Doc[]>

/** One stretch of the period index (`fig.at` in [from, to)) a page at a time, the next page read while this one is used. */
function stretchPages(match: Doc, from: string, to: string): () => AsyncGenerator<Doc[]> {
  const _ = db().command
  const pageAfter = async (last: string | null): Promise<Doc[]> => {
    const where: Doc = { ...match, 'fig.at': last === null ? _.gte(from).and(_.lt(to)) : _.gt(last).and(_.lt(to)) }
    const res = await db().collection(SUGGESTIONS).where(where).orderBy('fig.at', 'asc').limit(PAGE).field(ITEM_FIELDS).get()
    return res.data as Doc[]
  }
  return async function* () {
    let next: Promise<Doc[]> | null = pageAfter(null)
    while (next) {
      const docs: Doc[] = await next
      next = docs.length === PAGE ? pageAfter(String(docs[docs.length - 1].fig.at)) : null
      yield docs
    }
  }
}

/**
 * Reads a generator ahead into a buffer of at most `depth` pages, so that several stretches are read at once while the
 * writer takes them in order; memory stays bounded by the pages buffered.
 */
class Pump {
  private readonly buffer: Doc[][] = []
  private done = false
  private failed: unknown = null
  private wakeReader: (() => void) | null = null
  private wakeWriter: (() => void) | null = null
  constructor(source: AsyncGenerator<Doc[]>, private readonly depth = 1) {
    void (async () => {
      try {
        for await (const page of source) {
          this.buffer.push(page)
          this.wakeReader?.()
          while (this.buffer.length >= this.depth) await new Promise<void>((r) => { this.wakeWriter = r })
        }
      } catch (e) {
        this.failed = e
      }
      this.done = true
      this.wakeReader?.()
    })()
  }
  /** The next page, or null when the stretch is over. */
  async take(): Promise<Doc[] | null> {
    for (;;) {
      if (this.failed) throw this.failed
      const page = this.buffer.shift()
      if (page) {
        this.wakeWriter?.()
        this.wakeWriter = null
        return page
      }
      if (this.done) return null
      await new Promise<void>((r) => { this.wakeReader = r })
      this.wakeReader = null
    }
  }
}

/** The UTC+8 month boundaries inside [from, to): the stretches an item list is read in. */
export function monthStretches(from: string, to: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = []
  let at = from
  while (at < to) {
    const local = new Date(Date.parse(at) + 8 * 3600_000)
    const next = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - 8 * 3600_000).toISOString()
    const end = next < to ? next : to
    out.push({ from: at, to: end })
    at = end
  }
  return out
}

/**
 * A period's items within a match, on the period index (`fig.at`), only the fields the columns show: cut into months,
 * each read a page at a time (CloudBase answers at most 1,000 rows a call) and handed to the writer in order, the
 * next pages read while the writer works. Reading several months at once was measured against the local CloudBase
 * (100,000 rows): no faster there (one database process does the reading either way) and 35 MB more at the peak,
 * against a 256 MB function; so one month at a time. Where round trips are long (CloudBase across a network), raise it.
 */
const STRETCHES_AHEAD = 1
export function periodPages(match: Doc): ItemPages {
  const range = match['fig.at'] as { from: string; to: string }
  return () => inOrder(monthStretches(range.from, range.to).map((st) => stretchPages(match, st.from, st.to)), STRETCHES_AHEAD)
}

/** The pages of several sources, one source after another, with up to `ahead` sources read at once. */
export async function* inOrder(sources: (() => AsyncGenerator<Doc[]>)[], ahead: number): AsyncGenerator<Doc[]> {
  const pumps: Pump[] = []
  for (let i = 0; i < sources.length; i++) {
    for (let j = i; j < Math.min(sources.length, i + ahead); j++) pumps[j] ??= new Pump(sources[j]())
    for (let page = await pumps[i].take(); page; page = await pumps[i].take()) yield page
  }
}

/** A triage list as the staff screen shows it (its tab, town and category, in its order), a page at a time. */
function listPages(queries: PageQuery[], extra: Doc): ItemPages {
  const qs = queries.map((q) => ({ ...q, where: { ...q.where, ...extra } }))
  return async function* () {
    for (let cursor: string | null = null; ;) {
      const p = await mergedPage(db(), qs, cursor, PAGE)
      yield p.docs
      if (!p.nextCursor) return
      cursor = p.nextCursor
    }
  }
}

/** The people a page of rows names: authors (not anonymous ones), handlers, members handed to. */
function peopleOf(items: Suggestion[]): Id[] {
  const ids: Id[] = []
  for (const s of items) {
    if (!s.anonymous) ids.push(s.authorId)
    if (s.handlerId) ids.push(s.handlerId)
    if (s.handOff?.target.kind === 'member') ids.push(s.handOff.target.memberId)
  }
  return ids
}

/** Write the item list; answers the number of rows. */
export async function writeItems(file: string, actor: ActorContext, pages: ItemPages): Promise<number> {
  const workbook = newWorkbook(file)
  const sheet = workbook.addWorksheet(EXPORT_NAMES.items)
  header(sheet, ITEM_COLUMNS)
  const people = new People()
  const dir = exportDirectory(people, await orgCache())
  let rows = 0
  for await (const docs of pages()) {
    const items = docs.map(asItem)
    await people.load(peopleOf(items))
    for (const s of items) dataRow(sheet, itemRow(s, actor, people, dir))
    rows += items.length
  }
  sheet.commit()
  await workbook.commit()
  return rows
}

export async function exportItems(ctx: Ctx, input: ItemsExportInput): Promise<ExportResult | DomainError> {
  const actor = ctx.caller.actor
  const reach = reachFor(actor, input.townId)
  if ('code' in reach) return reach
  if (reach.kind === 'member') return domainError('FORBIDDEN')
  const _ = db().command
  // The list's status filters: a family (its tabs) and / or statuses.
  const statusFilters: Doc = {}
  if (input.family) statusFilters.family = input.family
  if (input.statuses?.length) statusFilters.status = _.in(input.statuses)
  if (input.tab) {
    // The triage list the staff member is looking at, in its order; a period, if given, narrows it by submission time.
    const list = triageList(actor, { tab: input.tab, townId: input.townId, category: input.category, oldestFirst: input.oldestFirst }, ctx.now)
    if (!list) return domainError('FORBIDDEN')
    const extra: Doc = { ...statusFilters }
    let label = TRIAGE_TAB_LABELS[input.tab]
    if (input.period) {
      const period = periodOf(input.period)
      extra.createdAt = _.gte(period.from).and(_.lt(period.to))
      label = `${label}-${period.label}`
    }
    const queries = list.queries(input.tab)
    return once(ctx, 'items', input, async (exportId) => {
      const file = tempFile('xlsx')
      const rows = await writeItems(file, actor, listPages(queries, extra))
      return publish(ctx, file, `${EXPORT_NAMES.items}-${label}.xlsx`, 'items', input, rows, exportId)
    })
  }
  if (!input.period) return domainError('INVALID_INPUT', undefined, 'period')
  const periodInput = input.period
  return once(ctx, 'items', input, async (exportId) => {
    const period = periodOf(periodInput)
    const match: Doc = { ...matchOf(reach, period, input), ...statusFilters, 'fig.at': { from: period.from, to: period.to } }
    const file = tempFile('xlsx')
    const rows = await writeItems(file, actor, periodPages(match))
    return publish(ctx, file, `${EXPORT_NAMES.items}-${period.label}.xlsx`, 'items', input, rows, exportId)
  })
}

// ---- statistics tables ----

/** The columns of a figures table, and one row's cells: counts, each rate as shown ("75.0%" or "—") with its parts, times. */
export const TABLE_COLUMNS = (dimensionLabel: string): string[] => [
  dimensionLabel,
  ...COUNT_KEYS.map((k) => COUNT_LABELS[k]),
  ...RATE_KEYS.flatMap((k) => [RATE_LABELS[k], `${RATE_LABELS[k]}（分子/分母）`]),
  ...TIME_KEYS.flatMap((k) => [`${TIME_LABELS[k]}${FIGURES_TEXT.median}`, `${TIME_LABELS[k]}${FIGURES_TEXT.p90}`]),
]
export function tableCells(row: FiguresRow): (string | number)[] {
  return [
    row.name,
    ...COUNT_KEYS.map((k) => row.counts[k]),
    ...RATE_KEYS.flatMap((k) => [formatRate(row.rates[k]), `${row.rates[k].num}/${row.rates[k].den}`]),
    ...TIME_KEYS.flatMap((k) => [formatHours(row.times[k].median), formatHours(row.times[k].p90)]),
  ]
}

export async function exportTable(ctx: Ctx, input: { period: PeriodInput; dimension: Dimension } & FigureFilters): Promise<ExportResult | DomainError> {
  const reach = reachFor(ctx.caller.actor, input.townId)
  if ('code' in reach) return reach
  return once(ctx, 'table', input, async (exportId) => {
    const t = await figuresTable(reach, input.period, input.dimension, input)
    const file = tempFile('xlsx')
    const workbook = newWorkbook(file)
    const sheet = workbook.addWorksheet(`${t.period.label}`)
    header(sheet, TABLE_COLUMNS(DIMENSION_LABELS[input.dimension]))
    for (const row of [...t.rows, t.total]) dataRow(sheet, tableCells(row))
    sheet.commit()
    await workbook.commit()
    return publish(ctx, file, `${EXPORT_NAMES.table(DIMENSION_LABELS[input.dimension])}-${t.period.label}.xlsx`, 'table', input, t.rows.length, exportId)
  })
}

// ---- members' duty records ----

export const RECORD_EXTRA_COLUMNS = [FIGURES_TEXT.commentedItems, FIGURES_TEXT.activitiesAttended]
const recordCells = (r: MemberRecordRow) => [...tableCells(r), r.commentedItems, r.activitiesAttended ?? EMPTY]

export async function exportMemberRecords(ctx: Ctx, input: { year: number; layout: 'table' | 'sheets' }): Promise<ExportResult | DomainError> {
  const actor = ctx.caller.actor
  const reach = reachFor(actor)
  if ('code' in reach) return reach
  return once(ctx, 'memberRecords', input, (exportId) => writeMemberRecords(ctx, input, reach, exportId))
}

async function writeMemberRecords(ctx: Ctx, input: { year: number; layout: 'table' | 'sheets' }, reach: FiguresReach, exportId: Id): Promise<ExportResult> {
  const actor = ctx.caller.actor
  const records = await memberRecordsOf(reach, input.year)
  const file = tempFile('xlsx')
  const workbook = newWorkbook(file)
  const columns = [...TABLE_COLUMNS(DIMENSION_LABELS.member), ...RECORD_EXTRA_COLUMNS]
  if (input.layout === 'table') {
    const sheet = workbook.addWorksheet(FIGURES_TEXT.memberRecordTitle(input.year))
    header(sheet, columns)
    for (const r of records.rows) dataRow(sheet, recordCells(r))
    sheet.commit()
  } else {
    // One sheet per member: their figures, then the items behind them.
    const people = new People()
    const dir = exportDirectory(people, await orgCache())
    const period = periodOf({ kind: 'year', year: input.year })
    const used = new Set<string>()
    for (const r of records.rows) {
      let name = r.name.replace(/[\\/?*[\]:]/g, '').slice(0, 28) || r.key.slice(0, 28)
      while (used.has(name)) name = `${name.slice(0, 26)}_${used.size}`
      used.add(name)
      const sheet = workbook.addWorksheet(name)
      header(sheet, columns)
      dataRow(sheet, recordCells(r))
      sheet.addRow([]).commit()
      header(sheet, ITEM_COLUMNS)
      const where: Doc = { ...matchOf(reach.kind === 'towns' ? reach : { kind: 'all' }, period), 'fig.member': r.key }
      const range = where['fig.at']
      // The member's items a page at a time on the period index (a busy member may have more than one page).
      for (let last: string | null = null; ;) {
        const page: Doc = { ...where, 'fig.at': last === null ? range : range.and(db().command.gt(last)) }
        const res = await db().collection(SUGGESTIONS).where(page).orderBy('fig.at', 'asc').limit(PAGE).field(ITEM_FIELDS).get()
        const docs = res.data as Doc[]
        const items = docs.map(asItem)
        await people.load(peopleOf(items))
        for (const s of items) dataRow(sheet, itemRow(s, actor, people, dir))
        if (docs.length < PAGE) break
        last = String(docs[docs.length - 1].fig.at)
      }
      sheet.commit()
    }
  }
  await workbook.commit()
  return publish(ctx, file, `${EXPORT_NAMES.memberRecords}-${input.year}.xlsx`, 'memberRecords', input, records.rows.length, exportId)
}
