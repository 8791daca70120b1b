// functions.invokeFunction: runs a function for a server-side caller (another function, a script) — no OPENID is passed on.
import { parseJsonText } from '../http/body'
import type { Invoker } from '../functions/invoker'
import { AdminError, type ActionHandler } from './protocol'

export function invokeFunctionAction(invoker: Invoker): ActionHandler {
  return async (body) => {
    const name = typeof body.function_name === 'string' ? body.function_name : ''
    if (!name) throw new AdminError('INVALID_PARAM', 'function_name is required')
    const requestData = body.request_data
    let event: unknown = {}
    if (typeof requestData === 'string' && requestData !== '') {
      try {
        event = parseJsonText(requestData, 'request_data')
      } catch (err) {
        throw new AdminError('INVALID_PARAM', (err as Error).message)
      }
    } else if (requestData !== undefined && requestData !== '' && typeof requestData !== 'string') {
      throw new AdminError('INVALID_PARAM', 'request_data must be a JSON string')
    }
    const outcome = await invoker.invoke(name, event, { openid: '', source: 'scf' })
    return { data: { response_data: JSON.stringify(outcome.result ?? null) } }
  }
}
