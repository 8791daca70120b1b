// The notifications' pure rules: WeChat's field limits per template, robot markdown's 4,096 bytes, the delivery states.
import templates from '../../server/templates.json'
import { templateFields } from '../../server/templates'
import { cutBytes, fitField, robotMarkdown } from '../../src/domain/notify/fields'
import { backoffMs, lease, leasable, settle, resend, MAX_ATTEMPTS, type Delivery } from '../../src/domain/notify/delivery'
import type { TemplateKey } from '../../src/domain/commands'

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

describe('a delivery skipped', () => {
  const now = '2026-11-26T08:00:00.000Z'
  test('keeps why, as its reason and as its last message, with WeChat\'s code when there was one', () => {
    const leased = lease({ status: 'pending', attempts: 0, dueAt: now }, 'a', now)
    expect(settle(leased, { skipped: 'noQuota' }, now)).toMatchObject({ status: 'skipped', skipReason: 'noQuota', lastErrcode: 0, lastErrmsg: 'noQuota', dueAt: now })
    expect(settle(leased, { skipped: 'noQuota', errcode: 43101, errmsg: 'user refuse to accept the msg' }, now))
      .toMatchObject({ status: 'skipped', skipReason: 'noQuota', lastErrcode: 43101, lastErrmsg: 'user refuse to accept the msg' })
  })
})
