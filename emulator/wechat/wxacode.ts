// wxacode.getUnlimited stand-in: keeps WeChat's rules for the scene (at most 32 visible characters of the allowed set) and
// the width (280–1280), and answers a real PNG whose pixels carry the scene — one black or white module per bit of
// [length, ...scene bytes], 16 modules a row, framed — with the scene and page also in tEXt chunks, so a test or a
// local page can read back what a scan would open. Not a QR code: nothing outside this machine scans it.
import zlib from 'node:zlib'
import type { Inbox } from './inbox'
import type { WeChatAnswer } from './subscribe'

export interface BinaryAnswer { contentType: string; body: Buffer }

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/
const MODULE = 8
const PER_ROW = 16

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0)
  return Buffer.concat([head, data, crc])
}

/** A grayscale PNG of the scene's bits (black = 1) inside a one-module black frame. */
export function scenePng(scene: string, page: string): Buffer {
  const bytes = Buffer.concat([Buffer.from([Buffer.byteLength(scene)]), Buffer.from(scene, 'latin1')])
  const bits: number[] = []
  for (const b of bytes) for (let i = 7; i >= 0; i--) bits.push((b >> i) & 1)
  const rows = Math.ceil(bits.length / PER_ROW)
  const cols = PER_ROW + 2
  const width = cols * MODULE
  const height = (rows + 2) * MODULE
  const raw = Buffer.alloc((width + 1) * height, 255)
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0 // filter: none
    const my = Math.floor(y / MODULE)
    for (let x = 0; x < width; x++) {
      const mx = Math.floor(x / MODULE)
      const frame = my === 0 || my === rows + 1 || mx === 0 || mx === cols - 1
      const bit = frame ? 1 : bits[(my - 1) * PER_ROW + (mx - 1)] ?? 0
      raw[y * (width + 1) + 1 + x] = bit ? 0 : 255
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`scene\0${scene}`, 'latin1')),
    chunk('tEXt', Buffer.from(`page\0${page}`, 'latin1')),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Reads the scene back from the pixels (what a scanner would do), for tests and the local inbox. */
export function readScenePng(png: Buffer): { scene: string; page: string } {
  let at = 8
  let width = 0
  const idat: Buffer[] = []
  const text: Record<string, string> = {}
  while (at < png.length) {
    const len = png.readUInt32BE(at)
    const type = png.toString('latin1', at + 4, at + 8)
    const data = png.subarray(at + 8, at + 8 + len)
    if (type === 'IHDR') width = data.readUInt32BE(0)
    if (type === 'IDAT') idat.push(data)
    if (type === 'tEXt') {
      const zero = data.indexOf(0)
      text[data.toString('latin1', 0, zero)] = data.toString('latin1', zero + 1)
    }
    at += 12 + len
  }
  const raw = zlib.inflateSync(Buffer.concat(idat))
  const bitAt = (mx: number, my: number) => (raw[(my * MODULE + MODULE / 2) * (width + 1) + 1 + mx * MODULE + MODULE / 2] === 0 ? 1 : 0)
  const bits: number[] = []
  const rows = raw.length / (width + 1) / MODULE - 2
  for (let my = 1; my <= rows; my++) for (let mx = 1; mx <= PER_ROW; mx++) bits.push(bitAt(mx, my))
  const byte = (i: number) => bits.slice(i * 8, i * 8 + 8).reduce((v, b) => (v << 1) | b, 0)
  const n = byte(0)
  const scene = Buffer.from(Array.from({ length: n }, (_, i) => byte(i + 1))).toString('latin1')
  return { scene, page: text.page ?? '' }
}

export class WxaCodes {
  constructor(private readonly inbox: Inbox) {}

  getUnlimited(body: Record<string, unknown>, via: string): WeChatAnswer | BinaryAnswer {
    const scene = typeof body.scene === 'string' ? body.scene : ''
    const page = typeof body.page === 'string' ? body.page : ''
    const width = body.width === undefined ? 430 : Number(body.width)
    let answer: WeChatAnswer | null = null
    if (!SCENE.test(scene)) answer = { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' }
    else if (!Number.isInteger(width) || width < 280 || width > 1280) answer = { errcode: 40097, errmsg: 'invalid args: width' }
    else if (page && (page.startsWith('/') || page.includes('?'))) answer = { errcode: 41030, errmsg: 'invalid page rid' }
    this.inbox.add({ kind: 'openapi', via, apiName: 'wxacode.getUnlimited', errcode: answer?.errcode ?? 0, errmsg: answer?.errmsg ?? 'ok', body: { scene, page, width } })
    if (answer) return answer
    return { contentType: 'image/png', body: scenePng(scene, page) }
  }
}
