// A WeCom webhook that does not answer as WeCom does: an error page, a dropped connection, an answer without an
// errcode. Each is a failed attempt the row keeps (tried again later, its reason readable by staff), never a message
// counted as sent. The webhook here is a small server of the test's own; the functions run in-process.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { main as notify } from '../../cloudfunctions/notify/src'
import { main as org } from '../../cloudfunctions/org/src'
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { ADMIN, expectOk, sdkDatabase, setupCounty, type County } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(90_000)
let p: InProcess
let c: County
let db: any
let webhook: http.Server
const posted: Array<{ key: string | null; body: any }> = []

beforeAll(async () => {
  webhook = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (b: Buffer) => chunks.push(b))
    req.on('end', () => {
      const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key')
      posted.push({ key, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      if (key?.startsWith('errorpage')) return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>')
      if (key?.startsWith('dropped')) return void req.socket.destroy()
      if (key?.startsWith('nocode')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }))
    })
  })
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/cgi-bin/webhook/send`
  p = await startInProcess({ suggestions, org: org as never, notify: notify as never }, testClock(new Date().toISOString()), { SANWEI_WECOM_WEBHOOK_URL: url })
  c = await setupCounty(p)
  db = sdkDatabase(p as never)
})
afterAll(async () => {
  await p?.stop()
  await new Promise((r) => webhook?.close(r))
})

const draft = (title: string) => ({ category: 'environment', townId: c.townId, villageId: c.villageId, title, content: `${title}，请尽快处理`, images: [], anonymous: false })

test('an error page, a dropped connection or an answer without errcode is a failed attempt, tried again later with its reason; a good answer is sent', async () => {
  const robots: Array<[string, string | undefined, string]> = [
    ['village', c.villageId, 'errorpage000000001'], ['town', c.townId, 'dropped00000000001'], ['staff', c.townId, 'nocode000000000001'], ['sectorGroup', c.groupId, 'goodkey00000000001'],
  ]
  for (const [targetKind, targetId, key] of robots) expectOk(await p.act('notify', ADMIN, 'upsertRobot', { targetKind, targetId, name: `${targetKind}群`, key }))
  const id = expectOk(await p.act('suggestions', 'webhook-author', 'submit', draft('桥头路灯不亮'))).id
  expectOk(await p.act('suggestions', c.staff, 'accept', { id }))
  const before = Date.now()
  expectOk(await p.act('notify', c.staff, 'pushNotice', { id, groups: ['village', 'town', 'staff', `sectorGroup:${c.groupId}`], text: '请今晚派人查看' }))

  // Each robot was posted the notice once, as markdown, its key in the address.
  expect(posted.map((x) => x.key).sort()).toEqual(['dropped00000000001', 'errorpage000000001', 'goodkey00000000001', 'nocode000000000001'])
  expect(posted.every((x) => x.body.msgtype === 'markdown' && x.body.markdown.content.includes('请今晚派人查看'))).toBe(true)
  const rows = (await db.collection('outbox').where({ suggestionId: id, templateKey: 'groupNotice' }).get()).data as any[]
  const byTarget = Object.fromEntries(rows.map((r) => [r.to, r]))
  expect(byTarget[`sectorGroup:${c.groupId}`]).toMatchObject({ status: 'sent', attempts: 1 })
  const failed = (to: string, errmsg: string | RegExp) => {
    const row = byTarget[to]
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastErrcode: -1 })
    expect(row.lastErrmsg).toMatch(errmsg)
    // Tried again later, not at once.
    expect(Date.parse(row.dueAt)).toBeGreaterThan(before)
    expect(row.leaseId).toBeUndefined()
  }
  failed(`village:${c.villageId}`, /^webhook answered HTTP 502 without JSON$/)
  failed(`town:${c.townId}`, /^webhook unreachable: /)
  failed(`staff:${c.townId}`, /^$/)
  // What staff see on the item.
  const deliveries = expectOk(await p.call('notify', c.staff, 'itemDeliveries', { id })).deliveries
  expect(deliveries.find((d: any) => d.to === `village:${c.villageId}`)).toMatchObject({ status: 'pending', errcode: -1, reason: 'webhook answered HTTP 502 without JSON' })
})
