// Canonical EJSON in and out, as @cloudbase/database speaks it, plus the CloudBase-only `$tcb_server_date`.
import { BSONRegExp, EJSON } from 'bson'
import { invalidParam } from './errors'

export type Doc = Record<string, unknown>

const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u'])

/** BSON regex → RegExp (mingo needs native ones); server dates → Date. Mutates and returns the value. */
function normalize(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date) return value
  if (value instanceof BSONRegExp) {
    const flags = [...new Set(value.options.split(''))].filter((f) => JS_REGEX_FLAGS.has(f)).join('')
    try {
      return new RegExp(value.pattern, flags)
    } catch {
      throw invalidParam(`invalid regular expression /${value.pattern}/`)
    }
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalize(value[i], now)
    return value
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value // ObjectId, Long, Binary...: kept as BSON values
  const obj = value as Doc
  if ('$tcb_server_date' in obj) {
    const spec = obj.$tcb_server_date as { offset?: unknown } | null
    const offset = spec && typeof spec === 'object' && typeof spec.offset === 'number' ? spec.offset : 0
    return new Date(now + offset)
  }
  for (const key of Object.keys(obj)) obj[key] = normalize(obj[key], now)
  return obj
}

/** Parses one EJSON field of a request. `what` names the field in the error message. */
export function decode(input: unknown, what: string): unknown {
  let parsed: unknown
  if (typeof input === 'string') {
    try {
      parsed = EJSON.parse(input, { relaxed: true })
    } catch (e) {
      throw invalidParam(`${what} is not valid EJSON: ${(e as Error).message}`)
    }
  } else if (input !== null && typeof input === 'object') {
    try {
      parsed = EJSON.deserialize(input as Doc, { relaxed: true })
    } catch (e) {
      throw invalidParam(`${what} is not valid EJSON: ${(e as Error).message}`)
    }
  } else {
    throw invalidParam(`${what} must be an EJSON string`)
  }
  return normalize(parsed, Date.now())
}

export function decodeObject(input: unknown, what: string): Doc {
  const value = decode(input, what)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidParam(`${what} must be an object`)
  return value as Doc
}

/** Canonical EJSON string, as CloudBase answers (`{"$numberInt":"3"}`, `{"$date":{"$numberLong":...}}`). */
export function encode(value: unknown): string {
  return EJSON.stringify(value as Doc, { relaxed: false })
}
