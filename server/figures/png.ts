// A bar chart as a PNG, drawn pixel by pixel and encoded with zlib: the report's charts need no canvas or font
// library in the function (the labels and values go in a table under each image).
import zlib from 'node:zlib'
import { SERIES_COLORS, axisMax, type BarChart } from '../../src/domain/figures/charts'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** Encode RGB pixels (width × height × 3) as a PNG. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0
    Buffer.from(rgb.buffer, rgb.byteOffset + y * width * 3, width * 3).copy(raw, y * (width * 3 + 1) + 1)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ])
}

const hex = (c: string): [number, number, number] => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]

/** Grouped bars on a light grid (quarter lines of the axis), bars in the series' colours. */
export function barChartPng(chart: BarChart, width = 640, height = 260): Buffer {
  const rgb = new Uint8Array(width * height * 3).fill(255)
  const rect = (x0: number, y0: number, x1: number, y1: number, color: [number, number, number]) => {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y++)
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(width, Math.ceil(x1)); x++) rgb.set(color, (y * width + x) * 3)
  }
  const pad = 12
  const plotH = height - 2 * pad
  for (let q = 0; q <= 4; q++) rect(pad, pad + (plotH * q) / 4, width - pad, pad + (plotH * q) / 4 + 1, [225, 225, 225])
  const max = axisMax(chart)
  const n = Math.max(1, chart.bars.length)
  const slot = (width - 2 * pad) / n
  const barW = Math.max(1, (slot * 0.8) / Math.max(1, chart.series.length))
  chart.bars.forEach((bar, i) => {
    bar.values.forEach((v, j) => {
      if (v === null) return
      const h = (Math.min(v, max) / max) * plotH
      const x = pad + i * slot + slot * 0.1 + j * barW
      rect(x, pad + plotH - h, x + barW - 1, pad + plotH, hex(SERIES_COLORS[j % SERIES_COLORS.length]))
    })
  })
  return encodePng(width, height, rgb)
}
