// The whole 三微 loop through the gateway → function → SDK → local CloudBase, as the people in it would do it.
import { expectOk, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness, fullScans } from './harness'
import { figuresOfItems } from '../../src/domain/figures/measures'
import { fromDoc } from '../../server/repositories/suggestions'

jest.setTimeout(60_000)
let h: Harness
let c: County
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
})
afterAll(async () => { await h?.stop() })

const submitInput = (c: County, extra: Record<string, unknown> = {}) => ({
  category: 'traffic', townId: c.townId, villageId: c.villageId, title: '医院门口设置孝心停车位',
  content: '老人看病家属接送停车难，建议在市一院门口设置孝心停车位，限时停车15分钟。', images: ['cloud://sanwei-local.bucket/photos/1.jpg'], anonymous: false, ...extra,
})

test('a suggestion goes from submission to closed, every step on its timeline', async () => {
  const { id, status } = expectOk(await h.act('suggestions', c.citizen, 'submit', submitInput(c)))
  expect(status).toBe('submitted')

  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'openConsultation', { id, deadline: inDays(3), invitedMemberIds: [c.ids.member, c.ids.member2] }))
  const commented = expectOk(await h.act('suggestions', c.member2, 'comment', { id, text: '赞成，医院门口确实拥堵', stance: 'for' }))
  expect(commented.commentId).toBeTruthy()
  expectOk(await h.act('suggestions', c.citizen2, 'comment', { id, text: '建议限时', stance: 'neutral', replyToId: commented.commentId }))
  expectOk(await h.act('suggestions', c.citizen2, 'second', { id }))
  const concluded = expectOk(await h.act('suggestions', c.staff, 'concludeConsultation', {
    id, plan: { actions: '划设孝心停车位6个', responsibleUnit: '市公安局交警大队', deadline: inDays(30) },
    handOff: { target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(14), note: '请联系交警大队落实' },
  }))
  expect(concluded.status).toBe('assigned')

  const queue = expectOk(await h.call('suggestions', c.member, 'memberQueue', { tab: 'toClaim' }))
  expect(queue.items.map((i: { id: string }) => i.id)).toContain(id)
  expect(queue.counts.toClaim).toBe(1)

  expect(expectOk(await h.act('suggestions', c.member, 'claim', { id })).status).toBe('claimed')
  expectOk(await h.act('suggestions', c.member, 'progress', { id, note: '已与交警大队现场查看', images: [] }))
  expect(expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已划设孝心停车位6个，限停15分钟', outcome: 'adopted' })).status).toBe('replied')
  expect(expectOk(await h.act('suggestions', c.citizen, 'rate', { id, value: 'satisfied' })).status).toBe('closed')

  const detail = expectOk(await h.call('suggestions', c.citizen, 'detail', { id }))
  expect(detail.status).toBe('closed')
  expect(detail.timeline.map((e: { command: string }) => e.command)).toEqual([
    'submit', 'accept', 'openConsultation', 'comment', 'comment', 'second', 'concludeConsultation', 'claim', 'progress', 'reply', 'rate',
  ])
  expect(detail.consultation.plan.tally).toEqual({ for: 1, neutral: 1, against: 0 })
  expect(detail.secondCount).toBe(1)
  expect(detail.reply.outcome).toBe('adopted')
  expect(detail.actions).toEqual([])

  // The author got subscribe messages queued as the item moved.
  const counts = await h.counts()
  expect(counts.outbox).toBeGreaterThan(3)

  // It shows in the public feed, without its author.
  const feed = expectOk(await h.call('suggestions', c.citizen2, 'feed', {}))
  const card = feed.items.find((i: { id: string }) => i.id === id)
  expect(card.replyExcerpt).toContain('孝心停车位')
  expect(JSON.stringify(card)).not.toContain(c.ids.citizen)
})

test('a dissatisfied rating reopens the item to its handler, and the figures count it', async () => {
  const { id } = expectOk(await h.act('suggestions', c.citizen, 'submit', submitInput(c, { title: '学生营养午餐', content: '建议改善学校营养午餐的荤素搭配' , category: 'education' })))
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, deadline: inDays(7) }))
  // Any member of the group may claim an item handed to the group.
  expectOk(await h.act('suggestions', c.groupMember, 'claim', { id }))
  expectOk(await h.act('suggestions', c.groupMember, 'reply', { id, text: '已转教育局研究', outcome: 'forReference' }))
  const missingReason = await h.act('suggestions', c.citizen, 'rate', { id, value: 'dissatisfied' })
  expect(missingReason).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' })
  const reopened = expectOk(await h.act('suggestions', c.citizen, 'rate', { id, value: 'dissatisfied', reason: '没有实际改进' }))
  expect(reopened.status).toBe('claimed')

  const inProgress = expectOk(await h.call('suggestions', c.groupMember, 'memberQueue', { tab: 'inProgress' }))
  expect(inProgress.items.map((i: { id: string }) => i.id)).toContain(id)

  expectOk(await h.act('suggestions', c.groupMember, 'reply', { id, text: '教育局已调整食谱，增加蔬菜', outcome: 'partlyAdopted' }))
  expectOk(await h.act('suggestions', c.citizen, 'rate', { id, value: 'basicallySatisfied' }))

  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const t = expectOk(await h.call('figures', c.staff, 'table', { period: { kind: 'year', year }, dimension: 'town' }))
  expect(t.total.counts.reopened).toBeGreaterThanOrEqual(1)
  expect(t.total.counts.adopted).toBeGreaterThanOrEqual(1)
  const town = t.rows.find((r: { key: string }) => r.key === c.townId)
  expect(town.name).toBe('当湖街道')
  expect(t.total.counts.received).toBe(t.rows.reduce((n: number, r: { counts: { received: number } }) => n + r.counts.received, 0))
})

test('staff triage: reject, merge (linked both ways, comments redirected), withdraw, return, reassign, chase', async () => {
  const a = expectOk(await h.act('suggestions', c.citizen, 'submit', submitInput(c, { title: '南市楼宇停车难', content: '南市片区写字楼停车位不足' }))).id
  const b = expectOk(await h.act('suggestions', c.citizen2, 'submit', submitInput(c, { title: '南市写字楼停车难', content: '上班族找不到停车位', villageId: c.village2Id }))).id
  const similar = expectOk(await h.call('suggestions', c.citizen, 'similar', { townId: c.townId, title: '南市楼宇停车位不够' }))
  expect(similar.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([a, b]))

  expectOk(await h.act('suggestions', c.staff, 'merge', { id: b, intoId: a, reason: '同一问题' }))
  const target = expectOk(await h.call('suggestions', c.staff, 'detail', { id: a }))
  expect(target.mergedFromIds).toEqual([b])
  const merged = expectOk(await h.call('suggestions', c.staff, 'detail', { id: b }))
  expect(merged.mergedIntoId).toBe(a)
  // A comment on the merged item lands on the item it was merged into.
  const redirected = expectOk(await h.act('suggestions', c.citizen2, 'comment', { id: b, text: '我也遇到这个问题' }))
  expect(redirected.id).toBe(a)
  // A state command on it answers BAD_TRANSITION naming the target.
  const bad = await h.act('suggestions', c.staff, 'accept', { id: b })
  expect(bad).toMatchObject({ ok: false, code: 'BAD_TRANSITION', field: 'id' })
  expect((bad as { message: string }).message).toContain(a)

  const r = expectOk(await h.act('suggestions', c.citizen, 'submit', submitInput(c, { title: '广告', content: '与本地无关' }))).id
  expect(expectOk(await h.act('suggestions', c.staff, 'reject', { id: r, reason: '不属于政协受理范围' })).status).toBe('rejected')
  const w = expectOk(await h.act('suggestions', c.citizen, 'submit', submitInput(c, { title: '已自行解决', content: '问题已解决' }))).id
  expect(expectOk(await h.act('suggestions', c.citizen, 'withdraw', { id: w })).status).toBe('withdrawn')

  expectOk(await h.act('suggestions', c.staff, 'accept', { id: a }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id: a, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(5) }))
  expect(expectOk(await h.act('suggestions', c.member, 'returnItem', { id: a, reason: '不在我的联系村' })).status).toBe('accepted')
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id: a, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(5) }))
  expect(expectOk(await h.act('suggestions', c.staff, 'reassign', { id: a, target: { kind: 'member', memberId: c.ids.member2 }, deadline: inDays(5) })).status).toBe('assigned')
  expectOk(await h.act('suggestions', c.staff, 'chase', { id: a, note: '请尽快认领' }))
  const after = expectOk(await h.call('suggestions', c.staff, 'detail', { id: a }))
  expect(after.chaseCount).toBe(1)
  expect(after.handOff.targetId).toBe(c.ids.member2)

  const triage = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'ended' }))
  expect(triage.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([b, r, w]))
  expect(triage.counts.ended).toBeGreaterThanOrEqual(3)
  expect(triage.counts.handling).toBeGreaterThanOrEqual(1)
})

test('staff write a notice for the village work group: stored, and queued for the group robot', async () => {
  const { id } = expectOk(await h.act('suggestions', c.citizen2, 'submit', { category: 'safety', townId: c.townId, villageId: c.villageId, title: '台风天防汛提醒', content: '请提醒低洼住户注意防汛', images: [], anonymous: false }))
  const before = await h.counts()
  const { noticeId } = expectOk(await h.act('suggestions', c.staff, 'notifyGroup', { id, text: '今晚台风过境，请低洼住户注意安全' }))
  expect(noticeId).toBeTruthy()
  const after = await h.counts()
  expect(after.notices).toBe(before.notices + 1)
  expect(after.outbox).toBe(before.outbox + 1)
  expect(expectOk(await h.act('suggestions', c.citizen, 'follow', { id, on: false })).following).toBe(false)
})

test("the figures equal the pure fold of the stored items", async () => {
  const db = sdkDatabase(h)
  const res = await db.collection('suggestions').where({ family: db.command.in(['triage', 'inProgress', 'replied', 'ended']) }).limit(1000).get()
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const t = expectOk(await h.call('figures', c.staff, 'table', { period: { kind: 'year', year }, dimension: 'town' }))
  expect(t.total.counts).toEqual(figuresOfItems(res.data.map(fromDoc), 'town').total.counts)
  expect(t.total.counts.received).toBeGreaterThan(5)
})

test('every query above used a declared index (no full scans)', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
