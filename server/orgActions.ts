// The `org` function's actions: the caller's profile, places, people and groups; admin commands that manage them.
import { MESSAGES } from '../src/domain/labels'
import type { Department, Id, Person, Role, SectorGroup, Town, Village } from '../src/domain/types'
import type { DepartmentView, Me, MemberView, PersonAdminView, SectorGroupView, StaffView, TownView } from '../src/domain/api'
import { domainError, type DomainError } from '../src/domain/commands'
import { hasRole, isStaffFor } from '../src/domain/permissions'
import { db, type Scope } from './db'
import { forgetOrg, orgCache } from './directory'
import { mutate, type Ctx } from './handler'
import { newPerson } from './identity'
import { newId } from './ids'
import { getDepartment, getOrgUnit, getSectorGroup, listTowns, listVillages, putDepartment, putOrgUnit, putSectorGroup } from './repositories/org'
import { findPeople as findPeopleIn, getPeople, getPerson, pageOfRole, peopleWithRole, putPerson } from './repositories/users'
import { checkTexts, said } from './textCheck'

function meOf(ctx: Ctx, person: Person | null): Me {
  const a = ctx.caller.actor
  const me: Me = {
    id: person ? person._id : null, name: person?.name ?? MESSAGES.defaultPersonName, roles: a.roles,
    sectorGroupIds: a.sectorGroupIds, boundVillageIds: a.boundVillageIds,
  }
  if (person?.phone) me.phone = person.phone
  if (a.staffScope) me.staffScope = a.staffScope
  if (a.departmentIds?.length) me.departmentIds = a.departmentIds
  return me
}

export async function me(ctx: Ctx): Promise<Me> {
  return meOf(ctx, ctx.caller.person)
}

export async function updateProfile(ctx: Ctx, input: { name?: string; phone?: string }): Promise<Me | DomainError> {
  // A name is shown beside everything a member or staff does: checked like any other text.
  const rejected = await checkTexts(ctx.caller.openid, said('name', 1, input.name))
  if (rejected) return rejected
  return mutate(ctx, async (t) => {
    const person = { ...(ctx.caller.person ?? newPerson(ctx.caller, ctx.now)) }
    if (input.name !== undefined) person.name = input.name
    if (input.phone !== undefined) person.phone = input.phone
    person.updatedAt = ctx.now
    await putPerson(t, person)
    return { written: meOf(ctx, person), storedCaller: true }
  })
}

// ---- reads ----

export async function towns(): Promise<{ towns: TownView[] }> {
  const org = await orgCache()
  const villages = [...org.villages.values()]
  const people = new Map((await getPeople(db(), villages.map((v) => v.boundMemberId).filter((x): x is Id => !!x))).map((p) => [p._id, p]))
  return {
    towns: [...org.towns.values()].map((t) => ({
      id: t._id, name: t.name,
      villages: villages.filter((v) => v.townId === t._id).map((v) => {
        const view: TownView['villages'][number] = { id: v._id, name: v.name }
        if (v.boundMemberId) {
          view.boundMemberId = v.boundMemberId
          const name = people.get(v.boundMemberId)?.name
          if (name) view.boundMemberName = name
        }
        return view
      }),
    })),
  }
}

/** People lists page by `name|id`; the cursor carries it as base64url, since names are Chinese. */
const toCursor = (key: string | null) => (key === null ? null : Buffer.from(key, 'utf8').toString('base64url'))
const fromCursor = (cursor: string | null | undefined) => (cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null)
/** Members per page: a picker shows them all at once in a county of a few hundred. */
export const MEMBERS_PAGE = 200
/** At most this many members are read to fill one filtered page; past it the page is short and the cursor goes on. */
const MEMBERS_SCAN = 1000

export async function members(ctx: Ctx, input: { townId?: Id; q?: string; cursor?: string | null }): Promise<{ members: MemberView[]; nextCursor: string | null }> {
  const org = await orgCache()
  const showPhone = isStaffFor(ctx.caller.actor, null)
  const wanted = (p: Person) =>
    (!input.townId || (p.boundVillageIds ?? []).some((v) => org.villages.get(v)?.townId === input.townId)) &&
    (!input.q || p.name.includes(input.q))
  const list: Person[] = []
  let cursor = fromCursor(input.cursor)
  let scanned = 0
  // Filters apply after the indexed read (by name): read on until the page is full, the list ends, or enough was read.
  do {
    const p = await pageOfRole(db(), 'member', cursor, MEMBERS_PAGE)
    scanned += p.people.length
    for (const person of p.people) {
      if (list.length === MEMBERS_PAGE) break
      if (wanted(person)) list.push(person)
      cursor = `${person.name}|${person._id}`
    }
    if (!p.nextCursor && list.length < MEMBERS_PAGE) cursor = null
  } while (cursor && list.length < MEMBERS_PAGE && scanned < MEMBERS_SCAN)
  return {
    members: list.map((p) => {
      const view: MemberView = { id: p._id, name: p.name, sectorGroupIds: p.sectorGroupIds, boundVillageIds: p.boundVillageIds ?? [] }
      if (p.sector) view.sector = p.sector
      if (showPhone && p.phone) view.phone = p.phone
      return view
    }),
    nextCursor: toCursor(cursor),
  }
}

export async function sectorGroups(): Promise<{ groups: SectorGroupView[] }> {
  const org = await orgCache()
  return { groups: [...org.groups.values()].map((g) => ({ id: g._id, name: g.name, memberIds: g.memberIds })) }
}

export async function departments(): Promise<{ departments: DepartmentView[] }> {
  const [org, handlers] = await Promise.all([orgCache(), peopleWithRole(db(), 'departmentHandler')])
  return {
    departments: [...org.departments.values()].map((d) => ({
      id: d._id, name: d.name,
      handlers: handlers.filter((p) => (p.departmentIds ?? []).includes(d._id)).map((p) => ({ id: p._id, name: p.name })),
    })),
  }
}

export async function staffList(ctx: Ctx): Promise<{ staff: StaffView[] } | DomainError> {
  if (!isStaffFor(ctx.caller.actor, null)) return domainError('FORBIDDEN')
  const staff = await peopleWithRole(db(), 'staff')
  return {
    staff: staff.map((p) => {
      const view: StaffView = { id: p._id, name: p.name, roles: p.roles, scope: p.staffScope ?? 'all' }
      if (p.phone) view.phone = p.phone
      return view
    }),
  }
}

export async function findPeople(ctx: Ctx, input: { q: string }): Promise<{ people: PersonAdminView[] } | DomainError> {
  const denied = adminOnly(ctx)
  if (denied) return denied
  const people = await findPeopleIn(db(), input.q)
  return {
    people: people.map((p) => {
      const view: PersonAdminView = { id: p._id, name: p.name, roles: p.roles, departmentIds: p.departmentIds ?? [], boundVillageIds: p.boundVillageIds ?? [] }
      if (p.phone) view.phone = p.phone
      if (p.staffScope) view.staffScope = p.staffScope
      if (p.sector) view.sector = p.sector
      return view
    }),
  }
}

// ---- admin commands ----

function adminOnly(ctx: Ctx): DomainError | null {
  return hasRole(ctx.caller.actor, 'admin') ? null : domainError('FORBIDDEN', MESSAGES.onlyAdmin)
}

async function adminMutate<T>(ctx: Ctx, work: (t: Scope) => Promise<T | DomainError>, name?: string): Promise<T | DomainError> {
  const denied = adminOnly(ctx)
  if (denied) return denied
  // Names of places, groups and departments are public: checked like people's text.
  const rejected = await checkTexts(ctx.caller.openid, said('name', 1, name))
  if (rejected) return rejected
  const result = await mutate(ctx, async (t) => {
    const r = await work(t)
    return r && typeof r === 'object' && (r as DomainError).ok === false ? (r as DomainError) : { written: r as T }
  })
  // This instance reads the change at once; others within their cache's short lifetime.
  forgetOrg()
  return result
}

export function upsertTown(ctx: Ctx, input: { id?: Id; name: string; order?: number }) {
  return adminMutate(ctx, async (t) => {
    const existing = input.id ? await getOrgUnit(t, input.id) : null
    if (input.id && (!existing || existing.kind !== 'town')) return domainError('NOT_FOUND', MESSAGES.townMissing, 'id')
    // Read outside the transaction (a query): two admins adding the same name in the same second could both pass.
    if ((await listTowns(db())).some((x) => x.name === input.name && x._id !== input.id)) return domainError('CONFLICT', MESSAGES.duplicateTown(input.name), 'name')
    const town: Town = { _id: input.id ?? newId(ctx.now), kind: 'town', name: input.name, order: input.order ?? (existing?.order ?? 0) }
    await putOrgUnit(t, town)
    return { id: town._id }
  }, input.name)
}

export function upsertVillage(ctx: Ctx, input: { id?: Id; townId: Id; name: string; order?: number }) {
  return adminMutate(ctx, async (t) => {
    const town = await getOrgUnit(t, input.townId)
    if (!town || town.kind !== 'town') return domainError('NOT_FOUND', MESSAGES.townMissing, 'townId')
    const existing = input.id ? await getOrgUnit(t, input.id) : null
    if (input.id && (!existing || existing.kind !== 'village')) return domainError('NOT_FOUND', MESSAGES.villageMissing, 'id')
    const siblings = (await listVillages(db())).filter((x) => x.townId === input.townId && x._id !== input.id)
    if (siblings.some((x) => x.name === input.name)) return domainError('CONFLICT', MESSAGES.duplicateVillage(input.name), 'name')
    const village: Village = { _id: input.id ?? newId(ctx.now), kind: 'village', townId: input.townId, name: input.name, order: input.order ?? (existing?.order ?? 0) }
    if (existing && existing.kind === 'village' && existing.boundMemberId) village.boundMemberId = existing.boundMemberId
    await putOrgUnit(t, village)
    return { id: village._id }
  }, input.name)
}

/** 一村一社一委员: the village and both members' lists change together. */
export function bindMember(ctx: Ctx, input: { villageId: Id; memberId: Id | null }) {
  return adminMutate(ctx, async (t) => {
    const village = await getOrgUnit(t, input.villageId)
    if (!village || village.kind !== 'village') return domainError('NOT_FOUND', MESSAGES.villageMissing, 'villageId')
    const next = input.memberId ? await getPerson(t, input.memberId) : null
    if (input.memberId && (!next || !next.roles.includes('member'))) return domainError('NOT_FOUND', MESSAGES.memberMissing, 'memberId')
    const previous = village.boundMemberId && village.boundMemberId !== input.memberId ? await getPerson(t, village.boundMemberId) : null
    if (previous) await putPerson(t, { ...previous, boundVillageIds: (previous.boundVillageIds ?? []).filter((v) => v !== village._id), updatedAt: ctx.now })
    if (next) await putPerson(t, { ...next, boundVillageIds: [...new Set([...(next.boundVillageIds ?? []), village._id])], updatedAt: ctx.now })
    const updated: Village = { ...village }
    if (input.memberId) updated.boundMemberId = input.memberId
    else delete updated.boundMemberId
    await putOrgUnit(t, updated)
    return { villageId: village._id, memberId: input.memberId }
  })
}

/** A group and its members' lists change together. */
export function upsertSectorGroup(ctx: Ctx, input: { id?: Id; name: string; memberIds: Id[] }) {
  return adminMutate(ctx, async (t) => {
    const existing: SectorGroup | null = input.id ? await getSectorGroup(t, input.id) : null
    if (input.id && !existing) return domainError('NOT_FOUND', MESSAGES.sectorGroupMissing, 'id')
    const id = input.id ?? newId(ctx.now)
    const memberIds = [...new Set(input.memberIds)]
    const before = new Set(existing?.memberIds ?? [])
    const touched = [...new Set([...before, ...memberIds])]
    for (const personId of touched) {
      const p = await getPerson(t, personId)
      const joining = memberIds.includes(personId)
      if (!p || (joining && !p.roles.includes('member'))) return domainError('NOT_FOUND', MESSAGES.memberMissing, 'memberIds')
      const groups = new Set(p.sectorGroupIds)
      if (joining) groups.add(id)
      else groups.delete(id)
      await putPerson(t, { ...p, sectorGroupIds: [...groups], updatedAt: ctx.now })
    }
    await putSectorGroup(t, { _id: id, name: input.name, memberIds })
    return { id }
  }, input.name)
}

export function upsertDepartment(ctx: Ctx, input: { id?: Id; name: string }) {
  return adminMutate(ctx, async (t) => {
    if (input.id && !(await getDepartment(t, input.id))) return domainError('NOT_FOUND', MESSAGES.departmentMissing, 'id')
    const d: Department = { _id: input.id ?? newId(ctx.now), name: input.name }
    await putDepartment(t, d)
    return { id: d._id }
  }, input.name)
}

export function setRoles(ctx: Ctx, input: { personId: Id; roles: Role[]; staffScope?: 'all' | Id[]; departmentIds?: Id[]; sector?: string }) {
  return adminMutate(ctx, async (t) => {
    const person = await getPerson(t, input.personId)
    if (!person) return domainError('NOT_FOUND', MESSAGES.personMissing, 'personId')
    const updated: Person = { ...person, roles: [...new Set(input.roles)], updatedAt: ctx.now }
    if (input.roles.includes('staff')) updated.staffScope = input.staffScope ?? person.staffScope ?? 'all'
    else delete updated.staffScope
    if (input.roles.includes('departmentHandler')) {
      const departmentIds = [...new Set(input.departmentIds ?? person.departmentIds ?? [])]
      if (departmentIds.length === 0) return domainError('INVALID_INPUT', MESSAGES.handlerNeedsDepartment, 'departmentIds')
      for (const id of departmentIds) if (!(await getDepartment(t, id))) return domainError('NOT_FOUND', MESSAGES.departmentMissing, 'departmentIds')
      updated.departmentIds = departmentIds
    } else delete updated.departmentIds
    if (input.sector !== undefined) {
      if (input.sector) updated.sector = input.sector
      else delete updated.sector
    }
    await putPerson(t, updated)
    return { personId: person._id }
  })
}
