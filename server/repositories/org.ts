// The org collections: `orgUnits` (towns and villages), `sectorGroups`, `departments`. Small, read often, changed by admins.
import type { Department, Id, OrgUnit, SectorGroup, Town, Village } from '../../src/domain/types'
import { db, getById, put, type Doc, type Scope } from '../db'

export const ORG_UNITS = 'orgUnits'
export const SECTOR_GROUPS = 'sectorGroups'
export const DEPARTMENTS = 'departments'

/** Everything of one kind, paged by id (never skip), then put in display order. */
async function all<T extends { _id: string }>(scope: Scope, collection: string, where: Doc, order: string): Promise<T[]> {
  const out: T[] = []
  const _ = db().command
  for (;;) {
    const after = out.length ? { ...where, _id: _.gt(out[out.length - 1]._id) } : where
    const res = await scope.collection(collection).where(after).orderBy('_id', 'asc').limit(1000).get()
    out.push(...(res.data as T[]))
    if (res.data.length < 1000) break
  }
  const key = (x: T) => (x as unknown as Record<string, string | number>)[order]
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a._id < b._id ? -1 : 1))
}

export const listTowns = (scope: Scope) => all<Town>(scope, ORG_UNITS, { kind: 'town' }, 'order')
export const listVillages = (scope: Scope) => all<Village>(scope, ORG_UNITS, { kind: 'village' }, 'order')
export const listSectorGroups = (scope: Scope) => all<SectorGroup & { kind: 'sectorGroup' }>(scope, SECTOR_GROUPS, { kind: 'sectorGroup' }, 'name')
export const listDepartments = (scope: Scope) => all<Department & { kind: 'department' }>(scope, DEPARTMENTS, { kind: 'department' }, 'name')

export const getOrgUnit = (scope: Scope, id: Id) => getById<OrgUnit>(scope, ORG_UNITS, id)
export const getSectorGroup = (scope: Scope, id: Id) => getById<SectorGroup>(scope, SECTOR_GROUPS, id)
export const getDepartment = (scope: Scope, id: Id) => getById<Department>(scope, DEPARTMENTS, id)

export const putOrgUnit = (scope: Scope, unit: OrgUnit) => put(scope, ORG_UNITS, unit as unknown as Doc)
/** Groups and departments carry `kind` so that listing them is an indexed equality, not a scan. */
export const putSectorGroup = (scope: Scope, g: SectorGroup) => put(scope, SECTOR_GROUPS, { ...g, kind: 'sectorGroup' })
export const putDepartment = (scope: Scope, d: Department) => put(scope, DEPARTMENTS, { ...d, kind: 'department' })
