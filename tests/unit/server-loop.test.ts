// The loop's server-side helpers that need no database: ids handed out in one millisecond, several writes beside one
// commit, a long text checked in parts, and an outbox mark tried again while the database does not answer.
import { newId } from '../../server/ids'
import { together } from '../../server/transaction'
import { checkText } from '../../server/content'
import { markRowsSurely, type Settlement } from '../../server/repositories/outbox'
import type { Scope } from '../../server/db'

const checked: string[] = []
jest.mock('../../server/notify/wx', () => ({
  wxCloud: () => ({
    openapi: {
      security: {
        // As WeChat does: longer than 2,500 characters is refused (47003); a text with 违禁 is risky.
        msgSecCheck: async ({ content }: { content: string }) => {
          checked.push(content)
          if (Array.from(content).length > 2500) throw Object.assign(new Error('too long'), { errCode: 47003, errMsg: 'content is longer than 2500 characters' })
          return { result: { suggest: content.includes('违禁') ? 'risky' : 'pass' } }
        },
      },
    },
  }),
  wxErrorOf: (e: { errCode: number; errMsg: string }) => ({ errCode: e.errCode, errMsg: e.errMsg }),
}))

describe('ids handed out in one millisecond', () => {
  test('stay in the order they were made, 18 plain characters each', () => {
    const at = Date.parse('2026-11-30T01:00:00.000Z')
    const ids = [newId(at), newId(at), newId(at), newId(at + 1)]
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{18}$/)
    expect([...ids].sort()).toEqual(ids)
    // The counter part (characters 10–12) counts up within the millisecond and starts again at the next.
    expect(ids.map((id) => id.slice(9, 12))).toEqual(['000', '001', '002', '000'])
  })
})

describe('writes beside one commit', () => {
  test('none is nothing, one is itself, several apply and undo together', async () => {
    const done: string[] = []
    const side = (name: string) => ({ apply: async () => { done.push(`apply ${name}`) }, undo: async () => { done.push(`undo ${name}`) } })
    expect(together(undefined, undefined)).toBeUndefined()
    const a = side('a')
    expect(together(undefined, a)).toBe(a)
    const both = together(a, undefined, side('b'))!
    await both.apply()
    await both.undo()
    expect(done).toEqual(['apply a', 'apply b', 'undo a', 'undo b'])
  })
})

describe('a text longer than one check', () => {
  test('is checked in parts of 2,500 characters, and the worst verdict wins', async () => {
    checked.length = 0
    const long = '路'.repeat(2500) + '灯'.repeat(2500) + '违禁'
    expect(await checkText('o1', 3, long)).toBe('risky')
    expect(checked.map((t) => Array.from(t).length)).toEqual([2500, 2500, 2])
    checked.length = 0
    expect(await checkText('o1', 3, '路'.repeat(6000))).toBe('pass')
    expect(checked).toHaveLength(3)
    expect(await checkText('o1', 3, '   ')).toBe('pass')
  })
})

describe('an outbox mark the database does not answer', () => {
  const settlement = { delivery: { status: 'sent', dueAt: '2026-11-30T01:00:00.000Z', sentAt: '2026-11-30T01:00:00.000Z' }, attemptsDelta: 1 } as unknown as Settlement
  /** A scope whose update fails `failures` times, then marks `marked` rows; reads answer `readBack`. */
  function scope(failures: number, marked: number, readBack: Record<string, unknown>[] = []) {
    const calls = { updates: 0, reads: 0 }
    const s = {
      collection: () => ({
        where: () => ({
          update: async () => {
            calls.updates++
            if (calls.updates <= failures) throw new Error('database did not answer')
            return { updated: marked }
          },
          limit: () => ({ field: () => ({ get: async () => { calls.reads++; return { data: readBack } } }) }),
        }),
      }),
    }
    return { s: s as unknown as Scope, calls }
  }
  test('is tried again after each wait, then the error is thrown', async () => {
    const { s, calls } = scope(10, 0)
    await expect(markRowsSurely(s, ['r1'], 'L', settlement, [1, 1, 1])).rejects.toThrow('database did not answer')
    expect(calls.updates).toBe(4)
  })
  test('a later try that marks fewer rows counts those the lost try settled, read back', async () => {
    const { s, calls } = scope(1, 1, [
      { _id: 'r1', status: 'sent', dueAt: '2026-11-30T01:00:00.000Z' },
      { _id: 'r2', status: 'sent', dueAt: '2026-11-30T01:00:00.000Z' },
      // Still leased to another sender: not ours.
      { _id: 'r3', status: 'sending', dueAt: '2026-11-30T01:00:30.000Z', leaseId: 'other' },
    ])
    expect(await markRowsSurely(s, ['r1', 'r2', 'r3'], 'L', settlement, [1, 1, 1])).toBe(2)
    expect([calls.updates, calls.reads]).toEqual([2, 1])
  })
  test('a first try answers at once, without reading back', async () => {
    const { s, calls } = scope(0, 2)
    expect(await markRowsSurely(s, ['r1', 'r2', 'r3'], 'L', settlement, [1, 1, 1])).toBe(2)
    expect(calls.reads).toBe(0)
  })
})
