// 请你来协商 through the gateway → the `activities` function → SDK → local CloudBase: an activity's life and its events,
// sign-in once per person, who is refused what, agreed items as handed-off items, raised suggestions, and the evaluation.
import { ADMIN, expectOk, fullScans, inDays, rid, setupCounty, startHarness, type County, type Harness, heldActivityIn } from './harness'
import { readScenePng } from '../../emulator/wechat/wxacode'

jest.setTimeout(90_000)
let h: Harness
let c: County
const evaluator = 'evaluator-a'
const handler = 'dept-handler-a'
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  for (const o of [evaluator, handler]) expectOk(await h.act('org', o, 'updateProfile', { name: `${o}-姓名` }))
  const me = async (o: string) => expectOk(await h.call('org', o, 'me', {})).id
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: await me(evaluator), roles: ['citizen', 'evaluator'] }))
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: await me(handler), roles: ['citizen', 'departmentHandler'], departmentIds: [c.departmentId] }))
})
afterAll(async () => { await h?.stop() })

const newActivity = (extra: Record<string, unknown> = {}) => ({
  kind: 'forum', topic: '老旧小区停车难怎么破', description: '邀请住建、交警和居民代表面对面协商老旧小区停车问题。',
  startAt: inDays(1), endAt: inDays(1.1), townId: c.townId, villageId: c.villageId, venue: '东湖社区文化家园',
  organiser: { kind: 'town', id: c.townId }, invitedMemberIds: [c.ids.member], invitedDepartmentIds: [c.departmentId],
  registration: { open: true, cap: null }, ...extra,
})

const heldActivity = (extra: Record<string, unknown> = {}): Promise<string> => heldActivityIn(h, c.staff, newActivity(extra))

const events = async (id: string) => expectOk(await h.call('activities', c.staff, 'detail', { id })).timeline

test('an activity goes draft → published → held → concluded → evaluated, each step one event on its timeline', async () => {
  const { id, status } = expectOk(await h.act('activities', c.staff, 'create', newActivity()))
  expect(status).toBe('draft')
  expect(expectOk(await h.act('activities', c.staff, 'publish', { id })).status).toBe('published')
  expectOk(await h.act('activities', c.member, 'register', { id }))
  expect(expectOk(await h.act('activities', c.staff, 'openSignIn', { id })).status).toBe('held')
  expectOk(await h.act('activities', c.citizen, 'signIn', { id }))
  expectOk(await h.act('activities', c.member, 'signIn', { id }))
  expectOk(await h.act('activities', c.staff, 'addWalkIns', { id, group: 'citizens', count: 3, names: ['王阿婆'] }))
  expect(expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '与会各方就停车位挖潜达成共识。', photos: [] })).status).toBe('concluded')
  expectOk(await h.act('activities', c.citizen, 'answerSatisfaction', { id, value: 'satisfied' }))
  const scores = ['topic', 'participation', 'deliberation', 'conversion', 'satisfaction'].map((criterionId, i) => ({ criterionId, score: 5 - (i % 2), note: '' }))
  expect(expectOk(await h.act('activities', evaluator, 'evaluate', { id, scores })).status).toBe('evaluated')

  const d = expectOk(await h.call('activities', c.staff, 'detail', { id }))
  expect(d.timeline.map((e: { command: string; from: string | null; to: string }) => [e.command, e.from, e.to])).toEqual([
    ['create', null, 'draft'], ['publish', 'draft', 'published'], ['openSignIn', 'published', 'held'],
    ['addWalkIns', 'held', 'held'], ['conclude', 'held', 'concluded'], ['evaluate', 'concluded', 'evaluated'],
  ])
  // Participant-times: two sign-ins (a citizen, a member) plus four walk-ins (3 counted + 1 by name).
  expect(d.participants).toEqual({ members: 1, citizens: 5, departments: 0, total: 6 })
  expect(d.walkIns.names).toEqual([{ name: '王阿婆', group: 'citizens' }])
  expect(d.registeredCount).toBe(1)
  expect(d.satisfaction).toEqual({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 0 })
  expect(d.evaluation.count).toBe(1)
  expect(d.evaluation.byCriterion.map((x: { average: number }) => x.average)).toEqual([5, 4, 5, 4, 5])
  // A citizen sees the counts but not the walk-ins' names.
  const asCitizen = expectOk(await h.call('activities', c.citizen, 'detail', { id }))
  expect(asCitizen.walkIns.names).toBeUndefined()
  expect(asCitizen.signedIn).toBe(true)
  expect(asCitizen.satisfactionAnswered).toBe(true)
})

test('signing in is once per person: a second scan answers 已签到, and people scanning at once are each stored exactly once', async () => {
  const id = await heldActivity()
  const first = expectOk(await h.act('activities', c.citizen, 'signIn', { id }))
  expect(first).toEqual({ id, already: false, group: 'citizens' })
  const second = expectOk(await h.act('activities', c.citizen, 'signIn', { id }))
  expect(second).toEqual({ id, already: true, group: 'citizens' })
  expect(expectOk(await h.call('activities', c.citizen, 'signInState', { id }))).toMatchObject({ signedIn: true, total: 1 })
  // 40 people, each scanning twice, all at once; one of them five times more.
  const people = Array.from({ length: 40 }, (_, i) => `crowd-${i}`)
  const scans = [...people, ...people, ...Array(5).fill('crowd-7')]
  const answers = await Promise.all(scans.map((o) => h.act('activities', o, 'signIn', { id })))
  expect(answers.every((a) => a.ok)).toBe(true)
  expect(answers.filter((a) => a.ok && !a.data.already)).toHaveLength(40)
  const d = expectOk(await h.call('activities', c.staff, 'detail', { id }))
  expect(d.signIns).toEqual({ members: 0, citizens: 41, departments: 0 })
  const counts = await h.counts()
  expect(counts.signIns).toBeGreaterThanOrEqual(41)
})

test('a retried sign-in request answers as the first time did; someone scanning before ever using the app signs in as a citizen and is stored by their first suggestion', async () => {
  const id = await heldActivity()
  const users = (await h.counts()).users
  const requestId = rid()
  const first = expectOk(await h.call('activities', 'first-time-scanner', 'signIn', { id }, requestId))
  expect(first).toEqual({ id, already: false, group: 'citizens' })
  expect(expectOk(await h.call('activities', 'first-time-scanner', 'signIn', { id }, requestId))).toEqual({ id, already: false, group: 'citizens' })
  expect(expectOk(await h.act('activities', 'first-time-scanner', 'signIn', { id }))).toEqual({ id, already: true, group: 'citizens' })
  // The scan stores the sign-in only; the sign-in page knows them, and their first suggestion there stores them.
  expect((await h.counts()).users).toBe(users)
  expect(expectOk(await h.call('activities', 'first-time-scanner', 'signInState', { id }))).toMatchObject({ signedIn: true, total: 1 })
  expectOk(await h.act('activities', 'first-time-scanner', 'raise', { id, title: '文化家园开放时间', content: '建议文化家园周末延长开放时间。', category: 'publicService' }))
  expect((await h.counts()).users).toBe(users + 1)
  // Walk-ins count in the live total the sign-in page shows.
  expectOk(await h.act('activities', c.staff, 'addWalkIns', { id, group: 'citizens', count: 5 }))
  expect(expectOk(await h.act('activities', c.citizen, 'signIn', { id }))).toEqual({ id, already: false, group: 'citizens' })
  expect(expectOk(await h.call('activities', c.citizen, 'signInState', { id }))).toMatchObject({ signedIn: true, total: 7 })
})

test('sign-in closes with the activity: a scan right after the close is refused, and a second after it every instance refuses', async () => {
  const id = await heldActivity()
  // A crowd at once: several function instances read the activity held and remember it (for at most a second).
  const crowd = Array.from({ length: 20 }, (_, i) => `closing-crowd-${i}`)
  const answers = await Promise.all(crowd.map((o) => h.act('activities', o, 'signIn', { id })))
  expect(answers.filter((a) => a.ok && !a.data.already)).toHaveLength(20)
  expect(expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '签到结束后的小结。', photos: [] })).status).toBe('concluded')
  // The next scan after the close (one at a time: the instance that closed it answers) is refused.
  expect(await h.act('activities', c.citizen, 'signIn', { id })).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
  await new Promise((r) => setTimeout(r, 1100))
  const late = Array.from({ length: 20 }, (_, i) => `late-crowd-${i}`)
  const refused = await Promise.all(late.map((o) => h.act('activities', o, 'signIn', { id })))
  expect(refused.map((a) => (a.ok ? 'stored' : a.code))).toEqual(late.map(() => 'BAD_TRANSITION'))
  // The figures frozen at the close are what is stored: the crowd, nobody after.
  expect(expectOk(await h.call('activities', c.staff, 'detail', { id })).signIns).toEqual({ members: 0, citizens: 20, departments: 0 })
})

test('who is refused what: staff out of scope, citizens, members and evaluators; nothing is written', async () => {
  const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity()))
  const before = await h.counts()
  // The town staff works for the other town.
  expect(await h.act('activities', c.townStaff, 'publish', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  expect(await h.act('activities', c.townStaff, 'create', newActivity())).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('activities', c.citizen, 'create', newActivity())).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // A draft is not there for citizens at all.
  expect(await h.call('activities', c.citizen, 'detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  expectOk(await h.act('activities', c.staff, 'publish', { id }))
  expect(await h.act('activities', c.townStaff, 'openSignIn', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('activities', c.member, 'openSignIn', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('activities', evaluator, 'publish', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('activities', evaluator, 'evaluate', { id, scores: [{ criterionId: 'topic', score: 5 }] })).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
  expect(await h.act('activities', c.citizen, 'evaluate', { id, scores: [{ criterionId: 'topic', score: 5 }] })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // Signing in before the activity is held; raising a suggestion without having signed in.
  expect(await h.act('activities', c.citizen, 'signIn', { id })).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
  expect(await h.act('activities', c.citizen, 'raise', { id, title: '停车', content: '停车难', category: 'traffic' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('activities', c.member, 'upsertListEntry', { list: 'kinds', name: '新类型' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('activities', c.citizen, 'figures', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  const after = await h.counts()
  const written = (counts: Record<string, number>) => Object.fromEntries(['activities', 'activityEvents', 'signIns', 'registrations', 'suggestions', 'events', 'evaluations', 'activitySettings'].map((k) => [k, counts[k] ?? 0]))
  // The one publish that was allowed: one event.
  expect(written(after)).toEqual({ ...written(before), activityEvents: written(before).activityEvents + 1 })
})

test('public registration respects its cap; without public registration only invited members register', async () => {
  const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ registration: { open: true, cap: 2 } })))
  expectOk(await h.act('activities', c.staff, 'publish', { id }))
  expectOk(await h.act('activities', c.citizen, 'register', { id }))
  expect(await h.act('activities', c.citizen, 'register', { id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '您已报名' })
  expectOk(await h.act('activities', c.citizen2, 'register', { id }))
  expect(await h.act('activities', c.member2, 'register', { id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '报名人数已满' })
  const closed = expectOk(await h.act('activities', c.staff, 'create', newActivity({ registration: { open: false, cap: null } }))).id
  expectOk(await h.act('activities', c.staff, 'publish', { id: closed }))
  expect(await h.act('activities', c.citizen, 'register', { id: closed })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expectOk(await h.act('activities', c.member, 'register', { id: closed }))
  const mine = expectOk(await h.call('activities', c.member, 'mine', {}))
  expect(mine.invited.map((a: { id: string }) => a.id)).toContain(closed)
  expect(mine.registered.map((a: { id: string }) => a.id)).toContain(closed)
  expect(mine.registered.map((a: { id: string }) => a.id)).not.toContain(id)
})

test('an agreed item becomes a handed-off item in the loop, linked both ways, with its events', async () => {
  const id = await heldActivity()
  const concluded = expectOk(await h.act('activities', c.staff, 'conclude', {
    id, minutes: '住建局现场承诺挖潜停车位。', photos: ['cloud://sanwei-local.bucket/activities/1.jpg'],
    agreedItems: [{ title: '东湖社区新增停车位40个', category: 'traffic', target: { kind: 'department', departmentId: c.departmentId }, deadline: inDays(60) }],
  }))
  expect(concluded.agreedItemIds).toHaveLength(1)
  const itemId = concluded.agreedItemIds[0]
  const item = expectOk(await h.call('suggestions', c.staff, 'detail', { id: itemId }))
  expect(item).toMatchObject({ status: 'assigned', channel: 'consultationActivity', villageId: c.villageId })
  expect(item.handOff).toMatchObject({ targetKind: 'department', targetId: c.departmentId, targetName: '市住建局' })
  expect(item.timeline.map((e: { command: string }) => e.command)).toEqual(['submit', 'accept', 'handOff'])
  expect(item.timeline[0].payload.activityId).toBe(id)
  const d = expectOk(await h.call('activities', c.citizen, 'detail', { id }))
  expect(d.agreedItems).toEqual([expect.objectContaining({ id: itemId, title: '东湖社区新增停车位40个', status: 'assigned', targetName: '市住建局', overdue: false })])
  expect(d.conclusion.photos).toEqual(['cloud://sanwei-local.bucket/activities/1.jpg'])
  // The item is in the staff's handling tab like any other hand-off.
  const handling = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'handling', townId: c.townId }))
  expect(handling.items.map((i: { id: string }) => i.id)).toContain(itemId)
  // The department's handler claims and answers it; the activity page shows what became of its promise.
  expectOk(await h.act('suggestions', handler, 'claim', { id: itemId }))
  expectOk(await h.act('suggestions', handler, 'reply', { id: itemId, text: '已新增停车位40个', outcome: 'adopted' }))
  const after = expectOk(await h.call('activities', c.citizen, 'detail', { id }))
  expect(after.agreedItems[0]).toMatchObject({ id: itemId, status: 'replied', outcome: 'adopted' })
})

test('a participant raises a suggestion from the sign-in page; staff record one for a named participant', async () => {
  const id = await heldActivity()
  expectOk(await h.act('activities', c.citizen2, 'signIn', { id }))
  const raised = expectOk(await h.act('activities', c.citizen2, 'raise', { id, title: '小区增设充电桩', content: '电动车充电难，建议增设充电桩。', category: 'publicService' }))
  const recorded = expectOk(await h.act('activities', c.staff, 'raise', { id, title: '垃圾分类亭洗手池', content: '建议增设洗手池。', category: 'environment', onBehalfOf: { name: '李大伯' } }))
  const mine = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id: raised.suggestionId }))
  expect(mine).toMatchObject({ status: 'submitted', channel: 'consultationActivity', mine: true, townId: c.townId, villageId: c.villageId, anonymous: false })
  const staffView = expectOk(await h.call('suggestions', c.staff, 'detail', { id: recorded.suggestionId }))
  expect(staffView.onBehalfOf).toEqual({ name: '李大伯' })
  const d = expectOk(await h.call('activities', c.staff, 'detail', { id }))
  expect(d.raised.map((r: { id: string }) => r.id).sort()).toEqual([raised.suggestionId, recorded.suggestionId].sort())
  expect(d.timeline.filter((e: { command: string }) => e.command === 'raise').map((e: { payload: { recordedFor?: string } }) => e.payload.recordedFor ?? null)).toEqual([null, '李大伯'])
  // Citizens on the timeline are named to staff only; so is the person staff recorded for.
  const asCitizen = expectOk(await h.call('activities', c.citizen, 'detail', { id }))
  const raisedEvents = asCitizen.timeline.filter((e: { command: string }) => e.command === 'raise')
  expect(raisedEvents.map((e: { actorName: string }) => e.actorName)).toEqual(['群众', 'staff-姓名'])
  expect(JSON.stringify(asCitizen.timeline)).not.toContain('李大伯')
  expect(JSON.stringify(asCitizen)).not.toContain('citizen2-姓名')
  // A participant may not record for someone else.
  expect(await h.act('activities', c.citizen2, 'raise', { id, title: '代提', content: '代别人提', category: 'other', onBehalfOf: { name: '张三' } })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})

test('the sign-in code is a PNG from wxacode.getUnlimited whose scene names the activity', async () => {
  const id = await heldActivity()
  const code = expectOk(await h.call('activities', c.staff, 'signInCode', { id }))
  expect(code.contentType).toBe('image/png')
  expect(readScenePng(Buffer.from(code.base64, 'base64'))).toEqual({ scene: `a=${id}`, page: 'packages/activities/pages/signin/index' })
  expect(await h.call('activities', c.citizen, 'signInCode', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})

test('the admin keeps the activity kinds and the evaluation criteria; an unknown kind is refused', async () => {
  const lists = expectOk(await h.call('activities', c.staff, 'lists', {}))
  expect(lists.kinds.map((k: { name: string }) => k.name)).toEqual(['“6”', '“X”', '民生议事堂', '面对面', '委员会客厅', '驻站接待', '浙沪联组'])
  expect(lists.criteria.map((k: { name: string }) => k.name)).toEqual(['选题', '参与', '协商充分', '成果转化', '群众满意'])
  const { id } = expectOk(await h.act('activities', ADMIN, 'upsertListEntry', { list: 'kinds', name: '界别协商' }))
  expect(expectOk(await h.call('activities', c.staff, 'lists', {})).kinds.map((k: { name: string }) => k.name)).toContain('界别协商')
  expectOk(await h.act('activities', c.staff, 'create', newActivity({ kind: id })))
  expect(await h.act('activities', c.staff, 'create', newActivity({ kind: 'nosuchkind' }))).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'kind' })
  expect(await h.act('activities', c.staff, 'create', newActivity({ endAt: inDays(0.5) }))).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'endAt' })
})

test('no activity query scanned a whole collection', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
