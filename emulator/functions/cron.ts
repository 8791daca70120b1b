// The 7-field cron of CloudBase timer triggers: "second minute hour day month weekday year", read in UTC+8.

const FIELD_NAMES = ['second', 'minute', 'hour', 'day', 'month', 'weekday', 'year'] as const
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
  [1970, 2099],
]
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']
const UTC8_OFFSET_MS = 8 * 3600_000

export interface CronSchedule {
  source: string
  fields: ReadonlyArray<ReadonlySet<number>>
  /** Whether day and weekday were restricted; when both are, either may match (as in classic cron). */
  dayRestricted: boolean
  weekdayRestricted: boolean
}

export class CronError extends Error {}

function parseValue(text: string, index: number): number {
  const upper = text.toUpperCase()
  if (index === 4) {
    const m = MONTH_NAMES.indexOf(upper)
    if (m >= 0) return m + 1
  }
  if (index === 5) {
    const w = WEEKDAY_NAMES.indexOf(upper)
    if (w >= 0) return w
  }
  if (!/^\d+$/.test(text)) throw new CronError(`invalid ${FIELD_NAMES[index]} value "${text}"`)
  const n = Number(text)
  // Weekday 7 is Sunday in many dialects.
  return index === 5 && n === 7 ? 0 : n
}

function parseField(text: string, index: number): { values: Set<number>; restricted: boolean } {
  const [min, max] = RANGES[index]
  const values = new Set<number>()
  let restricted = true
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(`empty item in ${FIELD_NAMES[index]} field "${text}"`)
    const [rangeText, stepText, extra] = part.split('/')
    if (extra !== undefined) throw new CronError(`invalid step in "${part}"`)
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new CronError(`invalid step in "${part}"`)
      step = Number(stepText)
    }
    let from: number
    let to: number
    if (rangeText === '*' || rangeText === '?') {
      from = min
      to = max
      if (stepText === undefined) restricted = false
    } else if (rangeText.includes('-')) {
      const [a, b] = rangeText.split('-')
      from = parseValue(a, index)
      to = parseValue(b, index)
    } else {
      from = parseValue(rangeText, index)
      to = stepText === undefined ? from : max
    }
    if (index === 5 && to === 0 && from > 0) to = 7 // e.g. FRI-SUN
    if (from < min || to > (index === 5 ? 7 : max) || from > to) {
      throw new CronError(`${FIELD_NAMES[index]} out of range in "${part}" (${min}-${max})`)
    }
    for (let v = from; v <= to; v += step) values.add(index === 5 ? v % 7 : v)
  }
  return { values, restricted }
}

export function parseCron(source: string): CronSchedule {
  const parts = source.trim().split(/\s+/)
  if (parts.length !== 7) {
    throw new CronError(`cron "${source}" must have 7 fields (second minute hour day month weekday year), got ${parts.length}`)
  }
  const parsed = parts.map((p, i) => parseField(p, i))
  return {
    source,
    fields: parsed.map((p) => p.values),
    dayRestricted: parsed[3].restricted,
    weekdayRestricted: parsed[5].restricted,
  }
}

/** The wall-clock parts of an instant in UTC+8. */
export function utc8Parts(at: Date): { second: number; minute: number; hour: number; day: number; month: number; weekday: number; year: number } {
  const d = new Date(at.getTime() + UTC8_OFFSET_MS)
  return {
    second: d.getUTCSeconds(),
    minute: d.getUTCMinutes(),
    hour: d.getUTCHours(),
    day: d.getUTCDate(),
    month: d.getUTCMonth() + 1,
    weekday: d.getUTCDay(),
    year: d.getUTCFullYear(),
  }
}

/** Whether the schedule fires at this second (milliseconds ignored). */
export function cronMatches(schedule: CronSchedule, at: Date): boolean {
  const p = utc8Parts(at)
  const f = schedule.fields
  if (!f[0].has(p.second) || !f[1].has(p.minute) || !f[2].has(p.hour) || !f[4].has(p.month) || !f[6].has(p.year)) return false
  const dayOk = f[3].has(p.day)
  const weekdayOk = f[5].has(p.weekday)
  if (schedule.dayRestricted && schedule.weekdayRestricted) return dayOk || weekdayOk
  return dayOk && weekdayOk
}

/** The next second strictly after `after` at which the schedule fires, or null within the search horizon. */
export function nextFireTime(schedule: CronSchedule, after: Date, horizonDays = 366 * 5): Date | null {
  let t = Math.floor(after.getTime() / 1000) * 1000 + 1000
  const end = t + horizonDays * 86400_000
  while (t < end) {
    const p = utc8Parts(new Date(t))
    const f = schedule.fields
    // Skip whole minutes / hours / days that cannot match, to keep the search cheap.
    if (!f[6].has(p.year) || !f[4].has(p.month) || !dayMatches(schedule, p)) {
      t += 86400_000 - ((p.hour * 3600 + p.minute * 60 + p.second) * 1000)
      continue
    }
    if (!f[2].has(p.hour)) {
      t += 3600_000 - (p.minute * 60 + p.second) * 1000
      continue
    }
    if (!f[1].has(p.minute)) {
      t += 60_000 - p.second * 1000
      continue
    }
    if (f[0].has(p.second)) return new Date(t)
    t += 1000
  }
  return null
}

function dayMatches(schedule: CronSchedule, p: ReturnType<typeof utc8Parts>): boolean {
  const dayOk = schedule.fields[3].has(p.day)
  const weekdayOk = schedule.fields[5].has(p.weekday)
  if (schedule.dayRestricted && schedule.weekdayRestricted) return dayOk || weekdayOk
  return dayOk && weekdayOk
}
