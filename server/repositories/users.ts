// The `users` collection: people, their roles, groups, scope and bound villages. The openid stays in this collection.
import type { Id, Person, Role } from '../../src/domain/types'
import { db, getById, put, type Doc, type Scope } from '../db'

export const USERS = 'users'

export async function getPerson(scope: Scope, id: Id): Promise<Person | null> {
  return getById<Person>(scope, USERS, id)
}

export async function putPerson(scope: Scope, person: Person): Promise<void> {
  await put(scope, USERS, person as unknown as Doc)
}

export async function getPeople(scope: Scope, ids: Id[]): Promise<Person[]> {
  const unique = [...new Set(ids)].filter((id) => id && id !== 'system')
  if (unique.length === 0) return []
  const res = await scope.collection(USERS).where({ _id: db().command.in(unique) }).limit(unique.length).get()
  return res.data as Person[]
}

/** Everyone holding a role (members, staff): the multikey index on roles answers it. */
export async function peopleWithRole(scope: Scope, role: Role): Promise<Person[]> {
  const res = await scope.collection(USERS).where({ roles: role }).orderBy('name', 'asc').limit(1000).get()
  return res.data as Person[]
}
