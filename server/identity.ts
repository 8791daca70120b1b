// Who is calling: the openid from the function's context only (never from event data), then the role lookup.
import { MESSAGES } from '../src/domain/labels'
import type { Person, Role } from '../src/domain/types'
import type { ActorContext } from '../src/domain/permissions'
import { cloud, db } from './db'
import { personIdFor } from './ids'
import { getPerson } from './repositories/users'
import type { Config } from './config'

export interface Caller {
  openid: string
  personId: string
  /** The stored person, or null for someone who has not made a change yet (a citizen, created on their first mutation). */
  person: Person | null
  actor: ActorContext
}

export function openidFromContext(): string {
  return cloud().auth().getUserInfo().openId ?? ''
}

export async function lookUpCaller(openid: string, cfg: Config): Promise<Caller> {
  const personId = personIdFor(openid)
  const person = await getPerson(db(), personId)
  const roles = new Set<Role>(person?.roles ?? ['citizen'])
  let staffScope = person?.staffScope
  if (cfg.adminOpenids.includes(openid)) {
    // The first admins come from configuration; everything else about them may live in the database.
    roles.add('admin')
    staffScope = 'all'
  }
  const actor: ActorContext = {
    personId, roles: [...roles], sectorGroupIds: person?.sectorGroupIds ?? [], boundVillageIds: person?.boundVillageIds ?? [],
  }
  if (staffScope) actor.staffScope = staffScope
  if (person?.departmentIds?.length) actor.departmentIds = person.departmentIds
  return { openid, personId, person, actor }
}

/** The person document to create on a caller's first mutation. */
export function newPerson(caller: Caller, now: string): Person {
  return {
    _id: caller.personId, openid: caller.openid, name: `${MESSAGES.defaultPersonName}${caller.personId.slice(-4)}`, roles: caller.actor.roles,
    sectorGroupIds: [], boundVillageIds: [], ...(caller.actor.staffScope ? { staffScope: caller.actor.staffScope } : {}),
    createdAt: now, updatedAt: now,
  }
}
