// Files from the figures function: Excel tables and item lists read back equal to the query they came from, Chinese
// columns and UTC+8 times, anonymous authors and phones never leaking; the year-end report as Word with its headline;
// every export recorded.
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { formatRate } from '../../src/domain/figures/measures'
import { ADMIN, expectOk, fullScans, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(120_000)
let h: Harness
let c: County
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
const thisYear = { kind: 'year', year }
const ids: Record<string, string> = {}
const PHONE = '13911112222'
const HIDDEN_PHONE = '13933334444'

beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  expectOk(await h.act('org', c.citizen, 'updateProfile', { phone: PHONE }))
  expectOk(await h.act('org', c.citizen2, 'updateProfile', { name: '匿名者本人', phone: HIDDEN_PHONE }))
  const act = async (who: string, action: string, input: Record<string, unknown>) => expectOk(await h.act('suggestions', who, action, input))
  const draft = (extra: Record<string, unknown> = {}) => ({ category: 'elderly', townId: c.townId, villageId: c.villageId, title: '社区老年食堂', content: '希望社区开办老年食堂', images: [], anonymous: false, ...extra })
  ids.a = (await act(c.citizen, 'submit', draft())).id
  await act(c.staff, 'accept', { id: ids.a })
  await act(c.staff, 'handOff', { id: ids.a, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) })
  await act(c.member, 'claim', { id: ids.a })
  await act(c.member, 'reply', { id: ids.a, text: '已协调街道开办', outcome: 'adopted' })
  for (const who of [c.citizen2, c.member2, c.groupMember]) await act(who, 'second', { id: ids.a }).catch(() => undefined)
  ids.b = (await act(c.citizen2, 'submit', draft({ title: '孝心停车位', content: '医院门口设孝心停车位', anonymous: true }))).id
  await act(c.staff, 'accept', { id: ids.b })
  await act(c.staff, 'handOff', { id: ids.b, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) })
  await act(c.member, 'claim', { id: ids.b })
  ids.c = (await act(c.citizen, 'submit', draft({ townId: c.otherTownId, villageId: c.otherVillageId, title: '雅山村路灯', content: '村口路灯不亮' }))).id
})
afterAll(async () => { await h?.stop() })

async function download(url: string): Promise<Buffer> {
  const res = await fetch(url)
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}
async function sheetsOf(url: string): Promise<{ name: string; rows: unknown[][] }[]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(await download(url) as never)
  return wb.worksheets.map((ws) => {
    const rows: unknown[][] = []
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    return { name: ws.name, rows }
  })
}

test('the item list in Excel: Chinese columns, UTC+8 times, the anonymous author and their phone blank, others\' phones for staff', async () => {
  const out = expectOk(await h.call('figures', c.staff, 'exportItems', { period: thisYear }))
  expect(out.rows).toBe(3)
  expect(out.fileName).toBe(`建议清单-${year}年.xlsx`)
  const [sheet] = await sheetsOf(out.url)
  const [head, ...rows] = sheet.rows
  // The column names in bold, the rows plain.
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(await download(out.url) as never)
  expect([1, 2].map((r) => book.worksheets[0].getRow(r).getCell(2).font?.bold ?? false)).toEqual([true, false])
  expect(head.slice(0, 11)).toEqual(['编号', '标题', '内容', '类别', '镇街道', '村社区', '渠道', '状态', '提出人', '联系电话', '提出时间'])
  const byId = new Map(rows.map((r) => [r[0], r]))
  const a = byId.get(ids.a)!
  expect(a.slice(1, 10)).toEqual(['社区老年食堂', '希望社区开办老年食堂', '养老服务', '当湖街道', '东湖社区', '线上提交', '已答复', 'citizen-姓名', PHONE])
  const stored = (await sdkDatabase(h).collection('suggestions').doc(ids.a).get()).data[0]
  const local = new Date(Date.parse(stored.createdAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
  expect(a[10]).toBe(local)
  expect(a[17]).toBe('采纳')
  // The hand-off, the claim and the reply: to whom, when, by when, who handled it, what they answered.
  const at = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
  expect([a[11], a[12], a[13], a[14], a[15], a[16], a[18]]).toEqual([
    'member-姓名', at(stored.handOff.at), at(stored.handOff.deadline), 'member-姓名', at(stored.claimedAt), at(stored.reply.at), '已协调街道开办',
  ])
  const b = byId.get(ids.b)!
  expect(b[8] ?? '').toBe('')
  expect(b[9] ?? '').toBe('')
  const text = JSON.stringify(sheet.rows)
  expect(text).not.toContain('匿名者本人')
  expect(text).not.toContain(HIDDEN_PHONE)
})

test('the item list takes the list\'s filters, status included; the same request id answers the same file', async () => {
  // A is replied, B claimed (in progress), C just submitted.
  const replied = expectOk(await h.call('figures', c.staff, 'exportItems', { period: thisYear, statuses: ['replied', 'closed'] }))
  expect((await sheetsOf(replied.url))[0].rows.slice(1).map((r) => r[0])).toEqual([ids.a])
  const inProgress = expectOk(await h.call('figures', c.staff, 'exportItems', { period: thisYear, family: 'inProgress', townId: c.townId }))
  expect((await sheetsOf(inProgress.url))[0].rows.slice(1).map((r) => r[0])).toEqual([ids.b])
  expect(await h.call('figures', c.staff, 'exportItems', { period: thisYear, statuses: ['nonsense'] })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'statuses.0' })
  // The same request twice: one file, one record. Another request: a new file. The id reused for other filters: CONFLICT.
  const input = { period: thisYear, category: 'elderly' }
  const first = expectOk(await h.call('figures', c.staff, 'exportItems', input, 'export-req-1'))
  const again = expectOk(await h.call('figures', c.staff, 'exportItems', input, 'export-req-1'))
  expect(again).toMatchObject({ exportId: first.exportId, fileID: first.fileID, rows: 3, fileName: first.fileName })
  expect((await sheetsOf(again.url))[0].rows).toHaveLength(4)
  const other = expectOk(await h.call('figures', c.staff, 'exportItems', input, 'export-req-2'))
  expect(other.fileID).not.toBe(first.fileID)
  expect(await h.call('figures', c.staff, 'exportItems', { period: thisYear }, 'export-req-1')).toMatchObject({ ok: false, code: 'CONFLICT', field: 'requestId' })
  const records = (await sdkDatabase(h).collection('exports').where({ byId: c.ids.staff }).orderBy('_id', 'desc').limit(100).get()).data
  expect(records.filter((r: any) => r.requestId === 'export-req-1')).toHaveLength(1)
})

test('the staff triage list exports as it shows: its tab, town and category, in its order; a retried request makes one file', async () => {
  // A is replied, B claimed (handling), C just submitted in the other town.
  const ids0 = async (input: Record<string, unknown>) => (await sheetsOf(expectOk(await h.call('figures', c.staff, 'exportItems', input)).url))[0].rows.slice(1).map((r) => r[0])
  expect(await ids0({ tab: 'handling' })).toEqual([ids.b])
  expect(await ids0({ tab: 'replied', townId: c.townId })).toEqual([ids.a])
  expect(await ids0({ tab: 'replied', townId: c.otherTownId })).toEqual([])
  expect(await ids0({ tab: 'submitted', category: 'elderly' })).toEqual([ids.c])
  expect(await ids0({ tab: 'submitted', category: 'traffic' })).toEqual([])
  // The rows are the list the screen shows, in its order.
  const list = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'replied' }))
  expect(await ids0({ tab: 'replied' })).toEqual(list.items.map((i: { id: string }) => i.id))
  const named = expectOk(await h.call('figures', c.staff, 'exportItems', { tab: 'handling' }))
  expect(named.fileName).toBe('建议清单-办理中.xlsx')
  // A period keeps the items submitted in it and names the file by it; statuses and a family narrow the list too.
  const inYear = expectOk(await h.call('figures', c.staff, 'exportItems', { tab: 'handling', period: thisYear }))
  expect([inYear.fileName, inYear.rows]).toEqual([`建议清单-办理中-${year}年.xlsx`, 1])
  expect(await ids0({ tab: 'handling', period: { kind: 'year', year: year - 1 } })).toEqual([])
  expect(await ids0({ tab: 'handling', statuses: ['closed'] })).toEqual([])
  expect(await ids0({ tab: 'handling', statuses: ['claimed'] })).toEqual([ids.b])
  expect(await ids0({ tab: 'handling', family: 'ended' })).toEqual([])
  expect(await ids0({ tab: 'handling', family: 'inProgress' })).toEqual([ids.b])
  // A tap retried with the same request id: the first call's file, and one record of it.
  const first = expectOk(await h.call('figures', c.staff, 'exportItems', { tab: 'handling', townId: c.townId }, 'triage-export-1'))
  const again = expectOk(await h.call('figures', c.staff, 'exportItems', { tab: 'handling', townId: c.townId }, 'triage-export-1'))
  expect(again.fileID).toBe(first.fileID)
  const records = (await sdkDatabase(h).collection('exports').where({ byId: c.ids.staff }).orderBy('_id', 'desc').limit(100).get()).data
  expect(records.filter((r: any) => r.requestId === 'triage-export-1')).toHaveLength(1)
  expect(records.find((r: any) => r.requestId === 'triage-export-1').input).toEqual({ tab: 'handling', townId: c.townId })
  // Staff of one town cannot export another town's list; without a period or a list there is nothing to export.
  expect(await h.call('figures', c.townStaff, 'exportItems', { tab: 'handling', townId: c.townId })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('figures', c.staff, 'exportItems', { category: 'elderly' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'period' })
  expect(await h.call('figures', c.staff, 'exportItems', { tab: 'nonsense' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'tab' })
})

test('staff with listed towns export only their towns; a member exports no item list; a citizen nothing', async () => {
  const out = expectOk(await h.call('figures', c.townStaff, 'exportItems', { period: thisYear }))
  const [sheet] = await sheetsOf(out.url)
  expect(sheet.rows.slice(1).map((r) => r[1])).toEqual(['雅山村路灯'])
  expect(await h.call('figures', c.member, 'exportItems', { period: thisYear })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('figures', c.citizen, 'exportTable', { period: thisYear, dimension: 'town' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})

test('a statistics table read back equals the query it came from', async () => {
  const input = { period: thisYear, dimension: 'town' }
  const t = expectOk(await h.call('figures', c.staff, 'table', input))
  const out = expectOk(await h.call('figures', c.staff, 'exportTable', input))
  const [sheet] = await sheetsOf(out.url)
  const [head, ...rows] = sheet.rows
  expect(head[0]).toBe('镇街道')
  expect(head).toContain('采纳率')
  const col = (name: string) => head.indexOf(name)
  expect(rows.map((r) => [r[0], r[col('收到')], r[col('答复')], r[col('采纳率')], r[col('采纳率（分子/分母）')]])).toEqual(
    [...t.rows, t.total].map((r: any) => [r.name, r.counts.received, r.counts.replied, formatRate(r.rates.adoptionRate), `${r.rates.adoptionRate.num}/${r.rates.adoptionRate.den}`]),
  )
  // Written down, not derived: 当湖街道 received 2 and adopted 1 of 1 replied; 乍浦镇 replied nothing.
  expect(rows.map((r) => [r[0], r[col('收到')], r[col('采纳率')]])).toEqual([['当湖街道', 2, '100.0%'], ['乍浦镇', 1, '—'], ['合计', 3, '100.0%']])
  // The file named by its dimension and period, its sheet by the period; two rows (the total is not one).
  expect([out.fileName, sheet.name, out.rows]).toEqual([`统计表（按镇街道）-${year}年.xlsx`, `${year}年`, 2])
})

test('members\' records: one table, or one sheet per member with their items; a member\'s own file shows no phone', async () => {
  const table = await sheetsOf(expectOk(await h.call('figures', c.staff, 'exportMemberRecords', { year, layout: 'table' })).url)
  expect(table).toHaveLength(1)
  const names = table[0].rows.slice(1).map((r) => r[0])
  expect(names).toEqual(expect.arrayContaining(['member-姓名', 'member2-姓名', 'groupMember-姓名']))
  const sheets = await sheetsOf(expectOk(await h.call('figures', c.staff, 'exportMemberRecords', { year, layout: 'sheets' })).url)
  const mine = sheets.find((s) => s.name === 'member-姓名')!
  expect(mine.rows.map((r) => r[1]).filter((t) => t === '社区老年食堂' || t === '孝心停车位').sort()).toEqual(['孝心停车位', '社区老年食堂'])
  const own = await sheetsOf(expectOk(await h.call('figures', c.member, 'exportMemberRecords', { year, layout: 'sheets' })).url)
  expect(own.map((s) => s.name)).toEqual(['member-姓名'])
  expect(JSON.stringify(own)).not.toContain(PHONE)
  expect(JSON.stringify(own)).not.toContain(HIDDEN_PHONE)
})

test('the year-end report: a page and a Word file with the headline numbers, the tables and the charts', async () => {
  const report = expectOk(await h.call('figures', c.staff, 'yearReport', { year }))
  expect(report.headline).toBe(`${year}年，全市通过“三微”平台共提出意见建议 3 条，答复 1 条，采纳意见建议 1 条。`)
  // The activities' paragraph in the seed's form, from the activities capability's own fold: none held this year.
  expect(report.activities).toEqual({ held: 0, participantTimes: 0, paragraph: '共开展‘请你来协商’活动0场，共参加人数0人次，提出意见建议3条，采纳意见建议1条。' })
  expect(report.byTown.map((r: any) => r.name)).toEqual(['当湖街道', '乍浦镇'])
  expect(report.mostSeconded[0]).toMatchObject({ id: ids.a, secondCount: 3 })
  expect(report.adopted).toEqual([expect.objectContaining({ id: ids.a, reply: '已协调街道开办' })])
  expect(report.charts.map((ch: any) => ch.title)).toEqual(['每月收到与答复', '各镇街道采纳率与满意率', '各类别认领到答复时间（中位数，小时）'])
  const out = expectOk(await h.call('figures', c.staff, 'exportYearReport', { year }))
  expect(out.fileName).toBe(`年度报告-全市${year}.docx`)
  const zip = await JSZip.loadAsync(await download(out.url))
  const xml = await zip.file('word/document.xml')!.async('string')
  const text = xml.replace(/<[^>]+>/g, '')
  expect(text).toContain(`共提出意见建议 3 条，答复 1 条，采纳意见建议 1 条`)
  expect(text).toContain('各镇街道情况')
  expect(text).toContain('已协调街道开办')
  expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && f.endsWith('.png'))).toHaveLength(3)
  expect(text).not.toContain('匿名者本人')
  expect(text).not.toContain(PHONE)
})

test('the year report names its most seconded and adopted items in full, within the reader\'s towns or the town asked for', async () => {
  const report = async (who: string, input: Record<string, unknown> = {}) => expectOk(await h.call('figures', who, 'yearReport', { year, ...input }))
  const a = { id: ids.a, title: '社区老年食堂', townName: '当湖街道', secondCount: 3, status: 'replied' }
  const b = { id: ids.b, title: '孝心停车位', townName: '当湖街道', secondCount: 0, status: 'claimed' }
  const cc = { id: ids.c, title: '雅山村路灯', townName: '乍浦镇', secondCount: 0, status: 'submitted' }
  const adoptedA = { id: ids.a, title: '社区老年食堂', townName: '当湖街道', outcome: 'adopted', reply: '已协调街道开办' }
  // The whole county: the most seconded first (the two without seconds in either order), the one adopted item.
  const county = await report(c.staff)
  expect(county.scope).toBe('全市')
  expect(county.mostSeconded[0]).toEqual(a)
  expect(county.mostSeconded.slice(1).map((s: { id: string }) => s.id).sort()).toEqual([ids.b, ids.c].sort())
  expect(county.mostSeconded.slice(1).find((s: { id: string }) => s.id === ids.b)).toEqual(b)
  expect(county.adopted).toEqual([adoptedA])
  // A town asked for: its items only.
  const town = await report(c.staff, { townId: c.townId })
  expect([town.scope, town.mostSeconded, town.adopted]).toEqual(['当湖街道', [a, b], [adoptedA]])
  expect(town.headline).toBe(`${year}年，当湖街道通过“三微”平台共提出意见建议 2 条，答复 1 条，采纳意见建议 1 条。`)
  expect(town.byTown.map((r: { name: string }) => r.name)).toEqual(['当湖街道'])
  const other = await report(c.staff, { townId: c.otherTownId })
  expect([other.scope, other.mostSeconded, other.adopted]).toEqual(['乍浦镇', [cc], []])
  // Staff of one town read their town without asking for it, and may not ask for another; a member reads no report.
  const own = await report(c.townStaff)
  expect([own.scope, own.mostSeconded, own.adopted]).toEqual(['乍浦镇', [cc], []])
  expect(own.headline).toBe(`${year}年，乍浦镇通过“三微”平台共提出意见建议 1 条，答复 0 条，采纳意见建议 0 条。`)
  expect(await h.call('figures', c.townStaff, 'yearReport', { year, townId: c.townId })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'townId' })
  expect(await h.call('figures', c.member, 'yearReport', { year })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // Staff of two towns: both named, in the order of their scope.
  const twoTowns = expectOk(await h.act('org', 'staff-two-towns', 'updateProfile', { name: '两镇干部' })).id
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: twoTowns, roles: ['citizen', 'staff'], staffScope: [c.townId, c.otherTownId] }))
  expect((await report('staff-two-towns')).scope).toBe('当湖街道、乍浦镇')
  // An item held for review is no case of the report, however the others stand.
  const held = expectOk(await h.act('suggestions', c.citizen2, 'submit', {
    category: 'elderly', townId: c.otherTownId, villageId: c.otherVillageId, title: '敬老院收费', content: '敬老院收费待审词太高', images: [], anonymous: false,
  }))
  expect(held.status).toBe('pendingReview')
  expect((await report(c.townStaff)).mostSeconded).toEqual([cc])
})

test('every export is recorded: who, what, when, how many rows', async () => {
  const sdk = sdkDatabase(h)
  const res = await sdk.collection('exports').where({ byId: c.ids.staff }).orderBy('_id', 'desc').limit(100).get()
  const kinds = res.data.map((r: any) => r.kind)
  expect(kinds).toEqual(expect.arrayContaining(['items', 'table', 'memberRecords', 'report']))
  expect(res.data.find((r: any) => r.kind === 'items')).toMatchObject({ rows: 3, input: { period: thisYear } })
  for (const r of res.data) expect(r.fileID).toMatch(/^cloud:\/\//)
})

test('a held activity counts in the report\'s paragraph and in the records of the members who signed in', async () => {
  const { id } = expectOk(await h.act('activities', c.staff, 'create', {
    kind: 'six', topic: '老年食堂协商', description: '协商说明', startAt: inDays(0.01), endAt: inDays(0.1), townId: c.townId, villageId: c.villageId,
    venue: '文化礼堂', organiser: { kind: 'office' }, invitedMemberIds: [], invitedDepartmentIds: [], registration: { open: true, cap: null },
  }))
  expectOk(await h.act('activities', c.staff, 'publish', { id }))
  expectOk(await h.act('activities', c.staff, 'openSignIn', { id }))
  for (const who of [c.member, c.citizen]) expectOk(await h.act('activities', who, 'signIn', { id }))
  expectOk(await h.act('activities', c.staff, 'addWalkIns', { id, group: 'citizens', count: 2 }))
  expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [], agreedItems: [] }))
  const report = expectOk(await h.call('figures', c.staff, 'yearReport', { year }))
  expect(report.activities).toMatchObject({ held: 1, participantTimes: 4 })
  expect(report.headline).toContain('开展“请你来协商”活动 1 场，参加 4 人次')
  const records = expectOk(await h.call('figures', c.staff, 'memberRecords', { year }))
  const attended = Object.fromEntries(records.rows.map((r: any) => [r.name, r.activitiesAttended]))
  expect(attended).toMatchObject({ 'member-姓名': 1, 'member2-姓名': 0 })
})

test('the item list shows each item\'s rating, how often it was reopened and how many seconded it, and the resident an item was recorded for', async () => {
  // A's author is satisfied (closed); B is answered, its author dissatisfied: reopened once.
  expectOk(await h.act('suggestions', c.citizen, 'rate', { id: ids.a, value: 'satisfied' }))
  expectOk(await h.act('suggestions', c.member, 'reply', { id: ids.b, text: '已协调医院', outcome: 'notAdopted' }))
  expectOk(await h.act('suggestions', c.citizen2, 'rate', { id: ids.b, value: 'dissatisfied', reason: '没有解决' }))
  // Recorded at a liaison station for a resident: the list names the resident and, for staff, their phone.
  const recorded = expectOk(await h.act('suggestions', c.staff, 'submit', {
    category: 'elderly', townId: c.townId, villageId: c.villageId, title: '助餐点', content: '希望增设助餐点', images: [], anonymous: false,
    channel: 'liaisonStation', onBehalfOf: { name: '王大爷', phone: '13955556666' },
  })).id
  const [sheet] = await sheetsOf(expectOk(await h.call('figures', c.staff, 'exportItems', { period: thisYear })).url)
  const row = (id: string) => sheet.rows.find((r) => r[0] === id)!
  expect([row(recorded)[6], row(recorded)[8], row(recorded)[9]]).toEqual(['联络站代录', '王大爷', '13955556666'])
  expect([sheet.rows[0][19], sheet.rows[0][20], sheet.rows[0][21]]).toEqual(['评价', '重办次数', '附议数'])
  expect([row(ids.a)[7], row(ids.a)[19], row(ids.a)[20], row(ids.a)[21]]).toEqual(['已办结', '满意', 0, 3])
  expect([row(ids.b)[7], row(ids.b)[19], row(ids.b)[20], row(ids.b)[21]]).toEqual(['办理中', '不满意', 1, 0])
})

test('no export used a full scan', async () => {
  expect((await fullScans(h)).recentFullScans).toEqual([])
})
