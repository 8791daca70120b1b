// The `robots` collection: WeCom group robots admins registered for a village, a town, a sector group or the staff
// group. The webhook key is a secret: it stays in this collection and the dispatcher; admins see it masked.
// Each robot's 20-messages-a-minute limit is kept here, in the database, because several instances send at once.
import type { IsoTime } from '../../src/domain/types'
import { db, getById, put, type Doc, type Scope } from '../db'

export const ROBOTS = 'robots'
export const PER_MINUTE = 20
const WINDOW_MS = 60_000
/** A send counts a second longer in our books than WeCom's: it is stamped as taken, and arrives a moment later. */
const MARGIN_MS = 1_000
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
  /** Changed with each take of sends (takeSlots writes only over the version it read). */
  slotVersion?: number
  createdAt: IsoTime
  updatedAt: IsoTime
}

export async function robotFor(target: string): Promise<Robot | null> {
  const res = await db().collection(ROBOTS).where({ target }).limit(1).get()
  return ((res.data as Robot[])[0]) ?? null
}

/** The robots of several targets in one query (a target with none is absent from the map). */
export async function robotsFor(targets: string[]): Promise<Map<string, Robot>> {
  const out = new Map<string, Robot>()
  const unique = [...new Set(targets)]
  for (let i = 0; i < unique.length; i += 100) {
    const part = unique.slice(i, i + 100)
    const res = await db().collection(ROBOTS).where({ target: db().command.in(part) }).limit(part.length).get()
    for (const r of res.data as Robot[]) if (!out.has(r.target)) out.set(r.target, r)
  }
  return out
}

export async function allRobots(): Promise<Robot[]> {
  // Stryker disable next-line StringLiteral: every target starts with a lower-case kind (village:, town:, staff:, …), after '' and after any text Stryker puts in its place
  const all = db().collection(ROBOTS).where({ target: db().command.gte('') })
  const res = await all.orderBy('target', 'asc').limit(1000).get()
  return res.data as Robot[]
}

export async function getRobot(scope: Scope, id: string): Promise<Robot | null> {
  return getById<Robot>(scope, ROBOTS, id)
}

export async function putRobot(scope: Scope, robot: Robot): Promise<void> {
  await put(scope, ROBOTS, robot as unknown as Doc)
}

const iso = (ms: number) => new Date(ms).toISOString()

export interface Slots { granted: number; sends: IsoTime[]; waitUntil?: IsoTime }

/** Of `n` sends wanted now, how many the robot's last minute allows, and when the next frees up for the rest. */
export function slotsFor(robot: Pick<Robot, 'sends' | 'blockedUntil'>, n: number, now: IsoTime): Slots {
  const nowMs = Date.parse(now)
  if (robot.blockedUntil && robot.blockedUntil > now) return { granted: 0, sends: robot.sends ?? [], waitUntil: robot.blockedUntil }
  const recent = (robot.sends ?? []).filter((at) => Date.parse(at) > nowMs - WINDOW_MS - MARGIN_MS).sort()
  const granted = Math.max(0, Math.min(n, PER_MINUTE - recent.length))
  const sends = [...recent, ...new Array<IsoTime>(granted).fill(now)]
  return granted < n ? { granted, sends, waitUntil: iso(Date.parse(sends[sends.length - PER_MINUTE]) + WINDOW_MS + MARGIN_MS + 50) } : { granted, sends }
}

/**
 * Takes up to `n` of the robot's 20 sends of the last minute for one batch of its rows. Optimistic: the robot as read
 * (`robot`, perhaps a moment old) is written back only if no one changed it since (its `slotVersion`), else re-read.
 */
export async function takeSlots(robot: Robot, n: number, now: IsoTime): Promise<{ granted: number; waitUntil?: IsoTime }> {
  const _ = db().command
  let current: Robot | null = robot
  for (let tries = 0; tries < 5 && current; tries++) {
    const decision = slotsFor(current, n, now)
    if (decision.granted === 0) return decision
    const version = current.slotVersion
    // Stryker disable next-line ArithmeticOperator: the version is only compared for equality with the one read; counting down from 0 changes it as surely as counting up
    const nextVersion = (version ?? 0) + 1
    const res = await db().collection(ROBOTS).where({ _id: current._id, slotVersion: version ?? _.exists(false) }).update({ sends: decision.sends, slotVersion: nextVersion })
    if (res.updated === 1) return decision
    current = await getRobot(db(), current._id)
  }
  // Many senders on one robot at once: try again a moment later rather than spend an attempt.
  return { granted: 0, waitUntil: iso(Date.parse(now) + 500 + Math.floor(Math.random() * 1000)) }
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
