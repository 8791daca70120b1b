// Reading request bodies with a size limit, and a small multipart/form-data parser (the SDK's wx.openApi and H5 uploads use it).
import type { IncomingMessage } from 'node:http'

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body too large: the limit is ${formatBytes(limit)}`)
  }
}

export class BadBodyError extends Error {}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(0)} MB` : `${n} bytes`
}

/**
 * Reads the whole body. Past `limit` bytes the rest is drained and discarded (so the client can finish sending and read
 * our answer on the same connection), then BodyTooLargeError is thrown. A body beyond `hardLimit` closes the connection.
 */
export function readBody(req: IncomingMessage, limit: number, hardLimit = Math.max(limit * 20, 100 * 1024 * 1024)): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > hardLimit) {
      req.destroy()
      reject(new BodyTooLargeError(limit))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > hardLimit) {
        req.destroy()
        reject(new BodyTooLargeError(limit))
        return
      }
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        return
      }
      if (!tooLarge) chunks.push(chunk)
    })
    req.on('end', () => (tooLarge ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}

export interface MultipartPart {
  name: string
  filename?: string
  contentType?: string
  data: Buffer
}

export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  return m ? (m[1] ?? m[2]).trim() : null
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: MultipartPart[] = []
  let pos = body.indexOf(delimiter)
  if (pos < 0) throw new BadBodyError('malformed multipart body: boundary not found')
  for (;;) {
    pos += delimiter.length
    // "--" after a delimiter ends the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2
    const headerEnd = body.indexOf('\r\n\r\n', pos)
    if (headerEnd < 0) throw new BadBodyError('malformed multipart body: part headers not terminated')
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4)
    if (next < 0) throw new BadBodyError('malformed multipart body: closing boundary not found')
    const data = body.subarray(headerEnd + 4, next)
    let name = ''
    let filename: string | undefined
    let contentType: string | undefined
    for (const line of headers) {
      const [key, ...rest] = line.split(':')
      const value = rest.join(':').trim()
      if (/^content-disposition$/i.test(key)) {
        name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? ''
        filename = /\bfilename="([^"]*)"/i.exec(value)?.[1]
      } else if (/^content-type$/i.test(key)) {
        contentType = value
      }
    }
    parts.push({ name, filename, contentType, data: Buffer.from(data) })
    pos = next + 2
  }
  return parts
}

/**
 * Documents nest at most 100 levels in CloudBase (MongoDB's limit); nothing the SDKs or the app send comes near it.
 * Deeper JSON is refused before it is parsed: parsing, validating and passing it to a worker all recurse, and 10,000
 * levels overflowed the stack of the worker it was sent to.
 */
export const MAX_JSON_DEPTH = 100

/** How deep the JSON text nests, counted without parsing (stops counting past `max`); strings are skipped. */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  // Nesting can be no deeper than the number of opening brackets: most bodies (an SDK call's few fields, its documents
  // as EJSON strings) have far fewer than `max`, counted with native searches instead of a loop over every character.
  if (openingsAtMost(text, max)) return false
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

function openingsAtMost(text: string, max: number): boolean {
  let n = 0
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > max) return false
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > max) return false
  return true
}

/** Parses JSON text nested at most MAX_JSON_DEPTH levels; BadBodyError otherwise, saying which. */
export function parseJsonText(text: string, what: string): unknown {
  if (jsonDepthExceeds(text)) throw new BadBodyError(`the JSON ${what} nests deeper than ${MAX_JSON_DEPTH} levels`)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new BadBodyError(`malformed JSON ${what}: ${(err as Error).message}`)
  }
}

/** A header's percent-encoded value (x-file-name), or BadBodyError naming the header. */
export function decodeHeader(value: string, header: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new BadBodyError(`${header} is not valid percent-encoded UTF-8`)
  }
}
