// The 微建言 form as a person meets it: what is missing is said in Chinese next to the field, a refused field from the
// server lands next to that field, and a retry after a network failure reuses the request id.
import SubmitPage from '@/pages/submit/index'
import { ApiError } from '@/api/errors'
import { send } from '@/api/transport'
import { loadTowns } from '@/hooks/useMe'
import { mount } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))
jest.mock('../../src/api/transport', () => ({ send: jest.fn() }))

const sendMock = send as jest.MockedFunction<typeof send>
const TOWNS = { towns: [{ id: 'town1', name: '城关镇', villages: [{ id: 'v1', name: '东村' }, { id: 'v2', name: '西村' }] }] }

type Data = { action: string; input: Record<string, unknown>; requestId?: string }

function answer(handlers: Record<string, (d: Data) => unknown>) {
  sendMock.mockImplementation(async (_fn, data) => {
    const h = handlers[data.action]
    if (!h) return { ok: true, data: { items: [] } }
    return h(data as Data)
  })
}

async function fillValidForm(m: Awaited<ReturnType<typeof mount>>) {
  await m.click(m.byText('交通出行'))
  await m.click(m.byText('城关镇'))
  await m.click(m.byText('东村'))
  await m.type(m.q('[data-testid="title"]'), '村口路灯坏了')
  await m.type(m.q('[data-testid="content"]'), '东村村口的三盏路灯坏了一个月，晚上走路很不安全。')
}

beforeEach(() => {
  sendMock.mockReset()
  const Taro = require('@tarojs/taro').default
  Taro.__storage.clear()
})

test('an empty form says in Chinese what is missing, next to each field, and sends nothing', async () => {
  answer({ towns: () => ({ ok: true, data: TOWNS }) })
  const m = await mount(<SubmitPage />)
  await m.flush()
  await m.click(m.q('[data-testid="submit"]'))
  const errors = m.qa('[data-testid="field-error"]').map((e) => e.textContent)
  expect(errors).toEqual(expect.arrayContaining(['请选择建议类别', '请选择镇街道', '请填写标题', '请写下您的建议内容']))
  expect(sendMock.mock.calls.map((c) => c[1].action)).not.toContain('submit')
  m.unmount()
})

test('a too-short title and text are explained with the limits', async () => {
  answer({ towns: () => ({ ok: true, data: TOWNS }) })
  const m = await mount(<SubmitPage />)
  await m.flush()
  await m.type(m.q('[data-testid="title"]'), '路灯')
  await m.type(m.q('[data-testid="content"]'), '坏了')
  await m.click(m.q('[data-testid="submit"]'))
  const errors = m.qa('[data-testid="field-error"]').map((e) => e.textContent)
  expect(errors).toContain('标题至少 4 个字')
  expect(errors.some((e) => e?.startsWith('建议内容至少 10 个字'))).toBe(true)
  expect(m.q('[data-testid="counter"]')?.textContent).toBe('2/1000')
  m.unmount()
})

test('a field the server refuses is shown next to that field', async () => {
  answer({
    towns: () => ({ ok: true, data: TOWNS }),
    submit: () => ({ ok: false, code: 'INVALID_INPUT', field: 'title', message: '标题不能超过50字' }),
  })
  const m = await mount(<SubmitPage />)
  await m.flush()
  await fillValidForm(m)
  await m.click(m.q('[data-testid="submit"]'))
  expect(m.qa('[data-testid="field-error"]').map((e) => e.textContent)).toContain('标题不能超过50字')
  m.unmount()
})

test('after a network failure the retry carries the same request id, and a success clears the draft', async () => {
  let attempts = 0
  answer({
    towns: () => ({ ok: true, data: TOWNS }),
    submit: () => {
      attempts++
      if (attempts === 1) throw new ApiError('NETWORK')
      return { ok: true, data: { id: 's1', status: 'submitted' } }
    },
  })
  const m = await mount(<SubmitPage />)
  await m.flush()
  await fillValidForm(m)
  await m.click(m.q('[data-testid="submit"]'))
  expect(m.q('[data-testid="error"]')?.textContent).toContain('网络连接失败')
  await m.click(m.q('[data-testid="submit"]'))
  const submits = sendMock.mock.calls.filter((c) => c[1].action === 'submit').map((c) => c[1] as Data)
  expect(submits).toHaveLength(2)
  expect(submits[0].requestId).toBeTruthy()
  expect(submits[1].requestId).toBe(submits[0].requestId)
  expect(submits[1].input).toMatchObject({ category: 'traffic', townId: 'town1', villageId: 'v1', title: '村口路灯坏了', anonymous: false })
  const Taro = require('@tarojs/taro').default
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/detail/index?id=s1' })
  expect(Taro.__storage.has('sanwei.submitDraft')).toBe(false)
  m.unmount()
})

test('a definite refusal ends the intent: the next tap is a new request id', async () => {
  let attempts = 0
  answer({
    towns: () => ({ ok: true, data: TOWNS }),
    submit: () => (++attempts === 1 ? { ok: false, code: 'RATE_LIMITED', message: 'slow down' } : { ok: true, data: { id: 's2', status: 'submitted' } }),
  })
  const m = await mount(<SubmitPage />)
  await m.flush()
  await fillValidForm(m)
  await m.click(m.q('[data-testid="submit"]'))
  expect(m.q('[data-testid="error"]')?.textContent).toBe('操作太频繁，请稍后再试')
  await m.click(m.q('[data-testid="submit"]'))
  const ids = sendMock.mock.calls.filter((c) => c[1].action === 'submit').map((c) => (c[1] as Data).requestId)
  expect(ids[0]).not.toBe(ids[1])
  m.unmount()
})

test('the draft is kept in storage and comes back when the page opens again', async () => {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] })
  answer({ towns: () => ({ ok: true, data: TOWNS }) })
  const m = await mount(<SubmitPage />)
  await m.type(m.q('[data-testid="title"]'), '村口路灯坏了')
  const { act } = require('react')
  await act(async () => { jest.advanceTimersByTime(400) })
  jest.useRealTimers()
  m.unmount()
  const again = await mount(<SubmitPage />)
  await again.flush()
  expect((again.q('[data-testid="title"]') as HTMLInputElement).value).toBe('村口路灯坏了')
  again.unmount()
})

test('while typing, similar suggestions of the same place are offered', async () => {
  const seen: Data[] = []
  answer({
    towns: () => ({ ok: true, data: TOWNS }),
    similar: (d) => {
      seen.push(d)
      return { ok: true, data: { items: [{ id: 'old1', title: '东村路灯不亮', status: 'claimed', secondCount: 3, score: 0.8 }] } }
    },
  })
  const m = await mount(<SubmitPage />)
  await m.flush()
  await fillValidForm(m)
  await m.waitFor(() => m.q('[data-testid="similar"]') !== null)
  expect(m.q('[data-testid="similar"]')?.textContent).toContain('东村路灯不亮')
  expect(m.q('[data-testid="similar"]')?.textContent).toContain('附议 3')
  expect(seen[seen.length - 1].input).toMatchObject({ townId: 'town1', villageId: 'v1', title: '村口路灯坏了' })
  m.unmount()
})

// ---- the village picker and the photos of a draft ----

const COUNTY = {
  towns: [
    { id: 'town1', name: '城关镇', villages: [{ id: 'v1', name: '东村' }, { id: 'v2', name: '西村' }] },
    { id: 'town2', name: '乍浦镇', villages: [{ id: 'v3', name: '雅山村' }, { id: 'v4', name: '东门社区' }] },
  ],
}
const chosen = (m: Awaited<ReturnType<typeof mount>>, group: string) =>
  m.qa(`[aria-label="${group}"] [aria-checked="true"]`).map((e) => e.textContent)

test('typing in the village search lists the matching villages with their town; a tap fills in both', async () => {
  answer({ towns: () => ({ ok: true, data: COUNTY }) })
  await loadTowns(true) // the org tree is loaded once per app session; this test's county replaces the one before
  const m = await mount(<SubmitPage />)
  await m.flush()
  await m.type(m.q('[data-testid="place-search"]'), '东')
  expect(m.qa('[data-testid="place-result"]').map((e) => e.textContent)).toEqual(['城关镇 · 东村', '乍浦镇 · 东门社区'])
  // A town's name finds its villages; two words narrow it down.
  await m.type(m.q('[data-testid="place-search"]'), '乍浦')
  expect(m.qa('[data-testid="place-result"]').map((e) => e.textContent)).toEqual(['乍浦镇 · 雅山村', '乍浦镇 · 东门社区'])
  await m.type(m.q('[data-testid="place-search"]'), '乍浦 东')
  expect(m.qa('[data-testid="place-result"]').map((e) => e.textContent)).toEqual(['乍浦镇 · 东门社区'])
  await m.click(m.q('[data-testid="place-result"]'))
  expect(chosen(m, '所在镇街道')).toEqual(['乍浦镇'])
  expect(chosen(m, '所在村社区')).toEqual(['东门社区'])
  // The search is cleared once a place is chosen.
  expect((m.q('[data-testid="place-search"]') as HTMLInputElement).value).toBe('')
  expect(m.q('[data-testid="place-results"]')).toBeNull()
  await m.type(m.q('[data-testid="place-search"]'), '北京')
  expect(m.q('[data-testid="place-results"]')?.textContent).toBe('没有找到“北京”，请在下面选择')
  m.unmount()
})

test('the next suggestion starts in the village of the last one; a village that no longer exists is not offered', async () => {
  answer({ towns: () => ({ ok: true, data: COUNTY }), submit: () => ({ ok: true, data: { id: 's9', status: 'submitted' } }) })
  await loadTowns(true)
  const m = await mount(<SubmitPage />)
  await m.flush()
  expect(chosen(m, '所在镇街道')).toEqual([])
  await m.click(m.byText('交通出行'))
  await m.type(m.q('[data-testid="place-search"]'), '雅山')
  await m.click(m.q('[data-testid="place-result"]'))
  await m.type(m.q('[data-testid="title"]'), '雅山村口缺路灯')
  await m.type(m.q('[data-testid="content"]'), '雅山村村口一段路没有路灯，晚上很黑。')
  await m.click(m.q('[data-testid="submit"]'))
  expect(sendMock.mock.calls.find((c) => c[1].action === 'submit')?.[1].input).toMatchObject({ townId: 'town2', villageId: 'v3' })
  // The form is empty again, but keeps the place.
  expect((m.q('[data-testid="title"]') as HTMLInputElement).value).toBe('')
  expect(chosen(m, '所在村社区')).toEqual(['雅山村'])
  m.unmount()

  const Taro = require('@tarojs/taro').default
  Taro.__storage.delete('sanwei.submitDraft')
  const again = await mount(<SubmitPage />)
  await again.flush()
  expect(chosen(again, '所在镇街道')).toEqual(['乍浦镇'])
  expect(chosen(again, '所在村社区')).toEqual(['雅山村'])
  again.unmount()

  // The village was removed since: nothing is preselected.
  Taro.__storage.delete('sanwei.submitDraft')
  answer({ towns: () => ({ ok: true, data: { towns: [COUNTY.towns[0]] } }) })
  await loadTowns(true)
  const later = await mount(<SubmitPage />)
  await later.flush()
  expect(chosen(later, '所在镇街道')).toEqual([])
  later.unmount()
})

test('photos are uploaded as they are added, kept in the saved draft across a reload, and sent once', async () => {
  const Taro = require('@tarojs/taro').default
  Taro.chooseImage.mockResolvedValueOnce({ tempFilePaths: ['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg'], tempFiles: [] })
  let n = 0
  Taro.cloud.uploadFile.mockImplementation(async () => ({ fileID: `cloud://env.bucket/suggestions/p${++n}.jpg` }))
  answer({ towns: () => ({ ok: true, data: TOWNS }), submit: () => ({ ok: true, data: { id: 's3', status: 'submitted' } }) })
  await loadTowns(true)
  const m = await mount(<SubmitPage />)
  await m.flush()
  await m.click(m.q('[data-testid="add-photo"]'))
  expect(m.qa('[data-testid="photo"]')).toHaveLength(2)
  await m.waitFor(() => ((Taro.__storage.get('sanwei.submitDraft') as { imageIds?: string[] } | undefined)?.imageIds ?? []).length === 2)
  m.unmount()

  // Reopened (a reload): the two photos are back, shown from cloud storage.
  const again = await mount(<SubmitPage />)
  await again.flush()
  expect(again.qa('[data-testid="photo"] img').map((e) => e.getAttribute('src')).sort())
    .toEqual(['cloud://env.bucket/suggestions/p1.jpg', 'cloud://env.bucket/suggestions/p2.jpg'])
  // One is removed; the draft forgets it.
  await again.click(again.qa('[aria-label="删除这张图片"]')[0])
  expect(again.qa('[data-testid="photo"]')).toHaveLength(1)
  await fillValidForm(again)
  await again.click(again.q('[data-testid="submit"]'))
  const submitted = sendMock.mock.calls.find((c) => c[1].action === 'submit')?.[1].input as { images: string[] }
  expect(submitted.images).toHaveLength(1)
  expect(['cloud://env.bucket/suggestions/p1.jpg', 'cloud://env.bucket/suggestions/p2.jpg']).toContain(submitted.images[0])
  // Nothing was uploaded twice.
  expect(Taro.cloud.uploadFile).toHaveBeenCalledTimes(2)
  again.unmount()
})
