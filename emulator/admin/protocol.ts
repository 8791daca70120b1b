// POST /admin: the CloudBase server SDK protocol. Parses JSON or multipart bodies, dispatches by action, and answers
// HTTP 200 JSON with a requestId — errors as { code, message, requestId }, which the SDK turns into a TcbError.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BadBodyError, BodyTooLargeError, multipartBoundary, parseJsonText, parseMultipart, readBody } from '../http/body'
import { randomHex } from '../random'
import { redactPaths, sendBytes, sendJson, type RouteHandler } from '../http/server'
import { sleep, type Faults } from '../faults'

export class AdminError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** An answer sent as raw bytes (wx.openApi answers a protobuf CommOpenApiResp, not JSON). */
export class RawAnswer {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

export type AdminBody = Record<string, unknown>
export type ActionHandler = (body: AdminBody, action: string) => Promise<AdminBody | RawAnswer>
export type ActionResolver = (action: string) => ActionHandler | null

export interface AdminProtocolOptions {
  resolve: ActionResolver
  maxBodyBytes: number
  onError?: (action: string, err: unknown) => void
  /** Folders whose paths never appear in an answer (the data and functions folders). */
  localFolders?: string[]
  /** Injected faults (refused and dropped connections, latency); conflicts and WeChat errors are injected by action. */
  faults?: Faults
}

/** The SDKs send JSON, or multipart for wx.openApi; a form or text/plain POST is what a cross-site page can send unasked. */
const ADMIN_CONTENT_TYPE = /^\s*(application\/json|multipart\/form-data)\s*(;|$)/i

export function newRequestId(): string {
  return randomHex(8)
}

async function parseBody(req: IncomingMessage, maxBodyBytes: number): Promise<AdminBody> {
  const raw = await readBody(req, maxBodyBytes)
  const boundary = multipartBoundary(req.headers['content-type'])
  if (boundary) {
    const body: AdminBody = {}
    for (const part of parseMultipart(raw, boundary)) {
      // Binary fields (wx.openApi's protobuf requestData) stay Buffers; the others are form text.
      body[part.name] = part.name === 'requestData' || part.filename !== undefined ? part.data : part.data.toString('utf8')
    }
    return body
  }
  if (/^multipart\//i.test(req.headers['content-type'] ?? '')) throw new BadBodyError('multipart body without a boundary')
  const text = raw.toString('utf8')
  if (text.trim() === '') throw new BadBodyError('empty request body: expected a JSON object with an action')
  const parsed = parseJsonText(text, 'body')
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadBodyError('the request body must be a JSON object')
  return parsed as AdminBody
}

export function adminRoute(options: AdminProtocolOptions): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = newRequestId()
    let action = ''
    let faults = options.faults?.connectionFaultsAt('admin') ? options.faults : undefined
    if (!ADMIN_CONTENT_TYPE.test(req.headers['content-type'] ?? '')) {
      req.resume()
      sendJson(res, 415, { code: 'INVALID_PARAM', message: '/admin takes content-type application/json (or multipart/form-data)', requestId })
      return
    }
    try {
      let body: AdminBody
      try {
        body = await parseBody(req, options.maxBodyBytes)
      } catch (err) {
        if (err instanceof BodyTooLargeError || err instanceof BadBodyError) throw new AdminError('INVALID_PARAM', err.message)
        throw err
      }
      action = typeof body.action === 'string' ? body.action : ''
      if (!action) throw new AdminError('INVALID_PARAM', 'missing action')
      if (options.faults && !options.faults.adminFaultsFor(action)) faults = undefined
      // Refused: nothing is done and nothing answered (the body is read first only to know the action).
      if (options.faults?.takeScripted('refused', action, body.collectionName) || faults?.roll('refused')) {
        req.socket.destroy()
        return
      }
      if (options.faults?.adminFaultsFor(action) && options.faults.roll('latency')) await sleep(options.faults.latencyMs)
      if (options.faults) await options.faults.heldBefore(action, body)
      const handler = options.resolve(action)
      if (!handler) throw new AdminError('INVALID_PARAM', `unknown action ${action}`)
      const answer = await handler(body, action)
      // Done, and the answer is lost on the way back.
      if (options.faults?.takeScripted('dropped', action, body.collectionName) || faults?.roll('dropped')) {
        req.socket.destroy()
        return
      }
      if (answer instanceof RawAnswer) {
        sendBytes(res, 200, answer.bytes, answer.contentType, { 'x-request-id': requestId })
        return
      }
      sendJson(res, 200, { ...answer, requestId })
    } catch (err) {
      const code = errorCode(err)
      const message = redactPaths(err instanceof Error ? err.message : String(err), options.localFolders ?? [])
      if (code === 'SYS_ERR') options.onError?.(action, err)
      sendJson(res, 200, { code, message, requestId })
    }
  }
}

function errorCode(err: unknown): string {
  if (err instanceof AdminError) return err.code
  // DatabaseError and FunctionError carry a CloudBase code.
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[A-Z][A-Z_]+$/.test(code) ? code : 'SYS_ERR'
}
