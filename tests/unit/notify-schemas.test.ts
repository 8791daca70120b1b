// What the notification and WeChat-group screens may send (src/domain/notify/schemas.ts, groups.ts), and the group
// labels a person reads; each refusal names the field and says in Chinese what is wrong.
import { parseInput } from '../../src/domain/schemas'
import { notifySchemas as n } from '../../src/domain/notify/schemas'
import { GROUP_LABELS, groupsSchemas as g, openGIdOf } from '../../src/domain/notify/groups'

const refusal = (schema: Parameters<typeof parseInput>[0], input: unknown) => {
  const r = parseInput(schema, input)
  return r.ok ? 'accepted' : [r.field, r.message]
}

test('subscriptions: what WeChat answered per template id, each one of its four answers', () => {
  expect(refusal(n.reportSubscribe, { results: { 'tmpl_A-1': 'accept', t2: 'ban' } })).toBe('accepted')
  expect(refusal(n.reportSubscribe, { results: { t1: 'maybe' } })).toStrictEqual(['results.t1', '订阅结果不正确'])
  expect(refusal(n.reportSubscribe, { results: { 'bad id': 'accept' } })).toStrictEqual(['results.bad id', '模板不正确'])
  expect(refusal(n.setNotification, { templateKey: 'weekly', on: true })).toStrictEqual(['templateKey', '通知类型不正确'])
  expect(refusal(n.setNotification, { templateKey: 'digest', on: 'yes' })).toStrictEqual(['on', '开关不正确'])
})

test('a robot: a target, a name of up to 30 characters, a webhook key of 8 to 64 characters', () => {
  expect(refusal(n.upsertRobot, { targetKind: 'staff', name: ' 值班群 ', key: 'abcd-1234' })).toBe('accepted')
  expect(refusal(n.upsertRobot, { targetKind: 'staff', name: '   ' })).toStrictEqual(['name', '请填写名称'])
  expect(refusal(n.upsertRobot, { targetKind: 'staff', name: '群'.repeat(31) })).toStrictEqual(['name', '名称不能超过30字'])
  expect(refusal(n.upsertRobot, { targetKind: 'staff', name: '群', key: 'short' })).toStrictEqual(['key', '机器人密钥不正确'])
  expect(refusal(n.upsertRobot, { targetKind: 'staff', name: '群', key: 'k'.repeat(65) })).toStrictEqual(['key', '机器人密钥不正确'])
  expect(refusal(n.upsertRobot, { targetKind: 'county', name: '群' })).toStrictEqual(['targetKind', expect.stringMatching(/^请选择/)])
})

test('a notice pushed to groups: 1 to 10 groups of the known kinds, text of 1 to 500 characters', () => {
  expect(refusal(n.pushNotice, { id: 'i1', groups: ['village', 'town', 'staff', 'sectorGroup:g_1'], text: '请关注' })).toBe('accepted')
  expect(refusal(n.pushNotice, { id: 'i1', groups: [], text: '请关注' })).toStrictEqual(['groups', '请选择群'])
  expect(refusal(n.pushNotice, { id: 'i1', groups: Array(11).fill('town'), text: '请关注' })).toStrictEqual(['groups', '请选择群'])
  expect(refusal(n.pushNotice, { id: 'i1', groups: ['county'], text: '请关注' })).toStrictEqual(['groups.0', '群不正确'])
  expect(refusal(n.pushNotice, { id: 'i1', groups: ['sectorGroup:'], text: '请关注' })).toStrictEqual(['groups.0', '群不正确'])
  expect(refusal(n.pushNotice, { id: 'i1', groups: ['xvillage'], text: '请关注' })).toStrictEqual(['groups.0', '群不正确'])
  expect(refusal(n.previewNotice, { id: 'i1', text: '  ' })).toStrictEqual(['text', '请填写通知内容'])
  expect(refusal(n.previewNotice, { id: 'i1', text: '字'.repeat(501) })).toStrictEqual(['text', '通知内容不能超过500字'])
  expect(refusal(n.failedNotices, { before: 'yesterday' })).toStrictEqual(['before', expect.any(String)])
  expect(refusal(n.failedNotices, { before: '2026-03-01T00:00:00.000Z' })).toBe('accepted')
})

test('WeChat groups: a bind token of 24 characters, a group id of 8 to 64, a name of up to 30', () => {
  expect(refusal(g.openGroupCard, { bindToken: 'a'.repeat(24) })).toBe('accepted')
  expect(refusal(g.openGroupCard, { bindToken: 'a'.repeat(23) })).toStrictEqual(['bindToken', '绑定卡片不正确'])
  expect(refusal(g.chatGroups, { status: 'lost' })).toStrictEqual(['status', '状态不正确'])
  const bind = { openGId: 'tGabcdefgh12', targetKind: 'village', targetId: 'v1', name: '东湖社区群' }
  expect(refusal(g.bindChatGroup, bind)).toBe('accepted')
  expect(refusal(g.bindChatGroup, { ...bind, openGId: 'tG1' })).toStrictEqual(['openGId', '群不正确'])
  expect(refusal(g.bindChatGroup, { ...bind, targetKind: 'county' })).toStrictEqual(['targetKind', '请选择所属村（社区）或镇'])
  expect(refusal(g.bindChatGroup, { ...bind, name: '  ' })).toStrictEqual(['name', '请填写群名称'])
  expect(refusal(g.bindChatGroup, { ...bind, name: '群'.repeat(31) })).toStrictEqual(['name', '群名称不能超过30字'])
  expect(openGIdOf({ data: { openGId: 'x'.repeat(65) } })).toBeNull()
  expect(openGIdOf({ data: { openGId: 'x'.repeat(64) } })).toBe('x'.repeat(64))
})

test('group labels read as a person expects', () => {
  expect(GROUP_LABELS.cardGroupName('东湖社区')).toBe('东湖社区微信群')
  expect(GROUP_LABELS.bindCardTitle('东湖社区')).toBe('【绑定工作群】把本群绑定到东湖社区')
  expect(GROUP_LABELS.people(3)).toBe('3 人打开')
  for (const v of Object.values(GROUP_LABELS)) if (typeof v === 'string') expect(v.trim()).not.toBe('')
})
