// Subscribe-message templates (templates.json): maps a notification's semantic values onto each template's WeChat fields,
// trimmed to WeChat's field rules so that sending never fails with 47003.
import templates from './templates.json'
import type { TemplateKey } from '../src/domain/commands'
import { MESSAGES } from '../src/domain/labels'

interface FieldDef { key: string; type: string; from: string }
interface TemplateDef { key: string; id: string; fields: FieldDef[]; robot?: boolean }

const BY_KEY = new Map<string, TemplateDef>((templates.templates as TemplateDef[]).map((t) => [t.key, t]))

function fit(type: string, value: string): string {
  const chars = Array.from(value ?? '')
  switch (type) {
    case 'thing': return chars.length > 20 ? chars.slice(0, 19).join('') + '…' : chars.join('') || MESSAGES.templateEmptyThing
    case 'phrase': return chars.filter((c) => /[\u4e00-\u9fff]/.test(c)).slice(0, 5).join('') || MESSAGES.templateEmptyPhrase
    case 'time': {
      const t = Date.parse(value)
      if (Number.isNaN(t)) return value
      // WeChat shows template times as written: UTC+8, "YYYY-MM-DD HH:mm".
      return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
    }
    case 'character_string': return chars.slice(0, 32).join('')
    case 'name': return chars.slice(0, 10).join('')
    default: return chars.join('')
  }
}

export function templateFields(key: TemplateKey, data: Record<string, string>): { templateId: string; data: Record<string, { value: string }> } {
  const t = BY_KEY.get(key)
  if (!t) throw new Error(`templates.json has no template ${key}`)
  const out: Record<string, { value: string }> = {}
  for (const f of t.fields) out[f.key] = { value: fit(f.type, data[f.from] ?? '') }
  return { templateId: t.id, data: out }
}
