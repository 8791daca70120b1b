// The local CloudBase on a developer's machine: what a web page the developer visits, or a hostile request, can no longer do.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { redactPaths } from '../../emulator/http/server'
import { FIXTURE_FUNCTIONS, startTestEmulator, type TestEmulator } from './runtime-helpers'

let emulator: TestEmulator
let root: string
let functionsDir: string
const SECRET = 'TOP-SECRET-KEY=abc123 this is not json'

interface RawAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
  json: any
}

/** A request with exactly these headers (fetch will not let a test set Host). */
function raw(method: string, pathname: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: emulator.port, method, path: pathname, headers, setHost: !('host' in headers) }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown = null
        try {
          json = JSON.parse(text)
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

const local = () => `127.0.0.1:${emulator.port}`

async function countOf(collection: string): Promise<number> {
  const answer = await emulator.db.handle('database.calculateDocument', { collectionName: collection, query: '{}' })
  return (answer.data as { total: number }).total
}

beforeAll(async () => {
  // A functions folder with a neighbour holding a config.json that must never be read through the trigger route.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-security-'))
  functionsDir = path.join(root, 'functions')
  fs.cpSync(FIXTURE_FUNCTIONS, functionsDir, { recursive: true })
  fs.mkdirSync(path.join(root, 'secrets'))
  fs.writeFileSync(path.join(root, 'secrets', 'config.json'), SECRET)
  fs.writeFileSync(path.join(root, 'secrets', 'index.js'), 'exports.main = async () => ({ leaked: true })')
  emulator = await startTestEmulator({ functionsDir })
  await emulator.db.handle('database.addCollection', { collectionName: 'notes' })
})

afterAll(async () => {
  await emulator.close()
  fs.rmSync(root, { recursive: true, force: true })
})

describe('only local pages and local names reach it', () => {
  test('a rebound DNS name (Host not local) cannot read the inbox', async () => {
    await emulator.post('/api/subscribe', { openid: 'oSecret', templateIds: ['tpl'] })
    const rebound = await raw('GET', '/api/inbox', { host: `attacker.example:${emulator.port}` })
    expect(rebound.status).toBe(403)
    expect(rebound.json.code).toBe('FORBIDDEN_ORIGIN')
    expect(rebound.text).not.toContain('oSecret')
    const direct = await raw('GET', '/api/inbox', { host: local() })
    expect(direct.status).toBe(200)
    const viaLocalhost = await raw('GET', '/api/inbox', { host: `localhost:${emulator.port}` })
    expect(viaLocalhost.status).toBe(200)
  })

  test('a cross-site page cannot write to the database or call a function', async () => {
    const before = await countOf('notes')
    const insert = JSON.stringify({ action: 'database.insertDocument', collectionName: 'notes', data: [JSON.stringify({ text: 'planted' })] })
    const crossSite = await raw('POST', '/admin', { host: local(), origin: 'https://attacker.example', 'content-type': 'application/json' }, insert)
    expect(crossSite.status).toBe(403)
    const sandboxed = await raw('POST', '/admin', { host: local(), origin: 'null', 'content-type': 'application/json' }, insert)
    expect(sandboxed.status).toBe(403)
    const call = await raw('POST', '/api/functions/whoami', { host: local(), origin: 'http://attacker.example', 'content-type': 'application/json' }, '{"data":{}}')
    expect(call.status).toBe(403)
    expect(await countOf('notes')).toBe(before)
  })

  test('/admin takes JSON or multipart only: a text/plain or form POST (what a page may send unasked) writes nothing', async () => {
    const before = await countOf('notes')
    const insert = JSON.stringify({ action: 'database.insertDocument', collectionName: 'notes', data: [JSON.stringify({ text: 'planted' })] })
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const headers: Record<string, string> = { host: local() }
      if (type) headers['content-type'] = type
      const answer = await raw('POST', '/admin', headers, insert)
      expect(answer.status).toBe(415)
      expect(answer.json).toMatchObject({ code: 'INVALID_PARAM', message: '/admin takes content-type application/json (or multipart/form-data)' })
    }
    expect(await countOf('notes')).toBe(before)
    const json = await raw('POST', '/admin', { host: local(), 'content-type': 'application/json; charset=utf-8' }, insert)
    expect(json.status).toBe(200)
    expect(await countOf('notes')).toBe(before + 1)
  })

  test('a Taro dev server on another local port still gets CORS answers', async () => {
    const answer = await raw('POST', '/api/functions/whoami', { host: local(), origin: 'http://localhost:10086', 'content-type': 'application/json' }, '{"data":{}}')
    expect(answer.status).toBe(200)
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:10086')
  })
})

describe('uploads', () => {
  test('an uploaded .html or .svg is served as a sandboxed download, never as active content of this origin', async () => {
    for (const [name, body, type] of [
      ['page.html', '<script>fetch("/api/inbox")</script>', 'text/html; charset=utf-8'],
      ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
    ]) {
      const up = await raw('POST', '/api/storage/upload', { host: local(), 'x-file-name': name, 'x-openid': 'oUploader' }, body)
      expect(up.status).toBe(200)
      const served = await raw('GET', up.json.url, { host: local() })
      expect(served.status).toBe(200)
      expect(served.text).toBe(body)
      expect(served.headers['content-type']).toBe(type)
      expect(served.headers['content-disposition']).toBe('attachment')
      expect(served.headers['x-content-type-options']).toBe('nosniff')
      expect(served.headers['content-security-policy']).toMatch(/^sandbox;/)
      expect(served.headers['content-security-policy']).toContain("default-src 'none'")
    }
  })

  test('an upload without the uploader (x-openid) is refused and nothing is stored', async () => {
    const before = (await emulator.get('/api/inbox?kind=upload')).json.entries.length
    const anonymous = await raw('POST', '/api/storage/upload', { host: local(), 'x-file-name': 'a.png' }, 'png')
    expect(anonymous.status).toBe(401)
    expect(anonymous.json.code).toBe('PERMISSION_DENIED')
    const malformed = await raw('POST', '/api/storage/upload', { host: local(), 'x-file-name': 'a.png', 'x-openid': 'o bad' }, 'png')
    expect(malformed.status).toBe(401)
    expect((await emulator.get('/api/inbox?kind=upload')).json.entries.length).toBe(before)
    expect(fs.existsSync(path.join(emulator.dataDir, 'storage', 'uploads', 'anonymous'))).toBe(false)
  })
})

describe('names from a URL stay inside their folders', () => {
  test('the trigger route does not read outside the functions folder, nor echo a path or a file', async () => {
    for (const name of ['..%2Fsecrets', '..%2F..%2F' + path.basename(root) + '%2Fsecrets', '%2E%2E%2Fsecrets', '..%5Csecrets']) {
      const answer = await raw('POST', `/api/triggers/${name}/anything`, { host: local(), 'content-type': 'application/json' }, '{}')
      expect(answer.status).toBe(404)
      expect(answer.json.code).toBe('NOT_FOUND')
      expect(answer.text).not.toContain('TOP-SECRET')
      expect(answer.text).not.toContain(root)
      expect(answer.text).not.toContain('leaked')
    }
  })

  test('a function that does not exist is named, its folder is not', async () => {
    const answer = await emulator.post('/api/functions/missing', { data: {} })
    expect(answer.status).toBe(404)
    expect(answer.json.message).toBe('function missing not found (is it built? run npm run build:functions)')
  })
})

describe('malformed requests answer 400 with a message and no local path', () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)

  test('a body nested 10,000 deep is refused and the function worker lives on', async () => {
    await emulator.post('/api/functions/whoami', { data: {} })
    const before = emulator.functions.stats().byFunction.whoami
    const answer = await raw('POST', '/api/functions/whoami', { host: local(), 'content-type': 'application/json' }, `{"data":${deep(10_000)}}`)
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ code: 'INVALID_PARAM', message: 'the JSON body nests deeper than 100 levels' })
    const viaAdmin = await raw('POST', '/admin', { host: local(), 'content-type': 'application/json' }, JSON.stringify({ action: 'functions.invokeFunction', function_name: 'whoami', request_data: `{"x":${deep(10_000)}}` }))
    expect(viaAdmin.json).toMatchObject({ code: 'INVALID_PARAM', message: 'the JSON request_data nests deeper than 100 levels' })
    const adminBody = await raw('POST', '/admin', { host: local(), 'content-type': 'application/json' }, `{"action":"database.getDocument","x":${deep(10_000)}}`)
    expect(adminBody.json).toMatchObject({ code: 'INVALID_PARAM', message: 'the JSON body nests deeper than 100 levels' })
    let nested: unknown = {}
    for (let i = 0; i < 10_000; i++) nested = { nested }
    await expect(emulator.invoke('whoami', nested)).rejects.toMatchObject({ code: 'INVALID_PARAM' })
    const after = await emulator.post('/api/functions/whoami', { data: { still: 'here' } })
    expect(after.status).toBe(200)
    expect(after.json.result.event).toEqual({ still: 'here' })
    const stats = emulator.functions.stats().byFunction.whoami
    expect(stats.errors).toBe(before.errors)
    expect(stats.coldStarts).toBe(before.coldStarts)
  })

  test('a body 100 deep is still an event', async () => {
    const answer = await raw('POST', '/api/functions/whoami', { host: local(), 'content-type': 'application/json' }, `{"data":${deep(99)}}`)
    expect(answer.status).toBe(200)
  })

  test('a malformed x-file-name answers 400 naming the header', async () => {
    const answer = await raw('POST', '/api/storage/upload', { host: local(), 'x-file-name': '%E0%A4%A', 'x-openid': 'oUploader' }, 'abc')
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual({ code: 'INVALID_PARAM', message: 'x-file-name is not valid percent-encoded UTF-8' })
  })

  test('a NUL in a cloud path answers 400 without the data folder', async () => {
    const json = await raw('POST', '/api/storage/upload', { host: local(), 'content-type': 'application/json', 'x-openid': 'oUploader' }, JSON.stringify({ fileName: 'a.png', base64: 'YWJj', cloudPath: 'photos/a\u0000.png' }))
    expect(json.status).toBe(400)
    expect(json.json.code).toBe('INVALID_PARAM')
    expect(json.json.message).toBe('cloudPath must be a relative path without "..", empty parts or control characters')
    const header = await raw('POST', '/api/storage/upload', { host: local(), 'x-file-name': 'a.png', 'x-cloud-path': 'photos%2Fa%00.png', 'x-openid': 'oUploader' }, 'abc')
    expect(header.status).toBe(400)
    expect(header.text).not.toContain(emulator.dataDir)
    const download = await raw('POST', '/admin', { host: local(), 'content-type': 'application/json' }, JSON.stringify({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: `cloud://${emulator.envId}.local/a\u0000b`, max_age: 60 }] }))
    expect(download.json.data.download_list[0].code).toBe('STORAGE_FILE_NONEXIST')
  })

  test('an unexpected error names no folder of this machine', () => {
    expect(redactPaths("ENOENT: no such file or directory, open '/home/dev/sanwei/.data/storage/x'", ['/home/dev/sanwei/.data'])).toBe(
      "ENOENT: no such file or directory, open '<local folder>/storage/x'",
    )
    expect(redactPaths('EACCES: permission denied, mkdir /tmp/sanwei-fn-1/db', [])).toBe('EACCES: permission denied, mkdir <local path>')
    expect(redactPaths('limit must be at most 1000', ['/work'])).toBe('limit must be at most 1000')
  })
})
