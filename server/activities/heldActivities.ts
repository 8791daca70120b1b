// What a function instance remembers of activities it read open for sign-in: a scan trusts a read at most
// HELD_MAX_AGE_MS old, so 300 people scanning one code within a minute cost one activity read per instance a second
// instead of one each.
//
// The rule, as staff see it: sign-in closes (conclude, cancel) for every scan that starts more than HELD_MAX_AGE_MS after
// the closing step committed; a scan within that second may still be stored, as a scan that read the activity just before
// the close and inserted just after always could (the read and the insert were never one transaction). A step taken
// on the same instance forgets the activity at once (putActivity), so a close followed by a scan on one instance refuses
// the scan. Only an activity read as held is remembered: anything else is read again at every scan.
import type { Id } from '../../src/domain/types'
import type { Activity } from '../../src/domain/activities/types'

export const HELD_MAX_AGE_MS = 1000
/** Activities held at once on one instance: a handful in practice; the bound keeps a long-lived instance small. */
const MAX_ENTRIES = 64

type Seen = { activity: Activity; readAt: number }
const seen = new Map<Id, Seen>()

/**
 * The activity for a scan: remembered when it was read held less than HELD_MAX_AGE_MS ago (`readAt` is when that read
 * was sent, so the age is never understated), else read by `read`. `now` is the instance's clock in ms.
 */
export async function heldActivity(id: Id, read: (id: Id) => Promise<Activity | null>, now: () => number = Date.now): Promise<Activity | null> {
  const hit = seen.get(id)
  const sentAt = now()
  if (hit && sentAt - hit.readAt < HELD_MAX_AGE_MS) return hit.activity
  const activity = await read(id)
  if (activity?.status === 'held') {
    seen.delete(id)
    if (seen.size >= MAX_ENTRIES) seen.delete(seen.keys().next().value as Id)
    seen.set(id, { activity, readAt: sentAt })
  } else {
    seen.delete(id)
  }
  return activity
}

/** This instance wrote the activity (any step): its next scan reads it again. */
export function forgetActivity(id: Id): void {
  seen.delete(id)
}
