// The `requests` collection: idempotency. The first answer to (person, requestId) is stored in the same transaction
// as the change, with a hash of the action and its input, so a retried tap gets that answer back and writes nothing,
// and a request id reused for something else is told so. Records expire after SANWEI_REQUEST_TTL_DAYS (the timer sweeps).
import { createHash } from 'node:crypto'
import type { Id, IsoTime } from '../../src/domain/types'
import { db, getById, insert, type Scope } from '../db'

export const REQUESTS = 'requests'
const idOf = (personId: Id, requestId: string) => `${personId}_${requestId}`

/** JSON with object keys in order, so the same input always hashes the same. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** What a request asked for: a hash of its action and its (validated) input. */
export function requestKey(action: string, input: unknown): string {
  return createHash('sha256').update(`${action}\n${stable(input)}`).digest('base64url')
}

export interface FirstAnswer { answer: unknown; key?: string; action: string }

export async function firstAnswer(scope: Scope, personId: Id, requestId: string): Promise<FirstAnswer | undefined> {
  const doc = await getById<FirstAnswer>(scope, REQUESTS, idOf(personId, requestId))
  return doc ?? undefined
}

export async function recordAnswer(scope: Scope, personId: Id, requestId: string, action: string, key: string, answer: unknown, at: IsoTime): Promise<void> {
  await insert(scope, REQUESTS, { _id: idOf(personId, requestId), personId, action, key, answer, at })
}

/** Remove records older than `before`, a batch at a time (oldest first); answers how many went. */
export async function sweepRequests(before: IsoTime, batch = 500, maxBatches = 20): Promise<number> {
  const _ = db().command
  let removed = 0
  for (let i = 0; i < maxBatches; i++) {
    const res = await db().collection(REQUESTS).where({ at: _.lt(before) }).orderBy('at', 'asc').limit(batch).field({ _id: true }).get()
    const ids = (res.data as { _id: string }[]).map((d) => d._id)
    if (ids.length === 0) break
    await db().collection(REQUESTS).where({ _id: _.in(ids) }).remove()
    removed += ids.length
    if (ids.length < batch) break
  }
  return removed
}
