// The figures function's own pieces that need no database, written out by hand: how a period is cut into whole months
// and days, which months the timer recounts, what a commit's rollup change undoes, a bar chart's pixels, a table's
// Excel cells, and how an export is uploaded, recorded and answered once per request (the storage SDK stood in for).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { actorOf, directory, item, people, T0 } from './fixtures'
import { monthBounds, recentMonths, rollupChangesOf, splitPeriod } from '../../server/figures/rollups'
import { barChartPng, encodePng } from '../../server/figures/png'
import { exportIdFor, once, publish } from '../../server/figures/files'
import { reportDocx } from '../../server/figures/report'
import { TABLE_COLUMNS, itemRow, tableCells } from '../../server/figures/exports'
import JSZip from 'jszip'

// The storage and database calls of files.ts, stood in for: each test says what they answer.
const sdk = {
  uploadFile: jest.fn(),
  getTempFileURL: jest.fn(),
  insert: jest.fn(),
  getById: jest.fn(),
}
jest.mock('../../server/db', () => ({
  cloud: () => ({ uploadFile: (a: unknown) => sdk.uploadFile(a), getTempFileURL: (a: unknown) => sdk.getTempFileURL(a) }),
  db: () => ({ command: {} }),
  insert: (_s: unknown, c: string, d: unknown) => sdk.insert(c, d),
  getById: (_s: unknown, c: string, id: string) => sdk.getById(c, id),
}))
beforeEach(() => { for (const f of Object.values(sdk)) f.mockReset() })

describe('a period cut for the rollups', () => {
  test('whole UTC+8 months are read from the month documents, the days at either end from the day documents', () => {
    // 2026-01-15 to 2026-03-10 (UTC+8 days, the last one included).
    expect(splitPeriod('2026-01-14T16:00:00.000Z', '2026-03-10T16:00:00.000Z')).toEqual({
      months: ['2026-02'],
      days: [
        { from: '2026-01-14T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z' },
        { from: '2026-02-28T16:00:00.000Z', to: '2026-03-10T16:00:00.000Z' },
      ],
    })
    // A year is its twelve months and no days; a few days inside one month are one run of days.
    expect(splitPeriod('2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z')).toEqual({
      months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'],
      days: [],
    })
    expect(splitPeriod('2026-03-04T16:00:00.000Z', '2026-03-07T16:00:00.000Z')).toEqual({
      months: [], days: [{ from: '2026-03-04T16:00:00.000Z', to: '2026-03-07T16:00:00.000Z' }],
    })
    // A range ending on a month's last day takes that month whole.
    expect(splitPeriod('2026-01-19T16:00:00.000Z', '2026-03-31T16:00:00.000Z')).toEqual({
      months: ['2026-02', '2026-03'], days: [{ from: '2026-01-19T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z' }],
    })
    expect(splitPeriod('2026-03-04T16:00:00.000Z', '2026-03-04T16:00:00.000Z')).toEqual({ months: [], days: [] })
  })

  test('a month\'s UTC bounds start at 00:00 UTC+8 on its first day; December ends where the next year starts', () => {
    expect(monthBounds('2026-03')).toEqual({ from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' })
    expect(monthBounds('2026-12')).toEqual({ from: '2026-11-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' })
  })

  test('the timer recounts the UTC+8 month of its run and the one before, across a year\'s end', () => {
    expect(recentMonths('2026-01-05T00:00:00.000Z')).toEqual(['2025-12', '2026-01'])
    // 16:30 UTC on 31 January is 1 February in China.
    expect(recentMonths('2026-01-31T16:30:00.000Z')).toEqual(['2026-01', '2026-02'])
    expect(recentMonths('2026-01-31T15:30:00.000Z')).toEqual(['2025-12', '2026-01'])
  })
})

describe('a commit\'s change to the rollups', () => {
  const submitted = item()
  const accepted = item({ status: 'accepted', acceptedAt: '2026-03-01T04:00:00.000Z' })
  const ids = ['town_2026-03_t1', 'village_2026-03_v1', 'category_2026-03_traffic', 'channel_2026-03_online', 'member_2026-03_~', 'sectorGroup_2026-03_~', 'department_2026-03_~', 'townDay_2026-03-01_t1']

  test('a new item adds one to its flag string in each of its documents', () => {
    const [change, ...rest] = rollupChangesOf([[null, submitted]])
    expect(rest).toEqual([])
    expect(change.docs.map((d) => d._id)).toEqual(ids)
    expect(change.inc).toEqual({ 'all.n.R': 1, 'cat.traffic.n.R': 1, 'town.t1.n.R': 1, 'townCat.t1~traffic.n.R': 1 })
  })

  test('a move undoes the item\'s old flag string and adds its new one with its time; an item gone undoes it all', () => {
    const [change, ...rest] = rollupChangesOf([[submitted, accepted]])
    expect(rest).toEqual([])
    expect(change.docs.map((d) => d._id)).toEqual(ids)
    expect(change.inc).toEqual({
      'all.h.toAccept_3': 1, 'all.n.R': -1, 'all.n.RA': 1,
      'cat.traffic.h.toAccept_3': 1, 'cat.traffic.n.R': -1, 'cat.traffic.n.RA': 1,
      'town.t1.h.toAccept_3': 1, 'town.t1.n.R': -1, 'town.t1.n.RA': 1,
      'townCat.t1~traffic.h.toAccept_3': 1, 'townCat.t1~traffic.n.R': -1, 'townCat.t1~traffic.n.RA': 1,
    })
    expect(rollupChangesOf([[accepted, undefined]])[0].inc).toEqual({
      'all.h.toAccept_3': -1, 'all.n.RA': -1, 'cat.traffic.h.toAccept_3': -1, 'cat.traffic.n.RA': -1,
      'town.t1.h.toAccept_3': -1, 'town.t1.n.RA': -1, 'townCat.t1~traffic.h.toAccept_3': -1, 'townCat.t1~traffic.n.RA': -1,
    })
    // Nothing the figures count moved (a comment): no change.
    expect(rollupChangesOf([[submitted, { ...submitted, commentCount: 1 }]])).toEqual([])
    expect(T0).toBe('2026-03-01T01:00:00.000Z')
  })
})

/** The chunks of a PNG, its pixels as rows of [r, g, b]. */
function readPng(png: Buffer): { chunks: { type: string; data: Buffer; crc: number }[]; width: number; height: number; pixel: (x: number, y: number) => number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const chunks: { type: string; data: Buffer; crc: number }[] = []
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at)
    chunks.push({ type: png.subarray(at + 4, at + 8).toString('ascii'), data: png.subarray(at + 8, at + 8 + len), crc: png.readUInt32BE(at + 8 + len) })
    at += 12 + len
  }
  const ihdr = chunks[0].data
  const width = ihdr.readUInt32BE(0)
  const height = ihdr.readUInt32BE(4)
  const raw = zlib.inflateSync(chunks.find((c) => c.type === 'IDAT')!.data)
  expect(raw.length).toBe((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) expect(raw[y * (width * 3 + 1)]).toBe(0)
  const pixel = (x: number, y: number) => [...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 1 + x * 3 + 3)]
  return { chunks, width, height, pixel }
}

/** CRC-32 as PNG defines it, bit by bit (not the table the encoder uses). */
function crcOf(bytes: Buffer): number {
  let c = 0xffffffff
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return (c ^ 0xffffffff) >>> 0
}

describe('the year report\'s charts as PNG images', () => {
  test('a PNG of RGB pixels: header, checksums and the pixels row by row', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    const png = readPng(encodePng(3, 2, rgb))
    expect(png.chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
    expect([...png.chunks[0].data]).toEqual([0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0])
    // The empty IEND chunk's checksum is the same in every PNG.
    expect(png.chunks[2].crc).toBe(0xae426082)
    for (const c of png.chunks) expect(c.crc).toBe(crcOf(Buffer.concat([Buffer.from(c.type, 'ascii'), c.data])))
    expect([png.pixel(0, 0), png.pixel(1, 0), png.pixel(2, 0), png.pixel(0, 1), png.pixel(2, 1)]).toEqual([[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30], [70, 80, 90]])
  })

  test('bars in the series\' colours, as tall as their share of the largest value, on grey quarter lines', () => {
    // 100 × 64: a margin of 12, a plot 40 high (lines at y 12, 22, 32, 42, 52), two slots 38 wide, bars 15.2 wide.
    const chart = { title: '', series: ['收到', '答复'], unit: '' as const, bars: [{ label: '一月', values: [4, 2] }, { label: '二月', values: [null, 1] }] }
    const png = readPng(barChartPng(chart, 100, 64))
    expect([png.width, png.height]).toEqual([100, 64])
    const [white, grey, red, blue] = [[255, 255, 255], [225, 225, 225], [0xc0, 0x39, 0x2b], [0x1f, 0x6f, 0xa5]]
    const at = (points: [number, number][]) => points.map(([x, y]) => png.pixel(x, y))
    // The first month's first bar, 4 of 4: the whole plot's height, x 15–29.
    expect(at([[15, 12], [29, 51], [20, 11], [14, 30], [30, 40]])).toEqual([red, red, white, white, white])
    // Its second bar, 2 of 4: half the height, x 31–45; above it the grid shows.
    expect(at([[31, 32], [45, 51], [38, 31], [38, 22], [46, 40]])).toEqual([blue, blue, white, grey, white])
    // The second month has no first value and a second of 1: a quarter, x 69–83.
    expect(at([[55, 45], [69, 42], [83, 51], [75, 41], [84, 45]])).toEqual([white, blue, blue, white, white])
    // Grid lines run from x 12 to 87, one pixel high, to the bottom line at 52.
    expect(at([[12, 22], [87, 22], [11, 22], [88, 22], [60, 23], [60, 52], [60, 53], [60, 63], [0, 0]])).toEqual([grey, grey, white, white, white, grey, white, white, white])
    // Percentages are drawn against 100: 50 % is half the plot.
    const pct = readPng(barChartPng({ title: '', series: ['采纳率'], unit: '%', bars: [{ label: '甲', values: [50] }] }, 100, 64))
    // One slot of 76, one bar of 60.8 from x 19.6: pixels 19–79, y 32–51.
    expect([pct.pixel(19, 32), pct.pixel(79, 51), pct.pixel(40, 31), pct.pixel(80, 40), pct.pixel(18, 40)]).toEqual([red, red, white, white, white])
  })
})

describe('an export\'s file', () => {
  const ctx = (requestId?: string) => ({ caller: { personId: 'p1' }, now: '2026-03-01T02:00:00.000Z', requestId }) as never
  const tmp = () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-files-')), 'made.xlsx')
    fs.writeFileSync(f, 'x')
    return f
  }
  const gone = async (f: string) => {
    for (let i = 0; i < 50 && fs.existsSync(f); i++) await new Promise((r) => setTimeout(r, 10))
    return !fs.existsSync(f)
  }

  test('each person\'s request has its own export id', () => {
    expect(exportIdFor('p1', 'r1')).toBe('reqee610e6abc6e739e393a6661')
    expect(exportIdFor('p2', 'r1')).toBe('req950e184710b912312be09a1d')
  })

  test('uploaded under the person\'s folder, recorded with who, what and how many rows, answered with a link; the temporary file removed', async () => {
    sdk.uploadFile.mockResolvedValue({ fileID: 'cloud://env/exports/p1/e1.xlsx' })
    sdk.getTempFileURL.mockResolvedValue({ fileList: [{ tempFileURL: 'https://files.example/e1' }] })
    const file = tmp()
    const out = await publish(ctx('r1'), file, '建议清单-2026年3月.xlsx', 'items', { period: { kind: 'month' } }, 3, 'e1')
    expect(out).toEqual({ exportId: 'e1', fileID: 'cloud://env/exports/p1/e1.xlsx', url: 'https://files.example/e1', fileName: '建议清单-2026年3月.xlsx', rows: 3 })
    expect(sdk.uploadFile).toHaveBeenCalledWith(expect.objectContaining({ cloudPath: 'exports/p1/e1.xlsx' }))
    expect(sdk.getTempFileURL).toHaveBeenCalledWith({ fileList: [{ fileID: 'cloud://env/exports/p1/e1.xlsx', maxAge: 3600 }] })
    expect(sdk.insert).toHaveBeenCalledWith('exports', {
      _id: 'e1', byId: 'p1', kind: 'items', input: { period: { kind: 'month' } }, rows: 3, fileID: 'cloud://env/exports/p1/e1.xlsx',
      fileName: '建议清单-2026年3月.xlsx', at: '2026-03-01T02:00:00.000Z', requestId: 'r1',
    })
    expect(await gone(file)).toBe(true)
    // Without a request id the record has none.
    await publish(ctx(), tmp(), 'a.xlsx', 'table', {}, 0, 'e2')
    expect(sdk.insert.mock.calls[1][1]).not.toHaveProperty('requestId')
  })

  test('an upload the storage refused (an answer with no file id) fails the export: nothing recorded, the temporary file removed', async () => {
    sdk.uploadFile.mockResolvedValue({ code: 'STORAGE_REQUEST_FAIL', message: '[AccessDenied]: denied' })
    const file = tmp()
    await expect(publish(ctx('r1'), file, 'a.xlsx', 'items', {}, 3, 'e1')).rejects.toThrow('upload failed: STORAGE_REQUEST_FAIL [AccessDenied]: denied')
    expect(sdk.insert).not.toHaveBeenCalled()
    expect(sdk.getTempFileURL).not.toHaveBeenCalled()
    expect(await gone(file)).toBe(true)
  })

  test('a request answered before gets a fresh link to its file; the same request id asking for something else is a CONFLICT naming requestId', async () => {
    const id = exportIdFor('p1', 'r1')
    const record = { _id: id, byId: 'p1', kind: 'items', input: { a: 1 }, rows: 7, fileID: 'cloud://env/f.xlsx', fileName: 'f.xlsx', at: T0 }
    sdk.getById.mockResolvedValue(record)
    sdk.getTempFileURL.mockResolvedValue({ fileList: [{ tempFileURL: 'https://files.example/again' }] })
    const make = jest.fn()
    expect(await once(ctx('r1'), 'items', { a: 1 }, make)).toEqual({ exportId: id, fileID: 'cloud://env/f.xlsx', url: 'https://files.example/again', fileName: 'f.xlsx', rows: 7 })
    expect(sdk.getById).toHaveBeenCalledWith('exports', id)
    expect(await once(ctx('r1'), 'items', { a: 2 }, make)).toMatchObject({ code: 'CONFLICT', field: 'requestId' })
    expect(await once(ctx('r1'), 'table', { a: 1 }, make)).toMatchObject({ code: 'CONFLICT', field: 'requestId' })
    expect(make).not.toHaveBeenCalled()
    // A link the storage cannot make is an empty url, not a failure.
    sdk.getTempFileURL.mockResolvedValue({ fileList: [] })
    expect(await once(ctx('r1'), 'items', { a: 1 }, make)).toMatchObject({ url: '' })
  })

  test('a new request makes its file under the request\'s export id; racing itself, it answers the file the other call recorded; other failures fail', async () => {
    const id = exportIdFor('p1', 'r1')
    sdk.getById.mockResolvedValue(null)
    const made = { exportId: id, fileID: 'f', url: 'u', fileName: 'n', rows: 1 }
    const make = jest.fn().mockResolvedValue(made)
    expect(await once(ctx('r1'), 'items', {}, make)).toBe(made)
    expect(make).toHaveBeenCalledWith(id)
    // Without a request id: a fresh id each time.
    await once(ctx(), 'items', {}, make)
    expect(make.mock.calls[1][0]).not.toBe(id)
    expect(make.mock.calls[1][0]).toEqual(expect.stringMatching(/^[0-9a-z]{9,}/))
    // The other call recorded first (the insert failed as a duplicate): its file is the answer.
    const theirs = { _id: id, byId: 'p1', kind: 'items', input: {}, rows: 2, fileID: 'cloud://env/theirs.xlsx', fileName: 't.xlsx', at: T0 }
    sdk.getById.mockResolvedValueOnce(null).mockResolvedValueOnce(theirs)
    sdk.getTempFileURL.mockResolvedValue({ fileList: [{ tempFileURL: 'https://files.example/theirs' }] })
    expect(await once(ctx('r1'), 'items', {}, () => Promise.reject(new Error('duplicate key')))).toEqual({
      exportId: id, fileID: 'cloud://env/theirs.xlsx', url: 'https://files.example/theirs', fileName: 't.xlsx', rows: 2,
    })
    // Nothing recorded, or a record of another request: the failure stands.
    sdk.getById.mockResolvedValue(null)
    await expect(once(ctx('r1'), 'items', {}, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full')
    sdk.getById.mockResolvedValueOnce(null).mockResolvedValueOnce({ ...theirs, input: { other: true } })
    await expect(once(ctx('r1'), 'items', {}, () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full')
  })
})

/**
 * The body of a Word file as lines: a paragraph as its style (or "-") and text, "**" around bold runs, [image] for a
 * picture; a table as one line per row, cells joined by " | ", the header row marked "H".
 */
async function outline(docx: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string')
  const body = xml.slice(xml.indexOf('<w:body>'), xml.indexOf('</w:body>'))
  const runs = (p: string) => [...p.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map(([, r]) => {
    if (r.includes('<w:drawing>')) return '[image]'
    const text = [...r.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    return text && /<w:b\/>/.test(r) ? `**${text}**` : text
  }).join('')
  const out: string[] = []
  for (const [block] of body.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>|<w:p>[\s\S]*?<\/w:p>/g)) {
    if (block.startsWith('<w:tbl>')) {
      for (const [row] of block.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)) {
        const cells = [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map(([, tc]) => runs(tc))
        out.push(`${row.includes('<w:tblHeader/>') ? 'H' : 'T'} ${cells.join(' | ')}`)
      }
    } else {
      const style = block.match(/<w:pStyle w:val="([^"]+)"\/>/)?.[1] ?? '-'
      const align = block.match(/<w:jc w:val="([^"]+)"\/>/)?.[1]
      out.push(`${style}${align ? `@${align}` : ''} ${runs(block)}`)
    }
  }
  return out
}

test('the year report in Word: title, headline, the activities\' paragraph, the tables, the adopted cases and each chart with its values', async () => {
  const rates = (adoption: number | null, onTime: number | null, satisfaction: number | null) => ({
    adoptionRate: { num: 0, den: 0, value: adoption }, onTimeRate: { num: 0, den: 0, value: onTime }, satisfactionRate: { num: 0, den: 0, value: satisfaction },
  })
  const row = (name: string, n: number, r: ReturnType<typeof rates>) => ({ key: name, name, counts: { received: n, accepted: n - 1, handedOff: n - 2, replied: n - 3, adopted: n - 4 }, rates: r }) as never
  const report = {
    year: 2026, scope: '乍浦镇', headline: '2026年，乍浦镇共提出意见建议 9 条。',
    total: row('合计', 9, rates(0.5, 1, null)), byTown: [row('乍浦镇', 9, rates(0.5, 1, null))], bySectorGroup: [row('经济界活动组', 6, rates(null, null, 0.25))],
    mostSeconded: [{ id: 'i1', title: '渔港停车难', townName: '乍浦镇', secondCount: 12, status: 'closed' }],
    adopted: [{ id: 'i1', title: '渔港停车难', townName: '乍浦镇', outcome: 'partlyAdopted', reply: '新增车位30个' }],
    activities: { held: 1, participantTimes: 4, paragraph: '共开展‘请你来协商’活动1场。' },
    charts: [
      { title: '采纳率', series: ['采纳率', '满意率'], unit: '%', bars: [{ label: '乍浦镇', values: [50, null] }] },
      { title: '用时', series: ['中位数'], unit: 'h', bars: [{ label: '交通出行', values: [36] }] },
      { title: '收到', series: ['收到'], unit: '', bars: [{ label: '3月', values: [9] }] },
    ],
  } as never
  const head = 'H **名称** | **收到** | **受理** | **交办** | **答复** | **采纳** | **采纳率** | **按期办结率** | **满意率**'
  expect(await outline(await reportDocx(report))).toEqual([
    'Title@center 乍浦镇2026年度“三微”工作报告',
    '- 2026年，乍浦镇共提出意见建议 9 条。',
    '- 共开展‘请你来协商’活动1场。',
    'Heading2 各镇街道情况',
    head,
    'T 乍浦镇 | 9 | 8 | 7 | 6 | 5 | 50.0% | 100.0% | —',
    'T 合计 | 9 | 8 | 7 | 6 | 5 | 50.0% | 100.0% | —',
    'Heading2 各界别活动组情况',
    head,
    'T 经济界活动组 | 6 | 5 | 4 | 3 | 2 | — | — | 25.0%',
    'Heading2 附议最多的建议',
    'H **建议** | **镇街道** | **附议** | **状态**',
    'T 渔港停车难 | 乍浦镇 | 12 | 已办结',
    'Heading2 采纳的建议及答复',
    '- **渔港停车难（乍浦镇，部分采纳）**',
    '- 答复：新增车位30个',
    'Heading2 图表',
    'Heading3 采纳率', '- [image]', 'H  | **采纳率** | **满意率**', 'T 乍浦镇 | 50% | —',
    'Heading3 用时', '- [image]', 'H  | **中位数**', 'T 交通出行 | 36 小时',
    'Heading3 收到', '- [image]', 'H  | **收到**', 'T 3月 | 9',
  ])
  // Without the activities capability's counts, no paragraph for them.
  const lines = await outline(await reportDocx({ ...(report as object), activities: null } as never))
  expect(lines.slice(0, 4)).toEqual(['Title@center 乍浦镇2026年度“三微”工作报告', '- 2026年，乍浦镇共提出意见建议 9 条。', 'Heading2 各镇街道情况', head])
})

describe('the Excel files\' rows', () => {
  const names = { get: (id: string | undefined) => (id ? people[id] : undefined) } as never
  const handled = item({
    status: 'closed', secondCount: 4, reopenCount: 1, handlerId: 'm1', claimedAt: '2026-03-02T02:00:00.000Z',
    handOff: { target: { kind: 'member', memberId: 'm1' }, at: '2026-03-01T20:30:00.000Z', deadline: '2026-03-08T16:00:00.000Z', by: 'sAll', rung: 0 } as never,
    reply: { at: '2026-03-05T03:00:00.000Z', outcome: 'partlyAdopted', text: '已增设2个孝心车位', by: 'm1' } as never,
    rating: { value: 'satisfied', at: '2026-03-06T00:00:00.000Z' } as never,
  })

  test('an item: its texts, labels, places, who proposed it and their phone for staff of its town, when each step happened, the answer and the rating', () => {
    expect(itemRow(handled, actorOf('sAll'), names, directory)).toEqual([
      'i1', '孝心停车位', '医院门口设置孝心停车位', '交通出行', '当湖街道', '东湖社区', '线上提交', '已办结', 'name-c1', '13900000001', '2026-03-01 09:00',
      'name-m1', '2026-03-02 04:30', '2026-03-09 00:00', 'name-m1', '2026-03-02 10:00', '2026-03-05 11:00', '部分采纳', '已增设2个孝心车位', '满意', 1, 4,
    ])
    // Staff of another town: the name, not the phone.
    expect(itemRow(handled, actorOf('sT2'), names, directory).slice(8, 10)).toEqual(['name-c1', ''])
  })

  test('an anonymous author is blank, a resident recorded for is named with their phone, an answer is shown only once given, other hand-off targets by name', () => {
    const row = (patch: Record<string, unknown>) => itemRow(item(patch), actorOf('sAll'), names, directory)
    expect(row({ anonymous: true }).slice(8, 10)).toEqual(['', ''])
    expect(row({ onBehalfOf: { name: '李大伯', phone: '13700001111' } }).slice(8, 10)).toEqual(['李大伯', '13700001111'])
    // Recorded without a phone: the recorder's, who can reach the resident (as on the item's page).
    expect(row({ onBehalfOf: { name: '李大伯' } }).slice(8, 10)).toEqual(['李大伯', '13900000001'])
    // Reopened after a reply: the old reply is not the answer.
    expect(row({ status: 'claimed', reply: { at: '2026-03-05T03:00:00.000Z', outcome: 'adopted', text: '旧答复', by: 'm1' } }).slice(16, 19)).toEqual(['', '', ''])
    expect(row({ status: 'replied', reply: { at: '2026-03-05T03:00:00.000Z', outcome: 'notAdopted', text: '暂不具备条件', by: 'm1' } }).slice(16, 19)).toEqual(['2026-03-05 11:00', '不予采纳', '暂不具备条件'])
    const handOff = (target: Record<string, string>) => ({ handOff: { target, at: T0, deadline: T0, by: 'sAll', rung: 0 } })
    expect(row(handOff({ kind: 'department', departmentId: 'd1' }))[11]).toBe('市住建局')
    expect(row(handOff({ kind: 'sectorGroup', sectorGroupId: 'g1' }))[11]).toBe('经济界活动组')
    expect(row(handOff({ kind: 'department', departmentId: 'gone' }))[11]).toBe('')
    expect(row({}).slice(11, 20)).toEqual(['', '', '', '', '', '', '', '', ''])
  })

  test('a figures table\'s columns and a row\'s cells: counts, each rate as shown with its parts, the median and 90th percentile of each time', () => {
    expect(TABLE_COLUMNS('镇街道')).toEqual([
      '镇街道', '收到', '受理', '不予受理', '合并', '交办', '认领', '答复', '办结', '重办', '采纳', '按时响应', '按期答复', '评价', '满意', '认领活动组交办',
      '采纳率', '采纳率（分子/分母）', '响应率', '响应率（分子/分母）', '按期办结率', '按期办结率（分子/分母）', '满意率', '满意率（分子/分母）', '重办率', '重办率（分子/分母）',
      '提交到受理中位数', '提交到受理90%分位', '交办到认领中位数', '交办到认领90%分位', '认领到答复中位数', '认领到答复90%分位', '提交到办结中位数', '提交到办结90%分位',
    ])
    const counts = { received: 8, accepted: 7, rejected: 1, merged: 0, handedOff: 6, claimed: 5, replied: 4, closed: 3, reopened: 1, adopted: 3, responded: 5, onTime: 2, rated: 3, satisfied: 2, groupTaken: 1 }
    const rate = (num: number, den: number) => ({ num, den, value: den ? num / den : null })
    const row = {
      key: 't1', name: '当湖街道', counts,
      rates: { adoptionRate: rate(3, 4), responseRate: rate(5, 6), onTimeRate: rate(2, 4), satisfactionRate: rate(2, 3), reopenRate: rate(0, 0) },
      times: { toAccept: { n: 7, median: 5, p90: 30 }, toClaim: { n: 5, median: 72, p90: 240 }, toReply: { n: 4, median: null, p90: null }, toClose: { n: 3, median: 0, p90: 71 } },
    }
    expect(tableCells(row as never)).toEqual([
      '当湖街道', 8, 7, 1, 0, 6, 5, 4, 3, 1, 3, 5, 2, 3, 2, 1,
      '75.0%', '3/4', '83.3%', '5/6', '50.0%', '2/4', '66.7%', '2/3', '—', '0/0',
      '5 小时', '30 小时', '3 天', '10 天', '—', '—', '0 小时', '71 小时',
    ])
  })
})
