// Long-term subscriptions (政务民生 mini-programs, SANWEI_LONG_TERM_SUBSCRIPTIONS=true): nothing is counted, so a person
// who never reported an accept is still sent their messages, a refused send gives nothing back, and the switch in 我的
// still turns a kind off. The functions run in-process with that setting.
import { main as notify } from '../../cloudfunctions/notify/src'
import { main as org } from '../../cloudfunctions/org/src'
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { sweepOutbox } from '../../server/notify/sweep'
import { holdInlineSends } from '../../server/notify/inline'
import { expectOk, sdkDatabase, setupCounty, type County } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(90_000)
let p: InProcess
let c: County
let db: any
const STATUS = 'sanwei-status-changed'

beforeAll(async () => {
  p = await startInProcess({ suggestions, org: org as never, notify: notify as never }, testClock(new Date().toISOString()), { SANWEI_LONG_TERM_SUBSCRIPTIONS: 'true', SANWEI_SUBMITS_PER_DAY: '100' })
  c = await setupCounty(p)
  db = sdkDatabase(p as never)
})
afterAll(async () => { await p?.stop() })

const draft = (title: string) => ({ category: 'environment', townId: c.townId, villageId: c.villageId, title, content: `${title}，请尽快处理`, images: [], anonymous: false })
/** WeChat's side of a long-term subscription: the person allowed the template (the app reports nothing to us). */
const allow = (openid: string) => fetch(`${p.url}/api/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, templateIds: [STATUS, STATUS, STATUS] }) })
const sentTo = async (openid: string) => ((await (await fetch(`${p.url}/api/inbox?kind=subscribeMessage`)).json()) as { entries: any[] }).entries.filter((e) => e.touser === openid)
const rowsOf = async (id: string) => (await db.collection('outbox').where({ suggestionId: id }).get()).data as any[]
const statusKind = async (openid: string) => expectOk(await p.call('notify', openid, 'myNotifications', {}))

test('a person who reported no accept is still told their item was accepted; 我的 says long-term and counts nothing', async () => {
  await allow('longterm-citizen-1')
  const id = expectOk(await p.act('suggestions', 'longterm-citizen-1', 'submit', draft('村口路灯不亮'))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  expect((await sentTo('longterm-citizen-1')).map((e) => [e.errcode, e.templateId, e.data.phrase2.value, e.miniprogramState])).toEqual([[0, STATUS, '已受理', 'developer']])
  expect((await rowsOf(id)).map((r) => [r.templateKey, r.status])).toEqual([['statusChanged', 'sent']])
  const mine = await statusKind('longterm-citizen-1')
  expect(mine.longTerm).toBe(true)
  expect(mine.kinds.find((k: any) => k.key === 'statusChanged')).toMatchObject({ on: true, left: 0 })
})

test('a kind the person turned off is not sent, long-term or not', async () => {
  await allow('longterm-citizen-2')
  expectOk(await p.act('notify', 'longterm-citizen-2', 'setNotification', { templateKey: 'statusChanged', on: false }))
  const id = expectOk(await p.act('suggestions', 'longterm-citizen-2', 'submit', draft('河道有垃圾'))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  expect(await sentTo('longterm-citizen-2')).toEqual([])
  expect(await rowsOf(id)).toEqual([expect.objectContaining({ status: 'skipped', skipReason: 'optedOut' })])
})

test('nothing is spent from what the app reported, and a message WeChat refuses (47003) fails and gives nothing back', async () => {
  await allow('longterm-citizen-3')
  expectOk(await p.act('notify', 'longterm-citizen-3', 'reportSubscribe', { results: { [STATUS]: 'accept' } }))
  const id = expectOk(await p.act('suggestions', 'longterm-citizen-3', 'submit', draft('井盖松动'))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  const [sent] = await rowsOf(id)
  const { _id, status, attempts, dueAt, leaseId, lastErrcode, lastErrmsg, sentAt, log, waitingForLimit, ...what } = sent
  await db.collection('outbox').add({ ...what, _id: 'longterm-refused-1', createdAt: new Date().toISOString(), data: { ...sent.data, thing1: { value: ' ' } }, status: 'pending', attempts: 0, dueAt: new Date(Date.now() - 1000).toISOString() })
  await sweepOutbox(5_000)
  expect((await sentTo('longterm-citizen-3')).map((e) => e.errcode)).toEqual([0, 47003])
  expect((await db.collection('outbox').doc('longterm-refused-1').get()).data[0]).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 47003 })
  expect((await statusKind('longterm-citizen-3')).kinds.find((k: any) => k.key === 'statusChanged').left).toBe(1)
})

// Last: holding the inline sends lasts for the rest of this process.
test('with sends after the commit held (the seed writing a county\'s past), a command\'s message waits, leased to nobody, and the sweep sends it', async () => {
  holdInlineSends()
  await allow('longterm-citizen-4')
  const id = expectOk(await p.act('suggestions', 'longterm-citizen-4', 'submit', draft('广场噪音'))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  expect(await sentTo('longterm-citizen-4')).toEqual([])
  const [row] = await rowsOf(id)
  expect(row).toMatchObject({ templateKey: 'statusChanged', status: 'pending', attempts: 0 })
  expect(row.leaseId).toBeUndefined()
  await sweepOutbox(5_000)
  expect((await sentTo('longterm-citizen-4')).map((e) => [e.errcode, e.data.phrase2.value])).toEqual([[0, '已受理']])
})
