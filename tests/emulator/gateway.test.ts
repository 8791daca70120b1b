// The client gateway: calling functions as a person, storage for H5 photos, the H5 build, and the stats endpoint.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import tcb from '@cloudbase/node-sdk'
import { pointSdksAt, startTestEmulator, type TestEmulator } from './runtime-helpers'

let emulator: TestEmulator
let h5Dir: string

beforeAll(async () => {
  h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-h5-'))
  fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>三微</title><div id="app"></div>')
  fs.mkdirSync(path.join(h5Dir, 'js'))
  fs.writeFileSync(path.join(h5Dir, 'js', 'app.js'), 'console.log("app")')
  emulator = await startTestEmulator({ h5Dir })
  pointSdksAt(emulator)
})

afterAll(async () => {
  await emulator.close()
  fs.rmSync(h5Dir, { recursive: true, force: true })
})

describe('POST /api/functions/<name>', () => {
  test('answers {result} the way wx.cloud.callFunction resolves, as the x-openid person', async () => {
    const res = await emulator.post('/api/functions/whoami', { data: { page: 'home' } }, { 'x-openid': 'oGateway' })
    expect(res.status).toBe(200)
    expect(res.json.errMsg).toBe('cloud.callFunction:ok')
    expect(res.json.result.event).toEqual({ page: 'home' })
    expect(res.json.result.wxServerSdk.OPENID).toBe('oGateway')
  })

  test('a body without data calls the function with an empty event', async () => {
    const res = await emulator.post('/api/functions/whoami', '', { 'x-openid': 'oGateway' })
    expect(res.status).toBe(200)
    expect(res.json.result.event).toEqual({})
  })

  test('errors are non-200 with a code and a message', async () => {
    const failed = await emulator.post('/api/functions/thrower', { data: {} })
    expect(failed.status).toBe(500)
    expect(failed.json).toEqual({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'the fixture failed on purpose' })
    const malformed = await emulator.post('/api/functions/whoami', '{"data":')
    expect(malformed.status).toBe(400)
    expect(malformed.json.code).toBe('INVALID_PARAM')
    const badOpenid = await emulator.post('/api/functions/whoami', { data: {} }, { 'x-openid': 'o bad;id' })
    expect(badOpenid.status).toBe(400)
    const missing = await emulator.post('/api/functions/missing', { data: {} })
    expect(missing.status).toBe(404)
    expect(missing.json.code).toBe('FUNCTION_NOT_FOUND')
  })
})

describe('storage', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

  test('a raw upload with x-file-name is stored and served with its content type', async () => {
    const res = await fetch(`${emulator.url}/api/storage/upload`, { method: 'POST', headers: { 'x-file-name': encodeURIComponent('路灯.png'), 'x-openid': 'oPhoto' }, body: png })
    expect(res.status).toBe(200)
    const { fileID, url } = (await res.json()) as { fileID: string; url: string }
    expect(fileID).toMatch(new RegExp(`^cloud://${emulator.envId}\\.local/uploads/oPhoto/.+\\.png$`))
    const served = await fetch(emulator.url + url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png)
    const inbox = (await emulator.get('/api/inbox?kind=upload')).json.entries
    expect(inbox.some((e: { fileID: string }) => e.fileID === fileID)).toBe(true)
  })

  test('a multipart upload (field "file") and a JSON base64 upload work too', async () => {
    const form = new FormData()
    form.append('file', new Blob([png], { type: 'image/png' }), 'photo.png')
    const multipart = (await (await fetch(`${emulator.url}/api/storage/upload`, { method: 'POST', headers: { 'x-openid': 'oPhoto' }, body: form })).json()) as { fileID: string; url: string }
    expect(multipart.fileID).toMatch(/photo\.png$/)
    const json = await emulator.post('/api/storage/upload', { fileName: 'note.txt', base64: Buffer.from('你好').toString('base64') }, { 'x-openid': 'oPhoto' })
    expect(json.status).toBe(200)
    const served = await emulator.get(json.json.url)
    expect(served.text).toBe('你好')
    expect(served.headers.get('content-type')).toMatch(/text\/plain/)
  })

  test('node-sdk getTempFileURL resolves a fileID to a local URL that serves the file; deleteFile removes it', async () => {
    const uploaded = await emulator.post('/api/storage/upload', { fileName: 'a.txt', base64: Buffer.from('abc').toString('base64') }, { 'x-openid': 'oPhoto' })
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    const { fileList } = await app.getTempFileURL({ fileList: [uploaded.json.fileID, `cloud://${emulator.envId}.local/missing.txt`] })
    expect(fileList[0]).toMatchObject({ fileID: uploaded.json.fileID, code: 'SUCCESS' })
    expect(fileList[1].code).toBe('STORAGE_FILE_NONEXIST')
    expect(await (await fetch(fileList[0].tempFileURL)).text()).toBe('abc')
    const deleted = await app.deleteFile({ fileList: [uploaded.json.fileID] })
    expect(deleted.fileList[0].code).toBe('SUCCESS')
    expect((await fetch(fileList[0].tempFileURL)).status).toBe(404)
  })

  test('paths cannot leave the storage folder', async () => {
    expect((await fetch(`${emulator.url}/api/storage/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404)
    const escape = await emulator.post('/api/storage/upload', { fileName: 'x', base64: 'eA==', cloudPath: '../../escape.txt' }, { 'x-openid': 'oPhoto' })
    expect(escape.status).toBe(400)
  })
})

describe('the H5 build', () => {
  test('serves files and falls back to index.html for client-side routes', async () => {
    const index = await emulator.get('/')
    expect(index.headers.get('content-type')).toMatch(/text\/html/)
    expect(index.text).toContain('三微')
    expect((await emulator.get('/js/app.js')).headers.get('content-type')).toMatch(/javascript/)
    expect((await emulator.get('/pages/suggestion/detail')).text).toContain('三微')
    expect((await emulator.get('/js/missing.js')).status).toBe(404)
  })

  test('without a build, / explains how to build it', async () => {
    const bare = await startTestEmulator({ h5Dir: path.join(h5Dir, 'not-built') })
    try {
      const page = await bare.get('/')
      expect(page.status).toBe(200)
      expect(page.text).toContain('npm run build:h5')
    } finally {
      await bare.close()
    }
  })
})

test('GET /api/emulator/stats reports the database and the functions', async () => {
  await emulator.post('/api/functions/whoami', { data: {} })
  const stats = (await emulator.get('/api/emulator/stats')).json
  expect(stats.db).toEqual(expect.objectContaining({ fullScans: expect.any(Number), queries: expect.any(Number) }))
  expect(stats.functions.invocations).toBeGreaterThanOrEqual(1)
  expect(stats.functions.workers).toBeGreaterThanOrEqual(1)
})

test('a page from another local origin (a Taro dev server) may call the gateway; a remote origin gets no CORS grant', async () => {
  const preflight = await fetch(`${emulator.url}/api/functions/whoami`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-openid' },
  })
  expect(preflight.status).toBe(204)
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086')
  const remote = await fetch(`${emulator.url}/api/functions/whoami`, { method: 'POST', headers: { origin: 'https://example.com' }, body: '{}' })
  expect(remote.headers.get('access-control-allow-origin')).toBeNull()
})
