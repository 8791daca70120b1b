// Functions run in worker processes with the caller's identity, their config.json timeout, and warm reuse.
import tcb from '@cloudbase/node-sdk'
import { pointSdksAt, startTestEmulator, type TestEmulator } from './runtime-helpers'

// wx-server-sdk has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const cloud = require('wx-server-sdk')

let emulator: TestEmulator

beforeAll(async () => {
  emulator = await startTestEmulator({ functionEnv: { EXTRA: 'from-options' }, maxWorkersPerFunction: 4 })
  pointSdksAt(emulator)
})

afterAll(async () => {
  await emulator.close()
})

const call = (name: string, data: unknown, openid?: string) => emulator.post(`/api/functions/${name}`, { data }, openid ? { 'x-openid': openid } : {})

describe('a function invoked with an identity', () => {
  test('both SDKs inside the function see the caller of the gateway', async () => {
    const { status, json } = await call('whoami', { hello: 'world' }, 'oAlice')
    expect(status).toBe(200)
    expect(json.result.event).toEqual({ hello: 'world' })
    expect(json.result.nodeSdk.openId).toBe('oAlice')
    expect(json.result.wxServerSdk.OPENID).toBe('oAlice')
    expect(json.result.wxServerSdk.APPID).toBe(json.result.nodeSdk.appId)
    expect(json.result.wxServerSdk.ENV).toBe(emulator.envId)
    expect(json.result.wxServerSdk.SOURCE).toBe('wx_client')
    expect(json.result.wxServerSdk.CLIENTIP).toBe('127.0.0.1')
  })

  test('the SCF context, config.json envVariables and the functionEnv option reach the function', async () => {
    const { json } = await call('whoami', {}, 'oAlice')
    expect(json.result.context).toMatchObject({ function_name: 'whoami', namespace: emulator.envId, time_limit_in_ms: 5000 })
    expect(json.result.context.request_id).toBe(json.requestID)
    expect(json.result.env).toMatchObject({ FIXTURE_VAR: 'from-config', EXTRA: 'from-options', TRIGGER_SRC: '' })
  })

  test('a warm worker serving a new caller forgets the previous caller', async () => {
    const first = await call('whoami', {}, 'oAlice')
    const second = await call('whoami', {}, 'oBob')
    const anonymous = await call('whoami', {})
    expect(second.json.result.pid).toBe(first.json.result.pid)
    expect(second.json.result.nodeSdk.openId).toBe('oBob')
    expect(second.json.result.wxServerSdk.OPENID).toBe('oBob')
    expect(anonymous.json.result.pid).toBe(first.json.result.pid)
    expect(anonymous.json.result.nodeSdk.openId).toBe('')
    expect(anonymous.json.result.wxServerSdk.OPENID).toBeFalsy()
  })

  test('process.env inside a worker behaves as in node: string values, deletes, inherited by child processes, per-invocation identity', async () => {
    const first = await call('envprobe', {}, 'oDave')
    expect(first.status).toBe(200)
    expect(first.json.result).toEqual({
      before: '<unset>',
      set: { type: 'string', value: '5', has: true, listed: true, child: '5' },
      deleted: { value: '<unset>', has: false, child: '<unset>' },
      openid: 'oDave',
      childOpenid: 'oDave',
    })
    const second = await call('envprobe', {}, 'oErin')
    expect(second.json.result.openid).toBe('oErin')
    expect(second.json.result.childOpenid).toBe('oErin')
  })

  test('a function calling another function passes no OPENID on', async () => {
    const { status, json } = await call('caller', { n: 7 }, 'oCarol')
    expect(status).toBe(200)
    expect(json.result.me).toBe('oCarol')
    expect(json.result.callee.event).toEqual({ from: 'caller', n: 7 })
    expect(json.result.callee.nodeSdk.openId).toBe('')
    expect(json.result.callee.wxServerSdk.SOURCE).toBe('scf')
  })

  test('a function writes to and reads from the database as the caller', async () => {
    const { status, json } = await call('dbwriter', { text: '路灯坏了' }, 'oDave')
    expect(status).toBe(200)
    expect(json.result.doc).toMatchObject({ text: '路灯坏了', owner: 'oDave', _id: json.result.id })
    expect(Date.parse(json.result.doc.at)).not.toBeNaN()
  })

  test('concurrent invocations each get a worker of their own', async () => {
    const results = await Promise.all([1, 2, 3].map(() => call('sleepy', { ms: 300 })))
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(new Set(results.map((r) => r.json.result.pid)).size).toBe(3)
  })

  test('warm workers are never handed to two invocations at once', async () => {
    const warm = await Promise.all([emulator.invoke('sleepy', { ms: 50 }), emulator.invoke('sleepy', { ms: 50 })])
    const again = await Promise.all([emulator.invoke('sleepy', { ms: 50 }), emulator.invoke('sleepy', { ms: 50 })])
    const pids = (list: typeof warm) => list.map((o) => (o.result as { pid: number }).pid)
    expect(new Set(pids(warm)).size).toBe(2)
    expect(new Set(pids(again)).size).toBe(2)
  })

  test('more concurrent invocations than the worker cap queue and all complete', async () => {
    const results = await Promise.all(Array.from({ length: 7 }, () => call('sleepy', { ms: 100 })))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(new Set(results.map((r) => r.json.result.pid)).size).toBeLessThanOrEqual(4)
  })
})

describe('failures', () => {
  test('a function running past its config.json timeout is killed and the caller gets an error; the server keeps serving', async () => {
    const { status, json } = await call('sleepy', {})
    expect(status).toBe(504)
    expect(json.code).toBe('FUNCTIONS_EXECUTE_FAIL')
    expect(json.message).toMatch(/timed out after 1 seconds/)
    const again = await call('sleepy', { ms: 5 })
    expect(again.status).toBe(200)
    expect(again.json.result.slept).toBe(5)
    const stats = await emulator.get('/api/emulator/stats')
    expect(stats.json.functions.byFunction.sleepy.timeouts).toBeGreaterThanOrEqual(1)
  })

  test('a thrown error answers with its message and the worker survives', async () => {
    const failed = await call('thrower', {})
    expect(failed.status).toBe(500)
    expect(failed.json).toEqual({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'the fixture failed on purpose' })
    const first = await call('thrower', { ok: true })
    const failedAgain = await call('thrower', {})
    const second = await call('thrower', { ok: true })
    expect(failedAgain.status).toBe(500)
    expect(second.json.result.pid).toBe(first.json.result.pid)
  })

  test('a worker that dies mid-invocation is reported and replaced', async () => {
    const { status, json } = await call('crasher', {})
    expect(status).toBe(500)
    expect(json.message).toMatch(/crashed/)
    expect((await call('whoami', {}, 'oAlice')).status).toBe(200)
  })

  test('an unknown function is a 404 with a code', async () => {
    const { status, json } = await call('nope', {})
    expect(status).toBe(404)
    expect(json.code).toBe('FUNCTION_NOT_FOUND')
  })
})

describe('functions.invokeFunction through the server SDKs', () => {
  test('node-sdk callFunction resolves with the result; the callee sees no OPENID', async () => {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    const res = (await app.callFunction({ name: 'whoami', data: { via: 'node-sdk' } })) as { result: any; requestId: string }
    expect(res.result.event).toEqual({ via: 'node-sdk' })
    expect(res.result.nodeSdk.openId).toBe('')
    expect(typeof res.requestId).toBe('string')
  })

  test('node-sdk callFunction rejects with FUNCTIONS_EXECUTE_FAIL when the function throws', async () => {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    await expect(app.callFunction({ name: 'thrower', data: {} })).rejects.toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'the fixture failed on purpose' })
  })

  test('wx-server-sdk callFunction resolves, and rejects with the code and message of a failure', async () => {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
    const ok = await cloud.callFunction({ name: 'whoami', data: { via: 'wx' } })
    expect(ok.errMsg).toBe('callFunction:ok')
    expect(ok.result.event).toEqual({ via: 'wx' })
    await expect(cloud.callFunction({ name: 'thrower', data: {} })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      errMsg: expect.stringContaining('the fixture failed on purpose'),
    })
  })

  test('emulator.invoke runs a function as a given person', async () => {
    const outcome = await emulator.invoke('whoami', { x: 1 }, { openid: 'oEve' })
    expect((outcome.result as { nodeSdk: { openId: string } }).nodeSdk.openId).toBe('oEve')
  })
})
