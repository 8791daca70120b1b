// Subscribe-message templates (templates.json): maps a notification's semantic values onto each template's WeChat fields,
// trimmed to WeChat's field rules so that sending never fails with 47003.
import templates from './templates.json'
import type { TemplateKey } from '../src/domain/commands'
import { fitField } from '../src/domain/notify/fields'

interface FieldDef { key: string; type: string; from: string }
interface TemplateDef { key: string; id: string; fields: FieldDef[]; robot?: boolean; page?: string }

const BY_KEY = new Map<string, TemplateDef>((templates.templates as TemplateDef[]).map((t) => [t.key, t]))

/** WeChat's field rules, cut with an ellipsis where needed (src/domain/notify/fields.ts). */
const fit = fitField

export function templateFields(key: TemplateKey, data: Record<string, string>): { templateId: string; data: Record<string, { value: string }> } {
  const t = BY_KEY.get(key)
  if (!t) throw new Error(`templates.json has no template ${key}`)
  const out: Record<string, { value: string }> = {}
  for (const f of t.fields) out[f.key] = { value: fit(f.type, data[f.from] ?? '') }
  return { templateId: t.id, data: out }
}

/** The page a template's message opens when it is not about one item (the digest opens the member's queue). */
export function templatePage(key: string): string | undefined {
  return BY_KEY.get(key)?.page
}
