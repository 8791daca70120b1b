// Local file storage standing in for CloudBase storage: H5 uploads, cloud:// fileIDs and their download URLs.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BadBodyError, BodyTooLargeError, multipartBoundary, parseMultipart, readBody } from '../http/body'
import { sendBytes, sendJson } from '../http/server'
import type { Inbox } from '../wechat/inbox'

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.bmp': 'image/bmp',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.mp3': 'audio/mpeg',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

export interface StoredFile {
  fileID: string
  url: string
  path: string
  size: number
}

export class LocalStorage {
  readonly dir: string

  constructor(
    dataDir: string,
    readonly envId: string,
    private readonly inbox: Inbox,
  ) {
    this.dir = path.join(path.resolve(dataDir), 'storage')
    fs.mkdirSync(this.dir, { recursive: true })
  }

  fileIdOf(relPath: string): string {
    return `cloud://${this.envId}.local/${relPath}`
  }

  /** The stored path of a cloud:// fileID of this environment, or null. */
  pathOfFileId(fileID: string): string | null {
    const m = /^cloud:\/\/([^/]+)\/(.+)$/.exec(fileID)
    if (!m) return null
    return this.safePath(m[2])
  }

  /** A relative path inside the storage folder, or null for anything that would leave it. */
  safePath(relPath: string): string | null {
    const normalized = path.posix.normalize(relPath.replace(/\\/g, '/')).replace(/^\/+/, '')
    if (!normalized || normalized.startsWith('..') || normalized.split('/').some((p) => p === '..' || p === '')) return null
    return normalized
  }

  absolute(relPath: string): string {
    return path.join(this.dir, ...relPath.split('/'))
  }

  exists(relPath: string): boolean {
    const abs = this.absolute(relPath)
    return fs.existsSync(abs) && fs.statSync(abs).isFile()
  }

  save(fileName: string, data: Buffer, openid: string, cloudPath?: string): StoredFile {
    let rel: string | null
    if (cloudPath) {
      rel = this.safePath(cloudPath)
      if (!rel) throw new BadBodyError(`invalid cloudPath ${cloudPath}`)
    } else {
      const base = path.basename(fileName || 'file').replace(/[^\w.\-\u4e00-\u9fff]/g, '_').slice(-80) || 'file'
      const owner = openid ? openid.replace(/[^\w-]/g, '_') : 'anonymous'
      rel = `uploads/${owner}/${Date.now()}-${crypto.randomBytes(4).toString('hex')}-${base}`
    }
    const abs = this.absolute(rel)
    fs.mkdirSync(path.dirname(abs), { recursive: true })
    fs.writeFileSync(abs, data)
    const stored = { fileID: this.fileIdOf(rel), url: `/api/storage/${rel.split('/').map(encodeURIComponent).join('/')}`, path: rel, size: data.length }
    this.inbox.add({ kind: 'upload', via: 'http', errcode: 0, errmsg: 'ok', openid, fileID: stored.fileID, url: stored.url, size: data.length })
    return stored
  }

  remove(relPath: string): boolean {
    if (!this.exists(relPath)) return false
    fs.unlinkSync(this.absolute(relPath))
    return true
  }
}

/** POST /api/storage/upload: raw body with x-file-name, multipart field "file", or JSON { fileName, base64 | contentBase64, cloudPath? }. */
export function uploadRoute(storage: LocalStorage, maxBytes: number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const openid = String(req.headers['x-openid'] ?? '')
    let raw: Buffer
    try {
      raw = await readBody(req, maxBytes)
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { code: 'INVALID_PARAM', message: err.message })
      throw err
    }
    try {
      const contentType = req.headers['content-type'] ?? ''
      const boundary = multipartBoundary(contentType)
      let stored: StoredFile
      if (boundary) {
        const parts = parseMultipart(raw, boundary)
        const file = parts.find((p) => p.name === 'file') ?? parts.find((p) => p.filename !== undefined)
        if (!file) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'multipart upload needs a field named "file"' })
        const cloudPath = parts.find((p) => p.name === 'cloudPath')?.data.toString('utf8')
        stored = storage.save(file.filename ?? String(req.headers['x-file-name'] ?? 'file'), file.data, openid, cloudPath)
      } else if (/application\/json/i.test(contentType)) {
        const body = JSON.parse(raw.toString('utf8')) as { fileName?: string; name?: string; base64?: string; contentBase64?: string; cloudPath?: string }
        const base64 = body.base64 ?? body.contentBase64
        if (typeof base64 !== 'string') return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'JSON upload needs base64 (the file content) and fileName' })
        stored = storage.save(body.fileName ?? body.name ?? 'file', Buffer.from(base64.replace(/^data:[^,]*,/, ''), 'base64'), openid, body.cloudPath)
      } else {
        if (raw.length === 0) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'empty upload' })
        const name = decodeURIComponent(String(req.headers['x-file-name'] ?? 'file'))
        stored = storage.save(name, raw, openid, req.headers['x-cloud-path'] ? String(req.headers['x-cloud-path']) : undefined)
      }
      sendJson(res, 200, { fileID: stored.fileID, url: stored.url, size: stored.size })
    } catch (err) {
      if (err instanceof SyntaxError || err instanceof BadBodyError) return sendJson(res, 400, { code: 'INVALID_PARAM', message: err.message })
      throw err
    }
  }
}

/** GET /api/storage/<path> */
export function serveStoredRoute(storage: LocalStorage) {
  return (_req: IncomingMessage, res: ServerResponse, _url: URL, params: string[]): void => {
    const rel = storage.safePath(params[0] ?? '')
    if (!rel || !storage.exists(rel)) return sendJson(res, 404, { code: 'STORAGE_FILE_NONEXIST', message: 'file not found' })
    const data = fs.readFileSync(storage.absolute(rel))
    sendBytes(res, 200, data, contentTypeOf(rel), { 'cache-control': 'private, max-age=3600' })
  }
}

/** PUT /api/storage/cos/<path>: node-sdk uploadFile, step 2 (the COS PUT). Answers COS's success: 200 with an empty body. */
export function cosPutRoute(storage: LocalStorage, maxBytes: number) {
  return async (req: IncomingMessage, res: ServerResponse, _url: URL, params: string[]): Promise<void> => {
    const rel = storage.safePath(decodeURIComponent(params[0] ?? ''))
    if (!rel) return sendBytes(res, 400, Buffer.from('<?xml version="1.0"?><Error><Code>InvalidURI</Code><Message>bad key</Message><RequestId>local</RequestId><TraceId>local</TraceId></Error>'), 'application/xml')
    let raw: Buffer
    try {
      raw = await readBody(req, maxBytes, maxBytes)
    } catch (err) {
      if (err instanceof BodyTooLargeError) return sendBytes(res, 400, Buffer.from('<?xml version="1.0"?><Error><Code>EntityTooLarge</Code><Message>too large</Message><RequestId>local</RequestId><TraceId>local</TraceId></Error>'), 'application/xml')
      throw err
    }
    storage.save(path.posix.basename(rel), raw, '', rel)
    sendBytes(res, 200, Buffer.alloc(0), 'application/xml')
  }
}
