// 请你来协商, what follows an activity: every text a person writes goes through the content check, a resident recorded at
// an activity can take the item over, topic items are answered together at conclusion, and people are told.
import { expectOk, fireTimer, fullScans, inDays, rid, sdkDatabase, setupCounty, startHarness, type County, type Harness, heldActivityIn } from './harness'

jest.setTimeout(120_000)
let h: Harness
let c: County
const evaluator = 'evaluator-o'
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  expectOk(await h.act('org', evaluator, 'updateProfile', { name: '评价人' }))
  expectOk(await h.act('org', 'admin-openid-1', 'setRoles', { personId: expectOk(await h.call('org', evaluator, 'me', {})).id, roles: ['evaluator'] }))
})
afterAll(async () => { await h?.stop() })

const RISKY = '这里有赌博'
const newActivity = (extra: Record<string, unknown> = {}) => ({
  kind: 'forum', topic: '村口路灯协商', description: '邀请住建部门和村民代表协商路灯问题。',
  startAt: inDays(1), endAt: inDays(1.1), townId: c.townId, villageId: c.villageId, venue: '东湖社区议事厅',
  organiser: { kind: 'town', id: c.townId }, invitedMemberIds: [c.ids.member], invitedDepartmentIds: [c.departmentId],
  registration: { open: true, cap: null }, ...extra,
})

const heldActivity = (extra: Record<string, unknown> = {}): Promise<string> => heldActivityIn(h, c.staff, newActivity(extra))

const stored = async () => {
  const n = await h.counts()
  return ['activities', 'activityEvents', 'suggestions', 'events', 'evaluations', 'signIns'].map((k) => n[k] ?? 0)
}

describe('every activity text a person controls goes through the content check', () => {
  test('topic, description and venue, when created and when edited', async () => {
    const before = await stored()
    expect(await h.act('activities', c.staff, 'create', newActivity({ topic: RISKY }))).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'topic' })
    expect(await h.act('activities', c.staff, 'create', newActivity({ description: `说明${RISKY}` }))).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'description' })
    expect(await h.act('activities', c.staff, 'create', newActivity({ venue: `诈骗礼堂` }))).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'venue' })
    expect(await stored()).toEqual(before)
    const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity()))
    const after = await stored()
    expect(await h.act('activities', c.staff, 'update', { id, topic: RISKY })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'topic' })
    expect(await h.act('activities', c.staff, 'cancel', { id, reason: RISKY })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'reason' })
    expect(await stored()).toEqual(after)
    expect(expectOk(await h.call('activities', c.staff, 'detail', { id })).topic).toBe('村口路灯协商')
  })

  test('walk-in names, minutes, agreed items, evaluation notes and the name of a resident recorded for', async () => {
    const id = await heldActivity()
    expectOk(await h.act('activities', c.citizen, 'signIn', { id }))
    const before = await stored()
    expect(await h.act('activities', c.staff, 'addWalkIns', { id, group: 'citizens', names: ['王阿婆', '毒品张'] })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'names.1' })
    expect(await h.act('activities', c.staff, 'raise', { id, title: '修路灯', content: '路灯坏了', category: 'safety', onBehalfOf: { name: '赌博李' } })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'onBehalfOf.name' })
    expect(await h.act('activities', c.citizen, 'raise', { id, title: '修路灯', content: RISKY, category: 'safety' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'content' })
    expect(await h.act('activities', c.staff, 'conclude', { id, minutes: `纪要${RISKY}`, photos: [] })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'minutes' })
    const agreed = (extra: Record<string, unknown>) => ({ title: '修复路灯', category: 'safety', target: { kind: 'department', departmentId: c.departmentId }, deadline: inDays(30), ...extra })
    expect(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [], agreedItems: [agreed({}), agreed({ title: RISKY })] })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'agreedItems.1.title' })
    expect(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [], agreedItems: [agreed({ content: RISKY })] })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'agreedItems.0.content' })
    expect(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [], agreedItems: [agreed({ note: RISKY })] })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'agreedItems.0.note' })
    expect(await stored()).toEqual(before)
    expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [] }))
    const scores = ['topic', 'participation', 'deliberation', 'conversion', 'satisfaction'].map((criterionId, i) => ({ criterionId, score: 4, ...(i === 2 ? { note: RISKY } : {}) }))
    const concluded = await stored()
    expect(await h.act('activities', evaluator, 'evaluate', { id, scores })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'scores.2.note' })
    expect(await stored()).toEqual(concluded)
    const d = expectOk(await h.call('activities', c.staff, 'detail', { id }))
    expect(JSON.stringify(d)).not.toMatch(/赌博|毒品/)
  })
})

test('a resident staff record a suggestion for at an activity takes it over with the card code', async () => {
  const id = await heldActivity()
  const raised = expectOk(await h.act('activities', c.staff, 'raise', { id, title: '增设路灯', content: '村口到车站没有路灯。', category: 'safety', onBehalfOf: { name: '陈大爷', phone: '13900005555' } }))
  expect(raised.takeoverCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
  const asRecorder = expectOk(await h.call('suggestions', c.staff, 'detail', { id: raised.suggestionId }))
  expect(asRecorder.takeoverCode).toBe(raised.takeoverCode)
  expect(asRecorder.onBehalfOf).toEqual({ name: '陈大爷', phone: '13900005555' })
  // A participant raising their own has no card: it is theirs already.
  expectOk(await h.act('activities', c.citizen2, 'signIn', { id }))
  expect(expectOk(await h.act('activities', c.citizen2, 'raise', { id, title: '增设长椅', content: '车站没有长椅。', category: 'publicService' })).takeoverCode).toBeUndefined()
  // The resident, new to the mini-program, takes it over with the code on the card and becomes its author.
  const resident = 'resident-at-activity'
  const taken = expectOk(await h.act('suggestions', resident, 'takeOver', { code: raised.takeoverCode }))
  expect(taken.id).toBe(raised.suggestionId)
  const mine = expectOk(await h.call('suggestions', resident, 'mine', {}))
  expect(mine.items.map((i: { id: string }) => i.id)).toEqual([raised.suggestionId])
  const item = expectOk(await h.call('suggestions', resident, 'detail', { id: raised.suggestionId }))
  expect([item.mine, item.channel, item.timeline.at(-1).command]).toEqual([true, 'consultationActivity', 'takeOver'])
  // The activity still lists it as raised there.
  expect(expectOk(await h.call('activities', c.staff, 'detail', { id })).raised.map((r: { id: string }) => r.id)).toContain(raised.suggestionId)
})

describe('topics from many villages, answered together when the activity concludes', () => {
  test('each linked item is answered through the loop’s own commands, each author told, each with its own result', async () => {
    const submit = async (who: string, villageId: string, title: string) =>
      expectOk(await h.act('suggestions', who, 'submit', { category: 'safety', townId: c.townId, villageId, title, content: `${title}，晚上出行不安全`, images: [], anonymous: false })).id
    // Three villages' items: one still to triage, one accepted, one already handed to a member who claimed it.
    const toTriage = await submit(c.citizen, c.villageId, '东湖社区路灯不亮')
    const accepted = await submit(c.citizen2, c.village2Id, '南市社区路灯坏了')
    expectOk(await h.act('suggestions', c.staff, 'accept', { id: accepted }))
    const claimed = await submit(c.citizen, c.village2Id, '南市社区村口路灯不亮')
    expectOk(await h.act('suggestions', c.staff, 'accept', { id: claimed }))
    const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ topic: '路灯问题协商', topicSuggestionIds: [toTriage, accepted, claimed] })))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id: claimed, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(10) }))
    expectOk(await h.act('suggestions', c.member, 'claim', { id: claimed }))
    const unrelated = await submit(c.citizen2, c.villageId, '别的事情')
    // The suggestion knows the activity that takes it up.
    expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id: toTriage })).topicOf).toEqual([expect.objectContaining({ id, topic: '路灯问题协商', status: 'draft' })])
    // A draft is not shown to the author; once published it is.
    expect(expectOk(await h.call('suggestions', c.citizen, 'detail', { id: toTriage })).topicOf).toBeUndefined()
    expectOk(await h.act('activities', c.staff, 'publish', { id }))
    expect(expectOk(await h.call('suggestions', c.citizen, 'detail', { id: toTriage })).topicOf).toEqual([expect.objectContaining({ id, status: 'published' })])
    expectOk(await h.act('activities', c.staff, 'openSignIn', { id }))
    const answers = [
      { suggestionId: toTriage, text: '住建局现场答复：一个月内修复东湖社区路灯', outcome: 'adopted' },
      { suggestionId: accepted, text: '住建局现场答复：南市社区路灯纳入改造计划', outcome: 'partlyAdopted' },
      { suggestionId: claimed, text: '已统一答复', outcome: 'adopted' },
      { suggestionId: unrelated, text: '已统一答复', outcome: 'adopted' },
    ]
    // Not before the activity has concluded; not by a citizen.
    expect(await h.act('activities', c.staff, 'answerTopics', { id, answers })).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
    expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '住建局到场答复路灯问题。', photos: [] }))
    expect(await h.act('activities', c.citizen, 'answerTopics', { id, answers })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

    const requestId = rid()
    const done = expectOk(await h.call('activities', c.staff, 'answerTopics', { id, answers }, requestId))
    expect(done.results).toEqual([
      { suggestionId: toTriage, ok: true, status: 'replied', commands: ['accept', 'handOff', 'recordReply'] },
      { suggestionId: accepted, ok: true, status: 'replied', commands: ['handOff', 'recordReply'] },
      // Claimed by a member: only the member replies (the same permission as anywhere in the loop).
      { suggestionId: claimed, ok: false, code: 'FORBIDDEN', message: expect.any(String), commands: [] },
      { suggestionId: unrelated, ok: false, code: 'INVALID_INPUT', message: '该建言不是本活动的议题', field: 'answers.3.suggestionId', commands: [] },
    ])
    const item = expectOk(await h.call('suggestions', c.citizen, 'detail', { id: toTriage }))
    expect([item.status, item.reply.outcome, item.reply.text]).toEqual(['replied', 'adopted', '住建局现场答复：一个月内修复东湖社区路灯'])
    expect(item.timeline.map((e: { command: string }) => e.command)).toEqual(['submit', 'accept', 'handOff', 'recordReply'])
    expect(item.handOff).toMatchObject({ targetKind: 'department', targetId: c.departmentId, targetName: '市住建局' })
    // Each author is told their item was answered (a row in the outbox, written with the reply).
    const db = sdkDatabase(h)
    const told = async (suggestionId: string) => ((await db.collection('outbox').where({ suggestionId, templateKey: 'replied' }).limit(10).get()).data as { to: string }[]).map((r) => r.to)
    const me = async (o: string) => expectOk(await h.call('org', o, 'me', {})).id
    expect(await told(toTriage)).toEqual([await me(c.citizen)])
    expect(await told(accepted)).toEqual([await me(c.citizen2)])
    expect(await told(claimed)).toEqual([])
    // The activity's timeline records the batch; its page shows what became of each topic.
    const d = expectOk(await h.call('activities', c.staff, 'detail', { id }))
    expect(d.timeline.at(-1)).toMatchObject({ command: 'answerTopics', from: 'concluded', to: 'concluded', payload: { answered: [toTriage, accepted], refused: [claimed, unrelated] } })
    expect(d.topics.map((t: { id: string; status: string; outcome?: string }) => [t.id, t.status, t.outcome ?? null])).toEqual(
      expect.arrayContaining([[toTriage, 'replied', 'adopted'], [accepted, 'replied', 'partlyAdopted'], [claimed, 'claimed', null]]))
    // A retried tap answers as the first time and writes nothing more.
    const before = await h.counts()
    expect(expectOk(await h.call('activities', c.staff, 'answerTopics', { id, answers }, requestId)).results).toEqual(done.results)
    expect(await h.counts()).toMatchObject({ events: before.events, activityEvents: before.activityEvents, outbox: before.outbox })
    // Answered once, an item is not answered again by a new request.
    const again = expectOk(await h.act('activities', c.staff, 'answerTopics', { id, answers: [answers[0]] }))
    expect(again.results[0]).toMatchObject({ suggestionId: toTriage, ok: false, code: 'BAD_TRANSITION' })
  })
})

describe('people hear about activities through the outbox', () => {
  const rows = async (templateKey: string) => ((await sdkDatabase(h).collection('outbox').where({ templateKey }).limit(1000).get()).data as any[])
  const me = async (o: string) => expectOk(await h.call('org', o, 'me', {})).id

  test('invited members are told when an activity is published, changed or cancelled; an edit they need not know is quiet', async () => {
    const [member, member2] = [await me(c.member), await me(c.member2)]
    const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ topic: '老年食堂协商', venue: '南市社区议事厅' })))
    const before = (await rows('activityInvited')).length
    // A draft tells no one.
    expectOk(await h.act('activities', c.staff, 'update', { id, venue: '东湖社区议事厅' }))
    expect(await rows('activityInvited')).toHaveLength(before)
    expectOk(await h.act('activities', c.staff, 'publish', { id }))
    const published = (await rows('activityInvited')).slice(before)
    expect(published.map((r) => [r.to, r.values.note, r.data.thing1.value, r.data.thing3.value])).toEqual([[member, '诚邀您参加，请准时出席', '老年食堂协商', '东湖社区议事厅']])
    // The time moves and another member is invited: the first hears of the change, the second is invited.
    expectOk(await h.act('activities', c.staff, 'update', { id, startAt: inDays(2), endAt: inDays(2.1), invitedMemberIds: [c.ids.member, c.ids.member2] }))
    const changed = (await rows('activityInvited')).slice(before + 1)
    expect(changed.map((r) => [r.to, r.values.note]).sort()).toEqual([[member, '活动信息有变更，请查看'], [member2, '诚邀您参加，请准时出席']].sort())
    // Only the description: nobody is disturbed.
    expectOk(await h.act('activities', c.staff, 'update', { id, description: '补充说明' }))
    expect(await rows('activityInvited')).toHaveLength(before + 3)
    expectOk(await h.act('activities', c.staff, 'cancel', { id, reason: '场地调整' }))
    expect((await rows('activityInvited')).slice(before + 3).map((r) => [r.to, r.values.note]).sort()).toEqual([[member, '活动已取消'], [member2, '活动已取消']])
  })

  test('registrants and invited members are reminded once before it starts; a later activity not yet', async () => {
    const startAt = inDays(0.5)
    const soon = expectOk(await h.act('activities', c.staff, 'create', newActivity({ topic: '河道保洁协商', startAt, endAt: inDays(0.6) }))).id
    const later = expectOk(await h.act('activities', c.staff, 'create', newActivity({ topic: '垃圾分类协商', startAt: inDays(3), endAt: inDays(3.1) }))).id
    for (const id of [soon, later]) {
      expectOk(await h.act('activities', c.staff, 'publish', { id }))
      expectOk(await h.act('activities', c.citizen2, 'register', { id }))
    }
    const before = (await rows('activityReminder')).length
    // The timer's run says how many activities it reminded people of; a marker keeps when, the start, and how many were told.
    expect((await fireTimer(h)).result.data.remindedActivities).toBe(1)
    const reminded = (await rows('activityReminder')).slice(before)
    expect(reminded.map((r) => [r.to, r.data.thing1.value]).sort()).toEqual([[await me(c.member), '河道保洁协商'], [await me(c.citizen2), '河道保洁协商']].sort())
    const marker = (await sdkDatabase(h).collection('activityReminders').doc(soon).get()).data[0]
    expect(marker).toEqual({ _id: soon, at: expect.any(String), startAt, told: 2 })
    expect((await fireTimer(h)).result.data.remindedActivities).toBe(0)
    expect(await rows('activityReminder')).toHaveLength(before + 2)
  })
})

test('no query here scanned a whole collection (the test’s own reads of the outbox aside)', async () => {
  const own = (q: { collection: string }) => q.collection === 'outbox'
  expect(((await fullScans(h)).recentFullScans as { collection: string }[]).filter((q) => !own(q))).toEqual([])
})
