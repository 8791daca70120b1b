// The activity domain without a database: the life table, who may take each step, the deciders' rules, the figures'
// fold and the year's paragraph, candidate topics, the code's scene.
import type { ActorContext } from '../../src/domain/permissions'
import { SYSTEM_ACTOR } from '../../src/domain/permissions'
import { ACTIVITY_COMMANDS, ACTIVITY_TRANSITIONS, activityAllows, isAllowedActivityMove } from '../../src/domain/activities/lifecycle'
import { allowedActivityActions, canOnActivity, canSeeActivity } from '../../src/domain/activities/permissions'
import { decideActivity, decideCreate, gate } from '../../src/domain/activities/commands'
import { foldActivityFigures, participantTimesOf, yearParagraph } from '../../src/domain/activities/figures'
import { candidateTopics } from '../../src/domain/activities/topics'
import { activityIdOfScene, sceneOf } from '../../src/domain/activities/api'
import { groupOf, type Activity } from '../../src/domain/activities/types'
import { ACTIVITY_STATUS_LABELS } from '../../src/domain/activities/labels'
import { isDomainError } from '../../src/domain/commands'

const T0 = '2026-03-01T01:00:00.000Z'
const actor = (personId: string, roles: ActorContext['roles'], staffScope?: ActorContext['staffScope']): ActorContext =>
  ({ personId, roles, sectorGroupIds: [], boundVillageIds: [], ...(staffScope ? { staffScope } : {}) })
const staffT1 = actor('s1', ['staff'], ['t1'])
const staffT2 = actor('s2', ['staff'], ['t2'])
const admin = actor('adm', ['admin'])
const citizen = actor('c1', ['citizen'])
const member = actor('m1', ['citizen', 'member'])
const member2 = actor('m2', ['citizen', 'member'])
const evaluator = actor('e1', ['evaluator'])
const kinds = [{ id: 'forum', name: '民生议事堂', order: 1 }, { id: 'old', name: '旧类型', order: 2, retired: true }]

function activity(extra: Partial<Activity> = {}): Activity {
  return {
    _id: 'a1', kind: 'forum', topic: '停车难', description: '说明', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z',
    townId: 't1', villageId: 'v1', venue: '礼堂', organiser: { kind: 'office' }, invitedMemberIds: ['m1'], invitedDepartmentIds: [],
    registration: { open: false, cap: null }, registeredCount: 0, status: 'published', createdById: 's1', createdAt: T0, updatedAt: T0,
    topicSuggestionIds: [], walkIns: { members: 0, citizens: 0, departments: 0, names: [] }, agreedItems: [], raisedCount: 0,
    satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, version: 3, ...extra,
  }
}

describe('the life table', () => {
  test('the lifecycle runs draft → published → held → concluded → evaluated, and cancel only before it is held', () => {
    expect(isAllowedActivityMove('publish', 'draft', 'published')).toBe(true)
    expect(isAllowedActivityMove('openSignIn', 'published', 'held')).toBe(true)
    expect(isAllowedActivityMove('conclude', 'held', 'concluded')).toBe(true)
    expect(isAllowedActivityMove('evaluate', 'concluded', 'evaluated')).toBe(true)
    expect(activityAllows('cancel', 'held')).toBe(false)
    expect(activityAllows('signIn', 'published')).toBe(false)
    expect(activityAllows('conclude', 'published')).toBe(false)
  })
  test('every command has a label and leaves an event unless it is participation', () => {
    expect(ACTIVITY_COMMANDS.filter((c) => !ACTIVITY_TRANSITIONS[c].event).sort()).toStrictEqual(['answerSatisfaction', 'register', 'signIn'])
    expect(Object.keys(ACTIVITY_STATUS_LABELS)).toHaveLength(6)
  })
})

describe('who may take each step', () => {
  const a = activity()
  test('staff act within their towns; admin everywhere; members, citizens and evaluators do not run activities', () => {
    expect(canOnActivity(staffT1, 'openSignIn', a)).toBe(true)
    expect(canOnActivity(staffT2, 'openSignIn', a)).toBe(false)
    expect(canOnActivity(admin, 'openSignIn', a)).toBe(true)
    for (const who of [citizen, member, evaluator]) expect(canOnActivity(who, 'openSignIn', a)).toBe(false)
    expect(canOnActivity(staffT2, 'create', null, {}, 't1')).toBe(false)
    expect(canOnActivity(staffT1, 'create', null, {}, 't1')).toBe(true)
    expect(canOnActivity(SYSTEM_ACTOR, 'signIn', a)).toBe(false)
  })
  test('only invited members register unless registration is public', () => {
    expect(canOnActivity(member, 'register', a)).toBe(true)
    expect(canOnActivity(member2, 'register', a)).toBe(false)
    expect(canOnActivity(citizen, 'register', a)).toBe(false)
    expect(canOnActivity(citizen, 'register', activity({ registration: { open: true, cap: 10 } }))).toBe(true)
  })
  test('only evaluators evaluate; only participants raise (or staff) and answer satisfaction', () => {
    expect(canOnActivity(evaluator, 'evaluate', a)).toBe(true)
    expect(canOnActivity(staffT1, 'evaluate', a)).toBe(false)
    expect(canOnActivity(citizen, 'raise', a)).toBe(false)
    expect(canOnActivity(citizen, 'raise', a, { signedIn: true })).toBe(true)
    expect(canOnActivity(staffT1, 'raise', a)).toBe(true)
    expect(canOnActivity(citizen, 'answerSatisfaction', a, { signedIn: true })).toBe(true)
  })
  test('a draft is seen by its town’s staff only; the buttons follow the table', () => {
    expect(canSeeActivity(citizen, activity({ status: 'draft' }))).toBe(false)
    expect(canSeeActivity(staffT2, activity({ status: 'draft' }))).toBe(false)
    expect(canSeeActivity(staffT1, activity({ status: 'draft' }))).toBe(true)
    expect(allowedActivityActions(staffT1, activity({ status: 'held' })).sort()).toStrictEqual(['addWalkIns', 'conclude', 'raise', 'signIn'])
    expect(allowedActivityActions(citizen, activity({ status: 'held' }))).toStrictEqual(['signIn'])
    expect(allowedActivityActions(citizen, activity({ status: 'held' }), { signedIn: true }).sort()).toStrictEqual(['raise', 'signIn'])
    expect(allowedActivityActions(evaluator, activity({ status: 'concluded' }))).toStrictEqual(['evaluate'])
  })
})

describe('the deciders', () => {
  const fields = {
    kind: 'forum', topic: '停车难', description: '说明', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z', townId: 't1', venue: '礼堂',
    organiser: { kind: 'office' as const }, invitedMemberIds: ['m1', 'm1'], invitedDepartmentIds: [], registration: { open: true, cap: 2 },
  }
  test('create makes a draft with one event; a retired or unknown kind and an end before the start are refused, naming the field', () => {
    const d = decideCreate(fields, staffT1, T0, { newId: 'a9', kinds })
    if (isDomainError(d)) throw new Error(d.message)
    expect(d.next).toMatchObject({ _id: 'a9', status: 'draft', invitedMemberIds: ['m1'], registeredCount: 0, version: 1 })
    expect(d.event).toMatchObject({ command: 'create', from: null, to: 'draft', actorRole: 'staff' })
    expect(decideCreate({ ...fields, kind: 'old' }, staffT1, T0, { newId: 'a9', kinds })).toMatchObject({ code: 'INVALID_INPUT', field: 'kind' })
    expect(decideCreate({ ...fields, endAt: fields.startAt }, staffT1, T0, { newId: 'a9', kinds })).toMatchObject({ code: 'INVALID_INPUT', field: 'endAt' })
    expect(decideCreate(fields, staffT2, T0, { newId: 'a9', kinds })).toMatchObject({ code: 'FORBIDDEN' })
  })
  test('registration stops at the cap and once per person', () => {
    const open = activity({ registration: { open: true, cap: 2 }, registeredCount: 1 })
    const d = decideActivity('register', open, { id: 'a1' }, citizen, T0, {})
    expect(!isDomainError(d) && d.next.registeredCount).toBe(2)
    expect(!isDomainError(d) && d.event).toBeNull()
    expect(decideActivity('register', { ...open, registeredCount: 2 }, { id: 'a1' }, citizen, T0, {})).toMatchObject({ code: 'CONFLICT', message: '报名人数已满' })
    expect(decideActivity('register', open, { id: 'a1' }, citizen, T0, { alreadyRegistered: true })).toMatchObject({ code: 'CONFLICT', message: '您已报名' })
  })
  test('walk-ins add to their group, by count and by name; an empty entry is refused', () => {
    const d = decideActivity('addWalkIns', activity({ status: 'held' }), { id: 'a1', group: 'members', count: 2, names: ['张委员'] }, staffT1, T0)
    if (isDomainError(d)) throw new Error(d.message)
    expect(d.next.walkIns).toStrictEqual({ members: 3, citizens: 0, departments: 0, names: [{ name: '张委员', group: 'members' }] })
    expect(decideActivity('addWalkIns', activity({ status: 'held' }), { id: 'a1', group: 'members', count: 0 }, staffT1, T0)).toMatchObject({ code: 'INVALID_INPUT', field: 'count' })
  })
  test('an evaluation scores every active criterion once per evaluator, 1–5', () => {
    const criteria = [{ id: 'topic', name: '选题', order: 1 }, { id: 'participation', name: '参与', order: 2 }]
    const a = activity({ status: 'concluded' })
    expect(decideActivity('evaluate', a, { id: 'a1', scores: [{ criterionId: 'topic', score: 5 }] }, evaluator, T0, { criteria })).toMatchObject({ code: 'INVALID_INPUT', field: 'scores' })
    const d = decideActivity('evaluate', a, { id: 'a1', scores: [{ criterionId: 'topic', score: 5 }, { criterionId: 'participation', score: 3 }] }, evaluator, T0, { criteria })
    if (isDomainError(d)) throw new Error(d.message)
    expect(d.next).toMatchObject({ status: 'evaluated', evaluationCount: 1, scores: { topic: { sum: 5, n: 1 }, participation: { sum: 3, n: 1 } }, evaluatedAt: T0 })
    expect(decideActivity('evaluate', a, { id: 'a1', scores: [] }, evaluator, T0, { criteria, alreadyEvaluated: true })).toMatchObject({ code: 'CONFLICT' })
  })
  test('a draft looks missing to a citizen; a step from the wrong status names the status', () => {
    expect(gate('signIn', activity({ status: 'draft' }), citizen, {})).toMatchObject({ code: 'NOT_FOUND' })
    expect(gate('signIn', activity({ status: 'published' }), citizen, {})).toMatchObject({ code: 'BAD_TRANSITION', message: '报名中的活动不能这样操作' })
  })
})

describe('the figures', () => {
  test('participant-times are sign-ins plus walk-ins, by group', () => {
    expect(participantTimesOf({ signedIn: { members: 3, citizens: 20, departments: 2 }, walkIns: { members: 1, citizens: 5, departments: 0, names: [] } }))
      .toStrictEqual({ members: 4, citizens: 25, departments: 2 })
  })
  test('the year’s paragraph reads as the office writes it', () => {
    const row = (kind: string, townId: string, n: number, citizens: number) =>
      ({ kind, townId, n, members: 0, citizens, departments: 0, raised: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 })
    const f = foldActivityFigures(
      [row('six', 't1', 6, 200), row('x', 't1', 20, 700), row('x', 't2', 16, 500), row('forum', 't2', 45, 1292)],
      [], [], { total: 1237, adopted: 918 },
      { kinds: [{ id: 'six', name: '“6”', order: 1 }, { id: 'x', name: '“X”', order: 2 }, { id: 'forum', name: '民生议事堂', order: 3 }, { id: 'lounge', name: '委员会客厅', order: 4 }], criteria: [], towns: [] },
    )
    expect(yearParagraph(f)).toBe('共开展‘请你来协商’活动87场，其中“6”6场、“X”36场、民生议事堂45场，共参加人数2692人次，提出意见建议1237条，采纳意见建议918条。')
    expect(f.byTown.map((t) => [t.townId, t.activities, t.participantTimes])).toStrictEqual([['t1', 26, 900], ['t2', 61, 1792]])
  })
  test('agreed items: answered in time, and overdue while open', () => {
    const names = { kinds: [], criteria: [], towns: [] }
    const f = foldActivityFigures([], [
      { origin: 'agreedAtActivity', status: 'closed', outcome: 'adopted', townId: 't1', onTime: true, overdue: false, n: 3 },
      { origin: 'agreedAtActivity', status: 'replied', outcome: 'partlyAdopted', townId: 't1', onTime: false, overdue: false, n: 1 },
      { origin: 'agreedAtActivity', status: 'claimed', outcome: null, townId: 't1', onTime: false, overdue: true, n: 2 },
      { origin: 'raisedAtActivity', status: 'closed', outcome: 'forReference', townId: 't1', onTime: false, overdue: false, n: 5 },
    ], [], { total: 0, adopted: 0 }, names)
    expect(f.agreedItems).toStrictEqual({ total: 6, answered: 4, onTime: 3, overdue: 2, onTimeRate: { num: 3, den: 6 } })
    expect([f.raised, f.raisedAdopted]).toStrictEqual([5, 0])
  })
})

describe('candidate topics', () => {
  const item = (_id: string, villageId: string, title: string, category: 'safety' | 'traffic' = 'safety') => ({ _id, villageId, townId: 't1', title, content: title, category })
  test('three villages saying the same thing make a topic; two do not; another category does not join', () => {
    const topics = candidateTopics([
      item('1', 'v1', '村口路灯不亮'), item('2', 'v2', '村口路灯坏了不亮'), item('3', 'v3', '路灯不亮出行不安全'),
      item('4', 'v4', '村口路灯不亮', 'traffic'), item('5', 'v1', '河道垃圾'), item('6', 'v2', '河道垃圾清理'),
    ])
    expect(topics).toStrictEqual([{ category: 'safety', title: '路灯不亮出行不安全', itemIds: ['3', '2', '1'], villageIds: ['v1', 'v2', 'v3'], townIds: ['t1'] }])
  })
  test('the same village twice counts once', () => {
    expect(candidateTopics([item('1', 'v1', '村口路灯不亮'), item('2', 'v1', '村口路灯坏了不亮'), item('3', 'v2', '路灯不亮')])).toStrictEqual([])
  })
})

test('the code’s scene names the activity, and nothing else parses as one', () => {
  expect(sceneOf('0mx29l73v000fmoaq1')).toBe('a=0mx29l73v000fmoaq1')
  expect(activityIdOfScene('a%3D0mx29l73v000fmoaq1')).toBe('0mx29l73v000fmoaq1')
  expect(activityIdOfScene('b=1')).toBeNull()
  expect(activityIdOfScene('a=../../x')).toBeNull()
})

test('a person counts as a member, a department representative, or a citizen', () => {
  expect(groupOf(['citizen', 'member'])).toBe('members')
  expect(groupOf(['departmentHandler'])).toBe('departments')
  expect(groupOf(['citizen', 'staff'])).toBe('citizens')
})
