// Paths of the app no other component test walked: a refused confirmation, the WeChat transport against a stand-in
// Taro.cloud.callFunction, and a paged list's pull to refresh and next page.
import DetailPage from '@/pages/detail/index'
import { ApiError, call } from '@/api'
import { send } from '@/api/transport'
import { usePagedList } from '@/hooks/usePagedList'
import type { Command } from '@/domain/transitions'
import type { SuggestionDetail } from '@/domain/api'
import { mount } from './render'

/** The page events the list hook registers, so a test can pull down or scroll to the bottom as a person would. */
const page: { pull?: () => void; bottom?: () => void } = {}
jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => {
  const base = jest.requireActual('./__mocks__/taro')
  return {
    __esModule: true, ...base,
    usePullDownRefresh: (fn: () => void) => { page.pull = fn },
    useReachBottom: (fn: () => void) => { page.bottom = fn },
  }
})
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Taro = require('@tarojs/taro').default as { showModal: jest.Mock; stopPullDownRefresh: jest.Mock; cloud: { callFunction: jest.Mock } }

function detail(actions: Command[], over: Partial<SuggestionDetail> = {}): SuggestionDetail {
  return {
    id: 's1', title: '村口路灯坏了', excerpt: '', category: 'traffic', townId: 't1', townName: '城关镇', villageId: 'v1', villageName: '东村',
    status: 'submitted', createdAt: '2026-11-26T01:00:00.000Z', updatedAt: '2026-11-26T01:00:00.000Z', overdue: false,
    secondCount: 0, commentCount: 0, imageCount: 0, content: '东村村口的三盏路灯坏了。', images: [], anonymous: false, channel: 'online',
    author: { id: 'p1', name: '张三', role: 'citizen' }, mine: true, reopenCount: 0, chaseCount: 0, mergedFromIds: [],
    timeline: [], comments: [], actions, following: false, seconded: false, ...over,
  }
}

describe('a confirmation the person refuses', () => {
  beforeEach(() => {
    require('@tarojs/taro').useRouter.mockReturnValue({ params: { id: 's1' } })
    Taro.cloud.callFunction.mockReset()
    Taro.showModal.mockClear()
  })

  test('再想想 on 撤回 sends nothing and leaves the item as it was; 确定 then sends it once', async () => {
    const actions: string[] = []
    Taro.cloud.callFunction.mockImplementation(async ({ data }: { data: { action: string } }) => {
      actions.push(data.action)
      return { result: data.action === 'withdraw' ? { ok: true, data: { id: 's1', status: 'withdrawn', eventId: 'e2' } } : { ok: true, data: detail(['withdraw', 'comment', 'second']) } }
    })
    const m = await mount(<DetailPage />)
    await m.flush()
    await m.click(m.q('[data-action="withdraw"]'))
    Taro.showModal.mockResolvedValueOnce({ confirm: false, cancel: true })
    await m.click(m.q('[data-testid="action-submit"]'))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(Taro.showModal.mock.calls[0][0]).toMatchObject({ content: '撤回后，这条建议将不再办理。确定撤回吗？' })
    expect(actions).toEqual(['detail'])
    expect(m.q('[data-testid="detail"]')?.getAttribute('data-status')).toBe('submitted')
    // The sheet is still open: the person can change their mind.
    expect(m.q('[data-testid="action-submit"]')).not.toBeNull()

    Taro.showModal.mockResolvedValueOnce({ confirm: true, cancel: false })
    await m.click(m.q('[data-testid="action-submit"]'))
    expect(actions.filter((a) => a === 'withdraw')).toHaveLength(1)
    m.unmount()
  })
})

describe('the WeChat transport', () => {
  beforeEach(() => Taro.cloud.callFunction.mockReset())

  test('calls the named function with the call data and answers its result', async () => {
    Taro.cloud.callFunction.mockResolvedValueOnce({ result: { ok: true, data: { id: 'x' } }, errMsg: 'cloud.callFunction:ok' })
    await expect(send('suggestions', { action: 'accept', input: { id: 'x' }, requestId: 'req-12345678' })).resolves.toEqual({ ok: true, data: { id: 'x' } })
    expect(Taro.cloud.callFunction).toHaveBeenCalledWith({ name: 'suggestions', data: { action: 'accept', input: { id: 'x' }, requestId: 'req-12345678' } })
  })

  test('a failed call (no network, function missing) is a NETWORK error carrying what WeChat said', async () => {
    Taro.cloud.callFunction.mockRejectedValueOnce(new Error('cloud.callFunction:fail -404011 cloud function execution error'))
    await expect(send('suggestions', { action: 'feed', input: {} })).rejects.toMatchObject({ code: 'NETWORK', detail: 'cloud.callFunction:fail -404011 cloud function execution error' })
    Taro.cloud.callFunction.mockRejectedValueOnce('timeout')
    await expect(send('suggestions', { action: 'feed', input: {} })).rejects.toMatchObject({ code: 'NETWORK', detail: 'timeout' })
  })

  test('through the client: a refusal in the result becomes an ApiError with its code and field', async () => {
    Taro.cloud.callFunction.mockResolvedValueOnce({ result: { ok: false, code: 'BAD_TRANSITION', message: '已办结的建言不能这样操作', field: 'id' } })
    await expect(call('suggestions', 'accept', { id: 'x' })).rejects.toMatchObject({ code: 'BAD_TRANSITION', field: 'id', message: '已办结的建言不能这样操作' })
  })
})

describe('a paged list', () => {
  type Row = { id: string }
  function List({ load }: { load: (cursor: string | null) => Promise<{ items: Row[]; nextCursor: string | null; total?: number }> }) {
    const list = usePagedList<Row, { total: number }>(load, [])
    return (
      <div data-testid='list' data-loading={String(list.loading)} data-more={String(list.hasMore)} data-total={String(list.extra?.total ?? '')} data-error={list.error?.code ?? ''}>
        {list.items.map((r) => <span key={r.id} className='row'>{r.id}</span>)}
      </div>
    )
  }
  const rows = (m: Awaited<ReturnType<typeof mount>>) => m.qa('.row').map((e) => e.textContent)
  const attr = (m: Awaited<ReturnType<typeof mount>>, a: string) => m.q('[data-testid="list"]')?.getAttribute(a)

  test('shows the first page, appends the next at the bottom, and stops when there is no more', async () => {
    const load = jest.fn(async (cursor: string | null) => cursor === null
      ? { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1', total: 3 }
      : { items: [{ id: 'c' }], nextCursor: null })
    const m = await mount(<List load={load} />)
    await m.flush()
    expect([rows(m), attr(m, 'data-more'), attr(m, 'data-total')]).toEqual([['a', 'b'], 'true', '3'])
    await m.act(async () => page.bottom!())
    expect([rows(m), attr(m, 'data-more')]).toEqual([['a', 'b', 'c'], 'false'])
    expect(load.mock.calls.map((c) => c[0])).toEqual([null, 'c1'])
    // At the end, the bottom asks for nothing more.
    await m.act(async () => page.bottom!())
    expect(load).toHaveBeenCalledTimes(2)
    m.unmount()
  })

  test('pull to refresh starts again from the first page, replaces the rows and ends the pull', async () => {
    let version = 1
    const load = jest.fn(async (cursor: string | null) => cursor === null
      ? { items: [{ id: `new${version}` }], nextCursor: 'c1' }
      : { items: [{ id: 'older' }], nextCursor: null })
    const m = await mount(<List load={load} />)
    await m.flush()
    await m.act(async () => page.bottom!())
    expect(rows(m)).toEqual(['new1', 'older'])
    version = 2
    Taro.stopPullDownRefresh.mockClear()
    await m.act(async () => page.pull!())
    expect(rows(m)).toEqual(['new2'])
    expect(attr(m, 'data-more')).toBe('true')
    expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1)
    m.unmount()
  })

  test('an answer to an older load is dropped when a refresh overtook it', async () => {
    const resolvers: ((v: { items: Row[]; nextCursor: string | null }) => void)[] = []
    const load = jest.fn((_cursor: string | null) => new Promise<{ items: Row[]; nextCursor: string | null }>((r) => resolvers.push(r)))
    const m = await mount(<List load={load} />)
    await m.act(async () => page.pull!())
    await m.act(async () => resolvers[1]({ items: [{ id: 'fresh' }], nextCursor: null }))
    await m.act(async () => resolvers[0]({ items: [{ id: 'stale' }], nextCursor: 'x' }))
    expect([rows(m), attr(m, 'data-more'), attr(m, 'data-loading')]).toEqual([['fresh'], 'false', 'false'])
    m.unmount()
  })

  test('a failed page shows its error and keeps the rows already shown', async () => {
    const load = jest.fn(async (cursor: string | null) => {
      if (cursor === null) return { items: [{ id: 'a' }], nextCursor: 'c1' }
      throw new ApiError('NETWORK')
    })
    const m = await mount(<List load={load} />)
    await m.flush()
    await m.act(async () => page.bottom!())
    expect([rows(m), attr(m, 'data-error')]).toEqual([['a'], 'NETWORK'])
    m.unmount()
  })
})
