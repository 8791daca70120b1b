// The contract suite: the functions, run here as the person calling, against a REAL CloudBase environment's database when
// SANWEI_CONTRACT_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are set — so anyone with an account can check that
// what passes against the local CloudBase passes against CloudBase. Use a throw-away environment made with
// `npm run deploy -- --env <id>`: the suite empties its collections first. Without them it is skipped, saying so in one line.
import fs from 'node:fs'
import path from 'node:path'
import { ADMIN, contractEnvironment, expectOk, inDays, rid, setupCounty, startHarness, type County, type Harness } from './harness'

const upstream = contractEnvironment()
if (!upstream) process.stdout.write('contract suite skipped: set SANWEI_CONTRACT_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY to run the function tests against a real CloudBase environment\n')
const against = upstream ? describe : describe.skip

jest.setTimeout(180_000)

/** Empties every collection of server/indexes.json in the contract environment (through the server SDK, from here). */
async function emptyCollections(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk')
  const app = tcb.init({ env: upstream!.envId, secretId: upstream!.secretId, secretKey: upstream!.secretKey, sessionToken: upstream!.sessionToken, ...(upstream!.url ? { serviceUrl: upstream!.url } : {}) })
  const db = app.database()
  const collections = Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'server', 'indexes.json'), 'utf8')))
  for (const name of collections) await db.collection(name).where({ _id: db.command.exists(true) }).remove()
}

against(`the functions against CloudBase environment ${upstream?.envId ?? ''}`, () => {
  let h: Harness
  let c: County
  beforeAll(async () => {
    await emptyCollections()
    h = await startHarness({ SANWEI_SUBMITS_PER_DAY: '1000' }, { upstream: upstream! })
    c = await setupCounty(h)
  })
  afterAll(async () => {
    await h?.stop()
  })

  const submit = (title: string) => ({ category: 'traffic', townId: c.townId, villageId: c.villageId, title, content: '路口早高峰拥堵，建议延长绿灯时间。', images: [], anonymous: false })
  /** A new item, past the content check: outside WeChat the check cannot be reached from here, so staff approve it. */
  const submitted = async (title: string): Promise<string> => {
    const { id, status } = expectOk(await h.act('suggestions', c.citizen, 'submit', submit(title)))
    if (status === 'pendingReview') expectOk(await h.act('suggestions', c.staff, 'approve', { id }))
    return id
  }

  test('a suggestion goes from submission to closed, every step on its timeline', async () => {
    const id = await submitted('路口信号灯配时')
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'member', memberId: c.ids.member }, deadline: inDays(7) }))
    expectOk(await h.act('suggestions', c.member, 'claim', { id }))
    expectOk(await h.act('suggestions', c.member, 'reply', { id, text: '已调整配时', outcome: 'adopted' }))
    expect(expectOk(await h.act('suggestions', c.citizen, 'rate', { id, value: 'satisfied' })).status).toBe('closed')
    const detail = expectOk(await h.call('suggestions', c.citizen, 'detail', { id }))
    expect(detail.timeline.map((e: { command: string }) => e.command).filter((c: string) => c !== 'approve')).toEqual(['submit', 'accept', 'handOff', 'claim', 'reply', 'rate'])
  })

  test('a retried request acts once and answers as the first time', async () => {
    const requestId = rid()
    const first = expectOk(await h.call('suggestions', c.citizen, 'submit', submit('重复提交只算一次'), requestId))
    const again = expectOk(await h.call('suggestions', c.citizen, 'submit', submit('重复提交只算一次'), requestId))
    expect(again).toEqual(first)
    const mine = expectOk(await h.call('suggestions', c.citizen, 'mine', {}))
    expect(mine.items.filter((i: { title: string }) => i.title === '重复提交只算一次')).toHaveLength(1)
  })

  test('two members claiming one item at once: one wins, the other is told', async () => {
    const id = await submitted('抢单只有一人成功')
    expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
    expectOk(await h.act('suggestions', c.staff, 'handOff', { id, target: { kind: 'sectorGroup', sectorGroupId: c.groupId }, deadline: inDays(7) }))
    const answers = await Promise.all([h.act('suggestions', c.member, 'claim', { id }), h.act('suggestions', c.groupMember, 'claim', { id })])
    expect(answers.filter((a) => a.ok)).toHaveLength(1)
    expect(answers.filter((a) => !a.ok).map((a) => (a as { code: string }).code)).toEqual([expect.stringMatching(/^(BAD_TRANSITION|CONFLICT)$/)])
  })

  test('only a configured admin changes the organisation', async () => {
    expect(await h.act('org', c.citizen, 'upsertTown', { name: '越权镇', order: 9 })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(expectOk(await h.act('org', ADMIN, 'upsertTown', { name: '新仓镇', order: 9 })).id).toBeTruthy()
  })
})
