// Long random lives of many items over the pure domain, in memory: random commands by random people mixed with steps
// that move a chosen item along the loop with the right person acting, so runs reach consultation, hand-off, claim,
// reply, rating, reopen, merge, escalation, close and auto-close. The invariants are checked in those deep runs, and
// the test asserts how far the runs got: a generator that stops reaching the deep states fails.
import fc from 'fast-check'
import type { Comment, Stance, Suggestion, SuggestionStatus, TimelineEvent } from '../../src/domain/types'
import { OUTCOMES, RATINGS, STATUSES } from '../../src/domain/types'
import { COMMANDS, type Command } from '../../src/domain/transitions'
import { decide, decideSubmit, isDomainError, type Decision, type Facts } from '../../src/domain/commands'
import { toCard, toDetail, toPublicCard } from '../../src/domain/views'
import { addHours } from '../../src/domain/time'
import { RULES, T0, actorOf, directory, people, villages } from './fixtures'

const ACTORS = ['c1', 'c2', 'm1', 'm2', 'm3', 'xm', 'sAll', 'sT1', 'sT2', 'adm', 'd1h', 'system']
const CITIZENS = ['c1', 'c2']
const MAX_ITEMS = 6
// 120 lives in npm test; npm run mutation runs fewer per mutant (SANWEI_PROPERTY_RUNS), with the floors below scaled to match.
const RUNS = Number(process.env.SANWEI_PROPERTY_RUNS ?? 120)
const FLOOR = Math.max(3, Math.round((30 * RUNS) / 120))

// Written by hand (ARCHITECTURE.md section 4): where each command may take an item. 'same' = the status does not change.
const MOVES: Record<Command, (SuggestionStatus | 'same')[]> = {
  submit: ['submitted', 'pendingReview'], approve: ['submitted'], reject: ['rejected'], accept: ['accepted'], merge: ['merged'],
  withdraw: ['withdrawn'], openConsultation: ['consulting'], comment: ['same'], second: ['same'],
  concludeConsultation: ['accepted', 'assigned'], handOff: ['assigned'], claim: ['claimed'], returnItem: ['accepted'],
  reassign: ['assigned'], progress: ['same'], reply: ['replied'], recordReply: ['replied'], rate: ['closed', 'claimed', 'assigned'], chase: ['same'], close: ['closed'],
  escalate: ['same'],
  remindConsultation: ['same'],
  takeOver: ['same'],
}
const ENDED: SuggestionStatus[] = ['closed', 'rejected', 'merged', 'withdrawn']
/** Commands whose success tells the item's author (by hand, from the product's promise: the citizen follows their item). */
const TELLS_AUTHOR: Command[] = ['approve', 'reject', 'accept', 'merge', 'openConsultation', 'concludeConsultation', 'claim', 'progress', 'reply', 'recordReply', 'close']

const TARGETS = [
  { kind: 'member', memberId: 'm1' }, { kind: 'member', memberId: 'm3' }, { kind: 'sectorGroup', sectorGroupId: 'g1' },
  { kind: 'department', departmentId: 'd1' },
] as const

const step = fc.record({
  loop: fc.nat(9), // 0–1: any command by anyone on any item; 2–9: the chosen item's next step with the right person
  command: fc.constantFrom<Command>(...COMMANDS),
  who: fc.constantFrom(...ACTORS),
  k: fc.nat(MAX_ITEMS - 1),
  r: fc.nat(99),
  hours: fc.constantFrom(0, 1, 2, 5),
  village: fc.constantFrom('v1', 'v2', 'v3'),
  anonymous: fc.boolean(),
  review: fc.nat(9),
  outcome: fc.constantFrom(...OUTCOMES),
  rating: fc.constantFrom(...RATINGS),
  stance: fc.constantFrom<Stance | undefined>('for', 'neutral', 'against', undefined),
  target: fc.constantFrom(...TARGETS),
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

interface World {
  now: string
  items: Suggestion[]
  events: TimelineEvent[]
  comments: Comment[]
  seconds: Set<string>
  /** The model's own tally: each person's latest stance per item. */
  stances: Map<string, Map<string, Stance>>
  n: number
}

/** What the runs reached, over all of them. */
const reach = {
  statuses: new Set<string>(),
  succeeded: Object.fromEntries(COMMANDS.map((c) => [c, 0])) as Record<Command, number>,
  reopened: 0, autoClosed: 0, toGroup: 0, staffAlerts: 0, refusedOnEnded: 0, steps: 0, loopSteps: 0, loopOk: 0,
}

const staffFor = (townId: string, r: number) => (townId === 't1' ? ['sT1', 'sAll', 'adm'] : ['sT2', 'sAll', 'adm'])[r % 3]
const pick = <T,>(xs: readonly T[], r: number): T => xs[r % xs.length]

/** The next step of the loop for this item, and who takes it. */
function loopStep(s: Step, it: Suggestion, w: World): { command: Command; who: string; hours: number } {
  const r = s.r
  const staff = staffFor(it.townId, r)
  switch (it.status) {
    case 'pendingReview': return { command: r < 75 ? 'approve' : 'reject', who: staff, hours: s.hours }
    case 'submitted': return r < 70 ? { command: 'accept', who: staff, hours: s.hours } : r < 82 ? { command: 'merge', who: staff, hours: s.hours }
      : r < 91 ? { command: 'reject', who: staff, hours: s.hours } : { command: 'withdraw', who: it.authorId, hours: s.hours }
    case 'accepted': return r < 55 ? { command: 'handOff', who: staff, hours: s.hours } : r < 85 ? { command: 'openConsultation', who: staff, hours: s.hours }
      : r < 92 ? { command: 'merge', who: staff, hours: s.hours } : { command: 'withdraw', who: it.authorId, hours: s.hours }
    case 'consulting': return r < 45 ? { command: 'comment', who: pick(['c1', 'c2', 'm1', 'm2', 'sT1', 'd1h'], r), hours: s.hours }
      : r < 60 ? { command: 'second', who: pick(['c1', 'c2', 'm2', 'm3'], r), hours: s.hours }
      // Left past its deadline: the timer reminds staff (once; a second reminder is refused).
      : r < 92 ? { command: 'concludeConsultation', who: staff, hours: s.hours } : { command: 'remindConsultation', who: 'system', hours: 24 * 15 }
    case 'assigned': {
      const t = it.handOff!.target
      const claimer = t.kind === 'member' ? t.memberId : t.kind === 'sectorGroup' ? pick(['m1', 'm2'], r) : 'd1h'
      if (t.kind === 'department' && r < 20) return { command: 'recordReply', who: staff, hours: s.hours }
      if (r < 60) return { command: 'claim', who: claimer, hours: s.hours }
      if (r < 78) return { command: 'escalate', who: 'system', hours: 25 }
      if (r < 88) return { command: 'reassign', who: staff, hours: s.hours }
      return { command: 'returnItem', who: claimer, hours: s.hours }
    }
    case 'claimed': {
      // A department's reply recorded by staff leaves no handler: reopened, it is staff who record the next one.
      const handler = it.handlerId ?? staff
      if (it.handOff?.target.kind === 'department' && (r < 15 || !it.handlerId)) return { command: 'recordReply', who: staff, hours: s.hours }
      if (r < 55) return { command: 'reply', who: handler, hours: s.hours }
      if (r < 75) return { command: 'progress', who: handler, hours: s.hours }
      if (r < 88) return { command: 'chase', who: r < 82 ? staff : 'system', hours: r < 82 ? s.hours : 24 * 20 }
      return { command: 'returnItem', who: handler, hours: s.hours }
    }
    case 'replied':
      if (r < 70) return { command: 'rate', who: it.authorId, hours: s.hours }
      if (r < 85) return { command: 'close', who: 'system', hours: 24 * 8 }
      return { command: 'close', who: staff, hours: s.hours }
    default: return { command: s.command, who: s.who, hours: s.hours } // ended: anything, which must be refused
  }
}

function inputFor(command: Command, s: Step, it: Suggestion, w: World): Record<string, unknown> {
  const deadline = addHours(w.now, 24 * (3 + (s.r % 12)))
  const others = w.items.filter((i) => i._id !== it._id)
  const input: Record<string, unknown> = { id: it._id }
  switch (command) {
    case 'reject': input.reason = '不属于受理范围'; break
    case 'merge': input.intoId = others.length ? pick(others, s.r)._id : it._id; break
    case 'openConsultation': input.deadline = deadline; input.invitedMemberIds = ['m1', 'm2']; break
    case 'comment': input.text = '意见'; if (s.stance) input.stance = s.stance; break
    case 'concludeConsultation':
      input.plan = { actions: '增设车位', responsibleUnit: '住建局', deadline }
      if (s.r % 2 === 0) input.handOff = { target: s.target, deadline }
      break
    case 'handOff': case 'reassign': input.target = s.target; input.deadline = deadline; break
    case 'returnItem': input.reason = '不在职责内'; break
    case 'progress': input.note = '进展'; input.images = []; break
    case 'reply': case 'recordReply': input.text = '已办理'; input.outcome = s.outcome; break
    case 'rate': input.value = s.rating; if (s.rating === 'dissatisfied' || s.r % 3 === 0) input.reason = '不满意的理由'; break
  }
  return input
}

function factsFor(command: Command, it: Suggestion, input: Record<string, unknown>, who: string, w: World): Facts {
  const nameOf = (t: { kind: string; memberId?: string; sectorGroupId?: string; departmentId?: string }) =>
    t.kind === 'member' ? (people[t.memberId!]?.roles.includes('member') ? people[t.memberId!].name : undefined)
      : t.kind === 'sectorGroup' ? directory.sectorGroupName(t.sectorGroupId!) : directory.departmentName(t.departmentId!)
  const facts: Facts = {
    village: villages[it.villageId], commentId: `cm${w.n}`, alreadySeconded: w.seconds.has(`${who}:${it._id}`),
    mergeTarget: w.items.find((i) => i._id === input.intoId) ?? null,
    memberGroupId: it.handOff?.target.kind === 'member' ? people[it.handOff.target.memberId]?.sectorGroupIds[0] ?? null : null,
    previousStance: w.stances.get(it._id)?.get(who) ?? null,
  }
  if (command === 'handOff' || command === 'reassign') facts.targetName = nameOf(input.target as never)
  if (command === 'recordReply' && it.handOff) facts.targetName = nameOf(it.handOff.target)
  if (command === 'concludeConsultation' && input.handOff) facts.targetName = nameOf((input.handOff as { target: never }).target)
  return facts
}

function modelTally(w: World, id: string) {
  const t = { for: 0, neutral: 0, against: 0 }
  for (const stance of w.stances.get(id)?.values() ?? []) t[stance] += 1
  return t
}

function apply(w: World, it: Suggestion, command: Command, d: Decision, who: string): void {
  w.items[w.items.indexOf(it)] = d.next
  if (d.mergeTarget) w.items[w.items.findIndex((i) => i._id === d.mergeTarget!._id)] = d.mergeTarget
  w.events.push({ _id: `e${w.n}`, ...d.event })
  if (d.comment) {
    w.comments.push({ _id: `cm${w.n}`, ...d.comment })
    if (d.comment.stance) {
      if (!w.stances.has(it._id)) w.stances.set(it._id, new Map())
      w.stances.get(it._id)!.set(who, d.comment.stance)
    }
  }
  if (d.second) w.seconds.add(`${who}:${it._id}`)
}

function checkStep(w: World, it: Suggestion, command: Command, d: Decision, before: { events: number; mergeTarget: Suggestion | null }): void {
  // Status moves only along the table.
  const to = MOVES[command]
  must(to.includes(d.next.status) || (to.includes('same') && d.next.status === it.status), `${command} moved ${it.status} → ${d.next.status}`)
  // Closed items never change, and nothing is merged into one.
  must(!ENDED.includes(it.status), `${command} changed an ended item (${it.status})`)
  if (d.mergeTarget) must(!ENDED.includes(before.mergeTarget!.status), `merged into an ended item (${before.mergeTarget!.status})`)
  must(d.next.version === it.version + 1, `${command} did not bump the version`)
  // One event per successful command, on this item.
  must(w.events.filter((e) => e.suggestionId === it._id).length === before.events + 1, `${command} did not add exactly one event`)
  // The author is told what happened to their item.
  if (TELLS_AUTHOR.includes(command)) must(d.notifications.some((n) => n.to === it.authorId), `${command} did not tell the author`)
  // A reopened item gets a new deadline, at least 7 days from now.
  if (command === 'rate' && d.next.status !== 'closed') {
    must(d.next.handOff!.deadline >= addHours(w.now, 7 * 24), `reopened with the deadline ${d.next.handOff!.deadline} at ${w.now}`)
    reach.reopened++
  }
  // A concluded consultation's tally is each person's latest stance, counted once.
  if (command === 'concludeConsultation') expect(d.next.consultation!.plan!.tally).toEqual(modelTally(w, it._id))
  if (command === 'close' && d.event.payload.auto) reach.autoClosed++
  if (command === 'escalate') d.next.handOff!.rung === 'staffAlert' ? reach.staffAlerts++ : reach.toGroup++
}

function run(steps: Step[]): World {
  const w: World = { now: T0, items: [], events: [], comments: [], seconds: new Set(), stances: new Map(), n: 0 }
  for (const s of steps) {
    w.n++
    reach.steps++
    const isLoop = s.loop >= 2
    // A loop step acts on an open item (most of the time: some still try an ended one, which must refuse);
    // a random step on any item.
    const open = w.items.filter((i) => !ENDED.includes(i.status))
    const it = isLoop && s.r % 10 !== 0 ? open[s.k % Math.max(1, open.length)] : w.items[s.k % Math.max(1, w.items.length)]
    // Submit while there are few open items (by citizens and a member), or when the random command says so.
    if (!it || (isLoop && open.length < MAX_ITEMS && s.r < 25) || (!isLoop && s.command === 'submit')) {
      const who = isLoop ? pick(['c1', 'c2', 'm3'], s.r) : s.who
      w.now = addHours(w.now, s.hours)
      if (who === 'system') continue
      const d = decideSubmit({ category: 'traffic', townId: villages[s.village].townId, villageId: s.village, title: '停车难', content: '停车位不足', images: [], anonymous: s.anonymous },
        actorOf(who), w.now, { newId: `i${w.n}`, village: villages[s.village], contentReview: s.review === 0 })
      if (isDomainError(d)) continue
      expect(MOVES.submit.includes(d.next.status)).toBe(true)
      w.items.push(d.next)
      w.events.push({ _id: `e${w.n}`, ...d.event })
      reach.succeeded.submit++
      reach.statuses.add(d.next.status)
      continue
    }
    const { command, who, hours } = isLoop ? loopStep(s, it, w) : { command: s.command, who: s.who, hours: s.hours }
    if (command === 'submit') continue
    w.now = addHours(w.now, hours)
    const input = inputFor(command, s, it, w)
    const facts = factsFor(command, it, input, who, w)
    const before = { events: 0, mergeTarget: facts.mergeTarget ?? null }
    const snapshot = JSON.stringify(it)
    if (isLoop) reach.loopSteps++
    const d = decide(command, it, input as never, actorOf(who), w.now, RULES, facts)
    if (isDomainError(d)) {
      if (ENDED.includes(it.status)) reach.refusedOnEnded++
      // A refusal changes nothing.
      must(JSON.stringify(it) === snapshot, `a refused ${command} changed the item`)
      continue
    }
    if (isLoop) reach.loopOk++
    before.events = w.events.filter((e) => e.suggestionId === it._id).length
    apply(w, it, command, d, who)
    checkStep(w, it, command, d, before)
    reach.succeeded[command]++
    reach.statuses.add(d.next.status)
  }
  return w
}

/** A plain check: the inner loops run hundreds of thousands of times, where expect() would be the slowest part. */
function must(ok: boolean, what: string): void {
  if (!ok) throw new Error(what)
}

/** Every way a person could be recognised in a response. */
function identityOf(id: string): string[] {
  const p = people[id]
  return [p._id, p.name, p.openid, p.phone!].filter(Boolean)
}
const phones = () => Object.values(people).map((p) => p.phone!).filter(Boolean)

function checkWorld(w: World): void {
  // (The figures' counts equal the items' one by one: tests/unit/figures.property.test.ts.)

  for (const it of w.items) {
    const events = w.events.filter((e) => e.suggestionId === it._id)
    const comments = w.comments.filter((c) => c.suggestionId === it._id)
    const detailFor = (viewer: string) => toDetail(it, events, comments, actorOf(viewer), directory, w.now, { following: false, seconded: false })
    // The thread's tally shown on the detail is each person's latest stance.
    if (it.consultation) expect(detailFor('c2').consultation!.tally).toEqual(modelTally(w, it._id))
    // No citizen sees another citizen's identity.
    for (const viewer of CITIZENS.filter((c) => c !== it.authorId)) {
      const others = CITIZENS.filter((c) => c !== viewer).flatMap(identityOf)
      const views = [detailFor(viewer), toCard(it, directory, w.now), ...(it.reply && (it.status === 'replied' || it.status === 'closed') ? [toPublicCard(it, directory, w.now)] : [])]
      const json = JSON.stringify(views)
      for (const secret of others) must(!json.includes(secret), `citizen ${viewer} sees ${secret} on ${it._id}`)
    }
    // Nobody but staff of the item's town sees a phone number: not members, not department handlers, not staff of another town.
    const outsiders = ['m1', 'm2', 'm3', 'd1h', it.townId === 't1' ? 'sT2' : 'sT1'].filter((v) => v !== it.authorId)
    for (const viewer of outsiders) {
      const json = JSON.stringify(detailFor(viewer))
      for (const phone of phones().filter((p) => p !== people[viewer].phone)) must(!json.includes(phone), `${viewer} sees phone ${phone} on ${it._id}`)
      // An anonymous citizen author is hidden from them too.
      if (it.anonymous && CITIZENS.includes(it.authorId)) for (const secret of identityOf(it.authorId)) must(!json.includes(secret), `${viewer} sees the anonymous author ${secret} of ${it._id}`)
    }
  }
}

describe('long random lives of many items', () => {
  test('keep the invariants, and reach every state and every command', () => {
    fc.assert(fc.property(fc.array(step, { minLength: 100, maxLength: 200 }), (steps) => { checkWorld(run(steps)) }), { numRuns: RUNS, endOnFailure: true, ...(process.env.SANWEI_PROPERTY_SEED ? { seed: Number(process.env.SANWEI_PROPERTY_SEED) } : {}) }) // shrinking 200-step lives takes minutes

    // How far the runs got. Each number is a floor the generator must keep reaching.
    expect(STATUSES.filter((st) => !reach.statuses.has(st))).toEqual([])
    // takeOver needs an item recorded for a resident with its takeover code, which these lives never make: its
    // refusals are exercised here (any command by anyone), its successes in tests/functions/roles.test.ts.
    const rare = COMMANDS.filter((c) => c !== 'takeOver' && reach.succeeded[c] < FLOOR)
    expect(rare.map((c) => `${c}: ${reach.succeeded[c]}`)).toEqual([])
    expect(reach.reopened).toBeGreaterThanOrEqual(FLOOR)
    expect(reach.autoClosed).toBeGreaterThanOrEqual(FLOOR)
    expect(reach.toGroup).toBeGreaterThanOrEqual(FLOOR)
    expect(reach.staffAlerts).toBeGreaterThanOrEqual(FLOOR)
    expect(reach.refusedOnEnded).toBeGreaterThanOrEqual(FLOOR)
    // Most loop steps act: the runs are not a wall of refusals.
    expect(reach.loopOk / reach.loopSteps).toBeGreaterThan(0.6)
  })
})
