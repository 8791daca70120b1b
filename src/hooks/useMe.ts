// Who is looking, and the org tree: loaded once per app session and shared by every page.
import { useEffect, useState } from 'react'
import type { Me, TownView } from '@/domain/api'
import { org, toApiError, type ApiError } from '@/api'

let mePromise: Promise<Me> | null = null
let townsPromise: Promise<TownView[]> | null = null

export function loadMe(force = false): Promise<Me> {
  if (!mePromise || force) {
    mePromise = org('me', {}).catch((e) => { mePromise = null; throw e })
  }
  return mePromise
}

export function loadTowns(force = false): Promise<TownView[]> {
  if (!townsPromise || force) {
    townsPromise = org('towns', {}).then((r) => r.towns).catch((e) => { townsPromise = null; throw e })
  }
  return townsPromise
}

function useLoaded<T>(loader: (force?: boolean) => Promise<T>): { value: T | null; error: ApiError | null; reload: () => void } {
  const [value, setValue] = useState<T | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    loader(tick > 0).then((v) => { if (live) { setValue(v); setError(null) } }, (e) => { if (live) setError(toApiError(e)) })
    return () => { live = false }
  }, [loader, tick])
  return { value, error, reload: () => setTick((t) => t + 1) }
}

export function useMe() {
  const { value, error, reload } = useLoaded(loadMe)
  return { me: value, error, reload }
}

export function useTowns() {
  const { value, error, reload } = useLoaded(loadTowns)
  return { towns: value, error, reload }
}

export function hasRole(me: Me | null, ...roles: Me['roles']): boolean {
  return !!me && (me.roles ?? []).some((r) => roles.includes(r))
}
