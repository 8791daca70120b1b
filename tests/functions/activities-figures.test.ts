// The activity figures through the function equal a pure fold over the same documents; the year's paragraph reads as the
// office writes it; candidate topics group what says the same thing in three or more villages, and nothing else.
import { ADMIN, expectOk, fullScans, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'
import { activityFiguresOf } from '../../src/domain/activities/figures'

jest.setTimeout(120_000)
let h: Harness
let c: County
const evaluator = 'evaluator-f'
let village3: string
let village4: string
beforeAll(async () => {
  // CloudBase answers an aggregation with 20 rows unless it states its limit; here one, so a forgotten limit drops rows.
  h = await startHarness({}, { aggregateDefaultLimit: 1 })
  c = await setupCounty(h)
  expectOk(await h.act('org', evaluator, 'updateProfile', { name: '评价人' }))
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: expectOk(await h.call('org', evaluator, 'me', {})).id, roles: ['evaluator'] }))
  village3 = expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId: c.otherTownId, name: '海塘村', order: 2 })).id
  village4 = expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId: c.otherTownId, name: '天妃村', order: 3 })).id
})
afterAll(async () => { await h?.stop() })

const base = (townId: string, villageId: string, kind: string) => ({
  kind, topic: `${kind} 协商`, description: '协商说明', startAt: inDays(1), endAt: inDays(1.1), townId, villageId, venue: '文化礼堂',
  organiser: { kind: 'office' }, invitedMemberIds: [], invitedDepartmentIds: [], registration: { open: true, cap: null },
})

async function run(townId: string, villageId: string, kind: string, opts: { citizens: string[]; members: string[]; walkIns: number; agreed?: boolean; raise?: boolean; score?: number }) {
  const { id } = expectOk(await h.act('activities', c.staff, 'create', base(townId, villageId, kind)))
  expectOk(await h.act('activities', c.staff, 'publish', { id }))
  expectOk(await h.act('activities', c.staff, 'openSignIn', { id }))
  for (const o of [...opts.citizens, ...opts.members]) expectOk(await h.act('activities', o, 'signIn', { id }))
  if (opts.walkIns) expectOk(await h.act('activities', c.staff, 'addWalkIns', { id, group: 'departments', count: opts.walkIns }))
  let raisedId: string | null = null
  if (opts.raise) raisedId = expectOk(await h.act('activities', opts.citizens[0], 'raise', { id, title: '建议增加公交班次', content: '早晚高峰班次太少', category: 'traffic' })).suggestionId
  const concluded = expectOk(await h.act('activities', c.staff, 'conclude', {
    id, minutes: '纪要', photos: [],
    agreedItems: opts.agreed ? [{ title: '修复村道', category: 'safety', target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(30) }] : [],
  }))
  if (opts.score) {
    const scores = ['topic', 'participation', 'deliberation', 'conversion', 'satisfaction'].map((criterionId) => ({ criterionId, score: opts.score! }))
    expectOk(await h.act('activities', evaluator, 'evaluate', { id, scores }))
  }
  return { id, agreedIds: concluded.agreedItemIds as string[], raisedId }
}

test('the figures equal a pure fold over the same documents, and the paragraph is the office’s sentence', async () => {
  // Everyday suggestions in the loop too: they count in the paragraph's 提出 / 采纳, not in "raised at activities".
  const everyday = expectOk(await h.act('suggestions', c.citizen, 'submit', { category: 'other', townId: c.townId, villageId: c.villageId, title: '日常建议', content: '日常内容', images: [], anonymous: false })).id
  expect(everyday).toBeTruthy()
  const a1 = await run(c.townId, c.villageId, 'six', { citizens: [c.citizen, c.citizen2], members: [c.member], walkIns: 2, agreed: true, raise: true, score: 5 })
  await run(c.townId, c.village2Id, 'x', { citizens: [c.citizen], members: [], walkIns: 10, score: 3 })
  await run(c.otherTownId, c.otherVillageId, 'forum', { citizens: [c.citizen2], members: [c.member2, c.groupMember], walkIns: 0, agreed: true })
  await run(c.otherTownId, village3, 'forum', { citizens: [], members: [c.member], walkIns: 5 })
  // A cancelled and a merely published activity do not count.
  const { id: cancelled } = expectOk(await h.act('activities', c.staff, 'create', base(c.townId, c.villageId, 'x')))
  expectOk(await h.act('activities', c.staff, 'cancel', { id: cancelled, reason: '天气原因' }))
  const { id: upcoming } = expectOk(await h.act('activities', c.staff, 'create', base(c.townId, c.villageId, 'x')))
  expectOk(await h.act('activities', c.staff, 'publish', { id: upcoming }))

  // The agreed item of the first activity is answered in time and adopted; the raised one accepted and adopted too.
  const agreed = a1.agreedIds[0]
  expectOk(await h.act('suggestions', c.member, 'claim', { id: agreed }))
  expectOk(await h.act('suggestions', c.member, 'reply', { id: agreed, text: '村道已修复', outcome: 'adopted' }))
  expectOk(await h.act('suggestions', c.staff, 'accept', { id: a1.raisedId! }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id: a1.raisedId!, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(20) }))
  expectOk(await h.act('suggestions', c.member, 'claim', { id: a1.raisedId! }))
  expectOk(await h.act('suggestions', c.member, 'reply', { id: a1.raisedId!, text: '已增加班次', outcome: 'partlyAdopted' }))

  const f = expectOk(await h.call('activities', c.staff, 'figures', {}))
  // Written down: 4 held activities — “6” 1, “X” 1, 民生议事堂 2; participants 3+2, 1+10, 3+0, 1+5 = 25.
  expect(f.activities).toBe(4)
  expect(f.byKind.filter((k: { count: number }) => k.count > 0).map((k: { name: string; count: number }) => [k.name, k.count])).toEqual([['“6”', 1], ['“X”', 1], ['民生议事堂', 2]])
  expect(f.participantTimes).toEqual({ members: 4, citizens: 4, departments: 17, total: 25 })
  expect(f.raised).toBe(1)
  expect(f.raisedAdopted).toBe(1)
  expect(f.agreedItems).toMatchObject({ total: 2, answered: 1, onTime: 1, overdue: 0 })
  expect(f.evaluation.overall).toBe(4)
  // Scores per kind and per town: “6” scored 5 on every criterion, “X” 3; both in the first town, whose average is 4.
  // 民生议事堂 was held twice in the other town and never scored: listed, with no average (the screen shows —).
  const CRITERIA = ['topic', 'participation', 'deliberation', 'conversion', 'satisfaction']
  type Agg = { name?: string; townName?: string; average: number | null; n: number; byCriterion: { criterionId: string; average: number | null; n: number }[] }
  expect(f.evaluation.byKind.map((k: Agg) => [k.name, k.average, k.n])).toEqual([['“6”', 5, 5], ['“X”', 3, 5], ['民生议事堂', null, 0]])
  expect(f.evaluation.byKind[0].byCriterion).toEqual(CRITERIA.map((criterionId) => ({ criterionId, average: 5, n: 1 })))
  expect(f.evaluation.byKind[1].byCriterion).toEqual(CRITERIA.map((criterionId) => ({ criterionId, average: 3, n: 1 })))
  expect(f.evaluation.byKind[2].byCriterion).toEqual(CRITERIA.map((criterionId) => ({ criterionId, average: null, n: 0 })))
  expect(f.evaluation.byTown.map((t: Agg) => [t.townName, t.average, t.n])).toEqual([['当湖街道', 4, 10], ['乍浦镇', null, 0]])
  expect(f.evaluation.byTown[0].byCriterion).toEqual(CRITERIA.map((criterionId) => ({ criterionId, average: 4, n: 2 })))
  expect(f.evaluation.byTown[1].byCriterion).toEqual(CRITERIA.map((criterionId) => ({ criterionId, average: null, n: 0 })))
  expect(expectOk(await h.call('activities', c.staff, 'detail', { id: a1.id })).evaluation.overall).toBe(5)
  // Suggestions in the loop: the everyday one, the raised one, two agreed items.
  expect(f.suggestions).toEqual({ total: 4, adopted: 2 })
  expect(f.paragraph).toBe('共开展‘请你来协商’活动4场，其中“6”1场、“X”1场、民生议事堂2场，共参加人数25人次，提出意见建议4条，采纳意见建议2条。')

  const town = expectOk(await h.call('activities', c.staff, 'figures', { townId: c.otherTownId }))
  expect(town.activities).toBe(2)
  expect(town.participantTimes.total).toBe(9)
  // Staff of the other town read their town only.
  const scoped = expectOk(await h.call('activities', c.townStaff, 'figures', {}))
  expect(scoped.activities).toBe(2)
  expect(await h.call('activities', c.townStaff, 'figures', { townId: c.townId })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // An evaluator reads the figures too.
  expect(expectOk(await h.call('activities', evaluator, 'figures', {})).activities).toBe(4)
  const empty = expectOk(await h.call('activities', c.staff, 'figures', { from: inDays(300), to: inDays(400) }))
  expect(empty.activities).toBe(0)
  // Open-ended periods: the activities start tomorrow, the suggestions were made today.
  const since = async (input: Record<string, string>) => {
    const g = expectOk(await h.call('activities', c.staff, 'figures', input))
    return [g.activities, g.suggestions.total]
  }
  expect(await since({ from: inDays(0.5) })).toEqual([4, 0])
  expect(await since({ from: inDays(2) })).toEqual([0, 0])
  expect(await since({ to: inDays(0.5) })).toEqual([0, 4])
  expect(await since({ to: inDays(2) })).toEqual([4, 4])

  expect((await fullScans(h)).recentFullScans).toEqual([])

  // The same figures folded from the documents themselves.
  const database = sdkDatabase(h)
  const all = async (name: string) => (await database.collection(name).limit(1000).get()).data
  const [activities, items, evaluations] = await Promise.all([all('activities'), all('suggestions'), all('evaluations')])
  const lists = expectOk(await h.call('activities', c.staff, 'lists', {}))
  const towns = expectOk(await h.call('org', c.staff, 'towns', {})).towns.map((t: { id: string; name: string }) => ({ id: t.id, name: t.name }))
  const { paragraph, ...server } = f
  expect(server).toEqual(activityFiguresOf({ activities, items, evaluations }, { ...lists, towns }, new Date().toISOString()))
  expect(paragraph).toContain('共参加人数25人次')
})

test('candidate topics group open items that say the same thing in three or more villages, and nothing else', async () => {
  const submit = async (villageId: string, townId: string, title: string, content: string, category = 'safety') =>
    expectOk(await h.act('suggestions', c.citizen2, 'submit', { category, townId, villageId, title, content, images: [], anonymous: false })).id
  const lamp1 = await submit(c.villageId, c.townId, '村口路灯不亮', '村口到公交站的路灯坏了很久，晚上出行不安全')
  const lamp2 = await submit(c.otherVillageId, c.otherTownId, '村口路灯坏了不亮', '村口路灯损坏，晚上出行不安全，请修复')
  const lamp3 = await submit(village3, c.otherTownId, '路灯不亮晚上出行不安全', '村里路灯不亮，晚上出行很不安全')
  // Same words, another category: not the same topic.
  await submit(village4, c.otherTownId, '村口路灯不亮', '村口路灯不亮影响出行', 'traffic')
  // The same thing in only two villages: not a topic.
  await submit(c.villageId, c.townId, '河道漂浮垃圾清理', '河道漂浮垃圾多，夏天有异味', 'environment')
  await submit(c.village2Id, c.townId, '河道漂浮垃圾', '河道里漂浮垃圾需要清理', 'environment')
  // Something else entirely.
  await submit(village4, c.otherTownId, '学校门口接送秩序', '放学时家长车辆堵塞道路')

  const { topics } = expectOk(await h.call('activities', c.staff, 'candidates', {}))
  expect(topics).toHaveLength(1)
  expect(topics[0].category).toBe('safety')
  expect([...topics[0].itemIds].sort()).toEqual([lamp1, lamp2, lamp3].sort())
  expect(topics[0].villageIds).toHaveLength(3)
  expect(topics[0].items.map((i: { villageName: string }) => i.villageName).sort()).toEqual(['东湖社区', '海塘村', '雅山村'].sort())

  // An activity made from the candidate takes the items up as its topics.
  const { id } = expectOk(await h.act('activities', c.staff, 'create', { ...base(c.townId, c.villageId, 'forum'), topic: '路灯问题协商', topicSuggestionIds: topics[0].itemIds }))
  const d = expectOk(await h.call('activities', c.staff, 'detail', { id }))
  expect(d.topics.map((t: { id: string }) => t.id).sort()).toEqual([lamp1, lamp2, lamp3].sort())
  // Staff of one town see candidates from their town only: one village is not a topic.
  expect(expectOk(await h.call('activities', c.townStaff, 'candidates', {})).topics).toEqual([])
  expect(expectOk(await h.call('activities', c.staff, 'candidates', { townId: c.otherTownId })).topics).toEqual([])
  // Each item by title and place; accepted and not yet handed off, an item is still open to be taken up.
  expect(topics[0].items.map((i: { id: string; title: string; villageName: string; townName: string }) => [i.id, i.title, i.villageName, i.townName]).sort()).toEqual([
    [lamp1, '村口路灯不亮', '东湖社区', '当湖街道'], [lamp2, '村口路灯坏了不亮', '雅山村', '乍浦镇'], [lamp3, '路灯不亮晚上出行不安全', '海塘村', '乍浦镇'],
  ].sort())
  expectOk(await h.act('suggestions', c.staff, 'accept', { id: lamp1 }))
  expect([...expectOk(await h.call('activities', c.staff, 'candidates', {})).topics[0].itemIds].sort()).toEqual([lamp1, lamp2, lamp3].sort())
})
