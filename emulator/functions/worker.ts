// Runs inside a forked worker process: loads one function's index.js and runs main(event, context), one invocation at a time.
// It is compiled to plain CommonJS by pool.ts (esbuild) so workers start without a TypeScript loader.
import path from 'node:path'

export interface InvokeMessage {
  type: 'invoke'
  id: number
  file: string
  event: unknown
  context: Record<string, unknown>
  /** Per-invocation environment (identity, trigger source); replaces the previous invocation's values. */
  env: Record<string, string>
}

export interface ResultMessage {
  type: 'result'
  id: number
  ok: boolean
  result?: unknown
  error?: { message: string; stack?: string; fatal?: boolean }
}

type Main = (event: unknown, context: unknown, callback?: (err: unknown, result?: unknown) => void) => unknown

let loaded: { file: string; main: Main } | null = null
let current: number | null = null
let previousKeys: string[] = []
const baseEnv: Record<string, string | undefined> = { ...process.env }

/**
 * process.env as a JavaScript object in front of the real environment. Every read of the real process.env goes through a
 * C++ interceptor and getenv (~170 ns); the CloudBase SDK reads some 25 variables about 12 times per request
 * (getCloudbaseContext), which made environment reads a tenth of a worker's CPU. Reads now hit the object (~35 ns);
 * writes and deletes still reach the real environment (native code, child processes' defaults, TZ), and values are
 * coerced to strings as the real process.env does.
 */
function shadowEnvironment(): void {
  const real = process.env
  const shadow: Record<string, string> = {}
  for (const [key, value] of Object.entries(real)) if (value !== undefined) shadow[key] = value
  process.env = new Proxy(shadow, {
    set(target, key, value) {
      if (typeof key !== 'string') return false
      const text = String(value)
      target[key] = text
      real[key] = text
      return true
    },
    deleteProperty(target, key) {
      if (typeof key !== 'string') return false
      delete target[key]
      delete real[key]
      return true
    },
    defineProperty(target, key, descriptor) {
      if (typeof key !== 'string' || !('value' in descriptor)) return false
      const text = String(descriptor.value)
      target[key] = text
      real[key] = text
      return true
    },
  }) as NodeJS.ProcessEnv
}
shadowEnvironment()

function send(message: ResultMessage): void {
  process.send?.(message)
}

function serializeError(err: unknown, fatal = false): ResultMessage['error'] {
  if (err instanceof Error) return { message: err.message || err.name, stack: err.stack, fatal }
  if (err && typeof err === 'object') {
    const o = err as { errMsg?: unknown; message?: unknown }
    const message = typeof o.message === 'string' ? o.message : typeof o.errMsg === 'string' ? o.errMsg : JSON.stringify(err)
    return { message, fatal }
  }
  return { message: String(err), fatal }
}

function applyEnv(env: Record<string, string>): void {
  for (const key of previousKeys) {
    if (baseEnv[key] === undefined) delete process.env[key]
    else process.env[key] = baseEnv[key]
  }
  for (const [key, value] of Object.entries(env)) process.env[key] = value
  previousKeys = Object.keys(env)
}

function loadMain(file: string): Main {
  if (loaded && loaded.file === file) return loaded.main
  const mod = require(path.resolve(file)) as { main?: Main; default?: { main?: Main } }
  const main = mod.main ?? mod.default?.main
  if (typeof main !== 'function') throw new Error(`${file} does not export main(event, context)`)
  loaded = { file, main }
  return main
}

async function invoke(message: InvokeMessage): Promise<void> {
  current = message.id
  applyEnv(message.env)
  let main: Main
  try {
    main = loadMain(message.file)
  } catch (err) {
    // A module that fails to load leaves nothing reusable behind: the pool replaces this worker.
    send({ type: 'result', id: message.id, ok: false, error: serializeError(err, true) })
    current = null
    return
  }
  try {
    const result = await new Promise<unknown>((resolve, reject) => {
      // SCF also accepts callback-style handlers main(event, context, callback).
      const returned = main(message.event, message.context, (err, value) => (err ? reject(err) : resolve(value)))
      if (main.length < 3 || returned !== undefined) Promise.resolve(returned).then(resolve, reject)
    })
    let safe: unknown
    try {
      safe = result === undefined ? null : JSON.parse(JSON.stringify(result))
    } catch (err) {
      throw new Error(`the function's result is not JSON-serializable: ${(err as Error).message}`)
    }
    send({ type: 'result', id: message.id, ok: true, result: safe })
  } catch (err) {
    send({ type: 'result', id: message.id, ok: false, error: serializeError(err) })
  } finally {
    current = null
  }
}

process.on('message', (message: InvokeMessage) => {
  if (message && message.type === 'invoke') void invoke(message)
})

process.on('uncaughtException', (err) => {
  console.error('[worker] uncaught exception:', err)
  if (current !== null) send({ type: 'result', id: current, ok: false, error: serializeError(err, true) })
  process.exit(1)
})

process.on('unhandledRejection', (reason) => {
  // In the cloud an unhandled rejection is only logged; keep the worker alive.
  console.error('[worker] unhandled rejection:', reason)
})

process.on('disconnect', () => process.exit(0))
