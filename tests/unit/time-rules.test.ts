// The time rules at their edges (src/domain/time.ts): when a hand-off is overdue, when the claim ladder climbs, when
// the timer chases again, when a replied item closes by itself — with rules of unequal hours so that each is seen.
import { addHours, autoCloseCutoff, autoCloseDue, chaseDue, DEFAULT_TIME_RULES, isOverdue, ladderRungDue } from '../../src/domain/time'
import type { Suggestion } from '../../src/domain/types'
import { item } from './fixtures'

const rules = { ladderMemberHours: 24, ladderGroupHours: 48, chaseEveryHours: 12, autoCloseDays: 7 }
const AT = '2026-03-01T00:00:00.000Z'
const handOff = (patch: Partial<NonNullable<Suggestion['handOff']>> = {}): Suggestion['handOff'] =>
  ({ target: { kind: 'member', memberId: 'm1' }, at: AT, deadline: '2026-03-08T00:00:00.000Z', byId: 's1', rung: 'member', ...patch })

test('the rules the office starts with', () => {
  expect(DEFAULT_TIME_RULES).toStrictEqual({ ladderMemberHours: 24, ladderGroupHours: 24, chaseEveryHours: 24, autoCloseDays: 7 })
  expect(addHours(AT, 36)).toBe('2026-03-02T12:00:00.000Z')
  expect(addHours(AT, -1)).toBe('2026-02-28T23:00:00.000Z')
})

test('overdue: only assigned or claimed, strictly after the deadline', () => {
  const s = item({ status: 'assigned', handOff: handOff() })
  expect(isOverdue(s, '2026-03-08T00:00:00.000Z')).toBe(false)
  expect(isOverdue(s, '2026-03-08T00:00:00.001Z')).toBe(true)
  expect(isOverdue({ ...s, status: 'claimed' }, '2026-03-09T00:00:00.000Z')).toBe(true)
  expect(isOverdue({ ...s, status: 'replied' }, '2026-03-09T00:00:00.000Z')).toBe(false)
  expect(isOverdue(item({ status: 'assigned' }), '2026-03-09T00:00:00.000Z')).toBe(false)
})

test('the claim ladder: the member has 24 h from the hand-off, then the group 48 h from when it reached them', () => {
  const atMember = item({ status: 'assigned', handOff: handOff() })
  expect(ladderRungDue(atMember, '2026-03-01T23:59:59.999Z', rules)).toBeNull()
  expect(ladderRungDue(atMember, '2026-03-02T00:00:00.000Z', rules)).toBe('sectorGroup')
  const atGroup = item({ status: 'assigned', handOff: handOff({ rung: 'sectorGroup', rungAt: '2026-03-02T00:00:00.000Z' }) })
  expect(ladderRungDue(atGroup, '2026-03-03T00:00:00.000Z', rules)).toBeNull()
  expect(ladderRungDue(atGroup, '2026-03-04T00:00:00.000Z', rules)).toBe('staffAlert')
  // Staff alerted: nothing further; claimed, or handed to a department: no ladder at all.
  expect(ladderRungDue(item({ status: 'assigned', handOff: handOff({ rung: 'staffAlert', rungAt: AT }) }), '2026-04-01T00:00:00.000Z', rules)).toBeNull()
  expect(ladderRungDue({ ...atMember, status: 'claimed' }, '2026-04-01T00:00:00.000Z', rules)).toBeNull()
  expect(ladderRungDue(item({ status: 'assigned', handOff: handOff({ target: { kind: 'department', departmentId: 'd1' } }) }), '2026-04-01T00:00:00.000Z', rules)).toBeNull()
  expect(ladderRungDue(item({ status: 'assigned' }), '2026-04-01T00:00:00.000Z', rules)).toBeNull()
})

test('chasing: an overdue item at once, then again only 12 h after the last chase', () => {
  const overdue = item({ status: 'claimed', handOff: handOff() })
  expect(chaseDue(overdue, '2026-03-07T00:00:00.000Z', rules)).toBe(false)
  expect(chaseDue(overdue, '2026-03-09T00:00:00.000Z', rules)).toBe(true)
  const chased = { ...overdue, lastChasedAt: '2026-03-09T00:00:00.000Z' }
  expect(chaseDue(chased, '2026-03-09T11:59:59.999Z', rules)).toBe(false)
  expect(chaseDue(chased, '2026-03-09T12:00:00.000Z', rules)).toBe(true)
})

test('auto-close: a replied item with its reply 7 days old, not before', () => {
  const replied = item({ status: 'replied', reply: { text: '已办', outcome: 'adopted', at: AT, byId: 'm1' } })
  expect(autoCloseDue(replied, '2026-03-07T23:59:59.999Z', rules)).toBe(false)
  expect(autoCloseDue(replied, '2026-03-08T00:00:00.000Z', rules)).toBe(true)
  expect(autoCloseDue({ ...replied, status: 'closed' }, '2026-04-01T00:00:00.000Z', rules)).toBe(false)
  expect(autoCloseDue(item({ status: 'replied' }), '2026-04-01T00:00:00.000Z', rules)).toBe(false)
  expect(autoCloseCutoff('2026-03-08T00:00:00.000Z', rules)).toBe(AT)
})
