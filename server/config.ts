// Configuration, parsed once when a function instance starts, from environment variables with defaults. A bad value fails loudly.
import { DEFAULT_TIME_RULES, type TimeRules } from '../src/domain/time'

export interface Config extends TimeRules {
  submitsPerDay: number
  commentsPerHour: number
  /** openids that are admins before anything is in the database (the first admins). */
  adminOpenids: string[]
  /** Lists fetch this many items per page. */
  pageSize: number
  /** A keyword search walks at most this many entries of its rarest word per request (server/figures/queries.ts). */
  searchWindow: number
  /** Idempotency records are kept this many days (long after any retry), then swept by the timer. */
  requestTtlDays: number
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`config: ${name}=${JSON.stringify(raw)} must be a positive number`)
  return value
}

export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const admins = (env.SANWEI_ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  for (const openid of admins) {
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(openid)) throw new Error(`config: SANWEI_ADMIN_OPENIDS holds a malformed openid ${JSON.stringify(openid)}`)
  }
  return {
    ladderMemberHours: positiveNumber(env, 'SANWEI_LADDER_MEMBER_HOURS', DEFAULT_TIME_RULES.ladderMemberHours),
    ladderGroupHours: positiveNumber(env, 'SANWEI_LADDER_GROUP_HOURS', DEFAULT_TIME_RULES.ladderGroupHours),
    chaseEveryHours: positiveNumber(env, 'SANWEI_CHASE_EVERY_HOURS', DEFAULT_TIME_RULES.chaseEveryHours),
    autoCloseDays: positiveNumber(env, 'SANWEI_AUTO_CLOSE_DAYS', DEFAULT_TIME_RULES.autoCloseDays),
    submitsPerDay: positiveNumber(env, 'SANWEI_SUBMITS_PER_DAY', 10),
    commentsPerHour: positiveNumber(env, 'SANWEI_COMMENTS_PER_HOUR', 60),
    pageSize: positiveNumber(env, 'SANWEI_PAGE_SIZE', 20),
    searchWindow: positiveNumber(env, 'SANWEI_SEARCH_WINDOW', 1000),
    requestTtlDays: positiveNumber(env, 'SANWEI_REQUEST_TTL_DAYS', 7),
    adminOpenids: admins,
  }
}

let current: Config | undefined
/** The configuration of this instance (parsed on first use, then kept). */
export function config(): Config {
  if (!current) current = parseConfig()
  return current
}
