// The emulator's HTTP plumbing: a small method + path router and JSON helpers. Binds 127.0.0.1 only.
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const LOCAL_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i
const LOCAL_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i

/**
 * Whether a request may be answered at all. The server listens on 127.0.0.1, but a page the developer visits can still
 * reach it: through DNS rebinding (its own name resolving to 127.0.0.1, so the Host header names it) or by a cross-site
 * form or fetch (its Origin names it). Either would let any web page read the inbox or write to the database.
 */
export function refusal(req: IncomingMessage): string | null {
  const host = req.headers.host
  if (!host || !LOCAL_HOST.test(host)) return 'the local CloudBase answers only requests addressed to 127.0.0.1 or localhost (Host header)'
  const origin = req.headers.origin
  if (origin !== undefined && !LOCAL_ORIGIN.test(origin)) return 'the local CloudBase answers only pages served from 127.0.0.1 or localhost (Origin header)'
  return null
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL, params: string[]) => Promise<void> | void

interface Route {
  method: string
  pattern: RegExp
  handler: RouteHandler
}

export class Router {
  private readonly routes: Route[] = []
  private fallback: RouteHandler = (_req, res) => sendJson(res, 404, { code: 'NOT_FOUND', message: 'no such route' })

  on(method: string, pattern: RegExp, handler: RouteHandler): this {
    this.routes.push({ method, pattern, handler })
    return this
  }

  otherwise(handler: RouteHandler): this {
    this.fallback = handler
    return this
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusal(req)
    if (refused) {
      sendJson(res, 403, { code: 'FORBIDDEN_ORIGIN', message: refused })
      return
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // The H5 app is served from this origin; a Taro dev server on another local port may call in too (never a remote origin).
    const origin = req.headers.origin
    if (origin && LOCAL_ORIGIN.test(origin)) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('vary', 'origin')
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
          'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? 'content-type, x-openid'),
          'access-control-max-age': '600',
        })
        res.end()
        return
      }
    }
    let pathMatched = false
    for (const route of this.routes) {
      const m = route.pattern.exec(url.pathname)
      if (!m) continue
      pathMatched = true
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue
      const params = m.slice(1).map((p) => (p === undefined ? '' : safeDecode(p)))
      await route.handler(req, res, url, params)
      return
    }
    if (pathMatched) {
      sendJson(res, 405, { code: 'METHOD_NOT_ALLOWED', message: `${req.method} is not allowed on ${url.pathname}` })
      return
    }
    await this.fallback(req, res, url, [])
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers })
  res.end(text)
}

export function sendBytes(res: ServerResponse, status: number, bytes: Buffer, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': bytes.length, ...headers })
  res.end(bytes)
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  const bytes = Buffer.from(html, 'utf8')
  sendBytes(res, status, bytes, 'text/html; charset=utf-8', { 'cache-control': 'no-store' })
}

export interface RunningServer {
  server: http.Server
  port: number
  close(): Promise<void>
}

/**
 * An error's message with the machine's folders taken out: answers go to whoever asked, and an absolute path tells a
 * stranger the developer's user name and layout. The full error goes to the log.
 */
export function redactPaths(message: string, folders: string[]): string {
  let out = message
  for (const folder of [...folders].filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(folder).join('<local folder>')
  // Anything else that still looks like an absolute path on this machine.
  return out.replace(/(?:\/(?:home|Users|tmp|root|var|private|work|mnt|opt|srv)\/[^\s'"`,;)]*)|(?:\b[A-Za-z]:\\[^\s'"`,;)]*)/g, '<local path>')
}

export function listen(router: Router, port: number, onError: (err: unknown) => void, folders: string[] = []): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    router.handle(req, res).catch((err: unknown) => {
      onError(err)
      if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: redactPaths(err instanceof Error ? err.message : String(err), folders) })
      else res.end()
    })
  })
  // An idle kept-alive connection is closed by the client, never by the server: a server closing one at the moment the
  // client reuses it answers that request with ECONNRESET (the SDK's agents free a socket after 4.8 s, Node's global
  // agent after 5 s less the server's hint; a loaded machine's timers fire late). The clients' timeouts are shorter.
  server.keepAliveTimeout = 65_000
  // Answers can take as long as a function's timeout (up to 900 s in CloudBase).
  server.requestTimeout = 0
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      const address = server.address() as AddressInfo
      resolve({
        server,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}
