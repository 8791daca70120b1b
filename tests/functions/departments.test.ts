// Department hand-offs end to end: an admin names a department's handlers; a handler claims, progresses and replies like a
// member (the 12345 work order); staff may record a department's written reply on its behalf, marked so on the timeline.
import { ADMIN, expectOk, fullScans, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(60_000)
let h: Harness
let c: County
let otherDepartmentId: string
const HANDLER = 'dept-handler-a'
const OTHER_HANDLER = 'dept-handler-b'
let handlerId: string
let otherHandlerId: string

beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  otherDepartmentId = expectOk(await h.act('org', ADMIN, 'upsertDepartment', { name: '市交通运输局' })).id
  handlerId = expectOk(await h.act('org', HANDLER, 'updateProfile', { name: '住建局王科长' })).id!
  otherHandlerId = expectOk(await h.act('org', OTHER_HANDLER, 'updateProfile', { name: '交通局李科长' })).id!
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: handlerId, roles: ['citizen', 'departmentHandler'], departmentIds: [c.departmentId] }))
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: otherHandlerId, roles: ['citizen', 'departmentHandler'], departmentIds: [otherDepartmentId] }))
})
afterAll(async () => { await h?.stop() })

async function handedToDepartment(title: string): Promise<string> {
  const { id } = expectOk(await h.act('suggestions', c.citizen, 'submit', {
    category: 'publicService', townId: c.townId, villageId: c.villageId, title, content: `${title}，请相关部门尽快处理。`, images: [], anonymous: false,
  }))
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'department', departmentId: c.departmentId }, deadline: inDays(10) }))
  return id
}

test('an admin grants the department handler role with its department; the department lists its handler; the handler sees it in 我的', async () => {
  const departments = expectOk(await h.call('org', c.citizen, 'departments', {})).departments
  const housing = departments.find((d: { id: string }) => d.id === c.departmentId)
  expect(housing.handlers).toEqual([{ id: handlerId, name: '住建局王科长' }])
  const me = expectOk(await h.call('org', HANDLER, 'me', {}))
  expect(me.roles).toEqual(['citizen', 'departmentHandler'])
  expect(me.departmentIds).toEqual([c.departmentId])
})

test('the department handler role needs an existing department', async () => {
  const none = await h.act('org', ADMIN, 'setRoles', { personId: c.ids.citizen2, roles: ['citizen', 'departmentHandler'] })
  expect(none).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'departmentIds' })
  const missing = await h.act('org', ADMIN, 'setRoles', { personId: c.ids.citizen2, roles: ['citizen', 'departmentHandler'], departmentIds: ['nosuchdept'] })
  expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'departmentIds' })
  // Staff cannot hand out roles.
  const byStaff = await h.act('org', c.staff, 'setRoles', { personId: c.ids.citizen2, roles: ['citizen', 'departmentHandler'], departmentIds: [c.departmentId] })
  expect(byStaff).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})

test('a handler of the department claims, posts progress and replies; the author rates it; each step is on the timeline as 部门办理人', async () => {
  const id = await handedToDepartment('小区路灯坏了三盏')

  const queue = expectOk(await h.call('suggestions', HANDLER, 'memberQueue', { tab: 'toClaim' }))
  expect(queue.items.map((i: { id: string }) => i.id)).toContain(id)
  // The other department's handler neither sees nor claims it.
  const other = expectOk(await h.call('suggestions', OTHER_HANDLER, 'memberQueue', { tab: 'toClaim' }))
  expect(other.items.map((i: { id: string }) => i.id)).not.toContain(id)
  expect(await h.act('suggestions', OTHER_HANDLER, 'claim', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // A member is not the department either.
  expect(await h.act('suggestions', c.member, 'claim', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

  const before = expectOk(await h.call('suggestions', HANDLER, 'detail', { id }))
  expect(before.actions).toEqual(['comment', 'second', 'claim', 'returnItem'])

  expect(expectOk(await h.act('suggestions', HANDLER, 'claim', { id })).status).toBe('claimed')
  const inProgress = expectOk(await h.call('suggestions', HANDLER, 'memberQueue', { tab: 'inProgress' }))
  expect(inProgress.items.map((i: { id: string }) => i.id)).toEqual([id])
  expectOk(await h.act('suggestions', HANDLER, 'progress', { id, note: '已派维修班组现场勘查', images: [] }))
  expect(expectOk(await h.act('suggestions', HANDLER, 'reply', { id, text: '三盏路灯已全部更换', outcome: 'adopted' })).status).toBe('replied')
  expect(expectOk(await h.act('suggestions', c.citizen, 'rate', { id, value: 'satisfied' })).status).toBe('closed')

  const detail = expectOk(await h.call('suggestions', c.citizen, 'detail', { id }))
  const steps = detail.timeline.slice(-4).map((e: { command: string; actor: { name: string; role: string } }) => [e.command, e.actor.name, e.actor.role])
  expect(steps).toEqual([
    ['claim', '住建局王科长', 'departmentHandler'],
    ['progress', '住建局王科长', 'departmentHandler'],
    ['reply', '住建局王科长', 'departmentHandler'],
    ['rate', 'citizen-姓名', 'citizen'],
  ])
  expect(detail.reply.by.name).toBe('住建局王科长')
  expect(detail.reply.department).toBeUndefined()
})

test('staff record a department written reply on its behalf, marked on the timeline; only for department hand-offs, only staff', async () => {
  const id = await handedToDepartment('农贸市场排水沟堵塞')
  // A citizen, a member and the department's own handler cannot record for the department: that is staff's desk.
  expect(await h.act('suggestions', c.citizen, 'recordReply', { id, text: '已疏通', outcome: 'adopted' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('suggestions', HANDLER, 'recordReply', { id, text: '已疏通', outcome: 'adopted' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // Staff whose scope is another town may not either.
  expect(await h.act('suggestions', c.townStaff, 'recordReply', { id, text: '已疏通', outcome: 'adopted' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })

  const staffView = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect(staffView.actions).toContain('recordReply')

  const done = expectOk(await h.act('suggestions', c.staff, 'recordReply', { id, text: '排水沟已于本周疏通完毕，并加装了格栅', outcome: 'adopted' }))
  expect(done.status).toBe('replied')
  const detail = expectOk(await h.call('suggestions', c.citizen, 'detail', { id }))
  const last = detail.timeline[detail.timeline.length - 1]
  expect(last.command).toBe('recordReply')
  expect(last.actor.role).toBe('staff')
  expect(last.payload.onBehalfOfDepartment).toEqual({ id: c.departmentId, name: '市住建局' })
  expect(detail.reply).toMatchObject({ outcome: 'adopted', department: { id: c.departmentId, name: '市住建局' } })
  // The author is asked to rate it, as after any reply.
  expect(detail.actions).toContain('rate')
  // A replied item cannot be recorded again.
  expect(await h.act('suggestions', c.staff, 'recordReply', { id, text: '再次答复', outcome: 'adopted' })).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
})

test('rated 不满意 after staff recorded the department\'s reply: back to the department with a new deadline; its handler and staff are told; the handler answers again', async () => {
  const id = await handedToDepartment('公交站台顶棚漏雨')
  expectOk(await h.act('suggestions', c.staff, 'recordReply', { id, text: '已转交公交公司', outcome: 'forReference' }))
  const before = Date.now()
  expectOk(await h.act('suggestions', c.citizen, 'rate', { id, value: 'dissatisfied', reason: '站台还是漏雨' }))

  const detail = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect(detail.status).toBe('assigned')
  expect(detail.handOff).toMatchObject({ targetKind: 'department', targetId: c.departmentId })
  // A new deadline at least a week from the rating.
  expect(Date.parse(detail.handOff.deadline)).toBeGreaterThanOrEqual(before + 7 * 86400_000 - 60_000)
  expect(detail.timeline.at(-1)).toMatchObject({ command: 'rate', from: 'replied', to: 'assigned', payload: { value: 'dissatisfied', reopened: true, backTo: 'department' } })

  // Who is told: the department's group, its handler, and staff.
  const rows = (await sdkDatabase(h).collection('outbox').where({ suggestionId: id }).limit(100).get()).data as { kind: string; to: string; templateKey: string }[]
  const told = rows.filter((r) => r.templateKey === 'reopened' || r.templateKey === 'staffAlert').map((r) => `${r.kind} ${r.to} ${r.templateKey}`).sort()
  expect(told).toEqual([`robot department:${c.departmentId} reopened`, `robot staff:${c.townId} staffAlert`, `subscribe ${handlerId} reopened`].sort())

  // It is in the handler's queue to sign for again, and the card says 重办 with the reason.
  const queue = expectOk(await h.call('suggestions', HANDLER, 'memberQueue', { tab: 'toClaim' }))
  const card = queue.items.find((i: { id: string }) => i.id === id)
  expect(card.reopened).toEqual({ reason: '站台还是漏雨' })
  expectOk(await h.act('suggestions', HANDLER, 'claim', { id }))
  expectOk(await h.act('suggestions', HANDLER, 'reply', { id, text: '已更换站台顶棚', outcome: 'adopted' }))
  expect(expectOk(await h.call('suggestions', c.citizen, 'detail', { id })).status).toBe('replied')
})

test('staff cannot record a reply for an item handed to a member', async () => {
  const { id } = expectOk(await h.act('suggestions', c.citizen, 'submit', {
    category: 'traffic', townId: c.townId, villageId: c.villageId, title: '路口缺少斑马线', content: '学校门口路口缺少斑马线。', images: [], anonymous: false,
  }))
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(10) }))
  expect(await h.act('suggestions', c.staff, 'recordReply', { id, text: '已画线', outcome: 'adopted' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect((await fullScans(h)).fullScans).toBe(0)
})

test('removing the role takes the department away: the former handler has no queue', async () => {
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: otherHandlerId, roles: ['citizen'] }))
  const me = expectOk(await h.call('org', OTHER_HANDLER, 'me', {}))
  expect(me.departmentIds).toBeUndefined()
  expect(await h.call('suggestions', OTHER_HANDLER, 'memberQueue', { tab: 'toClaim' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})

test('an admin finds a person by exact name or phone to manage their roles; nobody else may look people up', async () => {
  expectOk(await h.act('org', HANDLER, 'updateProfile', { phone: '13800005555' }))
  const byName = expectOk(await h.call('org', ADMIN, 'findPeople', { q: '住建局王科长' })).people
  expect(byName.map((p: { id: string; roles: string[]; departmentIds: string[] }) => [p.id, p.roles, p.departmentIds]))
    .toEqual([[handlerId, ['citizen', 'departmentHandler'], [c.departmentId]]])
  const byPhone = expectOk(await h.call('org', ADMIN, 'findPeople', { q: '13800005555' })).people
  expect(byPhone).toEqual([{ id: handlerId, name: '住建局王科长', phone: '13800005555', roles: ['citizen', 'departmentHandler'], departmentIds: [c.departmentId], boundVillageIds: [] }])
  // Exactly what an admin sees: no department, village, scope or 界别 a person does not have.
  expect(expectOk(await h.call('org', ADMIN, 'findPeople', { q: 'citizen-姓名' })).people).toEqual([{ id: c.ids.citizen, name: 'citizen-姓名', roles: ['citizen'], departmentIds: [], boundVillageIds: [] }])
  expect(expectOk(await h.call('org', ADMIN, 'findPeople', { q: 'townStaff-姓名' })).people)
    .toEqual([{ id: c.ids.townStaff, name: 'townStaff-姓名', roles: ['citizen', 'staff'], staffScope: [c.otherTownId], departmentIds: [], boundVillageIds: [] }])
  expect(expectOk(await h.call('org', ADMIN, 'findPeople', { q: 'member-姓名' })).people.map((p: { boundVillageIds: string[] }) => p.boundVillageIds)).toEqual([[c.villageId]])
  expect(await h.call('org', c.staff, 'findPeople', { q: '住建局王科长' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // A member's 界别 is set with their roles.
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: c.ids.member2, roles: ['citizen', 'member'], sector: '经济界' }))
  const members = expectOk(await h.call('org', c.citizen, 'members', {})).members
  expect(members.find((m: { id: string }) => m.id === c.ids.member2).sector).toBe('经济界')
  expect((await fullScans(h)).fullScans).toBe(0)
})
