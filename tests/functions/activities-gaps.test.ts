// Gaps the mutation run left in `activities`: the field named on a refused raise or list entry, what an evaluation's
// event says, who a town-organised activity is shown as organised by, which agreed items the figures count overdue, who may not export the members' records,
// and the year report's title.
import JSZip from 'jszip'
import { ADMIN, expectOk, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness, heldActivityIn } from './harness'

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
  const oneTown = expectOk(await h.call('figures', c.staff, 'table', { period: range, dimension: 'month', townId: c.townId }))
  expect(oneTown.rows.map((r: { key: string; counts: { received: number } }) => [r.key, r.counts.received])).toEqual([['2024-01', 2], ['2024-02', 3]])
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
})
