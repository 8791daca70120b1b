// The one error type pages see: a stable code, the field it concerns, and a plain Chinese message.
import type { ErrorCode } from '@/domain/api'

/** Codes from the server's envelope, plus NETWORK for a call that never got an answer. */
export type ClientErrorCode = ErrorCode | 'NETWORK'

export const ERROR_MESSAGES: Record<ClientErrorCode, string> = {
  INVALID_INPUT: '填写的内容有误，请检查后再试',
  UNAUTHENTICATED: '请先登录后再操作',
  FORBIDDEN: '您没有权限进行这个操作',
  NOT_FOUND: '没有找到这条内容，可能已被删除',
  CONFLICT: '内容刚刚被别人更新了，请刷新后再试',
  BAD_TRANSITION: '当前状态下不能进行这个操作，请刷新看看最新进展',
  RATE_LIMITED: '操作太频繁了，请稍后再试',
  CONTENT_REJECTED: '内容未通过安全检查，请修改后再提交',
  INTERNAL: '系统出了点问题，请稍后再试',
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
