// A cursor-paged list: first page, pull to refresh, more at the bottom. Pages pass `load`; the hook wires the page events.
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { Page } from '@/domain/api'
import { ApiError, toApiError } from '@/api'

export interface PagedList<T, X> {
  items: T[]
  /** Whatever else the first page carried (counts …). */
  extra: X | null
  loading: boolean
  loadingMore: boolean
  error: ApiError | null
  hasMore: boolean
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

export function usePagedList<T, X = Record<string, never>>(
  load: (cursor: string | null) => Promise<Page<T> & Partial<X>>,
  deps: unknown[],
  opts: { enabled?: boolean } = {},
): PagedList<T, X> {
  const enabled = opts.enabled ?? true
  const [items, setItems] = useState<T[]>([])
  const [extra, setExtra] = useState<X | null>(null)
  const [loading, setLoading] = useState(enabled)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const cursor = useRef<string | null>(null)
  const [hasMore, setHasMore] = useState(false)
  // A newer reload makes older answers stale (tab switched while loading).
  const generation = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async () => {
    const gen = ++generation.current
    setLoading(true)
    setError(null)
    try {
      const page = await loadRef.current(null)
      if (gen !== generation.current) return
      const { items: got, nextCursor, ...rest } = page
      setItems(got)
      setExtra(rest as unknown as X)
      cursor.current = nextCursor
      setHasMore(nextCursor !== null)
    } catch (e) {
      if (gen === generation.current) setError(toApiError(e))
    } finally {
      if (gen === generation.current) setLoading(false)
    }
  }, [])

  const loadMore = useCallback(async () => {
    if (cursor.current === null || loadingMore || loading) return
    const gen = generation.current
    setLoadingMore(true)
    try {
      const page = await loadRef.current(cursor.current)
      if (gen !== generation.current) return
      setItems((prev) => prev.concat(page.items))
      cursor.current = page.nextCursor
      setHasMore(page.nextCursor !== null)
    } catch (e) {
      if (gen === generation.current) setError(toApiError(e))
    } finally {
      setLoadingMore(false)
    }
  }, [loading, loadingMore])

  useEffect(() => {
    if (enabled) void reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, ...deps])

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void loadMore()
  })

  return { items, extra, loading, loadingMore, error, hasMore, reload, loadMore }
}
