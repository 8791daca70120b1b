// Worker processes that run cloud functions: a pool per function, one invocation per worker at a time, warm reuse, timeouts.
import { fork, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { transformSync } from 'esbuild'
import { functionBuild, readFunctionConfig, type FunctionConfig } from './registry'
import type { InvokeMessage, ResultMessage } from './worker'

export class FunctionError extends Error {
  constructor(
    readonly code: 'FUNCTIONS_EXECUTE_FAIL' | 'FUNCTION_NOT_FOUND' | 'INVALID_PARAM',
    message: string,
    readonly timedOut = false,
  ) {
    super(message)
  }
}

export interface FunctionRunnerOptions {
  functionsDir: string
  /** Environment every worker starts with (CloudBase redirect, dummy secrets, envId ...), besides config.json envVariables. */
  baseEnv: () => Record<string, string>
  maxWorkersPerFunction?: number
  /** Idle workers are stopped after this long. */
  idleMs?: number
  /** Forward the functions' console output to this process's stderr. */
  log?: boolean
}

export interface InvokeRequest {
  name: string
  event: unknown
  /** Per-invocation environment (identity etc.). */
  env: Record<string, string>
  /** Extra fields for the SCF context object. */
  context: Record<string, unknown>
}

export interface InvokeOutcome {
  result: unknown
  requestId: string
  durationMs: number
}

interface Pending {
  id: number
  resolve: (value: unknown) => void
  reject: (err: FunctionError) => void
  timer: NodeJS.Timeout
}

interface Worker {
  child: ChildProcess
  version: string
  busy: Pending | null
  /** Handed to an invocation that has not started yet (between acquire and run). */
  reserved: boolean
  lastUsed: number
  exited: boolean
}

const isFree = (w: Worker) => !w.busy && !w.reserved && !w.exited

interface Waiter {
  start: (worker: Worker) => void
  fail: (err: FunctionError) => void
}

interface FunctionStats {
  invocations: number
  errors: number
  timeouts: number
  coldStarts: number
}

/** As deep as a CloudBase document may nest; passing a deeper event to a worker overflowed its stack. */
export const MAX_EVENT_DEPTH = 100

/** Whether a JSON-like value nests deeper than `max` (walked without recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth + 1 > max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

let compiledWorker: string | null = null

/** The worker script as plain CommonJS, compiled once per content (workers then start without a TypeScript loader). */
function workerScript(): string {
  if (compiledWorker && fs.existsSync(compiledWorker)) return compiledWorker
  const source = fs.readFileSync(path.join(__dirname, 'worker.ts'), 'utf8')
  const hash = crypto.createHash('sha1').update(source).digest('hex').slice(0, 12)
  const out = path.join(os.tmpdir(), `sanwei-emulator-worker-${hash}.cjs`)
  if (!fs.existsSync(out)) {
    const { code } = transformSync(source, { loader: 'ts', format: 'cjs', platform: 'node', target: 'node16' })
    const tmp = `${out}.${process.pid}.tmp`
    fs.writeFileSync(tmp, code)
    fs.renameSync(tmp, out)
  }
  compiledWorker = out
  return out
}

class FunctionPool {
  readonly workers: Worker[] = []
  readonly waiters: Waiter[] = []
  readonly stats: FunctionStats = { invocations: 0, errors: 0, timeouts: 0, coldStarts: 0 }

  constructor(
    readonly name: string,
    private readonly runner: FunctionRunner,
  ) {}

  acquire(version: string, env: () => Record<string, string>): Promise<Worker> {
    // Workers of an older build or config are retired as soon as they are idle.
    for (const w of this.workers.filter((w) => w.version !== version && isFree(w))) this.retire(w)
    const idle = this.workers.find((w) => isFree(w) && w.version === version)
    if (idle) {
      idle.reserved = true
      return Promise.resolve(idle)
    }
    const current = this.workers.filter((w) => !w.exited)
    if (current.length < this.runner.maxWorkers) {
      this.stats.coldStarts++
      const fresh = this.spawn(version, env())
      fresh.reserved = true
      return Promise.resolve(fresh)
    }
    return new Promise((start, fail) => this.waiters.push({ start, fail }))
  }

  private spawn(version: string, env: Record<string, string>): Worker {
    const child = fork(workerScript(), [], {
      env: env as NodeJS.ProcessEnv,
      cwd: path.join(this.runner.functionsDir, this.name),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      serialization: 'json',
    })
    const worker: Worker = { child, version, busy: null, reserved: false, lastUsed: Date.now(), exited: false }
    const prefix = `[fn ${this.name}:${child.pid}] `
    const forward = (chunk: Buffer) => {
      if (!this.runner.log) return
      const text = chunk.toString('utf8').replace(/\n(?!$)/g, `\n${prefix}`)
      process.stderr.write(prefix + text)
    }
    child.stdout?.on('data', forward)
    child.stderr?.on('data', forward)
    child.on('message', (message: ResultMessage) => {
      if (message?.type !== 'result' || !worker.busy || worker.busy.id !== message.id) return
      const pending = worker.busy
      clearTimeout(pending.timer)
      worker.busy = null
      worker.lastUsed = Date.now()
      if (message.ok) pending.resolve(message.result)
      else {
        this.stats.errors++
        pending.reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', message.error?.message ?? 'function failed'))
        if (message.error?.fatal) this.retire(worker)
      }
      this.release(worker)
    })
    child.on('exit', (code, signal) => {
      worker.exited = true
      const index = this.workers.indexOf(worker)
      if (index >= 0) this.workers.splice(index, 1)
      if (worker.busy) {
        const pending = worker.busy
        worker.busy = null
        clearTimeout(pending.timer)
        this.stats.errors++
        pending.reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', `function ${this.name} crashed (exit code ${code ?? 'none'}, signal ${signal ?? 'none'})`))
      }
      this.wakeWaiter()
    })
    child.on('error', () => {
      // 'exit' follows and does the cleanup.
    })
    this.workers.push(worker)
    return worker
  }

  run(worker: Worker, message: InvokeMessage, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (worker.exited) {
        reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', `the worker of ${this.name} exited before the invocation started`))
        return
      }
      const timer = setTimeout(() => {
        if (worker.busy?.id !== message.id) return
        worker.busy = null
        this.stats.timeouts++
        this.stats.errors++
        reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', `Invoking task timed out after ${timeoutMs / 1000} seconds (function ${this.name}, timeout from config.json); the worker was killed`, true))
        this.retire(worker)
      }, timeoutMs)
      worker.busy = { id: message.id, resolve, reject, timer }
      worker.reserved = false
      worker.lastUsed = Date.now()
      try {
        worker.child.send(message)
      } catch (err) {
        // Nothing reached the worker (the message could not be serialized, or the channel is closing): it stays usable,
        // and if it is going away its 'exit' handler cleans up.
        clearTimeout(timer)
        worker.busy = null
        reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', `could not pass the invocation to the worker of ${this.name}: ${(err as Error).message}`))
        this.release(worker)
      }
    })
  }

  private release(worker: Worker): void {
    if (!isFree(worker)) return
    const waiter = this.waiters.shift()
    if (waiter) {
      worker.reserved = true
      waiter.start(worker)
    }
  }

  /** A slot opened (a worker exited): let the next waiter spawn a fresh worker. */
  private wakeWaiter(): void {
    const idle = this.workers.find(isFree)
    if (idle) return this.release(idle)
    const waiter = this.waiters.shift()
    if (waiter) waiter.fail(new FunctionError('FUNCTIONS_EXECUTE_FAIL', 'retry'))
  }

  retire(worker: Worker): void {
    const index = this.workers.indexOf(worker)
    if (index >= 0) this.workers.splice(index, 1)
    if (!worker.exited) worker.child.kill('SIGKILL')
  }

  reapIdle(idleMs: number): void {
    const now = Date.now()
    for (const w of [...this.workers]) if (isFree(w) && now - w.lastUsed > idleMs) this.retire(w)
  }

  close(): void {
    for (const w of [...this.workers]) {
      if (w.busy) {
        clearTimeout(w.busy.timer)
        w.busy.reject(new FunctionError('FUNCTIONS_EXECUTE_FAIL', 'the emulator is stopping'))
        w.busy = null
      }
      this.retire(w)
    }
    for (const waiter of this.waiters.splice(0)) waiter.fail(new FunctionError('FUNCTIONS_EXECUTE_FAIL', 'the emulator is stopping'))
  }
}

/**
 * Workers per function unless told otherwise: two per core, between 2 and 8. Each worker is a whole Node process that
 * spends most of an invocation waiting for the local CloudBase; more of them than the cores can run only adds context
 * switches and cold JIT (bench:loop on 2 cores: 8 workers ~10% fewer submissions per second than 4).
 */
export function defaultMaxWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length
  return Math.min(8, Math.max(2, cores * 2))
}

export class FunctionRunner {
  readonly functionsDir: string
  readonly maxWorkers: number
  readonly log: boolean
  private readonly pools = new Map<string, FunctionPool>()
  private nextId = 1
  private closed = false
  private readonly reaper: NodeJS.Timeout

  constructor(private readonly options: FunctionRunnerOptions) {
    this.functionsDir = path.resolve(options.functionsDir)
    this.maxWorkers = options.maxWorkersPerFunction ?? defaultMaxWorkers()
    this.log = options.log ?? false
    const idleMs = options.idleMs ?? 10 * 60_000
    this.reaper = setInterval(() => this.pools.forEach((p) => p.reapIdle(idleMs)), Math.min(idleMs, 60_000))
    this.reaper.unref()
    workerScript()
  }

  config(name: string): FunctionConfig {
    return readFunctionConfig(this.functionsDir, name)
  }

  async invoke(request: InvokeRequest): Promise<InvokeOutcome> {
    if (this.closed) throw new FunctionError('FUNCTIONS_EXECUTE_FAIL', 'the emulator is stopping')
    const build = functionBuild(this.functionsDir, request.name)
    // The folder stays out of the message: it is answered to whoever called.
    if (!build) throw new FunctionError('FUNCTION_NOT_FOUND', `function ${request.name} not found (is it built? run npm run build:functions)`)
    if (nestsDeeperThan(request.event, MAX_EVENT_DEPTH)) throw new FunctionError('INVALID_PARAM', `the event nests deeper than ${MAX_EVENT_DEPTH} levels`)
    let config: FunctionConfig
    try {
      config = this.config(request.name)
    } catch (err) {
      throw new FunctionError('FUNCTIONS_EXECUTE_FAIL', (err as Error).message)
    }
    const file = build.file
    const version = `${build.mtimeMs}:${JSON.stringify(config.envVariables)}`
    const pool = this.pools.get(request.name) ?? new FunctionPool(request.name, this)
    this.pools.set(request.name, pool)
    const baseEnv = this.options.baseEnv()
    // Needed only when a worker is started.
    const workerEnv = (): Record<string, string> => ({
      ...baseEnv,
      ...config.envVariables,
      SCF_FUNCTIONNAME: request.name,
      SCF_FUNCTIONVERSION: '$LATEST',
      SCF_FUNCTIONMEMORYSIZE: String(config.memorySize),
      SCF_FUNCTIONTIMEOUT: String(config.timeout),
    })
    const requestId = crypto.randomUUID()
    const timeoutMs = config.timeout * 1000
    const env = { ...request.env }
    const environment = { ...config.envVariables, ...env, SCF_NAMESPACE: baseEnv.SCF_NAMESPACE ?? '' }
    const context = {
      request_id: requestId,
      function_name: request.name,
      function_version: '$LATEST',
      namespace: baseEnv.SCF_NAMESPACE ?? '',
      memory_limit_in_mb: config.memorySize,
      time_limit_in_ms: timeoutMs,
      tencentcloud_region: baseEnv.TENCENTCLOUD_REGION ?? 'ap-shanghai',
      environ: Object.entries(environment)
        .map(([k, v]) => `${k}=${v}`)
        .join(';'),
      environment: JSON.stringify(environment),
      ...request.context,
    }
    pool.stats.invocations++
    const started = Date.now()
    for (let attempt = 0; ; attempt++) {
      let worker: Worker
      try {
        worker = await pool.acquire(version, workerEnv)
      } catch (err) {
        // A worker slot opened through a crash or timeout; try again for a fresh worker.
        if (err instanceof FunctionError && err.message === 'retry' && attempt < 100) continue
        throw err
      }
      const message: InvokeMessage = { type: 'invoke', id: this.nextId++, file, event: request.event, context, env }
      const result = await pool.run(worker, message, timeoutMs)
      return { result, requestId, durationMs: Date.now() - started }
    }
  }

  stats(): { invocations: number; workers: number; busy: number; byFunction: Record<string, FunctionStats & { workers: number; busy: number }> } {
    const byFunction: Record<string, FunctionStats & { workers: number; busy: number }> = {}
    let invocations = 0
    let workers = 0
    let busy = 0
    for (const [name, pool] of this.pools) {
      const poolBusy = pool.workers.filter((w) => w.busy).length
      byFunction[name] = { ...pool.stats, workers: pool.workers.length, busy: poolBusy }
      invocations += pool.stats.invocations
      workers += pool.workers.length
      busy += poolBusy
    }
    return { invocations, workers, busy, byFunction }
  }

  async close(): Promise<void> {
    this.closed = true
    clearInterval(this.reaper)
    const exits: Promise<void>[] = []
    for (const pool of this.pools.values()) {
      for (const w of pool.workers) if (!w.exited) exits.push(new Promise((r) => w.child.once('exit', () => r())))
      pool.close()
    }
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(exits), new Promise((r) => (timer = setTimeout(r, 2000)))])
    clearTimeout(timer)
  }
}
