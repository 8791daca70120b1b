// The `events` collection: each item's timeline, one event per command, written in the command's transaction.
import type { Id, TimelineEvent } from '../../src/domain/types'
import { insert, type Scope } from '../db'
import { page } from './paging'

export const EVENTS = 'events'

export async function addEvent(scope: Scope, event: TimelineEvent): Promise<void> {
  await insert(scope, EVENTS, event)
}

/**
 * A page of an item's timeline, newest first from `before` (an event id; none: the latest), returned oldest first for
 * display. Event ids are time-ordered, so the id order is the timeline order; `nextCursor` leads to older events.
 */
export async function timelineOf(scope: Scope, suggestionId: Id, before: string | null | undefined, limit: number): Promise<{ events: TimelineEvent[]; olderCursor: string | null }> {
  const p = await page(scope, { collection: EVENTS, where: { suggestionId }, sortKey: '_id', dir: -1 }, before, limit)
  return { events: (p.docs as TimelineEvent[]).reverse(), olderCursor: p.nextCursor }
}
