// Invokes a function as a given caller: builds the per-invocation identity environment and hands over to the worker pool.
import { invocationEnv, type Caller } from './identity'
import type { FunctionRunner, InvokeOutcome } from './pool'

export type CallerInput = Partial<Caller> & { source: string }

export class Invoker {
  constructor(
    readonly runner: FunctionRunner,
    readonly envId: string,
    readonly appid: string,
  ) {}

  invoke(name: string, event: unknown, caller: CallerInput): Promise<InvokeOutcome> {
    const full: Caller = { openid: '', appid: this.appid, ...caller }
    return this.runner.invoke({ name, event, env: invocationEnv(full, this.envId, name), context: {} })
  }
}
