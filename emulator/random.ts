// Random hex ids (request ids, sequence ids) cut from a pooled buffer: one call into the CSPRNG per 512 ids instead of
// one per request. crypto.randomBytes(8) costs a synchronous round through OpenSSL every time (~2 µs, far more under
// load), and the local CloudBase made several per SDK call.
import crypto from 'node:crypto'

const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let offset = 0

export function randomHex(bytes: number): string {
  if (bytes > POOL_BYTES) return crypto.randomBytes(bytes).toString('hex')
  if (offset + bytes > pool.length) {
    pool = crypto.randomBytes(POOL_BYTES)
    offset = 0
  }
  const hex = pool.toString('hex', offset, offset + bytes)
  offset += bytes
  return hex
}
