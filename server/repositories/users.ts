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
  const out: Person[] = []
  // The server SDK reads at most 1,000 documents per call.
  for (let i = 0; i < unique.length; i += 1000) {
    const slice = unique.slice(i, i + 1000)
    const res = await scope.collection(USERS).where({ _id: db().command.in(slice) }).limit(slice.length).get()
    out.push(...(res.data as Person[]))
  }
  return out
}

/** Everyone holding a role (members, staff): the multikey index on roles answers it. */
export async function peopleWithRole(scope: Scope, role: Role): Promise<Person[]> {
  const res = await scope.collection(USERS).where({ roles: role }).orderBy('name', 'asc').limit(1000).get()
  return res.data as Person[]
}

/** People with exactly this name, or this phone: an admin looks someone up to grant a role (indexes byName, byPhone). */
export async function findPeople(scope: Scope, q: string): Promise<Person[]> {
  const where = /^1\d{10}$/.test(q) ? { phone: q } : { name: q }
  const res = await scope.collection(USERS).where(where).limit(20).get()
  return res.data as Person[]
}
