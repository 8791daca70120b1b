// Calls to the `notify` function (subscriptions, robots, failed notifications, staff push).
import type { NotifyActions } from '@/domain/notify/api'
import { call, type CallOptions } from './client'

export function notify<A extends keyof NotifyActions>(action: A, input: NotifyActions[A]['in'], opts?: CallOptions): Promise<NotifyActions[A]['out']> {
  return call('notify', action, input, opts)
}
