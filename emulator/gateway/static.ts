// Serves the H5 build of the mini-program at /, with a fallback to index.html for client-side routes.
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendBytes, sendHtml, sendJson } from '../http/server'
import { contentTypeOf } from './storage'

export function staticRoute(h5Dir: string) {
  const root = path.resolve(h5Dir)
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 404, { code: 'NOT_FOUND', message: `no route for ${req.method} ${url.pathname}` })
    let rel: string
    try {
      rel = decodeURIComponent(url.pathname)
    } catch {
      return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'bad path' })
    }
    const file = path.join(root, path.normalize(rel).replace(/^([/\\])+/, ''))
    if (!file.startsWith(root)) return sendJson(res, 403, { code: 'FORBIDDEN', message: 'outside the H5 folder' })
    const index = path.join(root, 'index.html')
    if (!fs.existsSync(index)) return sendHtml(res, 200, notBuiltPage(root))
    let target = file
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = path.join(target, 'index.html')
    if (!fs.existsSync(target) || !fs.statSync(target).isFile()) {
      // A missing asset is a 404; any other path is a client-side route of the single-page app.
      if (path.extname(rel) && !rel.endsWith('.html')) return sendJson(res, 404, { code: 'NOT_FOUND', message: `${rel} not found in the H5 build` })
      target = index
    }
    const cache = target.endsWith('.html') ? 'no-cache' : 'public, max-age=300'
    sendBytes(res, 200, fs.readFileSync(target), contentTypeOf(target), { 'cache-control': cache })
  }
}

function notBuiltPage(root: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>三微 · 本地云开发</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6}code{background:#f3f3f3;padding:0 .3em}</style></head>
<body><h1>H5 页面尚未构建</h1>
<p>本地云开发 (local CloudBase) 正在运行，但没有找到 H5 构建产物：<code>${escapeHtml(path.join(root, 'index.html'))}</code>。</p>
<p>请运行 <code>npm run build:h5</code>，或直接使用 <code>npm start</code>（会自动构建）。</p>
<ul><li>云函数网关：<code>POST /api/functions/&lt;name&gt;</code>（请求头 <code>x-openid</code>）</li>
<li>收件箱：<a href="/inbox">/inbox</a></li><li>运行统计：<a href="/api/emulator/stats">/api/emulator/stats</a></li></ul>
</body></html>`
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}
