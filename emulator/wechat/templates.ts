// The subscribe-message template registry and WeChat's field rules for template data.
import fs from 'node:fs'

/** Field types of subscribe-message templates (keys in a template are named <type><n>, e.g. thing1, time2). */
export type TemplateFieldType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase'

const FIELD_TYPES: ReadonlySet<string> = new Set([
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
])

export interface TemplateDefinition {
  id: string
  title?: string
  /** key → type, e.g. { thing1: 'thing', time2: 'time' } */
  fields: Record<string, TemplateFieldType>
}

/**
 * Reads a templates file. Accepted shapes:
 * `{ "<templateId>": { "title"?, "fields": { "thing1": "thing" } | [{ "key": "thing1", "type"?: "thing" }] } }`,
 * or an array of `{ "id" | "templateId", "title"?, "fields" }`, optionally under a top-level `templates` key.
 * A field given without a type takes it from its key's prefix (thing1 → thing).
 */
export function loadTemplates(file: string): Map<string, TemplateDefinition> {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
  return parseTemplates(raw)
}

export function parseTemplates(raw: unknown): Map<string, TemplateDefinition> {
  const out = new Map<string, TemplateDefinition>()
  let list: Array<[string | undefined, unknown]>
  const container = raw && typeof raw === 'object' && !Array.isArray(raw) && 'templates' in raw ? (raw as { templates: unknown }).templates : raw
  if (Array.isArray(container)) list = container.map((t) => [undefined, t])
  else if (container && typeof container === 'object') list = Object.entries(container)
  else throw new Error('templates file: expected an object or an array')
  for (const [key, value] of list) {
    if (!value || typeof value !== 'object') continue
    const t = value as { id?: string; templateId?: string; title?: string; name?: string; fields?: unknown }
    const id = t.id ?? t.templateId ?? key
    if (!id) throw new Error('templates file: a template has no id')
    const fields: Record<string, TemplateFieldType> = {}
    const addField = (fieldKey: string, type: unknown) => {
      const resolved = typeof type === 'string' && FIELD_TYPES.has(type) ? (type as TemplateFieldType) : fieldTypeFromKey(fieldKey)
      if (!resolved) throw new Error(`templates file: template ${id} field ${fieldKey} has no known type`)
      fields[fieldKey] = resolved
    }
    if (Array.isArray(t.fields)) {
      for (const f of t.fields) {
        if (typeof f === 'string') addField(f, undefined)
        else if (f && typeof f === 'object') addField(String((f as { key: string }).key), (f as { type?: string }).type)
      }
    } else if (t.fields && typeof t.fields === 'object') {
      for (const [k, v] of Object.entries(t.fields)) addField(k, typeof v === 'object' && v ? (v as { type?: string }).type : v)
    }
    out.set(id, { id, title: t.title ?? t.name, fields })
  }
  return out
}

export function fieldTypeFromKey(key: string): TemplateFieldType | null {
  const prefix = key.replace(/\d+$/, '')
  return FIELD_TYPES.has(prefix) ? (prefix as TemplateFieldType) : null
}

const chars = (s: string) => Array.from(s).length
const HAN = /^[\u3400-\u9fff\uf900-\ufaff]+$/u

const DATE = String.raw`(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)`
const CLOCK = String.raw`\d{1,2}:\d{2}(:\d{2})?`
const TIME_VALUE = new RegExp(String.raw`^(${DATE}(\s*${CLOCK})?|${CLOCK})$`)
const DATE_VALUE = new RegExp(String.raw`^${DATE}$`)

function isTime(s: string): boolean {
  // A range "a ~ b" is allowed too.
  return s.split(/\s*~\s*/).every((p) => TIME_VALUE.test(p) && isValidDateTime(p))
}

function isValidDateTime(s: string): boolean {
  const d = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(s)
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])]
    const date = new Date(Date.UTC(y, m - 1, day))
    if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== day) return false
  }
  const c = /(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s)
  if (c && (Number(c[1]) > 23 || Number(c[2]) > 59 || Number(c[3] ?? 0) > 59)) return false
  return true
}

/** The rule a value breaks, or null when it is allowed for the field type. */
export function checkFieldValue(type: TemplateFieldType, value: string): string | null {
  if (value.trim() === '') return 'is empty'
  switch (type) {
    case 'thing':
      return chars(value) <= 20 ? null : 'thing must be at most 20 characters'
    case 'number':
      return /^[+-]?\d+(\.\d+)?$/.test(value) && value.replace(/\D/g, '').length <= 32 ? null : 'number must be digits (at most 32)'
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(value) ? null : 'letter must be at most 32 letters'
    case 'symbol':
      return chars(value) <= 5 && !/[\p{L}\p{N}]/u.test(value) ? null : 'symbol must be at most 5 symbols'
    case 'character_string':
      return chars(value) <= 32 && /^[\x21-\x7e]+$/.test(value) ? null : 'character_string must be at most 32 letters, digits or symbols'
    case 'time':
      return isTime(value) ? null : 'time must be a date-time such as 2026-11-26 15:01 or 2026年11月26日 15:01'
    case 'date':
      return value.split(/\s*~\s*/).every((p) => DATE_VALUE.test(p) && isValidDateTime(p)) ? null : 'date must be a date such as 2026-11-26'
    case 'amount':
      return /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(value) ? null : 'amount must be a sum such as ¥100.00'
    case 'phone_number':
      return /^[\d+\-() ]{1,17}$/.test(value) ? null : 'phone_number must be at most 17 digits or symbols'
    case 'car_number':
      return chars(value) <= 8 ? null : 'car_number must be at most 8 characters'
    case 'name':
      if (/^[A-Za-z ]+$/.test(value)) return value.length <= 20 ? null : 'name must be at most 20 letters'
      return chars(value) <= 10 ? null : 'name must be at most 10 characters'
    case 'phrase':
      return chars(value) <= 5 && HAN.test(value) ? null : 'phrase must be at most 5 Chinese characters'
  }
}
