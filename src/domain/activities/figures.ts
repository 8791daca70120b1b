// The measures of 请你来协商 as pure functions: what the server's indexed aggregation must agree with, and what the
// year-end report reads. Rows are what one $group stage yields; `*Of` helpers build the same rows from plain documents.
import type { Id, IsoTime, Outcome, Suggestion, SuggestionOrigin, SuggestionStatus } from '../types'
import { countedOutcome, isAdopted } from '../ledger'
import { HELD_STATUSES } from './lifecycle'
import { PARAGRAPH } from './labels'
import type { Activity, Evaluation, ListEntry, ParticipantCounts, Satisfaction } from './types'

/** Participant-times of one activity: sign-ins plus recorded walk-ins, by group. */
export function participantTimesOf(a: Pick<Activity, 'signedIn' | 'walkIns'>): ParticipantCounts {
  const s = a.signedIn ?? { members: 0, citizens: 0, departments: 0 }
  return { members: s.members + a.walkIns.members, citizens: s.citizens + a.walkIns.citizens, departments: s.departments + a.walkIns.departments }
}

/** Activities sharing kind and town. */
export interface ActivityRow {
  kind: Id; townId: Id; n: number
  members: number; citizens: number; departments: number
  raised: number
  satisfied: number; basicallySatisfied: number; dissatisfied: number
}

/** Items that came out of activities, sharing origin, status, outcome, town and whether they were answered in time. */
export interface OutcomeRow { origin: SuggestionOrigin; status: SuggestionStatus; outcome: Outcome | null; townId: Id; onTime: boolean; overdue: boolean; n: number }

/** Scores of one criterion for one kind and town. */
export interface ScoreRow { criterionId: Id; kind: Id; townId: Id; sum: number; n: number }

/** The whole loop's suggestions in the period and scope, for the paragraph's 提出 / 采纳. */
export interface SuggestionTotals { total: number; adopted: number }

export interface ActivityFigures {
  activities: number
  byKind: { kind: Id; name: string; count: number; participantTimes: number }[]
  participantTimes: ParticipantCounts & { total: number }
  /** Suggestions raised at activities (by participants, or recorded for them), and how many of them were adopted. */
  raised: number
  raisedAdopted: number
  /** Promises made on site (现场拍板): answered in time, answered late, overdue while open. */
  agreedItems: { total: number; answered: number; onTime: number; overdue: number; onTimeRate: { num: number; den: number } }
  /**
   * Third-party scores: per criterion, overall, and per kind and per town (each with its own per-criterion averages).
   * `n` counts scores given (one evaluator scoring five criteria gives five). Per activity: the activity's detail.
   */
  evaluation: {
    byCriterion: { criterionId: Id; name: string; average: number | null; n: number }[]
    overall: number | null
    byKind: ScoreAggregate<{ kind: Id; name: string }>[]
    byTown: ScoreAggregate<{ townId: Id; townName: string }>[]
  }
  satisfaction: Record<Satisfaction, number>
  byTown: { townId: Id; townName: string; activities: number; participantTimes: number; average: number | null }[]
  suggestions: SuggestionTotals
}

/**
 * The average of a set of scores (overall and per criterion, each with how many scores it is of) for one kind or one
 * town. Every criterion of the overall list is there, with a null average and n 0 when nothing scored it.
 */
export type ScoreAggregate<K> = K & { average: number | null; n: number; byCriterion: { criterionId: Id; average: number | null; n: number }[] }

const round2 = (x: number) => Math.round(x * 100) / 100

export interface Names { kinds: ListEntry[]; criteria: ListEntry[]; towns: { id: Id; name: string }[] }

export function foldActivityFigures(rows: ActivityRow[], outcomes: OutcomeRow[], scores: ScoreRow[], suggestions: SuggestionTotals, names: Names): ActivityFigures {
  const f: ActivityFigures = {
    activities: 0, byKind: [], participantTimes: { members: 0, citizens: 0, departments: 0, total: 0 }, raised: 0, raisedAdopted: 0,
    agreedItems: { total: 0, answered: 0, onTime: 0, overdue: 0, onTimeRate: { num: 0, den: 0 } },
    evaluation: { byCriterion: [], overall: null, byKind: [], byTown: [] }, satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, byTown: [], suggestions,
  }
  const kinds = new Map<Id, { kind: Id; name: string; count: number; participantTimes: number }>()
  for (const k of names.kinds) kinds.set(k.id, { kind: k.id, name: k.name, count: 0, participantTimes: 0 })
  const towns = new Map<Id, { townId: Id; townName: string; activities: number; participantTimes: number; sum: number; n: number }>()
  for (const t of names.towns) towns.set(t.id, { townId: t.id, townName: t.name, activities: 0, participantTimes: 0, sum: 0, n: 0 })
  const town = (id: Id) => towns.get(id) ?? towns.set(id, { townId: id, townName: id, activities: 0, participantTimes: 0, sum: 0, n: 0 }).get(id)!
  for (const r of rows) {
    const people = r.members + r.citizens + r.departments
    f.activities += r.n
    f.participantTimes.members += r.members
    f.participantTimes.citizens += r.citizens
    f.participantTimes.departments += r.departments
    f.participantTimes.total += people
    f.satisfaction.satisfied += r.satisfied
    f.satisfaction.basicallySatisfied += r.basicallySatisfied
    f.satisfaction.dissatisfied += r.dissatisfied
    const k = kinds.get(r.kind) ?? kinds.set(r.kind, { kind: r.kind, name: r.kind, count: 0, participantTimes: 0 }).get(r.kind)!
    k.count += r.n
    k.participantTimes += people
    const t = town(r.townId)
    t.activities += r.n
    t.participantTimes += people
  }
  for (const o of outcomes) {
    if (o.origin === 'raisedAtActivity') {
      f.raised += o.n
      if (isAdopted(o.outcome)) f.raisedAdopted += o.n
    } else {
      f.agreedItems.total += o.n
      if (o.outcome) f.agreedItems.answered += o.n
      if (o.outcome && o.onTime) f.agreedItems.onTime += o.n
      if (o.overdue) f.agreedItems.overdue += o.n
    }
  }
  f.agreedItems.onTimeRate = { num: f.agreedItems.onTime, den: f.agreedItems.total }
  const crit = new Map<Id, { sum: number; n: number }>()
  // Per kind and per town: the sum and count overall and by criterion.
  type Acc = { sum: number; n: number; crit: Map<Id, { sum: number; n: number }> }
  const byKind = new Map<Id, Acc>()
  const byTown = new Map<Id, Acc>()
  const add = (m: Map<Id, Acc>, key: Id, s: ScoreRow) => {
    const acc = m.get(key) ?? m.set(key, { sum: 0, n: 0, crit: new Map() }).get(key)!
    acc.sum += s.sum
    acc.n += s.n
    const c = acc.crit.get(s.criterionId) ?? acc.crit.set(s.criterionId, { sum: 0, n: 0 }).get(s.criterionId)!
    c.sum += s.sum
    c.n += s.n
  }
  let sum = 0
  let n = 0
  for (const s of scores) {
    add(byKind, s.kind, s)
    add(byTown, s.townId, s)
    const c = crit.get(s.criterionId) ?? crit.set(s.criterionId, { sum: 0, n: 0 }).get(s.criterionId)!
    c.sum += s.sum
    c.n += s.n
    sum += s.sum
    n += s.n
    const t = town(s.townId)
    t.sum += s.sum
    t.n += s.n
  }
  const listed = names.criteria.map((c) => c.id)
  const ids = [...listed, ...[...crit.keys()].filter((id) => !listed.includes(id))]
  f.evaluation.byCriterion = ids.map((id) => {
    const c = crit.get(id)
    return { criterionId: id, name: names.criteria.find((x) => x.id === id)?.name ?? id, average: c && c.n ? round2(c.sum / c.n) : null, n: c?.n ?? 0 }
  }).filter((c) => c.n > 0 || !names.criteria.find((x) => x.id === c.criterionId)?.retired)
  f.evaluation.overall = n ? round2(sum / n) : null
  // Per kind and per town, the same criteria as overall (a criterion nobody scored there: no average, n 0).
  const shownCriteria = f.evaluation.byCriterion.map((c) => c.criterionId)
  const none: Acc = { sum: 0, n: 0, crit: new Map() }
  const criteriaOf = (acc: Acc) => shownCriteria.map((id) => {
    const c = acc.crit.get(id)
    return { criterionId: id, average: c && c.n ? round2(c.sum / c.n) : null, n: c?.n ?? 0 }
  })
  const aggregate = (acc: Acc = none) => ({ average: acc.n ? round2(acc.sum / acc.n) : null, n: acc.n, byCriterion: criteriaOf(acc) })
  const kindOrder = names.kinds.map((k) => k.id)
  const townOrder = names.towns.map((t) => t.id)
  const ordered = (keys: Id[], order: Id[]) => [...keys].sort((a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity) || (a < b ? -1 : a > b ? 1 : 0))
  // Every kind and town that held activities in the period is listed, scored or not, and any that was scored.
  const heldKinds = [...kinds.values()].filter((k) => k.count > 0).map((k) => k.kind)
  const heldTowns = [...towns.values()].filter((t) => t.activities > 0).map((t) => t.townId)
  f.evaluation.byKind = ordered([...new Set([...heldKinds, ...byKind.keys()])], kindOrder)
    .map((kind) => ({ kind, name: kinds.get(kind)?.name ?? kind, ...aggregate(byKind.get(kind)) }))
  f.evaluation.byTown = ordered([...new Set([...heldTowns, ...byTown.keys()])], townOrder)
    // (Every scored town is in `towns`: the scores' loop above put it there.)
    .map((townId) => ({ townId, townName: towns.get(townId)!.townName, ...aggregate(byTown.get(townId)) }))
  f.byKind = [...kinds.values()].filter((k) => k.count > 0 || !names.kinds.find((x) => x.id === k.kind)?.retired)
  f.byTown = [...towns.values()].filter((t) => t.activities > 0 || t.n > 0)
    .map((t) => ({ townId: t.townId, townName: t.townName, activities: t.activities, participantTimes: t.participantTimes, average: t.n ? round2(t.sum / t.n) : null }))
  return f
}

/** “共开展‘请你来协商’活动 N 场，其中… 共参加人数 P 人次，提出意见建议 S 条，采纳意见建议 A 条” — from the data, for any year and scope. */
export function yearParagraph(f: ActivityFigures): string {
  const parts = f.byKind.filter((k) => k.count > 0).map((k) => PARAGRAPH.kindPart(k.name, k.count))
  const head = parts.length ? `${PARAGRAPH.opening(f.activities)}，${PARAGRAPH.among}${parts.join('、')}` : PARAGRAPH.opening(f.activities)
  return `${head}，${PARAGRAPH.people(f.participantTimes.total)}，${PARAGRAPH.raised(f.suggestions.total)}，${PARAGRAPH.adopted(f.suggestions.adopted)}。`
}

// ---- the same rows from plain documents (what tests fold to check the server) ----

export interface Period { from?: IsoTime; to?: IsoTime; townId?: Id }

const inPeriod = (at: IsoTime, p: Period) => (!p.from || at >= p.from) && (!p.to || at < p.to)

export function activityRowsOf(activities: Activity[], p: Period = {}): ActivityRow[] {
  const rows = new Map<string, ActivityRow>()
  for (const a of activities) {
    if (!HELD_STATUSES.includes(a.status) || !inPeriod(a.startAt, p) || (p.townId && a.townId !== p.townId)) continue
    const key = `${a.kind}|${a.townId}`
    const r = rows.get(key) ?? { kind: a.kind, townId: a.townId, n: 0, members: 0, citizens: 0, departments: 0, raised: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }
    const pt = participantTimesOf(a)
    r.n += 1
    r.members += pt.members
    r.citizens += pt.citizens
    r.departments += pt.departments
    r.raised += a.raisedCount
    r.satisfied += a.satisfaction.satisfied
    r.basicallySatisfied += a.satisfaction.basicallySatisfied
    r.dissatisfied += a.satisfaction.dissatisfied
    rows.set(key, r)
  }
  return [...rows.values()]
}

/** Answered in time: the reply came before the hand-off's deadline. Overdue: still open past it. */
export function outcomeRowOf(s: Pick<Suggestion, 'origin' | 'status' | 'reply' | 'townId' | 'handOff'>, now: IsoTime): Omit<OutcomeRow, 'n'> | null {
  if (!s.origin) return null
  const outcome = countedOutcome(s)
  const deadline = s.handOff?.deadline
  const onTime = !!(outcome && s.reply && deadline && s.reply.at <= deadline)
  const overdue = !!(deadline && (s.status === 'assigned' || s.status === 'claimed') && deadline < now)
  return { origin: s.origin, status: s.status, outcome, townId: s.townId, onTime, overdue }
}

export function outcomeRowsOf(items: Suggestion[], now: IsoTime, p: Period = {}): OutcomeRow[] {
  const rows = new Map<string, OutcomeRow>()
  for (const s of items) {
    if (!inPeriod(s.createdAt, p) || (p.townId && s.townId !== p.townId)) continue
    const r = outcomeRowOf(s, now)
    if (!r) continue
    const key = JSON.stringify(r)
    const row = rows.get(key) ?? { ...r, n: 0 }
    row.n += 1
    rows.set(key, row)
  }
  return [...rows.values()]
}

export function scoreRowsOf(evaluations: Evaluation[], p: Period = {}): ScoreRow[] {
  const rows = new Map<string, ScoreRow>()
  for (const e of evaluations) {
    if (!inPeriod(e.startAt, p) || (p.townId && e.townId !== p.townId)) continue
    for (const s of e.scores) {
      const key = `${s.criterionId}|${e.kind}|${e.townId}`
      const r = rows.get(key) ?? { criterionId: s.criterionId, kind: e.kind, townId: e.townId, sum: 0, n: 0 }
      r.sum += s.score
      r.n += 1
      rows.set(key, r)
    }
  }
  return [...rows.values()]
}

/** The whole fold over plain documents. */
export function activityFiguresOf(
  docs: { activities: Activity[]; items: Suggestion[]; evaluations: Evaluation[] }, names: Names, now: IsoTime, p: Period = {},
): ActivityFigures {
  const items = docs.items.filter((s) => inPeriod(s.createdAt, p) && (!p.townId || s.townId === p.townId))
  const totals: SuggestionTotals = { total: items.length, adopted: items.filter((s) => isAdopted(countedOutcome(s))).length }
  return foldActivityFigures(activityRowsOf(docs.activities, p), outcomeRowsOf(docs.items, now, p), scoreRowsOf(docs.evaluations, p), totals, names)
}
