// Steps of an activity decided without a database, beyond tests/unit/activities.test.ts: linking topics that are not
// open, a second evaluator's scores added to the first's, a new activity's empty lists, a draft cancelled in silence,
// and candidate topics grouped across villages and ordered.
import type { ActorContext } from '../../src/domain/permissions'
import { decideActivity, decideCreate } from '../../src/domain/activities/commands'
import { invitedNotices } from '../../src/domain/activities/notices'
import { isInvitedMember } from '../../src/domain/activities/permissions'
import { candidateTopics } from '../../src/domain/activities/topics'
import type { Activity } from '../../src/domain/activities/types'
import { isDomainError } from '../../src/domain/commands'

const T0 = '2026-03-01T01:00:00.000Z'
const actor = (personId: string, roles: ActorContext['roles'], staffScope?: ActorContext['staffScope']): ActorContext =>
  ({ personId, roles, sectorGroupIds: [], boundVillageIds: [], ...(staffScope ? { staffScope } : {}) })
const staffT1 = actor('s1', ['staff'], ['t1'])
const evaluator = actor('e2', ['evaluator'])
const kinds = [{ id: 'forum', name: '民生议事堂', order: 1 }]

function activity(extra: Partial<Activity> = {}): Activity {
  return {
    _id: 'a1', kind: 'forum', topic: '停车难', description: '说明', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z',
    townId: 't1', villageId: 'v1', venue: '礼堂', organiser: { kind: 'office' }, invitedMemberIds: ['m1'], invitedDepartmentIds: [],
    registration: { open: false, cap: null }, registeredCount: 0, status: 'draft', createdById: 's1', createdAt: T0, updatedAt: T0,
    topicSuggestionIds: ['i1'], walkIns: { members: 0, citizens: 0, departments: 0, names: [] }, agreedItems: [], raisedCount: 0,
    satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, version: 3, ...extra,
  }
}

test('topics are linked only while open for discussion; linking adds to the topics already there, once each', () => {
  const refused = decideActivity('linkTopics', activity(), { id: 'a1', suggestionIds: ['i2', 'i3'] }, staffT1, T0, { openTopicIds: ['i2'] })
  expect(isDomainError(refused) && [refused.code, refused.field, refused.message]).toStrictEqual(['BAD_TRANSITION', 'suggestionIds', '议题建言已结束，不能关联'])
  const d = decideActivity('linkTopics', activity(), { id: 'a1', suggestionIds: ['i2', 'i1'] }, staffT1, T0, { openTopicIds: ['i1', 'i2'] })
  if (isDomainError(d)) throw new Error(d.message)
  expect(d.next.topicSuggestionIds).toStrictEqual(['i1', 'i2'])
})

test('a second evaluator\'s scores add to the first\'s, criterion by criterion', () => {
  const criteria = [{ id: 'topic', name: '选题', order: 1 }, { id: 'participation', name: '参与', order: 2 }]
  const once = activity({ status: 'evaluated', evaluationCount: 1, evaluatedAt: '2026-03-06T00:00:00.000Z', scores: { topic: { sum: 5, n: 1 }, participation: { sum: 3, n: 1 } } })
  const d = decideActivity('evaluate', once, { id: 'a1', scores: [{ criterionId: 'topic', score: 4 }, { criterionId: 'participation', score: 2 }] }, evaluator, T0, { criteria })
  if (isDomainError(d)) throw new Error(d.message)
  expect(d.next).toMatchObject({ status: 'evaluated', evaluationCount: 2, scores: { topic: { sum: 9, n: 2 }, participation: { sum: 5, n: 2 } }, evaluatedAt: '2026-03-06T00:00:00.000Z' })
})

test('a new activity starts with no topics, walk-ins, promises, scores or satisfaction answers', () => {
  const fields = {
    kind: 'forum', topic: '停车难', description: '说明', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z', townId: 't1', venue: '礼堂',
    organiser: { kind: 'office' as const }, invitedMemberIds: [], invitedDepartmentIds: [], registration: { open: false, cap: null },
  }
  const d = decideCreate(fields, staffT1, T0, { newId: 'a9', kinds })
  if (isDomainError(d)) throw new Error(d.message)
  expect(d.next).toMatchObject({
    topicSuggestionIds: [], walkIns: { members: 0, citizens: 0, departments: 0, names: [] }, agreedItems: [], raisedCount: 0,
    satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, createdById: 's1', createdAt: T0,
  })
  expect(d.event?.payload).toStrictEqual({})
  const withTopics = decideCreate({ ...fields, topicSuggestionIds: ['i1', 'i1'] }, staffT1, T0, { newId: 'a9', kinds, openTopicIds: ['i1'] })
  if (isDomainError(withTopics)) throw new Error(withTopics.message)
  expect([withTopics.next.topicSuggestionIds, withTopics.event?.payload]).toStrictEqual([['i1'], { topicSuggestionIds: ['i1', 'i1'] }])
})

test('cancelling a draft tells no one: nobody was invited yet', () => {
  expect(invitedNotices('cancel', activity({ status: 'draft' }), activity({ status: 'cancelled' }), T0)).toStrictEqual([])
})

test('candidate topics: alike items of one category from three villages; an item alike only to one in its own village stays out', () => {
  const it = (id: string, villageId: string, title: string, townId = 't1', category = 'traffic') =>
    ({ _id: id, villageId, townId, category, title, content: '' }) as Parameters<typeof candidateTopics>[0][number]
  const lamp = '村口路灯坏了晚上看不见'
  const bins = '垃圾桶满了没有人清理'
  const topics = candidateTopics([
    it('a', 'v1', lamp + bins), it('b', 'v1', bins), it('c', 'v2', lamp), it('d', 'v3', lamp, 't2'),
    // A second group, of four villages.
    it('p', 'v1', '小区停车位不够用', 't1', 'safety'), it('q', 'v2', '小区停车位不够用', 't1', 'safety'), it('r', 'v3', '小区停车位不够用', 't2', 'safety'), it('s', 'v4', '小区停车位不够用', 't2', 'safety'),
    // Alike, but in other categories: no group.
    it('x', 'v5', lamp, 't1', 'health'), it('y', 'v6', lamp, 't1', 'education'),
  ])
  expect(topics).toStrictEqual([
    { category: 'safety', title: '小区停车位不够用', itemIds: ['s', 'r', 'q', 'p'], villageIds: ['v1', 'v2', 'v3', 'v4'], townIds: ['t1', 't2'] },
    { category: 'traffic', title: lamp, itemIds: ['d', 'c', 'a'], villageIds: ['v1', 'v2', 'v3'], townIds: ['t1', 't2'] },
  ])
})

test('candidate topics of equal reach are ordered by more items, then by title', () => {
  const it = (id: string, villageId: string, title: string, category: string) =>
    ({ _id: id, villageId, townId: 't1', category, title, content: '' }) as Parameters<typeof candidateTopics>[0][number]
  const topics = candidateTopics([
    it('a1', 'v1', '乙路灯不亮', 'traffic'), it('a2', 'v2', '乙路灯不亮', 'traffic'), it('a3', 'v3', '乙路灯不亮', 'traffic'),
    it('b1', 'v1', '丙垃圾满了', 'environment'), it('b2', 'v2', '丙垃圾满了', 'environment'), it('b3', 'v3', '丙垃圾满了', 'environment'),
    it('c1', 'v1', '甲停车难', 'safety'), it('c2', 'v2', '甲停车难', 'safety'), it('c3', 'v3', '甲停车难', 'safety'), it('c4', 'v3', '甲停车难', 'safety'),
  ])
  // 甲 has the most items; 丙 and 乙 tie, and 丙 comes first by its title's characters.
  expect(topics.map((t) => t.title)).toStrictEqual(['甲停车难', '丙垃圾满了', '乙路灯不亮'])
})

test('a topic from more villages comes before one with more items from fewer villages', () => {
  const it = (id: string, villageId: string, title: string, category: string) =>
    ({ _id: id, villageId, townId: 't1', category, title, content: '' }) as Parameters<typeof candidateTopics>[0][number]
  const topics = candidateTopics([
    ...['v1', 'v2', 'v3', 'v4'].map((v, i) => it(`w${i}`, v, '乙路灯不亮', 'traffic')),
    ...['v1', 'v1', 'v2', 'v2', 'v3', 'v3'].map((v, i) => it(`n${i}`, v, '甲垃圾满了', 'environment')),
  ])
  expect(topics.map((t) => [t.title, t.villageIds.length, t.itemIds.length])).toStrictEqual([['乙路灯不亮', 4, 4], ['甲垃圾满了', 3, 6]])
})

test('answering an activity\'s topics records which items were answered and which the loop refused', () => {
  const d = decideActivity('answerTopics', activity({ status: 'concluded' }), { id: 'a1', answers: [] }, staffT1, T0, {
    topicResults: [
      { suggestionId: 'i1', ok: true, status: 'replied', commands: ['reply'] },
      { suggestionId: 'i2', ok: false, code: 'BAD_TRANSITION', commands: [] },
      { suggestionId: 'i3', ok: true, status: 'replied', commands: ['reply'] },
    ],
  })
  if (isDomainError(d)) throw new Error(d.message)
  expect(d.event?.payload).toStrictEqual({ answered: ['i1', 'i3'], refused: ['i2'] })
})

test('invited: a member on the list; not a member elsewhere, not a citizen on it, nobody when there is no activity', () => {
  const a = activity({ invitedMemberIds: ['m1', 'c9'] })
  expect(isInvitedMember(actor('m1', ['citizen', 'member']), a)).toBe(true)
  expect(isInvitedMember(actor('m2', ['citizen', 'member']), a)).toBe(false)
  expect(isInvitedMember(actor('c9', ['citizen']), a)).toBe(false)
  expect(isInvitedMember(actor('m1', ['citizen', 'member']), null)).toBe(false)
})

test('candidate topics under other rules: two villages may be enough, and a stricter likeness keeps loose matches apart', () => {
  const it = (id: string, villageId: string, title: string) =>
    ({ _id: id, villageId, townId: 't1', category: 'traffic', title, content: '' }) as Parameters<typeof candidateTopics>[0][number]
  const two = [it('a', 'v1', '村口路灯不亮'), it('b', 'v2', '村口路灯不亮')]
  expect(candidateTopics(two)).toStrictEqual([])
  expect(candidateTopics(two, { minVillages: 2 })).toStrictEqual([{ category: 'traffic', title: '村口路灯不亮', itemIds: ['b', 'a'], villageIds: ['v1', 'v2'], townIds: ['t1'] }])
  // 村口路灯不亮 and 路灯坏了 share one gram of eight: 0.25 in all, under the default 0.35; linked when 0.2 is enough.
  const loose = [it('a', 'v1', '村口路灯不亮'), it('b', 'v2', '路灯坏了')]
  expect(candidateTopics(loose, { minVillages: 2 })).toStrictEqual([])
  expect(candidateTopics(loose, { minVillages: 2, minScore: 0.2 }).map((t) => t.itemIds)).toStrictEqual([['b', 'a']])
})
