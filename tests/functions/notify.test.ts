// Notifications that reach people, through the local CloudBase: each command's messages arrive in the inbox for the
// right person or robot, once; the per-person budget, WeChat's 43101, opt-outs; robots and their limit; resend.
import { ADMIN, expectOk, grantSubscriptions, inboxOf, fireTimer, fullScans, inDays, rid, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

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

const STATUS = 'sanwei-status-changed'
const inbox = (kind: string) => inboxOf(h, kind)
const subscribe = (openid: string, templateIds: string[], report?: boolean, grant?: boolean) => grantSubscriptions(h, openid, templateIds, report, grant)
const draft = (title: string) => ({ category: 'environment', townId: c.townId, villageId: c.villageId, title, content: `${title}，请尽快处理`, images: [], anonymous: false })
const rowsOf = async (id: string) => (await db.collection('outbox').where({ suggestionId: id }).get()).data as any[]

test('a citizen who accepted is told, within the command, that staff accepted their item; the budget is spent', async () => {
  await subscribe('notify-citizen-1', [STATUS])
  const id = expectOk(await h.act('suggestions', 'notify-citizen-1', 'submit', draft('村口路灯不亮'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  // Sent before the command answered: no timer ran.
  const sent = (await inbox('subscribeMessage')).filter((e) => e.touser === 'notify-citizen-1')
  expect(sent).toHaveLength(1)
  expect(sent[0]).toMatchObject({ errcode: 0, templateId: STATUS, page: `pages/detail/index?id=${id}`, data: { thing1: { value: '村口路灯不亮' }, phrase2: { value: '已受理' } } })
  expect((await rowsOf(id)).map((r) => [r.templateKey, r.status, r.attempts])).toEqual([['statusChanged', 'sent', 1]])
  const mine = expectOk(await h.call('notify', 'notify-citizen-1', 'myNotifications', {}))
  expect(mine.kinds.find((k: any) => k.key === 'statusChanged')).toMatchObject({ left: 0, on: true, label: '我的建言有进展（受理、交办、办结等）' })
})

test('with nothing left, the row is skipped without calling WeChat', async () => {
  const id = expectOk(await h.act('suggestions', 'notify-citizen-2', 'submit', draft('河道有垃圾'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expect((await inbox('subscribeMessage')).filter((e) => e.touser === 'notify-citizen-2')).toEqual([])
  expect(await rowsOf(id)).toEqual([expect.objectContaining({ status: 'skipped', skipReason: 'noQuota' })])
})

test('when WeChat answers 43101 the row is skipped and the count set to 0', async () => {
  // The app reported an accept WeChat never recorded (say, on another device): our count says 2, WeChat says none.
  await subscribe('notify-citizen-3', [STATUS, STATUS], true, false)
  const id = expectOk(await h.act('suggestions', 'notify-citizen-3', 'submit', draft('井盖松动'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expect((await inbox('subscribeMessage')).filter((e) => e.touser === 'notify-citizen-3').map((e) => e.errcode)).toEqual([43101])
  expect(await rowsOf(id)).toEqual([expect.objectContaining({ status: 'skipped', skipReason: 'noQuota', lastErrcode: 43101 })])
  const mine = expectOk(await h.call('notify', 'notify-citizen-3', 'myNotifications', {}))
  expect(mine.kinds.find((k: any) => k.key === 'statusChanged').left).toBe(0)
})

test('a person who turned a kind off is not sent it, and keeps their reminders', async () => {
  await subscribe('notify-citizen-4', [STATUS])
  expectOk(await h.act('notify', 'notify-citizen-4', 'setNotification', { templateKey: 'statusChanged', on: false }))
  const id = expectOk(await h.act('suggestions', 'notify-citizen-4', 'submit', draft('广场噪音'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expect((await inbox('subscribeMessage')).filter((e) => e.touser === 'notify-citizen-4')).toEqual([])
  expect(await rowsOf(id)).toEqual([expect.objectContaining({ status: 'skipped', skipReason: 'optedOut' })])
  const mine = expectOk(await h.call('notify', 'notify-citizen-4', 'myNotifications', {}))
  expect(mine.kinds.find((k: any) => k.key === 'statusChanged')).toMatchObject({ on: false, left: 1 })
})

test('a hand-off tells the author 已交办 and the member 交办; a retried hand-off sends nothing twice', async () => {
  await subscribe('notify-citizen-5', [STATUS])
  await subscribe(c.member, ['sanwei-handed-off'])
  const id = expectOk(await h.act('suggestions', 'notify-citizen-5', 'submit', draft('小区停车难'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id })) // nothing left after this one? No: accept spends the citizen's only one
  await subscribe('notify-citizen-5', [STATUS])
  const handOff = { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7), note: '请一周内答复' }
  const requestId = rid()
  expectOk(await h.call('suggestions', c.staff, 'handOff', handOff, requestId))
  expectOk(await h.call('suggestions', c.staff, 'handOff', handOff, requestId))
  const toCitizen = (await inbox('subscribeMessage')).filter((e) => e.touser === 'notify-citizen-5')
  expect(toCitizen.map((e) => e.data.phrase2.value)).toEqual(['已受理', '已交办'])
  const toMember = (await inbox('subscribeMessage')).filter((e) => e.touser === c.member && e.templateId === 'sanwei-handed-off')
  expect(toMember).toHaveLength(1)
  expect(toMember[0].data).toMatchObject({ thing1: { value: '小区停车难' }, thing3: { value: '请一周内答复' } })
})

test('admins register a village robot (the key shown masked, to admins only); a staff notice arrives as markdown with a link', async () => {
  expect(await h.act('notify', c.staff, 'upsertRobot', { targetKind: 'village', targetId: c.villageId, name: '东湖社区工作群', key: 'abcd1234secret5678' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  const robot = expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'village', targetId: c.villageId, name: '东湖社区工作群', key: 'abcd1234secret5678' }))
  expect(robot).toMatchObject({ target: `village:${c.villageId}`, key: 'abcd****5678' })
  expect(JSON.stringify(expectOk(await h.call('notify', ADMIN, 'robots', {})))).not.toContain('secret')
  expect(await h.call('notify', c.staff, 'robots', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })

  const id = expectOk(await h.act('suggestions', 'notify-citizen-6', 'submit', draft('菜市场排水不畅'))).id
  expectOk(await h.act('suggestions', c.staff, 'notifyGroup', { id, text: '请网格员今天到现场查看' }))
  const posts = (await inbox('robot')).filter((e) => e.key === 'abcd1234secret5678')
  expect(posts).toHaveLength(1)
  expect(posts[0].msgtype).toBe('markdown')
  const content: string = posts[0].message.markdown.content
  expect(content).toContain('**村社区工作群通知**')
  expect(content).toContain('事项：菜市场排水不畅')
  expect(content).toContain('当湖街道 东湖社区')
  expect(content).toContain('请网格员今天到现场查看')
  expect(content).toMatch(/\[在小程序中查看\]\(https:\/\/wxaurl\.cn\/\w+\)/)
  const deliveries = expectOk(await h.call('notify', c.staff, 'itemDeliveries', { id })).deliveries
  expect(deliveries.filter((d: any) => d.kind === 'robot')).toEqual([expect.objectContaining({ to: `village:${c.villageId}`, status: 'sent', state: '已发送' })])
})

test('a robot gets at most 20 messages a minute: the rest wait (no 45009), and the robot is never over its limit, even when edited', async () => {
  const robot = expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'village', targetId: c.village2Id, name: '南市社区工作群', key: 'limitrobot00000001' }))
  const id = expectOk(await h.act('suggestions', 'notify-citizen-7', 'submit', { ...draft('路面坑洼'), villageId: c.village2Id })).id
  for (let i = 0; i < 24; i++) expectOk(await h.act('suggestions', c.staff, 'notifyGroup', { id, text: `第${i + 1}次提醒` }))
  await fireTimer(h, { rules: false })
  const posts = (await inbox('robot')).filter((e) => e.key === 'limitrobot00000001')
  expect(posts).toHaveLength(20)
  expect(posts.every((p) => p.errcode === 0)).toBe(true)
  const rows = (await rowsOf(id)).filter((r) => r.kind === 'robot')
  expect(rows.filter((r) => r.status === 'sent')).toHaveLength(20)
  expect(rows.filter((r) => r.status === 'pending' && r.waitingForLimit)).toHaveLength(4)
  const states = expectOk(await h.call('notify', c.staff, 'itemDeliveries', { id })).deliveries.map((d: any) => d.state)
  expect(states.filter((s: string) => s === '等待机器人限流')).toHaveLength(4)

  // An admin renames the robot within that minute: its twenty sends still count, so the next notice waits too.
  expectOk(await h.act('notify', ADMIN, 'upsertRobot', { id: robot.id, targetKind: 'village', targetId: c.village2Id, name: '南市社区政协工作群' }))
  expectOk(await h.act('suggestions', c.staff, 'notifyGroup', { id, text: '改名后的提醒' }))
  expect((await inbox('robot')).filter((e) => e.key === 'limitrobot00000001').map((e) => e.errcode)).toEqual(new Array(20).fill(0))
  expect((await rowsOf(id)).filter((r) => r.kind === 'robot' && r.status === 'pending' && r.waitingForLimit)).toHaveLength(5)
})

test('a notice to a group with no robot is visibly not sent; once the robot is registered staff send it again', async () => {
  const id = expectOk(await h.act('suggestions', 'notify-citizen-8', 'submit', { ...draft('垃圾分类点太远'), townId: c.otherTownId, villageId: c.otherVillageId })).id
  const { noticeId } = expectOk(await h.act('suggestions', c.staff, 'notifyGroup', { id, text: '请村委会研究' }))
  expect(noticeId).toBeTruthy()
  const [row] = (await rowsOf(id)).filter((r) => r.kind === 'robot')
  expect(row).toMatchObject({ status: 'skipped', skipReason: 'noRobot' })
  expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'village', targetId: c.otherVillageId, name: '雅山村工作群', key: 'yashanrobot0000001' }))
  // Staff of another town may not resend it.
  expect(await h.act('notify', c.citizen, 'resendNotice', { id: row._id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(expectOk(await h.act('notify', c.townStaff, 'resendNotice', { id: row._id }))).toMatchObject({ id: row._id })
  expect((await inbox('robot')).filter((e) => e.key === 'yashanrobot0000001')).toHaveLength(1)
  expect((await db.collection('outbox').doc(row._id).get()).data[0]).toMatchObject({ status: 'sent', attempts: 1 })
})

test('staff push a notice to the groups they choose, after a preview; closed items too; each delivery is listed', async () => {
  const id = expectOk(await h.act('suggestions', 'notify-citizen-9', 'submit', draft('公园长椅损坏'))).id
  const targets = expectOk(await h.call('notify', c.staff, 'noticeTargets', { id })).targets
  expect(targets.map((t: any) => [t.group, t.hasRobot])).toEqual(expect.arrayContaining([['village', true], ['town', false], ['staff', false]]))
  const preview = expectOk(await h.call('notify', c.staff, 'previewNotice', { id, text: '请尽快修复长椅' })).markdown
  expect(preview).toContain('事项：公园长椅损坏')
  expect(preview).toContain('请尽快修复长椅')
  // The link is made when the robot posts; the preview has none.
  expect(preview).not.toContain('在小程序中查看')
  expect(await h.act('notify', c.citizen, 'pushNotice', { id, groups: ['village'], text: 'x' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['village'], text: '这里有违禁词' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'text' })
  const pushed = expectOk(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['village', 'town'], text: '请尽快修复长椅' }))
  expect(pushed.targets).toEqual([`village:${c.villageId}`, `town:${c.townId}`])
  const deliveries = expectOk(await h.call('notify', c.staff, 'itemDeliveries', { id })).deliveries
  expect(deliveries.map((d: any) => [d.to, d.state])).toEqual([[`village:${c.villageId}`, '已发送'], [`town:${c.townId}`, '未发送']])
  expect(deliveries[1].reason).toBe('该群未登记机器人')
  expect(Date.parse(deliveries[0].sentAt)).toBeGreaterThan(Date.parse(deliveries[0].createdAt) - 1)
  expect(deliveries[1].sentAt).toBeNull()
  // Staff of another town neither see where this item's notices went nor send them again; nobody resends what is not there.
  expect(await h.call('notify', c.townStaff, 'itemDeliveries', { id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.act('notify', c.townStaff, 'resendNotice', { id: deliveries[1].id })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('notify', c.staff, 'itemDeliveries', { id: 'nosuchitem0003' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })
  expect(await h.act('notify', c.staff, 'resendNotice', { id: 'nosuchrow0001' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })
  // A row already sent is not sent again by a tap on 重发.
  const posted = (await inbox('robot')).length
  expect(expectOk(await h.act('notify', c.staff, 'resendNotice', { id: deliveries[0].id }))).toEqual({ id: deliveries[0].id, status: 'sent' })
  expect((await inbox('robot')).length).toBe(posted)
})

test('followers hear the answer too; staff hear of a 不满意 rating', async () => {
  await subscribe('notify-follower', ['sanwei-replied'])
  await subscribe(c.member, ['sanwei-handed-off'])
  const id = expectOk(await h.act('suggestions', 'notify-citizen-10', 'submit', draft('路口红绿灯时间太短'))).id
  expectOk(await h.act('suggestions', 'notify-follower', 'follow', { id, on: true }))
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
  expectOk(await h.act('suggestions', c.member, 'claim', { id }))
  expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已协调交警部门延长绿灯时间', outcome: 'adopted' }))
  const told = (await inbox('subscribeMessage')).filter((e) => e.touser === 'notify-follower')
  expect(told.map((e) => [e.templateId, e.data.phrase2.value, e.data.thing1.value])).toEqual([['sanwei-replied', '采纳', '路口红绿灯时间太短']])
  expectOk(await h.act('suggestions', 'notify-citizen-10', 'rate', { id, value: 'dissatisfied', reason: '绿灯还是太短' }))
  expect((await rowsOf(id)).filter((r) => r.templateKey === 'staffAlert')).toEqual([expect.objectContaining({ to: `staff:${c.townId}`, kind: 'robot' })])
})

test('a member with items waiting gets one daily digest at 09:00, not one message each; a second run that day adds none', async () => {
  await subscribe(c.member2, ['sanwei-daily-digest'])
  for (const [i, title] of ['绿化带缺水', '人行道砖松动'].entries()) {
    const id = expectOk(await h.act('suggestions', `digest-author-${i}`, 'submit', draft(title))).id
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member2 }, deadline: inDays(7) }))
  }
  const nineAm = new Date(new Date().toISOString().slice(0, 10) + 'T01:00:00.000Z').toISOString()
  for (let i = 0; i < 2; i++) await fetch(`${h.url}/api/triggers/timer/timeRules?at=${encodeURIComponent(nineAm)}`, { method: 'POST' })
  const digests = (await inbox('subscribeMessage')).filter((e) => e.touser === c.member2 && e.templateId === 'sanwei-daily-digest')
  expect(digests).toHaveLength(1)
  expect(digests[0].data.thing1.value).toBe('您有 2 条待认领，0 条已超期')
  expect(digests[0].page).toBe('packages/member/pages/queue/index')
})

test('two sweeps at once send each row exactly once', async () => {
  const keys = ['parallelrobot00001', 'parallelrobot00002']
  const villages = [c.villageId, c.village2Id]
  // Fresh targets: sector-group-like keys for two new towns' staff groups.
  for (const [i, key] of keys.entries()) expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'staff', targetId: `sweeptown${i}`, name: `工作人员群${i}`, key }))
  const now = new Date().toISOString()
  for (let i = 0; i < 30; i++) {
    await db.collection('outbox').add({
      kind: 'robot', to: `staff:sweeptown${i % 2}`, templateKey: 'staffAlert', templateId: 'robot-staff-alert', data: {}, values: { title: `并发测试${i}`, note: `第${i}条`, status: '已受理', deadline: '2026-12-01T10:00:00.000Z' },
      status: 'pending', attempts: 0, createdAt: now, dueAt: now,
    })
  }
  void villages
  const fired = await Promise.all([fireTimer(h, { rules: false }), fireTimer(h, { rules: false }), fireTimer(h, { rules: false })])
  // Each sweep reports what it sent: thirty in all.
  expect(fired.map((f) => (f.result?.data ?? f.data).outbox.sent ?? 0).reduce((a: number, b: number) => a + b, 0)).toBe(30)
  const posts = (await inbox('robot')).filter((e) => keys.includes(e.key))
  const titles = posts.map((p) => /事项：(\S+)/.exec(p.message.markdown.content)![1]).sort()
  expect(titles).toHaveLength(30)
  expect(new Set(titles).size).toBe(30)
  expect(posts.every((p) => p.errcode === 0)).toBe(true)
  // Rows of no item say what their values say: the status, and the deadline in Beijing time.
  expect(posts.every((p) => p.message.markdown.content.includes('> 状态：<font color="info">已受理</font>\n> 期限：<font color="warning">2026-12-01 18:00</font>'))).toBe(true)
})

test('admins register a robot for each kind of group; a missing or unknown group, a taken group or a missing key is refused naming the field; an edit keeps the key and the block', async () => {
  const reg = (input: Record<string, unknown>) => h.act('notify', ADMIN, 'upsertRobot', input)
  const town = expectOk(await reg({ targetKind: 'town', targetId: c.otherTownId, name: '乍浦镇工作群', key: 'townrobot000000001' }))
  expect(town).toMatchObject({ target: `town:${c.otherTownId}`, name: '乍浦镇工作群', key: 'town****0001', blockedUntil: null })
  expect(expectOk(await reg({ targetKind: 'sectorGroup', targetId: c.groupId, name: '经济界群', key: 'grouprobot00000002' })).target).toBe(`sectorGroup:${c.groupId}`)
  expect(expectOk(await reg({ targetKind: 'department', targetId: c.departmentId, name: '住建局群', key: 'deptrobot000000003' })).target).toBe(`department:${c.departmentId}`)
  expect(expectOk(await reg({ targetKind: 'staff', name: '县政协工作人员群', key: 'staffrobot00000004' })).target).toBe('staff:all')
  expect(expectOk(await reg({ targetKind: 'staff', targetId: c.otherTownId, name: '乍浦镇工作人员群', key: 'staffrobot00000005' })).target).toBe(`staff:${c.otherTownId}`)

  // Staff choosing where to send a notice: a town's staff group without a robot of its own posts through the county's.
  const here = expectOk(await h.act('suggestions', 'notify-targets-author', 'submit', { ...draft('渡口护栏'), townId: c.otherTownId, villageId: c.otherVillageId })).id
  expect(expectOk(await h.call('notify', c.staff, 'noticeTargets', { id: here })).targets.filter((t: any) => t.group !== 'village'))
    .toEqual([{ group: 'town', label: '乍浦镇', hasRobot: true }, { group: `sectorGroup:${c.groupId}`, label: '经济界活动组', hasRobot: true }, { group: 'staff', label: '工作人员群', hasRobot: true }])
  const there = expectOk(await h.act('suggestions', 'notify-targets-author', 'submit', draft('渡口路灯'))).id
  expect(expectOk(await h.call('notify', c.staff, 'noticeTargets', { id: there })).targets.filter((t: any) => t.group === 'town' || t.group === 'staff'))
    .toEqual([{ group: 'town', label: '当湖街道', hasRobot: false }, { group: 'staff', label: '工作人员群', hasRobot: true }])
  // A notice to the staff group goes through the town's staff robot, or else the county's.
  expectOk(await h.act('notify', c.staff, 'pushNotice', { id: here, groups: ['staff'], text: '请乍浦镇工作人员关注' }))
  expectOk(await h.act('notify', c.staff, 'pushNotice', { id: there, groups: ['staff'], text: '请县政协工作人员关注' }))
  const staffPosts = async (key: string) => (await inbox('robot')).filter((e) => e.key === key).map((e) => [e.errcode, e.message.markdown.content])
  expect(await staffPosts('staffrobot00000005')).toEqual([[0, expect.stringContaining('请乍浦镇工作人员关注')]])
  expect(await staffPosts('staffrobot00000004')).toEqual([[0, expect.stringContaining('请县政协工作人员关注')]])
  expect((await rowsOf(there)).filter((r) => r.kind === 'robot').map((r) => [r.to, r.status])).toEqual([[`staff:${c.townId}`, 'sent']])
  expect(await reg({ targetKind: 'village', name: '无村', key: 'norobot00000000006' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'targetId' })
  // An id of another kind of group is not that group.
  expect(await reg({ targetKind: 'village', targetId: c.otherTownId, name: '错村', key: 'norobot00000000007' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'targetId' })
  expect(await reg({ targetKind: 'town', targetId: c.villageId, name: '错镇', key: 'norobot00000000008' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'targetId' })
  expect(await reg({ targetKind: 'sectorGroup', targetId: c.departmentId, name: '错组', key: 'norobot00000000009' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'targetId' })
  expect(await reg({ targetKind: 'department', targetId: c.groupId, name: '错局', key: 'norobot00000000010' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'targetId' })
  expect(await reg({ targetKind: 'town', targetId: c.otherTownId, name: '第二个', key: 'norobot00000000011' })).toMatchObject({ ok: false, code: 'CONFLICT', field: 'targetId' })
  expect(await reg({ targetKind: 'town', targetId: c.townId, name: '无密钥' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'key' })
  expect(await reg({ id: 'no-such-robot', targetKind: 'town', targetId: c.townId, name: '无此机器人', key: 'norobot00000000012' })).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })

  // WeCom blocked it; an admin renames it without giving the key again: the key, the block and the registration stay.
  const until = '2099-01-01T00:00:00.000Z'
  await db.collection('robots').doc(town.id).update({ blockedUntil: until })
  const renamed = expectOk(await reg({ id: town.id, targetKind: 'town', targetId: c.otherTownId, name: '乍浦镇政协工作群' }))
  expect(renamed).toMatchObject({ id: town.id, target: `town:${c.otherTownId}`, name: '乍浦镇政协工作群', key: 'town****0001', blockedUntil: until })
  const stored = (await db.collection('robots').doc(town.id).get()).data[0]
  expect(stored).toMatchObject({ key: 'townrobot000000001', blockedUntil: until })
  expect(stored.createdAt).toBe(town.updatedAt)
  const listed = expectOk(await h.call('notify', ADMIN, 'robots', {})).robots.filter((r: any) => r.id === town.id)
  expect(listed).toEqual([{ id: town.id, target: `town:${c.otherTownId}`, name: '乍浦镇政协工作群', key: 'town****0001', blockedUntil: until, updatedAt: renamed.updatedAt }])
})

test('staff list the notifications that failed for good, newest first, fifty a page; a person\'s row does not name them', async () => {
  const base = Date.parse('2099-06-01T00:00:00.000Z')
  for (let i = 0; i < 51; i++) {
    const dueAt = new Date(base - i * 60_000).toISOString()
    await db.collection('outbox').add({
      _id: `failed-${String(i).padStart(2, '0')}`, kind: i === 0 ? 'subscribe' : 'robot', to: i === 0 ? c.ids.citizen : `village:${c.villageId}`,
      templateKey: i === 0 ? 'statusChanged' : 'groupNotice', values: i === 0 ? { title: '路灯' } : { title: '排水', note: `第${i}条`, noticeId: `n${i}` },
      suggestionId: i === 0 ? 'some-item' : undefined, status: 'failed', attempts: 5, lastErrcode: 93000, lastErrmsg: 'invalid webhook url',
      createdAt: '2026-11-01T00:00:00.000Z', dueAt,
    })
  }
  expect(await h.call('notify', c.citizen, 'failedNotices', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  expect(await h.call('notify', c.member, 'failedNotices', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  const first = expectOk(await h.call('notify', c.townStaff, 'failedNotices', {}))
  expect(first.items).toHaveLength(50)
  expect(first.items[0]).toEqual({
    id: 'failed-00', kind: 'subscribe', to: 'person', templateKey: 'statusChanged', suggestionId: 'some-item', title: '路灯', note: '',
    status: 'failed', state: '发送失败', attempts: 5, errcode: 93000, reason: 'invalid webhook url', createdAt: '2026-11-01T00:00:00.000Z', sentAt: null, noticeId: null,
  })
  expect(first.items[1]).toMatchObject({ id: 'failed-01', kind: 'robot', to: `village:${c.villageId}`, suggestionId: null, title: '排水', note: '第1条', noticeId: 'n1' })
  expect(first.next).toBe('2099-05-31T23:11:00.000Z')
  const second = expectOk(await h.call('notify', c.staff, 'failedNotices', { before: first.next }))
  expect(second.items[0]).toMatchObject({ id: 'failed-50', note: '第50条' })
  expect(second.items.map((r: any) => r.id)).not.toContain('failed-49')
  expect(second.next).toBeNull()
})

test('what each person may be sent, by role: their switches and what they have left; accepts add up, a refusal or an unknown template adds nothing', async () => {
  const kind = (key: string, templateId: string, label: string, left = 0) => ({ key, label, templateId, on: true, left })
  const citizenKinds = [
    kind('statusChanged', 'sanwei-status-changed', '我的建言有进展（受理、交办、办结等）'), kind('replied', 'sanwei-replied', '我的建言或关注的建言得到答复'),
  ]
  const dutyKinds = [
    kind('handedOff', 'sanwei-handed-off', '有事项交办给我'), kind('chased', 'sanwei-chased', '督办提醒'),
    kind('reopened', 'sanwei-reopened', '我办理的事项被要求重办'), kind('digest', 'sanwei-daily-digest', '每日待办汇总'),
  ]
  expect(expectOk(await h.call('notify', 'notify-kinds-citizen', 'myNotifications', {}))).toEqual({ longTerm: false, kinds: citizenKinds })
  expect(expectOk(await h.call('notify', c.member2, 'myNotifications', {})).kinds.map((k: any) => k.key)).toEqual([...citizenKinds, ...dutyKinds].map((k) => k.key))
  const handlerId = expectOk(await h.act('org', 'notify-kinds-handler', 'updateProfile', { name: '住建局李科长' })).id
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: handlerId, roles: ['citizen', 'departmentHandler'], departmentIds: [c.departmentId] }))
  expect(expectOk(await h.call('notify', 'notify-kinds-handler', 'myNotifications', {})).kinds.map((k: any) => k.key)).toEqual([...citizenKinds, ...dutyKinds].map((k) => k.key))

  const first = expectOk(await h.act('notify', 'notify-kinds-citizen', 'reportSubscribe', { results: { 'sanwei-status-changed': 'accept', 'sanwei-replied': 'reject', 'no-such-template': 'accept' } }))
  expect(first).toEqual({ left: { statusChanged: 1 } })
  expect(expectOk(await h.act('notify', 'notify-kinds-citizen', 'reportSubscribe', { results: { 'sanwei-status-changed': 'accept', 'sanwei-replied': 'accept' } })))
    .toEqual({ left: { statusChanged: 2, replied: 1 } })
  expectOk(await h.act('notify', 'notify-kinds-citizen', 'setNotification', { templateKey: 'replied', on: false }))
  expect(expectOk(await h.call('notify', 'notify-kinds-citizen', 'myNotifications', {})).kinds)
    .toEqual([{ ...citizenKinds[0], left: 2 }, { ...citizenKinds[1], on: false, left: 1 }])
  // What the app reports is capped at 1,000 a kind (WeChat does not say how many it keeps).
  const personId = expectOk(await h.act('org', 'notify-kinds-citizen', 'updateProfile', { name: '订阅者' })).id
  await db.collection('subscriptions').doc(`${personId}:statusChanged`).update({ left: 999 })
  for (const left of [1000, 1000]) {
    expect(expectOk(await h.act('notify', 'notify-kinds-citizen', 'reportSubscribe', { results: { 'sanwei-status-changed': 'accept' } }))).toEqual({ left: { statusChanged: left } })
  }
  await db.collection('subscriptions').doc(`${personId}:statusChanged`).update({ left: 2 })
  // Turned on again: the count is kept.
  expect(expectOk(await h.act('notify', 'notify-kinds-citizen', 'setNotification', { templateKey: 'replied', on: true }))).toEqual({ templateKey: 'replied', on: true })
  expect(expectOk(await h.call('notify', 'notify-kinds-citizen', 'myNotifications', {})).kinds[1]).toEqual({ ...citizenKinds[1], left: 1 })
})

test('a robot WeCom finds over its limit (45009: messages sent from elsewhere) is blocked for ten minutes; the notice waits until then, its attempt given back', async () => {
  const key = 'blockedrobot000001'
  const robot = expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'staff', targetId: c.townId, name: '当湖街道工作人员群', key }))
  // Twenty messages posted to the robot by someone else this minute: our books know nothing of them.
  for (let i = 0; i < 20; i++) {
    await fetch(`${h.url}/cgi-bin/webhook/send?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: `别处的消息${i}` } }) })
  }
  const id = expectOk(await h.act('suggestions', 'notify-citizen-45009', 'submit', draft('桥面积水'))).id
  const before = Date.now()
  expectOk(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['staff'], text: '请工作人员关注' }))
  const after = Date.now()
  const answers = (await inbox('robot')).filter((e) => e.key === key).map((e) => e.errcode)
  expect(answers).toEqual([...new Array(20).fill(0), 45009])
  const blockedUntil = (await db.collection('robots').doc(robot.id).get()).data[0].blockedUntil
  expect(Date.parse(blockedUntil)).toBeGreaterThanOrEqual(before + 10 * 60_000)
  expect(Date.parse(blockedUntil)).toBeLessThanOrEqual(after + 10 * 60_000)
  const [row] = (await rowsOf(id)).filter((r) => r.kind === 'robot')
  expect(row).toMatchObject({ to: `staff:${c.townId}`, status: 'pending', waitingForLimit: true, attempts: 0, dueAt: blockedUntil, lastErrcode: 45009 })
  expect(row.lastErrmsg).toMatch(/^api freq out of limit/)
  // A sweep now sends nothing to it: the robot is blocked.
  await fireTimer(h, { rules: false })
  expect((await inbox('robot')).filter((e) => e.key === key)).toHaveLength(21)
})

test('the daily digest counts what waits for a member by name and through their sector group, and what is overdue; a member with nothing waiting gets none', async () => {
  await subscribe(c.groupMember, ['sanwei-daily-digest'])
  const idleId = expectOk(await h.act('org', 'digest-idle-member', 'updateProfile', { name: '空闲委员' })).id
  expectOk(await h.act('org', ADMIN, 'setRoles', { personId: idleId, roles: ['citizen', 'member'] }))
  await subscribe('digest-idle-member', ['sanwei-daily-digest'])
  const handed = async (title: string, target: Record<string, string>) => {
    const id = expectOk(await h.act('suggestions', 'digest-group-author', 'submit', draft(title))).id
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target, deadline: inDays(7) }))
    return id
  }
  await handed('小区门口积水', { kind: 'sectorGroup', sectorGroupId: c.groupId })
  await handed('健身器材损坏', { kind: 'member', memberId: c.ids.groupMember })
  const late = await handed('路边违停', { kind: 'member', memberId: c.ids.groupMember })
  expectOk(await h.act('suggestions', c.groupMember, 'claim', { id: late }))
  const past = new Date(Date.now() - 30 * 3600_000).toISOString()
  await db.collection('suggestions').doc(late).update({ 'handOff.deadline': past, dueKey: `${past}|${late}` })

  const nineAm = new Date(new Date().toISOString().slice(0, 10) + 'T01:00:00.000Z').toISOString()
  await fetch(`${h.url}/api/triggers/timer/timeRules?at=${encodeURIComponent(nineAm)}`, { method: 'POST' })
  const digests = (await inbox('subscribeMessage')).filter((e) => e.touser === c.groupMember && e.templateId === 'sanwei-daily-digest')
  expect(digests.map((d) => [d.data.thing1.value, d.data.thing3.value])).toEqual([['您有 2 条待认领，1 条已超期', '请打开委员工作台查看']])
  expect((await inbox('subscribeMessage')).filter((e) => e.touser === 'digest-idle-member')).toEqual([])
})

test('a message WeChat refused for another reason than 43101 fails at once, and the message it spent is given back', async () => {
  await subscribe('notify-citizen-giveback', [STATUS])
  await subscribe('notify-citizen-giveback', [STATUS])
  const id = expectOk(await h.act('suggestions', 'notify-citizen-giveback', 'submit', draft('路边树枝折断'))).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  const left = async () => expectOk(await h.call('notify', 'notify-citizen-giveback', 'myNotifications', {})).kinds.find((k: any) => k.key === 'statusChanged').left
  expect(await left()).toBe(1)
  // A second message to them whose title field WeChat refuses (47003: empty), due now.
  const [sent] = await rowsOf(id)
  const { _id, status, attempts, dueAt, leaseId, lastErrcode, lastErrmsg, sentAt, log, waitingForLimit, ...what } = sent
  await db.collection('outbox').add({ ...what, _id: 'giveback-row-0001', createdAt: new Date().toISOString(), data: { ...sent.data, thing1: { value: ' ' } }, status: 'pending', attempts: 0, dueAt: new Date(Date.now() - 1000).toISOString() })
  await fireTimer(h, { rules: false })
  expect((await inbox('subscribeMessage')).filter((e) => e.touser === 'notify-citizen-giveback').map((e) => e.errcode)).toEqual([0, 47003])
  expect((await db.collection('outbox').doc('giveback-row-0001').get()).data[0]).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 47003 })
  expect(await left()).toBe(1)
})

test('a robot WeCom refuses for another reason than its limit (93000: its key no longer valid) fails at once; the robot is not blocked', async () => {
  const robot = expectOk(await h.act('notify', ADMIN, 'upsertRobot', { targetKind: 'town', targetId: c.townId, name: '当湖街道工作群', key: 'goneRobot000000001' }))
  // The robot was removed from its group: WeCom no longer knows its key (the local WeCom refuses an empty one).
  await db.collection('robots').doc(robot.id).update({ key: '' })
  const id = expectOk(await h.act('suggestions', 'notify-citizen-93000', 'submit', draft('桥下积水'))).id
  expectOk(await h.act('notify', c.staff, 'pushNotice', { id, groups: ['town'], text: '请镇街关注' }))
  expect((await inbox('robot')).filter((e) => e.key === '').map((e) => e.errcode)).toEqual([93000])
  const [row] = (await rowsOf(id)).filter((r) => r.kind === 'robot')
  expect(row).toMatchObject({ to: `town:${c.townId}`, status: 'failed', attempts: 1, lastErrcode: 93000, lastErrmsg: 'invalid webhook url: key is required' })
  expect(row.waitingForLimit).not.toBe(true)
  expect(expectOk(await h.call('notify', ADMIN, 'robots', {})).robots.find((r: any) => r.id === robot.id).blockedUntil).toBeNull()
})

test('every query above used a declared index (no full scans)', async () => {
  const scans = await fullScans(h)
  expect(scans.recentFullScans).toEqual([])
  expect(scans.fullScans).toBe(0)
})
