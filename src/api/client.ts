// The one client for the cloud functions: sends { action, input, requestId }, unwraps the envelope once, throws ApiError.
import type { ActionIn, ActionOut, CallData, Envelope, OrgActions, SuggestionsActions } from '@/domain/api'
import { ApiError, messageFor } from './errors'
import { send } from './transport'

export interface CallOptions {
  /** Same id on a retry of the same intent: the server answers the first result and writes nothing new. */
  requestId?: string
  /** Open data for the call's top level: a wx.cloud.CloudID the platform decodes before the function sees it. */
  openData?: unknown
}

export async function call<T = unknown>(fn: string, action: string, input: unknown, opts: CallOptions = {}): Promise<T> {
  const data: CallData = { action, input: input ?? {} }
  if (opts.requestId) data.requestId = opts.requestId
  if (opts.openData !== undefined) data.openData = opts.openData
  const envelope = (await send(fn, data)) as Envelope<T> | undefined | null
  if (!envelope || typeof envelope !== 'object' || typeof (envelope as { ok?: unknown }).ok !== 'boolean') {
    throw new ApiError('INTERNAL', { detail: 'malformed answer from ' + fn + '.' + action })
  }
  if (envelope.ok) return envelope.data
  // The server's own text is shown when it is already plain Chinese (e.g. which field is wrong); otherwise the code's message.
  const own = typeof envelope.message === 'string' && /[\u4e00-\u9fff]/.test(envelope.message) ? envelope.message : undefined
  throw new ApiError(envelope.code, { field: envelope.field, detail: envelope.message, message: own ?? messageFor(envelope.code) })
}

export function suggestions<A extends keyof SuggestionsActions>(
  action: A, input: ActionIn<SuggestionsActions, A>, opts?: CallOptions,
): Promise<ActionOut<SuggestionsActions, A>> {
  return call('suggestions', action, input, opts)
}

export function org<A extends keyof OrgActions>(
  action: A, input: ActionIn<OrgActions, A>, opts?: CallOptions,
): Promise<ActionOut<OrgActions, A>> {
  return call('org', action, input, opts)
}

/** A fresh id for one user intent (a tap that changes something). */
export function newRequestId(): string {
  const rand = Math.random().toString(36).slice(2, 10)
  return `${Date.now().toString(36)}-${rand}-${Math.random().toString(36).slice(2, 8)}`
}
