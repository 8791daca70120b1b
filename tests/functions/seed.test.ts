// The demo county: built by the product's own commands, every status present, the article's cases in it, idempotent.
import { expectOk, fullScans, sdkDatabase, startHarness, type Harness } from './harness'
import { seed, DEMO } from '../../scripts/seed'
import { STATUSES } from '../../src/domain/types'

// The seed runs a few thousand commands; on a shared 2-core machine that can take two minutes.
jest.setTimeout(300_000)
let h: Harness
beforeAll(async () => { h = await startHarness() })
afterAll(async () => { await h?.stop() })

test('seeding builds the demo county and answers the demo identities; a second run changes nothing', async () => {
  expect(await seed(h.url)).toEqual(DEMO)
  const counts = await h.counts()
  // 200 items of the loop, plus 29 raised at activities and 29 agreed there (scripts/seed-activities.ts); the evaluator and the department's handler are two more people.
  expect(counts).toMatchObject({ users: 274, orgUnits: 310, sectorGroups: 10, departments: 10, suggestions: 258 })
  expect(counts.events).toBeGreaterThan(600)
  expect(counts.comments).toBeGreaterThan(50)

  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
  const figures = expectOk(await h.call('figures', DEMO.staff, 'table', { period: { kind: 'year', year: thisYear }, dimension: 'town' }))
  expect(figures.total.counts.received).toBe(258)
  expect(figures.rows).toHaveLength(10)
  for (const k of ['adopted', 'reopened', 'rejected', 'merged', 'closed', 'claimed']) expect([k, figures.total.counts[k] > 0]).toEqual([k, true])
  const sdk = sdkDatabase(h)
  const stored = await sdk.collection('suggestions').where({ family: sdk.command.in(['triage', 'inProgress', 'replied', 'ended']) }).field({ status: true }).limit(1000).get()
  const statuses = new Set(stored.data.map((d: { status: string }) => d.status))
  for (const status of STATUSES) expect([status, statuses.has(status)]).toEqual([status, true])

  const me = expectOk(await h.call('org', DEMO.member, 'me', {}))
  expect(me.roles).toContain('member')
  expect(me.boundVillageIds).toHaveLength(1)
  expect(expectOk(await h.call('org', DEMO.admin, 'me', {})).roles).toContain('admin')
  const queue = expectOk(await h.call('suggestions', DEMO.member, 'memberQueue', { tab: 'toClaim' }))
  expect(queue.counts.toClaim + queue.counts.inProgress).toBeGreaterThan(0)
  const mine = expectOk(await h.call('suggestions', DEMO.citizen, 'mine', {}))
  expect(mine.items.length).toBeGreaterThan(3)

  const feed = expectOk(await h.call('suggestions', DEMO.citizen, 'feed', {}))
  expect(feed.items.length).toBeGreaterThan(5)
  const titles = new Set<string>()
  for (let cursor: string | null = null, i = 0; i < 20; i++) {
    const page: any = expectOk(await h.call('suggestions', DEMO.staff, 'triage', cursor ? { tab: 'ended', cursor } : { tab: 'ended' }))
    page.items.forEach((x: { title: string }) => titles.add(x.title))
    cursor = page.nextCursor
    if (!cursor) break
  }
  expect([...titles]).toEqual(expect.arrayContaining(['医院门口设置孝心停车位', '改善学生营养午餐', '缓解南市楼宇停车难', '帮助农户拓展腌新姜销路']))

  // The department's demo handler has the department's hand-offs to sign for.
  const dept = expectOk(await h.call('org', DEMO.department, 'me', {}))
  expect([dept.roles, dept.departmentIds.length]).toEqual([['citizen', 'departmentHandler'], 1])
  expect(expectOk(await h.call('suggestions', DEMO.department, 'memberQueue', { tab: 'toClaim' })).counts.toClaim).toBeGreaterThan(0)
  // A year of 请你来协商 in the office's proportions, read back through the figures.
  const year = expectOk(await h.call('activities', DEMO.staff, 'figures', {}))
  expect(year.activities).toBe(87)
  expect(year.byKind.filter((k: { count: number }) => k.count > 0).map((k: { name: string; count: number }) => [k.name, k.count])).toEqual([['“6”', 6], ['“X”', 36], ['民生议事堂', 45]])
  expect(year.participantTimes.total).toBe(2692)
  expect(year.raised).toBe(29)
  expect(year.raisedAdopted).toBeGreaterThan(0)
  expect(year.agreedItems.total).toBe(29)
  expect(year.agreedItems.onTime).toBeGreaterThan(0)
  expect(year.evaluation.overall).not.toBeNull()
  expect(year.paragraph).toMatch(/^共开展‘请你来协商’活动87场，其中“6”6场、“X”36场、民生议事堂45场，共参加人数2692人次，提出意见建议258条，采纳意见建议\d+条。$/)
  const live = expectOk(await h.call('activities', DEMO.citizen, 'list', { family: 'live' }))
  expect(live.items).toHaveLength(1)

  const before = await h.counts()
  expect(await seed(h.url)).toEqual(DEMO)
  expect(await h.counts()).toEqual(before)
  expect((await fullScans(h)).fullScans).toBe(0)
})

test('the demo county reads true: every time in the past, every photo there, every reply saying what its outcome says', async () => {
  await seed(h.url)
  const now = new Date().toISOString()
  const db = sdkDatabase(h)
  const all: any[] = []
  for (let skip = 0; ; skip += 100) {
    const page = (await db.collection('suggestions').orderBy('_id', 'asc').skip(skip).limit(100).get()).data
    all.push(...page)
    if (page.length < 100) break
  }
  expect(all).toHaveLength(258)
  // scripts/seed.ts's own items; the activities' seed (scripts/seed-activities.ts) has its own schedule and its own tests.
  const loop = all.filter((s) => !s.activityId)
  const loopIds = new Set(loop.map((s) => s._id))
  const future = loop.filter((s) => s.createdAt > now || s.updatedAt > now || (s.reply && s.reply.at > now) || (s.closedAt && s.closedAt > now))
  expect(future.map((s) => s.title)).toEqual([])
  const events: any[] = []
  for (let skip = 0; ; skip += 100) {
    const page = (await db.collection('events').orderBy('_id', 'asc').skip(skip).limit(100).get()).data
    events.push(...page)
    if (page.length < 100) break
  }
  expect(events.filter((e) => loopIds.has(e.suggestionId) && e.at > now)).toEqual([])

  // The activities' seed too: everything it records as done (created, signed in, answered, scored…) is done by now;
  // only what is planned may lie ahead (an activity's start and end, a deadline).
  const readAllOf = async (name: string) => {
    const docs: any[] = []
    for (let skip = 0; ; skip += 100) {
      const page = (await db.collection(name).orderBy('_id', 'asc').skip(skip).limit(100).get()).data
      docs.push(...page)
      if (page.length < 100) break
    }
    return docs
  }
  const PLANNED = new Set(['startAt', 'endAt', 'deadline', 'startKey'])
  const recorded = (doc: unknown, path: string, out: [string, string][]) => {
    if (Array.isArray(doc)) doc.forEach((x, i) => recorded(x, `${path}.${i}`, out))
    else if (doc && typeof doc === 'object') {
      for (const [k, v] of Object.entries(doc)) {
        if (typeof v === 'string' && (k === 'at' || k.endsWith('At')) && !PLANNED.has(k)) out.push([`${path}.${k}`, v])
        else if (!PLANNED.has(k)) recorded(v, `${path}.${k}`, out)
      }
    }
    return out
  }
  const fromActivities = all.filter((s) => s.activityId)
  const activityEvents = events.filter((e) => !loopIds.has(e.suggestionId))
  const seededTimes: [string, string][] = []
  for (const s of fromActivities) recorded(s, s.title, seededTimes)
  for (const e of activityEvents) recorded(e, `event ${e.command}`, seededTimes)
  for (const name of ['activities', 'activityEvents', 'signIns', 'registrations', 'evaluations']) {
    for (const d of await readAllOf(name)) recorded(d, `${name} ${d._id}`, seededTimes)
  }
  expect(seededTimes.length).toBeGreaterThan(1000)
  expect(seededTimes.filter(([, at]) => at > now)).toEqual([])
  // Held and concluded activities started in the past.
  expect((await readAllOf('activities')).filter((a) => ['held', 'concluded', 'evaluated'].includes(a.status) && a.startAt > now)).toEqual([])

  const images = [...new Set(all.flatMap((s) => s.images as string[]))]
  expect(images.length).toBeGreaterThan(0)
  for (const id of images) {
    const res = await fetch(`${h.url}/api/storage/${id.replace(/^cloud:\/\/[^/]+\//, '')}`)
    expect([id, res.status]).toEqual([id, 200])
  }

  const replied = loop.filter((s) => s.reply)
  for (const s of replied.filter((x) => x.reply.outcome === 'notAdopted')) expect(s.reply.text).toContain('暂不采纳')
  for (const s of replied.filter((x) => x.reply.outcome === 'forReference')) expect(s.reply.text).toContain('参考')
  expect(replied.filter((x) => x.reply.outcome === 'notAdopted').length).toBeGreaterThan(0)
})
