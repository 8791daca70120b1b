// Calls to the `notify` function (subscriptions, robots, failed notifications, staff push).
import type { NotifyActions } from '@/domain/notify/api'
import type { GroupsActions } from '@/domain/notify/groups'
import { call, type CallOptions } from './client'

export function notify<A extends keyof NotifyActions>(action: A, input: NotifyActions[A]['in'], opts?: CallOptions): Promise<NotifyActions[A]['out']> {
  return call('notify', action, input, opts)
}

/** The `notify` function's group-card actions (src/domain/notify/groups.ts). */
export function groupCards<A extends keyof GroupsActions>(action: A, input: GroupsActions[A]['in'], opts?: CallOptions): Promise<GroupsActions[A]['out']> {
  return call('notify', action, input, opts)
}
