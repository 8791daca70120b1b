// The `seconds` collection (附议): one document per person and item, so "once per person" is a document that exists.
import type { Id, IsoTime } from '../../src/domain/types'
import { getById, insert, type Scope } from '../db'

export const SECONDS = 'seconds'
const idOf = (personId: Id, suggestionId: Id) => `${personId}_${suggestionId}`

export async function hasSeconded(scope: Scope, personId: Id, suggestionId: Id): Promise<boolean> {
  return (await getById(scope, SECONDS, idOf(personId, suggestionId))) !== null
}

export async function addSecond(scope: Scope, s: { suggestionId: Id; personId: Id; at: IsoTime }): Promise<void> {
  await insert(scope, SECONDS, { _id: idOf(s.personId, s.suggestionId), ...s })
}
