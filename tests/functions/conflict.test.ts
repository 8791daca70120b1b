// A transaction that keeps conflicting: the server re-runs it as the SDK would, then answers CONFLICT (or, for a retry
// whose first attempt did commit, that first answer). The database is a stand-in whose every commit conflicts, because
// the local CloudBase cannot be made to lose every retry on demand.
import { mutate, type Ctx } from '../../server/handler'
import { runSystemCommand } from '../../server/suggestionCommands'
import type { Config } from '../../server/config'

const conflictError = () => Object.assign(new Error('transaction conflict'), { code: 'DATABASE_TRANSACTION_CONFLICT' })

/** A database whose transactions all conflict at commit; `answers` are the stored idempotency records (answer, key, action) by id. */
function conflictingDb(answers: Map<string, unknown> = new Map(), items: Map<string, unknown> = new Map()) {
  const stats = { started: 0, committed: 0, rolledBack: 0, writes: 0 }
  const doc = (name: string, id: string) => ({
    get: async () => ({ data: name === 'requests' && answers.has(id) ? [{ _id: id, ...(answers.get(id) as object) }] : [] }),
    create: async () => { stats.writes++ ; return {} },
    set: async () => { stats.writes++ ; return {} },
  })
  const database = {
    command: {},
    collection: (name: string) => ({ doc: (id: string) => doc(name, id) }),
    startTransaction: async () => {
      stats.started++
      return {
        collection: (name: string) => ({ doc: (id: string) => ({ ...doc(name, id), get: async () => ({ data: name === 'suggestions' ? items.get(id) ?? null : null }) }) }),
        commit: async () => { throw conflictError() },
        rollback: async () => { stats.rolledBack++ },
      }
    },
  }
  return { database, stats }
}

let current: ReturnType<typeof conflictingDb>
jest.mock('../../server/db', () => {
  const actual = jest.requireActual('../../server/db')
  return { ...actual, db: () => current.database, cloud: () => ({ database: () => current.database }) }
})

const cfg = { submitsPerDay: 10, commentsPerHour: 10, ladderMemberHours: 24, ladderGroupHours: 24, chaseEveryHours: 24, autoCloseDays: 7, adminOpenids: [], pageSize: 20 } as unknown as Config
function ctx(): Ctx {
  return {
    caller: { openid: 'o1', personId: 'p1', person: { _id: 'p1' } as never, actor: { personId: 'p1', roles: ['citizen'], sectorGroupIds: [], boundVillageIds: [] } },
    cfg, now: '2026-03-01T00:00:00.000Z', action: 'claim', requestId: 'req-1', requestKey: 'claim-key',
  } as Ctx
}

test('a change that still conflicts after the retries answers CONFLICT, having tried four times and committed nothing', async () => {
  current = conflictingDb()
  const answer = await mutate(ctx(), async () => ({ written: { id: 'i1', status: 'claimed' } }))
  expect(answer).toMatchObject({ ok: false, code: 'CONFLICT' })
  expect(current.stats).toMatchObject({ started: 4, committed: 0, rolledBack: 4 })
})

test('a retry that conflicts with its own first attempt, which committed, answers as the first attempt did', async () => {
  // The record as the first attempt stored it: its answer under the same action and input (ctx.requestKey).
  current = conflictingDb(new Map([['p1_req-1', { answer: { id: 'i1', status: 'claimed', eventId: 'e1' }, key: 'claim-key', action: 'claim' }]]))
  const answer = await mutate(ctx(), async () => ({ written: { id: 'i1', status: 'claimed', eventId: 'e2' } }))
  expect(answer).toEqual({ id: 'i1', status: 'claimed', eventId: 'e1' })
  // The same request id that first asked for something else: CONFLICT naming requestId, not the other answer.
  expect(await mutate({ ...ctx(), requestKey: 'other-key' } as Ctx, async () => ({ written: { id: 'i1', status: 'claimed', eventId: 'e3' } })))
    .toMatchObject({ ok: false, code: 'CONFLICT', field: 'requestId' })
})

test('the timer\'s auto-close that keeps conflicting answers CONFLICT too, after four tries', async () => {
  const replied = {
    _id: 'i1', title: '孝心停车位', content: '医院门口', category: 'traffic', townId: 't1', villageId: 'v1', images: [], anonymous: false,
    channel: 'online', authorId: 'c1', status: 'replied', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    reply: { text: '已办', outcome: 'adopted', at: '2026-01-02T00:00:00.000Z', byId: 'm1' },
    reopenCount: 0, chaseCount: 0, secondCount: 0, commentCount: 0, mergedFromIds: [], version: 5,
  }
  current = conflictingDb(new Map(), new Map([['i1', replied]]))
  expect(await runSystemCommand('close', 'i1', '2026-03-01T00:00:00.000Z', cfg)).toMatchObject({ ok: false, code: 'CONFLICT' })
  expect(current.stats).toMatchObject({ started: 4, committed: 0 })
})
