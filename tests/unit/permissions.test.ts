// Who may take each command, written out by hand per relation to the item — not derived from TRANSITIONS' `by` lists —
// so a change to the code's table or to can() that gives a command to the wrong person fails here.
import type { Suggestion, SuggestionStatus } from '../../src/domain/types'
import { STATUSES } from '../../src/domain/types'
import { COMMANDS, type Command } from '../../src/domain/transitions'
import { allowedActions, can, canBindGroup, canRecordFor, canSeePendingGroups, canSeeReach, canSeeVillageItems, canView, figuresReachOf, isRecorder, isTarget, seesPrivateDetails, SYSTEM_ACTOR } from '../../src/domain/permissions'
import { actorOf, item } from './fixtures'

// The people, by their relation to the fixture items (author c1, town t1, village v1 bound to m1):
//   c1 author · c2 another citizen · m1 bound member, in group g1 · m2 member in g1 · m3 member in no group
//   xm listed in g1 but without the member role · sT1 staff of t1 · sAll staff of every town · sT2 staff of another town
//   adm admin · d1h handler of department d1 · d2h handler of department d2 · system the timer
// (Staff of the town stand in for a department to record its written reply: recordReply.)
const PEOPLE = ['c1', 'c2', 'm1', 'm2', 'm3', 'xm', 'sT1', 'sAll', 'sT2', 'adm', 'd1h', 'd2h', 'system'] as const
type Who = (typeof PEOPLE)[number]

const EVERYONE: Who[] = PEOPLE.filter((p) => p !== 'system')
const STAFF: Who[] = ['sT1', 'sAll', 'adm']

const deadline = '2026-04-01T00:00:00.000Z'
const at = '2026-03-01T00:00:00.000Z'
const handedToM1 = item({ status: 'assigned', handOff: { target: { kind: 'member', memberId: 'm1' }, deadline, at, byId: 'sAll', rung: 'member' } })
const claimedByM2 = item({ status: 'claimed', handlerId: 'm2', handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, deadline, at, byId: 'sAll', rung: 'sectorGroup' } })
const handedToD1 = item({ status: 'assigned', handOff: { target: { kind: 'department', departmentId: 'd1' }, deadline, at, byId: 'sAll', rung: 'sectorGroup' } })
const claimedByDh = { ...handedToD1, status: 'claimed' as const, handlerId: 'd1h' }

/** The same on every item: staff commands, the author's, the thread's, the timer's. */
const COMMON: Omit<Record<Command, Who[]>, 'claim' | 'returnItem' | 'progress' | 'reply' | 'recordReply'> = {
  submit: EVERYONE,
  approve: STAFF, reject: STAFF, accept: STAFF, merge: STAFF, openConsultation: STAFF, concludeConsultation: STAFF,
  handOff: STAFF, reassign: STAFF,
  withdraw: ['c1'], rate: ['c1'],
  comment: EVERYONE, second: EVERYONE,
  chase: [...STAFF, 'system'], close: [...STAFF, 'system'],
  escalate: ['system'], remindConsultation: ['system'],
  // Anyone may try to take over an item recorded for a resident; the code or the phone decides (commands.ts), not the relation.
  takeOver: EVERYONE,
}

const TABLES: [string, Suggestion, Record<Command, Who[]>][] = [
  ['an item handed to member m1, not yet claimed', handedToM1, { ...COMMON, claim: ['m1'], returnItem: ['m1'], progress: [], reply: [], recordReply: [] }],
  ['an item handed to group g1 and claimed by m2', claimedByM2, { ...COMMON, claim: ['m1', 'm2'], returnItem: ['m1', 'm2'], progress: ['m2'], reply: ['m2'], recordReply: [] }],
  ['an item handed to department d1, not yet claimed', handedToD1, { ...COMMON, claim: ['d1h'], returnItem: ['d1h'], progress: [], reply: [], recordReply: STAFF }],
  ['an item handed to department d1 and claimed by its handler d1h', claimedByDh, { ...COMMON, claim: ['d1h'], returnItem: ['d1h'], progress: ['d1h'], reply: ['d1h'], recordReply: STAFF }],
]

// From which statuses each command may be taken (ARCHITECTURE.md section 4, by hand), for the buttons.
const OPEN: SuggestionStatus[] = ['submitted', 'accepted', 'consulting', 'assigned', 'claimed', 'replied']
const FROM: Record<Command, SuggestionStatus[]> = {
  submit: [], approve: ['pendingReview'], reject: ['pendingReview', 'submitted'], accept: ['submitted'],
  merge: ['submitted', 'accepted'], withdraw: ['pendingReview', 'submitted', 'accepted'], openConsultation: ['accepted'],
  comment: OPEN, second: OPEN, concludeConsultation: ['consulting'], handOff: ['accepted'], claim: ['assigned'],
  returnItem: ['assigned', 'claimed'], reassign: ['assigned', 'claimed'], progress: ['claimed'], reply: ['claimed'],
  recordReply: ['assigned', 'claimed'], rate: ['replied'], chase: ['assigned', 'claimed'], close: ['replied'], escalate: ['assigned'],
  remindConsultation: ['consulting'],
  takeOver: ['pendingReview', ...OPEN],
}

describe.each(TABLES)('who may act on %s', (_name, it, table) => {
  test('the table names every command', () => {
    expect(Object.keys(table).sort()).toStrictEqual([...COMMANDS].sort())
  })
  for (const command of COMMANDS) {
    for (const who of PEOPLE) {
      const may = table[command].includes(who)
      test(`${who} ${may ? 'may' : 'may not'} ${command}`, () => {
        expect(can(actorOf(who), command, command === 'submit' ? null : it)).toBe(may)
      })
    }
  }
  for (const who of EVERYONE) {
    test(`the buttons ${who} sees, for every status: exactly the commands they may take from it`, () => {
      for (const status of STATUSES) {
        // takeOver is taken from 我的 with a code or a phone, never offered as a button on the item.
        const expected = COMMANDS.filter((c) => c !== 'submit' && c !== 'escalate' && c !== 'takeOver' && table[c].includes(who) && FROM[c].includes(status))
        expect([status, allowedActions(actorOf(who), { ...it, status }).sort()]).toStrictEqual([status, expected.sort()])
      }
    })
  }
})

describe('permissions people would ask about', () => {
  test('only the author withdraws: not staff of the town, not staff of every town, not an admin', () => {
    for (const who of ['sT1', 'sAll', 'adm', 'c2', 'm1']) expect([who, can(actorOf(who), 'withdraw', item())]).toStrictEqual([who, false])
    expect(can(actorOf('c1'), 'withdraw', item())).toBe(true)
  })
  test('someone in the group list who lost the member role cannot claim, even an item handed to them by name', () => {
    const toXm = item({ status: 'assigned', handOff: { target: { kind: 'member', memberId: 'xm' }, deadline, at, byId: 'sAll', rung: 'member' } })
    expect(can(actorOf('xm'), 'claim', toXm)).toBe(false)
    expect(can(actorOf('xm'), 'claim', claimedByM2)).toBe(false)
  })
  test('staff of another town cannot accept; staff of the town, of every town and admins can', () => {
    expect(can(actorOf('sT2'), 'accept', item())).toBe(false)
    expect(can(actorOf('sT1'), 'accept', item())).toBe(true)
    expect(can(actorOf('sAll'), 'accept', item())).toBe(true)
    expect(can(actorOf('adm'), 'accept', item())).toBe(true)
  })
  test('private details (phone, who recorded it for whom) reach staff of the item\'s town only', () => {
    const seers = EVERYONE.filter((who) => seesPrivateDetails(actorOf(who), item()))
    expect(seers).toStrictEqual(['sT1', 'sAll', 'adm'])
  })
  test('a department hand-off is claimed by that department\'s handlers only; staff of its town may record its reply', () => {
    for (const who of ['m1', 'm2', 'm3', 'c1', 'd2h', 'sAll']) expect([who, can(actorOf(who), 'claim', handedToD1)]).toStrictEqual([who, false])
    expect(can(actorOf('d1h'), 'claim', handedToD1)).toBe(true)
    expect(allowedActions(actorOf('d1h'), handedToD1).sort()).toStrictEqual(['claim', 'comment', 'returnItem', 'second'])
    expect([can(actorOf('sT1'), 'recordReply', handedToD1), can(actorOf('sT2'), 'recordReply', handedToD1), can(actorOf('d1h'), 'recordReply', handedToD1)]).toStrictEqual([true, false, false])
  })
  test('the timer is not "anyone": it cannot comment or submit', () => {
    expect(can(actorOf('system'), 'comment', item())).toBe(false)
    expect(can(actorOf('system'), 'submit', null)).toBe(false)
  })
})

describe('whose figures each person may read', () => {
  test('admins and county staff all; staff of some towns those towns; a member their own; a citizen none', () => {
    expect(figuresReachOf(actorOf('adm'))).toStrictEqual({ kind: 'all' })
    expect(figuresReachOf(actorOf('sAll'))).toStrictEqual({ kind: 'all' })
    // Staff with no scope recorded are county staff (the scope defaults to every town).
    const { staffScope: _, ...unscoped } = actorOf('sAll')
    expect(figuresReachOf(unscoped)).toStrictEqual({ kind: 'all' })
    expect(figuresReachOf(actorOf('sT1'))).toStrictEqual({ kind: 'towns', townIds: ['t1'] })
    expect(figuresReachOf(actorOf('m1'))).toStrictEqual({ kind: 'member', memberId: 'm1' })
    expect(figuresReachOf(actorOf('c1'))).toBeNull()
    expect(figuresReachOf({ ...actorOf('m1'), personId: null })).toBeNull()
  })
})

describe('groups, reach, villages, recording: each written out per person', () => {
  const who = (ids: string[], f: (id: string) => boolean) => ids.filter(f)
  const all = ['c1', 'c2', 'm1', 'm2', 'sT1', 'sAll', 'sT2', 'adm', 'd1h', 'system']
  test('a WeChat group is bound to a place of t1 by staff covering t1 and admins; pending groups are seen by any staff', () => {
    expect(who(all, (p) => canBindGroup(actorOf(p), 't1'))).toStrictEqual(['sT1', 'sAll', 'adm'])
    expect(who(all, (p) => canSeePendingGroups(actorOf(p)))).toStrictEqual(['sT1', 'sAll', 'sT2', 'adm'])
    // The timer is not staff, whatever roles it were given.
    expect(canBindGroup({ ...SYSTEM_ACTOR, roles: ['admin'] }, 't1')).toBe(false)
    expect(canSeePendingGroups({ ...SYSTEM_ACTOR, roles: ['admin'] })).toBe(false)
  })
  test('which groups an item reached: staff of its town and admins', () => {
    expect(who(all, (p) => canSeeReach(actorOf(p), item()))).toStrictEqual(['sT1', 'sAll', 'adm'])
    expect(canSeeReach({ ...SYSTEM_ACTOR, roles: ['admin'] }, item())).toBe(false)
  })
  test('我的村社区: the member bound to the village and staff of its town', () => {
    expect(who(all, (p) => canSeeVillageItems(actorOf(p), { id: 'v1', townId: 't1' }))).toStrictEqual(['m1', 'sT1', 'sAll', 'adm'])
    expect(who(all, (p) => canSeeVillageItems(actorOf(p), { id: 'v3', townId: 't2' }))).toStrictEqual(['sAll', 'sT2', 'adm'])
    // Bound to v1 but no longer a member: not any more.
    expect(canSeeVillageItems({ ...actorOf('m1'), roles: ['citizen'] }, { id: 'v1', townId: 't1' })).toBe(false)
  })
  test('recording for a resident in t1: staff covering t1 and members on duty; the recorder is whoever recorded it', () => {
    expect(who(all.filter((p) => p !== 'system'), (p) => canRecordFor(actorOf(p), 't1'))).toStrictEqual(['m1', 'm2', 'sT1', 'sAll', 'adm'])
    const recorded = item({ recordedById: 'sT1' })
    expect(who(all, (p) => isRecorder(actorOf(p), recorded))).toStrictEqual(['sT1'])
  })
  test('an item never published is seen by its author, staff of its town, admins and the timer only', () => {
    const held = item({ status: 'pendingReview', publishedAt: undefined })
    expect(who(all, (p) => canView(actorOf(p), held))).toStrictEqual(['c1', 'sT1', 'sAll', 'adm', 'system'])
    expect(who(all, (p) => canView(actorOf(p), item()))).toStrictEqual(all)
  })
  test('nobody is the target of no item, nor of an item not handed off', () => {
    expect([isTarget(actorOf('m1'), null), isTarget(actorOf('m1'), item()), isTarget(actorOf('d1h'), item())]).toStrictEqual([false, false, false])
  })
  test('staff with no scope written down cover every town', () => {
    const { staffScope: _s, ...unscoped } = actorOf('sAll')
    expect([canSeeReach(unscoped, item({ townId: 't2' })), canBindGroup(unscoped, 't9')]).toStrictEqual([true, true])
  })
})
