// Who hears about an activity: invited members on publication, on a change that matters to them, on cancellation;
// everyone expected once, within a day before the start.
import { invitedNotices, reminderDue, reminderNotices } from '../../src/domain/activities/notices'
import type { Activity } from '../../src/domain/activities/types'

const NOW = '2026-12-01T02:00:00.000Z'
const base: Activity = {
  _id: 'a1', kind: 'forum', topic: '老年食堂协商', description: '说明', startAt: '2026-12-02T01:00:00.000Z', endAt: '2026-12-02T03:00:00.000Z',
  townId: 't1', venue: '议事厅', organiser: { kind: 'office' }, invitedMemberIds: ['m1'], invitedDepartmentIds: [], registration: { open: true, cap: null },
  registeredCount: 0, status: 'published', createdById: 's1', createdAt: NOW, updatedAt: NOW, topicSuggestionIds: [],
  walkIns: { members: 0, citizens: 0, departments: 0, names: [] }, agreedItems: [], raisedCount: 0,
  satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, version: 2,
}
const told = (rows: ReturnType<typeof invitedNotices>) => rows.map((r) => [r.to, r.templateKey, r.data.note])

test('publishing invites each invited member; a draft edited tells no one', () => {
  expect(told(invitedNotices('publish', { ...base, status: 'draft' }, base, NOW))).toStrictEqual([['m1', 'activityInvited', '诚邀您参加，请准时出席']])
  const draft = { ...base, status: 'draft' as const }
  expect(invitedNotices('update', draft, { ...draft, startAt: '2026-12-03T01:00:00.000Z' }, NOW)).toStrictEqual([])
})

test('a published activity changed: time or place tells the invited, a new member is invited, the description alone tells no one', () => {
  expect(told(invitedNotices('update', base, { ...base, venue: '礼堂' }, NOW))).toStrictEqual([['m1', 'activityInvited', '活动信息有变更，请查看']])
  expect(told(invitedNotices('update', base, { ...base, invitedMemberIds: ['m1', 'm2'] }, NOW))).toStrictEqual([['m2', 'activityInvited', '诚邀您参加，请准时出席']])
  expect(invitedNotices('update', base, { ...base, description: '新的说明' }, NOW)).toStrictEqual([])
  expect(told(invitedNotices('cancel', base, { ...base, status: 'cancelled' }, NOW))).toStrictEqual([['m1', 'activityInvited', '活动已取消']])
})

test('the reminder: due within 24 hours before the start of a published activity, to registrants and the invited once each', () => {
  expect(reminderDue(base, NOW)).toBe(true)
  expect(reminderDue(base, '2026-12-01T00:59:00.000Z')).toBe(false)
  expect(reminderDue(base, '2026-12-02T01:00:00.000Z')).toBe(false)
  expect(reminderDue({ ...base, status: 'held' }, NOW)).toBe(false)
  expect(reminderNotices(base, ['c1', 'm1'], NOW).map((r) => [r.to, r.templateKey, r.data.title, r.data.place])).toStrictEqual([
    ['m1', 'activityReminder', '老年食堂协商', '议事厅'], ['c1', 'activityReminder', '老年食堂协商', '议事厅'],
  ])
})

test('each row written out: a subscribe message to the person, pending, with the topic, start, venue and note', () => {
  expect(invitedNotices('publish', { ...base, status: 'draft' }, { ...base, invitedMemberIds: ['m1', 'm2', 'm1'] }, NOW)).toStrictEqual([
    { kind: 'subscribe', to: 'm1', templateKey: 'activityInvited', data: { title: '老年食堂协商', time: '2026-12-02T01:00:00.000Z', place: '议事厅', note: '诚邀您参加，请准时出席' }, status: 'pending', attempts: 0, createdAt: NOW },
    { kind: 'subscribe', to: 'm2', templateKey: 'activityInvited', data: { title: '老年食堂协商', time: '2026-12-02T01:00:00.000Z', place: '议事厅', note: '诚邀您参加，请准时出席' }, status: 'pending', attempts: 0, createdAt: NOW },
  ])
  expect(reminderNotices(base, [], NOW)).toStrictEqual([
    { kind: 'subscribe', to: 'm1', templateKey: 'activityReminder', data: { title: '老年食堂协商', time: '2026-12-02T01:00:00.000Z', place: '议事厅', note: '' }, status: 'pending', attempts: 0, createdAt: NOW },
  ])
})

test('each change that matters tells the invited: topic, start, end, venue, village; nothing without an activity before', () => {
  for (const change of [{ topic: '新主题' }, { startAt: '2026-12-03T01:00:00.000Z' }, { endAt: '2026-12-02T04:00:00.000Z' }, { venue: '礼堂' }, { villageId: 'v2' }]) {
    expect([change, told(invitedNotices('update', base, { ...base, ...change }, NOW))]).toStrictEqual([change, [['m1', 'activityInvited', '活动信息有变更，请查看']]])
  }
  expect(invitedNotices('publish', null, base, NOW)).toStrictEqual([])
  // Other steps of a published activity tell no one here.
  expect(invitedNotices('linkTopics', base, { ...base, venue: '礼堂' }, NOW)).toStrictEqual([])
})

test('the reminder is due exactly 24 hours before the start, not a moment earlier', () => {
  expect(reminderDue(base, '2026-12-01T01:00:00.000Z')).toBe(true)
  expect(reminderDue(base, '2026-12-01T00:59:59.999Z')).toBe(false)
  expect(reminderDue(base, '2026-12-02T00:59:59.999Z')).toBe(true)
})
