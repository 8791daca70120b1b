// Fault injection for the local CloudBase: latency, refused and dropped connections, transaction conflicts and WeChat
// errors, each at a rate, drawn from one seeded generator so a run with the same seed and the same requests is the same.

export interface FaultOptions {
  /** Seed of the generator (default 1). */
  seed?: number
  /** Share of /admin requests (the functions' database and open-API calls) answered late, and by how much (default 50 ms). */
  latencyRate?: number
  latencyMs?: number
  /** Share of requests whose connection is closed before anything is done (the caller sees a reset). */
  refuseRate?: number
  /** Share of requests that are carried out and whose answer is then lost (connection closed): the write happened. */
  dropRate?: number
  /** Share of database calls inside a transaction (and of commits) that lose a write conflict; the transaction is aborted. */
  conflictRate?: number
  /** Share of WeChat open-API calls (wx.api, wx.openApi) answered with errcode -1 "system error". */
  wechatErrorRate?: number
  /** Where connections are refused or dropped: 'admin' (function → CloudBase), 'gateway' (app → function), or both (default). */
  connectionFaultsAt?: Array<'admin' | 'gateway'>
  /** Only /admin actions starting with one of these get refused, dropped or late (e.g. ['database.']); default: all. */
  adminFaultActions?: string[]
  /** Only these open APIs get WeChat errors (e.g. ['/wxa/msg_sec_check']); default: every one. */
  wechatErrorApis?: string[]
  /** Start with injection paused (set `paused = false` to begin), e.g. while a test arranges its data. */
  paused?: boolean
}

export type FaultKind = 'latency' | 'refused' | 'dropped' | 'conflict' | 'wechatError'

/** A fault for the next /admin call that matches: its action, and its collection when given. */
export interface ScriptedFault {
  kind: 'refused' | 'dropped'
  action: string
  collectionName?: string
}

/**
 * A call held before it is carried out until the test releases it: a slow answer at the moment a test chooses, so that
 * something else can happen in between (a commit landing between two reads of the timer's recount).
 */
export interface Hold {
  /** The action, or any of several. */
  action: string | string[]
  collectionName?: string
  /** Further narrows the call by its request body (e.g. the query it sends). */
  matches?: (body: Record<string, unknown>) => boolean
}

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function rate(value: number | undefined, name: string): number {
  const v = value ?? 0
  if (!(v >= 0 && v <= 1)) throw new Error(`faults.${name} must be between 0 and 1`)
  return v
}

export class Faults {
  private readonly next: () => number
  readonly injected: Record<FaultKind, number> = { latency: 0, refused: 0, dropped: 0, conflict: 0, wechatError: 0 }
  private readonly rates: Record<FaultKind, number>
  readonly latencyMs: number
  private readonly at: Set<'admin' | 'gateway'>
  private readonly wechatApis: Set<string> | null
  private readonly adminActions: string[] | null
  /** While paused nothing is drawn at random (scripted faults still happen). */
  paused: boolean
  private readonly scripted: ScriptedFault[] = []
  private readonly holds: (Hold & { reached: () => void; released: Promise<void> })[] = []

  constructor(options: FaultOptions) {
    this.next = generator(options.seed ?? 1)
    this.rates = {
      latency: rate(options.latencyRate, 'latencyRate'),
      refused: rate(options.refuseRate, 'refuseRate'),
      dropped: rate(options.dropRate, 'dropRate'),
      conflict: rate(options.conflictRate, 'conflictRate'),
      wechatError: rate(options.wechatErrorRate, 'wechatErrorRate'),
    }
    this.latencyMs = options.latencyMs ?? 50
    this.at = new Set(options.connectionFaultsAt ?? ['admin', 'gateway'])
    this.wechatApis = options.wechatErrorApis ? new Set(options.wechatErrorApis) : null
    this.adminActions = options.adminFaultActions ?? null
    this.paused = options.paused ?? false
  }

  /** Draws once: whether this fault happens now. A kind at rate 0 draws nothing, so adding one kind leaves the others' sequence alone. */
  roll(kind: FaultKind): boolean {
    const r = this.rates[kind]
    if (r === 0 || this.paused) return false
    const hit = this.next() < r
    if (hit) this.injected[kind]++
    return hit
  }

  /**
   * Queues a fault for the next /admin call matching it, whatever the rates and even while paused: the case a test
   * names exactly (e.g. the answer to one update of the outbox lost).
   */
  script(fault: ScriptedFault): void {
    this.scripted.push(fault)
  }

  /** Takes the first queued fault of this kind matching the call, if any. */
  takeScripted(kind: ScriptedFault['kind'], action: string, collectionName: unknown): boolean {
    const i = this.scripted.findIndex((f) => f.kind === kind && f.action === action && (f.collectionName === undefined || f.collectionName === collectionName))
    if (i < 0) return false
    this.scripted.splice(i, 1)
    this.injected[kind]++
    return true
  }

  /**
   * Holds the next /admin call matching `hold` before it is carried out: `reached` resolves when it arrives, and it goes
   * on when `release` is called. Other calls are served meanwhile.
   */
  hold(hold: Hold): { reached: Promise<void>; release: () => void } {
    let reached!: () => void
    let release!: () => void
    const arrived = new Promise<void>((resolve) => { reached = resolve })
    const released = new Promise<void>((resolve) => { release = resolve })
    this.holds.push({ ...hold, reached, released })
    return { reached: arrived, release }
  }

  /** Waits while this call is held (see `hold`); at once otherwise. */
  async heldBefore(action: string, body: Record<string, unknown>): Promise<void> {
    const i = this.holds.findIndex((h) => (Array.isArray(h.action) ? h.action.includes(action) : h.action === action) && (h.collectionName === undefined || h.collectionName === body.collectionName) && (!h.matches || h.matches(body)))
    if (i < 0) return
    const [h] = this.holds.splice(i, 1)
    h.reached()
    await h.released
  }

  /** Scripted faults not yet taken. */
  get scriptedLeft(): number {
    return this.scripted.length
  }

  /** Whether a WeChat error may be injected into a call of this open API (a path like /wxa/msg_sec_check or a name like security.msgSecCheck). */
  wechatErrorsFor(apiName: string): boolean {
    return !this.wechatApis || this.wechatApis.has(apiName)
  }

  /** Whether this /admin action may be refused, dropped or delayed. */
  adminFaultsFor(action: string): boolean {
    return !this.adminActions || this.adminActions.some((prefix) => action.startsWith(prefix))
  }

  connectionFaultsAt(where: 'admin' | 'gateway'): boolean {
    return this.at.has(where)
  }

  total(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0)
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
