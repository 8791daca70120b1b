// What a WeChat build must be told before it is built: the CloudBase env id and the subscribe-message template ids.
// Pure (no Taro import) so that a unit test can hold the rules; config/index.ts, the build's own config, calls them.
import templates from '../server/templates.json'

/** The build's environment variables (process.env). */
export type Env = Record<string, string | undefined>

/** A production WeChat build is what gets uploaded; H5 and `NODE_ENV=development` builds run against the local CloudBase. */
function isProductionWeapp(env: Env): boolean {
  return env.TARO_ENV === 'weapp' && env.NODE_ENV !== 'development'
}

/**
 * A production WeChat build is what gets uploaded: without the CloudBase env id the app would call whichever environment
 * DevTools has selected. TARO_APP_CLOUD_ENV=default asks for that on purpose (development and size checks only).
 */
export function cloudEnvFor(env: Env): string {
  const value = (env.TARO_APP_CLOUD_ENV ?? '').trim()
  if (isProductionWeapp(env) && !value) {
    throw new Error('TARO_APP_CLOUD_ENV is not set: a production WeChat build needs the CloudBase env id — TARO_APP_CLOUD_ENV=<env-id> npm run build:weapp (or TARO_APP_CLOUD_ENV=default to use the environment selected in WeChat DevTools, for development only)')
  }
  return value === 'default' ? '' : value
}

interface TemplateDef { key: string; id: string; robot?: boolean }
const SUBSCRIBE = (templates.templates as TemplateDef[]).filter((t) => !t.robot)

/** The subscribe-message templates the app asks for, by key (templates.json), with the local CloudBase's ids. */
export const LOCAL_TEMPLATE_IDS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(SUBSCRIBE.map((t) => [t.key, t.id])))

/** WeChat's template ids (公众平台 → 订阅消息 → 我的模板) are long url-safe strings; the local ones are `sanwei-…` names. */
const WECHAT_TEMPLATE_ID = /^[A-Za-z0-9_-]{20,64}$/

const HOW = `TARO_APP_TEMPLATE_IDS='${SUBSCRIBE.map((t) => `${t.key}=<id>`).join(',')}' (the ids from 公众平台 → 订阅消息 → 我的模板; TARO_APP_TEMPLATE_IDS=local uses the local CloudBase's ids, for development and size checks only)`

/**
 * The template ids the app asks WeChat for. A production WeChat build must be given every one (TARO_APP_TEMPLATE_IDS,
 * `key=id` pairs separated by commas), each a WeChat id and none of the local CloudBase's: no placeholder id reaches a
 * production build. `local` is accepted only for a build on DevTools' own environment (TARO_APP_CLOUD_ENV=default: the
 * size checks and development), never with a real env id. Other builds use the local ids unless told otherwise.
 */
export function templateIdsFor(env: Env): Record<string, string> {
  const raw = (env.TARO_APP_TEMPLATE_IDS ?? '').trim()
  const production = isProductionWeapp(env)
  if (raw === 'local' && production && cloudEnvFor(env)) {
    // A build aimed at a real CloudBase environment is one that gets uploaded: it never carries the local ids.
    throw new Error(`TARO_APP_TEMPLATE_IDS=local with TARO_APP_CLOUD_ENV=${env.TARO_APP_CLOUD_ENV}: a build for a real environment needs WeChat's template ids — ${HOW}`)
  }
  if (raw === 'local' || (!raw && !production)) return { ...LOCAL_TEMPLATE_IDS }
  if (!raw) throw new Error(`TARO_APP_TEMPLATE_IDS is not set: a production WeChat build needs the subscribe-message template ids — ${HOW}`)
  const ids: Record<string, string> = {}
  for (const pair of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=')
    const key = at > 0 ? pair.slice(0, at).trim() : ''
    const id = at > 0 ? pair.slice(at + 1).trim() : ''
    if (!(key in LOCAL_TEMPLATE_IDS)) throw new Error(`TARO_APP_TEMPLATE_IDS: ${JSON.stringify(pair)} names no template (known: ${Object.keys(LOCAL_TEMPLATE_IDS).join(', ')}) — ${HOW}`)
    ids[key] = id
  }
  const missing = Object.keys(LOCAL_TEMPLATE_IDS).filter((k) => !ids[k])
  if (missing.length) throw new Error(`TARO_APP_TEMPLATE_IDS has no id for ${missing.join(', ')} — ${HOW}`)
  if (production) {
    const placeholders = Object.entries(ids).filter(([, id]) => Object.values(LOCAL_TEMPLATE_IDS).includes(id) || !WECHAT_TEMPLATE_ID.test(id)).map(([k]) => k)
    if (placeholders.length) throw new Error(`TARO_APP_TEMPLATE_IDS: ${placeholders.join(', ')} ${placeholders.length > 1 ? 'are' : 'is'} not a WeChat template id (a production build takes the ids from 公众平台 → 订阅消息 → 我的模板, never the local CloudBase's) — ${HOW}`)
  }
  return ids
}
