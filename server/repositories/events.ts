// The `events` collection: each item's timeline, one event per command, written in the command's transaction.
import type { Id, TimelineEvent } from '../../src/domain/types'
import { insert, type Scope } from '../db'

export const EVENTS = 'events'

export async function addEvent(scope: Scope, event: TimelineEvent): Promise<void> {
  await insert(scope, EVENTS, event)
}

/** Event ids are time-ordered, so the id order is the timeline order. */
export async function timelineOf(scope: Scope, suggestionId: Id, limit = 200): Promise<TimelineEvent[]> {
  const res = await scope.collection(EVENTS).where({ suggestionId }).orderBy('_id', 'asc').limit(limit).get()
  return res.data as TimelineEvent[]
}
