// The `robots` collection: WeCom group robots admins registered for a village, a town, a sector group or the staff
// group. The webhook key is a secret: it stays in this collection and the dispatcher; admins see it masked.
// Each robot's 20-messages-a-minute limit is kept here, in the database, because several instances send at once.
import type { IsoTime } from '../../src/domain/types'
import { db, getById, put, type Doc, type Scope } from '../db'
import { isConflict, transact } from '../transaction'

export const ROBOTS = 'robots'
export const PER_MINUTE = 20
const WINDOW_MS = 60_000
/** WeCom blocks a robot that went over its limit for about ten minutes. */
export const BLOCK_MS = 10 * 60_000

export interface Robot {
  _id: string
  /** village:<id>, town:<id>, sectorGroup:<id>, department:<id>, staff:<townId> or staff:all */
  target: string
  name: string
  key: string
  /** Send times (ISO) within the last minute. */
  sends: IsoTime[]
  blockedUntil?: IsoTime
  createdAt: IsoTime
  updatedAt: IsoTime
}

export async function robotFor(target: string): Promise<Robot | null> {
  const res = await db().collection(ROBOTS).where({ target }).limit(1).get()
  return ((res.data as Robot[])[0]) ?? null
}

export async function allRobots(): Promise<Robot[]> {
  const res = await db().collection(ROBOTS).where({ target: db().command.gte('') }).orderBy('target', 'asc').limit(1000).get()
  return res.data as Robot[]
}

export async function getRobot(scope: Scope, id: string): Promise<Robot | null> {
  return getById<Robot>(scope, ROBOTS, id)
}

export async function putRobot(scope: Scope, robot: Robot): Promise<void> {
  await put(scope, ROBOTS, robot as unknown as Doc)
}

export type Slot = { ok: true } | { waitUntil: IsoTime }

const iso = (ms: number) => new Date(ms).toISOString()

/** Takes one of the robot's 20 sends of the last minute, or says when the next one frees up. */
export async function takeSlot(robotId: string, now: IsoTime): Promise<Slot> {
  try {
    return await transact(async (t) => {
      const robot = await getRobot(t, robotId)
      if (!robot) return { waitUntil: iso(Date.parse(now) + WINDOW_MS) }
      const nowMs = Date.parse(now)
      if (robot.blockedUntil && robot.blockedUntil > now) return { waitUntil: robot.blockedUntil }
      const recent = (robot.sends ?? []).filter((at) => Date.parse(at) > nowMs - WINDOW_MS).sort()
      if (recent.length >= PER_MINUTE) return { waitUntil: iso(Date.parse(recent[recent.length - PER_MINUTE]) + WINDOW_MS + 50) }
      await t.collection(ROBOTS).doc(robotId).update({ sends: [...recent, now] })
      return { ok: true } as Slot
    }, () => null, 5)
  } catch (err) {
    // Many senders on one robot at once: try again a moment later rather than spend an attempt.
    if (isConflict(err)) return { waitUntil: iso(Date.parse(now) + 500 + Math.floor(Math.random() * 1000)) }
    throw err
  }
}

/** WeCom answered 45009: the robot is blocked for about ten minutes. */
export async function blockRobot(robotId: string, now: IsoTime): Promise<IsoTime> {
  const until = iso(Date.parse(now) + BLOCK_MS)
  await db().collection(ROBOTS).doc(robotId).update({ blockedUntil: until })
  return until
}

/** The key as admins see it: the first and last four characters. */
export function maskKey(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 4)}****${key.slice(-4)}`
}
