// Identity and safety: forbidden calls write nothing, bad input names its field, one claim wins, retries act once,
// risky text is refused, rate limits hold, identity comes from the context only.
import { ADMIN, expectOk, inDays, rid, setupCounty, startHarness, type County, type Harness, fullScans } from './harness'

jest.setTimeout(90_000)
let h: Harness
let c: County
beforeAll(async () => {
  h = await startHarness({ SANWEI_SUBMITS_PER_DAY: '4', SANWEI_COMMENTS_PER_HOUR: '3' })
  c = await setupCounty(h)
})
afterAll(async () => { await h?.stop() })

const draft = (c: County, extra: Record<string, unknown> = {}) => ({
  category: 'agriculture', townId: c.townId, villageId: c.villageId, title: '腌新姜销售渠道', content: '村里腌新姜产量大，希望拓展线上销售渠道', images: [], anonymous: false, ...extra,
})

// The daily submission limit is low in this file, so each item gets its own author.
let authors = 0
const freshAuthor = () => `author-${authors++}`

async function itemAt(status: 'submitted' | 'accepted' | 'assigned' | 'claimed' | 'replied', author = freshAuthor()): Promise<string> {
  const id = expectOk(await h.act('suggestions', author, 'submit', draft(c))).id
  if (status === 'submitted') return id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  if (status === 'accepted') return id
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
  if (status === 'assigned') return id
  expectOk(await h.act('suggestions', c.member, 'claim', { id }))
  if (status === 'claimed') return id
  expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已联系电商平台', outcome: 'adopted' }))
  return id
}

describe('a forbidden call answers FORBIDDEN and writes nothing', () => {
  let ids: Record<string, string>
  beforeAll(async () => {
    ids = {
      submitted: await itemAt('submitted'), accepted: await itemAt('accepted'), assigned: await itemAt('assigned'),
      claimed: await itemAt('claimed'), replied: await itemAt('replied'),
    }
  })
  const cases: [string, string, string, (ids: Record<string, string>, c: County) => Record<string, unknown>][] = [
    ['a citizen', 'citizen', 'accept', (i) => ({ id: i.submitted })],
    ['a citizen', 'citizen', 'reject', (i) => ({ id: i.submitted, reason: '不想要' })],
    ['someone else', 'citizen', 'withdraw', (i) => ({ id: i.submitted })],
    ['staff of another town', 'townStaff', 'accept', (i) => ({ id: i.submitted })],
    ['staff of another town', 'townStaff', 'merge', (i) => ({ id: i.submitted, intoId: i.accepted })],
    ['a member', 'member', 'openConsultation', (i, c) => ({ id: i.accepted, deadline: inDays(2), invitedMemberIds: [c.ids.member] })],
    ['a citizen', 'citizen', 'handOff', (i, c) => ({ id: i.accepted, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(3) })],
    ['a member it was not handed to', 'member2', 'claim', (i) => ({ id: i.assigned })],
    ['a citizen', 'citizen', 'claim', (i) => ({ id: i.assigned })],
    ['a member who is not the handler', 'member2', 'progress', (i) => ({ id: i.claimed, note: '进展', images: [] })],
    ['a member who is not the handler', 'member2', 'reply', (i) => ({ id: i.claimed, text: '答复', outcome: 'adopted' })],
    ['staff', 'staff', 'reply', (i) => ({ id: i.claimed, text: '答复', outcome: 'adopted' })],
    ['someone other than the author', 'citizen', 'rate', (i) => ({ id: i.replied, value: 'satisfied' })],
    ['the handler', 'member', 'rate', (i) => ({ id: i.replied, value: 'satisfied' })],
    ['a member', 'member', 'chase', (i) => ({ id: i.claimed })],
    ['a citizen', 'citizen', 'close', (i) => ({ id: i.replied })],
    ['a citizen', 'citizen', 'reassign', (i, c) => ({ id: i.claimed, target: { kind: 'member', memberId: c.ids.member2 }, deadline: inDays(3) })],
    ['a stranger never seen before', 'stranger', 'approve', (i) => ({ id: i.submitted })],
    ['a citizen', 'citizen', 'notifyGroup', (i) => ({ id: i.submitted, text: '通知' })],
    ['a citizen recording for someone else', 'citizen', 'submit', (_i, c) => draft(c, { channel: 'liaisonStation', onBehalfOf: { name: '张阿姨', phone: '13900001111' } })],
  ]
  test.each(cases)('%s (%s) cannot %s', async (_who, person, action, input) => {
    const openid = person === 'stranger' ? 'stranger-openid' : (c as unknown as Record<string, string>)[person]
    const before = await h.counts()
    const res = await h.act('suggestions', openid, action, input(ids, c))
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await h.counts()).toEqual(before)
  })
  test.each([
    ['upsertTown', { name: '新镇' }],
    ['upsertVillage', { townId: 'x1', name: '新村' }],
    ['bindMember', { villageId: 'x1', memberId: null }],
    ['upsertSectorGroup', { name: '新组', memberIds: [] }],
    ['upsertDepartment', { name: '新局' }],
    ['setRoles', { personId: 'x1', roles: ['admin'] }],
  ])('staff (not admin) cannot %s', async (action, input) => {
    const before = await h.counts()
    expect(await h.act('org', c.staff, action, input)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await h.counts()).toEqual(before)
  })
  test('a citizen cannot read the member queue, triage or the figures', async () => {
    for (const [action, input] of [['memberQueue', { tab: 'toClaim' }], ['triage', { tab: 'submitted' }]] as const) {
      expect(await h.call('suggestions', c.citizen, action, input)).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
    expect(await h.call('figures', c.citizen, 'table', { period: { kind: 'year', year }, dimension: 'town' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('identity comes from the context only', () => {
  test('an openid or role inside the event data is ignored', async () => {
    const res = await fetch(`${h.url}/api/functions/org`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': c.citizen },
      body: JSON.stringify({ data: { action: 'upsertTown', input: { name: '冒名镇' }, requestId: rid(), openid: ADMIN, userInfo: { openId: ADMIN }, roles: ['admin'] } }),
    })
    expect(((await res.json()) as { result: unknown }).result).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
  test('an input field carrying an openid is refused by name', async () => {
    expect(await h.act('org', c.citizen, 'updateProfile', { name: '张三', openid: ADMIN })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'openid' })
  })
  test('no identity at all is UNAUTHENTICATED', async () => {
    expect(await h.call('org', null, 'me', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })
  test('the first admin comes from configuration', async () => {
    const me = expectOk(await h.call('org', ADMIN, 'me', {}))
    expect(me.roles).toContain('admin')
  })
  test('the timer function refuses a person\'s call', async () => {
    const res = await h.call('timer', c.staff, 'run', {})
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('every invalid input names its field', () => {
  test.each([
    ['suggestions', 'submit', { title: '标'.repeat(51) }, 'title'],
    ['suggestions', 'submit', { content: '' }, 'content'],
    ['suggestions', 'submit', { images: Array(10).fill('cloud://e.b/x.jpg') }, 'images'],
    ['suggestions', 'submit', { villageId: 'no such village' }, 'villageId'],
    ['suggestions', 'submit', { villageId: 'nosuchvillage' }, 'villageId'],
    ['suggestions', 'submit', { townId: 'nosuchtown' }, 'townId'],
    ['suggestions', 'comment', { id: 'x1', text: '评'.repeat(501) }, 'text'],
    ['suggestions', 'reject', { id: 'x1', reason: '理'.repeat(501) }, 'reason'],
    ['suggestions', 'handOff', { id: 'x1', target: { kind: 'member' }, deadline: '2030-01-01T00:00:00Z' }, 'target.memberId'],
    ['suggestions', 'claim', { id: '../etc' }, 'id'],
    ['suggestions', 'mine', { cursor: 'a b' }, 'cursor'],
    ['org', 'updateProfile', { phone: '110' }, 'phone'],
  ])('%s.%s → %s', async (fn, action, input, field) => {
    const full = action === 'submit' ? draft(c, input) : input
    expect(await h.act(fn, c.citizen, action, full)).toMatchObject({ ok: false, code: 'INVALID_INPUT', field })
  })
  test('an unknown action and a mutation without requestId name theirs', async () => {
    expect(await h.call('suggestions', c.citizen, 'destroy', {})).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'action' })
    expect(await h.call('suggestions', c.citizen, 'submit', draft(c))).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'requestId' })
  })
  test('a deadline in the past names the deadline', async () => {
    const id = await itemAt('accepted')
    expect(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(-1) }))
      .toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'deadline' })
    expect(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.citizen }, deadline: inDays(3) }))
      .toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'target' })
  })
})

test('20 members claiming one item at once: exactly one wins, the others get CONFLICT', async () => {
  const memberIds: string[] = []
  const openids = Array.from({ length: 20 }, (_, i) => `racer-${i}`)
  await Promise.all(openids.map(async (o) => memberIds.push(expectOk(await h.act('org', o, 'updateProfile', { name: `委员${o}` })).id)))
  for (const id of memberIds) expectOk(await h.act('org', ADMIN, 'setRoles', { personId: id, roles: ['citizen', 'member'] }))
  const groupId = expectOk(await h.act('org', ADMIN, 'upsertSectorGroup', { name: '农业界活动组', memberIds })).id
  const id = expectOk(await h.act('suggestions', freshAuthor(), 'submit', draft(c))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'sectorGroup', sectorGroupId: groupId }, deadline: inDays(7) }))

  const results = await Promise.all(openids.map((o) => h.act('suggestions', o, 'claim', { id })))
  const winners = results.filter((r) => r.ok)
  expect(winners).toHaveLength(1)
  expect(results.filter((r) => !r.ok).map((r) => (r as { code: string }).code)).toEqual(Array(19).fill('CONFLICT'))
  const detail = expectOk(await h.call('suggestions', c.staff, 'detail', { id }))
  expect(detail.timeline.filter((e: { command: string }) => e.command === 'claim')).toHaveLength(1)
})

test('a retried request id acts once and answers the first answer', async () => {
  const requestId = rid()
  const author = freshAuthor()
  const first = await h.call('suggestions', author, 'submit', draft(c), requestId)
  expect(first.ok).toBe(true)
  const before = await h.counts()
  const again = await h.call('suggestions', author, 'submit', draft(c), requestId)
  expect(again).toEqual(first)
  expect(await h.counts()).toEqual(before)
  // Retrying a claim too: the same answer, not CONFLICT.
  const id = await itemAt('assigned')
  const claimId = rid()
  const claim1 = await h.call('suggestions', c.member, 'claim', { id }, claimId)
  const claim2 = await h.call('suggestions', c.member, 'claim', { id }, claimId)
  expect(claim1.ok).toBe(true)
  expect(claim2).toEqual(claim1)
})

test('risky text is CONTENT_REJECTED and nothing is stored; text for review waits in pendingReview', async () => {
  const before = await h.counts()
  expect(await h.act('suggestions', freshAuthor(), 'submit', draft(c, { content: '这里有人组织赌博' }))).toMatchObject({ ok: false, code: 'CONTENT_REJECTED' })
  expect(await h.counts()).toEqual(before)
  const open = await itemAt('submitted')
  expect(await h.act('suggestions', c.citizen, 'comment', { id: open, text: '赌博' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED' })

  const review = expectOk(await h.act('suggestions', freshAuthor(), 'submit', draft(c, { content: '这段文字包含 reviewword 需要人工看' })))
  expect(review.status).toBe('pendingReview')
  expect(await h.call('suggestions', c.citizen2, 'detail', { id: review.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  expect(expectOk(await h.act('suggestions', c.staff, 'approve', { id: review.id })).status).toBe('submitted')
})

test('rate limits: submissions per day and comments per hour answer RATE_LIMITED', async () => {
  const who = 'rate-limited-citizen'
  const answers = []
  for (let i = 0; i < 5; i++) answers.push(await h.act('suggestions', who, 'submit', draft(c, { title: `第${i}条` })))
  expect(answers.slice(0, 4).every((a) => a.ok)).toBe(true)
  expect(answers[4]).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
  const id = (answers[0] as { data: { id: string } }).data.id
  const comments = []
  for (let i = 0; i < 4; i++) comments.push(await h.act('suggestions', who, 'comment', { id, text: `补充${i}` }))
  expect(comments.slice(0, 3).every((a) => a.ok)).toBe(true)
  expect(comments[3]).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
})

test('every query above used a declared index (no full scans)', async () => {
  const stats = await fullScans(h)
  expect(stats.recentFullScans).toEqual([])
  expect(stats.fullScans).toBe(0)
})
