// The WeChat stand-ins keep the platform's rules, reached the ways the product reaches them:
// wx-server-sdk cloud.openapi (wx.openApi, protobuf) and node-sdk callWxOpenApi (wx.api), and the WeCom robot webhook.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { pointSdksAt, startTestEmulator, type TestEmulator } from './runtime-helpers'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const cloud = require('wx-server-sdk')

let emulator: TestEmulator
let templatesDir: string

beforeAll(async () => {
  templatesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-templates-'))
  emulator = await startTestEmulator({ wordList: ['违禁词', 'forbidden'], reviewWords: ['可疑'] })
  pointSdksAt(emulator)
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
})

afterAll(async () => {
  await emulator.close()
  fs.rmSync(templatesDir, { recursive: true, force: true })
})

beforeEach(async () => {
  await fetch(`${emulator.url}/api/inbox`, { method: 'DELETE' })
})

const grant = (openid: string, templateIds: string[]) => emulator.post('/api/subscribe', { openid, templateIds })

const validMessage = (touser: string, templateId = 'TPL_REPLY') => ({
  touser,
  templateId,
  page: 'pages/suggestion/detail?id=1',
  miniprogramState: 'developer',
  data: {
    thing1: { value: '小区路灯不亮' },
    phrase2: { value: '已答复' },
    time3: { value: '2026-11-26 15:01' },
    character_string4: { value: 'SW-20261126-0001' },
    name5: { value: '张委员' },
    number6: { value: '3' },
  },
})

describe('subscribeMessage.send (wx-server-sdk cloud.openapi → wx.openApi)', () => {
  test('without an accepted subscription the send fails with 43101', async () => {
    await expect(cloud.openapi.subscribeMessage.send(validMessage('oNoQuota'))).rejects.toMatchObject({ errCode: 43101 })
  })

  test('an accepted subscription allows exactly one message', async () => {
    const granted = await grant('oQuota', ['TPL_REPLY'])
    expect(granted).toEqual({ status: 200, json: { TPL_REPLY: 'accept' } })
    const sent = await cloud.openapi.subscribeMessage.send(validMessage('oQuota'))
    expect(sent).toMatchObject({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' })
    expect(typeof sent.msgid).toBe('number')
    await expect(cloud.openapi.subscribeMessage.send(validMessage('oQuota'))).rejects.toMatchObject({ errCode: 43101 })

    const inbox = (await emulator.get('/api/inbox?kind=subscribeMessage')).json.entries
    expect(inbox.map((e: { errcode: number }) => e.errcode)).toEqual([0, 43101])
    expect(inbox[0]).toMatchObject({ touser: 'oQuota', templateId: 'TPL_REPLY', via: 'wx.openApi', data: { thing1: { value: '小区路灯不亮' } } })
  })

  test('each accepted subscription adds one message and quota is kept per person and template', async () => {
    await grant('oTwice', ['TPL_A'])
    await grant('oTwice', ['TPL_A', 'TPL_B'])
    expect((await emulator.get('/api/subscribe?openid=oTwice')).json.remaining).toEqual({ TPL_A: 2, TPL_B: 1 })
    await cloud.openapi.subscribeMessage.send(validMessage('oTwice', 'TPL_A'))
    await cloud.openapi.subscribeMessage.send(validMessage('oTwice', 'TPL_A'))
    await expect(cloud.openapi.subscribeMessage.send(validMessage('oTwice', 'TPL_A'))).rejects.toMatchObject({ errCode: 43101 })
    await expect(cloud.openapi.subscribeMessage.send(validMessage('oOther', 'TPL_B'))).rejects.toMatchObject({ errCode: 43101 })
    await cloud.openapi.subscribeMessage.send(validMessage('oTwice', 'TPL_B'))
  })

  test.each([
    ['thing over 20 characters', { thing1: { value: '这是一条超过二十个字符长度的事项描述文字内容呀' } }],
    ['phrase over 5 characters', { phrase2: { value: '已经完成答复了' } }],
    ['phrase not Chinese', { phrase2: { value: 'done' } }],
    ['character_string over 32', { character_string4: { value: 'X'.repeat(33) } }],
    ['name over 10 characters', { name5: { value: '一二三四五六七八九十一' } }],
    ['time not a date-time', { time3: { value: '明天下午' } }],
    ['number not digits', { number6: { value: '三' } }],
    ['an empty value', { thing1: { value: '' } }],
  ])('a field breaking its rule (%s) fails with 47003 and consumes no quota', async (_label, override) => {
    await grant('oRules', ['TPL_REPLY'])
    const message = validMessage('oRules')
    message.data = { ...message.data, ...override }
    await expect(cloud.openapi.subscribeMessage.send(message)).rejects.toMatchObject({ errCode: 47003 })
    await expect(cloud.openapi.subscribeMessage.send(validMessage('oRules'))).resolves.toMatchObject({ errCode: 0 })
  })

  test('node-sdk callWxOpenApi (wx.api) reaches the same stand-in and answers as WeChat does', async () => {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    const body = { touser: 'oNode', template_id: 'TPL_N', data: { thing1: { value: '你好' } } }
    const refused = await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: body })
    expect(refused.result).toMatchObject({ errcode: 43101 })
    await grant('oNode', ['TPL_N'])
    const sent = await app.callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: body })
    expect(sent.result).toMatchObject({ errcode: 0, errmsg: 'ok' })
    const inbox = (await emulator.get('/api/inbox')).json.entries
    expect(inbox.map((e: { via: string; errcode: number }) => [e.via, e.errcode])).toEqual([
      ['wx.api', 43101],
      ['wx.api', 0],
    ])
  })
})

describe('subscribe messages with a templates file', () => {
  let withTemplates: TestEmulator

  beforeAll(async () => {
    const file = path.join(templatesDir, 'templates.json')
    fs.writeFileSync(file, JSON.stringify({ TPL_STATUS: { title: '办理进度提醒', fields: { thing1: 'thing', phrase3: 'phrase', time2: 'time' } } }))
    withTemplates = await startTestEmulator({ templatesFile: file })
  })

  afterAll(async () => {
    await withTemplates.close()
  })

  const send = (body: unknown) => withTemplates.post('/admin', { action: 'wx.api', apiName: '/cgi-bin/message/subscribe/send', requestData: JSON.stringify(body) })
  const answer = (res: { json: { data: { responseData: string } } }) => JSON.parse(res.json.data.responseData)

  test('an unknown template is refused at subscription and at send', async () => {
    expect((await withTemplates.post('/api/subscribe', { openid: 'oT', templateIds: ['TPL_NOPE'] })).json).toEqual({ TPL_NOPE: 'filter' })
    expect(answer(await send({ touser: 'oT', template_id: 'TPL_NOPE', data: { thing1: { value: 'x' } } })).errcode).toBe(40037)
  })

  test("every declared field is required and checked by the template's type", async () => {
    await withTemplates.post('/api/subscribe', { openid: 'oT', templateIds: ['TPL_STATUS'] })
    const missing = answer(await send({ touser: 'oT', template_id: 'TPL_STATUS', data: { thing1: { value: '事项' }, time2: { value: '2026年11月26日 09:30' } } }))
    expect(missing).toMatchObject({ errcode: 47003 })
    expect(missing.errmsg).toMatch(/phrase3/)
    const ok = answer(await send({ touser: 'oT', template_id: 'TPL_STATUS', data: { thing1: { value: '事项' }, time2: { value: '2026年11月26日 09:30' }, phrase3: { value: '已受理' } } }))
    expect(ok).toMatchObject({ errcode: 0 })
  })
})

describe('security.msgSecCheck', () => {
  const check = (content: string) => cloud.openapi.security.msgSecCheck({ openid: 'oWriter', scene: 2, version: 2, content })

  test('clean text passes', async () => {
    const res = await check('村口的路灯坏了，晚上很黑')
    expect(res).toMatchObject({ errCode: 0, result: { suggest: 'pass', label: 100 } })
    expect(typeof res.traceId).toBe('string')
  })

  test('a word of the list is risky: version 2 answers errcode 0 with suggest risky, as WeChat does', async () => {
    await expect(check('这里有违禁词')).resolves.toMatchObject({ errCode: 0, result: { suggest: 'risky', label: 20006 } })
  })

  test('version 1 answers risky text with 87014', async () => {
    await expect(cloud.openapi.security.msgSecCheck({ content: '这里有违禁词' })).rejects.toMatchObject({ errCode: 87014 })
    await expect(cloud.openapi.security.msgSecCheck({ content: '你好' })).resolves.toMatchObject({ errCode: 0 })
  })

  test('a review word gets suggest review without an error', async () => {
    await expect(check('这个内容有点可疑')).resolves.toMatchObject({ errCode: 0, result: { suggest: 'review' } })
  })

  test('through node-sdk callWxOpenApi the risky version 2 answer carries errcode 0 and suggest risky', async () => {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    const risky = await app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { openid: 'oWriter', scene: 2, version: 2, content: 'forbidden words' } })
    expect(risky.result).toMatchObject({ errcode: 0, result: { suggest: 'risky' } })
    const clean = await app.callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { openid: 'oWriter', scene: 2, version: 2, content: 'hello' } })
    expect(clean.result).toMatchObject({ errcode: 0, result: { suggest: 'pass', label: 100 }, detail: [] })
  })

  test('the checks are listed in the inbox', async () => {
    await check('你好')
    await check('违禁词')
    const entries = (await emulator.get('/api/inbox?kind=msgSecCheck')).json.entries
    expect(entries.map((e: { suggest: string; errcode: number }) => [e.suggest, e.errcode])).toEqual([
      ['pass', 0],
      ['risky', 0],
    ])
  })
})

describe('WeCom group robot webhook', () => {
  const send = (key: string, body: unknown) => emulator.post(`/cgi-bin/webhook/send?key=${key}`, body)
  const text = (content: string) => ({ msgtype: 'text', text: { content } })

  test('20 messages a minute per key are accepted; the 21st gets 45009; another key is unaffected', async () => {
    for (let i = 1; i <= 20; i++) {
      const res = await send('robot-a', text(`第 ${i} 条`))
      expect(res.json).toEqual({ errcode: 0, errmsg: 'ok' })
    }
    const over = await send('robot-a', text('第 21 条'))
    expect(over.status).toBe(200)
    expect(over.json.errcode).toBe(45009)
    expect((await send('robot-b', text('另一个群'))).json.errcode).toBe(0)
  })

  test('message rules: text ≤ 2048 bytes, markdown ≤ 4096 bytes, a known msgtype, a key', async () => {
    expect((await send('robot-c', text('字'.repeat(682)))).json.errcode).toBe(0) // 2046 bytes
    expect((await send('robot-c', text('字'.repeat(683)))).json.errcode).toBe(40058) // 2049 bytes
    expect((await send('robot-c', { msgtype: 'markdown', markdown: { content: '#'.repeat(4097) } })).json.errcode).toBe(40058)
    expect((await send('robot-c', { msgtype: 'markdown', markdown: { content: '**交办** 新事项' } })).json.errcode).toBe(0)
    expect((await send('robot-c', { msgtype: 'video' })).json.errcode).toBe(40008)
    expect((await send('robot-c', '{not json')).json.errcode).toBe(40035)
    expect((await send('', text('no key'))).json.errcode).toBe(93000)
  })

  test('robot messages are in the inbox and on the inbox page', async () => {
    await send('robot-d', text('请各位委员认领新事项'))
    const entries = (await emulator.get('/api/inbox?kind=robot')).json.entries
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ key: 'robot-d', msgtype: 'text', errcode: 0 })
    const page = await emulator.get('/inbox')
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(page.text).toContain('收件箱')
    expect(page.text).toContain('请各位委员认领新事项')
  })
})

test('DELETE /api/inbox empties the inbox', async () => {
  await emulator.post('/cgi-bin/webhook/send?key=robot-e', { msgtype: 'text', text: { content: 'x' } })
  const res = await fetch(`${emulator.url}/api/inbox`, { method: 'DELETE' })
  expect(await res.json()).toEqual({ cleared: 1 })
  expect((await emulator.get('/api/inbox')).json.entries).toEqual([])
})

test('granted subscriptions survive a restart of the emulator on the same data folder', async () => {
  const first = await startTestEmulator()
  await first.post('/api/subscribe', { openid: 'oKeep', templateIds: ['TPL_K'] })
  await first.stop()
  const second = await startTestEmulator({ dataDir: first.dataDir })
  try {
    expect((await second.get('/api/subscribe?openid=oKeep')).json.remaining).toEqual({ TPL_K: 1 })
  } finally {
    await second.close()
  }
})

test('inside a function, the open APIs reach the stand-ins for the caller (env vars only)', async () => {
  const call = (text: string) => emulator.post('/api/functions/notifier', { data: { text } }, { 'x-openid': 'oInFn' })
  expect((await call('你好')).json.result).toEqual({ sent: false, errCode: 43101 })
  await grant('oInFn', ['TPL_IN_FN'])
  expect((await call('你好')).json.result).toEqual({ sent: true, msgid: expect.any(Number) })
  expect((await call('违禁词')).json.result).toEqual({ sent: false, suggest: 'risky' })
  const entries = (await emulator.get('/api/inbox')).json.entries
  expect(entries.filter((e: { kind: string }) => e.kind === 'subscribeMessage').map((e: { touser: string; errcode: number }) => [e.touser, e.errcode])).toEqual([
    ['oInFn', 43101],
    ['oInFn', 0],
  ])
  expect(entries.filter((e: { kind: string }) => e.kind === 'msgSecCheck').every((e: { openid: string }) => e.openid === 'oInFn')).toBe(true)
})

test('a function calling an open API it did not declare in config.json permissions.openapi is refused with -604101', async () => {
  const res = await emulator.post('/api/functions/notifier', { data: { link: true } }, { 'x-openid': 'oInFn' })
  expect(res.json.result).toEqual({ link: null, errCode: -604101 })
  const refused = (await emulator.get('/api/inbox?kind=openapi')).json.entries
  expect(refused).toEqual([expect.objectContaining({ apiName: 'urllink.generate', errcode: -604101, function: 'notifier' })])
})

test('urllink.generate answers a wxaurl.cn link for a declared caller', async () => {
  const res = await cloud.openapi.urllink.generate({ path: 'pages/detail/index', query: 'id=1' })
  expect(res).toMatchObject({ errCode: 0, urlLink: expect.stringMatching(/^https:\/\/wxaurl\.cn\//) })
})

test('the inbox page lists robot messages per robot and subscribe messages per person, and still every entry', async () => {
  const robot = (key: string, content: string) => emulator.post(`/cgi-bin/webhook/send?key=${key}`, { msgtype: 'markdown', markdown: { content } })
  await robot('robot-east', '东湖社区：路灯已修复')
  await robot('robot-west', '南市社区：请认领新事项')
  await robot('robot-east', '东湖社区：长椅已更换')
  await grant('oPageA', ['TPL_REPLY'])
  await cloud.openapi.subscribeMessage.send(validMessage('oPageA'))
  await cloud.openapi.subscribeMessage.send(validMessage('oPageA')).catch(() => undefined) // no quota left: 43101
  await cloud.openapi.subscribeMessage.send(validMessage('oPageB')).catch(() => undefined)
  const html = (await emulator.get('/inbox')).text
  const section = (id: string) => html.slice(html.indexOf(`data-testid="${id}"`), html.indexOf('</section>', html.indexOf(`data-testid="${id}"`)))
  const robots = section('by-robot')
  expect(robots).toContain('群机器人消息（按机器人）')
  expect(robots).toMatch(/<b>机器人 robot-east<\/b> · 2 条（已接受 2）[\s\S]*东湖社区：长椅已更换[\s\S]*东湖社区：路灯已修复/)
  expect(robots).toMatch(/<b>机器人 robot-west<\/b> · 1 条（已接受 1）[\s\S]*南市社区：请认领新事项/)
  const people = section('by-person')
  // Newest first within each person.
  expect(people).toMatch(/<b>oPageA<\/b> · 2 条（已接受 1）[\s\S]*拒绝 43101[\s\S]*已接受<\/span><pre>模板 TPL_REPLY[\s\S]*thing1: 小区路灯不亮/)
  expect(people).toMatch(/<b>oPageB<\/b> · 1 条（已接受 0）/)
  // What it showed before stays: the whole list.
  expect(html).toContain('全部记录')
  expect((html.match(/<tr><td>\d+<\/td>/g) ?? []).length).toBe((await emulator.get('/api/inbox')).json.entries.length)
})
