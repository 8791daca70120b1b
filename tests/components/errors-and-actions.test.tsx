// How errors read, and which buttons a viewer is offered: only the actions the server listed for them.
import fs from 'node:fs'
import path from 'node:path'
import ActionBar from '@/components/ActionBar'
import { ErrorBox } from '@/components/ui'
import DetailPage from '@/pages/detail/index'
import { ApiError, ERROR_MESSAGES, call } from '@/api'
import { send } from '@/api/transport'
import { TEMPLATE_IDS } from '@/api/templates'
import { ERROR_CODES, type SuggestionDetail } from '@/domain/api'
import type { Command } from '@/domain/transitions'
import { mount } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))
jest.mock('../../src/api/transport', () => ({ send: jest.fn() }))

const sendMock = send as jest.MockedFunction<typeof send>

describe('error messages', () => {
  test.each([...ERROR_CODES, 'NETWORK' as const])('%s is shown as its own plain Chinese sentence', async (code) => {
    const m = await mount(<ErrorBox error={new ApiError(code)} />)
    const box = m.q('[role="alert"]')
    expect(box?.getAttribute('data-code')).toBe(code)
    expect(box?.textContent).toBe(ERROR_MESSAGES[code])
    expect(box?.textContent).toMatch(/[\u4e00-\u9fff]/)
    m.unmount()
  })

  test('every code has a different message', () => {
    const all = Object.values(ERROR_MESSAGES)
    expect(new Set(all).size).toBe(all.length)
  })

  test('the client unwraps a refusal once into an ApiError with its code, field and Chinese message', async () => {
    sendMock.mockResolvedValueOnce({ ok: false, code: 'FORBIDDEN', message: 'not allowed' })
    await expect(call('suggestions', 'accept', { id: 'x' }, { requestId: 'req-12345678' })).rejects.toMatchObject({
      code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN, detail: 'not allowed',
    })
    expect(sendMock).toHaveBeenLastCalledWith('suggestions', { action: 'accept', input: { id: 'x' }, requestId: 'req-12345678' })
    sendMock.mockResolvedValueOnce({ ok: false, code: 'INVALID_INPUT', field: 'reason', message: '请填写理由' })
    await expect(call('suggestions', 'reject', { id: 'x', reason: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'reason', message: '请填写理由' })
    sendMock.mockResolvedValueOnce({ ok: true, data: { id: 'x', status: 'accepted' } })
    await expect(call('suggestions', 'accept', { id: 'x' })).resolves.toEqual({ id: 'x', status: 'accepted' })
    sendMock.mockResolvedValueOnce('garbage')
    await expect(call('suggestions', 'accept', { id: 'x' })).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})

describe('the action bar', () => {
  test('shows the step that moves the item forward as the one primary button, the rest behind 更多, in words', async () => {
    const m = await mount(<ActionBar actions={['reject', 'merge', 'accept']} onAction={() => undefined} />)
    expect(m.qa('button').map((b) => b.textContent)).toEqual(['更多', '受理'])
    expect(m.q('[data-testid="action-bar"]')?.getAttribute('data-actions')).toBe('accept,reject,merge')
    await m.click(m.q('[data-testid="more-actions"]'))
    expect(m.qa('[data-testid="more-sheet"] button').map((b) => b.textContent)).toEqual(['不予受理', '合并'])
    m.unmount()
  })

  test('a single action needs no 更多', async () => {
    const m = await mount(<ActionBar actions={['claim']} onAction={() => undefined} />)
    expect(m.qa('button').map((b) => b.textContent)).toEqual(['认领'])
    m.unmount()
  })

  test('shows nothing when the viewer may do nothing', async () => {
    const m = await mount(<ActionBar actions={[]} onAction={() => undefined} />)
    expect(m.q('[data-testid="action-bar"]')).toBeNull()
    m.unmount()
  })

  test('reports the tapped command', async () => {
    const tapped: Command[] = []
    const m = await mount(<ActionBar actions={['claim', 'returnItem']} onAction={(c) => tapped.push(c)} />)
    await m.click(m.q('[data-action="claim"]'))
    await m.click(m.q('[data-testid="more-actions"]'))
    await m.click(m.q('[data-testid="more-sheet"] [data-action="returnItem"]'))
    expect(tapped).toEqual(['claim', 'returnItem'])
    // The sheet closes once an action is chosen.
    expect(m.q('[data-testid="more-sheet"]')).toBeNull()
    m.unmount()
  })
})

function detail(actions: Command[], over: Partial<SuggestionDetail> = {}): SuggestionDetail {
  return {
    id: 's1', title: '村口路灯坏了', excerpt: '', category: 'traffic', townId: 't1', townName: '城关镇', villageId: 'v1', villageName: '东村',
    status: 'submitted', createdAt: '2026-11-26T01:00:00.000Z', updatedAt: '2026-11-26T01:00:00.000Z', overdue: false,
    secondCount: 2, commentCount: 0, imageCount: 0, content: '东村村口的三盏路灯坏了。', images: [], anonymous: false, channel: 'online',
    author: { id: 'p1', name: '张三', role: 'citizen' }, mine: false, reopenCount: 0, chaseCount: 0, mergedFromIds: [],
    timeline: [{ id: 'e1', command: 'submit', actor: { id: 'p1', name: '张三', role: 'citizen' }, from: null, to: 'submitted', at: '2026-11-26T01:00:00.000Z', payload: {} }],
    comments: [], actions, following: false, seconded: false, ...over,
  }
}

describe('the detail page', () => {
  beforeEach(() => {
    require('@tarojs/taro').useRouter.mockReturnValue({ params: { id: 's1' } })
  })

  test('a citizen is offered only what the server lists: no staff buttons, no 通知工作群', async () => {
    sendMock.mockResolvedValue({ ok: true, data: detail(['comment', 'second']) })
    const m = await mount(<DetailPage />)
    await m.flush()
    expect(m.q('[data-testid="action-bar"]')).toBeNull()
    expect(m.q('[data-testid="notify-group"]')).toBeNull()
    expect(m.q('[data-testid="second"]')?.textContent).toBe('附议 2')
    expect(m.q('[data-testid="comment-form"]')).not.toBeNull()
    expect(m.q('[data-testid="timeline"]')?.textContent).toContain('张三')
    m.unmount()
  })

  test('staff see their triage actions and the work-group notice', async () => {
    sendMock.mockResolvedValue({ ok: true, data: detail(['accept', 'reject', 'merge', 'comment', 'second']) })
    const m = await mount(<DetailPage />)
    await m.flush()
    expect(m.q('[data-testid="action-bar"]')?.getAttribute('data-actions')).toBe('accept,reject,merge')
    expect(m.q('[data-testid="notify-group"]')).not.toBeNull()
    m.unmount()
  })

  test('a reason is required before 不予受理, and the step is confirmed before it is sent', async () => {
    sendMock.mockResolvedValue({ ok: true, data: detail(['reject']) })
    const m = await mount(<DetailPage />)
    await m.flush()
    await m.click(m.q('[data-action="reject"]'))
    await m.click(m.q('[data-testid="action-submit"]'))
    expect(m.q('[data-testid="field-error"]')?.textContent).toBe('请填写不予受理的理由')
    sendMock.mockClear()
    sendMock.mockImplementation(async (_fn, data) => data.action === 'reject'
      ? { ok: true, data: { id: 's1', status: 'rejected', eventId: 'e2' } }
      : { ok: true, data: detail([], { status: 'rejected' }) })
    await m.type(m.q('[data-testid="action-text"]'), '不属于受理范围')
    await m.click(m.q('[data-testid="action-submit"]'))
    const Taro = require('@tarojs/taro').default
    expect(Taro.showModal).toHaveBeenCalled()
    const sent = sendMock.mock.calls.find((c) => c[1].action === 'reject')
    expect(sent?.[1]).toMatchObject({ input: { id: 's1', reason: '不属于受理范围' } })
    expect(sent?.[1].requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(m.q('[data-testid="detail"]')?.getAttribute('data-status')).toBe('rejected')
    expect(m.q('[data-testid="action-bar"]')).toBeNull()
    m.unmount()
  })
})

test('the subscribe templates the app asks for are the ones the server sends', () => {
  const file = JSON.parse(fs.readFileSync(path.join(__dirname, '../../server/templates.json'), 'utf8')) as { templates: { id: string }[] }
  const known = new Set(file.templates.map((t) => t.id))
  for (const id of Object.values(TEMPLATE_IDS)) expect(known.has(id)).toBe(true)
})
