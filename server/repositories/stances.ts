// The `stances` collection: each person's latest stance on an item, so a new stance replaces theirs in the item's tally
// (read and written in the comment's transaction).
import type { Id, IsoTime, Stance } from '../../src/domain/types'
import { getById, put, type Scope } from '../db'

export const STANCES = 'stances'
const idOf = (personId: Id, suggestionId: Id) => `${personId}_${suggestionId}`

export async function stanceOf(scope: Scope, personId: Id, suggestionId: Id): Promise<Stance | null> {
  return (await getById<{ stance: Stance }>(scope, STANCES, idOf(personId, suggestionId)))?.stance ?? null
}

export async function putStance(scope: Scope, s: { suggestionId: Id; personId: Id; stance: Stance; at: IsoTime }): Promise<void> {
  await put(scope, STANCES, { _id: idOf(s.personId, s.suggestionId), ...s })
}
