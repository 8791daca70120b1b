// The local CloudBase: wires the database, the function runner, the WeChat stand-ins and the gateway onto one HTTP server.
import fs from 'node:fs'
import path from 'node:path'
import { Database, type IndexFile } from './db'
import { batchDeleteFileAction, batchGetDownloadUrlAction, getUploadMetadataAction } from './admin/storage'
import { invokeFunctionAction } from './admin/functions'
import { adminRoute, type ActionHandler } from './admin/protocol'
import { wxApiAction, wxOpenApiAction } from './admin/wx'
import { callerOfToken, functionOfToken, workerBaseEnv, type Upstream } from './functions/identity'
import { Invoker } from './functions/invoker'
import { FunctionError, FunctionRunner, type InvokeOutcome } from './functions/pool'
import { TimerTriggers, TriggerConfigError, TriggerNotFoundError } from './functions/triggers'
import { readFunctionConfig } from './functions/registry'
import { callFunctionRoute } from './gateway/functions'
import { staticRoute } from './gateway/static'
import { LocalStorage, cosPutRoute, serveStoredRoute, uploadRoute } from './gateway/storage'
import { grantSubscriptionRoute, groupEnterRoute, inboxRoutes, robotWebhookRoute, subscriptionQuotaRoute } from './gateway/wechat'
import { listen, Router, sendJson } from './http/server'
import { Faults, type FaultOptions } from './faults'
import { encodeOpenApiJsonResponse } from './admin/openapi-proto'
import { RawAnswer } from './admin/protocol'
import { Inbox } from './wechat/inbox'
import { OpenData } from './wechat/openData'
import { GroupRobots } from './wechat/robot'
import { ContentSecurity, DEFAULT_REVIEW_WORDS, DEFAULT_RISKY_WORDS } from './wechat/security'
import { SubscribeMessages } from './wechat/subscribe'
import { loadTemplates } from './wechat/templates'

export const DEFAULT_ENV_ID = 'sanwei-local'
export const DEFAULT_APP_ID = 'wx00000000local000'
const MB = 1024 * 1024

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  dataDir: string
  /** Folder of functions, one <name>/index.js (+ config.json) each. Default: cloudfunctions/ */
  functionsDir?: string
  /** IndexFile JSON (server/indexes.json); its collections are created at start. */
  indexesFile?: string
  /** The H5 build served at /. Default: dist-h5/ */
  h5Dir?: string
  envId?: string
  appId?: string
  /** Extra environment for every function (e.g. SANWEI_ADMIN_OPENIDS). */
  functionEnv?: Record<string, string>
  /** msgSecCheck: content with one of these words is risky (87014). */
  wordList?: string[]
  /** msgSecCheck: content with one of these words gets suggest 'review'. */
  reviewWords?: string[]
  /** Subscribe-message templates (see wechat/templates.ts for the shape); without it field types come from key prefixes. */
  templatesFile?: string
  /** Body limit of /admin and the function gateway. Default 5 MB. */
  maxBodyBytes?: number
  maxWorkersPerFunction?: number
  /** How long a transaction may stay open before it is aborted (default 30 s, as in CloudBase). */
  transactionTimeoutMs?: number
  /**
   * Records an aggregation without a $limit stage returns: 20 by default, as in CloudBase (DEFAULT_AGGREGATE_LIMIT), so
   * a forgotten limit shows in a test; null returns them all. (A get() without a limit answers 100, at most 1,000.)
   */
  aggregateDefaultLimit?: number | null
  /**
   * Run the functions here but let their SDK calls go to this real CloudBase environment (the contract suite); its envId
   * becomes this server's. Without it everything stays local.
   */
  upstream?: Upstream
  /** Inject faults (latency, refused/dropped connections, transaction conflicts, WeChat errors) at given rates, seeded. */
  faults?: FaultOptions
  /** Fire timer triggers on their schedule (default true). */
  timers?: boolean
  /** How many WeChat stand-in entries the inbox keeps (default 5,000). */
  inboxCapacity?: number
  /** Log requests' failures and the functions' console output to stderr. */
  log?: boolean
}

export interface Emulator {
  url: string
  port: number
  envId: string
  db: Database
  inbox: Inbox
  /** CloudIDs of open data (group cards): `openData.groupEnter(openid, groupName)` is what wx.getGroupEnterInfo answers. */
  openData: OpenData
  functions: FunctionRunner
  /** The fault injector when `faults` was given: what it injected so far. */
  faults: Faults | null
  /** Invokes a function in-process as `openid` (empty: a server-side caller), like the gateway does. */
  invoke(name: string, data: unknown, caller?: { openid?: string }): Promise<InvokeOutcome>
  stop(): Promise<void>
}

function readIndexes(file: string | undefined): IndexFile | undefined {
  if (!file) return undefined
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as IndexFile
  } catch (err) {
    throw new Error(`cannot read the index file ${file}: ${(err as Error).message}`)
  }
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const envId = options.upstream?.envId ?? options.envId ?? DEFAULT_ENV_ID
  const appId = options.appId ?? DEFAULT_APP_ID
  const dataDir = path.resolve(options.dataDir)
  const functionsDir = path.resolve(options.functionsDir ?? 'cloudfunctions')
  const h5Dir = path.resolve(options.h5Dir ?? 'dist-h5')
  const maxBodyBytes = options.maxBodyBytes ?? 5 * MB
  const log = options.log ?? false
  const warn = (message: string) => {
    if (log) process.stderr.write(`[emulator] ${message}\n`)
  }
  fs.mkdirSync(dataDir, { recursive: true })

  const templates = options.templatesFile ? loadTemplates(options.templatesFile) : null
  const db = await Database.open({ dir: path.join(dataDir, 'db'), indexes: readIndexes(options.indexesFile), transactionTimeoutMs: options.transactionTimeoutMs, aggregateDefaultLimit: options.aggregateDefaultLimit })

  const inbox = new Inbox(options.inboxCapacity)
  const subscribe = new SubscribeMessages(inbox, templates, path.join(dataDir, 'wechat', 'subscriptions.json'))
  const security = new ContentSecurity(inbox, options.wordList ?? DEFAULT_RISKY_WORDS, options.reviewWords ?? DEFAULT_REVIEW_WORDS)
  const robots = new GroupRobots(inbox)
  const openData = new OpenData(appId, inbox)
  const standIns = { inbox, subscribe, security, openData }
  const storage = new LocalStorage(dataDir, envId, inbox)

  // The base URL is known only once the server listens; the worker environment and download URLs read it late.
  let baseUrl = ''
  const runner = new FunctionRunner({
    functionsDir,
    baseEnv: () => workerBaseEnv({ baseUrl, envId, functionEnv: options.functionEnv, upstream: options.upstream }),
    maxWorkersPerFunction: options.maxWorkersPerFunction,
    log,
  })
  const invoker = new Invoker(runner, envId, appId)

  // Open-API calls from a function are checked against its config.json permissions.openapi (read when it changes).
  const declaredApis = (token: string) => {
    const fn = functionOfToken(token)
    if (!fn) return null
    try {
      return { fn, openapi: readFunctionConfig(functionsDir, fn).openapi, openid: callerOfToken(token) }
    } catch {
      return { fn, openapi: [], openid: callerOfToken(token) }
    }
  }
  const actions: Record<string, ActionHandler> = {
    'functions.invokeFunction': invokeFunctionAction(invoker),
    'wx.api': wxApiAction(standIns, declaredApis),
    'wx.openApi': wxOpenApiAction(standIns, declaredApis),
    'storage.batchGetDownloadUrl': batchGetDownloadUrlAction(storage, () => baseUrl),
    'storage.batchDeleteFile': batchDeleteFileAction(storage),
    'storage.getUploadMetadata': getUploadMetadataAction(storage, () => baseUrl),
  }
  const faults = options.faults ? new Faults(options.faults) : null
  const databaseAction: ActionHandler = (body, action) => {
    // Another writer won: the transaction is aborted and this call (or the commit) answers the conflict.
    if (faults && (body.transactionId || action === 'database.commitTransaction') && faults.roll('conflict')) db.injectConflict(body.transactionId)
    return db.handle(action, body)
  }
  const wechatError = { errcode: -1, errmsg: 'system error' }
  const withWechatFaults = (name: string, handler: ActionHandler): ActionHandler => async (body, action) => {
    const api = typeof body.apiName === 'string' ? body.apiName : ''
    if (!faults || !faults.wechatErrorsFor(api) || !faults.roll('wechatError')) return handler(body, action)
    return name === 'wx.api' ? { data: { responseData: JSON.stringify(wechatError) } } : new RawAnswer(encodeOpenApiJsonResponse(wechatError), 'application/octet-stream')
  }
  if (faults) for (const name of ['wx.api', 'wx.openApi']) actions[name] = withWechatFaults(name, actions[name])
  const resolve = (action: string): ActionHandler | null => (action.startsWith('database.') ? databaseAction : (actions[action] ?? null))

  const triggers = new TimerTriggers(functionsDir, (name, event) => invoker.invoke(name, event, { openid: '', source: 'timer', trigger: 'timer' }).then((o) => o.result), warn)
  const inboxHandlers = inboxRoutes(inbox)

  // Never named in an answer (see redactPaths).
  const localFolders = [dataDir, functionsDir, h5Dir, process.cwd()]
  const router = new Router()
    .on('POST', /^\/admin\/?$/, adminRoute({ resolve, maxBodyBytes, localFolders, faults: faults ?? undefined, onError: (action, err) => warn(`${action}: ${(err as Error)?.stack ?? err}`) }))
    .on('POST', /^\/api\/functions\/([^/]+)\/?$/, callFunctionRoute(invoker, maxBodyBytes, faults ?? undefined, openData))
    .on('POST', /^\/api\/open-data\/group-enter\/?$/, groupEnterRoute(openData))
    .on('POST', /^\/api\/subscribe\/?$/, grantSubscriptionRoute(subscribe))
    .on('GET', /^\/api\/subscribe\/?$/, subscriptionQuotaRoute(subscribe))
    .on('POST', /^\/cgi-bin\/webhook\/send\/?$/, robotWebhookRoute(robots))
    .on('GET', /^\/api\/inbox\/?$/, inboxHandlers.list)
    .on('DELETE', /^\/api\/inbox\/?$/, inboxHandlers.clear)
    .on('GET', /^\/inbox\/?$/, inboxHandlers.page)
    .on('POST', /^\/api\/storage\/upload\/?$/, uploadRoute(storage, 20 * MB))
    .on('PUT', /^\/api\/storage\/cos\/(.+)$/, cosPutRoute(storage, 200 * MB))
    .on('GET', /^\/api\/storage\/(.+)$/, serveStoredRoute(storage))
    .on('POST', /^\/api\/triggers\/([^/]+)\/([^/]+)\/?$/, async (_req, res, url, [name, trigger]) => {
      // ?at=<ISO time> fires it as if at that time (the event's Time), for schedules that act on some firings only.
      const at = url.searchParams.get('at')
      if (at !== null && Number.isNaN(Date.parse(at))) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'at must be an ISO time' })
      try {
        const result = await triggers.fireNow(name, trigger, at === null ? undefined : new Date(at))
        sendJson(res, 200, { result })
      } catch (err) {
        if (err instanceof TriggerNotFoundError) return sendJson(res, 404, { code: 'NOT_FOUND', message: err.message })
        if (err instanceof TriggerConfigError) return sendJson(res, 500, { code: 'FUNCTIONS_EXECUTE_FAIL', message: err.message })
        if (err instanceof FunctionError) return sendJson(res, err.code === 'FUNCTION_NOT_FOUND' ? 404 : 500, { code: err.code, message: err.message })
        throw err
      }
    })
    .on('GET', /^\/api\/emulator\/stats\/?$/, (_req, res) =>
      sendJson(res, 200, { envId, db: db.stats(), functions: { ...runner.stats(), timerFirings: triggers.firings }, inbox: inbox.list().length, ...(faults ? { faults: faults.injected } : {}) }),
    )
    .otherwise(staticRoute(h5Dir))

  let server
  try {
    server = await listen(router, options.port ?? 0, (err) => warn(`request failed: ${(err as Error)?.stack ?? err}`), localFolders)
  } catch (err) {
    await runner.close()
    await db.close()
    throw err
  }
  baseUrl = `http://127.0.0.1:${server.port}`
  if (options.timers !== false) triggers.start()

  let stopping: Promise<void> | null = null
  const stop = () => {
    stopping ??= (async () => {
      triggers.stop()
      await server.close()
      await runner.close()
      await db.close()
    })()
    return stopping
  }

  return {
    url: baseUrl,
    port: server.port,
    envId,
    db,
    inbox,
    openData,
    functions: runner,
    faults,
    invoke: (name, data, caller = {}) => invoker.invoke(name, data, { openid: caller.openid ?? '', source: caller.openid ? 'wx_client' : 'scf' }),
    stop,
  }
}
