// The office's figures through the `figures` function: a small county's year, counted, rated, timed, ranked by scope,
// equal to the pure fold over the same items; members' records; keyword search; no full scans.
import ExcelJS from 'exceljs'
import { figuresOfItems } from '../../src/domain/figures/measures'
import { formatRate } from '../../src/domain/figures/measures'
import { fromDoc } from '../../server/repositories/suggestions'
import { expectOk, fullScans, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(120_000)
let h: Harness
let c: County
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
const thisYear = { kind: 'year', year }
const ids: Record<string, string> = {}

const draft = (extra: Record<string, unknown> = {}) => ({
  category: 'elderly', townId: c.townId, villageId: c.villageId, title: '社区老年食堂', content: '希望社区开办老年食堂，解决独居老人吃饭难', images: [], anonymous: false, ...extra,
})

beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  const act = async (who: string, action: string, input: Record<string, unknown>) => expectOk(await h.act('suggestions', who, action, input))
  // A: accepted, handed to the bound member, claimed, adopted, rated satisfied → closed.
  ids.a = (await act(c.citizen, 'submit', draft())).id
  await act(c.staff, 'accept', { id: ids.a })
  await act(c.staff, 'handOff', { id: ids.a, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) })
  await act(c.member, 'claim', { id: ids.a })
  await act(c.member, 'reply', { id: ids.a, text: '已协调街道开办', outcome: 'adopted' })
  await act(c.citizen, 'rate', { id: ids.a, value: 'satisfied' })
  // B: handed to the sector group, claimed by a group member, not adopted, rated dissatisfied → reopened (claimed again).
  ids.b = (await act(c.citizen2, 'submit', draft({ title: '南市楼宇停车难', content: '南市社区楼宇停车位不足', category: 'traffic', villageId: c.village2Id }))).id
  await act(c.staff, 'accept', { id: ids.b })
  await act(c.staff, 'handOff', { id: ids.b, target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, deadline: inDays(7) })
  await act(c.groupMember, 'claim', { id: ids.b })
  await act(c.groupMember, 'reply', { id: ids.b, text: '暂无条件', outcome: 'notAdopted' })
  await act(c.citizen2, 'rate', { id: ids.b, value: 'dissatisfied', reason: '没有解决' })
  // C: in the other town, turned down.
  ids.c = (await act(c.citizen, 'submit', draft({ townId: c.otherTownId, villageId: c.otherVillageId, title: '雅山村路灯', content: '村口路灯不亮' }))).id
  await act(c.townStaff, 'reject', { id: ids.c, reason: '已在维修计划中' })
  // D: handed to a department.
  ids.d = (await act(c.citizen2, 'submit', draft({ title: '孝心停车位', content: '医院门口设孝心停车位' }))).id
  await act(c.staff, 'accept', { id: ids.d })
  await act(c.staff, 'handOff', { id: ids.d, target: { kind: 'department', departmentId: c.departmentId }, deadline: inDays(7) })
  // E: just submitted; the member joins its discussion.
  ids.e = (await act(c.citizen, 'submit', draft({ title: '学生营养午餐', content: '建议改善学生营养午餐', category: 'education' }))).id
  await act(c.member, 'comment', { id: ids.e, text: '我去学校了解一下' })
})
afterAll(async () => { await h?.stop() })

const table = async (who: string, input: Record<string, unknown>) => expectOk(await h.call('figures', who, 'table', input))

test('the year in the county: every count, each rate with its parts, "—" where nothing was counted', async () => {
  const t = await table(c.staff, { period: thisYear, dimension: 'town' })
  expect(t.total.counts).toEqual({
    received: 5, accepted: 3, rejected: 1, merged: 0, handedOff: 3, claimed: 2, replied: 1, closed: 1, reopened: 1,
    adopted: 1, responded: 2, onTime: 1, rated: 2, satisfied: 1, groupTaken: 1,
  })
  expect(t.total.rates.adoptionRate).toEqual({ num: 1, den: 1, value: 1 })
  expect(t.total.rates.responseRate).toMatchObject({ num: 2, den: 3 })
  expect(formatRate(t.total.rates.responseRate)).toBe('66.7%')
  expect(formatRate(t.total.rates.satisfactionRate)).toBe('50.0%')
  // Times: everything happened within the hour.
  expect(t.total.times.toReply).toEqual({ n: 1, median: 0, p90: 0 })
  expect(t.total.times.toClaim).toEqual({ n: 2, median: 0, p90: 0 })
  // Towns in the office's order; the other town replied nothing, so its adoption rate is "—", not 0 %.
  expect(t.rows.map((r: any) => [r.name, r.counts.received])).toEqual([['当湖街道', 4], ['乍浦镇', 1]])
  expect(t.rows[1].rates.adoptionRate).toEqual({ num: 0, den: 0, value: null })
  expect(formatRate(t.rows[1].rates.adoptionRate)).toBe('—')
  // Last year is empty: no previous row, an empty previous total.
  expect(t.rows[0].previous).toBeUndefined()
  expect(t.total.previous.counts.received).toBe(0)
  expect(t.period.label).toBe(`${year}年`)
})

test('by member, sector group, department, category and month', async () => {
  const byMember = await table(c.staff, { period: thisYear, dimension: 'member' })
  expect(byMember.rows.map((r: any) => [r.name, r.counts.claimed, r.counts.replied, r.counts.groupTaken]).sort()).toEqual([
    ['member-姓名', 1, 1, 0], ['groupMember-姓名', 1, 0, 1],
  ].sort())
  const byGroup = await table(c.staff, { period: thisYear, dimension: 'sectorGroup' })
  expect(byGroup.rows.map((r: any) => [r.name, r.counts.handedOff, r.counts.reopened])).toEqual([['经济界活动组', 1, 1]])
  const byDept = await table(c.staff, { period: thisYear, dimension: 'department' })
  expect(byDept.rows.map((r: any) => [r.name, r.counts.handedOff, r.counts.claimed])).toEqual([['市住建局', 1, 0]])
  const byCategory = await table(c.staff, { period: thisYear, dimension: 'category' })
  // Most received first; equal ones by key (education before traffic).
  expect(byCategory.rows.map((r: any) => [r.key, r.name, r.counts.received])).toEqual([['elderly', '养老服务', 3], ['education', '教育', 1], ['traffic', '交通出行', 1]])
  const byChannel = await table(c.staff, { period: thisYear, dimension: 'channel' })
  expect(byChannel.rows.map((r: any) => [r.key, r.name, r.counts.received])).toEqual([['online', '线上提交', 5]])
  const byMonth = await table(c.staff, { period: thisYear, dimension: 'month' })
  expect(byMonth.rows).toHaveLength(1)
  expect(byMonth.rows[0].counts.received).toBe(5)
  // This UTC+8 month, named as the office writes it ("2026年11月", no leading zero).
  const month = new Date(Date.now() + 8 * 3600_000).getUTCMonth() + 1
  expect([byMonth.rows[0].key, byMonth.rows[0].name]).toEqual([`${year}-${String(month).padStart(2, '0')}`, `${year}年${month}月`])
})

test('the aggregated figures equal the pure fold over the same items', async () => {
  const sdk = sdkDatabase(h)
  const res = await sdk.collection('suggestions').where({ 'fig.at': sdk.command.gte('2000') }).limit(1000).get()
  const items = res.data.map(fromDoc)
  for (const dimension of ['town', 'village', 'member', 'sectorGroup', 'department', 'category', 'channel'] as const) {
    const t = await table(c.staff, { period: thisYear, dimension })
    const pure = figuresOfItems(items, dimension)
    expect(t.total.counts).toEqual(pure.total.counts)
    expect(t.total.times).toEqual(pure.total.times)
    expect(Object.fromEntries(t.rows.map((r: any) => [r.key, { counts: r.counts, rates: r.rates, times: r.times }])))
      .toEqual(Object.fromEntries([...pure.byKey].map(([k, f]) => [k, { counts: f.counts, rates: f.rates, times: f.times }])))
  }
})

test('staff see their towns, a member only their own figures, a citizen none', async () => {
  const t = await table(c.townStaff, { period: thisYear, dimension: 'town' })
  expect(t.rows.map((r: any) => r.name)).toEqual(['乍浦镇'])
  expect(t.total.counts.received).toBe(1)
  const outside = await h.call('figures', c.townStaff, 'table', { period: thisYear, dimension: 'town', townId: c.townId })
  expect(outside).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'townId' })
  const own = await table(c.member, { period: thisYear, dimension: 'town' })
  expect(own.total.counts).toMatchObject({ received: 1, claimed: 1, replied: 1, adopted: 1 })
  expect(await h.call('figures', c.citizen, 'table', { period: thisYear, dimension: 'town' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('figures', c.staff, 'table', { period: { kind: 'month', year, month: 13 }, dimension: 'town' }))
    .toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'period.month' })
})

test('members\' duty records: staff see everyone\'s, a member their own with the items behind it', async () => {
  const all = expectOk(await h.call('figures', c.staff, 'memberRecords', { year }))
  const byName = Object.fromEntries(all.rows.map((r: any) => [r.name, r]))
  // No activity was held: signed in at none.
  expect(byName['member-姓名']).toMatchObject({ commentedItems: 1, activitiesAttended: 0 })
  expect(byName['member-姓名'].counts).toMatchObject({ claimed: 1, replied: 1, onTime: 1, adopted: 1, satisfied: 1 })
  expect(byName['groupMember-姓名'].counts).toMatchObject({ claimed: 1, groupTaken: 1, replied: 0 })
  // A member with nothing handed to them is listed with zeros.
  expect(byName['member2-姓名'].counts.received).toBe(0)
  const mine = expectOk(await h.call('figures', c.member, 'memberRecord', { year }))
  expect(mine.row.counts.replied).toBe(1)
  expect(mine.row.name).toBe('member-姓名')
  expect(mine.items).toEqual([expect.objectContaining({ id: ids.a, title: '社区老年食堂', outcome: 'adopted', onTime: true, rating: 'satisfied' })])
  expect(await h.call('figures', c.member, 'memberRecord', { year, memberId: c.ids.groupMember })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'memberId' })
  const theirs = expectOk(await h.call('figures', c.staff, 'memberRecord', { year, memberId: c.ids.groupMember }))
  expect(theirs.items.map((i: any) => [i.id, i.viaGroup])).toEqual([[ids.b, true]])
  // Reopened after a dissatisfied rating: handled again, its earlier answer no longer shown as the reply.
  expect(theirs.items).toEqual([{
    id: ids.b, title: '南市楼宇停车难', status: 'claimed', townName: '当湖街道', createdAt: expect.any(String), claimedAt: expect.any(String), rating: 'dissatisfied', viaGroup: true,
  }])
})

test('keyword search: staff find any item by words of its title or content; citizens only answered ones', async () => {
  // "社区" is in A's title and in B's content; newest first.
  const staff = expectOk(await h.call('figures', c.staff, 'search', { q: '社区' }))
  expect(staff.items.map((i: any) => i.id)).toEqual([ids.b, ids.a])
  expect(expectOk(await h.call('figures', c.staff, 'search', { q: '停车位 医院' })).items.map((i: any) => i.id)).toEqual([ids.d])
  expect(expectOk(await h.call('figures', c.staff, 'search', { q: '食堂', townId: c.otherTownId })).items).toEqual([])
  const citizen = expectOk(await h.call('figures', c.citizen2, 'search', { q: '社区' }))
  expect(citizen.items.map((i: any) => i.id)).toEqual([ids.a])
  expect(JSON.stringify(citizen)).not.toContain(c.ids.citizen)
  expect(await h.call('figures', c.staff, 'search', { q: '食' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'q' })
})

const monthNow = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
const dayOf = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
const shape = (t: any) => Object.fromEntries(t.rows.map((r: any) => [r.key, { counts: r.counts, times: r.times }]))
const pureShape = (p: ReturnType<typeof figuresOfItems>) => Object.fromEntries([...p.byKey].map(([k, f]) => [k, { counts: f.counts, times: f.times }]))

test('filtered tables, a range of days and a member\'s own table equal the pure fold over the items they cover', async () => {
  const sdk = sdkDatabase(h)
  const items = (await sdk.collection('suggestions').where({ 'fig.at': sdk.command.gte('2000') }).limit(1000).get()).data.map(fromDoc)
  const range = { kind: 'range', from: dayOf(Date.now() - 40 * 86400_000), to: dayOf(Date.now()) }
  // Today alone: never a whole month, so read from the day documents or the items themselves.
  const today = { kind: 'range', from: dayOf(Date.now()), to: dayOf(Date.now()) }
  const cases: [string, Record<string, unknown>, (s: any) => boolean][] = [
    ['town', { townId: c.townId }, (s) => s.townId === c.townId],
    ['category', { category: 'elderly' }, (s) => s.category === 'elderly'],
    ['member', { townId: c.townId, category: 'elderly' }, (s) => s.townId === c.townId && s.category === 'elderly'],
    ['month', { category: 'traffic' }, (s) => s.category === 'traffic'],
    // Dimensions the day documents do not split: a range's partial months are read from the items' own fields.
    ['village', {}, () => true], ['sectorGroup', {}, () => true], ['department', {}, () => true], ['channel', {}, () => true],
  ]
  for (const [dimension, filters, keep] of cases) {
    for (const period of [thisYear, range, today]) {
      const t = await table(c.staff, { period, dimension, ...filters })
      const pure = figuresOfItems(items.filter(keep), dimension as any)
      expect([dimension, period.kind, t.total.counts]).toEqual([dimension, period.kind, pure.total.counts])
      expect(shape(t)).toEqual(pureShape(pure))
    }
  }
  // The member's own: their items only (A, claimed and replied by them), by month, town and category.
  const theirs = items.filter((s: any) => (s.handlerId ?? (s.handOff?.target.kind === 'member' ? s.handOff.target.memberId : undefined)) === c.ids.member)
  expect(theirs.map((s: any) => s._id)).toEqual([ids.a])
  for (const dimension of ['month', 'town', 'category', 'village'] as const) {
    const t = await table(c.member, { period: thisYear, dimension })
    expect(shape(t)).toEqual(pureShape(figuresOfItems(theirs, dimension)))
  }
  // Narrowed to a town and a category at once: A is 养老服务 in 当湖街道; nothing of theirs is 交通出行 there.
  const narrowed = await table(c.member, { period: thisYear, dimension: 'month', townId: c.townId, category: 'elderly' })
  expect(shape(narrowed)).toEqual(pureShape(figuresOfItems(theirs, 'month')))
  expect(narrowed.total.counts.received).toBe(1)
  expect((await table(c.member, { period: thisYear, dimension: 'month', townId: c.townId, category: 'traffic' })).total.counts.received).toBe(0)
})

test('each commit\'s change is kept beside it and folded into the rollups by the timer; the hourly recount finds them right, and repairs one that drifted', async () => {
  const sdk = sdkDatabase(h)
  const townDoc = `town_${monthNow}_${c.townId}`
  const received = (doc: any) => Object.values(doc.all.n as Record<string, number>).reduce((a, b) => a + b, 0)
  const pending = async () => (await sdk.collection('figureDeltas').where({ months: monthNow }).limit(1000).get()).data.length
  // Every command that moved an item's figures left its change, written in its transaction; none is folded yet.
  expect(await pending()).toBeGreaterThan(0)
  const hour = new Date(Math.floor(Date.now() / 3600_000) * 3600_000).toISOString()
  const fire = async () => (await (await fetch(`${h.url}/api/triggers/timer/timeRules?at=${encodeURIComponent(hour)}`, { method: 'POST' })).json()) as any
  const first = await fire()
  expect(first.result?.data ?? first.data ?? first).toMatchObject({ recountedFigures: 0 })
  expect((first.result?.data ?? first.data ?? first).foldedFigures).toBeGreaterThan(0)
  expect(await pending()).toBe(0)
  // 当湖街道 received A, B, D and E this month.
  const kept = (await sdk.collection('figureRollups').doc(townDoc).get()).data[0]
  expect(received(kept)).toBe(4)
  // Lost counter changes: the town's document says one item was received.
  await sdk.collection('figureRollups').doc(townDoc).update({ all: sdk.command.set({ n: { R: 1 } }) })
  expect((await table(c.staff, { period: thisYear, dimension: 'town' })).rows[0].counts.received).toBe(1)
  // A document no item counts in any more (a category nothing has), and a counter at zero (the same as none).
  const stray = `category_${monthNow}_nothingHere`
  await sdk.collection('figureRollups').doc(stray).set({ dim: 'category', key: 'nothingHere', month: monthNow, all: { n: { R: 2 } } })
  await sdk.collection('figureRollups').doc(`town_${monthNow}_${c.otherTownId}`).update({ 'all.n.RAJZ': 0 })
  const second = await fire()
  // The drifted town and the stray: two documents, the zero counter left alone.
  expect(second.result?.data ?? second.data ?? second).toMatchObject({ recountedFigures: 2 })
  expect((await sdk.collection('figureRollups').doc(stray).get()).data).toEqual([])
  expect((await table(c.staff, { period: thisYear, dimension: 'town' })).rows.map((r: any) => [r.name, r.counts.received])).toEqual([['当湖街道', 4], ['乍浦镇', 1]])
})

test('staff of one town see members\' figures in their town only', async () => {
  const act = async (who: string, action: string, input: Record<string, unknown>) => expectOk(await h.act('suggestions', who, action, input))
  // F: in the other town, handed to the member (whose other item, A, is in 当湖街道) and claimed.
  ids.f = (await act(c.citizen, 'submit', draft({ townId: c.otherTownId, villageId: c.otherVillageId, title: '雅山村垃圾分类', content: '垃圾分类点太少' }))).id
  await act(c.townStaff, 'accept', { id: ids.f })
  await act(c.townStaff, 'handOff', { id: ids.f, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) })
  await act(c.member, 'claim', { id: ids.f })
  const member = (r: any) => r.rows.find((x: any) => x.key === c.ids.member)
  const everyone = expectOk(await h.call('figures', c.staff, 'memberRecords', { year }))
  expect(member(everyone).counts).toMatchObject({ received: 2, claimed: 2, replied: 1 })
  const town = expectOk(await h.call('figures', c.townStaff, 'memberRecords', { year }))
  expect(member(town).counts).toMatchObject({ received: 1, claimed: 1, replied: 0, adopted: 0 })
  // County staff asking for that town see the same.
  expect(member(expectOk(await h.call('figures', c.staff, 'memberRecords', { year, townId: c.otherTownId }))).counts).toMatchObject({ received: 1, claimed: 1, replied: 0, adopted: 0 })
  expect(await h.call('figures', c.townStaff, 'memberRecords', { year, townId: c.townId })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'townId' })
  const one = expectOk(await h.call('figures', c.townStaff, 'memberRecord', { year, memberId: c.ids.member }))
  expect(one.row.counts).toMatchObject({ received: 1, claimed: 1, replied: 0 })
  expect(one.items.map((i: any) => i.id)).toEqual([ids.f])
  const byMember = expectOk(await h.call('figures', c.townStaff, 'table', { period: thisYear, dimension: 'member' }))
  expect(byMember.rows.map((r: any) => [r.key, r.counts.claimed])).toEqual([[c.ids.member, 1]])
})

test('the item list names whom each item was handed to and who handles it: a sector group and its member, a department', async () => {
  const out = expectOk(await h.call('figures', c.staff, 'exportItems', { period: thisYear }))
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(await (await fetch(out.url)).arrayBuffer()) as never)
  const rows = new Map<string, unknown[]>()
  book.worksheets[0].eachRow((row) => { const v = (row.values as unknown[]).slice(1); rows.set(String(v[0]), v) })
  // Columns 交办对象 and 办理人: B went to the sector group and its member claimed it; D waits with the department.
  expect([rows.get(ids.b)![11], rows.get(ids.b)![14]]).toEqual(['经济界活动组', 'groupMember-姓名'])
  expect([rows.get(ids.d)![11], rows.get(ids.d)![14] ?? '']).toEqual(['市住建局', ''])
  expect([rows.get(ids.a)![11], rows.get(ids.a)![14]]).toEqual(['member-姓名', 'member-姓名'])
  // 采纳情况 and 答复内容: A's answer stands; B, reopened after its rating, shows none while it is handled again.
  expect([rows.get(ids.a)![17], rows.get(ids.a)![18]]).toEqual(['采纳', '已协调街道开办'])
  expect([rows.get(ids.b)![16] ?? '', rows.get(ids.b)![17] ?? '', rows.get(ids.b)![18] ?? '']).toEqual(['', '', ''])
})

test('no figure, record or search used a full scan', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
