// Fault injection in the local CloudBase: each kind does what it says, at its rate, the same way for the same seed.
import { Faults } from '../../emulator/faults'
import { startTestEmulator, type TestEmulator } from './runtime-helpers'

async function admin(e: TestEmulator, body: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${e.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return res.json()
}

test('the same seed injects the same faults; a kind at rate 0 draws nothing', () => {
  const draw = (seed: number) => {
    const f = new Faults({ seed, refuseRate: 0.3, dropRate: 0.3 })
    return Array.from({ length: 40 }, (_, i) => f.roll(i % 2 ? 'refused' : 'dropped'))
  }
  expect(draw(7)).toEqual(draw(7))
  expect(draw(7)).not.toEqual(draw(8))
  const f = new Faults({ seed: 7, refuseRate: 0.3 })
  const before = Array.from({ length: 10 }, () => f.roll('refused'))
  const g = new Faults({ seed: 7, refuseRate: 0.3 })
  // Rolling a kind that is off does not move the sequence of the others.
  const interleaved = Array.from({ length: 10 }, () => (g.roll('conflict'), g.roll('refused')))
  expect(interleaved).toEqual(before)
  expect(() => new Faults({ dropRate: 1.5 })).toThrow('faults.dropRate must be between 0 and 1')
})

describe('on a running local CloudBase', () => {
  let e: TestEmulator
  afterEach(async () => {
    await e?.close()
  })

  test('a refused call to a function never runs it; a dropped one runs it and the answer is lost', async () => {
    e = await startTestEmulator({ faults: { seed: 1, refuseRate: 1, connectionFaultsAt: ['gateway'] } })
    await expect(fetch(`${e.url}/api/functions/dbwriter`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': 'oF' }, body: '{"data":{"text":"a"}}' })).rejects.toThrow()
    expect(e.functions.stats().invocations).toBe(0)
    await e.close()

    e = await startTestEmulator({ faults: { seed: 1, dropRate: 1, connectionFaultsAt: ['gateway'] } })
    await expect(fetch(`${e.url}/api/functions/dbwriter`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': 'oF' }, body: '{"data":{"text":"kept"}}' })).rejects.toThrow()
    const notes = await admin(e, { action: 'database.getDocument', collectionName: 'notes', queryType: 'WHERE', query: '{}' })
    expect(notes.data.list.map((d: string) => JSON.parse(d).text)).toEqual(['kept'])
    expect(e.faults?.injected.dropped).toBe(1)
  })

  test('a transaction loses a write conflict and is aborted', async () => {
    e = await startTestEmulator({ faults: { seed: 1, conflictRate: 1 } })
    await e.db.handle('database.addCollection', { collectionName: 'c' })
    const { transactionId } = await admin(e, { action: 'database.startTransaction' })
    const write = await admin(e, { action: 'database.insertDocument', collectionName: 'c', data: ['{"x":1}'], transactionId })
    expect(write.code).toBe('DATABASE_TRANSACTION_CONFLICT')
    const commit = await admin(e, { action: 'database.commitTransaction', transactionId })
    expect(commit.code).toBe('DATABASE_TRANSACTION_CONFLICT')
    const count = await admin(e, { action: 'database.calculateDocument', collectionName: 'c', query: '{}' })
    expect(count.data.total).toBe(0)
    // Outside a transaction nothing conflicts.
    expect((await admin(e, { action: 'database.insertDocument', collectionName: 'c', data: ['{"x":2}'] })).code).toBeUndefined()
  })

  test('an open API answers WeChat’s system error, only for the APIs named', async () => {
    e = await startTestEmulator({ faults: { seed: 1, wechatErrorRate: 1, wechatErrorApis: ['/wxa/msg_sec_check'] } })
    const check = await admin(e, { action: 'wx.api', apiName: '/wxa/msg_sec_check', requestData: JSON.stringify({ openid: 'o', scene: 1, version: 2, content: '你好' }) })
    expect(JSON.parse(check.data.responseData)).toEqual({ errcode: -1, errmsg: 'system error' })
    const other = await admin(e, { action: 'wx.api', apiName: '/cgi-bin/message/subscribe/send', requestData: JSON.stringify({ touser: 'o', template_id: 't', data: {} }) })
    expect(JSON.parse(other.data.responseData).errcode).not.toBe(-1)
  })

  test('/admin calls are refused before they act, and late ones still act', async () => {
    e = await startTestEmulator({ faults: { seed: 1, refuseRate: 1, adminFaultActions: ['database.insert'], connectionFaultsAt: ['admin'] } })
    await e.db.handle('database.addCollection', { collectionName: 'c' })
    await expect(admin(e, { action: 'database.insertDocument', collectionName: 'c', data: ['{"x":1}'] })).rejects.toThrow()
    expect((await admin(e, { action: 'database.calculateDocument', collectionName: 'c', query: '{}' })).data.total).toBe(0)
    await e.close()
    e = await startTestEmulator({ faults: { seed: 1, latencyRate: 1, latencyMs: 5 } })
    await e.db.handle('database.addCollection', { collectionName: 'c' })
    expect((await admin(e, { action: 'database.insertDocument', collectionName: 'c', data: ['{"x":1}'] })).code).toBeUndefined()
    expect(e.faults?.injected.latency).toBe(1)
    const stats = await e.get('/api/emulator/stats')
    expect(stats.json.faults.latency).toBe(1)
  })
})
