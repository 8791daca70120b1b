// Hostile and racing requests that once got through (issue 11, section 1): unchecked text, never-published content made
// public, merges across scope, probing hidden items, reused request ids, busy items, ill-formed text, racing rate limits,
// idempotency records kept forever. Each test failed before its fix.
import { newId, personIdFor } from '../../server/ids'
import { putPerson } from '../../server/repositories/users'
import { ADMIN, expectOk, fireTimer, inDays, rid, sdkDatabase, setupCounty, startHarness, type County, type Harness, fullScans } from './harness'

jest.setTimeout(120_000)
let h: Harness
let c: County
let db: any
beforeAll(async () => {
  h = await startHarness({ SANWEI_SUBMITS_PER_DAY: '3', SANWEI_COMMENTS_PER_HOUR: '1000', SANWEI_REQUEST_TTL_DAYS: '2' })
  c = await setupCounty(h)
  db = sdkDatabase(h)
})
afterAll(async () => { await h?.stop() })

const RISKY = '这里有人组织赌博'
const draft = (extra: Record<string, unknown> = {}) => ({
  category: 'traffic', townId: c.townId, villageId: c.villageId, title: '公交站台遮雨棚', content: '站台没有遮雨棚，雨天候车不便', images: [], anonymous: false, ...extra,
})
let authors = 0
const freshAuthor = () => `hardening-author-${authors++}`

async function itemAt(status: 'submitted' | 'accepted' | 'claimed' | 'replied', extra: Record<string, unknown> = {}, author = freshAuthor()): Promise<{ id: string; author: string }> {
  const id = expectOk(await h.act('suggestions', author, 'submit', draft(extra))).id
  if (status !== 'submitted') expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  if (status === 'claimed' || status === 'replied') {
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
    expectOk(await h.act('suggestions', c.member, 'claim', { id }))
  }
  if (status === 'replied') expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已协调公交公司加装', outcome: 'adopted' }))
  return { id, author }
}

/** An item whose content the check held for review: never published. */
async function heldForReview(author = freshAuthor()): Promise<string> {
  const r = expectOk(await h.act('suggestions', author, 'submit', draft({ content: '站台问题 reviewword 需要人工看' })))
  expect(r.status).toBe('pendingReview')
  return r.id
}

describe('every stored text a person controls goes through the content check', () => {
  const cases: [string, string, (i: { id: string; author: string }) => [string, Record<string, unknown>], 'submitted' | 'accepted' | 'claimed' | 'replied', string][] = [
    ['a withdraw reason', 'author', (i) => ['withdraw', { id: i.id, reason: RISKY }], 'submitted', 'reason'],
    ['a reject reason', 'staff', (i) => ['reject', { id: i.id, reason: RISKY }], 'submitted', 'reason'],
    ['a merge reason', 'staff', (i) => ['merge', { id: i.id, intoId: i.id.replace(/.$/, '0'), reason: RISKY }], 'submitted', 'reason'],
    ['a hand-off note', 'staff', (i) => ['handOff', { id: i.id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(5), note: RISKY }], 'accepted', 'note'],
    ['an agreed plan', 'staff', (i) => ['concludeConsultation', { id: i.id, plan: { actions: RISKY, responsibleUnit: '交通局', deadline: inDays(9) } }], 'accepted', 'plan.actions'],
    ['a chase note', 'staff', (i) => ['chase', { id: i.id, note: RISKY }], 'claimed', 'note'],
    ['a return reason', 'member', (i) => ['returnItem', { id: i.id, reason: RISKY }], 'claimed', 'reason'],
    ['a progress note', 'member', (i) => ['progress', { id: i.id, note: RISKY, images: [] }], 'claimed', 'note'],
    ['a rating reason', 'author', (i) => ['rate', { id: i.id, value: 'dissatisfied', reason: RISKY }], 'replied', 'reason'],
    ['a close reason', 'staff', (i) => ['close', { id: i.id, reason: RISKY }], 'replied', 'reason'],
    ['a group notice', 'staff', (i) => ['notifyGroup', { id: i.id, text: RISKY }], 'submitted', 'text'],
  ]
  test.each(cases)('%s with risky words is CONTENT_REJECTED and nothing is stored', async (_what, who, make, status, field) => {
    const item = await itemAt(status)
    if (_what === 'an agreed plan') expectOk(await h.act('suggestions', c.staff, 'openConsultation', { id: item.id, deadline: inDays(3), invitedMemberIds: [] }))
    const [action, input] = make(item)
    const openid = who === 'author' ? item.author : (c as unknown as Record<string, string>)[who]
    const before = await h.counts()
    expect(await h.act('suggestions', openid, action, input)).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field })
    expect(await h.counts()).toEqual(before)
    const timeline = expectOk(await h.call('suggestions', c.staff, 'detail', { id: item.id })).timeline
    expect(JSON.stringify(timeline)).not.toContain('赌博')
  })

  test('a profile name and the name of a village are checked too', async () => {
    expect(await h.act('org', 'hardening-name', 'updateProfile', { name: '赌博大王' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'name' })
    expect(await h.act('org', ADMIN, 'upsertVillage', { townId: c.townId, name: '诈骗村' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'name' })
    const members = expectOk(await h.call('org', c.staff, 'members', {})).members as { name: string }[]
    expect(members.map((m) => m.name).join()).not.toContain('赌博')
  })
})

describe('content never published stays with its author and staff, whatever becomes of it', () => {
  test.each([
    ['withdrawn by its author', 'author', 'withdraw', (id: string) => ({ id })],
    ['rejected by staff', 'staff', 'reject', (id: string) => ({ id, reason: '内容不实' })],
  ])('an item held for review and then %s is NOT_FOUND for anyone else', async (_what, who, action, input) => {
    const author = freshAuthor()
    const id = await heldForReview(author)
    expectOk(await h.act('suggestions', who === 'author' ? author : c.staff, action, input(id)))
    for (const viewer of [c.citizen2, c.member]) {
      expect(await h.call('suggestions', viewer, 'detail', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })
    }
    expect(expectOk(await h.call('suggestions', author, 'detail', { id })).mine).toBe(true)
    expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id })).id).toBe(id)
  })

  test('an item held for review cannot be a merge target: its title would go onto the public timeline', async () => {
    const hidden = await heldForReview()
    const { id } = await itemAt('submitted')
    expect(await h.act('suggestions', c.staff, 'merge', { id, intoId: hidden })).toMatchObject({ ok: false, code: 'BAD_TRANSITION', field: 'intoId' })
    expect(expectOk(await h.call('suggestions', c.citizen2, 'detail', { id })).status).toBe('submitted')
    expect(await h.call('suggestions', c.citizen2, 'detail', { id: hidden })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  test('once approved, the item is public, and stays public when it ends', async () => {
    const author = freshAuthor()
    const id = await heldForReview(author)
    expectOk(await h.act('suggestions', c.staff, 'approve', { id }))
    expectOk(await h.act('suggestions', author, 'withdraw', { id }))
    expect(expectOk(await h.call('suggestions', c.citizen2, 'detail', { id })).status).toBe('withdrawn')
  })
})

test('staff scoped to one town cannot merge into another town\'s item', async () => {
  // townStaff is scoped to otherTown: the source is theirs, the target is not.
  const source = expectOk(await h.act('suggestions', freshAuthor(), 'submit', draft({ townId: c.otherTownId, villageId: c.otherVillageId }))).id
  const { id: target } = await itemAt('submitted')
  const before = await h.counts()
  expect(await h.act('suggestions', c.townStaff, 'merge', { id: source, intoId: target })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'intoId' })
  expect(await h.counts()).toEqual(before)
  expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id: target })).mergedFromIds).toEqual([])
})

describe('a hidden item answers exactly as an id that does not exist', () => {
  const madeUp = () => newId(Date.now() - 86400_000)
  test.each([
    ['follow', (id: string) => ({ id, on: true })],
    ['comment', (id: string) => ({ id, text: '我也遇到过' })],
    ['second', (id: string) => ({ id })],
    ['rate', (id: string) => ({ id, value: 'satisfied' })],
    ['detail', (id: string) => ({ id })],
    ['timeline', (id: string) => ({ id, cursor: 'zzzzzzzzz' })],
    ['comments', (id: string) => ({ id, cursor: 'zzzzzzzzz' })],
  ])('%s on an item held for review', async (action, input) => {
    const hidden = await heldForReview()
    const before = await h.counts()
    const onHidden = await h.call('suggestions', c.citizen2, action, input(hidden), rid())
    const onMadeUp = await h.call('suggestions', c.citizen2, action, input(madeUp()), rid())
    expect(onHidden).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })
    expect(onHidden).toEqual(onMadeUp)
    expect(await h.counts()).toEqual(before)
  })
})

describe('a request id answers with its first answer only for the same action and input', () => {
  test('reused for another action: CONFLICT naming requestId, and nothing is stored', async () => {
    const author = freshAuthor()
    const requestId = rid()
    const { id } = expectOk(await h.call('suggestions', author, 'submit', draft(), requestId))
    const before = await h.counts()
    expect(await h.call('suggestions', author, 'comment', { id, text: '补充一点' }, requestId)).toMatchObject({ ok: false, code: 'CONFLICT', field: 'requestId' })
    expect(await h.counts()).toEqual(before)
    expect(expectOk(await h.call('suggestions', author, 'detail', { id })).comments).toEqual([])
  })

  test('reused for the same action with other input: CONFLICT; the very same request again: its first answer', async () => {
    const { id } = await itemAt('submitted')
    const requestId = rid()
    const first = expectOk(await h.call('suggestions', c.citizen, 'comment', { id, text: '第一条' }, requestId))
    expect(await h.call('suggestions', c.citizen, 'comment', { id, text: '第二条' }, requestId)).toMatchObject({ ok: false, code: 'CONFLICT', field: 'requestId' })
    expect(expectOk(await h.call('suggestions', c.citizen, 'comment', { id, text: '第一条' }, requestId))).toEqual(first)
    const texts = expectOk(await h.call('suggestions', c.citizen, 'detail', { id })).comments.map((x: { text: string }) => x.text)
    expect(texts).toEqual(['第一条'])
  })

  test('request ids are per person: another person may use the same one', async () => {
    const { id } = await itemAt('submitted')
    const requestId = rid()
    expectOk(await h.call('suggestions', c.citizen, 'second', { id }, requestId))
    expectOk(await h.call('suggestions', c.citizen2, 'second', { id }, requestId))
    expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id })).secondCount).toBe(2)
  })
})

describe('a busy item keeps its newest history', () => {
  test('past 200 events, the latest status change is on the detail, and older events page back to the first', async () => {
    const { id } = await itemAt('submitted')
    // 230 old events, older than the item's own (as if the thread had been busy for a long time).
    const base = Date.now() - 10 * 86400_000
    const old = Array.from({ length: 230 }, (_, i) => ({
      _id: newId(base + i * 1000), suggestionId: id, command: 'comment', actorId: c.ids.citizen, actorRole: 'citizen',
      from: 'submitted', to: 'submitted', at: new Date(base + i * 1000).toISOString(), payload: {},
    }))
    await db.collection('events').add(old)
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    const d = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id }))
    expect(d.status).toBe('accepted')
    expect(d.timeline[d.timeline.length - 1].command).toBe('accept')
    expect(d.timeline).toHaveLength(50)
    const seen = new Set<string>(d.timeline.map((e: { id: string }) => e.id))
    let cursor = d.olderTimelineCursor
    while (cursor) {
      const p = expectOk(await h.call('suggestions', c.citizen2, 'timeline', { id, cursor }))
      for (const e of p.items) seen.add(e.id)
      cursor = p.nextCursor
    }
    expect(seen.size).toBe(232) // 230 old, the submission, the acceptance
  })

  test('past 500 comments, the tally counts the latest stance of each person', async () => {
    const { id } = await itemAt('accepted')
    expectOk(await h.act('suggestions', c.staff, 'openConsultation', { id, deadline: inDays(3), invitedMemberIds: [] }))
    const base = Date.now() - 86400_000
    for (let b = 0; b < 3; b++) {
      await db.collection('comments').add(Array.from({ length: 200 }, (_, i) => ({
        _id: newId(base + (b * 200 + i) * 100), suggestionId: id, authorId: c.ids.citizen, authorRole: 'citizen', text: `早先的讨论${b * 200 + i}`, at: new Date(base + (b * 200 + i) * 100).toISOString(),
      })))
    }
    expectOk(await h.act('suggestions', c.citizen, 'comment', { id, text: '赞成加装', stance: 'for' }))
    expectOk(await h.act('suggestions', c.citizen2, 'comment', { id, text: '赞成', stance: 'for' }))
    expectOk(await h.act('suggestions', c.citizen2, 'comment', { id, text: '想了想还是反对', stance: 'against' }))
    expectOk(await h.act('suggestions', c.member, 'comment', { id, text: '中立', stance: 'neutral' }))
    const d = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
    expect(d.consultation.tally).toEqual({ for: 1, neutral: 1, against: 1 })
    expect(d.comments[d.comments.length - 1].text).toBe('中立')
    expect(d.olderCommentsCursor).not.toBeNull()
    expectOk(await h.act('suggestions', c.staff, 'concludeConsultation', { id, plan: { actions: '加装遮雨棚', responsibleUnit: '交通局', deadline: inDays(20) } }))
    expect(expectOk(await h.call('suggestions', c.staff, 'detail', { id })).consultation.plan.tally).toEqual({ for: 1, neutral: 1, against: 1 })
  })

  test('past 1,000 members, the member list pages on to the last one', async () => {
    const now = new Date().toISOString()
    const people = Array.from({ length: 1010 }, (_, i) => ({
      _id: `ubulk${String(i).padStart(5, '0')}`, openid: `bulk-member-${i}`, name: `委员${String(i).padStart(4, '0')}`, roles: ['citizen', 'member'],
      sectorGroupIds: [], boundVillageIds: [], createdAt: now, updatedAt: now,
    }))
    for (let i = 0; i < people.length; i += 100) await Promise.all(people.slice(i, i + 100).map((p) => putPerson(db, p as never)))
    const names = new Set<string>()
    let cursor: string | null = null
    let pages = 0
    do {
      const p: { members: { name: string }[]; nextCursor: string | null } = expectOk(await h.call('org', c.citizen, 'members', cursor ? { cursor } : {}))
      for (const m of p.members) names.add(m.name)
      cursor = p.nextCursor
      pages++
    } while (cursor)
    expect(names.has('委员1009')).toBe(true)
    expect(names.has('委员0000')).toBe(true)
    expect(names.size).toBeGreaterThanOrEqual(1013) // the bulk members and the county's three
    expect(pages).toBeGreaterThan(5)
  })
})

test('text with a lone surrogate is refused as INVALID_INPUT naming its field', async () => {
  const { id } = await itemAt('submitted')
  const before = await h.counts()
  expect(await h.act('suggestions', c.citizen, 'comment', { id, text: 'ab\uD800cd' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'text' })
  expect(await h.act('suggestions', freshAuthor(), 'submit', draft({ title: '\uDC00站台' }))).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'title' })
  expect(await h.act('org', 'surrogate-person', 'updateProfile', { name: '张\uD83D' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'name' })
  expect(await h.counts()).toEqual(before)
  // A well-formed pair (an emoji) is fine.
  expectOk(await h.act('suggestions', c.citizen, 'comment', { id, text: '点赞\uD83D\uDC4D' }))
})

test('with one submission left today, 20 at once store exactly one', async () => {
  const who = 'racing-citizen'
  expectOk(await h.act('suggestions', who, 'submit', draft({ title: '第一条' })))
  expectOk(await h.act('suggestions', who, 'submit', draft({ title: '第二条' })))
  // Every function instance warm first, so that the 20 calls really overlap.
  await Promise.all(Array.from({ length: 12 }, () => h.call('suggestions', who, 'mine', {})))
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => h.act('suggestions', who, 'submit', draft({ title: `并发${i}` }))))
  expect(answers.filter((a) => a.ok)).toHaveLength(1)
  for (const a of answers.filter((x) => !x.ok)) expect(['RATE_LIMITED', 'CONFLICT']).toContain((a as { code: string }).code)
  const mine = expectOk(await h.call('suggestions', who, 'mine', {}))
  expect(mine.counts.triage).toBe(3)
  expect(await h.act('suggestions', who, 'submit', draft())).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
})

test('with one comment left this hour, 20 at once store exactly one', async () => {
  // Its own local CloudBase: two comments an hour (the shared one allows 1,000).
  const limited = await startHarness({ SANWEI_COMMENTS_PER_HOUR: '2' })
  try {
    const townId = expectOk(await limited.act('org', ADMIN, 'upsertTown', { name: '当湖街道', order: 1 })).id
    const villageId = expectOk(await limited.act('org', ADMIN, 'upsertVillage', { townId, name: '东湖社区', order: 1 })).id
    const { id } = expectOk(await limited.act('suggestions', 'comment-author', 'submit', { ...draft(), townId, villageId }))
    const who = 'racing-commenter'
    expectOk(await limited.act('suggestions', who, 'comment', { id, text: '第一条意见' }))
    await Promise.all(Array.from({ length: 12 }, () => limited.call('suggestions', who, 'detail', { id })))
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => limited.act('suggestions', who, 'comment', { id, text: `并发意见${i}` })))
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    for (const a of answers.filter((x) => !x.ok)) expect(['RATE_LIMITED', 'CONFLICT']).toContain((a as { code: string }).code)
    const detail = expectOk(await limited.call('suggestions', 'comment-author', 'detail', { id }))
    expect(detail.comments.filter((x: { text: string }) => x.text.startsWith('并发意见'))).toHaveLength(1)
    expect(detail.commentCount).toBe(2)
    expect(await limited.act('suggestions', who, 'comment', { id, text: '再来一条' })).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
  } finally {
    await limited.stop()
  }
})

test('idempotency records expire after the configured days, swept by the timer', async () => {
  const who = freshAuthor()
  const oldRequest = rid()
  const first = await h.call('suggestions', who, 'submit', draft(), oldRequest)
  expect(first.ok).toBe(true)
  const recent = rid()
  expectOk(await h.call('suggestions', who, 'follow', { id: (first as { data: { id: string } }).data.id, on: true }, recent))
  const all = (await db.collection('requests').where({ personId: personIdFor(who) }).limit(100).get()).data as { _id: string; at: string }[]
  const record = all.find((r) => r._id.endsWith(`_${oldRequest}`))!
  expect(record).toBeDefined()
  await db.collection('requests').doc(record._id).update({ at: new Date(Date.now() - 3 * 86400_000).toISOString() })
  const report = await fireTimer(h)
  expect(report.result.data.expiredRequests).toBeGreaterThanOrEqual(1)
  const left = ((await db.collection('requests').where({ personId: personIdFor(who) }).limit(100).get()).data as { _id: string }[]).map((r) => r._id)
  expect(left.some((x) => x.endsWith(`_${oldRequest}`))).toBe(false)
  expect(left.some((x) => x.endsWith(`_${recent}`))).toBe(true)
})

test('every query above used a declared index (no full scans)', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
