// Paths no other test walked: a request id reused by another person, the tally after a change of mind, who is told of a
// claim (read back from the outbox), what staff of another town see. Each test arranges its own item.
import { expectOk, inDays, rid, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(90_000)
let h: Harness
let c: County
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
})
afterAll(async () => { await h?.stop() })

const draft = (extra: Record<string, unknown> = {}) => ({
  category: 'traffic', townId: c.townId, villageId: c.villageId, title: '南市楼宇停车难', content: '南市社区楼宇周边停车位不足，希望统筹共享车位', images: [], anonymous: false, ...extra,
})

async function assignedToMember(author: string): Promise<string> {
  const id = expectOk(await h.act('suggestions', author, 'submit', draft())).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
  return id
}

/** The outbox rows written for one item, oldest first (read with the SDK, through the declared status+createdAt index). */
async function outboxOf(id: string): Promise<{ kind: string; to: string; templateKey: string }[]> {
  const db = sdkDatabase(h)
  // Any status: once rows are sent right after the commit they are no longer pending.
  const res = await db.collection('outbox').where({ status: db.command.in(['pending', 'sending', 'sent', 'failed', 'skipped']) }).orderBy('createdAt', 'asc').limit(1000).get()
  return (res.data as { kind: string; to: string; templateKey: string; suggestionId: string }[])
    .filter((r) => r.suggestionId === id).map((r) => ({ kind: r.kind, to: r.to, templateKey: r.templateKey }))
}

test('a request id another person already used acts for the second person, with their own answer', async () => {
  const requestId = rid()
  const first = expectOk(await h.call('suggestions', c.citizen, 'submit', draft({ title: '第一个人的建言' }), requestId))
  const second = expectOk(await h.call('suggestions', c.citizen2, 'submit', draft({ title: '第二个人的建言' }), requestId))
  expect(second.id).not.toBe(first.id)
  const mine = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id: second.id }))
  expect([mine.title, mine.mine]).toEqual(['第二个人的建言', true])
  // And a comment under a request id someone else used for a submission is a comment, stored.
  const commented = expectOk(await h.call('suggestions', c.citizen2, 'comment', { id: first.id, text: '我也遇到过' }, rid()))
  const reused = await h.call('suggestions', c.member, 'comment', { id: first.id, text: '委员关注此事' }, requestId)
  expect(reused.ok).toBe(true)
  expect(expectOk(reused).commentId).not.toBe(commented.commentId)
  const detail = expectOk(await h.call('suggestions', c.staff, 'detail', { id: first.id }))
  expect(detail.comments.map((x: { text: string }) => x.text).sort()).toEqual(['委员关注此事', '我也遇到过'])
})

test('the consultation tally counts each person\'s latest stance, on the detail and in the concluded plan', async () => {
  const id = expectOk(await h.act('suggestions', c.citizen, 'submit', draft())).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'openConsultation', { id, deadline: inDays(3), invitedMemberIds: [c.ids.member, c.ids.member2] }))
  // First stances: for, against, neutral. Latest: against, against, for — a tally of first stances would read 1 / 1 / 1.
  expectOk(await h.act('suggestions', c.member, 'comment', { id, text: '赞成', stance: 'for' }))
  expectOk(await h.act('suggestions', c.member2, 'comment', { id, text: '反对', stance: 'against' }))
  expectOk(await h.act('suggestions', c.citizen2, 'comment', { id, text: '中立', stance: 'neutral' }))
  expectOk(await h.act('suggestions', c.member, 'comment', { id, text: '再想想，还是反对', stance: 'against' }))
  expectOk(await h.act('suggestions', c.citizen2, 'comment', { id, text: '被说服了，赞成', stance: 'for' }))
  expectOk(await h.act('suggestions', c.member2, 'comment', { id, text: '仍然反对', stance: 'against' }))
  const detail = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id }))
  expect(detail.consultation.tally).toEqual({ for: 1, neutral: 0, against: 2 })
  expectOk(await h.act('suggestions', c.staff, 'concludeConsultation', { id, plan: { actions: '共享车位', responsibleUnit: '住建局', deadline: inDays(30) } }))
  const concluded = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id }))
  expect(concluded.consultation.plan.tally).toEqual({ for: 1, neutral: 0, against: 2 })
})

test('a claim tells the author; a hand-off tells the author and the member; a reply tells the author with the reply template', async () => {
  const id = await assignedToMember(c.citizen)
  const author = c.ids.citizen
  expect(await outboxOf(id)).toEqual([
    { kind: 'subscribe', to: author, templateKey: 'statusChanged' }, // accepted
    { kind: 'subscribe', to: author, templateKey: 'statusChanged' }, // handed off
    { kind: 'subscribe', to: c.ids.member, templateKey: 'handedOff' },
  ])
  expectOk(await h.act('suggestions', c.member, 'claim', { id }))
  expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已协调共享车位', outcome: 'adopted' }))
  expect((await outboxOf(id)).slice(3)).toEqual([
    { kind: 'subscribe', to: author, templateKey: 'statusChanged' }, // claimed
    { kind: 'subscribe', to: author, templateKey: 'replied' },
  ])
})

test('a reopened item gets a new deadline, counted from the rating', async () => {
  const id = await assignedToMember(c.citizen)
  expectOk(await h.act('suggestions', c.member, 'claim', { id }))
  expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已协调', outcome: 'adopted' }))
  // The hand-off gave 7 days; backdate it so the old deadline is already past when the author is unhappy.
  await sdkDatabase(h).collection('suggestions').doc(id).update({ 'handOff.deadline': inDays(-1), 'handOff.at': inDays(-8) })
  const before = Date.now()
  expectOk(await h.act('suggestions', c.citizen, 'rate', { id, value: 'dissatisfied', reason: '车位还是不够' }))
  const detail = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect([detail.status, detail.reopenCount, detail.overdue]).toEqual(['claimed', 1, false])
  expect(Date.parse(detail.handOff.deadline)).toBeGreaterThanOrEqual(before + 7 * 86400_000 - 1000)
})

test('staff of another town see neither an anonymous author nor phone numbers; staff of the town see both', async () => {
  expectOk(await h.act('org', c.citizen2, 'updateProfile', { name: '李四', phone: '13812345678' }))
  const id = expectOk(await h.act('suggestions', c.citizen2, 'submit', draft({ anonymous: true }))).id
  expectOk(await h.act('suggestions', c.citizen2, 'comment', { id, text: '补充一下情况' }))
  const other = expectOk(await h.call('suggestions', c.townStaff, 'detail', { id }))
  const json = JSON.stringify(other)
  for (const secret of [c.ids.citizen2, '李四', '13812345678', c.citizen2]) expect([secret, json.includes(secret)]).toEqual([secret, false])
  expect(other.author).toBeNull()
  expect(other.actions).toEqual(['comment', 'second'])
  const own = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect(own.author).toEqual({ id: c.ids.citizen2, name: '李四', role: 'citizen', phone: '13812345678' })
  // And they cannot act on it as staff.
  expect(await h.act('suggestions', c.townStaff, 'accept', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // A named author's phone is not theirs to see either; staff of the town see it.
  const named = expectOk(await h.act('suggestions', c.citizen2, 'submit', draft({ title: '署名的建言' }))).id
  expect(JSON.stringify(expectOk(await h.call('suggestions', c.townStaff, 'detail', { id: named })))).not.toContain('13812345678')
  expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id: named })).author).toMatchObject({ name: '李四', phone: '13812345678' })
})

test('merging into a closed item is refused and changes neither item', async () => {
  const closedId = expectOk(await h.act('suggestions', c.citizen, 'submit', draft({ title: '已办结的那条' }))).id
  expectOk(await h.act('suggestions', c.staff, 'reject', { id: closedId, reason: '重复' }))
  const id = expectOk(await h.act('suggestions', c.citizen2, 'submit', draft())).id
  expect(await h.act('suggestions', c.staff, 'merge', { id, intoId: closedId })).toMatchObject({ ok: false, code: 'BAD_TRANSITION', field: 'intoId' })
  const [a, b] = [expectOk(await h.call('suggestions', c.staff, 'detail', { id })), expectOk(await h.call('suggestions', c.staff, 'detail', { id: closedId }))]
  expect([a.status, a.timeline.length, b.status, b.mergedFromIds]).toEqual(['submitted', 1, 'rejected', []])
})
