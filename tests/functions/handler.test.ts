// The steps every call goes through (server/handler.ts), seen from the answers: the action's name, errors as envelopes,
// who is calling, a first-time caller stored by their first change, a mutation's request id answering its first answer,
// a refused change writing nothing. Small probe actions run in-process through createMain, against a local CloudBase.
import * as v from 'valibot'
import { main as org } from '../../cloudfunctions/org/src'
import { action, createMain, mutate, startsTransaction, type ActionDef } from '../../server/handler'
import { domainError } from '../../src/domain/commands'
import { db, getById } from '../../server/db'
import { personIdFor } from '../../server/ids'
import { ADMIN, expectOk, rid } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(60_000)
let runs = 0
const probe: Record<string, ActionDef> = {
  whoAmI: action(false, v.strictObject({}), async (ctx) => ({
    now: ctx.now, action: ctx.action, requestKey: ctx.requestKey ?? null, openData: 'openData' in ctx ? ctx.openData : 'none',
    stored: ctx.caller.person?._id ?? null, personId: ctx.caller.personId, roles: ctx.caller.actor.roles,
    staffScope: ctx.caller.actor.staffScope ?? null, departmentIds: ctx.caller.actor.departmentIds ?? null,
  })),
  refuse: action(false, v.strictObject({ field: v.optional(v.string()) }), async (_ctx, input) =>
    input.field ? domainError('NOT_FOUND', '没有这个东西', input.field) : { ok: false, code: 'FORBIDDEN', message: '' }),
  crash: action(false, v.strictObject({}), async () => { throw new Error('a bug') }),
  count: action(true, v.strictObject({ n: v.number() }), async (ctx, input) => mutate(ctx, async () => ({ written: { n: input.n, run: ++runs } }))),
  other: action(true, v.strictObject({ n: v.number() }), async (ctx, input) => mutate(ctx, async () => ({ written: { other: input.n } }))),
  // Writes a mark once per person; a second time the mark is there and the change is refused (as a claimed item is).
  once: action(true, v.strictObject({ refuse: v.optional(v.boolean()) }), async (ctx, input) => mutate(ctx, async (t) => {
    const id = `mark-${ctx.caller.personId}`
    if (await getById(t, 'notices', id)) return domainError('CONFLICT', '已经做过了')
    await t.collection('notices').doc(id).set({ text: 'mark', at: ctx.now })
    return input.refuse ? domainError('INVALID_INPUT', '最后拒绝', 'refuse') : { written: { marked: true } }
  })),
  // Marked to start its transaction with the role lookup; refused before it needs one when asked.
  early: action(true, v.strictObject({ refuse: v.optional(v.boolean()) }), startsTransaction(async (ctx, input) =>
    input.refuse ? domainError('FORBIDDEN') : mutate(ctx, async () => ({ written: { done: true } })))),
  // A change whose work stored the caller itself.
  selfStored: action(true, v.strictObject({}), async (ctx) => mutate(ctx, async () => ({ written: {}, storedCaller: true }))),
}

let p: InProcess
beforeAll(async () => {
  p = await startInProcess({ probe, org: org as never }, testClock('2026-06-01T08:30:00.000Z'))
})
afterAll(async () => { await p?.stop() })

test('an action name that is only inherited from Object is unknown, named as the action', async () => {
  for (const name of ['constructor', 'toString', 'nosuch']) {
    expect(await p.call('probe', 'h-citizen', name, {})).toEqual({ ok: false, code: 'INVALID_INPUT', message: '未知的操作', field: 'action' })
  }
})

test('a domain error keeps its message and names its field; an empty message becomes the code\'s, with no field', async () => {
  expect(await p.call('probe', 'h-citizen', 'refuse', { field: 'thing' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '没有这个东西', field: 'thing' })
  expect(await p.call('probe', 'h-citizen', 'refuse', {})).toEqual({ ok: false, code: 'FORBIDDEN', message: '您没有权限进行此操作' })
})

test('an action that throws answers INTERNAL with the busy message, never the error', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  expect(await p.call('probe', 'h-citizen', 'crash', {})).toEqual({ ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后再试' })
  quiet.mockRestore()
})

test('who is calling: the time from the call\'s clock, a request key on mutations only, open data only when sent', async () => {
  const asked = expectOk(await p.call('probe', 'h-reader', 'whoAmI', {}))
  expect(asked).toEqual({
    now: '2026-06-01T08:30:00.000Z', action: 'whoAmI', requestKey: null, openData: 'none', stored: null,
    personId: personIdFor('h-reader'), roles: ['citizen'], staffScope: null, departmentIds: null,
  })
  const main = createMain(probe, () => new Date('2026-06-02T00:00:00.000Z'))
  const withData = await main({ action: 'whoAmI', input: {}, openData: { cloudID: 'x', data: { openGId: 'g1' } } }) as { data: { openData: unknown; now: string } }
  expect(withData.data.openData).toEqual({ cloudID: 'x', data: { openGId: 'g1' } })
  expect(withData.data.now).toBe('2026-06-02T00:00:00.000Z')
})

test('the first admins come from configuration: admin and every town, before and after their first change stores them', async () => {
  const before = expectOk(await p.call('probe', ADMIN, 'whoAmI', {}))
  expect([before.roles, before.staffScope, before.stored]).toEqual([['citizen', 'admin'], 'all', null])
  expectOk(await p.act('probe', ADMIN, 'count', { n: 1 }))
  const after = expectOk(await p.call('probe', ADMIN, 'whoAmI', {}))
  expect([after.roles, after.staffScope, after.stored]).toEqual([['citizen', 'admin'], 'all', personIdFor(ADMIN)])
  // Stored as what they are: an admin over every town (so they stay staff of every town if configuration changes).
  const stored = await getById<Record<string, unknown>>(db(), 'users', personIdFor(ADMIN))
  expect(stored).toMatchObject({ roles: ['citizen', 'admin'], staffScope: 'all', sectorGroupIds: [], boundVillageIds: [], createdAt: '2026-06-01T08:30:00.000Z' })
})

test('a stored person\'s roles, scope and departments are who they are', async () => {
  const id = expectOk(await p.act('org', 'h-handler', 'updateProfile', { name: '住建局办理人' })).id
  const department = expectOk(await p.act('org', ADMIN, 'upsertDepartment', { name: '市水务局' })).id
  const town = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '当湖街道', order: 1 })).id
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: id, roles: ['citizen', 'staff', 'departmentHandler'], staffScope: [town], departmentIds: [department] }))
  const me = expectOk(await p.call('probe', 'h-handler', 'whoAmI', {}))
  expect([me.stored, me.roles, me.staffScope, me.departmentIds]).toEqual([id, ['citizen', 'staff', 'departmentHandler'], [town], [department]])
  // A change by someone stored already leaves them as they are.
  expectOk(await p.act('probe', 'h-handler', 'count', { n: 3 }))
  expect(expectOk(await p.call('org', 'h-handler', 'me', {})).name).toBe('住建局办理人')
})

test('a first-time caller is stored by their first change, as 微信用户 and the end of their id; not when the change stored them itself', async () => {
  expect(expectOk(await p.call('probe', 'h-newcomer', 'whoAmI', {})).stored).toBeNull()
  expectOk(await p.act('probe', 'h-newcomer', 'count', { n: 1 }))
  const id = personIdFor('h-newcomer')
  expect(expectOk(await p.call('probe', 'h-newcomer', 'whoAmI', {})).stored).toBe(id)
  const me = expectOk(await p.call('org', 'h-newcomer', 'me', {}))
  expect(me.name).toBe(`微信用户${id.slice(-4)}`)
  expectOk(await p.act('probe', 'h-self-stored', 'selfStored', {}))
  expect(expectOk(await p.call('probe', 'h-self-stored', 'whoAmI', {})).stored).toBeNull()
})

test('a mutation without a request id is refused naming it; with one, a retry answers the first answer and runs nothing', async () => {
  expect(await p.call('probe', 'h-tapper', 'count', { n: 1 })).toEqual({ ok: false, code: 'INVALID_INPUT', message: '缺少请求编号', field: 'requestId' })
  const requestId = rid()
  const first = expectOk(await p.call('probe', 'h-tapper', 'count', { n: 1 }, requestId))
  const again = expectOk(await p.call('probe', 'h-tapper', 'count', { n: 1 }, requestId))
  expect(again).toEqual(first)
  // The same id for other input, or for another action: CONFLICT naming the request id.
  const reused = { ok: false, code: 'CONFLICT', message: '请求编号已用于另一操作，请刷新后重试', field: 'requestId' }
  expect(await p.call('probe', 'h-tapper', 'count', { n: 2 }, requestId)).toEqual(reused)
  expect(await p.call('probe', 'h-tapper', 'other', { n: 1 }, requestId)).toEqual(reused)
  // Another person's use of the same id is their own request.
  expect(expectOk(await p.call('probe', 'h-other-tapper', 'count', { n: 2 }, requestId)).n).toBe(2)
})

test('a retry of a change that succeeded meets the state it made and still answers as the first time; a new request is refused', async () => {
  const requestId = rid()
  const first = expectOk(await p.call('probe', 'h-marker', 'once', {}, requestId))
  expect(first).toEqual({ marked: true })
  expect(await p.call('probe', 'h-marker', 'once', {}, requestId)).toEqual({ ok: true, data: { marked: true } })
  expect(await p.act('probe', 'h-marker', 'once', {})).toEqual({ ok: false, code: 'CONFLICT', message: '已经做过了' })
})

test('a change refused after its writes writes nothing: sent again, it meets no mark and is refused the same way; the caller stays unstored', async () => {
  const requestId = rid()
  const refused = { ok: false, code: 'INVALID_INPUT', message: '最后拒绝', field: 'refuse' }
  expect(await p.call('probe', 'h-refused', 'once', { refuse: true }, requestId)).toEqual(refused)
  expect(await p.call('probe', 'h-refused', 'once', { refuse: true }, requestId)).toEqual(refused)
  expect(expectOk(await p.call('probe', 'h-refused', 'whoAmI', {})).stored).toBeNull()
})

test('a command marked to start its transaction early runs in that one transaction; refused before it needs it, that one is let go', async () => {
  const database = db() as unknown as { startTransaction(): Promise<{ rollback(): Promise<unknown> }> }
  const real = database.startTransaction.bind(database)
  const seen = { started: 0, rolledBack: 0 }
  const spy = jest.spyOn(database, 'startTransaction').mockImplementation(async () => {
    seen.started++
    const t = await real()
    const rollback = t.rollback.bind(t)
    t.rollback = async () => { seen.rolledBack++; return rollback() }
    return t
  })
  try {
    expect(expectOk(await p.act('probe', 'h-early', 'early', {}))).toEqual({ done: true })
    expect(seen).toEqual({ started: 1, rolledBack: 0 })
    expect(await p.act('probe', 'h-early', 'early', { refuse: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // The unused transaction is let go after the answer, without holding it up.
    for (let i = 0; i < 50 && seen.rolledBack === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(seen).toEqual({ started: 2, rolledBack: 1 })
  } finally {
    spy.mockRestore()
  }
})
