// POST /api/functions/<name>: the H5 client's stand-in for wx.cloud.callFunction. The x-openid header is who the developer acts as.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BadBodyError, BodyTooLargeError, parseJsonText, readBody } from '../http/body'
import { sendJson } from '../http/server'
import type { Invoker } from '../functions/invoker'
import { FunctionError } from '../functions/pool'
import type { Faults } from '../faults'
import type { OpenData } from '../wechat/openData'

const OPENID = /^[\w-]{1,128}$/

export function callFunctionRoute(invoker: Invoker, maxBodyBytes: number, faults?: Faults, openData?: OpenData) {
  const injected = faults?.connectionFaultsAt('gateway') ? faults : undefined
  return async (req: IncomingMessage, res: ServerResponse, _url: URL, params: string[]): Promise<void> => {
    if (injected?.roll('refused')) {
      req.socket.destroy()
      return
    }
    const name = params[0] ?? ''
    const openid = String(req.headers['x-openid'] ?? '').trim()
    if (openid && !OPENID.test(openid)) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'x-openid must be 1-128 letters, digits, _ or -' })
    let data: unknown
    try {
      const raw = await readBody(req, maxBodyBytes)
      const text = raw.toString('utf8').trim()
      const body = text === '' ? {} : parseJsonText(text, 'body')
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadBodyError('the body must be a JSON object {"data": …}')
      data = (body as { data?: unknown }).data ?? {}
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { code: 'INVALID_PARAM', message: err.message })
      if (err instanceof BadBodyError) return sendJson(res, 400, { code: 'INVALID_PARAM', message: err.message })
      throw err
    }
    // As wx.cloud.callFunction does: a CloudID at the top level of data arrives in the event as its open data.
    if (openData) data = openData.replaceInEvent(data, openid)
    try {
      const outcome = await invoker.invoke(name, data, { openid, source: 'wx_client', clientIp: clientIp(req) })
      // The function ran; the app never hears so.
      if (injected?.roll('dropped')) {
        req.socket.destroy()
        return
      }
      sendJson(res, 200, { result: outcome.result, errMsg: 'cloud.callFunction:ok', requestID: outcome.requestId })
    } catch (err) {
      if (err instanceof FunctionError) {
        const status = err.code === 'FUNCTION_NOT_FOUND' ? 404 : err.code === 'INVALID_PARAM' ? 400 : err.timedOut ? 504 : 500
        return sendJson(res, status, { code: err.code, message: err.message })
      }
      throw err
    }
  }
}

function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1'
  return address.replace(/^::ffff:/, '')
}
