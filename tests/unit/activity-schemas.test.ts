// What the activities screens may send (src/domain/activities/schemas.ts): a good request passes with its defaults, and
// each bad one names the field and says in Chinese what is wrong.
import { parseInput } from '../../src/domain/schemas'
import { activitiesSchemas as a } from '../../src/domain/activities/schemas'

const refusal = (schema: Parameters<typeof parseInput>[0], input: unknown) => {
  const r = parseInput(schema, input)
  return r.ok ? 'accepted' : [r.field, r.message]
}
const create = {
  kind: 'forum', topic: '停车难', description: '医院门口停车难', startAt: '2026-03-05T01:00:00.000Z', endAt: '2026-03-05T03:00:00.000Z',
  venue: '礼堂', organiser: { kind: 'town', id: 't1' }, invitedMemberIds: ['m1'], invitedDepartmentIds: [], registration: { open: true, cap: 30 }, townId: 't1',
}

test('creating an activity: topic, venue and the registration cap within their limits', () => {
  expect(refusal(a.create, create)).toBe('accepted')
  expect(refusal(a.create, { ...create, registration: { open: false, cap: null } })).toBe('accepted')
  expect(refusal(a.create, { ...create, topic: '题'.repeat(51) })).toStrictEqual(['topic', '活动主题不能超过50字'])
  expect(refusal(a.create, { ...create, venue: '地'.repeat(51) })).toStrictEqual(['venue', '活动地点不能超过50字'])
  expect(refusal(a.create, { ...create, registration: { open: true, cap: 0 } })).toStrictEqual(['registration.cap', '报名上限不正确'])
  expect(refusal(a.create, { ...create, registration: { open: true, cap: 10001 } })).toStrictEqual(['registration.cap', '报名上限不正确'])
  expect(refusal(a.create, { ...create, registration: { open: 'yes', cap: 3 } })).toStrictEqual(['registration.open', '报名必须是是或否'])
  expect(refusal(a.create, { ...create, organiser: { kind: 'club' } })).toStrictEqual(['organiser.kind', '请选择组织单位'])
  expect(refusal(a.create, { ...create, invitedDepartmentIds: Array.from({ length: 51 }, (_, i) => `d${i}`) })).toStrictEqual(['invitedDepartmentIds', '邀请部门不能超过50字'])
})

test('walk-ins: a group, a count from 0 to 1,000, at most 100 names', () => {
  expect(refusal(a.addWalkIns, { id: 'a1', group: 'citizens', count: 1000 })).toBe('accepted')
  expect(refusal(a.addWalkIns, { id: 'a1', group: 'visitors', count: 3 })).toStrictEqual(['group', '请选择人员类别'])
  expect(refusal(a.addWalkIns, { id: 'a1', group: 'citizens', count: -1 })).toStrictEqual(['count', '人数不正确'])
  expect(refusal(a.addWalkIns, { id: 'a1', group: 'citizens', count: 1001 })).toStrictEqual(['count', '人数不正确'])
  expect(refusal(a.addWalkIns, { id: 'a1', group: 'citizens', names: Array.from({ length: 101 }, () => '张三') })).toStrictEqual(['names', '姓名不能超过100字'])
})

test('concluding: minutes required, photos and promises default to none, at most 30 promises', () => {
  const r = parseInput(a.conclude, { id: 'a1', minutes: '议定三件事' })
  expect(r.ok && r.value).toStrictEqual({ id: 'a1', minutes: '议定三件事', photos: [], agreedItems: [] })
  const promise = { title: '增设停车位', category: 'traffic', target: { kind: 'department', departmentId: 'd1' }, deadline: '2026-04-01T00:00:00.000Z' }
  expect(refusal(a.conclude, { id: 'a1', minutes: '纪要', agreedItems: Array.from({ length: 30 }, () => promise) })).toBe('accepted')
  expect(refusal(a.conclude, { id: 'a1', minutes: '纪要', agreedItems: Array.from({ length: 31 }, () => promise) })).toStrictEqual(['agreedItems', '现场拍板事项不能超过30字'])
})

test('scores are whole numbers from 1 to 5, and at least one is given', () => {
  expect(refusal(a.evaluate, { id: 'a1', scores: [{ criterionId: 'topic', score: 5 }] })).toBe('accepted')
  expect(refusal(a.evaluate, { id: 'a1', scores: [{ criterionId: 'topic', score: 0 }] })).toStrictEqual(['scores.0.score', '分数不正确'])
  expect(refusal(a.evaluate, { id: 'a1', scores: [{ criterionId: 'topic', score: 6 }] })).toStrictEqual(['scores.0.score', '分数不正确'])
  expect(refusal(a.evaluate, { id: 'a1', scores: [{ criterionId: 'topic', score: 4.5 }] })).toStrictEqual(['scores.0.score', '分数不正确'])
  expect(refusal(a.evaluate, { id: 'a1', scores: [] })).toStrictEqual(['scores', '请填写评分'])
})

test('answers, satisfaction, lists and the activity list', () => {
  expect(refusal(a.answerTopics, { id: 'a1', answers: [] })).toStrictEqual(['answers', '请填写议题'])
  expect(refusal(a.answerTopics, { id: 'a1', answers: [{ suggestionId: 'i1', text: '答复', outcome: 'maybe' }] })).toStrictEqual(['answers.0.outcome', expect.stringMatching(/^请选择/)])
  expect(refusal(a.answerSatisfaction, { id: 'a1', value: 'happy' })).toStrictEqual(['value', expect.stringMatching(/^请选择/)])
  expect(refusal(a.upsertListEntry, { list: 'towns', name: '名称' })).toStrictEqual(['list', '请选择列表'])
  expect(refusal(a.list, { family: 'live' })).toBe('accepted')
  expect(refusal(a.list, { family: 'tomorrow' })).toStrictEqual(['family', expect.stringMatching(/不正确$/)])
  expect(refusal(a.linkTopics, { id: 'a1', suggestionIds: [] })).toStrictEqual(['suggestionIds', '请填写议题'])
  expect(refusal(a.raise, { id: 'a1', title: '路灯', content: '不亮', category: 'safety', onBehalfOf: { name: '张三', phone: '138' } })).toStrictEqual(['onBehalfOf.phone', expect.stringMatching(/格式不正确$/)])
})

test('the other limits: 200 invited members, 50 topics, 20 scores, 50 answers; an edit may change any one field alone', () => {
  const many = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`)
  expect(refusal(a.create, { ...create, invitedMemberIds: many(200, 'm') })).toBe('accepted')
  expect(refusal(a.create, { ...create, invitedMemberIds: many(201, 'm') })).toStrictEqual(['invitedMemberIds', expect.stringMatching(/200/)])
  expect(refusal(a.create, { ...create, topicSuggestionIds: many(51, 's') })).toStrictEqual(['topicSuggestionIds', '议题不能超过50字'])
  expect(refusal(a.linkTopics, { id: 'a1', suggestionIds: many(50, 's') })).toBe('accepted')
  expect(refusal(a.evaluate, { id: 'a1', scores: many(21, 'c').map((criterionId) => ({ criterionId, score: 3 })) })).toStrictEqual(['scores', expect.any(String)])
  expect(refusal(a.evaluate, { id: 'a1', scores: many(20, 'c').map((criterionId) => ({ criterionId, score: 3 })) })).toBe('accepted')
  expect(refusal(a.answerTopics, { id: 'a1', answers: many(51, 's').map((suggestionId) => ({ suggestionId, text: '答复', outcome: 'adopted' })) })).toStrictEqual(['answers', '议题不能超过50字'])
  expect(parseInput(a.update, { id: 'a1', venue: ' 礼堂 ' })).toStrictEqual({ ok: true, value: { id: 'a1', venue: '礼堂' } })
  expect(refusal(a.update, { id: 'a1', townId: 't2' })).toStrictEqual(['townId', expect.any(String)])
  expect(parseInput(a.mine, undefined)).toStrictEqual({ ok: true, value: {} })
  expect(parseInput(a.figures, { from: '2026-01-01T00:00:00Z', townId: 't1' })).toStrictEqual({ ok: true, value: { from: '2026-01-01T00:00:00Z', townId: 't1' } })
  expect(refusal(a.figures, { to: 'soon' })).toStrictEqual(['to', expect.any(String)])
  expect(refusal(a.cancel, { id: 'a1' })).toStrictEqual(['reason', expect.any(String)])
})
