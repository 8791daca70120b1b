// The `requests` collection: idempotency. The first answer to (person, requestId) is stored in the same transaction
// as the change, so a retried tap gets that answer back and writes nothing.
import type { Id, IsoTime } from '../../src/domain/types'
import { getById, insert, type Scope } from '../db'

export const REQUESTS = 'requests'
const idOf = (personId: Id, requestId: string) => `${personId}_${requestId}`

export async function firstAnswer(scope: Scope, personId: Id, requestId: string): Promise<unknown | undefined> {
  const doc = await getById<{ answer: unknown }>(scope, REQUESTS, idOf(personId, requestId))
  return doc ? doc.answer : undefined
}

export async function recordAnswer(scope: Scope, personId: Id, requestId: string, action: string, answer: unknown, at: IsoTime): Promise<void> {
  await insert(scope, REQUESTS, { _id: idOf(personId, requestId), personId, action, answer, at })
}
