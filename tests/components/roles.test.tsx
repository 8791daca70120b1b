// What the roles issue added to the screens, as a person meets it: staff record a suggestion for a resident with a name
// and a phone; a field's error clears as soon as it is fixed; the title counts its characters; a hidden person is named once.
import SubmitPage from '@/pages/submit/index'
import { actorLabel } from '@/components/Timeline'
import { send } from '@/api/transport'
import { loadMe } from '@/hooks/useMe'
import { mount } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))
jest.mock('../../src/api/transport', () => ({ send: jest.fn() }))

const sendMock = send as jest.MockedFunction<typeof send>
const TOWNS = { towns: [{ id: 'town1', name: '城关镇', villages: [{ id: 'v1', name: '东村' }] }] }
type Data = { action: string; input: Record<string, unknown>; requestId?: string }

function answer(roles: string[]) {
  sendMock.mockImplementation(async (_fn, data) => {
    const d = data as Data
    if (d.action === 'towns') return { ok: true, data: TOWNS }
    if (d.action === 'me') return { ok: true, data: { id: 'p1', name: '值班员', roles, sectorGroupIds: [], boundVillageIds: [] } }
    if (d.action === 'submit') return { ok: true, data: { id: 'new1', status: 'submitted' } }
    return { ok: true, data: { items: [] } }
  })
}

async function fill(m: Awaited<ReturnType<typeof mount>>) {
  await m.click(m.byText('交通出行'))
  await m.click(m.byText('城关镇'))
  await m.click(m.byText('东村'))
  await m.type(m.q('[data-testid="title"]'), '村口路灯坏了')
  await m.type(m.q('[data-testid="content"]'), '东村村口的三盏路灯坏了一个月，晚上走路很不安全。')
}

beforeEach(async () => {
  sendMock.mockReset()
  require('@tarojs/taro').default.__storage.clear()
})

test('staff record for a resident: name and phone are asked for, and sent as onBehalfOf with the channel', async () => {
  answer(['citizen', 'staff'])
  await loadMe(true)
  const m = await mount(<SubmitPage />)
  await m.flush()
  await fill(m)
  await m.click(m.q('[data-testid="record-for"]'))
  await m.click(m.q('[data-testid="submit"]'))
  expect(m.qa('[data-testid="field-error"]').map((e) => e.textContent)).toEqual(['请填写群众姓名', '请填写群众的11位手机号'])
  expect(sendMock.mock.calls.map((c) => (c[1] as Data).action)).not.toContain('submit')
  await m.type(m.q('[data-testid="record-name"]'), '张阿姨')
  // The name's error goes as soon as the name is there; the phone's stays until it is right.
  expect(m.qa('[data-testid="field-error"]').map((e) => e.textContent)).toEqual(['请填写群众的11位手机号'])
  await m.type(m.q('[data-testid="record-phone"]'), '13900001111')
  expect(m.qa('[data-testid="field-error"]')).toHaveLength(0)
  await m.click(m.q('[data-testid="submit"]'))
  await m.flush()
  const submitted = sendMock.mock.calls.map((c) => c[1] as Data).find((d) => d.action === 'submit')!
  expect(submitted.input).toMatchObject({ channel: 'liaisonStation', onBehalfOf: { name: '张阿姨', phone: '13900001111' } })
  m.unmount()
})

test('a citizen is not offered recording for someone else; the title shows its character count', async () => {
  answer(['citizen'])
  await loadMe(true)
  const m = await mount(<SubmitPage />)
  await m.flush()
  expect(m.q('[data-testid="record-for"]')).toBeNull()
  await m.type(m.q('[data-testid="title"]'), '村口路灯')
  expect(m.q('[data-testid="title-counter"]')?.textContent).toBe('4/50')
  m.unmount()
})

test('the timeline names a hidden citizen once, and a named person with their role', () => {
  expect(actorLabel({ id: null, name: '群众', role: 'citizen' })).toBe('群众')
  expect(actorLabel({ id: null, name: '匿名群众', role: 'citizen' })).toBe('匿名群众')
  expect(actorLabel({ id: 'p', name: '赵工作人员', role: 'staff' })).toBe('赵工作人员（工作人员）')
  expect(actorLabel({ id: 'p', name: '住建局王科长', role: 'departmentHandler' })).toBe('住建局王科长（部门办理人）')
})

test('我的村社区: a member sees each bound village with its open items, the open ones first, all on a tap', async () => {
  const MyVillages = require('@/packages/member/pages/villages/index').default
  const card = (id: string, title: string, status: string) => ({ id, title, status, category: 'traffic', townId: 'town1', villageId: 'v1', createdAt: '2026-03-01T00:00:00.000Z', secondCount: 0, commentCount: 0, overdue: false })
  sendMock.mockImplementation(async (_fn, data) => {
    const d = data as Data
    if (d.action === 'myVillages') return { ok: true, data: { villages: [
      { id: 'v1', name: '东村', townId: 'town1', townName: '城关镇', openCount: 1, totalCount: 2 },
      { id: 'v2', name: '西村', townId: 'town1', townName: '城关镇', openCount: 0, totalCount: 0 },
    ] } }
    if (d.action === 'villageItems' && d.input.villageId === 'v1') {
      return { ok: true, data: { items: d.input.open ? [card('s1', '村口路灯坏了', 'claimed')] : [card('s1', '村口路灯坏了', 'claimed'), card('s0', '村道坑洼', 'closed')], nextCursor: null } }
    }
    return { ok: true, data: { items: [], nextCursor: null } }
  })
  const m = await mount(<MyVillages />)
  await m.waitFor(() => m.qa('[data-testid="my-village"]').length === 2)
  expect(m.qa('[data-testid="village-open-count"]').map((e) => e.textContent)).toEqual(['未办结 1 条 · 共 2 条', '未办结 0 条 · 共 0 条'])
  await m.waitFor(() => m.text().includes('村口路灯坏了'))
  expect(m.text()).not.toContain('村道坑洼')
  await m.click(m.byText('全部'))
  await m.waitFor(() => m.text().includes('村道坑洼'))
  await m.click(m.qa('[data-testid="my-village"]')[1])
  await m.waitFor(() => m.text().includes('这个村社区还没有建议'))
  const asked = sendMock.mock.calls.map((c) => c[1] as Data).filter((d) => d.action === 'villageItems').map((d) => [d.input.villageId, d.input.open])
  expect(asked).toEqual([['v1', true], ['v1', false], ['v2', false]])
  m.unmount()
})
