// WeChat groups reached by cards, through the local CloudBase: a card opened from a group hands the platform's cloudID to
// the notify function, which sees the group's openGId; a new group waits for staff to bind it, or binds itself from a
// bind card staff made; each item shows which groups its notice reached and how many people opened it there. And a
// staff push is on the item's timeline, written with its outbox rows.
import { ADMIN, expectOk, rid, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(90_000)
let h: Harness
let c: County
let db: any
beforeAll(async () => {
  h = await startHarness()
  c = await setupCounty(h)
  db = sdkDatabase(h)
})
afterAll(async () => { await h?.stop() })

/** What wx.getGroupEnterInfo answers when `openid` opens a card from the group the test names. */
async function enter(openid: string, group: string): Promise<string> {
  const res = await fetch(`${h.url}/api/open-data/group-enter`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify({ group }) })
  return ((await res.json()) as { cloudID: string }).cloudID
}

/** The app, opened from a group's card: the cloudID goes at the top level of the call's data, as wx.cloud.CloudID. */
async function openCard(openid: string, group: string, input: Record<string, unknown>, openData?: unknown): Promise<any> {
  const data = { action: 'openGroupCard', requestId: rid(), input, openData: openData === undefined ? { cloudID: await enter(openid, group) } : openData }
  const res = await fetch(`${h.url}/api/functions/notify`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify({ data }) })
  return ((await res.json()) as { result: unknown }).result
}

const draft = (title: string, villageId = c.villageId) => ({ category: 'environment', townId: c.townId, villageId, title, content: `${title}，请尽快处理`, images: [], anonymous: false })
async function publishedItem(title: string, villageId?: string): Promise<string> {
  const id = expectOk(await h.act('suggestions', c.citizen, 'submit', draft(title, villageId))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  return id
}
const groupsOf = async (openid: string, status: 'pending' | 'bound') => expectOk(await h.call('notify', openid, 'chatGroups', { status })).items as any[]

test('a group seen for the first time waits for staff, who bind it to a village', async () => {
  const id = await publishedItem('东湖公园长椅坏了')
  expect(expectOk(await openCard(c.citizen2, '东湖社区一群', { suggestionId: id }))).toEqual({ status: 'pending', targetName: '', boundNow: false })
  const pending = (await groupsOf(c.staff, 'pending')).filter((g) => g.firstItemTitle === '东湖公园长椅坏了')
  expect(pending).toEqual([expect.objectContaining({ status: 'pending', name: '', target: null, boundBy: null })])
  const openGId = pending[0].openGId

  expect(await h.call('notify', c.citizen, 'chatGroups', { status: 'pending' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // A group nobody bound yet belongs to no town: staff of every town see it waiting.
  expect((await groupsOf(c.townStaff, 'pending')).map((g) => g.openGId)).toContain(openGId)
  // Staff of another town may not bind a group to this town's village.
  expect(await h.act('notify', c.townStaff, 'bindChatGroup', { openGId, targetKind: 'village', targetId: c.villageId, name: '东湖一群' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('notify', c.staff, 'bindChatGroup', { openGId: 'tGnotAGroupAnyoneOpened0000', targetKind: 'village', targetId: c.villageId, name: 'x' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'openGId' })

  const bound = expectOk(await h.act('notify', c.staff, 'bindChatGroup', { openGId, targetKind: 'village', targetId: c.villageId, name: '东湖一群' }))
  expect(bound).toMatchObject({ openGId, status: 'bound', name: '东湖一群', target: `village:${c.villageId}`, targetName: '当湖街道东湖社区', boundBy: 'staff' })
  expect((await groupsOf(c.staff, 'pending')).map((g) => g.openGId)).not.toContain(openGId)
  expect((await groupsOf(c.staff, 'bound')).map((g) => g.openGId)).toContain(openGId)
  // Staff of the other town see only the groups bound in their town, and may not move this one into it.
  expect((await groupsOf(c.townStaff, 'bound')).map((g) => g.openGId)).not.toContain(openGId)
  expect(await h.act('notify', c.townStaff, 'bindChatGroup', { openGId, targetKind: 'village', targetId: c.otherVillageId, name: '雅山一群' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // The next opening from that group reads as bound.
  expect(expectOk(await openCard(c.citizen2, '东湖社区一群', { suggestionId: id }))).toEqual({ status: 'bound', targetName: '当湖街道东湖社区', boundNow: false })
})

test("a bind card staff made binds the group it is opened from, once; it does not move a bound group", async () => {
  expect(await h.call('notify', c.member, 'makeBindCard', { targetKind: 'village', targetId: c.village2Id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // A place that does not exist, or an id of the other kind of place, is not found, naming it.
  expect(await h.call('notify', c.staff, 'makeBindCard', { targetKind: 'village', targetId: 'nosuchvillage' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'targetId' })
  expect(await h.call('notify', c.staff, 'makeBindCard', { targetKind: 'town', targetId: c.village2Id })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'targetId' })
  const card = expectOk(await h.call('notify', c.staff, 'makeBindCard', { targetKind: 'village', targetId: c.village2Id }))
  expect(card).toMatchObject({ title: '【绑定工作群】把本群绑定到当湖街道南市社区', targetName: '当湖街道南市社区', path: `/pages/index/index?bind=${card.token}` })
  expect(card.token).toMatch(/^[A-Za-z0-9_-]{24}$/)
  // The token is not stored as it is: only its hash is.
  expect(JSON.stringify((await db.collection('bindCards').where({ byId: c.ids.staff }).get()).data)).not.toContain(card.token)

  expect(expectOk(await openCard(c.member, '南市社区居民群', { bindToken: card.token }))).toEqual({ status: 'bound', targetName: '当湖街道南市社区', boundNow: true })
  const group = (await groupsOf(c.staff, 'bound')).find((g) => g.target === `village:${c.village2Id}`)
  expect(group).toMatchObject({ boundBy: 'card', name: '当湖街道南市社区微信群', targetName: '当湖街道南市社区' })
  // Opened again there: nothing changes.
  expect(expectOk(await openCard(c.citizen, '南市社区居民群', { bindToken: card.token }))).toEqual({ status: 'bound', targetName: '当湖街道南市社区', boundNow: false })

  // A card for another place, forwarded into a group already bound, leaves it where staff put it.
  const other = expectOk(await h.call('notify', c.staff, 'makeBindCard', { targetKind: 'town', targetId: c.townId }))
  expect(expectOk(await openCard(c.member, '南市社区居民群', { bindToken: other.token }))).toEqual({ status: 'bound', targetName: '当湖街道南市社区', boundNow: false })
  // …and binds a new group to the town.
  expect(expectOk(await openCard(c.member, '当湖街道工作群', { bindToken: other.token }))).toEqual({ status: 'bound', targetName: '当湖街道', boundNow: true })
})

test('a forged or expired bind token is refused and writes nothing', async () => {
  const before = (await db.collection('chatGroups').where({ status: 'pending' }).count()).total + (await db.collection('chatGroups').where({ status: 'bound' }).count()).total
  expect(await openCard(c.member, '伪造群', { bindToken: 'AAAAAAAAAAAAAAAAAAAAAAAA' })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'bindToken', message: '绑定卡片无效' })
  expect(await openCard(c.member, '伪造群', { bindToken: 'short' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'bindToken' })
  const card = expectOk(await h.call('notify', c.staff, 'makeBindCard', { targetKind: 'village', targetId: c.villageId }))
  const stored = (await db.collection('bindCards').where({ byId: c.ids.staff }).get()).data as Array<{ _id: string; createdAt: string }>
  const newest = stored.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]
  await db.collection('bindCards').doc(newest._id).update({ expiresAt: new Date(Date.now() - 1000).toISOString() })
  expect(await openCard(c.member, '过期群', { bindToken: card.token })).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'bindToken', message: '绑定卡片已过期，请工作人员重新生成' })
  const after = (await db.collection('chatGroups').where({ status: 'pending' }).count()).total + (await db.collection('chatGroups').where({ status: 'bound' }).count()).total
  expect(after).toBe(before)
})

test('without the platform-decoded group the opening is refused, naming openData', async () => {
  const id = await publishedItem('南市路口积水')
  // A client that sends an openGId of its own choosing in the input is refused by the schema…
  expect(await openCard(c.member, '群', { suggestionId: id, openGId: 'tGmadeUp' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  // …and a cloudID the platform never issued decodes to nothing.
  expect(await openCard(c.member, '群', { suggestionId: id }, { cloudID: '12_madeUpByAClient000000000000000000' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'openData' })
  expect(await openCard(c.member, '群', { suggestionId: id }, null)).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'openData' })
  // A client that writes the decoded shape itself, { cloudID, data: { openGId } }, is not believed: the function asks
  // getOpenData about the cloudID, which WeChat never issued.
  const forged = { cloudID: '12_madeUpByAClient000000000000000000', data: { openGId: 'tGforgedGroup0001' } }
  expect(await openCard(c.member, '群', { suggestionId: id }, forged)).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'openData' })
  // Nor is a real cloudID of another person's opening, beside the data it decoded to.
  const cloudID = await enter(c.citizen, '邻居群')
  expect(await openCard(c.member, '群', { suggestionId: id }, { cloudID, data: { openGId: 'tGforgedGroup0002' } })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'openData' })
  expect(await groupsOf(c.staff, 'pending')).not.toEqual(expect.arrayContaining([expect.objectContaining({ openGId: 'tGforgedGroup0001' })]))
})

test('a bare cloudID is decoded by the function through cloud.getOpenData (declared in notify/config.json)', async () => {
  const id = await publishedItem('东湖菜场门口占道')
  const cloudID = await enter(c.citizen, '东湖社区一群')
  expect(expectOk(await openCard(c.citizen, '', { suggestionId: id }, cloudID))).toEqual({ status: 'bound', targetName: '当湖街道东湖社区', boundNow: false })
})

test("an item shows the groups its notice reached and how many people opened it from each", async () => {
  const id = await publishedItem('东湖社区健身器材损坏')
  const pushed = expectOk(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['village'], text: '请大家注意安全，维修前勿使用' }))
  const reach0 = expectOk(await h.call('notify', c.staff, 'itemReach', { id }))
  // The village's bound group (from the first test) is where the notice's card goes.
  expect(reach0.boundGroups).toEqual([expect.objectContaining({ name: '东湖一群', target: `village:${c.villageId}`, targetName: '当湖街道东湖社区' })])
  expect(reach0.cards).toEqual([])

  const notice = { suggestionId: id, noticeId: pushed.noticeId }
  expectOk(await openCard(c.citizen, '东湖社区一群', notice))
  expectOk(await openCard(c.citizen, '东湖社区一群', notice))
  const beforeLast = new Date().toISOString()
  expectOk(await openCard(c.member, '东湖社区一群', notice))
  expectOk(await openCard(c.member2, '东湖社区二群', notice))
  expectOk(await openCard(c.groupMember, '东湖社区四群', notice))
  const reach = expectOk(await h.call('notify', c.staff, 'itemReach', { id }))
  expect(reach.cards.map((r: any) => [r.name, r.targetName, r.people, r.opens])).toEqual([
    ['东湖一群', '当湖街道东湖社区', 2, 3],
    ['待绑定', '', 1, 1],
    ['待绑定', '', 1, 1],
  ])
  // Groups as many people opened it in are listed by their openGId.
  expect(reach.cards[1].openGId < reach.cards[2].openGId).toBe(true)
  // The group's last opening is the member's, after the citizen's two.
  expect(reach.cards[0].lastAt >= beforeLast).toBe(true)
  expect(await h.call('notify', c.citizen, 'itemReach', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('notify', c.townStaff, 'itemReach', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  // A notice id that is not this item's is refused.
  const otherId = await publishedItem('另一条')
  expect(await openCard(c.citizen, '东湖社区一群', { suggestionId: otherId, noticeId: pushed.noticeId })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'noticeId' })
  // …as is a notice nobody pushed, or a notice without its item.
  expect(await openCard(c.citizen, '东湖社区一群', { suggestionId: id, noticeId: 'nosuchnotice0001' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'noticeId' })
  expect(await openCard(c.citizen, '东湖社区一群', { noticeId: pushed.noticeId })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'noticeId' })
})

test('a staff push is on the item timeline with where it went, written with its outbox rows', async () => {
  const id = await publishedItem('南市社区路灯闪烁', c.village2Id)
  expect(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['village'], text: '这里有违禁词' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED' })
  // A group chosen twice is sent to once; the staff group is the item's town's.
  const pushed = expectOk(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['village', 'town', `sectorGroup:${c.groupId}`, 'staff', 'village'], text: '请网格员今晚去看看' }))
  const detail = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id }))
  const events = detail.timeline.filter((e: any) => e.command === 'noticePushed')
  const targets = [
    { key: `village:${c.village2Id}`, name: '南市社区' }, { key: `town:${c.townId}`, name: '当湖街道' }, { key: `sectorGroup:${c.groupId}`, name: '经济界活动组' },
    { key: `staff:${c.townId}`, name: '工作人员群' },
  ]
  expect(events).toEqual([expect.objectContaining({ command: 'noticePushed', from: 'accepted', to: 'accepted', payload: { noticeId: pushed.noticeId, targets } })])
  // The notice's text is for the groups, not the public timeline.
  expect(JSON.stringify(events)).not.toContain('请网格员今晚去看看')
  const rows = (await db.collection('outbox').where({ suggestionId: id }).get()).data as any[]
  const noticeRows = rows.filter((r) => r.templateKey === 'groupNotice')
  expect(noticeRows.map((r) => [r.kind, r.to, r.values])).toEqual(targets.map((t) => ['robot', t.key, { title: '南市社区路灯闪烁', note: '请网格员今晚去看看', noticeId: pushed.noticeId }]))
  expect(noticeRows.every((r) => r.createdAt === events[0].at)).toBe(true)
  // Pushed by an admin, the event says so; by staff, staff.
  expectOk(await h.act('notify', ADMIN, 'pushNotice', { id, groups: ['town'], text: '县政协已关注' }))
  // An admin who also does staff work pushes as staff.
  const adminId = expectOk(await h.act('org', ADMIN, 'updateProfile', { name: '县政协管理员' })).id
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: adminId, roles: ['citizen', 'staff'], staffScope: 'all' }))
  expectOk(await h.act('notify', ADMIN, 'pushNotice', { id, groups: ['town'], text: '县政协工作人员已关注' }))
  const stored = (await db.collection('events').where({ suggestionId: id, command: 'noticePushed' }).get()).data as any[]
  expect(stored.map((e) => [e.actorRole, e.payload.targets.length]).sort()).toEqual([['admin', 1], ['staff', 1], ['staff', 4]])
  // An item nobody has, or one of a town the staff member does not serve, cannot be pushed.
  expect(await h.act('notify', c.staff, 'pushNotice', { id: 'nosuchitem0002', groups: ['town'], text: '请关注' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })
  expect(await h.act('notify', c.townStaff, 'pushNotice', { id, groups: ['town'], text: '请关注' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('notify', c.townStaff, 'noticeTargets', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})

test('a card for an item that does not exist, or that the one opening it may not see yet, is not found; its author may open it', async () => {
  // Held for a content review, never published: only its author and staff see it.
  const unpublished = expectOk(await h.act('suggestions', c.citizen, 'submit', { ...draft('东湖小区围墙开裂'), content: '围墙开裂，reviewword 需要人工看' })).id
  expect(await openCard(c.citizen2, '东湖社区三群', { suggestionId: 'nosuchitem0001' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'suggestionId' })
  expect(await openCard(c.citizen2, '东湖社区三群', { suggestionId: unpublished })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'suggestionId' })
  expect((await groupsOf(c.staff, 'pending')).filter((g) => g.firstItemTitle === '东湖小区围墙开裂')).toEqual([])
  expect(expectOk(await openCard(c.citizen, '东湖社区三群', { suggestionId: unpublished }))).toEqual({ status: 'pending', targetName: '', boundNow: false })
})

test('a push for an item in a village added a moment ago names that village on the timeline', async () => {
  // The notify function has read the directory (and keeps it a while); then an admin adds a village.
  const before = await publishedItem('东湖路口积水')
  expectOk(await h.call('notify', c.staff, 'noticeTargets', { id: before }))
  const villageId = expectOk(await h.act('org', ADMIN, 'upsertVillage', { townId: c.townId, name: '新埭村', order: 9 })).id
  const id = await publishedItem('新埭村桥面破损', villageId)
  const pushed = expectOk(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['village', 'town'], text: '请村里派人查看' }))
  const events = expectOk(await h.call('suggestions', c.citizen2, 'detail', { id })).timeline.filter((e: any) => e.command === 'noticePushed')
  expect(events.map((e: any) => e.payload)).toEqual([{ noticeId: pushed.noticeId, targets: [{ key: `village:${villageId}`, name: '新埭村' }, { key: `town:${c.townId}`, name: '当湖街道' }] }])
})
