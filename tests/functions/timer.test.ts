// The time rules through the timer trigger: the claim ladder, chasing overdue items once a day, auto-close.
// Time is arranged by backdating documents with the real SDK, then firing the trigger as the platform would.
import { ADMIN, expectOk, fireTimer, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness, fullScans } from './harness'

jest.setTimeout(60_000)
let h: Harness
let c: County
let db: any
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  db = sdkDatabase(h)
})
afterAll(async () => { await h?.stop() })

const hoursAgo = (n: number) => new Date(Date.now() - n * 3600_000).toISOString()
const draft = (title: string) => ({ category: 'environment', townId: c.townId, villageId: c.villageId, title, content: `${title}，请尽快处理`, images: [], anonymous: false })

let authors = 0
async function handedTo(memberId: string, title: string, deadlineDays = 7): Promise<string> {
  const id = expectOk(await h.act('suggestions', `timer-author-${authors++}`, 'submit', draft(title))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId }, deadline: inDays(deadlineDays) }))
  return id
}

const timeline = async (id: string) => expectOk(await h.call('suggestions', c.staff, 'detail', { id })).timeline as { command: string; payload: Record<string, unknown>; actor: { name: string } }[]

test('the claim ladder: unclaimed by the member → their sector group → a staff alert, each rung an event', async () => {
  const id = await handedTo(c.ids.member, '河道漂浮垃圾')
  expect((await fireTimer(h))).toBeTruthy()
  expect((await timeline(id)).map((e) => e.command)).not.toContain('escalate') // not yet due

  await db.collection('suggestions').doc(id).update({ 'handOff.rungAt': hoursAgo(25) })
  await fireTimer(h)
  const afterFirst = await timeline(id)
  const rung1 = afterFirst.filter((e) => e.command === 'escalate')
  expect(rung1).toHaveLength(1)
  expect(rung1[0].payload).toMatchObject({ rung: 'sectorGroup', sectorGroupId: c.groupId })
  expect(rung1[0].actor.name).toBe('系统')
  const detail = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect(detail.handOff).toMatchObject({ targetKind: 'sectorGroup', targetId: c.groupId, rung: 'sectorGroup' })
  // The group's other member now sees it to claim.
  const queue = expectOk(await h.call('suggestions', c.groupMember, 'memberQueue', { tab: 'toClaim' }))
  expect(queue.items.map((i: { id: string }) => i.id)).toContain(id)

  const outboxBefore = (await h.counts()).outbox
  await db.collection('suggestions').doc(id).update({ 'handOff.rungAt': hoursAgo(25) })
  await fireTimer(h)
  const rungs = (await timeline(id)).filter((e) => e.command === 'escalate')
  expect(rungs.map((e) => e.payload.rung)).toEqual(['sectorGroup', 'staffAlert'])
  expect((await h.counts()).outbox).toBeGreaterThan(outboxBefore)
  // The same run sends the alert; with no staff-group robot registered it is visibly not sent, with the reason.
  const alert = await db.collection('outbox').where({ suggestionId: id, templateKey: 'staffAlert' }).get()
  expect(alert.data).toHaveLength(1)
  expect(alert.data[0]).toMatchObject({ kind: 'robot', to: `staff:${c.townId}`, status: 'skipped', skipReason: 'noRobot', attempts: 1 })

  // Nothing more to climb: another run adds nothing.
  await fireTimer(h)
  expect((await timeline(id)).filter((e) => e.command === 'escalate')).toHaveLength(2)
})

test('an overdue item is marked overdue and chased once a day', async () => {
  const id = await handedTo(c.ids.member2, '路灯损坏')
  expectOk(await h.act('suggestions', c.member2, 'claim', { id }))
  const past = hoursAgo(30)
  await db.collection('suggestions').doc(id).update({ 'handOff.deadline': past, dueKey: `${past}|${id}` })
  const card = expectOk(await h.call('suggestions', c.member2, 'memberQueue', { tab: 'overdue' }))
  expect(card.items.map((i: { id: string; overdue: boolean }) => [i.id, i.overdue])).toEqual([[id, true]])
  expect(card.counts.overdue).toBe(1)
  const triage = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'overdue' }))
  expect(triage.items.map((i: { id: string }) => i.id)).toContain(id)
  expect(triage.counts.overdue).toBeGreaterThanOrEqual(1)

  await fireTimer(h)
  await fireTimer(h)
  const chases = (await timeline(id)).filter((e) => e.command === 'chase')
  expect(chases).toHaveLength(1)
  expect(chases[0].payload).toMatchObject({ overdue: true })
})

test('an item overdue for years stays in every overdue list, is counted, and is chased', async () => {
  const id = await handedTo(c.ids.member2, '公厕长期无人维护')
  const past = hoursAgo(3 * 366 * 24)
  await db.collection('suggestions').doc(id).update({ 'handOff.deadline': past, dueKey: `${past}|${id}` })
  // Not claimed yet: "to claim" sorts by deadline, so the oldest comes first; it is overdue too.
  const toClaim = expectOk(await h.call('suggestions', c.member2, 'memberQueue', { tab: 'toClaim' }))
  expect(toClaim.items[0]).toMatchObject({ id, overdue: true })
  const queue = expectOk(await h.call('suggestions', c.member2, 'memberQueue', { tab: 'overdue' }))
  expect(queue.items[0].id).toBe(id)
  expect(queue.counts.overdue).toBeGreaterThanOrEqual(1)
  for (const filter of [{}, { townId: c.townId }, { category: 'environment' }, { townId: c.townId, category: 'environment' }]) {
    const triage = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'overdue', ...filter }))
    expect(triage.items[0].id).toBe(id) // earliest deadline first
    expect(triage.counts.overdue).toBe(triage.items.length)
  }
  // Not in the overdue tab of another category.
  const other = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'overdue', category: 'traffic' }))
  expect(other.items.map((i: { id: string }) => i.id)).not.toContain(id)

  await fireTimer(h)
  expect((await timeline(id)).filter((e) => e.command === 'chase')).toHaveLength(1)
})

test('a replied item nobody rated is closed by the system after the configured days', async () => {
  const id = await handedTo(c.ids.member2, '垃圾分类亭')
  expectOk(await h.act('suggestions', c.member2, 'claim', { id }))
  expectOk(await h.act('suggestions', c.member2, 'reply', { id, text: '已增设分类亭', outcome: 'adopted' }))
  await fireTimer(h)
  expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id })).status).toBe('replied')
  const at = hoursAgo(8 * 24)
  await db.collection('suggestions').doc(id).update({ 'reply.at': at, replyKey: `${at}|${id}` })
  await fireTimer(h)
  const d = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect(d.status).toBe('closed')
  expect(d.timeline.at(-1)).toMatchObject({ command: 'close', payload: { auto: true } })
})

test('a consultation past its deadline and not concluded: staff of its town are reminded once, an event on the timeline', async () => {
  const id = expectOk(await h.act('suggestions', 'timer-consult-author', 'submit', draft('社区议事会场地'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'openConsultation', { id, deadline: inDays(3), invitedMemberIds: [c.ids.member] }))
  // Another, concluded in time: never reminded.
  const done = expectOk(await h.act('suggestions', 'timer-consult-author', 'submit', draft('广场舞音量'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id: done }))
  expectOk(await h.act('suggestions', c.staff, 'openConsultation', { id: done, deadline: inDays(3), invitedMemberIds: [] }))
  expectOk(await h.act('suggestions', c.staff, 'concludeConsultation', { id: done, plan: { actions: '晚八点后降低音量', responsibleUnit: '社区', deadline: inDays(10) } }))

  await fireTimer(h)
  expect((await timeline(id)).map((e) => e.command)).not.toContain('remindConsultation') // not yet due

  const past = hoursAgo(2)
  await db.collection('suggestions').doc(id).update({ 'consultation.deadline': past })
  await db.collection('suggestions').doc(done).update({ 'consultation.deadline': past })
  await fireTimer(h)
  await fireTimer(h)
  const reminders = (await timeline(id)).filter((e) => e.command === 'remindConsultation')
  expect(reminders).toHaveLength(1)
  expect(reminders[0]).toMatchObject({ payload: { deadline: past }, actor: { name: '系统' } })
  const rows = (await db.collection('outbox').where({ suggestionId: id, templateKey: 'staffAlert' }).get()).data
  expect(rows).toHaveLength(1)
  expect(rows[0]).toMatchObject({ kind: 'robot', to: `staff:${c.townId}` })
  expect(rows[0].values.note).toMatch(/^协商已于.+截止，尚未结束，请形成协商意见$/)
  // Still consulting: staff conclude it as before.
  expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id })).status).toBe('consulting')
  expect((await timeline(done)).map((e) => e.command)).not.toContain('remindConsultation')
  expect((await db.collection('outbox').where({ suggestionId: done, templateKey: 'staffAlert' }).get()).data).toEqual([])
})

test('on the hour the timer repairs a town\'s triage counters from its items, tab by tab and by category, and drops idempotency records past their days', async () => {
  const townId = expectOk(await h.act('org', ADMIN, 'upsertTown', { name: '新仓镇', order: 9 })).id
  const villageId = expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId, name: '三叉河村', order: 1 })).id
  const here = (title: string, category: string) => ({ ...draft(title), townId, villageId, category })
  const a = expectOk(await h.act('suggestions', 'timer-count-author', 'submit', here('村道路灯不亮', 'environment'))).id
  expectOk(await h.act('suggestions', 'timer-count-author', 'submit', here('河边护栏松动', 'environment')))
  expectOk(await h.act('suggestions', 'timer-count-author', 'submit', here('公交站台太远', 'traffic')))
  const gone = expectOk(await h.act('suggestions', 'timer-count-author', 'submit', here('停车位不够', 'traffic'))).id
  expectOk(await h.act('suggestions', 'timer-count-author', 'withdraw', { id: gone }))
  // Two accepts with request ids of our own: one answered 8 days ago (past the 7 days kept), one 6 days ago.
  const staffId = c.ids.staff
  expectOk(await h.call('suggestions', c.staff, 'accept', { id: a }, 'timer-old-request'))
  const b = expectOk(await h.act('suggestions', 'timer-count-author', 'submit', here('垃圾清运太晚', 'environment'))).id
  expectOk(await h.call('suggestions', c.staff, 'accept', { id: b }, 'timer-recent-request'))
  await db.collection('requests').doc(`${staffId}_timer-old-request`).update({ at: hoursAgo(8 * 24) })
  await db.collection('requests').doc(`${staffId}_timer-recent-request`).update({ at: hoursAgo(6 * 24) })

  const counts = async (category?: string) => {
    const { counts: n } = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'submitted', townId, ...(category ? { category } : {}) }))
    return n
  }
  const right = { pendingReview: 0, submitted: 2, accepted: 2, consulting: 0, handling: 0, replied: 0, ended: 1, overdue: 0 }
  expect(await counts()).toEqual(right)
  // Counter changes lost (a crash between a commit and its bump): the town's counters say otherwise.
  await db.collection('counters').doc(`triage_${townId}`).update({ counts: db.command.set({ submitted: 5, submitted__environment: 5, ended: 3, ended__traffic: 3 }) })
  expect(await counts()).toEqual({ ...right, submitted: 5, accepted: 0, ended: 3 })

  const hour = new Date(Math.floor(Date.now() / 3600_000) * 3600_000).toISOString()
  const fired = (await (await fetch(`${h.url}/api/triggers/timer/timeRules?at=${encodeURIComponent(hour)}`, { method: 'POST' })).json()) as any
  const report = fired.result?.data ?? fired.data ?? fired
  expect(report.recountedTowns).toBeGreaterThanOrEqual(1)
  // The same hourly run heals the figures' rollups of this month and the last (how many needed it depends on the
  // documents the tests above backdated; that it ran is what is checked here).
  expect(report.recountedFigures).toBeGreaterThanOrEqual(0)
  expect(report.expiredRequests).toBe(1)
  expect(await counts()).toEqual(right)
  expect(await counts('environment')).toEqual({ ...right, submitted: 1, accepted: 2, ended: 0 })
  expect(await counts('traffic')).toEqual({ ...right, submitted: 1, accepted: 0 })
  expect((await db.collection('requests').doc(`${staffId}_timer-old-request`).get()).data).toEqual([])
  expect((await db.collection('requests').doc(`${staffId}_timer-recent-request`).get()).data).toHaveLength(1)
})

test('every query above used a declared index (no full scans)', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
