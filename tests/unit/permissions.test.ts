import { COMMANDS, TRANSITIONS, type Actor as Relation } from '../../src/domain/transitions'
import { STATUSES } from '../../src/domain/types'
import { allowedActions, can } from '../../src/domain/permissions'
import { actorOf, item } from './fixtures'

// The fixture item: by c1, in town t1, handed to m1 (who is in group g1 with m2). Who holds which relation to it,
// written by hand: can() must agree with the table's `by` through exactly these relations.
const handedToMember = item({ status: 'assigned', handOff: { target: { kind: 'member', memberId: 'm1' }, deadline: '2026-04-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000Z', byId: 'sAll', rung: 'member' } })
const claimedByM2 = item({ status: 'claimed', handlerId: 'm2', handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, deadline: '2026-04-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000Z', byId: 'sAll', rung: 'sectorGroup' } })

const RELATIONS_TO_HANDED: Record<string, Relation[]> = {
  c1: ['author', 'anyone'],
  c2: ['anyone'],
  m1: ['target', 'anyone'],
  m2: ['anyone'],
  m3: ['anyone'],
  sAll: ['staff', 'anyone'],
  sT1: ['staff', 'anyone'],
  sT2: ['anyone'],
  adm: ['staff', 'anyone'],
  d1h: ['anyone'],
  d2h: ['anyone'],
  system: ['system'],
}
const RELATIONS_TO_CLAIMED: Record<string, Relation[]> = {
  ...RELATIONS_TO_HANDED,
  m1: ['target', 'anyone'], // in group g1
  m2: ['target', 'handler', 'anyone'],
}

// Handed to department d1 (handler d1h) and claimed by d1h: staff of the town also stand in for the department.
const claimedByD1h = item({ status: 'claimed', handlerId: 'd1h', handOff: { target: { kind: 'department', departmentId: 'd1' }, deadline: '2026-04-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000Z', byId: 'sAll', rung: 'sectorGroup' } })
const RELATIONS_TO_DEPARTMENT_ITEM: Record<string, Relation[]> = {
  ...RELATIONS_TO_HANDED,
  m1: ['anyone'],
  sAll: ['staff', 'departmentProxy', 'anyone'],
  sT1: ['staff', 'departmentProxy', 'anyone'],
  adm: ['staff', 'departmentProxy', 'anyone'],
  d1h: ['target', 'handler', 'anyone'],
  d2h: ['anyone'],
}

describe.each([
  ['an item handed to member m1', handedToMember, RELATIONS_TO_HANDED],
  ['an item handed to group g1 and claimed by m2', claimedByM2, RELATIONS_TO_CLAIMED],
  ['an item handed to department d1 and claimed by its handler d1h', claimedByD1h, RELATIONS_TO_DEPARTMENT_ITEM],
])('permissions on %s', (_name, it, relations) => {
  for (const command of COMMANDS) {
    for (const [who, held] of Object.entries(relations)) {
      const expected = (TRANSITIONS[command].by as readonly Relation[]).some((r) => held.includes(r))
      test(`${who} ${expected ? 'may' : 'may not'} ${command}, whatever the status (the table's from-list decides that)`, () => {
        for (const status of STATUSES) {
          const at = command === 'submit' ? null : { ...it, status }
          expect(can(actorOf(who), command, at)).toBe(command === 'submit' ? who !== 'system' : expected)
          // The buttons: both the relation and the status must allow it.
          // escalate (the timer's) and takeOver (from the resident's own screen, with a code or a phone) are never buttons.
          if (at && command !== 'escalate' && command !== 'takeOver' && who !== 'system') {
            expect(allowedActions(actorOf(who), at).includes(command)).toBe(expected && (TRANSITIONS[command].from as readonly string[]).includes(status))
          }
        }
      })
    }
  }
})

describe('permissions people would ask about', () => {
  test('a member of the sector group can claim an item handed to the group', () => {
    const toGroup = item({ status: 'assigned', handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, deadline: '2026-04-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000Z', byId: 'sAll', rung: 'sectorGroup' } })
    expect(can(actorOf('m2'), 'claim', toGroup)).toBe(true)
    expect(can(actorOf('m3'), 'claim', toGroup)).toBe(false)
  })
  test('staff of another town cannot accept, staff of all towns and admins can', () => {
    expect(can(actorOf('sT2'), 'accept', item())).toBe(false)
    expect(can(actorOf('sT1'), 'accept', item())).toBe(true)
    expect(can(actorOf('sAll'), 'accept', item())).toBe(true)
    expect(can(actorOf('adm'), 'accept', item())).toBe(true)
  })
  test('only the author withdraws or rates', () => {
    expect(can(actorOf('c1'), 'withdraw', item())).toBe(true)
    expect(can(actorOf('c2'), 'withdraw', item())).toBe(false)
    expect(can(actorOf('sAll'), 'rate', item({ status: 'replied' }))).toBe(false)
  })
  test('a department hand-off is claimed by that department\'s handlers only; staff of its town may record its reply', () => {
    const toDept = item({ status: 'assigned', handOff: { target: { kind: 'department', departmentId: 'd1' }, deadline: '2026-04-01T00:00:00.000Z', at: '2026-03-01T00:00:00.000Z', byId: 'sAll', rung: 'sectorGroup' } })
    for (const who of ['m1', 'm2', 'm3', 'c1', 'd2h', 'sAll']) expect(can(actorOf(who), 'claim', toDept)).toBe(false)
    expect(can(actorOf('d1h'), 'claim', toDept)).toBe(true)
    expect(allowedActions(actorOf('d1h'), toDept).sort()).toEqual(['claim', 'comment', 'returnItem', 'second'])
    expect(can(actorOf('sT1'), 'recordReply', toDept)).toBe(true)
    expect(can(actorOf('sT2'), 'recordReply', toDept)).toBe(false)
    expect(can(actorOf('d1h'), 'recordReply', toDept)).toBe(false)
    expect(can(actorOf('sAll'), 'recordReply', handedToMember)).toBe(false)
  })
  test('taking over a recorded item is never offered as a button on the detail', () => {
    const recorded = item({ recordedById: 'sAll', onBehalfOf: { name: '张阿姨', phone: '13900001111' }, pendingTakeover: { code: 'ABCDEFGH', phone: '13900001111' } })
    for (const who of ['c1', 'c2', 'sAll', 'm1']) expect(allowedActions(actorOf(who), recorded)).not.toContain('takeOver')
  })
  test('the timer is not "anyone": it cannot comment or submit', () => {
    expect(can(actorOf('system'), 'comment', item())).toBe(false)
    expect(can(actorOf('system'), 'submit', null)).toBe(false)
  })
})

describe('allowedActions: the buttons a viewer sees', () => {
  test('for every status, only commands the table allows from it', () => {
    for (const status of STATUSES) {
      for (const who of Object.keys(RELATIONS_TO_HANDED).filter((w) => w !== 'system')) {
        const actions = allowedActions(actorOf(who), { ...handedToMember, status })
        for (const a of actions) expect((TRANSITIONS[a].from as readonly string[]).includes(status)).toBe(true)
      }
    }
  })
  test('the bound member sees claim and return on an item handed to them; the author sees comment and second', () => {
    expect(allowedActions(actorOf('m1'), handedToMember).sort()).toEqual(['claim', 'comment', 'returnItem', 'second'])
    expect(allowedActions(actorOf('c1'), handedToMember).sort()).toEqual(['comment', 'second'])
    expect(allowedActions(actorOf('sAll'), handedToMember).sort()).toEqual(['chase', 'comment', 'reassign', 'second'])
  })
})
