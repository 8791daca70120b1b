// Random sequences of commands by random actors over the pure domain, in memory, checking the invariants of issue 3.
import fc from 'fast-check'
import type { Comment, Suggestion, TimelineEvent } from '../../src/domain/types'
import { OUTCOMES, RATINGS, STATUSES } from '../../src/domain/types'
import { COMMANDS, isAllowedMove, isEnded, type Command } from '../../src/domain/transitions'
import { decide, decideSubmit, isDomainError, type Facts } from '../../src/domain/commands'
import { ledgerOf } from '../../src/domain/ledger'
import { toCard, toDetail, toPublicCard } from '../../src/domain/views'
import { addHours } from '../../src/domain/time'
import { RULES, T0, actorOf, directory, people, villages } from './fixtures'

const ACTORS = ['c1', 'c2', 'm1', 'm2', 'm3', 'sAll', 'sT1', 'sT2', 'adm', 'system']
const CITIZENS = ['c1', 'c2']
const TARGETS = [
  { kind: 'member', memberId: 'm1' }, { kind: 'member', memberId: 'm3' }, { kind: 'sectorGroup', sectorGroupId: 'g1' },
  { kind: 'department', departmentId: 'd1' }, { kind: 'member', memberId: 'nobody' },
] as const

// Either any command by anyone, or a step of the main loop by someone likely to take it (so long lives happen too).
const who = fc.oneof(
  { weight: 1, arbitrary: fc.record({ command: fc.constantFrom<Command>(...COMMANDS), who: fc.constantFrom(...ACTORS) }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({ command: fc.constant<Command>('submit'), who: fc.constantFrom('c1', 'c2', 'm3') }),
      fc.record({ command: fc.constantFrom<Command>('accept', 'handOff', 'approve'), who: fc.constantFrom('sAll', 'sT1') }),
      fc.record({ command: fc.constantFrom<Command>('claim', 'reply', 'progress'), who: fc.constantFrom('m1', 'm2', 'm3') }),
      fc.record({ command: fc.constant<Command>('rate'), who: fc.constantFrom('c1', 'c2', 'm3') }),
    ),
  },
)

const step = fc.record({
  act: who,
  itemIndex: fc.nat(2),
  hours: fc.constantFrom(0, 1, 30, 200),
  village: fc.constantFrom('v1', 'v2', 'v3'),
  anonymous: fc.boolean(),
  review: fc.boolean(),
  target: fc.constantFrom(...TARGETS),
  outcome: fc.constantFrom(...OUTCOMES),
  rating: fc.constantFrom(...RATINGS),
  withReason: fc.boolean(),
  deadlineDays: fc.constantFrom(-1, 2, 10),
  stance: fc.constantFrom('for', 'neutral', 'against', undefined),
  withHandOff: fc.boolean(),
})

type StepRaw = typeof step extends fc.Arbitrary<infer T> ? T : never
type Step = Omit<StepRaw, 'act'> & { command: Command; who: string }
interface World { now: string; items: Suggestion[]; events: TimelineEvent[]; comments: Comment[]; seconds: Set<string>; n: number }

function inputFor(s: Step, w: World, id: string): Record<string, unknown> {
  const deadline = addHours(w.now, s.deadlineDays * 24)
  return {
    id, reason: s.withReason ? '理由' : undefined, intoId: w.items[(s.itemIndex + 1) % Math.max(1, w.items.length)]?._id ?? 'none',
    deadline, invitedMemberIds: ['m1', 'm2'], text: '意见', stance: s.stance, target: s.target, note: '进展', images: [],
    outcome: s.outcome, value: s.rating,
    plan: { actions: '增设车位', responsibleUnit: '住建局', deadline },
    handOff: s.withHandOff ? { target: s.target, deadline } : undefined,
  }
}

function factsFor(command: Command, item: Suggestion, input: Record<string, unknown>, who: string, w: World): Facts {
  const targetName = (t: { kind: string; memberId?: string; sectorGroupId?: string; departmentId?: string }) =>
    t.kind === 'member' ? (people[t.memberId!]?.roles.includes('member') ? people[t.memberId!].name : undefined)
      : t.kind === 'sectorGroup' ? directory.sectorGroupName(t.sectorGroupId!) : directory.departmentName(t.departmentId!)
  const facts: Facts = {
    village: villages[item.villageId], commentId: `cm${w.n}`, alreadySeconded: w.seconds.has(`${who}:${item._id}`),
    mergeTarget: w.items.find((i) => i._id === input.intoId) ?? null,
    memberGroupId: item.handOff?.target.kind === 'member' ? people[item.handOff.target.memberId]?.sectorGroupIds[0] ?? null : null,
  }
  if (command === 'handOff' || command === 'reassign') facts.targetName = targetName(input.target as never)
  if (command === 'concludeConsultation' && input.handOff) facts.targetName = targetName((input.handOff as { target: never }).target)
  return facts
}

function run(raw: StepRaw[]): World {
  const steps: Step[] = raw.map((r) => ({ ...r, ...r.act }))
  const w: World = { now: T0, items: [], events: [], comments: [], seconds: new Set(), n: 0 }
  for (const s of steps) {
    w.n++
    w.now = addHours(w.now, s.hours)
    const actor = actorOf(s.who)
    if (s.command === 'submit') {
      if (s.who === 'system') continue
      const d = decideSubmit({ category: 'traffic', townId: villages[s.village].townId, villageId: s.village, title: '停车难', content: '停车位不足', images: [], anonymous: s.anonymous },
        actor, w.now, { newId: `i${w.n}`, village: villages[s.village], contentReview: s.review })
      if (isDomainError(d)) continue
      expect(isAllowedMove('submit', null, d.next.status)).toBe(true)
      w.items.push(d.next)
      w.events.push({ _id: `e${w.n}`, ...d.event })
      continue
    }
    const item = w.items[s.itemIndex % Math.max(1, w.items.length)]
    if (!item) continue
    const input = inputFor(s, w, item._id)
    const before = w.events.filter((e) => e.suggestionId === item._id).length
    const d = decide(s.command, item, input as never, actor, w.now, RULES, factsFor(s.command, item, input, s.who, w))
    if (isDomainError(d)) continue
    // Invariant: status changes only along the table.
    expect(isAllowedMove(s.command, item.status, d.next.status)).toBe(true)
    // Invariant: ended items never change.
    expect(isEnded(item.status)).toBe(false)
    expect(d.next.version).toBe(item.version + 1)
    w.items[w.items.indexOf(item)] = d.next
    if (d.mergeTarget) w.items[w.items.findIndex((i) => i._id === d.mergeTarget!._id)] = d.mergeTarget
    w.events.push({ _id: `e${w.n}`, ...d.event })
    if (d.comment) w.comments.push({ _id: `cm${w.n}`, ...d.comment })
    if (d.second) w.seconds.add(`${s.who}:${item._id}`)
    // Invariant: each successful command adds exactly one event to the item's timeline.
    expect(w.events.filter((e) => e.suggestionId === item._id).length).toBe(before + 1)
  }
  return w
}

/** Every way a citizen could be recognised in a response. */
function identityOf(id: string): string[] {
  const p = people[id]
  return [p._id, p.name, p.openid, p.phone!].filter(Boolean)
}

describe('random command sequences over the domain', () => {
  test('keep the invariants', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
      const w = run(steps)

      // Invariant: the ledger's counts equal the counts taken from the items one by one.
      const ledger = ledgerOf(w.items)
      expect(ledger.total).toBe(w.items.length)
      for (const status of STATUSES) expect(ledger.byStatus[status] ?? 0).toBe(w.items.filter((i) => i.status === status).length)
      const answered = w.items.filter((i) => (i.status === 'replied' || i.status === 'closed') && i.reply)
      for (const o of OUTCOMES) expect(ledger.byOutcome[o] ?? 0).toBe(answered.filter((i) => i.reply!.outcome === o).length)
      expect(ledger.adopted).toBe(answered.filter((i) => ['adopted', 'partlyAdopted'].includes(i.reply!.outcome)).length)
      expect(ledger.reopened).toBe(w.items.filter((i) => i.reopenCount > 0).length)

      // Invariant: no response shows a citizen another citizen's identity.
      for (const it of w.items) {
        for (const viewer of CITIZENS.filter((c) => c !== it.authorId)) {
          const others = CITIZENS.filter((c) => c !== viewer).flatMap(identityOf)
          const views = [
            toDetail(it, w.events.filter((e) => e.suggestionId === it._id), w.comments.filter((c) => c.suggestionId === it._id), actorOf(viewer), directory, w.now, { following: false, seconded: false }),
            toCard(it, directory, w.now),
            ...(it.reply && (it.status === 'replied' || it.status === 'closed') ? [toPublicCard(it, directory, w.now)] : []),
          ]
          const json = JSON.stringify(views)
          for (const secret of others) expect(json).not.toContain(secret)
        }
        // An anonymous item never shows its (citizen) author to members either.
        if (it.anonymous && CITIZENS.includes(it.authorId)) {
          for (const viewer of ['m1', 'm2', 'm3'].filter((m) => m !== it.authorId)) {
            const json = JSON.stringify(toDetail(it, w.events.filter((e) => e.suggestionId === it._id), w.comments.filter((c) => c.suggestionId === it._id), actorOf(viewer), directory, w.now, { following: false, seconded: false }))
            for (const secret of identityOf(it.authorId)) expect(json).not.toContain(secret)
          }
        }
      }
    }), { numRuns: 300 })
  })

  test('reach every status (the generator is not stuck at the start)', () => {
    const seen = new Set<string>()
    fc.assert(fc.property(fc.array(step, { minLength: 100, maxLength: 200 }), (steps) => {
      for (const i of run(steps).items) seen.add(i.status)
    }), { numRuns: 300 })
    expect(STATUSES.filter((st) => !seen.has(st))).toEqual([])
  })
})
