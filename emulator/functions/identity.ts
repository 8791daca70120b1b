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

export function invocationEnv(caller: Caller, envId: string): Record<string, string> {
  const env: Record<string, string> = {
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
    WX_OPENID: caller.openid,
    WX_APPID: caller.appid,
    WX_UNIONID: caller.unionid ?? '',
    WX_CLIENTIP: caller.clientIp ?? '',
    TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE',
    TCB_ENV: envId,
    TCB_SEQID: randomHex(8),
    TCB_SOURCE: caller.source,
    // The real backend authorises open-API calls with this token; the local one accepts any.
    WX_API_TOKEN: caller.openid ? `local-token-${caller.openid}` : '',
  }
  if (caller.trigger === 'timer') {
    env.TRIGGER_SRC = 'timer'
    env.WX_TRIGGER_API_TOKEN_V0 = 'local-timer-token'
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
    ...(options.functionEnv ?? {}),
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
