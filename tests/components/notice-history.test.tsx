// Staff read one history on an item: a staff push (通知工作群) on its timeline with each group it went to, the robot
// delivery's state there (sent, failed, waiting for the robot's limit), and the WeChat groups bound there with how many
// people opened its card; the other messages under the event whose command sent them. Others see only where it went.
import DetailPage from '@/pages/detail/index'
import { send } from '@/api/transport'
import type { SuggestionDetail } from '@/domain/api'
import type { DeliveryView } from '@/domain/notify/api'
import { mount } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))
jest.mock('../../src/api/transport', () => ({ send: jest.fn() }))

const sendMock = send as jest.MockedFunction<typeof send>
const AT = '2026-11-26T02:00:00.000Z'
const PUSHED = '2026-11-26T03:00:00.000Z'

const detail = (actions: SuggestionDetail['actions']): SuggestionDetail => ({
  id: 's1', title: '村口路灯坏了', excerpt: '', category: 'traffic', townId: 't1', townName: '城关镇', villageId: 'v1', villageName: '东村',
  status: 'accepted', createdAt: '2026-11-26T01:00:00.000Z', updatedAt: AT, overdue: false,
  secondCount: 0, commentCount: 0, imageCount: 0, content: '东村村口的三盏路灯坏了。', images: [], anonymous: false, channel: 'online',
  author: { id: 'p1', name: '张三', role: 'citizen' }, mine: false, reopenCount: 0, chaseCount: 0, mergedFromIds: [],
  timeline: [
    { id: 'e1', command: 'accept', actor: { id: 'p2', name: '李四', role: 'staff' }, from: 'submitted', to: 'accepted', at: AT, payload: {} },
    { id: 'e2', command: 'noticePushed', actor: { id: 'p2', name: '李四', role: 'staff' }, from: 'accepted', to: 'accepted', at: PUSHED,
      payload: { noticeId: 'n1', targets: [{ key: 'village:v1', name: '东村' }, { key: 'town:t1', name: '城关镇' }, { key: 'staff:t1', name: '工作人员群' }] } },
  ],
  comments: [], actions, following: false, seconded: false,
})

const row = (id: string, over: Partial<DeliveryView>): DeliveryView => ({
  id, kind: 'robot', to: 'village:v1', templateKey: 'groupNotice', suggestionId: 's1', title: '', note: '', status: 'sent', state: '已发送',
  attempts: 1, errcode: null, reason: null, createdAt: PUSHED, sentAt: PUSHED, noticeId: 'n1', ...over,
})

function answer(actions: SuggestionDetail['actions']) {
  sendMock.mockImplementation(async (_fn, data) => {
    if (data.action === 'itemDeliveries') return { ok: true, data: { deliveries: [
      row('r0', { kind: 'subscribe', to: 'person', templateKey: 'statusChanged', createdAt: AT, noticeId: null }),
      row('r1', {}),
      row('r2', { to: 'town:t1', status: 'pending', state: '等待机器人限流' }),
      row('r3', { to: 'staff:t1', status: 'failed', state: '发送失败', errcode: 93000, reason: 'invalid webhook url' }),
    ] } }
    if (data.action === 'itemReach') return { ok: true, data: {
      cards: [{ openGId: 'g1', name: '东村村民群', targetName: '城关镇东村', people: 3, opens: 5, lastAt: PUSHED }],
      boundGroups: [{ openGId: 'g1', name: '东村村民群', target: 'village:v1', targetName: '城关镇东村' }, { openGId: 'g2', name: '城关镇干部群', target: 'town:t1', targetName: '城关镇' }],
    } }
    return { ok: true, data: detail(actions) }
  })
}

beforeEach(() => {
  sendMock.mockReset()
  require('@tarojs/taro').useRouter.mockReturnValue({ params: { id: 's1' } })
})

test('staff see under the push each group with its delivery state and the bound WeChat groups with their openings', async () => {
  answer(['handOff', 'reject'])
  const m = await mount(<DetailPage />)
  await m.flush()
  await m.flush()
  const notice = m.q('[data-testid="timeline-item"][data-command="noticePushed"]')!
  expect(notice.textContent).toContain('李四（工作人员） 通知工作群')
  expect(notice.textContent).toContain('发到：东村、城关镇、工作人员群')
  const targets = Array.from(notice.querySelectorAll('[data-testid="notice-target"]')).map((t) => [
    t.getAttribute('data-target'),
    t.querySelector('[data-testid="delivery-state"]')?.textContent ?? null,
    Array.from(t.querySelectorAll('[data-testid="notice-group"]')).map((g) => g.textContent),
  ])
  expect(targets).toEqual([
    ['village:v1', '已发送', ['东村村民群（微信群）3 人打开']],
    ['town:t1', '等待机器人限流', ['城关镇干部群（微信群）已绑定，尚无人从群里打开']],
    ['staff:t1', '发送失败', []],
  ])
  expect(notice.querySelector('[data-to="staff:t1"] [data-testid="delivery-resend"]')).not.toBeNull()
  // The citizen's message is under the acceptance that sent it; the old separate 通知记录 section is gone.
  const accepted = m.q('[data-testid="timeline-item"][data-command="accept"]')!
  expect(accepted.querySelector('[data-testid="event-deliveries"]')?.textContent).toContain('订阅消息 · 我的建言有进展（受理、交办、办结等）')
  expect(m.q('[data-testid="item-deliveries"]')).toBeNull()
  m.unmount()
})

test('a citizen sees where the notice went, and nothing about deliveries or openings', async () => {
  answer(['second'])
  const m = await mount(<DetailPage />)
  await m.flush()
  const notice = m.q('[data-testid="timeline-item"][data-command="noticePushed"]')!
  expect(notice.textContent).toContain('发到：东村、城关镇、工作人员群')
  expect(notice.querySelector('[data-testid="notice-deliveries"]')).toBeNull()
  expect(sendMock.mock.calls.map((c) => c[1].action)).not.toContain('itemDeliveries')
  m.unmount()
})
