// Runs one user intent against the server: busy while working, one request id per intent, reused when a retry follows
// a failure whose outcome is unknown (no answer), so the server never acts twice.
import { useCallback, useRef, useState } from 'react'
import { ApiError, newRequestId, toApiError } from '@/api'

export interface Command<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>
  busy: boolean
  error: ApiError | null
  clearError: () => void
}

export function useCommand<A extends unknown[], R>(
  fn: (requestId: string, ...args: A) => Promise<R>,
): Command<A, R> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const pendingId = useRef<string | null>(null)
  const inFlight = useRef(false)

  const run = useCallback(async (...args: A) => {
    if (inFlight.current) return undefined
    inFlight.current = true
    setBusy(true)
    setError(null)
    if (!pendingId.current) pendingId.current = newRequestId()
    try {
      const result = await fn(pendingId.current, ...args)
      pendingId.current = null
      return result
    } catch (e) {
      const err = toApiError(e)
      // A definite answer (bad input, forbidden …) ends the intent; a fixed form is a new one.
      if (!err.retryable) pendingId.current = null
      setError(err)
      return undefined
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }, [fn])

  return { run, busy, error, clearError: useCallback(() => setError(null), []) }
}
