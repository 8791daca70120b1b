// Making and opening an export from a screen: one request id per intent (the action and its input), kept until the file
// has opened, so a tap retried after a failure with no answer (or a download that failed) gets the file the first
// call made, not a second export; a changed filter is a new intent with a new id.
import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { call, newRequestId, toApiError, type ApiError } from '@/api'
import type { ExportResult } from '@/domain/figures/api'
import { FIGURES_TEXT } from '@/domain/figures/labels'
import { openExport } from './openExport'

export type ExportAction = 'exportItems' | 'exportTable' | 'exportMemberRecords' | 'exportYearReport'

export function useExport(): { run: (action: ExportAction, input: unknown) => Promise<ExportResult | undefined>; busy: ExportAction | null; error: ApiError | null; clearError: () => void } {
  const [busy, setBusy] = useState<ExportAction | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const pending = useRef<{ key: string; id: string } | null>(null)
  const inFlight = useRef(false)
  const run = useCallback(async (action: ExportAction, input: unknown) => {
    if (inFlight.current) return undefined
    inFlight.current = true
    setBusy(action)
    setError(null)
    const key = `${action}\u0000${JSON.stringify(input)}`
    if (pending.current?.key !== key) pending.current = { key, id: newRequestId() }
    try {
      const file = await call<ExportResult>('figures', action, input, { requestId: pending.current.id })
      await openExport(file)
      pending.current = null
      void Taro.showToast({ title: FIGURES_TEXT.exportDone, icon: 'success' })
      return file
    } catch (e) {
      const err = toApiError(e)
      // A definite refusal ends the intent; an unknown outcome keeps its id for the retry.
      if (!err.retryable) pending.current = null
      setError(err)
      return undefined
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }, [])
  return { run, busy, error, clearError: useCallback(() => setError(null), []) }
}
