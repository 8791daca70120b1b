// The figures' link to the activities capability (请你来协商): activities attended per member (their sign-ins) and the
// year's activity counts with the activities' own paragraph (src/domain/activities/figures.ts), from indexed
// aggregation over `activities` and `signIns`.
import type { Id } from '../../src/domain/types'
import type { Period } from '../../src/domain/figures/periods'
import { HELD_STATUSES } from '../../src/domain/activities/lifecycle'
import { foldActivityFigures, yearParagraph, type ActivityRow } from '../../src/domain/activities/figures'
import { db, type Doc } from '../db'
import { orgCache } from '../directory'
import { ACTIVITIES, SIGN_INS, getList } from '../activities/repositories'

/** Activities each member signed in at during the period (one sign-in per person and activity). */
export async function activitiesAttendedBy(memberIds: Id[], period: Period): Promise<Map<Id, number> | null> {
  const out = new Map<Id, number>()
  const _ = db().command
  const $ = _.aggregate
  for (let i = 0; i < memberIds.length; i += 500) {
    const res = await db().collection(SIGN_INS).aggregate()
      .match({ personId: _.in(memberIds.slice(i, i + 500)), at: _.gte(period.from).and(_.lt(period.to)) })
      .group({ _id: '$personId', n: $.sum(1) })
      .limit(10_000).end()
    for (const r of res.data as Doc[]) out.set(r._id, r.n)
  }
  return out
}

export interface ActivityCounts { held: number; participantTimes: number; paragraph: string }

/** Activities held in the period (concluded or evaluated) within the towns, with participant-times and the paragraph. */
export async function activityCounts(period: Period, towns: Id[] | 'all', suggestions: { total: number; adopted: number }): Promise<ActivityCounts> {
  const _ = db().command
  const $ = _.aggregate
  const match: Doc = { status: _.in([...HELD_STATUSES]), startAt: _.gte(period.from).and(_.lt(period.to)) }
  if (towns !== 'all') match.townId = _.in(towns)
  const [res, kinds, criteria, org] = await Promise.all([
    db().collection(ACTIVITIES).aggregate().match(match).group({
      _id: { kind: '$kind', townId: '$townId' }, n: $.sum(1),
      members: $.sum($.add(['$signedIn.members', '$walkIns.members'])),
      citizens: $.sum($.add(['$signedIn.citizens', '$walkIns.citizens'])),
      departments: $.sum($.add(['$signedIn.departments', '$walkIns.departments'])),
      raised: $.sum('$raisedCount'),
      satisfied: $.sum('$satisfaction.satisfied'), basicallySatisfied: $.sum('$satisfaction.basicallySatisfied'), dissatisfied: $.sum('$satisfaction.dissatisfied'),
    }).limit(10_000).end(),
    getList(db(), 'kinds'), getList(db(), 'criteria'), orgCache(),
  ])
  const rows: ActivityRow[] = (res.data as Doc[]).map((r) => ({
    kind: r._id.kind, townId: r._id.townId, n: r.n, members: r.members, citizens: r.citizens, departments: r.departments,
    raised: r.raised, satisfied: r.satisfied, basicallySatisfied: r.basicallySatisfied, dissatisfied: r.dissatisfied,
  }))
  const f = foldActivityFigures(rows, [], [], suggestions, { kinds, criteria, towns: [...org.towns.values()].map((t) => ({ id: t._id, name: t.name })) })
  return { held: f.activities, participantTimes: f.participantTimes.total, paragraph: yearParagraph(f) }
}
