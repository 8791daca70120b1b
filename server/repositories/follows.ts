// The `follows` collection: items a person follows. `key` (time|item) is the unique sort key of their list.
import type { Id, IsoTime } from '../../src/domain/types'
import { getById, put, type Scope } from '../db'

export const FOLLOWS = 'follows'
const idOf = (personId: Id, suggestionId: Id) => `${personId}_${suggestionId}`

export async function isFollowing(scope: Scope, personId: Id, suggestionId: Id): Promise<boolean> {
  return (await getById(scope, FOLLOWS, idOf(personId, suggestionId))) !== null
}

export async function setFollow(scope: Scope, personId: Id, suggestionId: Id, on: boolean, at: IsoTime): Promise<void> {
  const id = idOf(personId, suggestionId)
  if (on) await put(scope, FOLLOWS, { _id: id, personId, suggestionId, at, key: `${at}|${suggestionId}` })
  else await scope.collection(FOLLOWS).doc(id).remove()
}

/** The people following an item (the bySuggestion index), at most 1,000. */
export async function followersOf(scope: Scope, suggestionId: Id): Promise<Id[]> {
  const res = await scope.collection(FOLLOWS).where({ suggestionId }).limit(1000).get()
  return (res.data as Array<{ personId: Id }>).map((f) => f.personId)
}
