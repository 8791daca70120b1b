// Exports from a screen (useExport): one request id per intent, kept for a retry after an answer that never came and
// until the file opened, so a retried tap gets the first export; a refusal, a changed filter or a new tap is a new intent.
import { useState } from 'react'
import { useExport } from '@/components/figures/useExport'
import { openExport } from '@/components/figures/openExport'
import { ApiError } from '@/api'
import { send } from '@/api/transport'
import { mount } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))
jest.mock('../../src/api/transport', () => ({ send: jest.fn() }))
jest.mock('../../src/components/figures/openExport', () => ({ openExport: jest.fn(async () => undefined) }))

const sendMock = send as jest.MockedFunction<typeof send>
const openMock = openExport as jest.MockedFunction<typeof openExport>
const FILE = { exportId: 'e1', fileID: 'cloud://x/e1.xlsx', url: 'http://127.0.0.1/e1.xlsx', fileName: '建议清单-办理中.xlsx', rows: 3 }

function Probe({ inputs }: { inputs: Record<string, unknown>[] }) {
  const e = useExport()
  // A screen's filters: `next` changes them, as a person picking another tab would.
  const [i, setI] = useState(0)
  return (
    <div>
      <button data-testid='go' onClick={() => void e.run('exportItems', inputs[i])}>导出</button>
      <button data-testid='next' onClick={() => setI(i + 1)}>换</button>
      {e.error ? <span data-testid='err'>{e.error.code}</span> : null}
    </div>
  )
}

const sent = () => sendMock.mock.calls.map(([fn, data]) => ({ fn, ...(data as { action: string; input: unknown; requestId?: string }) }))

beforeEach(() => { sendMock.mockReset(); openMock.mockClear() })

test('an answer that never came, retried: the same request id and filters; the file opens once', async () => {
  sendMock.mockRejectedValueOnce(new ApiError('NETWORK')).mockResolvedValueOnce({ ok: true, data: FILE })
  const m = await mount(<Probe inputs={[{ tab: 'handling', townId: 't1' }]} />)
  await m.click(m.q('[data-testid="go"]'))
  await m.waitFor(() => m.q('[data-testid="err"]')?.textContent === 'NETWORK')
  await m.click(m.q('[data-testid="go"]'))
  await m.waitFor(() => openMock.mock.calls.length === 1)
  const [first, retry] = sent()
  expect(first).toMatchObject({ fn: 'figures', action: 'exportItems', input: { tab: 'handling', townId: 't1' } })
  expect(first.requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  expect(retry).toEqual(first)
  expect(openMock).toHaveBeenCalledWith(FILE)
  expect(m.q('[data-testid="err"]')).toBeNull()
  // Done: the next tap is a new export.
  sendMock.mockResolvedValueOnce({ ok: true, data: FILE })
  await m.click(m.q('[data-testid="go"]'))
  await m.waitFor(() => openMock.mock.calls.length === 2)
  expect(sent()[2].requestId).not.toBe(first.requestId)
  m.unmount()
})

test('a refusal ends the intent, and other filters after a lost answer are another one: each gets a new request id', async () => {
  sendMock.mockResolvedValueOnce({ ok: false, code: 'FORBIDDEN', message: 'no' }).mockRejectedValueOnce(new ApiError('NETWORK'))
  const m = await mount(<Probe inputs={[{ tab: 'handling' }, { tab: 'replied' }]} />)
  await m.click(m.q('[data-testid="go"]'))
  await m.waitFor(() => m.q('[data-testid="err"]')?.textContent === 'FORBIDDEN')
  await m.click(m.q('[data-testid="go"]'))
  await m.waitFor(() => m.q('[data-testid="err"]')?.textContent === 'NETWORK')
  // The answer never came, but the person changed the list before tapping again: that is a new export.
  await m.click(m.q('[data-testid="next"]'))
  sendMock.mockResolvedValueOnce({ ok: true, data: FILE })
  await m.click(m.q('[data-testid="go"]'))
  await m.waitFor(() => openMock.mock.calls.length === 1)
  const calls = sent()
  expect(calls.map((c) => c.input)).toEqual([{ tab: 'handling' }, { tab: 'handling' }, { tab: 'replied' }])
  expect(new Set(calls.map((c) => c.requestId)).size).toBe(3)
  m.unmount()
})
