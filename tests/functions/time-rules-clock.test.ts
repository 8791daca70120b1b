// The time rules, the daily digest and the outbox sweep on a clock the test moves: each rule keeps its own configured
// hours to the minute, a run reports exactly what it did, the digest is dated by the day in Beijing, and the sweep waits
// for a row coming due within seconds but not for one due later. The functions run in-process on a clock set in 2099,
// so the rows the rules write are not due for the sweep, which runs on the real clock.
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { main as org } from '../../cloudfunctions/org/src'
import { main as notify } from '../../cloudfunctions/notify/src'
import { config, type Config } from '../../server/config'
import { runTimeRules } from '../../server/timerRules'
import { writeDigests } from '../../server/notify/digest'
import { sweepOutbox } from '../../server/notify/sweep'
import { ADMIN, expectOk, sdkDatabase, setupCounty, type County } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(90_000)
let p: InProcess
let c: County
let db: any
const T0 = '2099-03-02T02:30:00.000Z' // 10:30 in Beijing
const at = (hours: number, ms = 0) => new Date(Date.parse(T0) + hours * 3600_000 + ms).toISOString()

beforeAll(async () => {
  p = await startInProcess({ suggestions, org: org as never, notify: notify as never }, testClock(T0), { SANWEI_SUBMITS_PER_DAY: '100' })
  c = await setupCounty(p)
  db = sdkDatabase(p as never)
})
afterAll(async () => { await p?.stop() })

const draft = (title: string) => ({ category: 'environment', townId: c.townId, villageId: c.villageId, title, content: `${title}，请尽快处理`, images: [], anonymous: false })
let authors = 0
async function handedTo(memberId: string, title: string, deadline: string): Promise<string> {
  const id = expectOk(await p.act('suggestions', `clock-author-${authors++}`, 'submit', draft(title))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await p.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId }, deadline }))
  return id
}
const events = async (id: string, command: string) =>
  (await db.collection('events').where({ suggestionId: id, command }).get()).data.map((e: any) => [e.at, e.payload]) as unknown[]
const nothing = { escalated: 0, chased: 0, closed: 0, remindedConsultations: 0, recountedTowns: 0, expiredRequests: 0 }

test('a week of timer runs: the ladder waits a day for the member and two for the sector group, a late item is chased every 12 hours, a reply unrated for 3 days is closed, a consultation past its deadline reminded once; each run reports exactly that', async () => {
  p.clock.set(T0)
  // As an office may configure them: the sector group gets longer than the member, chasing twice a day, closing after 3
  // days. Request records are kept a century here: the org function's, made on the real clock, stay out of the counts.
  const cfg: Config = { ...config(), ladderMemberHours: 24, ladderGroupHours: 48, chaseEveryHours: 12, autoCloseDays: 3, requestTtlDays: 36_500 }
  const ladder = await handedTo(c.ids.member, '村道积水', at(240))
  const late = await handedTo(c.ids.member2, '路灯不亮', at(2))
  expectOk(await p.act('suggestions', c.member2, 'claim', { id: late }))
  const replied = await handedTo(c.ids.member2, '垃圾清运', at(240))
  expectOk(await p.act('suggestions', c.member2, 'claim', { id: replied }))
  expectOk(await p.act('suggestions', c.member2, 'reply', { id: replied, text: '已增加清运班次', outcome: 'adopted' }))
  const consulting = expectOk(await p.act('suggestions', 'clock-consult-author', 'submit', draft('议事会场地'))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id: consulting }))
  expectOk(await p.act('suggestions', c.staff, 'openConsultation', { id: consulting, deadline: at(24), invitedMemberIds: [] }))

  const run = (hours: number, ms = 0) => runTimeRules(at(hours, ms), cfg)
  expect(await run(1)).toEqual(nothing)
  // Past its deadline (2 h): chased the first time it is seen.
  expect(await run(3)).toEqual({ ...nothing, chased: 1 })
  expect(await run(14, 59 * 60_000)).toEqual(nothing)
  expect(await run(15)).toEqual({ ...nothing, chased: 1 })
  expect(await events(late, 'chase')).toEqual([[at(3), expect.objectContaining({ overdue: true })], [at(15), expect.objectContaining({ overdue: true })]])
  // A day after the hand-off, to the minute: the member's rung ends; the consultation's deadline has come.
  expect(await run(23, 59 * 60_000)).toEqual(nothing)
  expect(await run(24)).toEqual({ ...nothing, escalated: 1, remindedConsultations: 1 })
  expect(await events(ladder, 'escalate')).toEqual([[at(24), expect.objectContaining({ rung: 'sectorGroup', sectorGroupId: c.groupId })]])
  expect(await events(consulting, 'remindConsultation')).toEqual([[at(24), expect.objectContaining({ deadline: at(24) })]])
  expect(await run(24)).toEqual(nothing)
  // The sector group has two days, not one: 47 hours on, nothing climbs (the late item is chased again, 12 h on).
  expect(await run(71)).toEqual({ ...nothing, chased: 1 })
  expect(await run(72)).toEqual({ ...nothing, escalated: 1 })
  expect((await events(ladder, 'escalate')).map((e: any) => e[1].rung)).toEqual(['sectorGroup', 'staffAlert'])
  // Replied at T0: three days to the millisecond is not yet past; a millisecond later it is closed by the system.
  expect(await events(replied, 'close')).toEqual([])
  expect(await run(72, 1)).toEqual({ ...nothing, closed: 1 })
  expect(await events(replied, 'close')).toEqual([[at(72, 1), expect.objectContaining({ auto: true })]])
  // The hourly run also recounts the triage counters (one town has items) and the figures' rollups.
  const hourly = await runTimeRules(at(73), cfg, { recount: true })
  // (How many rollup documents needed repair depends on what the commands folded already: that the recount ran is checked.)
  expect(hourly).toEqual({ ...nothing, recountedTowns: 1, recountedFigures: expect.any(Number) })
})

test('the daily digest is dated by the day in Beijing: written at 01:00 on 3 March in Beijing, once that day', async () => {
  p.clock.set(T0)
  const memberId = expectOk(await p.act('org', 'clock-digest-member', 'updateProfile', { name: '汇总委员' })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: memberId, roles: ['citizen', 'member'] }))
  await handedTo(memberId, '公园灯光', at(240))
  const now = '2099-03-02T17:00:00.000Z' // 01:00 on 3 March in Beijing
  const first = await writeDigests(now)
  expect(first.digests).toBeGreaterThanOrEqual(1)
  const row = (await db.collection('outbox').doc(`digest-${memberId}-2099-03-03`).get()).data[0]
  expect(row).toMatchObject({
    kind: 'subscribe', to: memberId, templateKey: 'digest', templateId: 'sanwei-daily-digest', status: 'pending', attempts: 0, createdAt: now, dueAt: now,
    values: { title: '您有 1 条待认领，0 条已超期', time: now, note: '请打开委员工作台查看' },
  })
  expect(await writeDigests('2099-03-02T23:00:00.000Z')).toEqual({ digests: 0 })
})

test('the sweep waits for a row coming due within five seconds and sends it in the same run; a row due later, or after the budget ends, is left to the next minute', async () => {
  // Whatever is due now (nothing written on the real clock so far) goes first.
  await sweepOutbox(3_000)
  const row = async (_id: string, dueInMs: number) => {
    const now = new Date()
    await db.collection('outbox').add({
      _id, kind: 'subscribe', to: 'clock-nobody', templateKey: 'statusChanged', templateId: 'sanwei-status-changed', data: {}, values: { title: '无人' },
      status: 'pending', attempts: 0, createdAt: now.toISOString(), dueAt: new Date(now.getTime() + dueInMs).toISOString(),
    })
  }
  const status = async (_id: string) => (await db.collection('outbox').doc(_id).get()).data[0].status
  await row('clock-soon', 4_000)
  // A budget shorter than the wait: the sweep answers at once, without waiting for the row to come due.
  expect(await sweepOutbox(1_000)).toEqual({ rounds: 0 })
  const due = Date.parse((await db.collection('outbox').doc('clock-soon').get()).data[0].dueAt)
  expect(Date.now()).toBeLessThan(due)
  expect(await status('clock-soon')).toBe('pending')
  expect(await sweepOutbox(8_000)).toEqual({ rounds: 1, skipped: 1 })
  expect(await db.collection('outbox').doc('clock-soon').get()).toMatchObject({ data: [expect.objectContaining({ status: 'skipped', skipReason: 'noRecipient' })] })
  await row('clock-later', 7_000)
  expect(await sweepOutbox(20_000)).toEqual({ rounds: 0 })
  expect(await status('clock-later')).toBe('pending')
})

test('a long list of overdue items is worked through past those chased lately: the first 200 by deadline, chased an hour ago, do not hold back the next', async () => {
  p.clock.set(T0)
  const cfg: Config = { ...config(), chaseEveryHours: 12, requestTtlDays: 36_500 }
  const waiting = await handedTo(c.ids.member2, '积压事项', at(2))
  expectOk(await p.act('suggestions', c.member2, 'claim', { id: waiting }))
  // 200 overdue items with earlier deadlines, each chased an hour before the run: copies of this one as stored.
  const doc = (await db.collection('suggestions').doc(waiting).get()).data[0]
  const { _id, ...rest } = doc
  for (let i = 0; i < 200; i++) {
    const id = `backlog${String(i).padStart(4, '0')}`
    await db.collection('suggestions').add({ ...rest, _id: id, dueKey: `2000-01-01T00:00:00.000Z|${id}`, lastChasedAt: at(499) })
  }
  await runTimeRules(at(500), cfg)
  expect(await events(waiting, 'chase')).toEqual([[at(500), expect.objectContaining({ overdue: true })]])
})

test('department hand-offs, which have no ladder, do not fill the ladder\'s batch: 200 of them left longer do not hold back a sector group\'s item', async () => {
  p.clock.set(T0)
  const cfg: Config = { ...config(), ladderGroupHours: 24, requestTtlDays: 36_500 }
  const id = expectOk(await p.act('suggestions', 'clock-ladder-author', 'submit', draft('堤坝渗水'))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await p.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, deadline: at(2400) }))
  const { _id, ...rest } = (await db.collection('suggestions').doc(id).get()).data[0]
  for (let i = 0; i < 200; i++) {
    await db.collection('suggestions').add({
      ...rest, _id: `deptcopy${String(i).padStart(4, '0')}`,
      handOff: { ...rest.handOff, target: { kind: 'department', departmentId: c.departmentId }, rung: 'sectorGroup', rungAt: '2000-01-01T00:00:00.000Z' },
    })
  }
  await runTimeRules(at(600), cfg)
  expect(await events(id, 'escalate')).toEqual([[at(600), expect.objectContaining({ rung: 'staffAlert' })]])
})
