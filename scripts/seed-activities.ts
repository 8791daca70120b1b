// The demo county's year of 请你来协商, in the office's proportions: 87 activities held (6 “6”, 36 “X”, 45 民生议事堂)
// with about 2,692 participant-times, run through the product's own actions — created, published, held with sign-ins
// and walk-ins, concluded with minutes, suggestions raised there and promises made on site (handed-off items, most of
// them answered), evaluated by a third-party evaluator — plus a few still being planned, open for registration, or live.
// Called by scripts/seed.ts once the county and its people exist (the SDK already points at the local CloudBase).
import type { Category, Id } from '../src/domain/types'
import type { ActivityInputs } from '../src/domain/activities/commands'
import { isDomainError } from '../src/domain/commands'

const KINDS: { kind: string; n: number; people: number; topics: string[] }[] = [
  { kind: 'six', n: 6, people: 58, topics: ['市长与政协委员面对面：城市有机更新', '“6”协商：营商环境再优化', '“6”协商：乡村振兴共富路径', '“6”协商：养老服务体系建设', '“6”协商：长三角一体化示范', '“6”协商：教育优质均衡'] },
  { kind: 'x', n: 36, people: 30, topics: ['局长与委员谈交通治堵', '委员会客厅：老旧小区改造', '民情联络站驻站接待', '浙沪联组：毗邻地区公交互通', '镇长与委员谈农村污水治理', '委员会客厅：学生午餐', '走听访商转：菜市场改造', '局长与委员谈电动车充电'] },
  { kind: 'forum', n: 45, people: 28, topics: ['民生议事堂：孝心停车位', '民生议事堂：村口路灯', '民生议事堂：河道保洁', '民生议事堂：老年食堂', '民生议事堂：垃圾分类', '民生议事堂：学校接送秩序', '民生议事堂：文化礼堂利用', '民生议事堂：农田灌溉'] },
]
const TARGET_PARTICIPANT_TIMES = 2692
const RAISED: { title: string; content: string; category: Category }[] = [
  { title: '增设夜间公交班次', content: '晚上九点后公交太少，建议增设夜间班次。', category: 'traffic' },
  { title: '社区增设健身器材', content: '小区健身器材老化，建议更新并增设。', category: 'publicService' },
  { title: '农贸市场增加停车位', content: '早市时段车辆乱停，建议挖潜停车位。', category: 'traffic' },
  { title: '老年人智能手机培训', content: '建议社区定期开展老年人智能手机使用培训。', category: 'elderly' },
]
const AGREED: { title: string; category: Category }[] = [
  { title: '一个月内完成路段停车位施划', category: 'traffic' },
  { title: '两周内修复损坏路灯并纳入巡查', category: 'safety' },
  { title: '增加河道保洁频次至每日一次', category: 'environment' },
  { title: '社区老年食堂年内开业', category: 'elderly' },
]

export async function seedActivities(): Promise<{ held: number; participantTimes: number; now: string }> {
  const { db } = await import('../server/db')
  const { lookUpCaller } = await import('../server/identity')
  const { parseConfig } = await import('../server/config')
  const { personIdFor } = await import('../server/ids')
  const org = await import('../server/orgActions')
  const cmd = await import('../server/activities/commands')
  const { runItemCommand } = await import('../server/suggestionCommands')
  const { listTowns, listVillages, listDepartments } = await import('../server/repositories/org')
  const { forgetOrg } = await import('../server/directory')
  const { getPerson } = await import('../server/repositories/users')

  const cfg = { ...parseConfig({} as unknown as NodeJS.ProcessEnv), submitsPerDay: 1000, commentsPerHour: 1000 }
  let requests = 0
  const ctxOf = async (openid: string, now: string) => ({
    caller: await lookUpCaller(openid, cfg), cfg, now, action: 'seed', requestId: `seed-act-${(requests++).toString(36).padStart(7, '0')}`,
  })
  const ok = <T>(r: T): Exclude<T, { ok: false }> => {
    if (isDomainError(r)) throw new Error(`seed-activities: refused: ${r.code} ${r.field ?? ''} ${r.message}`)
    return r as Exclude<T, { ok: false }>
  }
  const DAY = 86400_000
  const HOUR = 3600_000
  const iso = (ms: number) => new Date(ms).toISOString()

  // The third-party evaluator (第三方评价人), invited by the admin.
  const evaluator = 'demo-evaluator'
  ok(await org.updateProfile(await ctxOf(evaluator, iso(Date.now() - 300 * DAY)), { name: '嘉兴学院评估组' }))
  ok(await org.setRoles(await ctxOf('demo-admin', iso(Date.now() - 300 * DAY)), { personId: personIdFor(evaluator), roles: ['evaluator'] }))

  forgetOrg()
  const [towns, villages, departments] = await Promise.all([listTowns(db()), listVillages(db()), listDepartments(db())])
  const members = Array.from({ length: 200 }, (_, i) => (i === 0 ? 'demo-member' : `demo-member-${String(i + 1).padStart(3, '0')}`))
  const citizens = Array.from({ length: 60 }, (_, i) => (i === 0 ? 'demo-citizen' : `demo-citizen-${String(i + 1).padStart(2, '0')}`))
  const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length]

  // This year in UTC+8, up to two days ago (the previous year when this one has barely begun).
  const now = Date.now()
  const local = new Date(now + 8 * HOUR)
  let yearStart = Date.UTC(local.getUTCFullYear(), 0, 1, -8)
  if (now - yearStart < 60 * DAY) yearStart = Date.UTC(local.getUTCFullYear() - 1, 0, 1, -8)
  // What happens after an activity (claims, replies, scores) is recorded only when its time has come: nothing seeded is in
  // the future; an activity of the last weeks leaves its promises open, as they would be.
  const happened = (ms: number) => ms <= now - 60_000
  const yearEnd = Math.min(now - 2 * DAY, Date.UTC(new Date(yearStart + 8 * HOUR).getUTCFullYear() + 1, 0, 1, -8) - 2 * DAY)

  // Participant-times per activity summing to the target: each kind's usual size, the remainder spread one by one.
  const plan: { kind: string; topic: string; people: number }[] = []
  for (const k of KINDS) for (let i = 0; i < k.n; i++) plan.push({ kind: k.kind, topic: pick(k.topics, i), people: k.people })
  let extra = TARGET_PARTICIPANT_TIMES - plan.reduce((s, p) => s + p.people, 0)
  for (let i = 0; extra !== 0; i++, extra -= Math.sign(extra)) plan[(i * 7) % plan.length].people += Math.sign(extra)
  // Interleave the kinds across the year.
  const order = plan.map((p, i) => ({ p, key: (i * 37) % plan.length })).sort((a, b) => a.key - b.key).map((x) => x.p)

  const held = async (n: number, p: { kind: string; topic: string; people: number }) => {
    const town = towns[n % towns.length]
    const townVillages = villages.filter((v) => v.townId === town._id)
    const village = pick(townVillages, n * 3)
    const staff = n % 2 ? 'demo-staff' : `demo-staff-${(n % towns.length) + 1}`
    const start = yearStart + Math.floor(((yearEnd - yearStart - 3 * HOUR) * n) / order.length)
    const invited = [0, 1, 2].map((k) => pick(members, n * 5 + k * 17))
    const invitedIds = invited.map((o) => personIdFor(o))
    const dept = pick(departments, n)
    const input: ActivityInputs['create'] = {
      kind: p.kind, topic: p.topic, description: `围绕“${p.topic}”，邀请政协委员、职能部门和群众代表面对面协商。`,
      startAt: iso(start), endAt: iso(start + 2 * HOUR), townId: town._id, villageId: village._id, venue: `${village.name}文化礼堂`,
      organiser: n % 3 === 0 ? { kind: 'office' } : { kind: 'town', id: town._id }, invitedMemberIds: invitedIds, invitedDepartmentIds: [dept._id],
      registration: { open: n % 4 !== 0, cap: null },
    }
    const { id } = ok(await cmd.create(await ctxOf(staff, iso(start - 14 * DAY)), input)) as { id: Id }
    ok(await cmd.step(await ctxOf(staff, iso(start - 13 * DAY)), 'publish', { id }))
    if (input.registration.open) for (const o of [pick(citizens, n), pick(citizens, n + 7)]) ok(await cmd.register(await ctxOf(o, iso(start - 7 * DAY)), { id }))
    ok(await cmd.step(await ctxOf(staff, iso(start - HOUR / 2)), 'openSignIn', { id }))
    // Sign-ins by scanning: the invited members and a few citizens; everyone else is recorded by staff as walk-ins.
    const signers = [...invited.slice(0, 2), pick(citizens, n * 3 + 1), pick(citizens, n * 3 + 2)]
    await Promise.all(signers.map(async (o, k) => ok(await cmd.signIn(await ctxOf(o, iso(start + k * 60_000)), { id }))))
    const membersSigned = 2
    const citizensSigned = 2
    const departmentsWalkIn = 1 + (n % 3)
    const membersWalkIn = Math.max(0, Math.round(p.people * 0.15) - membersSigned)
    const citizensWalkIn = p.people - membersSigned - citizensSigned - departmentsWalkIn - membersWalkIn
    ok(await cmd.step(await ctxOf(staff, iso(start + 20 * 60_000)), 'addWalkIns', { id, group: 'citizens', count: citizensWalkIn }))
    if (membersWalkIn) ok(await cmd.step(await ctxOf(staff, iso(start + 21 * 60_000)), 'addWalkIns', { id, group: 'members', count: membersWalkIn }))
    ok(await cmd.step(await ctxOf(staff, iso(start + 22 * 60_000)), 'addWalkIns', { id, group: 'departments', count: departmentsWalkIn }))
    if (n % 3 === 0) {
      const r = pick(RAISED, n)
      const { suggestionId } = ok(await cmd.raise(await ctxOf(signers[2], iso(start + HOUR)), { id, title: r.title, content: r.content, category: r.category })) as { suggestionId: Id }
      // Most suggestions raised there go round the loop like any other: accepted, handed to an invited member, answered.
      if (n % 6 !== 3) {
        const steps: [number, string, string, Record<string, unknown>][] = [
          [start + 2 * DAY, staff, 'accept', { id: suggestionId }],
          [start + 2 * DAY + HOUR, staff, 'handOff', { id: suggestionId, target: { kind: 'member', memberId: invitedIds[1] }, deadline: iso(start + 30 * DAY) }],
          [start + 3 * DAY, invited[1], 'claim', { id: suggestionId }],
          [start + 15 * DAY, invited[1], 'reply', { id: suggestionId, text: '已采纳并推动落实', outcome: n % 4 ? 'adopted' : 'forReference' }],
        ]
        for (const [at, who, command, input] of steps) {
          if (!happened(at)) break
          ok(await runItemCommand(await ctxOf(who, iso(at)), command as 'accept', input as { id: Id }))
        }
      }
    }
    const agreed = n % 3 === 1 ? [{ ...pick(AGREED, n), target: { kind: 'member' as const, memberId: invitedIds[0] }, deadline: iso(start + 30 * DAY) }] : []
    const concluded = ok(await cmd.conclude(await ctxOf(staff, iso(start + 2 * HOUR)), {
      id, minutes: `${p.topic}：参加 ${p.people} 人次，${dept.name}到场答复群众关切，形成协商意见。`, photos: [], agreedItems: agreed,
    })) as { agreedItemIds: Id[] }
    // Most promises are kept in time; every fifth is answered late, and a few are still open.
    for (const [k, itemId] of concluded.agreedItemIds.entries()) {
      if (n % 9 === 7) continue
      const late = n % 5 === 0
      const claimer = invited[0]
      const [claimAt, replyAt] = [start + 3 * DAY, start + (late ? 40 : 20) * DAY + k]
      if (happened(claimAt)) ok(await runItemCommand(await ctxOf(claimer, iso(claimAt)), 'claim', { id: itemId }))
      if (happened(replyAt)) ok(await runItemCommand(await ctxOf(claimer, iso(replyAt)), 'reply', { id: itemId, text: '已按现场承诺办理完成', outcome: n % 4 ? 'adopted' : 'partlyAdopted' }))
    }
    if (n % 5 !== 4) ok(await cmd.answerSatisfaction(await ctxOf(signers[2], iso(start + 3 * HOUR)), { id, value: n % 7 === 0 ? 'basicallySatisfied' : 'satisfied' }))
    if (n % 2 === 0 && happened(start + 10 * DAY)) {
      const score = (k: number) => 3 + ((n + k) % 3)
      const criteria = ['topic', 'participation', 'deliberation', 'conversion', 'satisfaction']
      ok(await cmd.evaluate(await ctxOf(evaluator, iso(start + 10 * DAY)), { id, scores: criteria.map((criterionId, k) => ({ criterionId, score: score(k) })) }))
    }
  }
  for (let i = 0; i < order.length; i += 8) await Promise.all(order.slice(i, i + 8).map((p, k) => held(i + k, p)))

  // Still ahead: one being planned, two open for registration, one under way today (sign in from the demo).
  const soon = async (n: number, status: 'draft' | 'published' | 'held', startMs: number, topic: string) => {
    const town = towns[0]
    const village = villages.filter((v) => v.townId === town._id)[0]
    const { id } = ok(await cmd.create(await ctxOf('demo-staff', iso(now - 5 * DAY)), {
      kind: n % 2 ? 'x' : 'forum', topic, description: `围绕“${topic}”开展协商，欢迎报名参加。`, startAt: iso(startMs), endAt: iso(startMs + 2 * HOUR),
      townId: town._id, villageId: village._id, venue: `${village.name}议事厅`, organiser: { kind: 'town', id: town._id },
      invitedMemberIds: [personIdFor('demo-member')], invitedDepartmentIds: [departments[0]._id], registration: { open: true, cap: 50 },
    })) as { id: Id }
    if (status === 'draft') return
    ok(await cmd.step(await ctxOf('demo-staff', iso(now - 4 * DAY)), 'publish', { id }))
    if (status === 'held') ok(await cmd.step(await ctxOf('demo-staff', iso(now - HOUR)), 'openSignIn', { id }))
  }
  await soon(0, 'draft', now + 20 * DAY, '民生议事堂：小区电动车充电难')
  await soon(1, 'published', now + 5 * DAY, '委员会客厅：老年助餐服务')
  await soon(2, 'published', now + 9 * DAY, '民生议事堂：农村道路安全')
  await soon(3, 'held', now - HOUR, '民生议事堂：南市楼宇停车难')
  if (!(await getPerson(db(), personIdFor(evaluator)))) throw new Error('seed-activities: the evaluator was not stored')
  return { held: order.length, participantTimes: TARGET_PARTICIPANT_TIMES, now: iso(now) }
}
