// Busy items and long lists a page at a time: the detail shows the newest events and comments and loads older ones on a
// tap, put before them; the member picker of a hand-off loads more members on a tap.
import DetailPage from '@/pages/detail/index'
import { send } from '@/api/transport'
import type { CommentView, EventView, MemberView, SuggestionDetail } from '@/domain/api'
import type { Command } from '@/domain/transitions'
import { mount } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))
jest.mock('../../src/api/transport', () => ({ send: jest.fn() }))

const sendMock = send as jest.MockedFunction<typeof send>
const citizen = { id: 'p1', name: '张三', role: 'citizen' as const }
const staff = { id: 'p9', name: '赵工作人员', role: 'staff' as const }

const event = (id: string, note: string): EventView => ({ id, command: 'progress', actor: staff, from: 'claimed', to: 'claimed', at: '2026-11-26T03:00:00.000Z', payload: { note } })
const comment = (id: string, text: string): CommentView => ({ id, author: citizen, text, at: '2026-11-26T03:00:00.000Z' } as CommentView)

function detail(actions: Command[], over: Partial<SuggestionDetail> = {}): SuggestionDetail {
  return {
    id: 's1', title: '村口路灯坏了', excerpt: '', category: 'traffic', townId: 't1', townName: '城关镇', villageId: 'v1', villageName: '东村',
    status: 'claimed', createdAt: '2026-11-26T01:00:00.000Z', updatedAt: '2026-11-26T01:00:00.000Z', overdue: false,
    secondCount: 0, commentCount: 0, imageCount: 0, content: '东村村口的三盏路灯坏了。', images: [], anonymous: false, channel: 'online',
    author: citizen, mine: false, reopenCount: 0, chaseCount: 0, mergedFromIds: [],
    timeline: [event('e3', '第三次进展')], comments: [comment('c3', '第三条意见')], actions, following: false, seconded: false, ...over,
  }
}

beforeEach(() => {
  require('@tarojs/taro').useRouter.mockReturnValue({ params: { id: 's1' } })
  sendMock.mockReset()
})

test('查看更早的记录 loads the older events before the newest, page by page, until there are none', async () => {
  sendMock.mockImplementation(async (_fn, data) => {
    if (data.action === 'detail') return { ok: true, data: detail([], { olderTimelineCursor: 'cur-1' }) }
    if (data.action === 'timeline' && (data.input as { cursor: string }).cursor === 'cur-1') return { ok: true, data: { items: [event('e2', '第二次进展')], nextCursor: 'cur-2' } }
    if (data.action === 'timeline') return { ok: true, data: { items: [event('e1', '第一次进展')], nextCursor: null } }
    throw new Error(`unexpected ${data.action}`)
  })
  const m = await mount(<DetailPage />)
  await m.flush()
  const notes = () => m.qa('[data-testid="timeline-item"]').map((e) => e.textContent ?? '').map((t) => /第.次进展/.exec(t)?.[0])
  expect(notes()).toEqual(['第三次进展'])
  await m.click(m.q('[data-testid="timeline-older"]'))
  expect(sendMock.mock.calls.find((c) => c[1].action === 'timeline')?.[1].input).toEqual({ id: 's1', cursor: 'cur-1' })
  expect(notes()).toEqual(['第二次进展', '第三次进展'])
  await m.click(m.q('[data-testid="timeline-older"]'))
  expect(notes()).toEqual(['第一次进展', '第二次进展', '第三次进展'])
  // The oldest page reached: nothing more to load.
  expect(m.q('[data-testid="timeline-older"]')).toBeNull()
  m.unmount()
})

test('查看更早的意见 loads older comments before the newest; an item with none older offers no button', async () => {
  sendMock.mockImplementation(async (_fn, data) => {
    if (data.action === 'detail') return { ok: true, data: detail(['comment'], { olderCommentsCursor: 'c-cur' }) }
    if (data.action === 'comments') return { ok: true, data: { items: [comment('c1', '第一条意见'), comment('c2', '第二条意见')], nextCursor: null } }
    throw new Error(`unexpected ${data.action}`)
  })
  const m = await mount(<DetailPage />)
  await m.flush()
  const texts = () => m.qa('[data-testid="comment"]').map((e) => /第.条意见/.exec(e.textContent ?? '')?.[0])
  expect(texts()).toEqual(['第三条意见'])
  expect(m.q('[data-testid="timeline-older"]')).toBeNull()
  await m.click(m.q('[data-testid="comments-older"]'))
  expect(sendMock.mock.calls.find((c) => c[1].action === 'comments')?.[1].input).toEqual({ id: 's1', cursor: 'c-cur' })
  expect(texts()).toEqual(['第一条意见', '第二条意见', '第三条意见'])
  expect(m.q('[data-testid="comments-older"]')).toBeNull()
  m.unmount()
})

const member = (id: string, name: string): MemberView => ({ id, name, boundVillageIds: [] } as unknown as MemberView)

test('the hand-off member picker loads more members when the town has more than one page', async () => {
  sendMock.mockImplementation(async (fn, data) => {
    if (data.action === 'detail') return { ok: true, data: detail(['handOff'], { status: 'accepted' }) }
    if (fn === 'org' && data.action === 'members' && !(data.input as { cursor?: string }).cursor) return { ok: true, data: { members: [member('m1', '李委员')], nextCursor: 'm-cur' } }
    if (fn === 'org' && data.action === 'members') return { ok: true, data: { members: [member('m2', '王委员')], nextCursor: null } }
    if (fn === 'org') return { ok: true, data: { groups: [], departments: [] } }
    throw new Error(`unexpected ${fn} ${data.action}`)
  })
  const m = await mount(<DetailPage />)
  await m.flush()
  await m.click(m.q('[data-action="handOff"]'))
  await m.waitFor(() => m.text().includes('李委员'))
  expect(m.text()).not.toContain('王委员')
  await m.click(m.q('[data-testid="members-more"]'))
  expect(sendMock.mock.calls.filter((c) => c[0] === 'org' && c[1].action === 'members').map((c) => c[1].input)).toEqual([{ townId: 't1' }, { townId: 't1', cursor: 'm-cur' }])
  expect(m.text()).toContain('王委员')
  expect(m.q('[data-testid="members-more"]')).toBeNull()
  m.unmount()
})
