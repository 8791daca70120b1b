// The figures, straight from the database: each table is one indexed $match on the period key (`fig.at`) and the
// caller's reach, then $group into (key, flag string) rows and (key, time bucket) rows, folded by src/domain/figures.
// No item is loaded into the function for a figure; lists (a member's items, search) page through an index.
import { CATEGORY_LABELS, CHANNEL_LABELS } from '../../src/domain/labels'
import type { Id, Suggestion } from '../../src/domain/types'
import type { Page, PublicCard, StatusFamily, SuggestionCard } from '../../src/domain/api'
import { domainError, type DomainError } from '../../src/domain/commands'
import { figuresReachOf, isStaffFor, type ActorContext, type FiguresReach } from '../../src/domain/permissions'
import {
  TIME_FIELD, TIME_KEYS, foldFigures, type CountRow, type Dimension, type Figures, type TimeKey, type TimeRow,
} from '../../src/domain/figures/measures'
import { periodOf, previousOf, type Period, type PeriodInput } from '../../src/domain/figures/periods'
import { queryKeysOf } from '../../src/domain/figures/search'
import { FIGURES_TEXT } from '../../src/domain/figures/labels'
import type {
  FigureFilters, FiguresRow, FiguresTable, MemberRecord, MemberRecordItem, MemberRecordRow, MemberRecords,
} from '../../src/domain/figures/api'
import { toCard, toPublicCard } from '../../src/domain/views'
import { db, type Doc } from '../db'
import type { Ctx } from '../handler'
import { directoryFor, orgCache } from '../directory'
import { getPeople, peopleWithRole } from '../repositories/users'
import { SUGGESTIONS, fromDoc } from '../repositories/suggestions'
import { COMMENTS } from '../repositories/comments'
import { activitiesAttendedBy } from './activitiesSeam'
import { rollupTableRows } from './rollups'

/** The stored field each dimension groups on. */
export const DIMENSION_FIELD: Record<Dimension, string> = {
  town: 'townId', village: 'villageId', category: 'category', channel: 'channel', month: 'fig.month',
  member: 'fig.member', sectorGroup: 'fig.group', department: 'fig.dept',
}

// The SDK's aggregate answers at most this many rows unless told; a year has far fewer groups than this.
const MAX_GROUPS = 50_000

/** The reach, or FORBIDDEN; a town filter must lie inside it. */
export function reachFor(actor: ActorContext, townId?: Id): FiguresReach | DomainError {
  const reach = figuresReachOf(actor)
  if (!reach) return domainError('FORBIDDEN')
  if (townId && reach.kind !== 'member' && !isStaffFor(actor, townId)) return domainError('FORBIDDEN', undefined, 'townId')
  return reach
}

/** The $match of a period within a reach: every shape has an index whose last key is `fig.at` (see indexes.json). */
/** The filters a table takes, and (within the server) a staff member's towns to narrow a member's own figures to. */
export type TableFilters = FigureFilters & { townIds?: Id[] }

export function matchOf(reach: FiguresReach, period: Pick<Period, 'from' | 'to'>, filters: TableFilters = {}): Doc {
  const _ = db().command
  const match: Doc = { 'fig.at': _.gte(period.from).and(_.lt(period.to)) }
  if (reach.kind === 'member') match['fig.member'] = reach.memberId
  if (filters.townId) match.townId = filters.townId
  else if (filters.townIds) match.townId = _.in(filters.townIds)
  else if (reach.kind === 'towns') match.townId = _.in(reach.townIds)
  if (filters.category) match.category = filters.category
  return match
}

export async function countRows(match: Doc, dimension: Dimension): Promise<CountRow[]> {
  const $ = db().command.aggregate
  const id: Doc = { k: '$fig.k', d: `$${DIMENSION_FIELD[dimension]}` }
  const res = await db().collection(SUGGESTIONS).aggregate().match(match).group({ _id: id, n: $.sum(1) }).limit(MAX_GROUPS).end()
  return (res.data as Doc[]).map((r) => ({ key: r._id.d ?? null, k: r._id.k, n: r.n }))
}

export async function timeRows(match: Doc, dimension: Dimension, times: readonly TimeKey[] = TIME_KEYS): Promise<TimeRow[]> {
  const _ = db().command
  const $ = _.aggregate
  // One after another: each is a pass over the period's items, and sent together they would queue behind each other in
  // the database and each wait out the others' time against the SDK's request timeout.
  const all: TimeRow[] = []
  for (const time of times) {
    const field = `fig.${TIME_FIELD[time]}`
    const id: Doc = { h: `$${field}`, d: `$${DIMENSION_FIELD[dimension]}` }
    const res = await db().collection(SUGGESTIONS).aggregate()
      .match({ ...match, [field]: _.gte(0) }).group({ _id: id, n: $.sum(1) }).limit(MAX_GROUPS).end()
    for (const r of res.data as Doc[]) all.push({ key: r._id.d ?? null, time, h: r._id.h, n: r.n })
  }
  return all
}

/** Display names of a dimension's keys. */
export async function namesOf(dimension: Dimension, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (dimension === 'member') {
    for (const p of await getPeople(db(), keys)) out.set(p._id, p.name)
    return out
  }
  const org = await orgCache()
  for (const key of keys) {
    let name: string | undefined
    switch (dimension) {
      case 'town': name = org.towns.get(key)?.name; break
      case 'village': name = org.villages.get(key)?.name; break
      case 'sectorGroup': name = org.groups.get(key)?.name; break
      case 'department': name = org.departments.get(key)?.name; break
      case 'category': name = CATEGORY_LABELS[key as keyof typeof CATEGORY_LABELS]; break
      case 'channel': name = CHANNEL_LABELS[key as keyof typeof CHANNEL_LABELS]; break
      case 'month': name = `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`; break
    }
    out.set(key, name ?? key)
  }
  return out
}

/** Rows in a stable order: towns and villages in the office's order, months in time, others by what they received. */
async function ordered(dimension: Dimension, rows: FiguresRow[]): Promise<FiguresRow[]> {
  if (dimension === 'month') return rows.sort((a, b) => (a.key < b.key ? -1 : 1))
  if (dimension === 'town' || dimension === 'village') {
    const org = await orgCache()
    const order = (k: string) => {
      const t = org.towns.get(k)
      if (t) return t.order
      const v = org.villages.get(k)
      return v ? (org.towns.get(v.townId)?.order ?? 0) * 10_000 + v.order : Number.MAX_SAFE_INTEGER
    }
    return rows.sort((a, b) => order(a.key) - order(b.key))
  }
  return rows.sort((a, b) => b.counts.received - a.counts.received || (a.key < b.key ? -1 : 1))
}

/**
 * One figures table: the period by a dimension, with the previous period's counts and rates beside each row. Each part
 * is one pass over the period's items in the database; a caller that shows fewer times (the report) asks for fewer.
 */
export async function figuresTable(
  reach: FiguresReach, periodInput: PeriodInput, dimension: Dimension, filters: TableFilters = {},
  parts: { times?: readonly TimeKey[]; previous?: boolean; names?: (keys: string[]) => Promise<Map<string, string>> } = {},
): Promise<FiguresTable> {
  const period = periodOf(periodInput)
  const previous = previousOf(periodInput)
  const times = parts.times ?? TIME_KEYS
  // The items themselves only for what the rollups do not split (see rollupTableRows).
  const fromItems = (wanted: readonly TimeKey[]) => async (stretch: { from: string; to: string }) => {
    const match = matchOf(reach, { ...period, ...stretch }, filters)
    return { countRows: await countRows(match, dimension), timeRows: await timeRows(match, dimension, wanted) }
  }
  const [cur, before] = await Promise.all([
    rollupTableRows(reach, period, dimension, filters, times, fromItems(times)),
    parts.previous === false ? { countRows: [], timeRows: [] } : rollupTableRows(reach, previous, dimension, filters, [], fromItems([])),
  ])
  const now = foldFigures(cur.countRows, cur.timeRows)
  const prev = foldFigures(before.countRows, [])
  const names = await (parts.names ?? ((keys: string[]) => namesOf(dimension, keys)))([...now.byKey.keys()])
  const toRow = (key: string, name: string, f: Figures, p: Figures | undefined): FiguresRow => {
    const row: FiguresRow = { key, name, counts: f.counts, rates: f.rates, times: f.times }
    if (p) row.previous = { counts: p.counts, rates: p.rates }
    return row
  }
  const rows = [...now.byKey.entries()].map(([key, f]) => toRow(key, names.get(key) ?? key, f, prev.byKey.get(key)))
  return { period, previous, dimension, rows: await ordered(dimension, rows), total: toRow('total', FIGURES_TEXT.total, now.total, prev.total) }
}

export async function table(ctx: Ctx, input: { period: PeriodInput; dimension: Dimension } & FigureFilters): Promise<FiguresTable | DomainError> {
  const reach = reachFor(ctx.caller.actor, input.townId)
  if ('code' in reach) return reach
  return figuresTable(reach, input.period, input.dimension, { townId: input.townId, category: input.category })
}

// ---- members' duty records ----

const idFloor = (iso: string) => Date.parse(iso).toString(36).padStart(9, '0')

/** Distinct items each member commented in during the period: comments by author over the time-ordered id. */
async function commentedItems(memberIds: Id[], period: Period): Promise<Map<Id, number>> {
  const out = new Map<Id, number>()
  const _ = db().command
  const $ = _.aggregate
  for (let i = 0; i < memberIds.length; i += 500) {
    const res = await db().collection(COMMENTS).aggregate()
      .match({ authorId: _.in(memberIds.slice(i, i + 500)), _id: _.gte(idFloor(period.from)).and(_.lt(idFloor(period.to))) })
      .group({ _id: { a: '$authorId', s: '$suggestionId' } })
      .group({ _id: '$_id.a', n: $.sum(1) })
      .limit(MAX_GROUPS).end()
    for (const r of res.data as Doc[]) out.set(r._id, r.n)
  }
  return out
}

/**
 * Every member's record for a year (or the caller's own, for a member): the member table plus comments and activities.
 * The members, their comments and sign-ins are read while the table's rollups are: the sequential round trips are the
 * rollups' and one more, not one per part.
 */
export async function memberRecordsOf(reach: FiguresReach, year: number, townId?: Id, townIds?: Id[]): Promise<MemberRecords> {
  const periodInput: PeriodInput = { kind: 'year', year }
  const period = periodOf(periodInput)
  const filters: TableFilters = townId ? { townId } : townIds ? { townIds } : {}
  // Members with nothing handed to them still have a record (zeros), so staff see who did nothing too.
  const membersP: Promise<{ _id: Id; name: string }[]> = reach.kind === 'member'
    ? Promise.resolve([{ _id: reach.memberId, name: '' }])
    : peopleWithRole(db(), 'member')
  const extrasOf = (ids: Id[]) => Promise.all([commentedItems(ids, period), activitiesAttendedBy(ids, period)])
  const memberExtrasP = membersP.then((ms) => extrasOf(ms.map((m) => m._id)))
  // Names from the members already read; only keys that are not members (any more) are looked up.
  const names = async (keys: string[]): Promise<Map<string, string>> => {
    const known = new Map((await membersP).filter((m) => m.name).map((m) => [m._id, m.name]))
    const missing = keys.filter((k) => !known.has(k))
    if (missing.length) for (const [k, v] of await namesOf('member', missing)) known.set(k, v)
    return known
  }
  const [t, members, [comments, activities]] = await Promise.all([
    figuresTable(reach, periodInput, 'member', filters, { names }), membersP, memberExtrasP,
  ])
  const byKey = new Map(t.rows.map((r) => [r.key, r]))
  const missing = members.map((m) => m._id).filter((id) => !byKey.has(id))
  if (missing.length) {
    const empty = foldFigures([], []).total
    const nameOf = await names(missing)
    for (const id of missing) byKey.set(id, { key: id, name: nameOf.get(id) ?? id, counts: empty.counts, rates: empty.rates, times: empty.times })
  }
  const ids = reach.kind === 'member' ? [reach.memberId] : [...byKey.keys()]
  // Keys of the table that are not members (someone handed items who no longer has the role): their extras too.
  const memberSet = new Set(members.map((m) => m._id))
  const others = ids.filter((id) => !memberSet.has(id))
  if (others.length) {
    const [c2, a2] = await extrasOf(others)
    for (const [k, v] of c2) comments.set(k, v)
    if (a2 && activities) for (const [k, v] of a2) activities.set(k, v)
  }
  const rows: MemberRecordRow[] = ids.map((id) => ({
    ...byKey.get(id)!, commentedItems: comments.get(id) ?? 0, activitiesAttended: activities ? (activities.get(id) ?? 0) : null,
  }))
  rows.sort((a, b) => b.counts.replied - a.counts.replied || b.counts.claimed - a.counts.claimed || (a.name < b.name ? -1 : 1))
  return { year, period: t.period, rows }
}

export async function memberRecords(ctx: Ctx, input: { year: number; townId?: Id }): Promise<MemberRecords | DomainError> {
  const reach = reachFor(ctx.caller.actor, input.townId)
  if ('code' in reach) return reach
  return memberRecordsOf(reach, input.year, input.townId)
}

function recordItem(s: Suggestion, townName: string, memberId: Id): MemberRecordItem {
  const item: MemberRecordItem = { id: s._id, title: s.title, status: s.status, townName, createdAt: s.createdAt }
  if (s.handlerId === memberId && s.claimedAt) item.claimedAt = s.claimedAt
  if (s.reply && (s.status === 'replied' || s.status === 'closed')) {
    item.repliedAt = s.reply.at
    item.outcome = s.reply.outcome
    if (s.handOff) item.onTime = s.reply.at <= s.handOff.deadline
  }
  if (s.rating) item.rating = s.rating.value
  if (s.handOff?.target.kind === 'sectorGroup') item.viaGroup = true
  return item
}

/** One member's record with the items behind it, newest first, paged on `fig.at`. */
export async function memberRecord(ctx: Ctx, input: { year: number; memberId?: Id; cursor?: string | null }): Promise<MemberRecord | DomainError> {
  const actor = ctx.caller.actor
  const memberId = input.memberId ?? actor.personId
  if (!memberId) return domainError('FORBIDDEN')
  const reach = figuresReachOf(actor)
  // A member sees only their own record; staff and admins anyone's (staff with listed towns: the items in those towns).
  if (!reach || (reach.kind === 'member' && reach.memberId !== memberId)) return domainError('FORBIDDEN', undefined, 'memberId')
  const own: FiguresReach = { kind: 'member', memberId }
  const [records, page] = await Promise.all([
    // Staff with listed towns: the member's figures in those towns only, like the items below.
    memberRecordsOf(own, input.year, undefined, reach.kind === 'towns' ? reach.townIds : undefined),
    (async () => {
      const period = periodOf({ kind: 'year', year: input.year })
      const _ = db().command
      const upper = input.cursor && input.cursor < period.to ? input.cursor : period.to
      const where: Doc = { 'fig.member': memberId, 'fig.at': _.gte(period.from).and(_.lt(upper)) }
      if (reach.kind === 'towns') where.townId = _.in(reach.townIds)
      const res = await db().collection(SUGGESTIONS).where(where).orderBy('fig.at', 'desc').limit(ctx.cfg.pageSize + 1).get()
      return res.data as Doc[]
    })(),
  ])
  const more = page.length > ctx.cfg.pageSize
  const docs = page.slice(0, ctx.cfg.pageSize)
  const org = await orgCache()
  return {
    year: input.year, row: records.rows[0],
    items: docs.map((d) => recordItem(fromDoc(d), org.towns.get(d.townId)?.name ?? '', memberId)),
    nextCursor: more ? String(docs[docs.length - 1].fig.at) : null,
  }
}

// ---- keyword search ----

/**
 * Items holding every key of the query, newest first. Each key alone is one ordered walk of the multikey `grams`
 * index (key, then _id descending) that stops after a page: the keys' pages are read together (with the directory).
 * A key with no more than a page of items has them all, so the answer is those that hold the other keys too; when
 * every key is common, the items in every key's page (above the deepest of them) are exact; failing that, the rarest
 * key (the one whose page reaches furthest back) is walked checking the others on each item — at most `searchWindow`
 * (config) of its entries, found first by their ids alone. A window that ends before a page is full answers what it found and
 * a cursor at the window's end: the next request walks on from there (a page may then be short, even empty).
 */
export async function search(ctx: Ctx, input: { q: string; townId?: Id; category?: SuggestionCard['category']; family?: StatusFamily; cursor?: string | null }): Promise<Page<SuggestionCard | PublicCard> | DomainError> {
  const keys = queryKeysOf(input.q)
  if (keys.length === 0) return domainError('INVALID_INPUT', FIGURES_TEXT.searchNeedsWords, 'q')
  const actor = ctx.caller.actor
  const staff = isStaffFor(actor, input.townId ?? null)
  const _ = db().command
  const filters: Doc = {}
  if (input.townId) filters.townId = input.townId
  if (input.category) filters.category = input.category
  if (staff) {
    if (input.family) filters.family = input.family
    const scope = actor.staffScope
    if (!input.townId && scope && scope !== 'all' && !actor.roles.includes('admin')) filters.townId = _.in(scope)
  } else {
    filters.feed = true
  }
  const below = input.cursor ?? null
  const size = ctx.cfg.pageSize
  const idRange = (floor: string | null) => (floor && below ? _.gte(floor).and(_.lt(below)) : floor ? _.gte(floor) : below ? _.lt(below) : undefined)
  const where = (lead: string, rest: string[], floor: string | null = null): Doc => {
    const w: Doc = rest.length ? { $and: [{ grams: lead }, ...rest.map((k) => ({ grams: k }))], ...filters } : { grams: lead, ...filters }
    const ids = idRange(floor)
    if (ids) w._id = ids
    return w
  }
  const walk = async (lead: string, rest: string[], limit: number, floor: string | null = null): Promise<Doc[]> =>
    (await db().collection(SUGGESTIONS).where(where(lead, rest, floor)).orderBy('_id', 'desc').limit(limit).get()).data as Doc[]
  const holdsAll = (d: Doc) => keys.every((k) => (d.grams as string[] | undefined)?.includes(k))
  const dirP = directoryFor([])
  let docs: Doc[]
  /** Where the walk stopped short of a full page (the window's end), else null. */
  let stoppedAt: string | null = null
  const pages = await Promise.all(keys.map((k) => walk(k, [], size + 1)))
  const whole = pages.findIndex((p) => p.length <= size)
  if (whole >= 0) {
    docs = pages[whole].filter(holdsAll)
  } else {
    // Every key has more than a page. Below the deepest page's last id every key's items are all in hand.
    const floor = pages.reduce((m, p) => (String(p[p.length - 1]._id) > m ? String(p[p.length - 1]._id) : m), '')
    const inAll = pages[0].filter((d) => String(d._id) >= floor && holdsAll(d))
    if (inAll.length > size) docs = inAll
    else {
      const rarest = pages.reduce((best, p, i) => (String(p[p.length - 1]._id) < String(pages[best][pages[best].length - 1]._id) ? i : best), 0)
      const lead = keys[rarest]
      const rest = keys.filter((_k, i) => i !== rarest)
      // The window: the rarest key's next entries, by id alone (the index answers them without the items).
      const cap = Math.min(1000, ctx.cfg.searchWindow)
      const window = (await db().collection(SUGGESTIONS).where(where(lead, [])).orderBy('_id', 'desc').limit(cap).field({ _id: true }).get()).data as Doc[]
      const windowFloor = window.length === cap ? String(window[window.length - 1]._id) : null
      docs = await walk(lead, rest, size + 1, windowFloor)
      if (docs.length <= size && windowFloor) stoppedAt = windowFloor
    }
  }
  const more = docs.length > size
  const shown = docs.slice(0, size)
  const dir = await dirP
  const items = shown.map((d) => (staff ? toCard(fromDoc(d), dir, ctx.now) : toPublicCard(fromDoc(d), dir, ctx.now)))
  return { items, nextCursor: more ? String(shown[shown.length - 1]._id) : stoppedAt }
}
