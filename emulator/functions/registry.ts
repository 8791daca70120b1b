// Where functions live on disk and what their config.json says (timeout, envVariables, timer triggers).
import fs from 'node:fs'
import path from 'node:path'

export interface TimerTriggerConfig {
  name: string
  type: 'timer'
  /** 7-field cron: second minute hour day month weekday year (UTC+8). */
  config: string
  /** Optional custom message passed as event.Message. */
  custom?: string
}

export interface FunctionConfig {
  /** Seconds; CloudBase's default is 3. */
  timeout: number
  envVariables: Record<string, string>
  triggers: TimerTriggerConfig[]
  memorySize: number
  /** permissions.openapi: the open APIs (云调用) this function may call, e.g. 'subscribeMessage.send'. */
  openapi: string[]
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/
export const DEFAULT_TIMEOUT_SECONDS = 3

export function isValidFunctionName(name: string): boolean {
  return NAME.test(name)
}

/** The function's index.js, or null when there is no such (built) function. */
export function functionEntry(functionsDir: string, name: string): string | null {
  if (!isValidFunctionName(name)) return null
  const file = path.join(functionsDir, name, 'index.js')
  return fs.existsSync(file) ? file : null
}

/** The function's index.js and its modification time (one stat), or null when there is no such (built) function. */
export function functionBuild(functionsDir: string, name: string): { file: string; mtimeMs: number } | null {
  if (!isValidFunctionName(name)) return null
  const file = path.join(functionsDir, name, 'index.js')
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  return stat && stat.isFile() ? { file, mtimeMs: stat.mtimeMs } : null
}

export function listFunctions(functionsDir: string): string[] {
  if (!fs.existsSync(functionsDir)) return []
  return fs
    .readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && isValidFunctionName(d.name))
    .map((d) => d.name)
    .sort()
}

const configCache = new Map<string, { stamp: string; config: FunctionConfig }>()

/** The function's config.json, read again only when the file changed (one stat per call instead of a read and a parse). */
export function readFunctionConfig(functionsDir: string, name: string): FunctionConfig {
  const file = path.join(functionsDir, name, 'config.json')
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  const stamp = stat ? `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}:${stat.ino}` : 'none'
  const cached = configCache.get(file)
  if (cached && cached.stamp === stamp) return cached.config
  const config = parseFunctionConfig(file, stat !== undefined)
  configCache.set(file, { stamp, config })
  return config
}

function parseFunctionConfig(file: string, exists: boolean): FunctionConfig {
  let raw: Record<string, unknown> = {}
  if (exists) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
    } catch (err) {
      throw new Error(`${file} is not valid JSON: ${(err as Error).message}`)
    }
  }
  const timeout = typeof raw.timeout === 'number' && raw.timeout > 0 ? raw.timeout : DEFAULT_TIMEOUT_SECONDS
  const envVariables: Record<string, string> = {}
  if (raw.envVariables && typeof raw.envVariables === 'object') {
    for (const [k, v] of Object.entries(raw.envVariables as Record<string, unknown>)) envVariables[k] = String(v)
  }
  const triggers: TimerTriggerConfig[] = []
  if (Array.isArray(raw.triggers)) {
    for (const t of raw.triggers as Array<Record<string, unknown>>) {
      if (t && t.type === 'timer' && typeof t.name === 'string' && typeof t.config === 'string') {
        triggers.push({ name: t.name, type: 'timer', config: t.config, custom: typeof t.custom === 'string' ? t.custom : undefined })
      }
    }
  }
  const memorySize = typeof raw.memorySize === 'number' ? raw.memorySize : 256
  const permissions = raw.permissions && typeof raw.permissions === 'object' ? (raw.permissions as { openapi?: unknown }) : {}
  const openapi = Array.isArray(permissions.openapi) ? permissions.openapi.filter((a): a is string => typeof a === 'string') : []
  return { timeout, envVariables, triggers, memorySize, openapi }
}
