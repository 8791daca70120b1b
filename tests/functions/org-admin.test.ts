// What an admin's changes to the organisation leave, exactly, and what each person reads of it: places in their order,
// renames keeping what they had, bindings and groups on both sides, roles with their scope, departments and sector,
// the people lists and who sees phones. The org function runs in-process against a local CloudBase.
import { main as org } from '../../cloudfunctions/org/src'
import { db } from '../../server/db'
import { putPerson } from '../../server/repositories/users'
import { putOrgUnit } from '../../server/repositories/org'
import { directoryFor, orgCache } from '../../server/directory'
import { ADMIN, expectOk } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(60_000)
let p: InProcess
const ids: Record<string, string> = {}
beforeAll(async () => {
  p = await startInProcess({ org: org as never }, testClock('2026-07-01T02:00:00.000Z'))
  for (const [who, name] of [['o-member', '张委员'], ['o-member2', '李委员'], ['o-citizen', '王居民'], ['o-staff', '赵干部'], ['o-handler', '钱科员']]) {
    ids[who] = expectOk(await p.act('org', who, 'updateProfile', { name })).id
  }
  for (const who of ['o-member', 'o-member2']) expectOk(await p.act('org', ADMIN, 'setRoles', { personId: ids[who], roles: ['citizen', 'member'] }))
})
afterAll(async () => { await p?.stop() })

const forbidden = { ok: false, code: 'FORBIDDEN', message: '只有管理员可以管理组织架构' }

test('only an admin changes the organisation, and each name is content-checked like any text', async () => {
  for (const [action, input] of [
    ['upsertTown', { name: '新埭镇' }], ['upsertVillage', { townId: 'x', name: '新村' }], ['bindMember', { villageId: 'x', memberId: null }],
    ['upsertSectorGroup', { name: '组', memberIds: [] }], ['upsertDepartment', { name: '局' }], ['setRoles', { personId: ids['o-citizen'], roles: ['admin'] }],
    ['findPeople', { q: '王居民' }],
  ] as const) {
    expect(await p.act('org', 'o-citizen', action, input)).toEqual(forbidden)
  }
  expect(await p.act('org', ADMIN, 'upsertTown', { name: '违禁镇 reviewword' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'name' })
})

test('towns and villages in their order (then by id), a new one read at once; renamed, each keeps its order unless given, a village its bound member', async () => {
  const second = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '曹桥街道', order: 2 })).id
  const first = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '林埭镇', order: 1 })).id
  const noOrder = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '钟埭街道' })).id
  const v2 = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId: first, name: '徐家埭村', order: 2 })).id
  const v1 = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId: first, name: '林埭村', order: 1 })).id
  expectOk(await p.act('org', ADMIN, 'bindMember', { villageId: v2, memberId: ids['o-member'] }))
  const listed = async () => expectOk(await p.call('org', 'o-citizen', 'towns', {})).towns
  expect(await listed()).toEqual([
    { id: noOrder, name: '钟埭街道', villages: [] },
    { id: first, name: '林埭镇', villages: [{ id: v1, name: '林埭村' }, { id: v2, name: '徐家埭村', boundMemberId: ids['o-member'], boundMemberName: '张委员' }] },
    { id: second, name: '曹桥街道', villages: [] },
  ])
  expectOk(await p.act('org', ADMIN, 'upsertTown', { id: first, name: '林埭镇（新）' }))
  expectOk(await p.act('org', ADMIN, 'upsertVillage', { id: v2, townId: first, name: '徐埭村' }))
  const renamed = (await listed()).find((t: { id: string }) => t.id === first)
  expect(renamed).toEqual({ id: first, name: '林埭镇（新）', villages: [{ id: v1, name: '林埭村' }, { id: v2, name: '徐埭村', boundMemberId: ids['o-member'], boundMemberName: '张委员' }] })
  expect((await listed()).map((t: { id: string }) => t.id)).toEqual([noOrder, first, second])
  // Renamed to the name it has: no conflict with itself.
  // Two towns of the same order: the one made first first.
  expectOk(await p.act('org', ADMIN, 'upsertTown', { id: second, name: '曹桥街道', order: 0 }))
  expect((await listed()).map((t: { id: string }) => t.id)).toEqual([second, noOrder, first])
})

test('refusals name their field: an unknown or wrong-kind id, a duplicate name (a village\'s within its town only)', async () => {
  const town = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '澉浦镇', order: 5 })).id
  const other = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '秦山街道', order: 6 })).id
  const village = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId: town, name: '长墙山村' })).id
  expect(await p.act('org', ADMIN, 'upsertTown', { id: 'nosuchtown', name: '甲' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '镇街道不存在', field: 'id' })
  expect(await p.act('org', ADMIN, 'upsertTown', { id: village, name: '乙' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '镇街道不存在', field: 'id' })
  expect(await p.act('org', ADMIN, 'upsertTown', { name: '澉浦镇' })).toEqual({ ok: false, code: 'CONFLICT', message: '已有镇街道“澉浦镇”', field: 'name' })
  expect(await p.act('org', ADMIN, 'upsertTown', { id: other, name: '澉浦镇' })).toMatchObject({ code: 'CONFLICT', field: 'name' })
  expect(await p.act('org', ADMIN, 'upsertVillage', { townId: village, name: '丙' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '镇街道不存在', field: 'townId' })
  expect(await p.act('org', ADMIN, 'upsertVillage', { id: town, townId: town, name: '丁' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '村社区不存在', field: 'id' })
  expect(await p.act('org', ADMIN, 'upsertVillage', { id: 'nosuchvillage', townId: town, name: '丁' })).toMatchObject({ code: 'NOT_FOUND', field: 'id' })
  expect(await p.act('org', ADMIN, 'upsertVillage', { townId: town, name: '长墙山村' })).toEqual({ ok: false, code: 'CONFLICT', message: '本镇街道已有“长墙山村”', field: 'name' })
  expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId: other, name: '长墙山村' }))
  expectOk(await p.act('org', ADMIN, 'upsertVillage', { id: village, townId: town, name: '长墙山村', order: 3 }))
  expect(await p.act('org', ADMIN, 'bindMember', { villageId: town, memberId: null })).toEqual({ ok: false, code: 'NOT_FOUND', message: '村社区不存在', field: 'villageId' })
  expect(await p.act('org', ADMIN, 'bindMember', { villageId: village, memberId: 'nosuchperson' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '委员不存在', field: 'memberId' })
  expect(await p.act('org', ADMIN, 'upsertSectorGroup', { id: 'nosuchgroup', name: '组', memberIds: [] })).toEqual({ ok: false, code: 'NOT_FOUND', message: '界别活动组不存在', field: 'id' })
  expect(await p.act('org', ADMIN, 'upsertSectorGroup', { name: '组', memberIds: [ids['o-citizen']] })).toEqual({ ok: false, code: 'NOT_FOUND', message: '委员不存在', field: 'memberIds' })
  expect(await p.act('org', ADMIN, 'upsertDepartment', { id: 'nosuchdept', name: '局' })).toEqual({ ok: false, code: 'NOT_FOUND', message: '部门不存在', field: 'id' })
})

test('a village unbound leaves its member\'s list; binding the same member twice lists the village once', async () => {
  const town = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '百步镇', order: 7 })).id
  const village = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId: town, name: '百步村' })).id
  expectOk(await p.act('org', ADMIN, 'bindMember', { villageId: village, memberId: ids['o-member2'] }))
  expect(expectOk(await p.act('org', ADMIN, 'bindMember', { villageId: village, memberId: ids['o-member2'] }))).toEqual({ villageId: village, memberId: ids['o-member2'] })
  expect(expectOk(await p.call('org', 'o-member2', 'me', {})).boundVillageIds).toEqual([village])
  expect(expectOk(await p.act('org', ADMIN, 'bindMember', { villageId: village, memberId: null }))).toEqual({ villageId: village, memberId: null })
  expect(expectOk(await p.call('org', 'o-member2', 'me', {})).boundVillageIds).toEqual([])
  const listed = expectOk(await p.call('org', 'o-citizen', 'towns', {})).towns.find((t: { id: string }) => t.id === town)
  expect(listed.villages).toEqual([{ id: village, name: '百步村' }])
})

test('groups by name with their members once each; a member who lost the role can still be taken out', async () => {
  // Made first (the lower id), listed second: by name, 乙 (U+4E59) before 甲 (U+7532).
  const a = expectOk(await p.act('org', ADMIN, 'upsertSectorGroup', { name: '甲组', memberIds: [] })).id
  const g = expectOk(await p.act('org', ADMIN, 'upsertSectorGroup', { name: '乙组', memberIds: [ids['o-member'], ids['o-member'], ids['o-member2']] })).id
  const groups = expectOk(await p.call('org', 'o-citizen', 'sectorGroups', {})).groups
  expect(groups.filter((x: { id: string }) => [g, a].includes(x.id))).toEqual([
    { id: g, name: '乙组', memberIds: [ids['o-member'], ids['o-member2']] }, { id: a, name: '甲组', memberIds: [] },
  ])
  expect(expectOk(await p.call('org', 'o-member', 'me', {})).sectorGroupIds).toEqual([g])
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: ids['o-member2'], roles: ['citizen'] }))
  expectOk(await p.act('org', ADMIN, 'upsertSectorGroup', { id: g, name: '乙组', memberIds: [ids['o-member']] }))
  expect(expectOk(await p.call('org', 'o-member2', 'me', {})).sectorGroupIds).toEqual([])
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: ids['o-member2'], roles: ['citizen', 'member'] }))
})

test('roles: staff keep their scope unless given another (every town at first), lose it with the role; handlers keep their departments the same way', async () => {
  const person = ids['o-staff']
  const town = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '沈荡镇', order: 8 })).id
  const dept = expectOk(await p.act('org', ADMIN, 'upsertDepartment', { name: '市交通局' })).id
  const me = async () => expectOk(await p.call('org', 'o-staff', 'me', {}))
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'staff', 'staff'] }))
  expect(await me()).toMatchObject({ roles: ['citizen', 'staff'], staffScope: 'all' })
  expect(expectOk(await p.call('org', ADMIN, 'findPeople', { q: '赵干部' })).people[0].roles).toEqual(['citizen', 'staff'])
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'staff'], staffScope: [town] }))
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'staff', 'departmentHandler'], departmentIds: [dept, dept] }))
  expect(await me()).toMatchObject({ roles: ['citizen', 'staff', 'departmentHandler'], staffScope: [town], departmentIds: [dept] })
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'departmentHandler'] }))
  const handler = await me()
  expect(handler.staffScope).toBeUndefined()
  expect(handler.departmentIds).toEqual([dept])
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'staff'] }))
  const back = await me()
  expect([back.staffScope, back.departmentIds]).toEqual(['all', undefined])
  // A handler's departments must exist; without any the role is refused.
  expect(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['departmentHandler'], departmentIds: [dept, 'nosuchdept'] })).toEqual({ ok: false, code: 'NOT_FOUND', message: '部门不存在', field: 'departmentIds' })
  expect(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['departmentHandler'] })).toEqual({ ok: false, code: 'INVALID_INPUT', message: '部门办理人需至少选择一个部门', field: 'departmentIds' })
})

test('a member\'s sector set, kept when not given, cleared when empty; an admin finds people by name or phone with all they hold', async () => {
  const person = ids['o-handler']
  expectOk(await p.act('org', 'o-handler', 'updateProfile', { phone: '13900007777' }))
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'member'], sector: '经济界' }))
  const found = async (q: string) => expectOk(await p.call('org', ADMIN, 'findPeople', { q })).people
  expect(await found('钱科员')).toEqual([{ id: person, name: '钱科员', roles: ['citizen', 'member'], departmentIds: [], boundVillageIds: [], phone: '13900007777', sector: '经济界' }])
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'member', 'staff'], staffScope: 'all' }))
  expect(await found('13900007777')).toEqual([{ id: person, name: '钱科员', roles: ['citizen', 'member', 'staff'], departmentIds: [], boundVillageIds: [], phone: '13900007777', staffScope: 'all', sector: '经济界' }])
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'member'], sector: '' }))
  expect(await found('钱科员')).toEqual([{ id: person, name: '钱科员', roles: ['citizen', 'member'], departmentIds: [], boundVillageIds: [] }].map((x) => ({ ...x, phone: '13900007777' })))
  // The members list shows the sector; the phone to staff only.
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: person, roles: ['citizen', 'member'], sector: '教育界' }))
  const asCitizen = expectOk(await p.call('org', 'o-citizen', 'members', { q: '钱' })).members
  expect(asCitizen).toEqual([{ id: person, name: '钱科员', sectorGroupIds: [], boundVillageIds: [], sector: '教育界' }])
  expect(expectOk(await p.call('org', ADMIN, 'members', { q: '钱' })).members[0].phone).toBe('13900007777')
})

test('the staff list: staff only, each with roles, scope (every town when none is stored) and phone', async () => {
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: ids['o-citizen'], roles: ['citizen', 'staff'], staffScope: 'all' }))
  const staff = expectOk(await p.call('org', 'o-citizen', 'staffList', {})).staff
  expect(staff.find((s: { id: string }) => s.id === ids['o-citizen'])).toEqual({ id: ids['o-citizen'], name: '王居民', roles: ['citizen', 'staff'], scope: 'all' })
  // Someone stored as staff with no scope (before scopes were kept) is listed over every town.
  const legacy = { _id: 'legacystaff1', openid: 'o-legacy', name: '老干部', roles: ['citizen', 'staff'], sectorGroupIds: [], boundVillageIds: [], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }
  await putPerson(db(), legacy as never)
  const again = expectOk(await p.call('org', 'o-citizen', 'staffList', {})).staff
  expect(again.find((s: { id: string }) => s.id === 'legacystaff1')).toEqual({ id: 'legacystaff1', name: '老干部', roles: ['citizen', 'staff'], scope: 'all' })
  expectOk(await p.act('org', ADMIN, 'setRoles', { personId: ids['o-citizen'], roles: ['citizen'] }))
  expect(await p.call('org', 'o-citizen', 'staffList', {})).toEqual({ ok: false, code: 'FORBIDDEN', message: '您没有权限进行此操作' })
})

test('my profile: a newcomer is 微信用户 with no id; a name or a phone changed alone keeps the other', async () => {
  expect(expectOk(await p.call('org', 'o-newcomer', 'me', {}))).toEqual({ id: null, name: '微信用户', roles: ['citizen'], sectorGroupIds: [], boundVillageIds: [] })
  expectOk(await p.act('org', 'o-newcomer', 'updateProfile', { phone: '13900008888' }))
  const named = expectOk(await p.act('org', 'o-newcomer', 'updateProfile', { name: '新来的' }))
  expect([named.name, named.phone]).toEqual(['新来的', '13900008888'])
  expect(expectOk(await p.act('org', 'o-newcomer', 'updateProfile', { phone: '13900009999' })).name).toBe('新来的')
  expect(await p.act('org', 'o-newcomer', 'updateProfile', { name: '违禁 reviewword' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'name' })
})

test('the cached directory: a place made elsewhere is read when asked for by id, or once the cache is 30 s old; unknown ids name nothing', async () => {
  await orgCache()
  await putOrgUnit(db(), { _id: 'elsewhere-town', kind: 'town', name: '别处镇', order: 99 })
  expect((await orgCache()).towns.has('elsewhere-town')).toBe(false)
  expect((await orgCache(['elsewhere-town'])).towns.get('elsewhere-town')?.name).toBe('别处镇')
  await putOrgUnit(db(), { _id: 'elsewhere-town2', kind: 'town', name: '别处镇二', order: 99 })
  const now = Date.now()
  const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 29_000)
  expect((await orgCache()).towns.has('elsewhere-town2')).toBe(false)
  clock.mockReturnValue(now + 31_000)
  expect((await orgCache()).towns.has('elsewhere-town2')).toBe(true)
  clock.mockRestore()
  const dir = await directoryFor([ids['o-member'], 'nosuchperson'])
  expect([dir.townName('elsewhere-town'), dir.townName('nosuch'), dir.villageName('nosuch'), dir.sectorGroupName('nosuch'), dir.departmentName('nosuch')]).toEqual(['别处镇', '', '', undefined, undefined])
  expect([dir.person(ids['o-member'])?.name, dir.person('nosuchperson')]).toEqual(['张委员', undefined])
})
