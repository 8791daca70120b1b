// What each step of an activity decides, written out by hand: the new activity, the timeline event (who acted, in which
// role, from and to, its payload), and the refusals with their code, field and message. Beyond activities.test.ts and
// activity-steps.test.ts, which cover creation, registration, walk-ins, evaluation and linking topics.
import { SYSTEM_ACTOR, type ActorContext } from '../../src/domain/permissions'
import { canKeepActivityLists, canReadActivityFigures, isEvaluator, seesActivityPeople } from '../../src/domain/activities/permissions'
import { decideActivity, decideCreate, gate, raiseEvent } from '../../src/domain/activities/commands'
import { ACTIVITY_FAMILY, HELD_STATUSES, activityAllows, isAllowedActivityMove } from '../../src/domain/activities/lifecycle'
import type { Activity } from '../../src/domain/activities/types'
import { isDomainError, type DomainError } from '../../src/domain/commands'

const T0 = '2026-03-01T01:00:00.000Z'
const NOW = '2026-03-05T02:00:00.000Z'
const actor = (personId: string, roles: ActorContext['roles'], extra: Partial<ActorContext> = {}): ActorContext =>
  ({ personId, roles, sectorGroupIds: [], boundVillageIds: [], ...extra })
const staffT1 = actor('s1', ['citizen', 'staff'], { staffScope: ['t1'] })
const staffT2 = actor('s2', ['citizen', 'staff'], { staffScope: ['t2'] })
const admin = actor('adm', ['admin'])
const member = actor('m1', ['citizen', 'member'])
const handler = actor('d1h', ['citizen', 'departmentHandler'], { departmentIds: ['d1'] })
const citizen = actor('c1', ['citizen'])
const evaluator = actor('e1', ['evaluator'])
const kinds = [{ id: 'forum', name: '民生议事堂', order: 1 }, { id: 'old', name: '旧类型', order: 2, retired: true }]

function activity(extra: Partial<Activity> = {}): Activity {
  return {
    _id: 'a1', kind: 'forum', topic: '停车难', description: '说明', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z',
    townId: 't1', villageId: 'v1', venue: '礼堂', organiser: { kind: 'office' }, invitedMemberIds: ['m1'], invitedDepartmentIds: ['d1'],
    registration: { open: false, cap: null }, registeredCount: 0, status: 'draft', createdById: 's1', createdAt: T0, updatedAt: T0,
    topicSuggestionIds: [], walkIns: { members: 0, citizens: 0, departments: 0, names: [] }, agreedItems: [], raisedCount: 0,
    satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, version: 3, ...extra,
  }
}

function ok<T>(d: T | DomainError): T {
  if (isDomainError(d)) throw new Error(`expected success, got ${d.code}: ${d.message}`)
  return d
}
const refusal = (d: unknown) => (isDomainError(d) ? { code: d.code, field: d.field, message: d.message } : d)

describe('editing a planned activity', () => {
  test('update: the fields given change, the rest stay; the event lists the changed fields in order', () => {
    const d = ok(decideActivity('update', activity(), { id: 'a1', venue: '文化中心', topic: '停车难题' }, staffT1, NOW, { kinds }))
    expect(d.next).toStrictEqual(activity({ venue: '文化中心', topic: '停车难题', updatedAt: NOW, version: 4 }))
    expect(d.event).toStrictEqual({ activityId: 'a1', command: 'update', actorId: 's1', actorRole: 'staff', from: 'draft', to: 'draft', at: NOW, payload: { changed: ['topic', 'venue'] } })
  })
  test('update: a new end before the stored start is refused naming endAt; so is an end equal to the start', () => {
    expect(refusal(decideActivity('update', activity(), { id: 'a1', endAt: '2026-03-05T00:00:00.000Z' }, staffT1, NOW, { kinds })))
      .toStrictEqual({ code: 'INVALID_INPUT', field: 'endAt', message: '结束时间必须晚于开始时间' })
    expect(refusal(decideActivity('update', activity(), { id: 'a1', startAt: '2026-03-05T03:00:00.000Z' }, staffT1, NOW, { kinds })))
      .toStrictEqual({ code: 'INVALID_INPUT', field: 'endAt', message: '结束时间必须晚于开始时间' })
    // A start moved earlier with the stored end is fine.
    expect(ok(decideActivity('update', activity(), { id: 'a1', startAt: '2026-03-05T00:30:00.000Z' }, staffT1, NOW, { kinds })).next.startAt).toBe('2026-03-05T00:30:00.000Z')
  })
  test('update: a village of another town is refused naming villageId; a retired kind naming kind', () => {
    expect(refusal(decideActivity('update', activity(), { id: 'a1', villageId: 'v9' }, staffT1, NOW, { kinds, villageInTown: false })))
      .toStrictEqual({ code: 'INVALID_INPUT', field: 'villageId', message: '村社区不属于所选镇街道' })
    expect(ok(decideActivity('update', activity(), { id: 'a1', villageId: 'v2' }, staffT1, NOW, { kinds, villageInTown: true })).next.villageId).toBe('v2')
    expect(refusal(decideActivity('update', activity(), { id: 'a1', kind: 'old' }, staffT1, NOW, { kinds })))
      .toStrictEqual({ code: 'INVALID_INPUT', field: 'kind', message: '活动类型不存在' })
    expect(refusal(decideActivity('update', activity(), { id: 'a1', kind: 'forum' }, staffT1, NOW, {})))
      .toStrictEqual({ code: 'INVALID_INPUT', field: 'kind', message: '活动类型不存在' })
  })
  test('update by staff of another town is FORBIDDEN; a draft they cannot see is NOT_FOUND', () => {
    expect(refusal(decideActivity('update', activity({ status: 'published' }), { id: 'a1', venue: 'x' }, staffT2, NOW, { kinds })))
      .toStrictEqual({ code: 'FORBIDDEN', field: undefined, message: '您没有权限进行此操作' })
    expect(refusal(decideActivity('update', activity(), { id: 'a1', venue: 'x' }, staffT2, NOW, { kinds })))
      .toStrictEqual({ code: 'NOT_FOUND', field: 'id', message: '活动不存在' })
    expect(refusal(decideActivity('update', null, { id: 'a1', venue: 'x' }, staffT1, NOW, { kinds })))
      .toStrictEqual({ code: 'NOT_FOUND', field: 'id', message: '活动不存在' })
  })
  test('an admin acts on any town\'s activity, in the admin role', () => {
    const d = ok(decideActivity('publish', activity(), { id: 'a1' }, admin, NOW))
    expect(d.event).toMatchObject({ actorId: 'adm', actorRole: 'admin' })
  })
})

describe('the life of an activity', () => {
  test('publish: published from now, and says so on its timeline', () => {
    const d = ok(decideActivity('publish', activity(), { id: 'a1' }, staffT1, NOW))
    expect(d.next).toStrictEqual(activity({ status: 'published', publishedAt: NOW, updatedAt: NOW, version: 4 }))
    expect(d.event).toStrictEqual({ activityId: 'a1', command: 'publish', actorId: 's1', actorRole: 'staff', from: 'draft', to: 'published', at: NOW, payload: {} })
  })
  test('cancel: cancelled with the reason on the event', () => {
    const d = ok(decideActivity('cancel', activity({ status: 'published' }), { id: 'a1', reason: '天气原因' }, staffT1, NOW))
    expect(d.next).toStrictEqual(activity({ status: 'cancelled', updatedAt: NOW, version: 4 }))
    expect(d.event).toMatchObject({ command: 'cancel', from: 'published', to: 'cancelled', payload: { reason: '天气原因' } })
  })
  test('a held activity cannot be cancelled, and the refusal names its status', () => {
    expect(refusal(decideActivity('cancel', activity({ status: 'held' }), { id: 'a1', reason: 'x' }, staffT1, NOW)))
      .toStrictEqual({ code: 'BAD_TRANSITION', field: undefined, message: '进行中的活动不能这样操作' })
  })
  test('openSignIn: held from now', () => {
    const d = ok(decideActivity('openSignIn', activity({ status: 'published' }), { id: 'a1' }, staffT1, NOW))
    expect(d.next).toStrictEqual(activity({ status: 'held', heldAt: NOW, updatedAt: NOW, version: 4 }))
    expect(d.event).toMatchObject({ command: 'openSignIn', from: 'published', to: 'held', payload: {} })
  })
  test('walk-ins by names only count one each; the event carries the group, the count and the names', () => {
    const held = activity({ status: 'held', walkIns: { members: 1, citizens: 4, departments: 0, names: [{ name: '李四', group: 'citizens' }] } })
    const d = ok(decideActivity('addWalkIns', held, { id: 'a1', group: 'citizens', names: ['王五', '赵六'] }, staffT1, NOW))
    expect(d.next.walkIns).toStrictEqual({ members: 1, citizens: 6, departments: 0, names: [{ name: '李四', group: 'citizens' }, { name: '王五', group: 'citizens' }, { name: '赵六', group: 'citizens' }] })
    expect(d.event).toMatchObject({ command: 'addWalkIns', from: 'held', to: 'held', payload: { group: 'citizens', count: 2, names: ['王五', '赵六'] } })
    const byCount = ok(decideActivity('addWalkIns', held, { id: 'a1', group: 'departments', count: 3 }, staffT1, NOW))
    expect([byCount.next.walkIns.departments, byCount.event?.payload]).toStrictEqual([3, { group: 'departments', count: 3, names: [] }])
    expect(refusal(decideActivity('addWalkIns', held, { id: 'a1', group: 'members' }, staffT1, NOW))).toStrictEqual({ code: 'INVALID_INPUT', field: 'count', message: '请填写人数或姓名' })
    expect(refusal(decideActivity('addWalkIns', held, { id: 'a1', group: 'members', count: -1 }, staffT1, NOW))).toMatchObject({ code: 'INVALID_INPUT', field: 'count' })
  })
  test('conclude: the minutes, the sign-ins counted, the promises added; the event carries sign-ins, walk-ins and the promises\' items', () => {
    const earlier = { suggestionId: 's0', title: '旧事项', target: { kind: 'department' as const, departmentId: 'd1' }, targetName: '市住建局', deadline: '2026-04-01T00:00:00.000Z' }
    const promise = { suggestionId: 's9', title: '增设车位', target: { kind: 'department' as const, departmentId: 'd1' }, targetName: '市住建局', deadline: '2026-04-05T00:00:00.000Z' }
    const held = activity({ status: 'held', agreedItems: [earlier], walkIns: { members: 1, citizens: 2, departments: 3, names: [{ name: '王五', group: 'citizens' }] } })
    const d = ok(decideActivity('conclude', held, { id: 'a1', minutes: '纪要', photos: ['p.jpg'], agreedItems: [] }, staffT1, NOW,
      { signedInCounts: { members: 5, citizens: 20, departments: 2 }, agreedItems: [promise] }))
    expect(d.next).toStrictEqual({
      ...held, status: 'concluded', concludedAt: NOW, signedIn: { members: 5, citizens: 20, departments: 2 },
      conclusion: { minutes: '纪要', photos: ['p.jpg'], at: NOW, byId: 's1' }, agreedItems: [earlier, promise], updatedAt: NOW, version: 4,
    })
    expect(d.event).toStrictEqual({
      activityId: 'a1', command: 'conclude', actorId: 's1', actorRole: 'staff', from: 'held', to: 'concluded', at: NOW,
      payload: { signedIn: { members: 5, citizens: 20, departments: 2 }, walkIns: { members: 1, citizens: 2, departments: 3 }, agreedItemIds: ['s9'] },
    })
  })
  test('conclude without the sign-in counts or the agreed items looked up is a bug of the caller', () => {
    expect(() => decideActivity('conclude', activity({ status: 'held' }), { id: 'a1', minutes: '', photos: [], agreedItems: [] }, staffT1, NOW, { agreedItems: [] }))
      .toThrow('conclude needs the sign-in counts and the agreed items')
    expect(() => decideActivity('conclude', activity({ status: 'held' }), { id: 'a1', minutes: '', photos: [], agreedItems: [] }, staffT1, NOW, { signedInCounts: { members: 0, citizens: 0, departments: 0 } }))
      .toThrow('conclude needs the sign-in counts and the agreed items')
  })
  test('an evaluation scoring a criterion not on the list (or retired) is refused naming scores; the event keeps scores without notes', () => {
    const criteria = [{ id: 'topic', name: '选题', order: 1 }, { id: 'gone', name: '旧指标', order: 2, retired: true }]
    const done = activity({ status: 'concluded' })
    expect(refusal(decideActivity('evaluate', done, { id: 'a1', scores: [{ criterionId: 'topic', score: 4 }, { criterionId: 'gone', score: 3 }] }, evaluator, NOW, { criteria })))
      .toStrictEqual({ code: 'INVALID_INPUT', field: 'scores', message: '评价指标不存在' })
    expect(refusal(decideActivity('evaluate', done, { id: 'a1', scores: [] }, evaluator, NOW, { criteria })))
      .toStrictEqual({ code: 'INVALID_INPUT', field: 'scores', message: '请为每项指标打分' })
    const d = ok(decideActivity('evaluate', done, { id: 'a1', scores: [{ criterionId: 'topic', score: 4, note: '选题好' }] }, evaluator, NOW, { criteria }))
    expect(d.event).toStrictEqual({ activityId: 'a1', command: 'evaluate', actorId: 'e1', actorRole: 'evaluator', from: 'concluded', to: 'evaluated', at: NOW, payload: { evaluatorId: 'e1', scores: [{ criterionId: 'topic', score: 4 }] } })
    expect(refusal(decideActivity('evaluate', done, { id: 'a1', scores: [] }, evaluator, NOW, { criteria, alreadyEvaluated: true })))
      .toStrictEqual({ code: 'CONFLICT', field: 'id', message: '您已评价过该活动' })
  })
})

describe('taking part', () => {
  test('registration: an uninvited person on a closed list is told it takes no public registration', () => {
    expect(refusal(decideActivity('register', activity({ status: 'published' }), { id: 'a1' }, citizen, NOW)))
      .toStrictEqual({ code: 'FORBIDDEN', field: 'id', message: '该活动不接受公开报名' })
    // An invited member registers though the list is closed; no cap means no limit.
    const d = ok(decideActivity('register', activity({ status: 'published', registeredCount: 500 }), { id: 'a1' }, member, NOW))
    expect([d.next.registeredCount, d.event]).toStrictEqual([501, null])
  })
  test('satisfaction: counted once per participant under the answer given, leaving no event; not signed in is refused', () => {
    const done = activity({ status: 'concluded', satisfaction: { satisfied: 2, basicallySatisfied: 1, dissatisfied: 0 } })
    const d = ok(decideActivity('answerSatisfaction', done, { id: 'a1', value: 'basicallySatisfied' }, citizen, NOW, { signedIn: true }))
    expect(d.next).toStrictEqual({ ...done, satisfaction: { satisfied: 2, basicallySatisfied: 2, dissatisfied: 0 }, updatedAt: NOW, version: 4 })
    expect(d.event).toBeNull()
    expect(refusal(decideActivity('answerSatisfaction', done, { id: 'a1', value: 'satisfied' }, citizen, NOW, { signedIn: true, alreadyAnswered: true })))
      .toStrictEqual({ code: 'CONFLICT', field: 'id', message: '您已评价过满意度' })
    expect(refusal(decideActivity('answerSatisfaction', done, { id: 'a1', value: 'satisfied' }, citizen, NOW, {})))
      .toStrictEqual({ code: 'FORBIDDEN', field: 'id', message: '请先签到' })
  })
  test('raising without having signed in is refused with 请先签到', () => {
    expect(refusal(gate('raise', activity({ status: 'held' }), citizen, {}))).toStrictEqual({ code: 'FORBIDDEN', field: 'id', message: '请先签到' })
    expect(gate('raise', activity({ status: 'held' }), citizen, { signedIn: true })).toBeNull()
  })
  test('a raised suggestion counts on the activity and leaves an event naming it, and whom it was recorded for', () => {
    const held = activity({ status: 'held', raisedCount: 2 })
    const own = raiseEvent(held, 'n1', citizen, NOW)
    expect(own.next).toStrictEqual({ ...held, raisedCount: 3, updatedAt: NOW, version: 4 })
    expect(own.event).toStrictEqual({ activityId: 'a1', command: 'raise', actorId: 'c1', actorRole: 'citizen', from: 'held', to: 'held', at: NOW, payload: { suggestionId: 'n1' } })
    const recorded = raiseEvent(held, 'n2', staffT1, NOW, '张阿姨')
    expect(recorded.event).toMatchObject({ actorRole: 'staff', payload: { suggestionId: 'n2', recordedFor: '张阿姨' } })
  })
  test('the role each person acts in on an activity\'s timeline', () => {
    const held = activity({ status: 'held' })
    expect(raiseEvent(held, 'n1', member, NOW).event.actorRole).toBe('member')
    expect(raiseEvent(held, 'n1', handler, NOW).event.actorRole).toBe('departmentHandler')
    expect(raiseEvent(held, 'n1', evaluator, NOW).event.actorRole).toBe('evaluator')
    expect(raiseEvent(held, 'n1', admin, NOW).event.actorRole).toBe('admin')
    // Staff of another town act there as whatever else they are.
    expect(raiseEvent(held, 'n1', staffT2, NOW).event.actorRole).toBe('citizen')
    expect(raiseEvent(held, 'n1', actor('x', ['citizen', 'member', 'evaluator']), NOW).event.actorRole).toBe('evaluator')
  })
})

describe('creating', () => {
  test('creating without a new id or a stored person is a bug of the caller', () => {
    const fields = {
      kind: 'forum', topic: '停车难', description: '', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z', townId: 't1', venue: '礼堂',
      organiser: { kind: 'office' as const }, invitedMemberIds: ['m1', 'm1', 'm2'], invitedDepartmentIds: ['d1', 'd1'], registration: { open: true, cap: 30 },
    }
    expect(() => decideCreate(fields, staffT1, NOW, { kinds })).toThrow('create needs a new id and a stored person')
    expect(() => decideCreate(fields, { ...staffT1, personId: null }, NOW, { newId: 'a9', kinds })).toThrow('create needs a new id and a stored person')
    const d = ok(decideCreate(fields, staffT1, NOW, { newId: 'a9', kinds }))
    expect([d.next.invitedMemberIds, d.next.invitedDepartmentIds, d.next.registration, d.next.status, d.next.updatedAt]).toStrictEqual([['m1', 'm2'], ['d1'], { open: true, cap: 30 }, 'draft', NOW])
    expect(d.event).toStrictEqual({ activityId: 'a9', command: 'create', actorId: 's1', actorRole: 'staff', from: null, to: 'draft', at: NOW, payload: {} })
    expect(refusal(decideCreate({ ...fields, topicSuggestionIds: ['i1', 'i2'] }, staffT1, NOW, { newId: 'a9', kinds, openTopicIds: ['i1'] })))
      .toStrictEqual({ code: 'BAD_TRANSITION', field: 'topicSuggestionIds', message: '议题建言已结束，不能关联' })
  })
})

describe('who reads what of an activity', () => {
  const people = { staffT1, staffT2, admin, member, handler, citizen, evaluator }
  const whoOf = (f: (a: ActorContext) => boolean) => Object.entries(people).filter(([, a]) => f(a)).map(([k]) => k)
  test('sign-in names, walk-in names and registrations: staff of its town and admins', () => {
    expect(whoOf((a) => seesActivityPeople(a, activity()))).toStrictEqual(['staffT1', 'admin'])
  })
  test('activity figures of a town: its staff, admins and evaluators; of the county: any staff too', () => {
    expect(whoOf((a) => canReadActivityFigures(a, 't1'))).toStrictEqual(['staffT1', 'admin', 'evaluator'])
    expect(whoOf((a) => canReadActivityFigures(a, null))).toStrictEqual(['staffT1', 'staffT2', 'admin', 'evaluator'])
  })
  test('the kinds and criteria lists: admins only, never the timer', () => {
    expect(whoOf(canKeepActivityLists)).toStrictEqual(['admin'])
    expect(canKeepActivityLists({ ...SYSTEM_ACTOR, roles: ['admin'] })).toBe(false)
  })
  test('an evaluator is a stored person with the role; the timer is never one', () => {
    expect(isEvaluator({ ...SYSTEM_ACTOR, roles: ['evaluator'] })).toBe(false)
    expect(isEvaluator({ ...evaluator, personId: null })).toBe(false)
    expect(isEvaluator(evaluator)).toBe(true)
  })
})

describe('the life table\'s moves', () => {
  test('a move is allowed only from a status the step starts from, to one it leads to or the same', () => {
    expect([
      isAllowedActivityMove('publish', 'held', 'published'), isAllowedActivityMove('publish', 'draft', 'held'),
      isAllowedActivityMove('update', 'draft', 'draft'), isAllowedActivityMove('update', 'draft', 'published'),
      isAllowedActivityMove('create', null, 'draft'), isAllowedActivityMove('create', 'draft', 'draft'),
      isAllowedActivityMove('evaluate', 'evaluated', 'evaluated'), isAllowedActivityMove('register', 'published', 'published'),
    ]).toStrictEqual([false, false, true, false, true, false, true, true])
    expect([activityAllows('create', null), activityAllows('publish', null)]).toStrictEqual([true, false])
  })
  test('the families lists ask for, and the statuses that count as held', () => {
    expect(ACTIVITY_FAMILY).toStrictEqual({ draft: 'planning', published: 'upcoming', held: 'live', concluded: 'past', evaluated: 'past', cancelled: 'cancelled' })
    expect(HELD_STATUSES).toStrictEqual(['concluded', 'evaluated'])
  })
})
