// Fires the timer triggers declared in each function's config.json (7-field cron, UTC+8).
import { CronError, cronMatches, parseCron, type CronSchedule } from './cron'
import { listFunctions, readFunctionConfig, type TimerTriggerConfig } from './registry'

export interface TimerEvent {
  Type: 'Timer'
  TriggerName: string
  /** The scheduled second, UTC ISO without milliseconds, as SCF sends it. */
  Time: string
  Message: string
}

export type FireTimer = (functionName: string, event: TimerEvent) => Promise<unknown>

export class TriggerNotFoundError extends Error {}

export function timerEvent(trigger: TimerTriggerConfig, at: Date): TimerEvent {
  return { Type: 'Timer', TriggerName: trigger.name, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: trigger.custom ?? '' }
}

export class TimerTriggers {
  private timer: NodeJS.Timeout | null = null
  private lastSecond = 0
  private readonly schedules = new Map<string, CronSchedule | null>()
  private readonly reportedErrors = new Set<string>()
  firings = 0

  constructor(
    private readonly functionsDir: string,
    private readonly fire: FireTimer,
    private readonly warn: (message: string) => void,
  ) {}

  start(): void {
    this.lastSecond = Math.floor(Date.now() / 1000)
    const schedule = () => {
      this.timer = setTimeout(() => {
        this.tick()
        if (this.timer) schedule()
      }, 1000 - (Date.now() % 1000) + 5)
      this.timer.unref?.()
    }
    schedule()
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** Fires one trigger now, whatever its schedule, and resolves with the function's result. */
  async fireNow(functionName: string, triggerName: string, at?: Date): Promise<unknown> {
    const config = readFunctionConfig(this.functionsDir, functionName)
    const trigger = config.triggers.find((t) => t.name === triggerName)
    if (!trigger) throw new TriggerNotFoundError(`function ${functionName} has no timer trigger named ${triggerName}`)
    this.firings++
    return this.fire(functionName, timerEvent(trigger, at ?? new Date(Math.floor(Date.now() / 1000) * 1000)))
  }

  private tick(): void {
    const nowSecond = Math.floor(Date.now() / 1000)
    // Catch up on seconds missed by a late timer, but never replay a long pause.
    const from = Math.max(this.lastSecond + 1, nowSecond - 5)
    this.lastSecond = nowSecond
    let functions: string[]
    try {
      functions = listFunctions(this.functionsDir)
    } catch {
      return
    }
    for (const name of functions) {
      let triggers: TimerTriggerConfig[]
      try {
        triggers = readFunctionConfig(this.functionsDir, name).triggers
      } catch (err) {
        this.warnOnce(`${name}:config`, (err as Error).message)
        continue
      }
      // CloudBase allows one timer per function; keep running them all, but say so.
      if (triggers.length > 1) this.warnOnce(`${name}:many`, `function ${name} declares ${triggers.length} timer triggers; CloudBase allows one per function`)
      for (const trigger of triggers) {
        const schedule = this.schedule(name, trigger)
        if (!schedule) continue
        for (let s = from; s <= nowSecond; s++) {
          const at = new Date(s * 1000)
          if (!cronMatches(schedule, at)) continue
          this.firings++
          this.fire(name, timerEvent(trigger, at)).catch((err: Error) => this.warn(`timer ${name}/${trigger.name} failed: ${err.message}`))
        }
      }
    }
  }

  private schedule(name: string, trigger: TimerTriggerConfig): CronSchedule | null {
    const key = `${name}\u0000${trigger.config}`
    if (!this.schedules.has(key)) {
      try {
        this.schedules.set(key, parseCron(trigger.config))
      } catch (err) {
        this.schedules.set(key, null)
        if (err instanceof CronError) this.warnOnce(key, `timer ${name}/${trigger.name}: ${err.message}`)
        else throw err
      }
    }
    return this.schedules.get(key) ?? null
  }

  private warnOnce(key: string, message: string): void {
    if (this.reportedErrors.has(key)) return
    this.reportedErrors.add(key)
    this.warn(message)
  }
}
