// Gaps the mutation run left in `activities`: the field named on a refused raise or list entry, what an evaluation's
// event says, who a town-organised activity is shown as organised by, which agreed items the figures count overdue, who may not export the members' records,
// and the year report's title.
import JSZip from 'jszip'
import ExcelJS from 'exceljs'
import { ADMIN, expectOk, fireTimer, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness, heldActivityIn } from './harness'

jest.setTimeout(90_000)
let h: Harness
let c: County
const evaluator = 'gaps-evaluator'
let evaluatorId: string
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  db = sdkDatabase(h)
  evaluatorId = expectOk(await h.act('org', evaluator, 'updateProfile', { name: '评价员-姓名' })).id
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: evaluatorId, roles: ['citizen', 'evaluator'] }))
})
afterAll(async () => { await h?.stop() })

const newActivity = (extra: Record<string, unknown> = {}) => ({
  kind: 'forum', topic: '老旧小区停车难怎么破', description: '邀请住建、交警和居民代表面对面协商老旧小区停车问题。',
  startAt: inDays(1), endAt: inDays(1.1), townId: c.townId, venue: '东湖社区文化家园',
  organiser: { kind: 'town', id: c.townId }, invitedMemberIds: [c.ids.member], invitedDepartmentIds: [],
  registration: { open: true, cap: null }, ...extra,
})

const heldActivity = (extra: Record<string, unknown> = {}): Promise<string> => heldActivityIn(h, c.staff, newActivity(extra))

test('a suggestion raised at an activity held in no particular village must say its village, and the error names villageId', async () => {
  const id = await heldActivity()
  expectOk(await h.act('activities', c.citizen, 'signIn', { id }))
  const before = (await h.counts()).suggestions ?? 0
  const raise = { id, title: '小区增设充电桩', content: '电动车充电难，建议增设充电桩。', category: 'publicService' }
  expect(await h.act('activities', c.citizen, 'raise', raise)).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'villageId' })
  expect(await h.act('activities', c.citizen, 'raise', { ...raise, villageId: 'no-such-village' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'villageId' })
  expect((await h.counts()).suggestions ?? 0).toBe(before)
  // Naming a real village lets it through, placed in that village.
  const { suggestionId } = expectOk(await h.act('activities', c.citizen, 'raise', { ...raise, villageId: c.village2Id }))
  expect(expectOk(await h.call('suggestions', c.citizen, 'detail', { id: suggestionId }))).toMatchObject({ villageId: c.village2Id, townId: c.townId })
})

test('a second activity kind or criterion with a name already in the list is refused, naming the name field', async () => {
  expect(await h.act('activities', ADMIN, 'upsertListEntry', { list: 'kinds', name: '民生议事堂' })).toMatchObject({ ok: false, code: 'CONFLICT', field: 'name' })
  expect(await h.act('activities', ADMIN, 'upsertListEntry', { list: 'criteria', name: '选题' })).toMatchObject({ ok: false, code: 'CONFLICT', field: 'name' })
  const lists = expectOk(await h.call('activities', c.staff, 'lists', {}))
  expect(lists.kinds.filter((k: { name: string }) => k.name === '民生议事堂')).toHaveLength(1)
  expect(lists.criteria.filter((k: { name: string }) => k.name === '选题')).toHaveLength(1)
})

test('the evaluation on the timeline gives the evaluator and the scores, but not the notes the evaluator wrote', async () => {
  const id = await heldActivity({ villageId: c.villageId })
  expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '与会各方就停车位挖潜达成共识。', photos: [] }))
  const scores = [
    { criterionId: 'topic', score: 5, note: '选题贴近群众' }, { criterionId: 'participation', score: 3, note: '部门到场偏少' },
    { criterionId: 'deliberation', score: 4 }, { criterionId: 'conversion', score: 2, note: '' }, { criterionId: 'satisfaction', score: 4 },
  ]
  expectOk(await h.act('activities', evaluator, 'evaluate', { id, scores }))
  const d = expectOk(await h.call('activities', c.staff, 'detail', { id }))
  const evaluated = d.timeline.filter((e: { command: string }) => e.command === 'evaluate')
  expect(evaluated).toHaveLength(1)
  expect(evaluated[0].payload).toEqual({
    evaluatorId,
    scores: [
      { criterionId: 'topic', score: 5 }, { criterionId: 'participation', score: 3 }, { criterionId: 'deliberation', score: 4 },
      { criterionId: 'conversion', score: 2 }, { criterionId: 'satisfaction', score: 4 },
    ],
  })
  expect(JSON.stringify(d.timeline)).not.toContain('部门到场偏少')
})

test('an activity a town organises is shown as organised by that town, by name', async () => {
  const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity()))
  expectOk(await h.act('activities', c.staff, 'publish', { id }))
  const d = expectOk(await h.call('activities', c.citizen, 'detail', { id }))
  expect(d.organiser).toEqual({ kind: 'town', id: c.townId, name: '当湖街道' })
})

test('an agreed item past its deadline counts as overdue in the figures whether or not its member has claimed it', async () => {
  const id = await heldActivity({ villageId: c.villageId })
  const agreed = (title: string) => ({ title, category: 'safety', target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(30) })
  const { agreedItemIds } = expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [], agreedItems: [agreed('修复村道'), agreed('增设路灯')] }))
  const [claimed, unclaimed] = agreedItemIds as string[]
  expectOk(await h.act('suggestions', c.member, 'claim', { id: claimed }))
  expect(expectOk(await h.call('activities', c.staff, 'figures', {})).agreedItems).toMatchObject({ total: 2, answered: 0, overdue: 0 })
  // Both deadlines pass (moved back in the database: the clock cannot be turned).
  const past = new Date(Date.now() - 30 * 3600_000).toISOString()
  for (const s of [claimed, unclaimed]) await db.collection('suggestions').doc(s).update({ 'handOff.deadline': past, dueKey: `${past}|${s}` })
  expect(expectOk(await h.call('activities', c.staff, 'figures', {})).agreedItems).toMatchObject({ total: 2, answered: 0, overdue: 2 })
})

test('a citizen asking for the members’ yearly records as a spreadsheet is refused, and no file is made', async () => {
  const before = await h.counts()
  const year = new Date().getUTCFullYear()
  expect(await h.call('figures', c.citizen, 'exportMemberRecords', { year, layout: 'table' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  const after = await h.counts()
  expect(after.exports ?? 0).toBe(before.exports ?? 0)
  expect(after.files ?? 0).toBe(before.files ?? 0)
})

test('the year report in Word opens with its title, centred in the Title style, naming the reader’s scope and the year', async () => {
  const year = new Date().getUTCFullYear()
  const firstParagraph = async (openid: string) => {
    const out = expectOk(await h.call('figures', openid, 'exportYearReport', { year }))
    const res = await fetch(out.url)
    expect(res.status).toBe(200)
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()))
    const xml = await zip.file('word/document.xml')!.async('string')
    const p = xml.match(/<w:body>\s*(<w:p>[\s\S]*?<\/w:p>)/)![1]
    return { style: p.match(/<w:pStyle w:val="([^"]+)"/)?.[1], align: p.match(/<w:jc w:val="([^"]+)"/)?.[1], text: p.replace(/<[^>]+>/g, '') }
  }
  expect(await firstParagraph(c.staff)).toEqual({ style: 'Title', align: 'center', text: `全市${year}年度“三微”工作报告` })
  expect(await firstParagraph(c.townStaff)).toEqual({ style: 'Title', align: 'center', text: `乍浦镇${year}年度“三微”工作报告` })
})

test('a table of days from mid-January to the end of March: January from its day documents, February and March whole, in month order', async () => {
  // The rollups of 2024, written as the timer would have kept them (no item of 2024 exists here).
  const cell = (n: Record<string, number>, townId: string) => ({ all: { n }, town: { [townId]: { n } }, cat: { traffic: { n } }, townCat: { [`${townId}~traffic`]: { n } } })
  const docs: Record<string, Record<string, unknown>> = {
    // Inside the range: 15 January onwards.
    [`townDay_2024-01-20_${c.townId}`]: { dim: 'townDay', key: c.townId, month: '2024-01', day: '2024-01-20', ...cell({ R: 2 }, c.townId) },
    // Before it (in the period shown beside it), and January as a whole month: neither counts in the range.
    [`townDay_2024-01-10_${c.townId}`]: { dim: 'townDay', key: c.townId, month: '2024-01', day: '2024-01-10', ...cell({ R: 7 }, c.townId) },
    [`town_2024-01_${c.townId}`]: { dim: 'town', key: c.townId, month: '2024-01', ...cell({ R: 50 }, c.townId) },
    [`town_2024-02_${c.townId}`]: { dim: 'town', key: c.townId, month: '2024-02', ...cell({ R: 3 }, c.townId) },
    [`town_2024-03_${c.otherTownId}`]: { dim: 'town', key: c.otherTownId, month: '2024-03', ...cell({ RA: 1 }, c.otherTownId) },
    // The same months by category (a category's documents hold its whole-county cell).
    ['category_2024-02_traffic']: { dim: 'category', key: 'traffic', month: '2024-02', all: { n: { R: 3 } } },
    ['category_2024-03_traffic']: { dim: 'category', key: 'traffic', month: '2024-03', all: { n: { RA: 1 } } },
  }
  for (const [id, doc] of Object.entries(docs)) await db.collection('figureRollups').doc(id).set(doc)
  const range = { kind: 'range', from: '2024-01-15', to: '2024-03-31' }
  const byMonth = expectOk(await h.call('figures', c.staff, 'table', { period: range, dimension: 'month' }))
  expect(byMonth.rows.map((r: { key: string; name: string; counts: { received: number } }) => [r.key, r.name, r.counts.received]))
    .toEqual([['2024-01', '2024年1月', 2], ['2024-02', '2024年2月', 3], ['2024-03', '2024年3月', 1]])
  expect(byMonth.total.counts).toMatchObject({ received: 6, accepted: 1 })
  expect(byMonth.total.previous.counts.received).toBe(7)
  // By town, and one town's months: the same documents' town cells.
  const byTown = expectOk(await h.call('figures', c.staff, 'table', { period: range, dimension: 'town' }))
  expect(byTown.rows.map((r: { name: string; counts: { received: number } }) => [r.name, r.counts.received])).toEqual([['当湖街道', 5], ['乍浦镇', 1]])
  // Beside each row, the same town in the period before (the 76 days up to 14 January): 当湖街道 had 7, 乍浦镇 none.
  expect(byTown.rows[0].previous.counts.received).toBe(7)
  expect(byTown.rows[0].previous.rates.adoptionRate).toEqual({ num: 0, den: 0, value: null })
  expect(byTown.rows[1].previous).toBeUndefined()
  // By category: the whole months from the category documents, the January days from the day documents' category cells.
  const byCategory = expectOk(await h.call('figures', c.staff, 'table', { period: range, dimension: 'category' }))
  expect(byCategory.rows.map((r: { key: string; counts: { received: number }; previous?: { counts: { received: number } } }) => [r.key, r.counts.received, r.previous?.counts.received]))
    .toEqual([['traffic', 6, 7]])
  const oneTown = expectOk(await h.call('figures', c.staff, 'table', { period: range, dimension: 'month', townId: c.townId }))
  expect(oneTown.rows.map((r: { key: string; counts: { received: number } }) => [r.key, r.counts.received])).toEqual([['2024-01', 2], ['2024-02', 3]])
  // One town's March, with February beside it: February's whole-month document read for that town's cell.
  const march = expectOk(await h.call('figures', c.staff, 'table', { period: { kind: 'month', year: 2024, month: 3 }, dimension: 'month', townId: c.townId }))
  expect([march.rows, march.total.counts.received, march.total.previous.counts.received]).toEqual([[], 0, 3])
})

test('a month of more than a thousand items is exported whole, every page of it', async () => {
  // 1,001 items of June 2024, stored directly in the shape the commands store (copies of one real item).
  const { id } = expectOk(await h.act('suggestions', c.citizen, 'submit', {
    category: 'traffic', townId: c.townId, villageId: c.villageId, title: '村道路面修补', content: '村道路面多处破损', images: [], anonymous: false,
  }))
  const { _id: _drop, ...shape } = (await db.collection('suggestions').doc(id).get()).data[0]
  const copies = Array.from({ length: 1001 }, (_x, i) => {
    const createdAt = new Date(Date.UTC(2024, 5, 3) + i * 60_000).toISOString()
    const _id = `bulk2024${String(i).padStart(6, '0')}`
    return { ...shape, _id, createdAt, updatedAt: createdAt, fig: { ...shape.fig, month: '2024-06', at: `${createdAt}|${_id}` } }
  })
  for (let i = 0; i < copies.length; i += 500) await db.collection('suggestions').add(copies.slice(i, i + 500))
  const out = expectOk(await h.call('figures', c.staff, 'exportItems', { period: { kind: 'month', year: 2024, month: 6 } }))
  expect(out.rows).toBe(1001)
})

test('the admin renames, moves and retires an activity kind: activities show the new name, a retired kind takes no new activity', async () => {
  const kinds = async () => expectOk(await h.call('activities', c.staff, 'lists', {})).kinds as { id: string; name: string; order: number; retired?: boolean }[]
  const { id: earlier } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ kind: 'faceToFace' })))
  const upsert = (entry: Record<string, unknown>) => h.act('activities', ADMIN, 'upsertListEntry', { list: 'kinds', ...entry })
  // Renamed in place: the same id and place in the list.
  expect(expectOk(await upsert({ id: 'faceToFace', name: '面对面协商' }))).toEqual({ id: 'faceToFace' })
  expect((await kinds()).map((k) => [k.id, k.name, k.order])).toEqual([
    ['six', '“6”', 1], ['x', '“X”', 2], ['forum', '民生议事堂', 3], ['faceToFace', '面对面协商', 4], ['lounge', '委员会客厅', 5], ['station', '驻站接待', 6], ['crossBorder', '浙沪联组', 7],
  ])
  expect(expectOk(await h.call('activities', c.staff, 'detail', { id: earlier })).kindName).toBe('面对面协商')
  // Keeping its own name is no conflict; taking another's is.
  expectOk(await upsert({ id: 'faceToFace', name: '面对面协商', retired: true }))
  expect(await upsert({ id: 'lounge', name: '驻站接待' })).toMatchObject({ ok: false, code: 'CONFLICT', field: 'name' })
  expect(await upsert({ id: 'no-such-kind', name: '新的' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })
  expect(await h.act('activities', c.staff, 'create', newActivity({ kind: 'faceToFace' }))).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'kind' })
  // Moved to the end; a new kind without a place goes after the seven there were.
  expectOk(await upsert({ id: 'six', name: '“6”', order: 10 }))
  const { id: added } = expectOk(await upsert({ name: '界别协商' }))
  expect((await kinds()).map((k) => [k.id, k.order, k.retired ?? false])).toEqual([
    ['x', 2, false], ['forum', 3, false], ['faceToFace', 4, true], ['lounge', 5, false], ['station', 6, false], ['crossBorder', 7, false], [added, 8, false], ['six', 10, false],
  ])
})

test('activity lists: the upcoming ones of a town, latest start first; drafts only for staff of their towns; my activities newest first', async () => {
  const inOther = (who: string, topic: string, days: number, publish: boolean) => (async () => {
    const { id } = expectOk(await h.act('activities', who, 'create', newActivity({
      topic, townId: c.otherTownId, organiser: { kind: 'town', id: c.otherTownId }, startAt: inDays(days), endAt: inDays(days + 0.1), invitedMemberIds: [c.ids.member2],
    })))
    if (publish) expectOk(await h.act('activities', who, 'publish', { id }))
    return id as string
  })()
  // Made in another order than they start.
  const later = await inOther(c.townStaff, '海塘保护协商', 5, true)
  const sooner = await inOther(c.townStaff, '渔港整治协商', 3, true)
  const draftByTown = await inOther(c.townStaff, '老街改造协商', 4, false)
  const draftByCounty = await inOther(c.staff, '乡村振兴协商', 2, false)
  const { id: draftHere } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ startAt: inDays(6), endAt: inDays(6.1) })))
  const list = async (who: string, input: Record<string, unknown>) => expectOk(await h.call('activities', who, 'list', input))
  const ids = (p: { items: { id: string }[] }) => p.items.map((i) => i.id)

  const upcoming = await list(c.citizen, { family: 'upcoming', townId: c.otherTownId })
  expect(ids(upcoming)).toEqual([later, sooner])
  expect(upcoming.nextCursor).toBeNull()
  expect(upcoming.items[1]).toMatchObject({ topic: '渔港整治协商', townName: '乍浦镇', kindName: '民生议事堂', status: 'published', participantTimes: 0, registeredCount: 0, cap: null })
  // Staff of the other town see its drafts, whoever made them, and no other town's.
  expect(ids(await list(c.townStaff, { family: 'planning' }))).toEqual([draftByTown, draftByCounty])
  expect(ids(await list(c.staff, { family: 'planning', townId: c.otherTownId }))).toEqual([draftByTown, draftByCounty])
  const mineOnly = new Set([draftHere, draftByTown, draftByCounty])
  expect(ids(await list(c.staff, { family: 'planning' })).filter((id) => mineOnly.has(id))).toEqual([draftHere, draftByTown, draftByCounty])
  expect(await h.call('activities', c.townStaff, 'list', { family: 'planning', townId: c.townId })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('activities', c.citizen, 'list', { family: 'planning' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // The invited member: the published ones (not the drafts), and those registered for, latest start first.
  for (const id of [sooner, later]) expectOk(await h.act('activities', c.member2, 'register', { id }))
  const mine = expectOk(await h.call('activities', c.member2, 'mine', {}))
  expect([ids({ items: mine.invited }), ids({ items: mine.registered }), mine.attended]).toEqual([[later, sooner], [later, sooner], []])
  // Signed in at the sooner one once it is held: attended too, and live, no longer upcoming.
  expectOk(await h.act('activities', c.townStaff, 'openSignIn', { id: sooner }))
  expectOk(await h.act('activities', c.member2, 'signIn', { id: sooner }))
  const after = expectOk(await h.call('activities', c.member2, 'mine', {}))
  expect([ids({ items: after.invited }), ids({ items: after.attended })]).toEqual([[later, sooner], [sooner]])
  expect(ids(await list(c.citizen, { family: 'live', townId: c.otherTownId }))).toEqual([sooner])
  expect(ids(await list(c.citizen, { family: 'upcoming', townId: c.otherTownId }))).toEqual([later])
})

test('a member\'s record pages through their items newest first; staff of one town see the items in their town only', async () => {
  // 21 items of May 2024 handled by member2, stored directly (copies of a real item); two of them in the other town.
  const { id } = expectOk(await h.act('suggestions', c.citizen, 'submit', {
    category: 'safety', townId: c.townId, villageId: c.villageId, title: '河道护栏缺失', content: '河道边没有护栏', images: [], anonymous: false,
  }))
  const { _id: _drop, ...shape } = (await db.collection('suggestions').doc(id).get()).data[0]
  const at = (i: number, hours = 0) => new Date(Date.UTC(2024, 4, 1) + i * 3600_000 + hours * 60_000).toISOString()
  const rec = (i: number) => `rec2024member2${String(i).padStart(2, '0')}`
  const items = Array.from({ length: 21 }, (_x, i) => {
    const other = i === 5 || i === 6
    const doc: Record<string, unknown> = {
      ...shape, _id: rec(i), title: `记录${i}`, createdAt: at(i), status: 'claimed', handlerId: c.ids.member2, claimedAt: at(i, 5),
      townId: other ? c.otherTownId : c.townId, villageId: other ? c.otherVillageId : c.villageId,
      handOff: { target: { kind: 'member', memberId: c.ids.member2 }, at: at(i, 1), deadline: at(i, 90), by: c.ids.staff },
      fig: { ...shape.fig, month: '2024-05', at: `${at(i)}|${rec(i)}`, member: c.ids.member2 },
    }
    // The newest: replied in time and rated; the one before: handed to the member's group and claimed by someone else.
    if (i === 20) Object.assign(doc, { status: 'closed', reply: { at: at(i, 60), outcome: 'adopted', text: '已加装护栏', by: c.ids.member2 }, rating: { value: 'satisfied', at: at(i, 70) } })
    if (i === 19) Object.assign(doc, { handlerId: c.ids.groupMember, handOff: { target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, at: at(i, 1), deadline: at(i, 90), by: c.ids.staff } })
    return doc
  })
  // And one of the next year, which a record of 2024 never shows.
  const next = '2025-01-05T00:00:00.000Z'
  items.push({ ...items[0], _id: 'rec2025member2', title: '次年记录', createdAt: next, fig: { ...shape.fig, month: '2025-01', at: `${next}|rec2025member2`, member: c.ids.member2 } })
  await db.collection('suggestions').add(items)
  const record = async (who: string, input: Record<string, unknown>) => expectOk(await h.call('figures', who, 'memberRecord', { year: 2024, ...input }))
  const first = await record(c.staff, { memberId: c.ids.member2 })
  expect(first.items.map((x: { id: string }) => x.id)).toEqual(Array.from({ length: 20 }, (_x, k) => rec(20 - k)))
  expect(first.nextCursor).toBe(`${at(1)}|${rec(1)}`)
  expect(first.items[0]).toEqual({ id: rec(20), title: '记录20', status: 'closed', townName: '当湖街道', createdAt: at(20), claimedAt: at(20, 5), repliedAt: at(20, 60), outcome: 'adopted', onTime: true, rating: 'satisfied' })
  expect(first.items[1]).toEqual({ id: rec(19), title: '记录19', status: 'claimed', townName: '当湖街道', createdAt: at(19), viaGroup: true })
  expect(first.items.find((x: { id: string }) => x.id === rec(5))).toMatchObject({ townName: '乍浦镇', claimedAt: at(5, 5) })
  const second = await record(c.staff, { memberId: c.ids.member2, cursor: first.nextCursor })
  expect([second.items.map((x: { id: string }) => x.id), second.nextCursor]).toEqual([[rec(0)], null])
  // Below the newest, exactly a page is left: no page after it.
  const below = await record(c.staff, { memberId: c.ids.member2, cursor: `${at(20)}|${rec(20)}` })
  expect([below.items.length, below.items[19].id, below.nextCursor]).toEqual([20, rec(0), null])
  // The member's own record is the same; a cursor past the year's end starts from the newest.
  expect((await record(c.member2, {})).items.map((x: { id: string }) => x.id)).toEqual(first.items.map((x: { id: string }) => x.id))
  expect((await record(c.member2, { cursor: '2099-01-01T00:00:00.000Z' })).items[0].id).toBe(rec(20))
  const inTown = await record(c.townStaff, { memberId: c.ids.member2 })
  expect([inTown.items.map((x: { id: string }) => x.id), inTown.nextCursor]).toEqual([[rec(6), rec(5)], null])
})

test('an activity\'s page and its sign-in page: who organises it, who is invited, the sign-in link; a suggestion awaiting review shown to staff and its author only', async () => {
  const id = await heldActivity({ villageId: c.villageId, organiser: { kind: 'sectorGroup', id: c.groupId }, invitedDepartmentIds: [c.departmentId] })
  const state = async (who: string) => expectOk(await h.call('activities', who, 'signInState', { id }))
  const before = await state(c.citizen2)
  expect(before).toEqual({
    id, topic: '老旧小区停车难怎么破', status: 'held', startAt: expect.any(String), venue: '东湖社区文化家园', townId: c.townId, townName: '当湖街道',
    villageId: c.villageId, signedIn: false, satisfactionAnswered: false, total: 0, canRaise: false,
  })
  for (const who of [c.citizen2, c.citizen]) expectOk(await h.act('activities', who, 'signIn', { id }))
  expect(await state(c.citizen2)).toEqual({ ...before, signedIn: true, total: 2, canRaise: true })
  // One suggestion held for review (a word the content check wants a person to look at), one not.
  const held = expectOk(await h.act('activities', c.citizen2, 'raise', { id, title: '停车收费', content: '停车收费待审词太高', category: 'traffic' })).suggestionId
  const open = expectOk(await h.act('activities', c.citizen, 'raise', { id, title: '增设车位', content: '建议增设停车位', category: 'traffic' })).suggestionId
  const page = async (who: string) => expectOk(await h.call('activities', who, 'detail', { id }))
  const staffView = await page(c.staff)
  expect(staffView.raised.map((r: { id: string; status: string }) => [r.id, r.status]).sort()).toEqual([[held, 'pendingReview'], [open, 'submitted']].sort())
  expect((await page(c.citizen2)).raised.map((r: { id: string }) => r.id).sort()).toEqual([held, open].sort())
  expect((await page(c.citizen)).raised.map((r: { id: string }) => r.id)).toEqual([open])
  expect(staffView.organiser).toEqual({ kind: 'sectorGroup', id: c.groupId, name: '经济界活动组' })
  expect([staffView.invitedMembers, staffView.invitedDepartments]).toEqual([[{ id: c.ids.member, name: 'member-姓名' }], [{ id: c.departmentId, name: '市住建局' }]])
  expect(staffView.signInPath).toBe(`packages/activities/pages/signin/index?scene=${encodeURIComponent(`a=${id}`)}`)
  expect(staffView.startAt).toBe(before.startAt)
  // The office's own activity is shown as the office's.
  const { id: office } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ organiser: { kind: 'office' } })))
  expect(expectOk(await h.call('activities', c.staff, 'detail', { id: office })).organiser).toEqual({ kind: 'office', name: '市政协办公室' })
})

test('tables by town and by village list them in the office\'s order, not by what they received; a village gone from the directory last', async () => {
  // August 2024's rollups, written as the timer keeps them.
  const doc = (dim: string, key: string, n: number) => ({ dim, key, month: '2024-08', all: { n: { R: n } } })
  const docs: [string, Record<string, unknown>][] = [
    [`town_2024-08_${c.townId}`, doc('town', c.townId, 1)], [`town_2024-08_${c.otherTownId}`, doc('town', c.otherTownId, 9)],
    [`village_2024-08_${c.villageId}`, doc('village', c.villageId, 1)], [`village_2024-08_${c.village2Id}`, doc('village', c.village2Id, 5)],
    [`village_2024-08_${c.otherVillageId}`, doc('village', c.otherVillageId, 9)], ['village_2024-08_0-gone-village', doc('village', '0-gone-village', 2)],
  ]
  for (const [id, d] of docs) await db.collection('figureRollups').doc(id).set(d)
  const rows = async (dimension: string) => (expectOk(await h.call('figures', c.staff, 'table', { period: { kind: 'month', year: 2024, month: 8 }, dimension })).rows as { name: string; counts: { received: number } }[])
    .map((r) => [r.name, r.counts.received])
  expect(await rows('town')).toEqual([['当湖街道', 1], ['乍浦镇', 9]])
  expect(await rows('village')).toEqual([['东湖社区', 1], ['南市社区', 5], ['雅山村', 9], ['0-gone-village', 2]])
})

test('concluding with an agreed item: a village outside the activity\'s town, a deadline already past or a target that does not exist is refused naming that item\'s field; a kept one says where it came from', async () => {
  const id = await heldActivity({ villageId: c.villageId })
  const agreed = (extra: Record<string, unknown>) => ({ title: '修缮村口凉亭', category: 'publicService', target: { kind: 'department', departmentId: c.departmentId }, deadline: inDays(20), ...extra })
  const conclude = (items: Record<string, unknown>[]) => h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [], agreedItems: items })
  const before = await h.counts()
  expect(await conclude([agreed({}), agreed({ villageId: c.otherVillageId })])).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'agreedItems.1.villageId' })
  expect(await conclude([agreed({ deadline: new Date(Date.now() - 60_000).toISOString() })])).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'agreedItems.0.deadline' })
  expect(await conclude([agreed({}), agreed({ target: { kind: 'department', departmentId: 'no-such-department' } })])).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'agreedItems.1.target' })
  expect(await conclude([agreed({ target: { kind: 'member', memberId: 'no-such-member' } })])).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'agreedItems.0.target' })
  const after = await h.counts()
  expect([after.suggestions, after.events, after.activityEvents]).toEqual([before.suggestions, before.events, before.activityEvents])
  // Kept: in the village asked for, its content saying which activity agreed it and who does it by when, the hand-off's note kept.
  const { agreedItemIds } = expectOk(await conclude([agreed({ villageId: c.village2Id, note: '请于汛期前完成' })]))
  const item = expectOk(await h.call('suggestions', c.staff, 'detail', { id: agreedItemIds[0] }))
  expect([item.villageId, item.content, item.handOff.note]).toEqual([c.village2Id, '“老旧小区停车难怎么破”活动现场拍板事项，由市住建局限期办理。', '请于汛期前完成'])
})

test('members\' records: most replied first, then most claimed, then by name; someone handed items who is no longer a member is listed too, with their comments and sign-ins', async () => {
  // October 2023's member rollups, written as the timer keeps them; a comment and a sign-in of that month by the staff member.
  const doc = (key: string, n: Record<string, number>) => ({ dim: 'member', key, month: '2023-10', all: { n } })
  const docs: [string, Record<string, number>][] = [
    [c.ids.member, { RAHC: 3 }], [c.ids.member2, { RAHCP: 1 }], [c.ids.groupMember, { RAHC: 3 }], [c.ids.staff, { RAH: 2 }],
  ]
  for (const [key, n] of docs) await db.collection('figureRollups').doc(`member_2023-10_${key}`).set(doc(key, n))
  const at = '2023-10-05T02:00:00.000Z'
  await db.collection('comments').add([{ _id: `${Date.parse(at).toString(36).padStart(9, '0')}000aaaaaa`, authorId: c.ids.staff, suggestionId: 'old-item', text: '跟进', createdAt: at }])
  await db.collection('signIns').add([{ _id: 'old-activity_staff', activityId: 'old-activity', personId: c.ids.staff, group: 'citizens', at }])
  const records = expectOk(await h.call('figures', c.staff, 'memberRecords', { year: 2023 }))
  expect(records.rows.map((r: { name: string; counts: { replied: number; claimed: number; received: number }; commentedItems: number; activitiesAttended: number }) =>
    [r.name, r.counts.replied, r.counts.claimed, r.counts.received, r.commentedItems, r.activitiesAttended])).toEqual([
    ['member2-姓名', 1, 1, 1, 0, 0], ['groupMember-姓名', 0, 3, 3, 0, 0], ['member-姓名', 0, 3, 3, 0, 0], ['staff-姓名', 0, 0, 2, 1, 1],
  ])
})

test('the year report counts the activities held in the reader\'s towns: a town\'s staff theirs, county staff every town\'s', async () => {
  const id = await heldActivityIn(h, c.townStaff, newActivity({ townId: c.otherTownId, organiser: { kind: 'town', id: c.otherTownId }, invitedMemberIds: [] }))
  for (const who of [c.citizen, c.citizen2]) expectOk(await h.act('activities', who, 'signIn', { id }))
  expectOk(await h.act('activities', c.townStaff, 'conclude', { id, minutes: '纪要', photos: [] }))
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const held = async (who: string, input: Record<string, unknown> = {}) => expectOk(await h.call('figures', who, 'yearReport', { year, ...input })).activities
  expect(await held(c.townStaff)).toMatchObject({ held: 1, participantTimes: 2 })
  expect(await held(c.staff, { townId: c.otherTownId })).toMatchObject({ held: 1, participantTimes: 2 })
  // County-wide: every activity of the year that took place, whichever tests of this file held them.
  const _ = db.command
  const from = new Date(Date.UTC(year, 0, 1) - 8 * 3600_000).toISOString()
  const all = (await db.collection('activities').where({ status: _.in(['concluded', 'evaluated']), startAt: _.gte(from) }).limit(1000).get()).data.length
  expect(all).toBeGreaterThan(1)
  expect((await held(c.staff)).held).toBe(all)
})

test('topics answered in a batch of more than four: each answer\'s result names its own place in the list', async () => {
  const id = await heldActivity({ villageId: c.villageId })
  expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [] }))
  const answers = ['one', 'two', 'three', 'four', 'five', 'six'].map((x) => ({ suggestionId: `not-a-topic-${x}`, text: '已答复', outcome: 'adopted' }))
  const { results } = expectOk(await h.act('activities', c.staff, 'answerTopics', { id, answers }))
  expect(results.map((r: { suggestionId: string; ok: boolean; code: string; field: string }) => [r.suggestionId, r.ok, r.code, r.field])).toEqual(
    answers.map((a, i) => [a.suggestionId, false, 'INVALID_INPUT', `answers.${i}.suggestionId`]))
})

test('editing an activity: a village of another town or an unknown kind is refused naming the field; topics are linked only while still open', async () => {
  const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ villageId: c.villageId })))
  expect(await h.act('activities', c.staff, 'update', { id, villageId: c.otherVillageId })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'villageId' })
  expect(await h.act('activities', c.staff, 'update', { id, kind: 'nosuchkind' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'kind' })
  expectOk(await h.act('activities', c.staff, 'update', { id, villageId: c.village2Id, kind: 'six' }))
  const card = expectOk(await h.call('activities', c.staff, 'detail', { id }))
  expect([card.villageName, card.kindName]).toEqual(['南市社区', '“6”'])
  const submit = async (title: string) => expectOk(await h.act('suggestions', c.citizen, 'submit', {
    category: 'traffic', townId: c.townId, villageId: c.villageId, title, content: `${title}，请协调解决`, images: [], anonymous: false,
  })).id as string
  const open = await submit('公交站台遮雨棚')
  const accepted = await submit('公交线路延伸')
  expectOk(await h.act('suggestions', c.staff, 'accept', { id: accepted }))
  const turnedDown = await submit('公交票价')
  expectOk(await h.act('suggestions', c.staff, 'reject', { id: turnedDown, reason: '不属于本级事权' }))
  expect(await h.act('activities', c.staff, 'linkTopics', { id, suggestionIds: [open, turnedDown] })).toMatchObject({ ok: false, code: 'BAD_TRANSITION', field: 'suggestionIds' })
  expect(await h.act('activities', c.staff, 'linkTopics', { id, suggestionIds: [open, 'no-such-item'] })).toMatchObject({ ok: false, code: 'BAD_TRANSITION', field: 'suggestionIds' })
  expectOk(await h.act('activities', c.staff, 'linkTopics', { id, suggestionIds: [open, accepted] }))
  expect(expectOk(await h.call('activities', c.staff, 'detail', { id })).topics.map((t: { id: string }) => t.id).sort()).toEqual([open, accepted].sort())
})

test('the timer folds every committed change into the rollups, more than one batch of them, and the tables read the same after', async () => {
  for (let i = 0; i < 11; i++) {
    // Each from someone new (a person submits at most ten a day).
    const { id } = expectOk(await h.act('suggestions', `gaps-resident-${i}`, 'submit', {
      category: 'environment', townId: c.townId, villageId: c.village2Id, title: `垃圾分类点${i}`, content: '垃圾分类点需要增设', images: [], anonymous: false,
    }))
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  }
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const byCategory = async () => expectOk(await h.call('figures', c.staff, 'table', { period: { kind: 'year', year }, dimension: 'category' })).rows
  const before = await byCategory()
  expect((await h.counts()).figureDeltas).toBeGreaterThanOrEqual(22)
  const fired = await fireTimer(h)
  expect((fired.result?.data ?? fired.data ?? fired).foldedFigures).toBeGreaterThanOrEqual(22)
  expect((await h.counts()).figureDeltas ?? 0).toBe(0)
  expect(await byCategory()).toEqual(before)
  expect(before.find((r: { key: string }) => r.key === 'environment').counts).toMatchObject({ received: 11, accepted: 11 })
})

test('suggestions raised at an activity count in the same ten a day as those submitted in the app', async () => {
  const id = await heldActivity({ villageId: c.villageId })
  const who = 'gaps-busy-resident'
  expectOk(await h.act('activities', who, 'signIn', { id }))
  const submit = (i: number) => h.act('suggestions', who, 'submit', { category: 'other', townId: c.townId, villageId: c.villageId, title: `日常建议${i}`, content: '日常内容', images: [], anonymous: false })
  const raise = (i: number) => h.act('activities', who, 'raise', { id, title: `现场建议${i}`, content: '现场提出的建议', category: 'other' })
  for (let i = 0; i < 5; i++) expectOk(await submit(i))
  for (let i = 0; i < 5; i++) expectOk(await raise(i))
  const before = (await h.counts()).suggestions
  expect(await raise(5)).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
  expect(await submit(5)).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
  expect((await h.counts()).suggestions).toBe(before)
  expect(expectOk(await h.call('activities', c.staff, 'detail', { id })).raised).toHaveLength(5)
})

test('an agreed item is recorded openly by the staff member who concluded: the member handling it sees who', async () => {
  const id = await heldActivity({ villageId: c.villageId })
  const { agreedItemIds } = expectOk(await h.act('activities', c.staff, 'conclude', {
    id, minutes: '纪要', photos: [], agreedItems: [{ title: '疏通排水沟', category: 'environment', target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(15) }],
  }))
  const item = expectOk(await h.call('suggestions', c.member, 'detail', { id: agreedItemIds[0] }))
  expect([item.anonymous, item.author?.name]).toEqual([false, 'staff-姓名'])
})

test('an evaluation is stored with each score and the notes the evaluator wrote (the figures read it; the timeline leaves the notes out)', async () => {
  const id = await heldActivity({ villageId: c.villageId })
  expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [] }))
  const scores = [
    { criterionId: 'topic', score: 4, note: '选题实在' }, { criterionId: 'participation', score: 2, note: '群众偏少' },
    { criterionId: 'deliberation', score: 3 }, { criterionId: 'conversion', score: 5 }, { criterionId: 'satisfaction', score: 4, note: '' },
  ]
  expectOk(await h.act('activities', evaluator, 'evaluate', { id, scores }))
  const stored = (await db.collection('evaluations').doc(`${id}_${evaluatorId}`).get()).data[0]
  expect(stored.scores).toEqual([
    { criterionId: 'topic', score: 4, note: '选题实在' }, { criterionId: 'participation', score: 2, note: '群众偏少' },
    { criterionId: 'deliberation', score: 3 }, { criterionId: 'conversion', score: 5 }, { criterionId: 'satisfaction', score: 4 },
  ])
  expect(stored).toMatchObject({ activityId: id, evaluatorId, kind: 'forum', townId: c.townId })
})

test('the members\' records as one sheet each: sheet names without the characters Excel refuses, a name taken twice numbered', async () => {
  // Two members whose names differ only by a slash: the same sheet name once the slash is dropped.
  expectOk(await h.act('org', c.member2, 'updateProfile', { name: '李/明' }))
  expectOk(await h.act('org', c.groupMember, 'updateProfile', { name: '李明' }))
  const out = expectOk(await h.call('figures', c.staff, 'exportMemberRecords', { year: 2024, layout: 'sheets' }))
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(await (await fetch(out.url)).arrayBuffer()) as never)
  // Nothing counted in 2024: in order of name.
  expect(book.worksheets.map((w) => w.name)).toEqual(['member-姓名', '李明', '李明_2'])
  // 李/明 (member2) handled the 21 items of May 2024 stored above, if that test ran; each sheet lists its member's items.
  const ids = (w: ExcelJS.Worksheet) => { const out: string[] = []; w.eachRow((r, n) => { if (n > 4) out.push(String(r.getCell(1).value)) }); return out }
  expect(ids(book.worksheets[2])).toEqual([])
  expect(ids(book.worksheets[1]).every((x) => x.startsWith('rec2024member2'))).toBe(true)
  expect(out.rows).toBe(3)
})

test('a concluded and evaluated activity\'s whole page, as staff see it, as a participant sees it and as another citizen sees it', async () => {
  const draft = newActivity({ villageId: c.villageId, invitedDepartmentIds: [c.departmentId], registration: { open: true, cap: 30 } })
  const { id } = expectOk(await h.act('activities', c.staff, 'create', draft))
  expectOk(await h.act('activities', c.staff, 'publish', { id }))
  expectOk(await h.act('activities', c.citizen2, 'register', { id }))
  expectOk(await h.act('activities', c.staff, 'openSignIn', { id }))
  for (const who of [c.citizen2, c.member]) expectOk(await h.act('activities', who, 'signIn', { id }))
  expectOk(await h.act('activities', c.staff, 'addWalkIns', { id, group: 'departments', count: 1, names: ['住建局张科长'] }))
  const raised = expectOk(await h.act('activities', c.citizen2, 'raise', { id, title: '增设车位', content: '建议增设停车位', category: 'traffic' })).suggestionId
  const deadline = inDays(20)
  // The staff's 办理中 tab counts the agreed item, and its category's count too.
  const tabs = async () => expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'handling' })).counts.handling as number
  const byCategory = async () => expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'handling', category: 'traffic' })).counts.handling as number
  const [handling, trafficHandling] = [await tabs(), await byCategory()]
  const { agreedItemIds } = expectOk(await h.act('activities', c.staff, 'conclude', {
    id, minutes: '议定由委员跟进车位挖潜。', photos: ['cloud://env/activity/p1.jpg'],
    agreedItems: [{ title: '挖潜停车位', category: 'traffic', target: { kind: 'member', memberId: c.ids.member }, deadline }],
  }))
  expect([await tabs(), await byCategory()]).toEqual([handling + 1, trafficHandling + 1])
  expectOk(await h.act('activities', c.citizen2, 'answerSatisfaction', { id, value: 'basicallySatisfied' }))
  const scores = [
    { criterionId: 'topic', score: 5 }, { criterionId: 'participation', score: 4 }, { criterionId: 'deliberation', score: 3 },
    { criterionId: 'conversion', score: 4 }, { criterionId: 'satisfaction', score: 5, note: '群众满意' },
  ]
  expectOk(await h.act('activities', evaluator, 'evaluate', { id, scores }))
  const event = (command: string, actorRole: string, from: string | null, to: string, payload: Record<string, unknown>, actorName: string) =>
    ({ id: expect.any(String), at: expect.any(String), command, actorRole, from, to, payload, actorName })
  const timeline = (citizenName: string) => [
    event('create', 'staff', null, 'draft', {}, 'staff-姓名'),
    event('publish', 'staff', 'draft', 'published', {}, 'staff-姓名'),
    event('openSignIn', 'staff', 'published', 'held', {}, 'staff-姓名'),
    event('addWalkIns', 'staff', 'held', 'held', { group: 'departments', count: 2, names: ['住建局张科长'] }, 'staff-姓名'),
    event('raise', 'citizen', 'held', 'held', { suggestionId: raised }, citizenName),
    event('conclude', 'staff', 'held', 'concluded', {
      signedIn: { members: 1, citizens: 1, departments: 0 }, walkIns: { members: 0, citizens: 0, departments: 2 }, agreedItemIds,
    }, 'staff-姓名'),
    // The evaluator is a citizen with the evaluator's role: named to staff only. The notes stay off the timeline.
    event('evaluate', 'evaluator', 'concluded', 'evaluated', { evaluatorId, scores: scores.map(({ criterionId, score }) => ({ criterionId, score })) }, citizenName === '群众' ? '群众' : '评价员-姓名'),
  ]
  const staffView = {
    id, kind: 'forum', kindName: '民生议事堂', topic: '老旧小区停车难怎么破', startAt: draft.startAt, endAt: draft.endAt,
    townId: c.townId, townName: '当湖街道', villageName: '东湖社区', venue: '东湖社区文化家园', status: 'evaluated',
    // Two sign-ins (a member, a citizen) and two departments' walk-ins (one counted, one by name).
    participantTimes: 4, registeredCount: 1, cap: 30,
    description: '邀请住建、交警和居民代表面对面协商老旧小区停车问题。',
    organiser: { kind: 'town', id: c.townId, name: '当湖街道' },
    invitedMembers: [{ id: c.ids.member, name: 'member-姓名' }], invitedDepartments: [{ id: c.departmentId, name: '市住建局' }],
    registration: { open: true, cap: 30 },
    registered: false, signedIn: false, satisfactionAnswered: false,
    signIns: { members: 1, citizens: 1, departments: 0 },
    walkIns: { members: 0, citizens: 0, departments: 2, names: [{ name: '住建局张科长', group: 'departments' }] },
    participants: { members: 1, citizens: 1, departments: 2, total: 4 },
    agreedItems: [{
      id: agreedItemIds[0], title: '挖潜停车位', status: 'assigned', overdue: false, villageName: '东湖社区', deadline,
      targetName: 'member-姓名', target: { kind: 'member', memberId: c.ids.member },
    }],
    raised: [{ id: raised, title: '增设车位', status: 'submitted', overdue: false, villageName: '东湖社区' }],
    topics: [],
    // (5 + 4 + 3 + 4 + 5) / 5 = 4.2 over all criteria.
    evaluation: {
      count: 1, mine: false, overall: 4.2,
      byCriterion: [
        { criterionId: 'topic', name: '选题', average: 5 }, { criterionId: 'participation', name: '参与', average: 4 },
        { criterionId: 'deliberation', name: '协商充分', average: 3 }, { criterionId: 'conversion', name: '成果转化', average: 4 },
        { criterionId: 'satisfaction', name: '群众满意', average: 5 },
      ],
    },
    satisfaction: { satisfied: 0, basicallySatisfied: 1, dissatisfied: 0 },
    timeline: timeline('citizen2-姓名'),
    actions: ['answerTopics'],
    signInPath: `packages/activities/pages/signin/index?scene=${encodeURIComponent(`a=${id}`)}`,
    conclusion: { minutes: '议定由委员跟进车位挖潜。', photos: ['cloud://env/activity/p1.jpg'], at: expect.any(String) },
  }
  const asStaff = expectOk(await h.call('activities', c.staff, 'detail', { id }))
  expect(asStaff).toEqual(staffView)
  expect(asStaff.conclusion.at).toBe(asStaff.timeline[5].at)
  // The participant: their own registration, sign-in and answer; the walk-ins counted but not named; citizens unnamed.
  const asParticipant = expectOk(await h.call('activities', c.citizen2, 'detail', { id }))
  const { names: _names, ...counted } = staffView.walkIns
  expect({ ...asParticipant, actions: [] }).toEqual({
    ...staffView, registered: true, signedIn: true, satisfactionAnswered: true, walkIns: counted, timeline: timeline('群众'), actions: [],
  })
  expect(expectOk(await h.call('activities', c.citizen, 'detail', { id }))).toEqual({ ...staffView, walkIns: counted, timeline: timeline('群众'), actions: [] })
  // The evaluator's own page says they have evaluated it; a second evaluation by them is refused.
  expect(expectOk(await h.call('activities', evaluator, 'detail', { id })).evaluation).toEqual({ ...staffView.evaluation, mine: true })
  expect(await h.act('activities', evaluator, 'evaluate', { id, scores })).toMatchObject({ ok: false, code: 'CONFLICT', field: 'id' })
  // An activity that is not there: each page says so, naming the id.
  for (const action of ['detail', 'signInState', 'signInCode']) {
    expect(await h.call('activities', c.staff, action, { id: 'no-such-activity' })).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '活动不存在', field: 'id' })
  }
})

test('topics answered where the activity invited no department: each needs one named, unless already handed to a department; a refused reply names its own field', async () => {
  // Their own resident: the day's ten submissions of the file's usual citizens are left alone.
  const submit = async (title: string) => expectOk(await h.act('suggestions', 'gaps-topics-resident', 'submit', {
    category: 'publicService', townId: c.townId, villageId: c.villageId, title, content: `${title}，请协调解决`, images: [], anonymous: false,
  })).id as string
  const [noDepartment, named, handedOff, risky] = [await submit('社区图书室'), await submit('社区健身器材'), await submit('社区快递柜'), await submit('社区广场舞噪音')]
  expectOk(await h.act('suggestions', c.staff, 'accept', { id: handedOff }))
  const { id } = expectOk(await h.act('activities', c.staff, 'create', newActivity({ villageId: c.villageId, topicSuggestionIds: [noDepartment, named, handedOff, risky] })))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id: handedOff, target: { kind: 'department', departmentId: c.departmentId }, deadline: inDays(10) }))
  expectOk(await h.act('activities', c.staff, 'publish', { id }))
  expectOk(await h.act('activities', c.staff, 'openSignIn', { id }))
  expectOk(await h.act('activities', c.staff, 'conclude', { id, minutes: '纪要', photos: [] }))
  const { results } = expectOk(await h.act('activities', c.staff, 'answerTopics', {
    id, answers: [
      { suggestionId: noDepartment, text: '已答复', outcome: 'adopted' },
      { suggestionId: named, text: '已答复', outcome: 'adopted', departmentId: c.departmentId },
      { suggestionId: handedOff, text: '快递柜已安装', outcome: 'partlyAdopted' },
      { suggestionId: risky, text: '这里有赌博', outcome: 'adopted', departmentId: c.departmentId },
    ],
  }))
  expect(results).toEqual([
    { suggestionId: noDepartment, ok: false, code: 'INVALID_INPUT', message: '请选择答复的部门（活动未邀请部门）', field: 'answers.0.departmentId', commands: [] },
    { suggestionId: named, ok: true, status: 'replied', commands: ['accept', 'handOff', 'recordReply'] },
    // Already with the department: only its answer is recorded.
    { suggestionId: handedOff, ok: true, status: 'replied', commands: ['recordReply'] },
    // Accepted and handed off, then the reply's text refused: the result says how far it got and which field.
    { suggestionId: risky, ok: false, code: 'CONTENT_REJECTED', message: expect.any(String), field: 'answers.3.text', commands: ['accept', 'handOff'] },
  ])
  const item = expectOk(await h.call('suggestions', c.staff, 'detail', { id: named }))
  expect(item.handOff).toMatchObject({ targetKind: 'department', targetId: c.departmentId, targetName: '市住建局', note: '“老旧小区停车难怎么破”活动协商议题，现场由部门答复。' })
  expect(item.reply).toMatchObject({ text: '已答复', outcome: 'adopted' })
})

test('an activity in a town that does not exist is refused, naming townId', async () => {
  const before = (await h.counts()).activities ?? 0
  expect(await h.act('activities', c.staff, 'create', newActivity({ townId: 'no-such-town' }))).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '镇街道不存在', field: 'townId' })
  expect((await h.counts()).activities ?? 0).toBe(before)
})

test('a second scan answers with the group the person signed in as, though they have been made a member since', async () => {
  const id = await heldActivity()
  const who = 'gaps-new-member'
  expect(expectOk(await h.act('activities', who, 'signIn', { id }))).toEqual({ id, already: false, group: 'citizens' })
  const personId = expectOk(await h.act('org', who, 'updateProfile', { name: '新任委员' })).id
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId, roles: ['citizen', 'member'] }))
  expect(expectOk(await h.act('activities', who, 'signIn', { id }))).toEqual({ id, already: true, group: 'citizens' })
})
