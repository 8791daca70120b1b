// The org function: profiles, places, bindings and groups, kept consistent on both sides by admin commands.
import { ADMIN, expectOk, setupCounty, startHarness, type County, type Harness, fullScans } from './harness'

jest.setTimeout(60_000)
let h: Harness
let c: County
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
})
afterAll(async () => { await h?.stop() })

test('binding a village to another member moves it from the first member to the second (一村一社一委员)', async () => {
  expect(expectOk(await h.call('org', c.member, 'me', {})).boundVillageIds).toEqual([c.villageId])
  expectOk(await h.act('org', ADMIN, 'bindMember', { villageId: c.villageId, memberId: c.ids.member2 }))
  expect(expectOk(await h.call('org', c.member, 'me', {})).boundVillageIds).toEqual([])
  expect(expectOk(await h.call('org', c.member2, 'me', {})).boundVillageIds).toEqual([c.villageId])
  const towns = expectOk(await h.call('org', c.citizen, 'towns', {}))
  expect(towns.towns.flatMap((t: { villages: { id: string; boundMemberId?: string }[] }) => t.villages).find((v: { id: string }) => v.id === c.villageId).boundMemberId).toBe(c.ids.member2)
  // A citizen cannot be bound: only members.
  expect(await h.act('org', ADMIN, 'bindMember', { villageId: c.villageId, memberId: c.ids.citizen })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'memberId' })
  expectOk(await h.act('org', ADMIN, 'bindMember', { villageId: c.villageId, memberId: c.ids.member }))
})

test('a sector group and its members change together', async () => {
  const id = expectOk(await h.act('org', ADMIN, 'upsertSectorGroup', { name: '教育界活动组', memberIds: [c.ids.member2] })).id
  expect(expectOk(await h.call('org', c.member2, 'me', {})).sectorGroupIds).toContain(id)
  expectOk(await h.act('org', ADMIN, 'upsertSectorGroup', { id, name: '教育界活动组', memberIds: [c.ids.member] }))
  expect(expectOk(await h.call('org', c.member2, 'me', {})).sectorGroupIds).not.toContain(id)
  expect(expectOk(await h.call('org', c.member, 'me', {})).sectorGroupIds).toContain(id)
  const groups = expectOk(await h.call('org', c.citizen, 'sectorGroups', {}))
  expect(groups.groups.find((g: { id: string }) => g.id === id).memberIds).toEqual([c.ids.member])
})

test('roles and staff scope set by an admin apply on the next call', async () => {
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: c.ids.citizen2, roles: ['citizen', 'staff'], staffScope: [c.townId] }))
  const me = expectOk(await h.call('org', c.citizen2, 'me', {}))
  expect(me.roles).toEqual(['citizen', 'staff'])
  expect(me.staffScope).toEqual([c.townId])
  const listed = expectOk(await h.call('org', c.citizen2, 'staffList', {})).staff
  expect(listed.length).toBeGreaterThanOrEqual(2)
  // The list carries each person's roles, so an admin editing a scope keeps every role the person holds.
  expect(listed.find((s: { id: string }) => s.id === c.ids.citizen2)).toMatchObject({ roles: ['citizen', 'staff'], scope: [c.townId] })
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: c.ids.citizen2, roles: ['citizen'] }))
  expect(await h.call('org', c.citizen2, 'staffList', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('org', ADMIN, 'setRoles', { personId: 'unknownperson', roles: ['member'] })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'personId' })
})

test('places, departments and members are listed; a village needs an existing town', async () => {
  expect(await h.act('org', ADMIN, 'upsertVillage', { townId: 'nosuchtown', name: '新村' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'townId' })
  const renamed = expectOk(await h.act('org', ADMIN, 'upsertTown', { id: c.otherTownId, name: '乍浦镇（港区）' })).id
  expect(renamed).toBe(c.otherTownId)
  const towns = expectOk(await h.call('org', c.citizen, 'towns', {})).towns
  expect(towns.map((t: { name: string }) => t.name)).toEqual(['当湖街道', '乍浦镇（港区）'])
  expect(expectOk(await h.call('org', c.citizen, 'departments', {})).departments.map((d: { name: string }) => d.name)).toContain('市住建局')
  const members = expectOk(await h.call('org', c.citizen, 'members', { townId: c.townId }))
  expect(members.members.map((m: { id: string }) => m.id)).toEqual([c.ids.member])
  expect(expectOk(await h.call('org', c.citizen, 'members', { q: 'member2' })).members).toHaveLength(1)
  // A village shows its bound member by name; one with none shows neither.
  const villages = towns.flatMap((t: { villages: unknown[] }) => t.villages)
  expect(villages.find((v: { id: string }) => v.id === c.villageId)).toEqual({ id: c.villageId, name: '东湖社区', boundMemberId: c.ids.member, boundMemberName: 'member-姓名' })
  expect(villages.find((v: { id: string }) => v.id === c.village2Id)).toEqual({ id: c.village2Id, name: '南市社区' })
  // A member bound in another town is listed for that town only.
  expectOk(await h.act('org', ADMIN, 'bindMember', { villageId: c.otherVillageId, memberId: c.ids.member2 }))
  expect(expectOk(await h.call('org', c.citizen, 'members', { townId: c.otherTownId })).members.map((m: { id: string }) => m.id)).toEqual([c.ids.member2])
  expect(expectOk(await h.call('org', c.citizen, 'members', { townId: c.townId })).members.map((m: { id: string }) => m.id)).toEqual([c.ids.member])
})

test('every query above used a declared index (no full scans)', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
