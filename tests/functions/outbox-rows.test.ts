// The outbox's rows as stored and as they move (server/repositories/outbox.ts), written down: a new row's fields, which
// rows may be leased and by whom, a settlement written to the rows still leased and only to them, the rows due (stale
// leases first), the next due time, failed rows before a time, an item's rows in order. Against a local CloudBase, from
// the test's own process.
import { addOutboxRows, deliveryOf, dueRowIds, getRow, leaseRows, markRows, nextDueAt, putDelivery, rowsOfItem, rowsWithStatus, settlementOf, type StoredRow } from '../../server/repositories/outbox'
import { db } from '../../server/db'
import type { OutboxRow } from '../../src/domain/commands'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(60_000)
let p: InProcess
beforeAll(async () => { p = await startInProcess({}, testClock('2026-09-01T00:00:00.000Z')) })
afterAll(async () => { await p?.stop() })

const row = (createdAt: string, extra: Partial<OutboxRow> = {}): OutboxRow => ({
  kind: 'subscribe', to: 'u1', templateKey: 'handedOff', data: { title: '路灯', deadline: '2026-12-03T08:00:00Z' },
  suggestionId: 's1', status: 'pending', attempts: 0, createdAt, ...extra,
})
async function only(suggestionId: string): Promise<StoredRow> {
  const rows = await rowsOfItem(db(), suggestionId)
  expect(rows).toHaveLength(1)
  return rows[0]
}

test('a new row keeps what to say and its WeChat fields, pending and due when it was made', async () => {
  await addOutboxRows(db(), [row('2026-09-01T01:00:00.000Z', { suggestionId: 'new1' })])
  const stored = await only('new1')
  expect(stored).toEqual({
    _id: stored._id, kind: 'subscribe', to: 'u1', templateKey: 'handedOff', suggestionId: 'new1', status: 'pending', attempts: 0,
    createdAt: '2026-09-01T01:00:00.000Z', dueAt: '2026-09-01T01:00:00.000Z', templateId: 'sanwei-handed-off',
    values: { title: '路灯', deadline: '2026-12-03T08:00:00Z' }, data: { thing1: { value: '路灯' }, time2: { value: '2026-12-03 16:00' }, thing3: { value: '无' } },
  })
  expect(deliveryOf(stored)).toEqual({ status: 'pending', attempts: 0, dueAt: '2026-09-01T01:00:00.000Z' })
  // A row without a due time is due when it was made.
  expect(deliveryOf({ ...stored, dueAt: undefined } as unknown as StoredRow).dueAt).toBe('2026-09-01T01:00:00.000Z')
})

test('leasing takes rows pending and due, or sending with a lapsed lease; not rows due later; a second lease finds nothing', async () => {
  await addOutboxRows(db(), [
    row('2026-09-02T01:00:00.000Z', { suggestionId: 'lease-due' }), row('2026-09-02T05:00:00.000Z', { suggestionId: 'lease-later' }),
  ])
  const due = await only('lease-due')
  const later = await only('lease-later')
  expect(await leaseRows(db(), [], 'L0', '2026-09-02T02:00:00.000Z', 30_000)).toEqual([])
  const got = await leaseRows(db(), [due._id, later._id], 'L1', '2026-09-02T02:00:00.000Z', 30_000)
  expect(got.map((r) => [r._id, r.status, r.leaseId, r.dueAt, r.attempts])).toEqual([[due._id, 'sending', 'L1', '2026-09-02T02:00:30.000Z', 1]])
  expect(await leaseRows(db(), [due._id], 'L2', '2026-09-02T02:00:10.000Z', 30_000)).toEqual([])
  // Its sender died: once the lease has run out, another takes it.
  const retaken = await leaseRows(db(), [due._id], 'L3', '2026-09-02T02:00:30.000Z', 30_000)
  expect(retaken.map((r) => [r.leaseId, r.attempts])).toEqual([['L3', 2]])
})

test('a settlement goes to the rows still leased by its sender only: fields set or dropped, attempts moved, the log kept short', async () => {
  await addOutboxRows(db(), [row('2026-09-03T01:00:00.000Z', { suggestionId: 'mark-a' }), row('2026-09-03T01:00:00.000Z', { suggestionId: 'mark-b' })])
  const a = await only('mark-a')
  const b = await only('mark-b')
  await leaseRows(db(), [a._id], 'LA', '2026-09-03T02:00:00.000Z', 30_000)
  await leaseRows(db(), [b._id], 'LB', '2026-09-03T02:00:00.000Z', 30_000)
  const attempt = { at: '2026-09-03T02:00:01.000Z', errcode: 43101, errmsg: 'user refuse to accept the msg' }
  const failedOnce = { delivery: { status: 'pending', dueAt: '2026-09-03T02:00:31.000Z', lastErrcode: 43101, lastErrmsg: 'user refuse' }, attemptsDelta: 0, logged: attempt } as never
  expect(await markRows(db(), [a._id, b._id], 'LA', failedOnce)).toBe(1)
  const marked = (await getRow(db(), a._id))!
  expect(marked).toMatchObject({ status: 'pending', dueAt: '2026-09-03T02:00:31.000Z', lastErrcode: 43101, lastErrmsg: 'user refuse', attempts: 1, log: [attempt] })
  expect(marked.leaseId).toBeUndefined()
  expect(marked.waitingForLimit).toBeUndefined()
  expect((await getRow(db(), b._id))!.leaseId).toBe('LB')
  // One id alone; a settlement that moves attempts back; eight attempts logged, the last seven kept.
  await leaseRows(db(), [a._id], 'LA2', '2026-09-03T02:00:31.000Z', 30_000)
  for (let i = 0; i < 8; i++) {
    const s = { delivery: { status: 'sending', dueAt: '2026-09-03T03:00:00.000Z' }, attemptsDelta: 0, logged: { at: `2026-09-03T02:01:0${i}.000Z`, errcode: i, errmsg: 'x' } }
    expect(await markRows(db(), [a._id], 'LA2', { ...s, delivery: { ...s.delivery, leaseId: 'LA2' } } as never)).toBe(1)
  }
  const logged = (await getRow(db(), a._id))!.log!
  expect(logged.map((l) => l.errcode)).toEqual([1, 2, 3, 4, 5, 6, 7])
  expect(await markRows(db(), [a._id], 'LA2', { delivery: { status: 'sent', dueAt: '2026-09-03T03:00:00.000Z', sentAt: '2026-09-03T02:02:00.000Z' }, attemptsDelta: -1 } as never)).toBe(1)
  expect(await getRow(db(), a._id)).toMatchObject({ status: 'sent', sentAt: '2026-09-03T02:02:00.000Z', attempts: 1 })
})

test('what a move of delivery changes: its fields, the attempts it adds, the log entry that is new', () => {
  const before = { attempts: 1, log: [{ at: 't1', errcode: 1, errmsg: 'a' }] }
  expect(settlementOf(before, { status: 'pending', attempts: 2, dueAt: 't2', log: [...before.log, { at: 't2', errcode: 2, errmsg: 'b' }] }))
    .toEqual({ delivery: { status: 'pending', dueAt: 't2' }, attemptsDelta: 1, logged: { at: 't2', errcode: 2, errmsg: 'b' } })
  expect(settlementOf(before, { status: 'sent', attempts: 1, dueAt: 't2', sentAt: 't2', log: before.log })).toEqual({ delivery: { status: 'sent', dueAt: 't2', sentAt: 't2' }, attemptsDelta: 0 })
  expect(settlementOf({ attempts: 0 }, { status: 'sent', attempts: 0, dueAt: 't2' })).toEqual({ delivery: { status: 'sent', dueAt: 't2' }, attemptsDelta: 0 })
})

test('a new delivery state replaces the old one whole', async () => {
  await addOutboxRows(db(), [row('2026-09-04T01:00:00.000Z', { suggestionId: 'put1' })])
  const r = await only('put1')
  const withError = await putDelivery(db(), r, { status: 'pending', attempts: 1, dueAt: '2026-09-04T01:01:00.000Z', lastErrcode: 43101, lastErrmsg: 'refused' })
  expect(withError).toMatchObject({ lastErrcode: 43101, values: { title: '路灯', deadline: '2026-12-03T08:00:00Z' } })
  await putDelivery(db(), withError, { status: 'skipped', attempts: 1, dueAt: '2026-09-04T01:01:00.000Z', skipReason: 'noSubscription' } as never)
  const stored = (await getRow(db(), r._id))!
  expect(deliveryOf(stored)).toEqual({ status: 'skipped', attempts: 1, dueAt: '2026-09-04T01:01:00.000Z', skipReason: 'noSubscription' })
  expect(stored.templateKey).toBe('handedOff')
})

test('rows due: lapsed leases first, then pending rows, each oldest first, a quarter of the limit for the lapsed; the next due time', async () => {
  // August: before every other row of this file, so these are the only rows due.
  const at = (d: number) => `2026-08-0${d}T00:00:00.000Z`
  await addOutboxRows(db(), [1, 2, 3, 4, 5].map((d) => row(at(d), { suggestionId: `due${d}` })))
  const ids: Record<number, string> = {}
  for (const d of [1, 2, 3, 4, 5]) ids[d] = (await only(`due${d}`))._id
  // Rows 4 and 5 are being sent, their leases (of no time at all) ended when they were taken.
  await leaseRows(db(), [ids[4]], 'LX', at(4), 0)
  await leaseRows(db(), [ids[5]], 'LX', at(5), 0)
  expect(await dueRowIds(db(), at(5), 1000)).toEqual([ids[4], ids[5], ids[1], ids[2], ids[3]])
  expect(await dueRowIds(db(), at(5), 4)).toEqual([ids[4], ids[1], ids[2], ids[3]])
  expect(await dueRowIds(db(), at(5), 2)).toEqual([ids[4], ids[1], ids[2]])
  expect(await dueRowIds(db(), at(2), 1000)).toEqual([ids[1], ids[2]])
  expect(await nextDueAt(db())).toBe(at(1))
})

test('rows settled as skipped, latest first, or only those due before a time', async () => {
  const skipped = await rowsWithStatus(db(), 'skipped', 10)
  expect(skipped.map((r) => r.suggestionId)).toEqual(['put1'])
  expect(await rowsWithStatus(db(), 'skipped', 10, '2026-09-04T01:01:00.000Z')).toEqual([])
  expect((await rowsWithStatus(db(), 'skipped', 10, '2026-09-04T01:01:00.001Z')).map((r) => r.suggestionId)).toEqual(['put1'])
  expect(await rowsWithStatus(db(), 'failed', 10)).toEqual([])
})
