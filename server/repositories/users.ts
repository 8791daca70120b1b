// The `users` collection: people, their roles, groups, scope and bound villages. The openid stays in this collection.
// Stored documents carry `nameKey` (name|id), the unique sort key that pages the lists of people by name.
import type { Id, Person, Role } from '../../src/domain/types'
import { db, getById, insert, put, type Doc, type Scope } from '../db'
import { page, type RawPage } from './paging'

export const USERS = 'users'
/** The server SDK reads at most 1,000 documents per call. */
const MAX_READ = 1000

function fromDoc(doc: Doc): Person {
  const { nameKey: _k, ...person } = doc
  return person as Person
}

export async function getPerson(scope: Scope, id: Id): Promise<Person | null> {
  const doc = await getById<Doc>(scope, USERS, id)
  return doc ? fromDoc(doc) : null
}

/** The openids of several people in one query (for the dispatcher; openids never leave the server). */
export async function openidsOf(scope: Scope, ids: Id[]): Promise<Map<Id, string>> {
  const out = new Map<Id, string>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += MAX_READ) {
    const part = unique.slice(i, i + MAX_READ)
    const res = await scope.collection(USERS).where({ _id: db().command.in(part) }).field({ _id: true, openid: true }).limit(part.length).get()
    for (const d of res.data as Doc[]) if (d.openid) out.set(d._id as Id, d.openid as string)
  }
  return out
}

export async function putPerson(scope: Scope, person: Person): Promise<void> {
  await put(scope, USERS, { ...(person as unknown as Doc), nameKey: `${person.name}|${person._id}` })
}

/** Store a new person; fails when they are stored already (a caller's first change, outside a transaction). */
export async function addPerson(scope: Scope, person: Person): Promise<void> {
  await insert(scope, USERS, { ...(person as unknown as Doc), nameKey: `${person.name}|${person._id}` })
}

export async function getPeople(scope: Scope, ids: Id[]): Promise<Person[]> {
  const unique = [...new Set(ids)].filter((id) => id && id !== 'system')
  const out: Person[] = []
  for (let i = 0; i < unique.length; i += MAX_READ) {
    const slice = unique.slice(i, i + MAX_READ)
    const res = await scope.collection(USERS).where({ _id: db().command.in(slice) }).limit(slice.length).get()
    out.push(...(res.data as Doc[]).map(fromDoc))
  }
  return out
}

/** One page of the people holding a role, by name, after `cursor` (the multikey index on roles answers it). */
export async function pageOfRole(scope: Scope, role: Role, cursor: string | null | undefined, limit: number): Promise<{ people: Person[]; nextCursor: string | null }> {
  const p: RawPage = await page(scope, { collection: USERS, where: { roles: role }, sortKey: 'nameKey', dir: 1 }, cursor, Math.min(limit, MAX_READ - 1))
  return { people: p.docs.map(fromDoc), nextCursor: p.nextCursor }
}

/** Everyone holding a role (members, staff), by name, read page by page however many there are. */
export async function peopleWithRole(scope: Scope, role: Role): Promise<Person[]> {
  const out: Person[] = []
  let cursor: string | null = null
  do {
    const p = await pageOfRole(scope, role, cursor, MAX_READ - 1)
    out.push(...p.people)
    cursor = p.nextCursor
  } while (cursor)
  return out
}

/** People with exactly this name, or this phone: an admin looks someone up to grant a role (indexes byName, byPhone). */
export async function findPeople(scope: Scope, q: string): Promise<Person[]> {
  const where = /^1\d{10}$/.test(q) ? { phone: q } : { name: q }
  const res = await scope.collection(USERS).where(where).limit(20).get()
  return res.data as Person[]
}
