// The pure pieces of issue 11's hardening: the rate window with any clock, well-formed text, the request key.
import { nextWindow, windowStart, type RateWindow } from '../../server/repositories/counters'
import { requestKey } from '../../server/repositories/requests'
import { isWellFormed } from '../../src/domain/schemas'

describe('a person\'s rate window', () => {
  const at = (iso: string) => iso
  test('a day of submissions is the UTC+8 day: 23:59 and 00:01 Beijing time are different days', () => {
    expect(windowStart('submit', at('2026-03-01T15:59:00Z'))).toBe(Date.parse('2026-02-28T16:00:00Z'))
    expect(windowStart('submit', at('2026-03-01T16:01:00Z'))).toBe(Date.parse('2026-03-01T16:00:00Z'))
  })
  test('the count goes up to the limit and stops there', () => {
    let stored: RateWindow | null = null
    for (let i = 1; i <= 3; i++) {
      stored = nextWindow(stored, 'submit', 'u1', '2026-03-01T02:00:00Z', 3)
      expect(stored?.n).toBe(i)
    }
    expect(nextWindow(stored, 'submit', 'u1', '2026-03-01T09:00:00Z', 3)).toBeNull()
  })
  test('a counter of an earlier window starts again from one', () => {
    const full: RateWindow = { _id: 'rate_submit_u1', kind: 'rate', what: 'submit', personId: 'u1', windowStart: Date.parse('2026-02-28T16:00:00Z'), n: 3 }
    expect(nextWindow(full, 'submit', 'u1', '2026-03-01T16:30:00Z', 3)).toMatchObject({ n: 1, windowStart: Date.parse('2026-03-01T16:00:00Z') })
    expect(nextWindow({ ...full, what: 'comment', windowStart: Date.parse('2026-03-01T02:00:00Z') }, 'comment', 'u1', '2026-03-01T03:00:00Z', 3)).toMatchObject({ n: 1 })
  })
})

test('well-formed text: pairs pass, a lone high or low surrogate does not', () => {
  expect(isWellFormed('点赞👍')).toBe(true)
  expect(isWellFormed('a\uD800')).toBe(false)
  expect(isWellFormed('\uDC00a')).toBe(false)
  expect(isWellFormed('a\uD800b')).toBe(false)
})

test('a request key is the same for the same action and input in any key order, and differs otherwise', () => {
  expect(requestKey('comment', { id: 'x', text: '好' })).toBe(requestKey('comment', { text: '好', id: 'x' }))
  expect(requestKey('comment', { id: 'x', text: '好' })).not.toBe(requestKey('comment', { id: 'x', text: '不好' }))
  expect(requestKey('comment', { id: 'x' })).not.toBe(requestKey('second', { id: 'x' }))
})
