// POST /admin answers bad input with a clear error in the SDK's shape, and keeps serving.
import tcb from '@cloudbase/node-sdk'
import { encodeCommApiData } from '../../emulator/admin/openapi-proto'
import { pointSdksAt, startTestEmulator, type TestEmulator } from './runtime-helpers'

let emulator: TestEmulator

beforeAll(async () => {
  emulator = await startTestEmulator({ maxBodyBytes: 1024 * 1024 })
  pointSdksAt(emulator)
})

afterAll(async () => {
  await emulator.close()
})

async function rawPost(body: string, contentType = 'application/json') {
  const res = await fetch(`${emulator.url}/admin?env=${emulator.envId}&seqId=1`, { method: 'POST', headers: { 'content-type': contentType }, body })
  return { status: res.status, json: (await res.json()) as { code?: string; message?: string; requestId?: string; [k: string]: unknown } }
}

/** The server still answers a real SDK call after the bad request. */
async function stillServing() {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  try {
    await app.database().createCollection('alive')
  } catch {
    // exists
  }
  const { id } = (await app.database().collection('alive').add({ ok: true })) as { id: string }
  expect(typeof id).toBe('string')
}

test('malformed JSON gets INVALID_PARAM with a message and a requestId', async () => {
  const { status, json } = await rawPost('{"action": "database.getDocument", ')
  expect(status).toBe(200)
  expect(json.code).toBe('INVALID_PARAM')
  expect(json.message).toMatch(/malformed JSON/)
  expect(typeof json.requestId).toBe('string')
  await stillServing()
})

test('a body that is not an object, and an empty body, get INVALID_PARAM', async () => {
  expect((await rawPost('[1,2]')).json.code).toBe('INVALID_PARAM')
  expect((await rawPost('')).json.code).toBe('INVALID_PARAM')
  expect((await rawPost('{}')).json).toMatchObject({ code: 'INVALID_PARAM', message: 'missing action' })
})

test('malformed EJSON inside a database action gets INVALID_PARAM', async () => {
  await stillServing()
  const { status, json } = await rawPost(JSON.stringify({ action: 'database.insertDocument', collectionName: 'alive', data: ['{"n":{"$numberInt":'] }))
  expect(status).toBe(200)
  expect(json.code).toBe('INVALID_PARAM')
  expect(typeof json.message).toBe('string')
  await stillServing()
})

test('an unknown action is named in the error', async () => {
  const { json } = await rawPost(JSON.stringify({ action: 'database.dropEverything' }))
  expect(json.code).toMatch(/INVALID_PARAM|SYS_ERR/)
  const other = await rawPost(JSON.stringify({ action: 'teleport.now' }))
  expect(other.json).toMatchObject({ code: 'INVALID_PARAM', message: 'unknown action teleport.now' })
  await stillServing()
})

test('an oversized body is refused with INVALID_PARAM and the server keeps serving', async () => {
  const big = JSON.stringify({ action: 'database.insertDocument', collectionName: 'alive', data: ['{"s":"' + 'x'.repeat(2 * 1024 * 1024) + '"}'] })
  const { status, json } = await rawPost(big)
  expect(status).toBe(200)
  expect(json.code).toBe('INVALID_PARAM')
  expect(json.message).toMatch(/too large/)
  await stillServing()
})

test('through the SDK, an oversized write rejects with a TcbError carrying the code', async () => {
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
  await expect(app.database().collection('alive').add({ s: 'y'.repeat(2 * 1024 * 1024) })).rejects.toMatchObject({ code: 'INVALID_PARAM' })
  await stillServing()
})

test('wx.openApi with bytes that are not protobuf, or without requestData, gets INVALID_PARAM', async () => {
  const form = new FormData()
  form.append('action', 'wx.openApi')
  form.append('apiName', 'security.msgSecCheck')
  form.append('requestData', new Blob([new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])]))
  const res = await fetch(`${emulator.url}/admin`, { method: 'POST', body: form })
  expect(await res.json()).toMatchObject({ code: 'INVALID_PARAM' })

  const form2 = new FormData()
  form2.append('action', 'wx.openApi')
  form2.append('apiName', 'security.msgSecCheck')
  const res2 = await fetch(`${emulator.url}/admin`, { method: 'POST', body: form2 })
  expect(await res2.json()).toMatchObject({ code: 'INVALID_PARAM', message: expect.stringMatching(/requestData/) })
  await stillServing()
})

test('a multipart wx.openApi call with a valid CommApiData answers raw protobuf bytes', async () => {
  const form = new FormData()
  form.append('action', 'wx.openApi')
  form.append('apiName', 'security.msgSecCheck')
  form.append('requestData', new Blob([new Uint8Array(encodeCommApiData({ openid: 'o1', scene: 2, version: 2, content: 'hi' }))]))
  const res = await fetch(`${emulator.url}/admin`, { method: 'POST', body: form })
  expect(res.headers.get('content-type')).toBe('application/octet-stream')
  const { decodeOpenApiResponse } = await import('../../emulator/admin/openapi-proto')
  const decoded = decodeOpenApiResponse(new Uint8Array(await res.arrayBuffer()))
  expect(decoded).toMatchObject({ contentType: 'application/json', errorCode: 0, body: { errcode: 0, result: { suggest: 'pass' } } })
})

test('an API the emulator does not provide is answered as WeChat would (48001), not with a crash', async () => {
  const { json } = await rawPost(JSON.stringify({ action: 'wx.api', apiName: '/wxa/business/getuserphonenumber', requestData: '{}' }))
  expect(JSON.parse((json.data as { responseData: string }).responseData)).toMatchObject({ errcode: 48001 })
  const badData = await rawPost(JSON.stringify({ action: 'wx.api', apiName: '/wxa/msg_sec_check', requestData: '{oops' }))
  expect(badData.json.code).toBe('INVALID_PARAM')
})

test('functions.invokeFunction with bad input answers INVALID_PARAM / FUNCTION_NOT_FOUND', async () => {
  expect((await rawPost(JSON.stringify({ action: 'functions.invokeFunction' }))).json.code).toBe('INVALID_PARAM')
  expect((await rawPost(JSON.stringify({ action: 'functions.invokeFunction', function_name: 'whoami', request_data: '{x' }))).json.code).toBe('INVALID_PARAM')
  expect((await rawPost(JSON.stringify({ action: 'functions.invokeFunction', function_name: '../../etc' }))).json.code).toBe('FUNCTION_NOT_FOUND')
})

test('unknown routes and wrong methods answer JSON errors', async () => {
  const notFound = await fetch(`${emulator.url}/api/nothing-here`, { method: 'POST' })
  expect(notFound.status).toBe(404)
  const wrongMethod = await fetch(`${emulator.url}/admin`)
  expect(wrongMethod.status).toBe(405)
  expect(await wrongMethod.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' })
})
