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

const RELAXED = { relaxed: true }

/**
 * `EJSON.parse(text, {relaxed: true})`, answering the same values and errors, without a reviver call per value: plain
 * `JSON.parse`, then one walk that hands only objects with a `$` key (a typed value, a DBRef, an operator) to bson's
 * parser, as they were in the text. A node's revived value depends only on its own subtree, so the answer is the same;
 * a -0 (which the round trip through a string would turn into 0) sends the whole text to bson. The reviver cost more
 * than the parse, and every field of every request goes through here.
 */
export function parseRelaxed(text: string): unknown {
  const raw = JSON.parse(text) as unknown
  const seen = { negativeZero: false }
  const out = revive(raw, seen)
  return seen.negativeZero ? EJSON.parse(text, RELAXED) : out
}

function revive(value: unknown, seen: { negativeZero: boolean }): unknown {
  if (value === null || typeof value !== 'object') {
    if (value === 0 && Object.is(value, -0)) seen.negativeZero = true
    return value
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i], seen)
    return value
  }
  const obj = value as Doc
  const keys = Object.keys(obj)
  for (const key of keys) {
    if (key.charCodeAt(0) === 36) {
      if (holdsNegativeZero(obj)) seen.negativeZero = true
      return EJSON.parse(JSON.stringify(obj), RELAXED)
    }
  }
  for (const key of keys) {
    if (key.indexOf('\x00') !== -1) throw new Error(`BSON Document field names cannot contain null bytes, found: ${JSON.stringify(key)}`)
    const v = obj[key]
    const next = revive(v, seen)
    // As the reviver stores it: an own data property, even for a key named __proto__.
    if (next !== v) Object.defineProperty(obj, key, { value: next, writable: true, enumerable: true, configurable: true })
  }
  return obj
}

function holdsNegativeZero(value: unknown): boolean {
  if (value === 0) return Object.is(value, -0)
  if (value === null || typeof value !== 'object') return false
  return Object.values(value as Doc).some(holdsNegativeZero)
}

/** Parses one EJSON field of a request. `what` names the field in the error message. */
export function decode(input: unknown, what: string): unknown {
  let parsed: unknown
  if (typeof input === 'string') {
    try {
      parsed = parseRelaxed(input)
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
