// The environment a CloudBase function sees for one invocation: who called it and how, exactly as CloudBase provides it.
import path from 'node:path'
import { randomHex } from '../random'

export interface Caller {
  /** The WeChat user the call is made as; empty for server-side calls (another function, a timer). */
  openid: string
  appid: string
  unionid?: string
  clientIp?: string
  /** TCB_SOURCE: 'wx_client' (mini-program / gateway), 'scf' (server SDK), 'timer'. */
  source: string
  /** Set for timer triggers: TRIGGER_SRC=timer. */
  trigger?: 'timer'
}

/** The open-API token a function invocation carries; the local CloudBase reads the function's name back out of it. */
export function openApiToken(functionName: string, who: string): string {
  return `${OPENAPI_TOKEN_PREFIX}${functionName}:${who}`
}
export const OPENAPI_TOKEN_PREFIX = 'local-fn:'

/** The function an open-API token was issued to, or null for a token the local CloudBase did not issue. */
export function functionOfToken(token: string): string | null {
  if (!token.startsWith(OPENAPI_TOKEN_PREFIX)) return null
  const rest = token.slice(OPENAPI_TOKEN_PREFIX.length)
  const end = rest.indexOf(':')
  return end > 0 ? rest.slice(0, end) : null
}

/** Who an open-API token was issued for: the caller's openid, or the source ('scf', 'timer') of a server-side call. */
export function callerOfToken(token: string): string | null {
  if (!token.startsWith(OPENAPI_TOKEN_PREFIX)) return null
  const rest = token.slice(OPENAPI_TOKEN_PREFIX.length)
  const end = rest.indexOf(':')
  return end > 0 ? rest.slice(end + 1) : null
}

export function invocationEnv(caller: Caller, envId: string, functionName = ''): Record<string, string> {
  const env: Record<string, string> = {
    // As in the cloud, the open-API token is one of the context keys (getWXContext leaves it out of what it returns).
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_API_TOKEN',
    WX_OPENID: caller.openid,
    WX_APPID: caller.appid,
    WX_UNIONID: caller.unionid ?? '',
    WX_CLIENTIP: caller.clientIp ?? '',
    TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE',
    TCB_ENV: envId,
    TCB_SEQID: randomHex(8),
    TCB_SOURCE: caller.source,
    // The real backend authorises open-API calls with this token and checks them against the function's
    // permissions.openapi; the local one names the function in it to do the same.
    WX_API_TOKEN: openApiToken(functionName, caller.openid || caller.source),
  }
  if (caller.trigger === 'timer') {
    env.TRIGGER_SRC = 'timer'
    env.WX_TRIGGER_API_TOKEN_V0 = openApiToken(functionName, 'timer')
  }
  return env
}

/**
 * A real CloudBase environment the functions' SDK calls go to instead of this server (the contract suite): the functions
 * still run here, as the gateway's caller, but read and write the real database. `url` overrides the endpoint (tests).
 */
export interface Upstream {
  envId: string
  secretId: string
  secretKey: string
  sessionToken?: string
  region?: string
  url?: string
}

/** Environment every worker starts with: the SDKs find the local CloudBase through these alone. */
export function workerBaseEnv(options: { baseUrl: string; envId: string; functionEnv?: Record<string, string>; upstream?: Upstream }): Record<string, string> {
  const inherited: Record<string, string> = {}
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) {
    const value = process.env[key]
    if (value !== undefined) inherited[key] = value
  }
  const upstream = options.upstream
  if (upstream) {
    // Outside SCF as far as the SDK knows (no TENCENTCLOUD / RUNENV): it then calls the environment's public endpoint.
    return {
      ...inherited,
      NODE_PATH: sdkNodeModules(),
      TZ: 'UTC',
      NODE_ENV: 'production',
      SCF_NAMESPACE: upstream.envId,
      ...(upstream.url ? { TCB_CONTEXT_CNFG: JSON.stringify({ URL: upstream.url }) } : {}),
      TENCENTCLOUD_SECRETID: upstream.secretId,
      TENCENTCLOUD_SECRETKEY: upstream.secretKey,
      ...(upstream.sessionToken ? { TENCENTCLOUD_SESSIONTOKEN: upstream.sessionToken } : {}),
      TENCENTCLOUD_REGION: upstream.region ?? 'ap-shanghai',
      SCF_RUNTIME: 'Nodejs16.13',
      ...(options.functionEnv ?? {}),
    }
  }
  return {
    ...inherited,
    // A function's own node_modules wins; otherwise the SDKs installed beside the emulator (as CloudBase installs them on deploy).
    NODE_PATH: sdkNodeModules(),
    TZ: 'UTC',
    NODE_ENV: 'production',
    SCF_NAMESPACE: options.envId,
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${options.baseUrl}/admin` }),
    TENCENTCLOUD_SECRETID: 'AKIDlocalemulator',
    TENCENTCLOUD_SECRETKEY: 'local-emulator-secret-key',
    TENCENTCLOUD_SESSIONTOKEN: 'local-emulator-session-token',
    TENCENTCLOUD: 'true',
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_RUNTIME: 'Nodejs16.13',
    // A value may name the local CloudBase's own address, known only once it listens: {{emulatorUrl}}.
    ...Object.fromEntries(Object.entries(options.functionEnv ?? {}).map(([k, v]) => [k, v.split('{{emulatorUrl}}').join(options.baseUrl)])),
  }
}

let sdkDir: string | undefined

/** Resolved once: a module resolution on every invocation showed up in the profile. */
function sdkNodeModules(): string {
  sdkDir ??= resolveSdkNodeModules()
  return sdkDir
}

function resolveSdkNodeModules(): string {
  try {
    // <node_modules>/@cloudbase/node-sdk/package.json → <node_modules>
    return path.resolve(path.dirname(require.resolve('@cloudbase/node-sdk/package.json')), '..', '..')
  } catch {
    return path.resolve(__dirname, '..', '..', 'node_modules')
  }
}
