// Names for views: org units, groups and departments cached per warm instance (they change rarely; an unknown id reloads),
// people loaded per request for the ids a view shows.
import type { Department, Id, Person, SectorGroup, Town, Village } from '../src/domain/types'
import type { Directory } from '../src/domain/views'
import { db } from './db'
import { getPeople } from './repositories/users'
import { listDepartments, listSectorGroups, listTowns, listVillages } from './repositories/org'

interface Org { towns: Map<Id, Town>; villages: Map<Id, Village>; groups: Map<Id, SectorGroup>; departments: Map<Id, Department>; at: number }

let org: Org | undefined
let loading: Promise<Org> | undefined
const TTL_MS = 30_000

async function load(): Promise<Org> {
  const [towns, villages, groups, departments] = await Promise.all([listTowns(db()), listVillages(db()), listSectorGroups(db()), listDepartments(db())])
  return {
    towns: new Map(towns.map((t) => [t._id, t])), villages: new Map(villages.map((v) => [v._id, v])),
    groups: new Map(groups.map((g) => [g._id, g])), departments: new Map(departments.map((d) => [d._id, d])), at: Date.now(),
  }
}

/** The cached org; `needIds` that are missing force one reload (something was just created). */
export async function orgCache(needIds: Id[] = []): Promise<Org> {
  const fresh = org && Date.now() - org.at < TTL_MS
  const missing = org && needIds.some((id) => !org!.towns.has(id) && !org!.villages.has(id) && !org!.groups.has(id) && !org!.departments.has(id))
  if (!fresh || missing) {
    if (!loading) loading = load().finally(() => { loading = undefined })
    org = await loading
  }
  return org!
}

/** Admin changes call this so the next read in this instance sees them. */
export function forgetOrg(): void {
  org = undefined
}

export async function directoryFor(personIds: Id[], extraOrgIds: Id[] = []): Promise<Directory & { people: Map<Id, Person>; org: Org }> {
  const [o, people] = await Promise.all([orgCache(extraOrgIds), getPeople(db(), personIds)])
  const byId = new Map(people.map((p) => [p._id, p]))
  return {
    people: byId, org: o,
    person: (id) => byId.get(id),
    townName: (id) => o.towns.get(id)?.name ?? '',
    villageName: (id) => o.villages.get(id)?.name ?? '',
    sectorGroupName: (id) => o.groups.get(id)?.name,
    departmentName: (id) => o.departments.get(id)?.name,
  }
}
