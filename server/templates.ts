// Subscribe-message templates (templates.json): maps a notification's semantic values onto each template's WeChat fields,
// trimmed to WeChat's field rules so that sending never fails with 47003.
import templates from './templates.json'
import type { TemplateKey } from '../src/domain/commands'
import { fitField } from '../src/domain/notify/fields'

interface FieldDef { key: string; type: string; from: string }
interface TemplateDef { key: string; id: string; fields: FieldDef[]; robot?: boolean; page?: string }

const BY_KEY = new Map<string, TemplateDef>((templates.templates as TemplateDef[]).map((t) => [t.key, t]))

/**
 * WeChat's template ids, from the functions' SANWEI_TEMPLATE_IDS (`key=id` pairs, the same the production build takes
 * as TARO_APP_TEMPLATE_IDS); the ids in templates.json are the local CloudBase's. Read once per instance.
 */
let configured: Map<string, string> | undefined
export function parseTemplateIds(raw: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const pair of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=')
    const key = pair.slice(0, Math.max(at, 0)).trim()
    // (No '=' or nothing before it leaves an empty key, which is no template's.)
    if (!BY_KEY.has(key) || BY_KEY.get(key)!.robot) throw new Error(`config: SANWEI_TEMPLATE_IDS ${JSON.stringify(pair)} must be key=id with a subscribe template's key (${[...BY_KEY.values()].filter((t) => !t.robot).map((t) => t.key).join(', ')})`)
    out.set(key, pair.slice(at + 1).trim())
  }
  return out
}

/** The WeChat template id of a template key. */
export function templateIdOf(key: string): string {
  configured ??= parseTemplateIds(process.env.SANWEI_TEMPLATE_IDS)
  return configured.get(key) ?? BY_KEY.get(key)?.id ?? ''
}

/** The template key of a WeChat template id the app reports (subscribe templates only). */
export function templateKeyOf(id: string): string | undefined {
  for (const t of BY_KEY.values()) if (!t.robot && templateIdOf(t.key) === id) return t.key
  return undefined
}

/** WeChat's field rules, cut with an ellipsis where needed (src/domain/notify/fields.ts). */
const fit = fitField

export function templateFields(key: TemplateKey, data: Record<string, string>): { templateId: string; data: Record<string, { value: string }> } {
  const t = BY_KEY.get(key)
  if (!t) throw new Error(`templates.json has no template ${key}`)
  const out: Record<string, { value: string }> = {}
  for (const f of t.fields) out[f.key] = { value: fit(f.type, data[f.from] ?? '') }
  return { templateId: templateIdOf(key), data: out }
}

/** The page a template's message opens when it is not about one item (the digest opens the member's queue). */
export function templatePage(key: string): string | undefined {
  return BY_KEY.get(key)?.page
}
