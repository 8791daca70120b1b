// H5 transport: the local CloudBase gateway, acting as the developer identity chosen in the switcher.
import type { CallData } from '@/domain/api'
import { ApiError } from './errors'
import { devOpenid } from './identity'

export async function send(name: string, data: CallData): Promise<unknown> {
  let res: Response
  try {
    res = await fetch('/api/functions/' + encodeURIComponent(name), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-openid': devOpenid() },
      body: JSON.stringify({ data }),
    })
  } catch (e) {
    throw new ApiError('NETWORK', { detail: e instanceof Error ? e.message : String(e) })
  }
  let body: { result?: unknown; code?: string; message?: string }
  try {
    body = await res.json()
  } catch {
    throw new ApiError(res.ok ? 'INTERNAL' : 'NETWORK', { detail: 'HTTP ' + res.status })
  }
  if (!res.ok) throw new ApiError('INTERNAL', { detail: `${body.code ?? res.status}: ${body.message ?? ''}` })
  return body.result
}
