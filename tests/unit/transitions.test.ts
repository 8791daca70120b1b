import { COMMANDS, ENDED_STATUSES, TRANSITIONS, allowsFrom, isAllowedMove, isEnded } from '../../src/domain/transitions'
import { STATUSES, type SuggestionStatus } from '../../src/domain/types'

// The table of ARCHITECTURE.md section 4, written out again by hand: the code's table must say the same.
const EXPECTED_FROM: Record<string, SuggestionStatus[]> = {
  submit: [],
  approve: ['pendingReview'],
  reject: ['pendingReview', 'submitted'],
  accept: ['submitted'],
  merge: ['submitted', 'accepted'],
  withdraw: ['pendingReview', 'submitted', 'accepted'],
  openConsultation: ['accepted'],
  comment: ['submitted', 'accepted', 'consulting', 'assigned', 'claimed', 'replied'],
  second: ['submitted', 'accepted', 'consulting', 'assigned', 'claimed', 'replied'],
  concludeConsultation: ['consulting'],
  handOff: ['accepted'],
  claim: ['assigned'],
  returnItem: ['assigned', 'claimed'],
  reassign: ['assigned', 'claimed'],
  progress: ['claimed'],
  reply: ['claimed'],
  recordReply: ['assigned', 'claimed'],
  rate: ['replied'],
  chase: ['assigned', 'claimed'],
  close: ['replied'],
  escalate: ['assigned'],
  remindConsultation: ['consulting'],
  takeOver: ['pendingReview', 'submitted', 'accepted', 'consulting', 'assigned', 'claimed', 'replied'],
}

describe('the transition table', () => {
  for (const command of COMMANDS) {
    for (const status of STATUSES) {
      const allowed = EXPECTED_FROM[command].includes(status)
      test(`${command} ${allowed ? 'is' : 'is not'} allowed from ${status}`, () => {
        expect(allowsFrom(command, status)).toBe(allowed)
      })
    }
  }

  test('only submit starts from nothing', () => {
    expect(COMMANDS.filter((c) => allowsFrom(c, null))).toStrictEqual(['submit'])
  })

  test('no command leaves an ended status', () => {
    for (const command of COMMANDS) for (const status of ENDED_STATUSES) expect(allowsFrom(command, status)).toBe(false)
  })

  test.each([
    ['accept', 'submitted', 'accepted', true],
    ['accept', 'submitted', 'closed', false],
    ['rate', 'replied', 'closed', true],
    ['rate', 'replied', 'claimed', true],
    ['rate', 'replied', 'assigned', true],
    ['rate', 'replied', 'accepted', false],
    ['comment', 'consulting', 'consulting', true],
    ['comment', 'consulting', 'accepted', false],
    ['concludeConsultation', 'consulting', 'assigned', true],
    ['submit', null, 'pendingReview', true],
  ] as const)('%s from %s to %s: %s', (command, from, to, ok) => {
    expect(isAllowedMove(command, from, to)).toBe(ok)
  })

  test('closed, rejected, merged and withdrawn are the ended states', () => {
    expect(STATUSES.filter(isEnded).sort()).toStrictEqual(['closed', 'merged', 'rejected', 'withdrawn'])
    expect(Object.keys(TRANSITIONS).sort()).toStrictEqual(Object.keys(EXPECTED_FROM).sort())
  })
})

test('a move is allowed only from a status the command starts from, even when its target is right', () => {
  expect(isAllowedMove('claim', 'assigned', 'claimed')).toBe(true)
  expect(isAllowedMove('claim', 'accepted', 'claimed')).toBe(false)
  expect(isAllowedMove('reply', 'assigned', 'replied')).toBe(false)
})
