// The activity figures folded from plain documents (src/domain/activities/figures.ts `*Of`): which activities count as
// held in a period and town, when a promise made on site counts as answered in time or overdue, and the year's paragraph.
// The function tests check the server's indexed aggregation against this fold, so its rules are pinned here by hand.
import { activityFiguresOf, activityRowsOf, foldActivityFigures, outcomeRowOf, outcomeRowsOf, scoreRowsOf, yearParagraph } from '../../src/domain/activities/figures'
import type { Activity, Evaluation } from '../../src/domain/activities/types'
import type { Suggestion } from '../../src/domain/types'

const Y2026 = { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }
const NOW = '2026-03-20T00:00:00.000Z'
const zero = { members: 0, citizens: 0, departments: 0 }

function activity(id: string, extra: Partial<Activity>): Activity {
  return {
    _id: id, kind: 'forum', topic: '停车难', description: '说明', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z',
    townId: 't1', venue: '礼堂', organiser: { kind: 'office' }, invitedMemberIds: [], invitedDepartmentIds: [], registration: { open: false, cap: null },
    registeredCount: 0, status: 'concluded', createdById: 's1', createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z',
    topicSuggestionIds: [], walkIns: { ...zero, names: [] }, agreedItems: [], raisedCount: 0,
    satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, version: 1, ...extra,
  }
}

const activities: Activity[] = [
  activity('A', { signedIn: { members: 2, citizens: 5, departments: 1 }, walkIns: { members: 1, citizens: 2, departments: 0, names: [] }, raisedCount: 3, satisfaction: { satisfied: 3, basicallySatisfied: 1, dissatisfied: 0 } }),
  // No sign-in recorded: walk-ins alone.
  activity('B', { status: 'evaluated', startAt: '2026-04-10T01:00:00.000Z', walkIns: { members: 0, citizens: 4, departments: 1, names: [] }, raisedCount: 1, satisfaction: { satisfied: 1, basicallySatisfied: 0, dissatisfied: 1 } }),
  // Not held (yet): never counted.
  activity('C', { status: 'published', signedIn: { members: 9, citizens: 9, departments: 9 }, raisedCount: 9 }),
  activity('D', { kind: 'hearing', townId: 't2', startAt: '2027-01-01T00:00:00.000Z', signedIn: { members: 1, citizens: 1, departments: 1 } }),
  activity('E', { kind: 'hearing', townId: 't2', startAt: '2026-01-01T00:00:00.000Z', signedIn: { members: 1, citizens: 0, departments: 2 }, satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 2 } }),
]

const item = (id: string, extra: Partial<Suggestion>) =>
  ({ _id: id, townId: 't1', status: 'submitted', createdAt: '2026-03-05T02:00:00.000Z', ...extra }) as Suggestion
const handOff = (deadline: string) => ({ target: { kind: 'member' }, deadline, at: '2026-03-06T00:00:00.000Z', byId: 's1', rung: 0 }) as unknown as Suggestion['handOff']
const reply = (outcome: NonNullable<Suggestion['reply']>['outcome'], at: string) => ({ text: '答复', outcome, at, byId: 'm1' })

const items: Suggestion[] = [
  item('i1', { origin: 'raisedAtActivity', status: 'replied', reply: reply('adopted', '2026-03-10T00:00:00.000Z'), handOff: handOff('2026-03-12T00:00:00.000Z') }),
  item('i2', { origin: 'raisedAtActivity', status: 'replied', reply: reply('adopted', '2026-03-11T00:00:00.000Z'), handOff: handOff('2026-03-12T00:00:00.000Z') }),
  // Answered after the deadline.
  item('i3', { origin: 'agreedAtActivity', status: 'closed', reply: reply('partlyAdopted', '2026-03-15T00:00:00.000Z'), handOff: handOff('2026-03-12T00:00:00.000Z') }),
  // Still waiting for a claim past its deadline.
  item('i4', { origin: 'agreedAtActivity', status: 'assigned', handOff: handOff('2026-03-12T00:00:00.000Z') }),
  // Claimed, deadline still ahead.
  item('i5', { origin: 'agreedAtActivity', status: 'claimed', handOff: handOff('2026-03-25T00:00:00.000Z') }),
  // Answered at the deadline's very instant: in time.
  item('i6', { origin: 'agreedAtActivity', status: 'replied', reply: reply('notAdopted', '2026-03-12T00:00:00.000Z'), handOff: handOff('2026-03-12T00:00:00.000Z') }),
  // Not from an activity: counts in the year's totals only.
  item('i7', { status: 'replied', reply: reply('adopted', '2026-03-09T00:00:00.000Z') }),
  item('i8', { origin: 'raisedAtActivity', townId: 't2', status: 'claimed', createdAt: '2026-03-06T00:00:00.000Z' }),
  item('i9', { origin: 'raisedAtActivity', status: 'replied', reply: reply('adopted', '2026-01-03T00:00:00.000Z'), createdAt: '2025-12-31T23:59:59.000Z' }),
]

const evaluation = (id: string, kind: string, townId: string, startAt: string, scores: [string, number][]): Evaluation =>
  ({ _id: id, activityId: 'A', evaluatorId: 'e1', at: startAt, kind, townId, startAt, scores: scores.map(([criterionId, score]) => ({ criterionId, score })) })
const evaluations = [
  evaluation('e1', 'forum', 't1', '2026-03-05T01:00:00.000Z', [['c1', 4], ['c2', 5]]),
  evaluation('e2', 'forum', 't1', '2026-03-05T01:00:00.000Z', [['c1', 3]]),
  evaluation('e3', 'hearing', 't2', '2026-01-01T00:00:00.000Z', [['c1', 5]]),
  evaluation('e4', 'forum', 't1', '2027-01-01T00:00:00.000Z', [['c1', 1]]),
]

test('only held activities (concluded or evaluated) count, from the first instant of the period up to, not including, its end', () => {
  expect(activityRowsOf(activities, Y2026)).toStrictEqual([
    { kind: 'forum', townId: 't1', n: 2, members: 3, citizens: 11, departments: 2, raised: 4, satisfied: 4, basicallySatisfied: 1, dissatisfied: 1 },
    { kind: 'hearing', townId: 't2', n: 1, members: 1, citizens: 0, departments: 2, raised: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 2 },
  ])
  // One town, any time.
  expect(activityRowsOf(activities, { townId: 't2' })).toStrictEqual([
    { kind: 'hearing', townId: 't2', n: 2, members: 2, citizens: 1, departments: 3, raised: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 2 },
  ])
})

test('a promise made on site: answered in time up to the deadline itself, overdue only while waiting or claimed past it', () => {
  expect(outcomeRowOf(items[0], NOW)).toStrictEqual({ origin: 'raisedAtActivity', status: 'replied', outcome: 'adopted', townId: 't1', onTime: true, overdue: false })
  expect(outcomeRowOf(items[2], NOW)).toStrictEqual({ origin: 'agreedAtActivity', status: 'closed', outcome: 'partlyAdopted', townId: 't1', onTime: false, overdue: false })
  expect(outcomeRowOf(items[3], NOW)).toStrictEqual({ origin: 'agreedAtActivity', status: 'assigned', outcome: null, townId: 't1', onTime: false, overdue: true })
  expect(outcomeRowOf(items[4], NOW)).toMatchObject({ onTime: false, overdue: false })
  // The same claimed item once its deadline has passed.
  expect(outcomeRowOf(items[4], '2026-03-26T00:00:00.000Z')).toMatchObject({ overdue: true })
  expect(outcomeRowOf(items[5], NOW)).toMatchObject({ outcome: 'notAdopted', onTime: true, overdue: false })
  // A reply with its deadline passed is answered (late), not overdue.
  expect(outcomeRowOf(items[2], '2026-04-01T00:00:00.000Z')).toMatchObject({ overdue: false })
  expect(outcomeRowOf(items[6], NOW)).toBeNull()
  expect(outcomeRowOf(items[7], NOW)).toMatchObject({ outcome: null, onTime: false, overdue: false })
  // A claimed item at its deadline's very instant is not overdue yet; a moment later it is.
  expect(outcomeRowOf(items[4], '2026-03-25T00:00:00.000Z')).toMatchObject({ overdue: false })
  expect(outcomeRowOf(items[4], '2026-03-25T00:00:00.001Z')).toMatchObject({ overdue: true })
  // Reopened after a reply in time (不满意): no outcome now, so not answered in time, though the old reply stays on it.
  const reopened = { ...items[0], status: 'claimed' as const }
  expect(outcomeRowOf(reopened, '2026-03-11T00:00:00.000Z')).toStrictEqual({ origin: 'raisedAtActivity', status: 'claimed', outcome: null, townId: 't1', onTime: false, overdue: false })
})

test('outcome rows group alike items, within the period and town', () => {
  const rows = outcomeRowsOf(items, NOW, Y2026)
  expect(rows).toHaveLength(6)
  expect(rows[0]).toStrictEqual({ origin: 'raisedAtActivity', status: 'replied', outcome: 'adopted', townId: 't1', onTime: true, overdue: false, n: 2 })
  expect(rows.reduce((n, r) => n + r.n, 0)).toBe(7)
  expect(outcomeRowsOf(items, NOW, { townId: 't2' })).toStrictEqual([
    { origin: 'raisedAtActivity', status: 'claimed', outcome: null, townId: 't2', onTime: false, overdue: false, n: 1 },
  ])
})

test('scores add up per criterion, kind and town, within the period', () => {
  expect(scoreRowsOf(evaluations, Y2026)).toStrictEqual([
    { criterionId: 'c1', kind: 'forum', townId: 't1', sum: 7, n: 2 },
    { criterionId: 'c2', kind: 'forum', townId: 't1', sum: 5, n: 1 },
    { criterionId: 'c1', kind: 'hearing', townId: 't2', sum: 5, n: 1 },
  ])
  expect(scoreRowsOf(evaluations, { townId: 't1' })).toStrictEqual([
    { criterionId: 'c1', kind: 'forum', townId: 't1', sum: 8, n: 3 },
    { criterionId: 'c2', kind: 'forum', townId: 't1', sum: 5, n: 1 },
  ])
})

test('the year in figures, and the paragraph the year-end report prints', () => {
  const names = {
    kinds: [{ id: 'forum', name: '民生议事堂', order: 1 }, { id: 'hearing', name: '听证会', order: 2 }],
    criteria: [{ id: 'c1', name: '组织', order: 1 }, { id: 'c2', name: '成效', order: 2 }],
    towns: [{ id: 't1', name: '当湖街道' }, { id: 't2', name: '新埭镇' }],
  }
  const f = activityFiguresOf({ activities, items, evaluations }, names, NOW, Y2026)
  expect(f).toStrictEqual({
    activities: 3,
    byKind: [{ kind: 'forum', name: '民生议事堂', count: 2, participantTimes: 16 }, { kind: 'hearing', name: '听证会', count: 1, participantTimes: 3 }],
    participantTimes: { members: 4, citizens: 11, departments: 4, total: 19 },
    raised: 3, raisedAdopted: 2,
    agreedItems: { total: 4, answered: 2, onTime: 1, overdue: 1, onTimeRate: { num: 1, den: 4 } },
    evaluation: {
      byCriterion: [{ criterionId: 'c1', name: '组织', average: 4, n: 3 }, { criterionId: 'c2', name: '成效', average: 5, n: 1 }],
      overall: 4.25,
      // Per kind and per town every criterion is listed, unscored ones with no average.
      byKind: [
        { kind: 'forum', name: '民生议事堂', average: 4, n: 3, byCriterion: [{ criterionId: 'c1', average: 3.5, n: 2 }, { criterionId: 'c2', average: 5, n: 1 }] },
        { kind: 'hearing', name: '听证会', average: 5, n: 1, byCriterion: [{ criterionId: 'c1', average: 5, n: 1 }, { criterionId: 'c2', average: null, n: 0 }] },
      ],
      byTown: [
        { townId: 't1', townName: '当湖街道', average: 4, n: 3, byCriterion: [{ criterionId: 'c1', average: 3.5, n: 2 }, { criterionId: 'c2', average: 5, n: 1 }] },
        { townId: 't2', townName: '新埭镇', average: 5, n: 1, byCriterion: [{ criterionId: 'c1', average: 5, n: 1 }, { criterionId: 'c2', average: null, n: 0 }] },
      ],
    },
    satisfaction: { satisfied: 4, basicallySatisfied: 1, dissatisfied: 3 },
    byTown: [
      { townId: 't1', townName: '当湖街道', activities: 2, participantTimes: 16, average: 4 },
      { townId: 't2', townName: '新埭镇', activities: 1, participantTimes: 3, average: 5 },
    ],
    // i1–i8 were made in 2026; i1, i2, i3 and i7 were adopted in whole or in part.
    suggestions: { total: 8, adopted: 4 },
  })
  expect(yearParagraph(f)).toBe('共开展‘请你来协商’活动3场，其中民生议事堂2场、听证会1场，共参加人数19人次，提出意见建议8条，采纳意见建议4条。')
  // One town: its activities, its items.
  const t2 = activityFiguresOf({ activities, items, evaluations }, names, NOW, { ...Y2026, townId: 't2' })
  expect([t2.activities, t2.participantTimes.total, t2.raised, t2.suggestions]).toStrictEqual([1, 3, 1, { total: 1, adopted: 0 }])
})

test('a retired criterion stays in the figures while it has scores in the period, and is left out once it has none; a current one nobody scored is listed empty', () => {
  const names = {
    kinds: [{ id: 'forum', name: '民生议事堂', order: 1 }, { id: 'hearing', name: '听证会', order: 2 }],
    criteria: [
      { id: 'c1', name: '组织', order: 1 }, { id: 'c2', name: '成效', order: 2, retired: true },
      { id: 'c3', name: '旧指标', order: 3, retired: true }, { id: 'c4', name: '新指标', order: 4 },
    ],
    towns: [{ id: 't1', name: '当湖街道' }, { id: 't2', name: '新埭镇' }],
  }
  const f = activityFiguresOf({ activities, items, evaluations }, names, NOW, Y2026)
  expect(f.evaluation.byCriterion).toStrictEqual([
    { criterionId: 'c1', name: '组织', average: 4, n: 3 }, { criterionId: 'c2', name: '成效', average: 5, n: 1 },
    { criterionId: 'c4', name: '新指标', average: null, n: 0 },
  ])
})

test('scores of a kind no longer listed and held by no activity in the period are shown under the kind\'s own id', () => {
  const names = { kinds: [{ id: 'forum', name: '民生议事堂', order: 1 }], criteria: [{ id: 'c1', name: '组织', order: 1 }], towns: [{ id: 't1', name: '当湖街道' }] }
  const f = activityFiguresOf({ activities: [], items: [], evaluations: [evaluation('e9', 'salon', 't1', '2026-05-01T00:00:00.000Z', [['c1', 4]])] }, names, NOW, Y2026)
  expect(f.evaluation.byKind).toStrictEqual([{ kind: 'salon', name: 'salon', average: 4, n: 1, byCriterion: [{ criterionId: 'c1', average: 4, n: 1 }] }])
})

test('the whole fold, worked out by hand: kinds and towns no longer listed, retired ones, a criterion not on the list', () => {
  const row = (kind: string, townId: string, n: number, members: number, citizens: number, departments: number, satisfied: number, basicallySatisfied: number, dissatisfied: number) =>
    ({ kind, townId, n, members, citizens, departments, raised: 0, satisfied, basicallySatisfied, dissatisfied })
  const names = {
    kinds: [{ id: 'six', name: '“6”', order: 1 }, { id: 'x', name: '“X”', order: 2 }, { id: 'old', name: '旧类型', order: 3, retired: true }, { id: 'gone', name: '停用类型', order: 4, retired: true }],
    criteria: [{ id: 'topic', name: '选题', order: 1 }, { id: 'ret', name: '旧指标', order: 2, retired: true }, { id: 'part', name: '参与', order: 3 }],
    towns: [{ id: 't1', name: '当湖街道' }, { id: 't2', name: '乍浦镇' }],
  }
  const f = foldActivityFigures(
    [row('x', 't2', 2, 3, 10, 1, 4, 2, 1), row('zz', 't9', 1, 1, 2, 0, 0, 1, 0), row('old', 't1', 1, 0, 5, 0, 1, 0, 0)],
    [],
    [
      { criterionId: 'topic', kind: 'x', townId: 't2', sum: 9, n: 2 }, { criterionId: 'part', kind: 'x', townId: 't2', sum: 4, n: 1 },
      { criterionId: 'extra', kind: 'zz', townId: 't9', sum: 3, n: 1 }, { criterionId: 'topic', kind: 'aa', townId: 't2', sum: 5, n: 1 },
    ],
    { total: 7, adopted: 2 }, names,
  )
  const none = { average: null, n: 0 }
  expect(f).toStrictEqual({
    activities: 4,
    byKind: [
      { kind: 'six', name: '“6”', count: 0, participantTimes: 0 }, { kind: 'x', name: '“X”', count: 2, participantTimes: 14 },
      { kind: 'old', name: '旧类型', count: 1, participantTimes: 5 }, { kind: 'zz', name: 'zz', count: 1, participantTimes: 3 },
    ],
    participantTimes: { members: 4, citizens: 17, departments: 1, total: 22 },
    raised: 0, raisedAdopted: 0,
    agreedItems: { total: 0, answered: 0, onTime: 0, overdue: 0, onTimeRate: { num: 0, den: 0 } },
    evaluation: {
      byCriterion: [
        { criterionId: 'topic', name: '选题', average: 4.67, n: 3 }, { criterionId: 'part', name: '参与', average: 4, n: 1 }, { criterionId: 'extra', name: 'extra', average: 3, n: 1 },
      ],
      overall: 4.2,
      byKind: [
        { kind: 'x', name: '“X”', average: 4.33, n: 3, byCriterion: [{ criterionId: 'topic', average: 4.5, n: 2 }, { criterionId: 'part', average: 4, n: 1 }, { criterionId: 'extra', ...none }] },
        { kind: 'old', name: '旧类型', ...none, byCriterion: [{ criterionId: 'topic', ...none }, { criterionId: 'part', ...none }, { criterionId: 'extra', ...none }] },
        { kind: 'aa', name: 'aa', average: 5, n: 1, byCriterion: [{ criterionId: 'topic', average: 5, n: 1 }, { criterionId: 'part', ...none }, { criterionId: 'extra', ...none }] },
        { kind: 'zz', name: 'zz', average: 3, n: 1, byCriterion: [{ criterionId: 'topic', ...none }, { criterionId: 'part', ...none }, { criterionId: 'extra', average: 3, n: 1 }] },
      ],
      byTown: [
        { townId: 't1', townName: '当湖街道', ...none, byCriterion: [{ criterionId: 'topic', ...none }, { criterionId: 'part', ...none }, { criterionId: 'extra', ...none }] },
        { townId: 't2', townName: '乍浦镇', average: 4.5, n: 4, byCriterion: [{ criterionId: 'topic', average: 4.67, n: 3 }, { criterionId: 'part', average: 4, n: 1 }, { criterionId: 'extra', ...none }] },
        { townId: 't9', townName: 't9', average: 3, n: 1, byCriterion: [{ criterionId: 'topic', ...none }, { criterionId: 'part', ...none }, { criterionId: 'extra', average: 3, n: 1 }] },
      ],
    },
    satisfaction: { satisfied: 5, basicallySatisfied: 3, dissatisfied: 1 },
    byTown: [
      { townId: 't1', townName: '当湖街道', activities: 1, participantTimes: 5, average: null },
      { townId: 't2', townName: '乍浦镇', activities: 2, participantTimes: 14, average: 4.5 },
      { townId: 't9', townName: 't9', activities: 1, participantTimes: 3, average: 3 },
    ],
    suggestions: { total: 7, adopted: 2 },
  })
})

test('a town scored in the period without an activity held in it is listed with its average and no activities', () => {
  const f = foldActivityFigures([], [], [{ criterionId: 'topic', kind: 'x', townId: 't1', sum: 8, n: 2 }], { total: 0, adopted: 0 },
    { kinds: [], criteria: [{ id: 'topic', name: '选题', order: 1 }], towns: [{ id: 't1', name: '当湖街道' }, { id: 't2', name: '乍浦镇' }] })
  expect(f.byTown).toStrictEqual([{ townId: 't1', townName: '当湖街道', activities: 0, participantTimes: 0, average: 4 }])
})
