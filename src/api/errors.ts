// The one error type pages see: a stable code, the field it concerns, and a plain Chinese message.
import type { ErrorCode } from '@/domain/api'
import { ERROR_MESSAGES as DOMAIN_MESSAGES } from '@/domain/labels'

/** Codes from the server's envelope, plus NETWORK for a call that never got an answer. */
export type ClientErrorCode = ErrorCode | 'NETWORK'

export const ERROR_MESSAGES: Record<ClientErrorCode, string> = {
  ...DOMAIN_MESSAGES,
  NETWORK: '网络连接失败，请检查网络后重试',
}

export class ApiError extends Error {
  readonly code: ClientErrorCode
  readonly field?: string
  /** The server's own text, kept for logs; `message` is what a person reads. */
  readonly detail?: string
  constructor(code: ClientErrorCode, opts: { field?: string; detail?: string; message?: string } = {}) {
    super(opts.message ?? messageFor(code))
    this.name = 'ApiError'
    this.code = code
    this.field = opts.field
    this.detail = opts.detail
  }
  /** The outcome is unknown (no answer, or the server broke): a retry must reuse the same request id. */
  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'INTERNAL'
  }
}

export function messageFor(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL
}

/** Any thrown thing as something a person can read. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  return new ApiError('INTERNAL', { detail: e instanceof Error ? e.message : String(e) })
}
