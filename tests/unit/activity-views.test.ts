// What a list shows of an activity and of the items that came out of it (src/domain/activities/views.ts).
import { toActivityCard, toActivityItem } from '../../src/domain/activities/views'
import type { Activity } from '../../src/domain/activities/types'
import type { Directory } from '../../src/domain/views'
import type { Suggestion } from '../../src/domain/types'
import { item } from './fixtures'

const dir: Directory = {
  person: () => undefined,
  townName: (id) => ({ t1: '当湖街道' })[id] ?? '未知镇街道',
  villageName: (id) => ({ v1: '东湖社区' })[id] ?? '未知村社区',
  sectorGroupName: () => undefined,
  departmentName: () => undefined,
}
const kinds = [{ id: 'forum', name: '民生议事堂', order: 1 }]
const activity = {
  _id: 'a1', kind: 'forum', topic: '停车难', description: '说明', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z',
  townId: 't1', venue: '礼堂', organiser: { kind: 'office' }, invitedMemberIds: [], invitedDepartmentIds: [], registration: { open: true, cap: 30 },
  registeredCount: 12, status: 'concluded', createdById: 's1', createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z',
  topicSuggestionIds: [], signedIn: { members: 3, citizens: 10, departments: 2 }, walkIns: { members: 1, citizens: 4, departments: 0, names: [] },
  agreedItems: [], raisedCount: 0, satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, scores: {}, evaluationCount: 0, version: 1,
} as Activity

test('an activity card: kind and town by name, people counted as sign-ins plus walk-ins, the village only when there is one', () => {
  expect(toActivityCard(activity, dir, kinds)).toStrictEqual({
    id: 'a1', kind: 'forum', kindName: '民生议事堂', topic: '停车难', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z',
    townId: 't1', townName: '当湖街道', venue: '礼堂', status: 'concluded', participantTimes: 20, registeredCount: 12, cap: 30,
  })
  const inVillage = toActivityCard({ ...activity, villageId: 'v1' }, dir, kinds)
  expect(inVillage.villageName).toBe('东湖社区')
  // While signing in is open the live count is shown; a kind no longer in the list shows its id.
  expect(toActivityCard({ ...activity, kind: 'gone' }, dir, kinds, { total: 7 })).toMatchObject({ kindName: 'gone', participantTimes: 7 })
})

test('an item from an activity: overdue past its deadline while open, its outcome once answered, its deadline once handed off', () => {
  const handOff = { target: { kind: 'member', memberId: 'm1' }, at: '2026-03-05T04:00:00.000Z', deadline: '2026-03-12T00:00:00.000Z', byId: 's1', rung: 'member' } as Suggestion['handOff']
  const open = item({ _id: 'i1', title: '增设停车位', status: 'claimed', handOff })
  expect(toActivityItem(open, dir, '2026-03-13T00:00:00.000Z')).toStrictEqual({ id: 'i1', title: '增设停车位', status: 'claimed', overdue: true, villageName: '东湖社区', deadline: '2026-03-12T00:00:00.000Z' })
  expect(toActivityItem(open, dir, '2026-03-11T00:00:00.000Z').overdue).toBe(false)
  const answered = item({ _id: 'i2', title: '增设停车位', status: 'replied', handOff, reply: { text: '已增设', outcome: 'adopted', at: '2026-03-10T00:00:00.000Z', byId: 'm1' } })
  expect(toActivityItem(answered, dir, '2026-03-13T00:00:00.000Z')).toStrictEqual({ id: 'i2', title: '增设停车位', status: 'replied', overdue: false, villageName: '东湖社区', deadline: '2026-03-12T00:00:00.000Z', outcome: 'adopted' })
  expect(toActivityItem({ ...answered, status: 'closed' }, dir, '2026-03-13T00:00:00.000Z').outcome).toBe('adopted')
  // Reopened: the old reply is no outcome.
  expect(toActivityItem({ ...answered, status: 'claimed' }, dir, '2026-03-11T00:00:00.000Z').outcome).toBeUndefined()
  expect(toActivityItem(item({ _id: 'i3', status: 'submitted' }), dir, '2026-03-11T00:00:00.000Z')).toStrictEqual({ id: 'i3', title: '孝心停车位', status: 'submitted', overdue: false, villageName: '东湖社区' })
})
