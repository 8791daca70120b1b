// Open data by CloudID, as WeChat keeps it: a card opened from a group gives an opaque cloudID per person and opening,
// which only the platform turns back into the group's openGId — in the function's event or through cloud.getOpenData.
import { Inbox } from '../../emulator/wechat/inbox'
import { OpenData } from '../../emulator/wechat/openData'
import { startTestEmulator, type TestEmulator } from './runtime-helpers'

jest.setTimeout(60_000)
let emulator: TestEmulator
beforeAll(async () => { emulator = await startTestEmulator() })
afterAll(async () => { await emulator.close() })

const enter = async (openid: string, group: string) => (await emulator.post('/api/open-data/group-enter', { group }, { 'x-openid': openid })).json
const call = async (fn: string, openid: string, data: unknown) => (await emulator.post(`/api/functions/${fn}`, { data }, { 'x-openid': openid })).json.result

test('each opening of a card gives a new opaque cloudID; the function receives the group in its event', async () => {
  const first = await enter('oOpener1', '东湖社区居民群')
  const second = await enter('oOpener1', '东湖社区居民群')
  expect(first).toMatchObject({ errMsg: 'getGroupEnterInfo:ok', cloudID: expect.stringMatching(/^\d+_[A-Za-z0-9_-]{32}$/) })
  expect(second.cloudID).not.toBe(first.cloudID)
  const event = (await call('opener', 'oOpener1', { action: 'open', groupInfo: { cloudID: first.cloudID } })).event
  expect(event.action).toBe('open')
  expect(event.groupInfo).toEqual({ cloudID: first.cloudID, data: { openGId: expect.stringMatching(/^tG[A-Za-z0-9_-]{26}$/), watermark: { appid: 'wx00000000local000', timestamp: expect.any(Number) } } })
  // Opaque: the cloudID says nothing of the group.
  expect(first.cloudID).not.toContain(event.groupInfo.data.openGId)
  const again = (await call('opener', 'oOpener1', { groupInfo: { cloudID: second.cloudID } })).event
  expect(again.groupInfo.data.openGId).toBe(event.groupInfo.data.openGId)
  const other = (await call('opener', 'oOpener1', { groupInfo: { cloudID: (await enter('oOpener1', '南市社区居民群')).cloudID } })).event
  expect(other.groupInfo.data.openGId).not.toBe(event.groupInfo.data.openGId)
})

test('only a top-level CloudID is decoded; a nested one arrives as it was sent', async () => {
  const { cloudID } = await enter('oOpener2', '东湖社区居民群')
  const event = (await call('opener', 'oOpener2', { input: { groupInfo: { cloudID } } })).event
  expect(event.input).toEqual({ groupInfo: { cloudID } })
})

test("another person's cloudID and an unknown one are not decoded", async () => {
  const { cloudID } = await enter('oOpener3', '东湖社区居民群')
  const stolen = (await call('opener', 'oSomeoneElse', { groupInfo: { cloudID } })).event.groupInfo
  expect(stolen).toEqual({ cloudID, errCode: -601006, errMsg: 'cloudID was issued to another user' })
  expect(stolen.data).toBeUndefined()
  const made = (await call('opener', 'oOpener3', { groupInfo: { cloudID: '12_madeUpByAClient000000000000000000' } })).event.groupInfo
  expect(made).toEqual({ cloudID: '12_madeUpByAClient000000000000000000', errCode: -601006, errMsg: 'invalid cloudID' })
})

test('a cloudID expires after five minutes', () => {
  let now = Date.parse('2026-11-29T00:00:00Z')
  const data = new OpenData('wxTest', new Inbox(), () => now)
  const { cloudID } = data.groupEnter('oClock', '群')
  now += 5 * 60_000 - 1
  expect(data.decode(cloudID, 'oClock')).toMatchObject({ data: { openGId: data.openGIdOf('群') } })
  now += 1
  expect(data.decode(cloudID, 'oClock')).toEqual({ cloudID, errCode: -601006, errMsg: 'cloudID expired' })
})

test('cloud.getOpenData decodes for a function that declares cloudbase.getOpenData', async () => {
  const { cloudID } = await enter('oOpener4', '东湖社区居民群')
  const res = await call('opener', 'oOpener4', { ask: cloudID })
  expect(res.list).toEqual([{ cloudID, data: { openGId: expect.stringMatching(/^tG/), watermark: expect.any(Object) } }])
})

test('cloud.getOpenData from a function that did not declare it is refused with -604101', async () => {
  await fetch(`${emulator.url}/api/inbox`, { method: 'DELETE' })
  const { cloudID } = await enter('oOpener5', '东湖社区居民群')
  expect(await call('notifier', 'oOpener5', { openData: cloudID })).toEqual({ list: null, errCode: -604101 })
  const refused = (await emulator.get('/api/inbox?kind=openapi')).json.entries
  expect(refused).toEqual([expect.objectContaining({ apiName: 'cloudbase.getOpenData', errcode: -604101, function: 'notifier' })])
})

test('the group-enter stand-in needs the person and a group name', async () => {
  expect((await emulator.post('/api/open-data/group-enter', { group: '群' })).status).toBe(400)
  expect((await emulator.post('/api/open-data/group-enter', { group: '' }, { 'x-openid': 'oX' })).status).toBe(400)
})
