// Paths each role was missing: recording for a resident and the resident taking it over, a member's 待协商,
// a consultation that takes no comments once closed, a reopened item's cards, an admin's duplicate place names.
import { ADMIN, expectOk, fullScans, inDays, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(60_000)
let h: Harness
let c: County
const RESIDENT = 'resident-openid'
// Two a day for one person, so the limit is quick to reach; recording on duty must not be held to it.
beforeAll(async () => {
  h = await startHarness({ SANWEI_SUBMITS_PER_DAY: '2' })
  c = await setupCounty(h)
})
afterAll(async () => { await h?.stop() })

const draft = (c: County, extra: Record<string, unknown> = {}) => ({
  category: 'elderly', townId: c.townId, villageId: c.villageId, title: '社区食堂增加送餐服务',
  content: '行动不便的老人吃饭难，建议社区食堂提供送餐上门。', images: [], anonymous: false, ...extra,
})

describe('recording for a resident', () => {
  let recordedId: string
  let code: string

  test('staff record for a named resident with a phone: the item carries a takeover code the recorder can hand over', async () => {
    const done = expectOk(await h.act('suggestions', c.staff, 'submit', draft(c, { channel: 'liaisonStation', onBehalfOf: { name: '张阿姨', phone: '13900001111' } })))
    recordedId = done.id
    const asRecorder = expectOk(await h.call('suggestions', c.staff, 'detail', { id: recordedId }))
    expect(asRecorder.onBehalfOf).toEqual({ name: '张阿姨', phone: '13900001111' })
    expect(asRecorder.takeoverCode).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
    code = asRecorder.takeoverCode
    // Another citizen sees neither the resident nor the code.
    const asOther = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id: recordedId }))
    expect(asOther.onBehalfOf).toBeUndefined()
    expect(asOther.takeoverCode).toBeUndefined()
    // The recorder's list of items recorded for others shows it, waiting.
    const recorded = expectOk(await h.call('suggestions', c.staff, 'recordedByMe', {}))
    expect(recorded.items.map((i: { id: string; onBehalfOf: { name: string }; takeoverCode?: string }) => [i.id, i.onBehalfOf.name, i.takeoverCode])).toEqual([[recordedId, '张阿姨', code]])
  })

  test('a resident without the code and with another phone cannot take it over; nor can the recorder', async () => {
    expectOk(await h.act('org', c.citizen2, 'updateProfile', { phone: '13900002222' }))
    expect(await h.act('suggestions', c.citizen2, 'takeOver', { id: recordedId })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'phone' })
    expect(await h.act('suggestions', c.citizen2, 'takeOver', { id: recordedId, code: 'ABCDEFGH' === code ? 'ABCDEFGJ' : 'ABCDEFGH' })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'code' })
    expect(await h.act('suggestions', c.citizen2, 'takeOver', { code: 'ZZZZ2222' === code ? 'ZZZZ3333' : 'ZZZZ2222' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'code' })
    expect(await h.act('suggestions', c.staff, 'takeOver', { code })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await h.act('suggestions', c.citizen2, 'takeOver', {})).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'code' })
  })

  test('the resident takes it over with the card code: they become its author, see it in 我的 and rate its reply', async () => {
    const taken = expectOk(await h.act('suggestions', RESIDENT, 'takeOver', { code: code.toLowerCase() }))
    expect(taken.id).toBe(recordedId)
    const mine = expectOk(await h.call('suggestions', RESIDENT, 'mine', {}))
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual([recordedId])
    const detail = expectOk(await h.call('suggestions', RESIDENT, 'detail', { id: recordedId }))
    expect(detail.mine).toBe(true)
    const last = detail.timeline[detail.timeline.length - 1]
    expect([last.command, last.payload.via]).toEqual(['takeOver', 'code'])
    // The code is spent.
    expect(await h.act('suggestions', c.citizen2, 'takeOver', { code })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const recorded = expectOk(await h.call('suggestions', c.staff, 'recordedByMe', {}))
    expect(recorded.items[0].takeoverCode).toBeUndefined()
    expect(recorded.items[0].takenOverAt).toBeTruthy()

    expectOk(await h.act('suggestions', c.staff, 'accept', { id: recordedId }))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id: recordedId, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
    expectOk(await h.act('suggestions', c.member, 'claim', { id: recordedId }))
    expectOk(await h.act('suggestions', c.member, 'reply', { id: recordedId, text: '社区食堂已开通送餐', outcome: 'adopted' }))
    // The recorder no longer rates it: the resident does.
    expect(await h.act('suggestions', c.staff, 'rate', { id: recordedId, value: 'satisfied' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(expectOk(await h.act('suggestions', RESIDENT, 'rate', { id: recordedId, value: 'satisfied' })).status).toBe('closed')
  })

  test('a member on duty records for a resident whose phone, filled in 我的, lets them take it over; the daily limit does not apply on duty', async () => {
    const ids: string[] = []
    for (let k = 0; k < 3; k++) {
      ids.push(expectOk(await h.act('suggestions', c.member2, 'submit', draft(c, { title: `驻站接待记录${k + 1}`, channel: 'liaisonStation', onBehalfOf: { name: '李大爷', phone: '13900003333' } }))).id)
    }
    // Their own submissions are still limited to two a day.
    expectOk(await h.act('suggestions', c.member2, 'submit', draft(c, { title: '委员本人建言一' })))
    expectOk(await h.act('suggestions', c.member2, 'submit', draft(c, { title: '委员本人建言二' })))
    expect(await h.act('suggestions', c.member2, 'submit', draft(c, { title: '委员本人建言三' }))).toMatchObject({ ok: false, code: 'RATE_LIMITED' })

    const LI = 'resident-li'
    expect(expectOk(await h.call('suggestions', LI, 'waitingForMe', {})).items).toEqual([])
    expectOk(await h.act('org', LI, 'updateProfile', { name: '李大爷', phone: '13900003333' }))
    const waiting = expectOk(await h.call('suggestions', LI, 'waitingForMe', {}))
    expect(waiting.items.map((i: { id: string }) => i.id)).toEqual([...ids].reverse())
    const taken = expectOk(await h.act('suggestions', LI, 'takeOver', { id: ids[0] }))
    expect(taken.id).toBe(ids[0])
    const detail = expectOk(await h.call('suggestions', LI, 'detail', { id: ids[0] }))
    expect(detail.mine).toBe(true)
    expect(detail.timeline[detail.timeline.length - 1].payload.via).toBe('phone')
    expect(expectOk(await h.call('suggestions', LI, 'waitingForMe', {})).items).toHaveLength(2)
    // One that ended before the resident came (turned down by staff) can no longer be taken over, and is not listed.
    expectOk(await h.act('suggestions', c.staff, 'reject', { id: ids[1], reason: '不属于本级事权' }))
    expect(expectOk(await h.call('suggestions', LI, 'waitingForMe', {})).items.map((i: { id: string }) => i.id)).toEqual([ids[2]])
    // Taking over an item that was never recorded for anyone is refused.
    const own = expectOk(await h.call('suggestions', c.member2, 'mine', {})).items.find((i: { title: string }) => i.title === '委员本人建言一')
    expect(await h.act('suggestions', LI, 'takeOver', { id: own.id })).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
  })

  test('a citizen cannot record for a resident, and a resident needs a phone', async () => {
    expect(await h.act('suggestions', c.citizen, 'submit', draft(c, { channel: 'liaisonStation', onBehalfOf: { name: '王奶奶', phone: '13900004444' } })))
      .toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'onBehalfOf' })
    expect(await h.act('suggestions', c.staff, 'submit', draft(c, { channel: 'liaisonStation', onBehalfOf: { name: '王奶奶' } })))
      .toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'onBehalfOf.phone' })
  })
})

describe('a consultation', () => {
  let id: string
  beforeAll(async () => {
    id = expectOk(await h.act('suggestions', c.citizen, 'submit', draft(c, { title: '老街改造征求意见' }))).id
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await h.act('suggestions', c.staff, 'openConsultation', { id, deadline: inDays(3), invitedMemberIds: [c.ids.member2] }))
  })

  test('an invited member finds it under 待协商 with a count; a member not invited does not', async () => {
    const queue = expectOk(await h.call('suggestions', c.member2, 'memberQueue', { tab: 'toConsult' }))
    expect(queue.items.map((i: { id: string }) => i.id)).toEqual([id])
    expect(queue.counts.toConsult).toBe(1)
    const other = expectOk(await h.call('suggestions', c.groupMember, 'memberQueue', { tab: 'toConsult' }))
    expect(other.counts.toConsult).toBe(0)
    expectOk(await h.act('suggestions', c.member2, 'comment', { id, text: '赞成，先改排水', stance: 'for' }))
  })

  test('past its deadline the thread takes no comments, and the message names the deadline', async () => {
    await sdkDatabase(h).collection('suggestions').doc(id).update({ 'consultation.deadline': '2026-01-05T02:00:00.000Z' })
    const late = await h.act('suggestions', c.citizen2, 'comment', { id, text: '我也赞成' })
    expect(late).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
    expect((late as { message: string }).message).toContain('2026-01-05 10:00')
  })

  test('once concluded it leaves 待协商 and still takes no comments', async () => {
    await sdkDatabase(h).collection('suggestions').doc(id).update({ 'consultation.deadline': inDays(1) })
    expectOk(await h.act('suggestions', c.staff, 'concludeConsultation', { id, plan: { actions: '先改排水再铺路', responsibleUnit: '市住建局', deadline: inDays(30) } }))
    expect(expectOk(await h.call('suggestions', c.member2, 'memberQueue', { tab: 'toConsult' })).counts.toConsult).toBe(0)
    expect(await h.act('suggestions', c.member2, 'comment', { id, text: '补充一点' })).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
    expect((await fullScans(h)).fullScans).toBe(0)
  })
})

test('a reopened item shows 重办 with the reason on its card, not its old outcome; the detail marks the old reply superseded', async () => {
  const { id } = expectOk(await h.act('suggestions', c.citizen2, 'submit', draft(c, { title: '公交站台缺少遮雨棚' })))
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
  expectOk(await h.act('suggestions', c.member, 'claim', { id }))
  expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已协调公交公司加装', outcome: 'adopted' }))
  expectOk(await h.act('suggestions', c.citizen2, 'rate', { id, value: 'dissatisfied', reason: '至今没有装' }))
  const card = expectOk(await h.call('suggestions', c.citizen2, 'mine', {})).items.find((i: { id: string }) => i.id === id)
  expect(card.outcome).toBeUndefined()
  expect(card.reopened).toEqual({ reason: '至今没有装' })
  const detail = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id }))
  expect(detail.reply).toMatchObject({ outcome: 'adopted', superseded: true })
})

test('an admin is refused a village name that already exists in its town, and a duplicate town', async () => {
  expect(await h.act('org', ADMIN, 'upsertVillage', { townId: c.townId, name: '东湖社区' })).toMatchObject({ ok: false, code: 'CONFLICT', field: 'name' })
  // The same name in another town is a different place.
  expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId: c.otherTownId, name: '东湖社区' }))
  // Renaming a village to its own name is no conflict.
  expectOk(await h.act('org', ADMIN, 'upsertVillage', { id: c.villageId, townId: c.townId, name: '东湖社区', order: 1 }))
  expect(await h.act('org', ADMIN, 'upsertTown', { name: '乍浦镇' })).toMatchObject({ ok: false, code: 'CONFLICT', field: 'name' })
})

test('the member handling an item sees who proposed it, and their phone only when they agreed to be phoned', async () => {
  const QIAN = 'citizen-qian'
  expectOk(await h.act('org', QIAN, 'updateProfile', { name: '钱阿姨', phone: '13900006666' }))
  const agreed = expectOk(await h.act('suggestions', QIAN, 'submit', draft(c, { title: '楼道灯不亮请修理', contactable: true }))).id
  const silent = expectOk(await h.act('suggestions', QIAN, 'submit', draft(c, { title: '垃圾桶太少请增加' }))).id
  for (const id of [agreed, silent]) {
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
  }
  const a = expectOk(await h.call('suggestions', c.member, 'detail', { id: agreed }))
  expect([a.author.name, a.authorPhone]).toEqual(['钱阿姨', '13900006666'])
  const b = expectOk(await h.call('suggestions', c.member, 'detail', { id: silent }))
  expect([b.author.name, b.authorPhone]).toEqual(['钱阿姨', undefined])
  // Someone not handling it sees neither.
  const other = expectOk(await h.call('suggestions', c.member2, 'detail', { id: agreed }))
  expect([other.author.name, other.authorPhone]).toEqual(['群众', undefined])
  // The member bound to its village (我的村社区) is told too, by the same rules; not so for another village's item.
  expectOk(await h.act('org', ADMIN, 'bindMember', { villageId: c.otherVillageId, memberId: c.ids.groupMember }))
  expectOk(await h.act('org', 'citizen-sun', 'updateProfile', { name: '孙大爷', phone: '13900007777' }))
  const south = expectOk(await h.act('suggestions', 'citizen-sun', 'submit', draft(c, { townId: c.otherTownId, villageId: c.otherVillageId, title: '雅山路口盲道被占', contactable: true }))).id
  const bound = expectOk(await h.call('suggestions', c.groupMember, 'detail', { id: south }))
  expect([bound.author.name, bound.authorPhone]).toEqual(['孙大爷', '13900007777'])
  const notBound = expectOk(await h.call('suggestions', c.groupMember, 'detail', { id: agreed }))
  expect([notBound.author.name, notBound.authorPhone]).toEqual(['群众', undefined])
})

test('我的村社区: the member bound to a village sees every item of it, open or ended, with counts; nobody else but its staff', async () => {
  expectOk(await h.act('org', ADMIN, 'bindMember', { villageId: c.village2Id, memberId: c.ids.member2 }))
  const south = (title: string) => draft(c, { villageId: c.village2Id, title })
  const first = expectOk(await h.act('suggestions', 'village-a', 'submit', south('南市菜场门口积水'))).id
  const second = expectOk(await h.act('suggestions', 'village-b', 'submit', south('南市小区缺少快递柜'))).id
  expectOk(await h.act('suggestions', 'village-b', 'withdraw', { id: second }))
  const third = expectOk(await h.act('suggestions', 'village-c', 'submit', south('南市公园座椅损坏'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id: third }))
  // An item of another village is not among them.
  expectOk(await h.act('suggestions', 'village-d', 'submit', draft(c, { title: '东湖路口红绿灯太短' })))

  const mine = expectOk(await h.call('suggestions', c.member2, 'myVillages', {}))
  expect(mine.villages).toEqual([{ id: c.village2Id, name: '南市社区', townId: c.townId, townName: '当湖街道', openCount: 2, totalCount: 3 }])
  const all = expectOk(await h.call('suggestions', c.member2, 'villageItems', { villageId: c.village2Id }))
  expect(all.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[third, 'accepted'], [second, 'withdrawn'], [first, 'submitted']])
  const open = expectOk(await h.call('suggestions', c.member2, 'villageItems', { villageId: c.village2Id, open: true }))
  expect(open.items.map((i: { id: string }) => i.id)).toEqual([third, first])
  // Staff of the town see them too; staff of another town, another member, a citizen do not.
  expect(expectOk(await h.call('suggestions', c.staff, 'villageItems', { villageId: c.village2Id })).items).toHaveLength(3)
  for (const who of [c.townStaff, c.member, c.citizen]) {
    expect(await h.call('suggestions', who, 'villageItems', { villageId: c.village2Id })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'villageId' })
  }
  expect(await h.call('suggestions', c.citizen, 'myVillages', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('suggestions', c.member2, 'villageItems', { villageId: 'nosuchvillage' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'villageId' })
  expect((await fullScans(h)).fullScans).toBe(0)
})
