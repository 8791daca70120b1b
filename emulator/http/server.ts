// The emulator's HTTP plumbing: a small method + path router and JSON helpers. Binds 127.0.0.1 only.
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

const LOCAL_ORIGIN = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/

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

export function listen(router: Router, port: number, onError: (err: unknown) => void): Promise<RunningServer> {
  const server = http.createServer((req, res) => {
    router.handle(req, res).catch((err: unknown) => {
      onError(err)
      if (!res.headersSent) sendJson(res, 500, { code: 'SYS_ERR', message: err instanceof Error ? err.message : String(err) })
      else res.end()
    })
  })
  server.keepAliveTimeout = 5_000
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
