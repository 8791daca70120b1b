// Rate-limit windows at their edges: the day of submissions is the UTC+8 day, the hour of comments the clock hour. The
// suggestions function runs in-process on a test clock (createMain's clock), so each boundary is crossed at an exact
// instant without waiting; the database and the rest are the local CloudBase's, as in every function test.
import { main as org } from '../../cloudfunctions/org/src'
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { expectOk, setupCounty, type County } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(60_000)
let p: InProcess
let c: County
beforeAll(async () => {
  // 23:58 in Beijing on 1 March 2026: two minutes before the day's window turns.
  p = await startInProcess({ suggestions, org: org as never }, testClock('2026-03-01T15:58:00.000Z'), { SANWEI_SUBMITS_PER_DAY: '2', SANWEI_COMMENTS_PER_HOUR: '2' })
  c = await setupCounty(p)
})
afterAll(async () => { await p?.stop() })

const draft = (title: string) => ({
  category: 'agriculture', townId: c.townId, villageId: c.villageId, title, content: '村里腌新姜产量大，希望拓展线上销售渠道', images: [], anonymous: false,
})

test('the day of submissions turns at midnight Beijing time: the third of the day is refused until 00:00, then allowed', async () => {
  const who = 'window-day-citizen'
  p.clock.set('2026-03-01T15:58:00.000Z')
  expectOk(await p.act('suggestions', who, 'submit', draft('第一条')))
  expectOk(await p.act('suggestions', who, 'submit', draft('第二条')))
  p.clock.set('2026-03-01T15:59:59.999Z') // 23:59:59.999 in Beijing: still the same day
  expect(await p.act('suggestions', who, 'submit', draft('第三条'))).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: '每天最多提交2条建言' })
  p.clock.set('2026-03-01T16:00:00.000Z') // 00:00 on 2 March in Beijing: a new day
  const third = expectOk(await p.act('suggestions', who, 'submit', draft('第三条')))
  expect(third.status).toBe('submitted')
  expectOk(await p.act('suggestions', who, 'submit', draft('第四条')))
  expect(await p.act('suggestions', who, 'submit', draft('第五条'))).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
  // The item carries the time it was made on the same clock.
  const detail = expectOk(await p.call('suggestions', who, 'detail', { id: third.id }))
  expect(detail.createdAt).toBe('2026-03-01T16:00:00.000Z')
  expect(detail.timeline.map((e: { command: string; at: string }) => [e.command, e.at])).toEqual([['submit', '2026-03-01T16:00:00.000Z']])
})

test('the hour of comments turns on the hour: the third comment of 10:00–10:59 is refused, the first of 11:00 is taken', async () => {
  const who = 'window-hour-citizen'
  p.clock.set('2026-03-02T02:10:00.000Z') // 10:10 in Beijing
  const { id } = expectOk(await p.act('suggestions', who, 'submit', draft('评论的建言')))
  p.clock.set('2026-03-02T02:58:00.000Z')
  expectOk(await p.act('suggestions', who, 'comment', { id, text: '补充一' }))
  expectOk(await p.act('suggestions', who, 'comment', { id, text: '补充二' }))
  p.clock.set('2026-03-02T02:59:59.999Z')
  expect(await p.act('suggestions', who, 'comment', { id, text: '补充三' })).toMatchObject({ ok: false, code: 'RATE_LIMITED', message: '每小时最多发表2条意见' })
  p.clock.set('2026-03-02T03:00:00.000Z')
  expectOk(await p.act('suggestions', who, 'comment', { id, text: '补充三' }))
  // Another person's comments count in their own window, not this one's.
  expectOk(await p.act('suggestions', c.citizen2, 'comment', { id, text: '我也补充' }))
  expectOk(await p.act('suggestions', who, 'comment', { id, text: '补充四' }))
  expect(await p.act('suggestions', who, 'comment', { id, text: '补充五' })).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
})
