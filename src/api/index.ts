export { call, suggestions, org, newRequestId, type CallOptions } from './client'
export { ApiError, messageFor, toApiError, ERROR_MESSAGES, type ClientErrorCode } from './errors'
