// The sign-in's memory of held activities: how long an instance trusts a read, and what it never remembers.
import { forgetActivity, heldActivity } from '../../server/activities/heldActivities'
import type { Activity } from '../../src/domain/activities/types'

const activity = (id: string, status: Activity['status']) => ({ _id: id, status }) as Activity

/** A fake clock and a store whose reads take `readMs` of that clock; counts the reads. */
function world(readMs = 0) {
  let now = 1_000_000
  const store = new Map<string, Activity>()
  let reads = 0
  const read = async (id: string) => {
    reads++
    const answer = store.get(id) ?? null
    now += readMs
    return answer
  }
  return {
    store, read, clock: () => now, advance: (ms: number) => { now += ms }, reads: () => reads,
  }
}

test('an activity read held is answered without a read for just under a second, then read again', async () => {
  const w = world()
  w.store.set('a1', activity('a1', 'held'))
  expect((await heldActivity('a1', w.read, w.clock))?.status).toBe('held')
  w.store.set('a1', activity('a1', 'concluded'))
  w.advance(999)
  expect((await heldActivity('a1', w.read, w.clock))?.status).toBe('held')
  expect(w.reads()).toBe(1)
  w.advance(1)
  expect((await heldActivity('a1', w.read, w.clock))?.status).toBe('concluded')
  expect(w.reads()).toBe(2)
})

test('the second counts from when the read was sent, not from its answer', async () => {
  const w = world(300)
  w.store.set('a2', activity('a2', 'held'))
  await heldActivity('a2', w.read, w.clock)
  w.store.set('a2', activity('a2', 'cancelled'))
  // 300 ms spent in the read, 700 more: a second after it was sent.
  w.advance(700)
  expect((await heldActivity('a2', w.read, w.clock))?.status).toBe('cancelled')
})

test('an activity not held (published, concluded, missing) is read at every scan', async () => {
  const w = world()
  w.store.set('a3', activity('a3', 'published'))
  await heldActivity('a3', w.read, w.clock)
  await heldActivity('a3', w.read, w.clock)
  expect(await heldActivity('missing', w.read, w.clock)).toBeNull()
  expect(await heldActivity('missing', w.read, w.clock)).toBeNull()
  expect(w.reads()).toBe(4)
})

test('a step this instance takes on the activity makes its next scan read it again', async () => {
  const w = world()
  w.store.set('a4', activity('a4', 'held'))
  await heldActivity('a4', w.read, w.clock)
  w.store.set('a4', activity('a4', 'concluded'))
  forgetActivity('a4')
  expect((await heldActivity('a4', w.read, w.clock))?.status).toBe('concluded')
  expect(w.reads()).toBe(2)
})

test('a held activity read again after a second is remembered afresh', async () => {
  const w = world()
  w.store.set('a5', activity('a5', 'held'))
  await heldActivity('a5', w.read, w.clock)
  w.advance(1500)
  await heldActivity('a5', w.read, w.clock)
  w.advance(900)
  await heldActivity('a5', w.read, w.clock)
  expect(w.reads()).toBe(2)
})

test('an instance remembers at most 64 activities: a 65th held one pushes out the one remembered longest', async () => {
  const w = world()
  const ids = Array.from({ length: 65 }, (_, i) => `e${i}`)
  for (const id of ids) {
    w.store.set(id, activity(id, 'held'))
    await heldActivity(id, w.read, w.clock)
  }
  expect(w.reads()).toBe(65)
  await heldActivity('e1', w.read, w.clock)
  await heldActivity('e64', w.read, w.clock)
  expect(w.reads()).toBe(65)
  await heldActivity('e0', w.read, w.clock)
  expect(w.reads()).toBe(66)
})
