// The notifications' pure rules: WeChat's field limits per template, robot markdown's 4,096 bytes, the delivery states.
import templates from '../../server/templates.json'
import { templateFields } from '../../server/templates'
import { cutBytes, fitField, robotMarkdown } from '../../src/domain/notify/fields'
import { backoffMs, lease, leasable, leaseFields, settle, resend, resendable, LOG_KEPT, MAX_ATTEMPTS, type Delivery } from '../../src/domain/notify/delivery'
import type { TemplateKey } from '../../src/domain/commands'
import { parseNotifyConfig } from '../../server/notify/config'
import { wxErrorOf } from '../../server/notify/wx'
import { maskKey, slotsFor } from '../../server/notify/robots'

const long = '村口的路灯已经坏了三个多月了晚上出行非常不便希望尽快修好'

describe('subscribe-message fields obey WeChat’s rules, cut with an ellipsis', () => {
  test('thing ≤ 20 characters', () => {
    expect(fitField('thing', long)).toBe('村口的路灯已经坏了三个多月了晚上出行非…')
    expect(Array.from(fitField('thing', long))).toHaveLength(20)
    expect(fitField('thing', '')).toBe('无')
  })
  test('phrase ≤ 5 Chinese characters, time in UTC+8, character_string ≤ 32 printable ASCII', () => {
    expect(fitField('phrase', '已受理 ok')).toBe('已受理')
    expect(fitField('phrase', '处理中的事项很多')).toBe('处理中的事')
    expect(fitField('time', '2026-11-26T16:30:00.000Z')).toBe('2026-11-27 00:30')
    expect(fitField('character_string', 'SW-2026 编号 0001' + 'x'.repeat(40))).toHaveLength(32)
  })
  test.each((templates.templates as Array<{ key: string; robot?: boolean }>).filter((t) => !t.robot).map((t) => t.key))('template %s: every field within its rule for the longest values', (key) => {
    const out = templateFields(key as TemplateKey, { title: long, status: '已交办给委员', time: '2026-11-26T08:00:00Z', deadline: '2026-12-03T08:00:00Z', note: long + long, outcome: '部分采纳' })
    const def = (templates.templates as Array<{ key: string; fields: Array<{ key: string; type: string }> }>).find((t) => t.key === key)!
    for (const f of def.fields) {
      const v = out.data[f.key].value
      if (f.type === 'thing') expect(Array.from(v).length).toBeLessThanOrEqual(20)
      if (f.type === 'phrase') expect(v).toMatch(/^[\u4e00-\u9fff]{1,5}$/)
      if (f.type === 'time') expect(v).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
      expect(v.length).toBeGreaterThan(0)
    }
  })
})

describe('robot markdown', () => {
  test('holds title, place, status, deadline and the link; the note is cut to 4,096 bytes in all', () => {
    const text = robotMarkdown({ heading: '村社区工作群通知', title: '路灯', place: '当湖街道 东湖社区', status: '已交办', deadline: '2026-12-01T02:00:00Z', note: '很长'.repeat(3000), link: 'https://wxaurl.cn/abc' })
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096)
    expect(text).toContain('事项：路灯')
    expect(text).toContain('2026-12-01 10:00')
    expect(text.endsWith('[在小程序中查看](https://wxaurl.cn/abc)')).toBe(true)
  })
  test('cutBytes cuts on a character boundary', () => {
    expect(cutBytes('汉字汉字', 9)).toBe('汉字…')
  })
})

describe('delivery states', () => {
  const now = '2026-11-26T08:00:00.000Z'
  const pending: Delivery = { status: 'pending', attempts: 0, dueAt: now }
  test('a leased row is not leasable again until its lease ends', () => {
    const l = lease(pending, 'a', now)
    expect(l).toMatchObject({ status: 'sending', attempts: 1, leaseId: 'a', dueAt: '2026-11-26T08:00:30.000Z' })
    expect(leasable(l, '2026-11-26T08:00:29.000Z')).toBe(false)
    expect(leasable(l, '2026-11-26T08:00:30.000Z')).toBe(true)
  })
  test('a failure backs off, and fails for good after the last attempt or on a final errcode', () => {
    const once = settle(lease(pending, 'a', now), { ok: false, errcode: -1, errmsg: 'timeout' }, now)
    expect(once).toMatchObject({ status: 'pending', attempts: 1, dueAt: '2026-11-26T08:00:30.000Z', lastErrcode: -1 })
    expect(backoffMs(3)).toBe(120_000)
    let d: Delivery = pending
    for (let i = 0; i < MAX_ATTEMPTS; i++) d = settle(lease({ ...d, dueAt: now }, 'x', now), { ok: false, errcode: -1, errmsg: 'down' }, now)
    expect(d).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastErrmsg: 'down' })
    expect(settle(lease(pending, 'a', now), { ok: false, errcode: 47003, errmsg: 'bad field' }, now).status).toBe('failed')
    expect(resend(d, now)).toMatchObject({ status: 'pending', attempts: 0 })
  })
  test('waiting for a robot’s limit gives the attempt back', () => {
    const w = settle(lease(pending, 'a', now), { waitUntil: '2026-11-26T08:01:00.000Z' }, now)
    expect(w).toMatchObject({ status: 'pending', attempts: 0, waitingForLimit: true, dueAt: '2026-11-26T08:01:00.000Z' })
    expect(w.leaseId).toBeUndefined()
  })
})

describe('each delivery step, row by row', () => {
  const now = '2026-11-26T08:00:00.000Z'
  const sending: Delivery = { status: 'sending', attempts: 2, dueAt: '2026-11-26T08:00:30.000Z', leaseId: 'L', log: [{ at: '2026-11-26T07:59:00.000Z', errcode: -1, errmsg: 'timeout' }] }
  test('which rows may be leased: a due pending row, a sending row whose lease ended; never a settled row', () => {
    expect([
      leasable({ status: 'pending', dueAt: now }, now), leasable({ status: 'pending', dueAt: '2026-11-26T08:00:00.001Z' }, now),
      leasable({ status: 'sending', dueAt: now }, now), leasable({ status: 'sent', dueAt: now }, now),
      leasable({ status: 'failed', dueAt: now }, now), leasable({ status: 'skipped', dueAt: now }, now),
    ]).toStrictEqual([true, false, true, false, false, false])
  })
  test('a lease: sending under the lease id until the lease ends, no longer waiting for a limit, one more attempt', () => {
    expect(leaseFields('L2', now, 1500)).toStrictEqual({ status: 'sending', leaseId: 'L2', dueAt: '2026-11-26T08:00:01.500Z', waitingForLimit: false })
    expect(lease({ status: 'pending', attempts: 1, dueAt: now, waitingForLimit: true }, 'L3', now)).toStrictEqual({ status: 'sending', attempts: 2, leaseId: 'L3', dueAt: '2026-11-26T08:00:30.000Z', waitingForLimit: false })
  })
  test('sent: the time, errcode 0 and the attempt logged after the earlier ones; the lease dropped', () => {
    expect(settle(sending, { ok: true }, now)).toStrictEqual({
      status: 'sent', attempts: 2, sentAt: now, dueAt: now, lastErrcode: 0, lastErrmsg: 'ok',
      log: [{ at: '2026-11-26T07:59:00.000Z', errcode: -1, errmsg: 'timeout' }, { at: now, errcode: 0, errmsg: 'ok' }],
    })
  })
  test('a failure that may be retried: pending after the backoff, the error kept and logged', () => {
    expect(settle(sending, { ok: false, errcode: -1, errmsg: 'down' }, now)).toStrictEqual({
      status: 'pending', attempts: 2, dueAt: '2026-11-26T08:01:00.000Z', lastErrcode: -1, lastErrmsg: 'down',
      log: [{ at: '2026-11-26T07:59:00.000Z', errcode: -1, errmsg: 'timeout' }, { at: now, errcode: -1, errmsg: 'down' }],
    })
  })
  test('every final errcode fails the row at once; the fifth failure too, the fourth not', () => {
    for (const errcode of [40003, 40037, 47003, 93000, 40008, 40035, 40058, 44004]) {
      expect([errcode, settle(sending, { ok: false, errcode, errmsg: 'x' }, now).status]).toStrictEqual([errcode, 'failed'])
    }
    expect(settle({ ...sending, attempts: MAX_ATTEMPTS - 1 }, { ok: false, errcode: -1, errmsg: 'x' }, now).status).toBe('pending')
    expect(settle({ ...sending, attempts: MAX_ATTEMPTS }, { ok: false, errcode: -1, errmsg: 'x' }, now)).toStrictEqual({
      status: 'failed', attempts: MAX_ATTEMPTS, dueAt: now, lastErrcode: -1, lastErrmsg: 'x',
      log: [{ at: '2026-11-26T07:59:00.000Z', errcode: -1, errmsg: 'timeout' }, { at: now, errcode: -1, errmsg: 'x' }],
    })
  })
  test('backoff: 30 s, doubling, at most 30 minutes; a first attempt waits 30 s', () => {
    expect([0, 1, 2, 3, 6, 7, 20].map(backoffMs)).toStrictEqual([30_000, 30_000, 60_000, 120_000, 960_000, 1_800_000, 1_800_000])
  })
  test('the log keeps the last attempts only, each message cut to 200 characters', () => {
    const log = Array.from({ length: LOG_KEPT }, (_, i) => ({ at: `2026-11-26T07:0${i}:00.000Z`, errcode: -1, errmsg: `e${i}` }))
    const d = settle({ ...sending, log }, { ok: false, errcode: 45009, errmsg: 'm'.repeat(250) }, now)
    expect(LOG_KEPT).toBe(7)
    expect(d.log?.length).toBe(7)
    expect(d.log?.[0].errmsg).toBe('e1')
    expect(d.log?.[6]).toStrictEqual({ at: now, errcode: 45009, errmsg: 'm'.repeat(200) })
    // A row without a log starts one.
    const { log: _l, ...bare } = sending
    expect(settle(bare, { ok: true }, now).log).toStrictEqual([{ at: now, errcode: 0, errmsg: 'ok' }])
  })
  test('waiting for a robot\'s limit with WeChat\'s code keeps it; without one, nothing is logged; attempts never below zero', () => {
    expect(settle(sending, { waitUntil: '2026-11-26T08:01:00.000Z', errcode: 45009, errmsg: 'api freq out of limit' }, now)).toStrictEqual({
      status: 'pending', attempts: 1, dueAt: '2026-11-26T08:01:00.000Z', waitingForLimit: true, lastErrcode: 45009, lastErrmsg: 'api freq out of limit',
      log: [{ at: '2026-11-26T07:59:00.000Z', errcode: -1, errmsg: 'timeout' }, { at: now, errcode: 45009, errmsg: 'api freq out of limit' }],
    })
    expect(settle({ ...sending, attempts: 0 }, { waitUntil: '2026-11-26T08:01:00.000Z' }, now)).toStrictEqual({
      status: 'pending', attempts: 0, dueAt: '2026-11-26T08:01:00.000Z', waitingForLimit: true, log: sending.log,
    })
    expect(settle(sending, { waitUntil: '2026-11-26T08:01:00.000Z', errcode: 45009 }, now)).toMatchObject({ lastErrcode: 45009, lastErrmsg: '' })
  })
  test('a skip: why, with WeChat\'s code and message when given, logged', () => {
    expect(settle(sending, { skipped: 'optedOut' }, now)).toStrictEqual({
      status: 'skipped', attempts: 2, skipReason: 'optedOut', dueAt: now, lastErrcode: 0, lastErrmsg: 'optedOut',
      log: [{ at: '2026-11-26T07:59:00.000Z', errcode: -1, errmsg: 'timeout' }, { at: now, errcode: 0, errmsg: 'optedOut' }],
    })
  })
  test('staff may send again a failed or skipped row only; sent again it starts over, due now, its skip reason gone', () => {
    expect((['pending', 'sending', 'sent', 'failed', 'skipped'] as const).map((status) => resendable({ status }))).toStrictEqual([false, false, false, true, true])
    const skipped: Delivery = { status: 'skipped', attempts: 3, dueAt: '2026-11-26T07:00:00.000Z', skipReason: 'noQuota', lastErrcode: 43101, lastErrmsg: 'refused', waitingForLimit: true }
    expect(resend(skipped, now)).toStrictEqual({ status: 'pending', attempts: 0, dueAt: now, lastErrcode: 43101, lastErrmsg: 'refused', waitingForLimit: false })
  })
})

describe('a delivery skipped', () => {
  const now = '2026-11-26T08:00:00.000Z'
  test('keeps why, as its reason and as its last message, with WeChat\'s code when there was one', () => {
    const leased = lease({ status: 'pending', attempts: 0, dueAt: now }, 'a', now)
    expect(settle(leased, { skipped: 'noQuota' }, now)).toMatchObject({ status: 'skipped', skipReason: 'noQuota', lastErrcode: 0, lastErrmsg: 'noQuota', dueAt: now })
    expect(settle(leased, { skipped: 'noQuota', errcode: 43101, errmsg: 'user refuse to accept the msg' }, now))
      .toMatchObject({ status: 'skipped', skipReason: 'noQuota', lastErrcode: 43101, lastErrmsg: 'user refuse to accept the msg' })
  })
})

describe('the notifications’ configuration fails loudly on a bad value', () => {
  const parse = (env: Record<string, string>) => parseNotifyConfig(env as unknown as NodeJS.ProcessEnv)
  test('defaults: formal, counted subscriptions, WeCom’s own webhook, a 30 s lease', () => {
    expect(parse({})).toStrictEqual({ longTermSubscriptions: false, webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', miniprogramState: 'formal', leaseMs: 30000 })
    // Empty values are the defaults too (a variable set to nothing in the console).
    expect(parse({ SANWEI_MINIPROGRAM_STATE: '', SANWEI_WECOM_WEBHOOK_URL: '', SANWEI_NOTIFY_LEASE_SECONDS: '' }))
      .toStrictEqual({ longTermSubscriptions: false, webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send', miniprogramState: 'formal', leaseMs: 30000 })
  })
  test('values from the environment', () => {
    expect(parse({ SANWEI_MINIPROGRAM_STATE: 'trial', SANWEI_LONG_TERM_SUBSCRIPTIONS: 'true', SANWEI_WECOM_WEBHOOK_URL: 'http://127.0.0.1:9/hook', SANWEI_NOTIFY_LEASE_SECONDS: '1.5' }))
      .toStrictEqual({ longTermSubscriptions: true, webhookUrl: 'http://127.0.0.1:9/hook', miniprogramState: 'trial', leaseMs: 1500 })
    expect(parse({ SANWEI_MINIPROGRAM_STATE: 'developer', SANWEI_LONG_TERM_SUBSCRIPTIONS: 'false', SANWEI_NOTIFY_LEASE_SECONDS: '1' }))
      .toMatchObject({ longTermSubscriptions: false, miniprogramState: 'developer', leaseMs: 1000 })
    expect(parse({ SANWEI_NOTIFY_LEASE_SECONDS: '600' }).leaseMs).toBe(600000)
  })
  test.each([
    ['SANWEI_MINIPROGRAM_STATE', 'release', 'must be formal, trial or developer'],
    ['SANWEI_LONG_TERM_SUBSCRIPTIONS', 'yes', 'must be true or false'],
    ['SANWEI_WECOM_WEBHOOK_URL', 'ftp://example.com/hook', 'must be an http(s) URL'],
    ['SANWEI_WECOM_WEBHOOK_URL', 'see https://example.com', 'must be an http(s) URL'],
    ['SANWEI_NOTIFY_LEASE_SECONDS', '0.9', 'must be 1 to 600 seconds'],
    ['SANWEI_NOTIFY_LEASE_SECONDS', '601', 'must be 1 to 600 seconds'],
    ['SANWEI_NOTIFY_LEASE_SECONDS', 'thirty', 'must be 1 to 600 seconds'],
    ['SANWEI_NOTIFY_LEASE_SECONDS', 'Infinity', 'must be 1 to 600 seconds'],
  ])('%s=%s is refused', (name, value, why) => {
    expect(() => parse({ [name]: value })).toThrow(`config: ${name}="${value}" ${why}`)
  })
})

describe('a WeChat refusal read from what wx-server-sdk throws', () => {
  test('its errCode and errMsg; otherwise -1 and the error’s message or text', () => {
    expect(wxErrorOf({ errCode: 43101, errMsg: 'user refuse to accept the msg' })).toStrictEqual({ errCode: 43101, errMsg: 'user refuse to accept the msg' })
    expect(wxErrorOf({ errCode: '43101', errMsg: 7, message: 'from message' })).toStrictEqual({ errCode: -1, errMsg: 'from message' })
    expect(wxErrorOf(new Error('socket hang up'))).toStrictEqual({ errCode: -1, errMsg: 'socket hang up' })
    expect(wxErrorOf('plain text')).toStrictEqual({ errCode: -1, errMsg: 'plain text' })
    expect(wxErrorOf(null)).toStrictEqual({ errCode: -1, errMsg: 'null' })
  })
})

describe('a robot’s 20 sends a minute', () => {
  const now = '2026-11-30T01:00:00.000Z'
  const at = (s: string) => `2026-11-30T00:${s}Z`
  test('counts the sends of the last 61 s (a second of margin), grants what is left and says when the next frees up', () => {
    // 00:58:59.000 is exactly 61 s before: out of the window; 00:58:59.001 is in it. Unsorted on purpose.
    const sends = [...new Array(18).fill(at('59:30.000')), at('58:59.001'), at('58:59.000'), at('58:10.000')]
    expect(slotsFor({ sends }, 1, now)).toStrictEqual({ granted: 1, sends: [at('58:59.001'), ...new Array(18).fill(at('59:30.000')), now] })
    // Three wanted, one left: the earliest send of the full minute leaves it at 00:58:59.001 + 61 s, plus 50 ms.
    expect(slotsFor({ sends }, 3, now)).toStrictEqual({ granted: 1, sends: [at('58:59.001'), ...new Array(18).fill(at('59:30.000')), now], waitUntil: '2026-11-30T01:00:00.051Z' })
  })
  test('a full minute grants nothing; a robot that never sent grants up to 20', () => {
    const full = new Array(20).fill(at('59:30.000'))
    expect(slotsFor({ sends: full }, 2, now)).toStrictEqual({ granted: 0, sends: full, waitUntil: '2026-11-30T01:00:31.050Z' })
    expect(slotsFor({ sends: [] }, 2, now)).toStrictEqual({ granted: 2, sends: [now, now] })
    expect(slotsFor({ sends: undefined as unknown as string[] }, 25, now)).toStrictEqual({ granted: 20, sends: new Array(20).fill(now), waitUntil: '2026-11-30T01:01:01.050Z' })
  })
  test('a robot WeCom blocked grants nothing until the block ends, then counts as usual', () => {
    const sends = [at('59:30.000')]
    expect(slotsFor({ sends, blockedUntil: '2026-11-30T01:05:00.000Z' }, 1, now)).toStrictEqual({ granted: 0, sends, waitUntil: '2026-11-30T01:05:00.000Z' })
    expect(slotsFor({ sends, blockedUntil: now }, 1, now)).toStrictEqual({ granted: 1, sends: [at('59:30.000'), now] })
    expect(slotsFor({ sends, blockedUntil: '2026-11-30T00:55:00.000Z' }, 1, now)).toStrictEqual({ granted: 1, sends: [at('59:30.000'), now] })
  })
  test('admins see a webhook key by its first and last four characters', () => {
    expect(maskKey('0123456789abcdef')).toBe('0123****cdef')
    expect(maskKey('012345678')).toBe('0123****5678')
    expect(maskKey('01234567')).toBe('****')
  })
})

describe('sending right after the commit (inline.ts)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const inline = require('../../server/notify/inline') as typeof import('../../server/notify/inline')
  type Row = import('../../server/repositories/outbox').HeldRow
  const sent: Array<{ ids: string[]; budget: number; ready: unknown }> = []
  const prepared: string[][] = []
  inline.setInlineSender(async (rows, budget, ready) => { sent.push({ ids: rows.map((r) => r._id), budget, ready: await ready }) }, async (rows) => {
    prepared.push(rows.map((r) => r._id))
    return `recipients of ${rows.length}`
  })
  const row = (_id: string, leaseId: string) => ({ _id, leaseId }) as unknown as Row
  beforeEach(() => { sent.length = 0; prepared.length = 0 })

  test('outside a mutation nothing is leased or noted', () => {
    expect(inline.inlineLease()).toBeNull()
    inline.noteOutboxRows([row('a', 'x')])
    inline.beginAttempt()
    inline.attemptCommitted()
  })

  test('the rows of the committed attempt are sent once, within 1.5 s, with the recipients read while it committed; an earlier attempt\'s are not', async () => {
    const answer = await inline.sendingAfterCommit(async () => {
      const held = inline.inlineLease()!
      expect(held.leaseMs).toBe(30_000)
      inline.noteOutboxRows([row('first-1', held.leaseId)])
      // The transaction conflicted and runs again: the first attempt's row was never stored.
      inline.beginAttempt()
      inline.noteOutboxRows([row('again-1', held.leaseId)])
      inline.noteOutboxRows([row('again-2', held.leaseId), row('again-3', held.leaseId)])
      // A row leased to someone else is not this mutation's to send.
      inline.noteOutboxRows([row('other', 'another-lease')])
      inline.noteOutboxRows([])
      inline.attemptCommitted()
      return 'answer'
    })
    expect(answer).toBe('answer')
    expect(sent).toEqual([{ ids: ['again-1', 'again-2', 'again-3'], budget: 1500, ready: 'recipients of 3' }])
    expect(prepared).toEqual([['first-1'], ['again-1'], ['again-1', 'again-2', 'again-3']])
  })

  test('nothing is sent when the transaction did not commit, or when it wrote no rows; a failed send does not fail the command', async () => {
    await inline.sendingAfterCommit(async () => { inline.noteOutboxRows([row('lost', inline.inlineLease()!.leaseId)]) })
    await inline.sendingAfterCommit(async () => { inline.attemptCommitted() })
    expect(sent).toEqual([])
    inline.setInlineSender(async () => { throw new Error('WeChat down') })
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    await expect(inline.sendingAfterCommit(async () => {
      inline.noteOutboxRows([row('r', inline.inlineLease()!.leaseId)])
      inline.attemptCommitted()
      return 'done'
    })).resolves.toBe('done')
    expect(quiet).toHaveBeenCalledWith('inline send failed; the timer will send', expect.any(Error))
    quiet.mockRestore()
  })

  test('each mutation has its own lease', async () => {
    const leases: string[] = []
    for (let i = 0; i < 2; i++) await inline.sendingAfterCommit(async () => { leases.push(inline.inlineLease()!.leaseId) })
    expect(leases[0]).toMatch(/^[0-9a-f]{16}$/)
    expect(leases[1]).not.toBe(leases[0])
  })
})
