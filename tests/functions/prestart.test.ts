// A command's transaction is started together with the role lookup and the content check (one round trip fewer): the
// command runs in it, and a call answered before it needs one (a refused text, a made-up town) leaves none open.
import { expectOk, setupCounty, startHarness, type Harness } from './harness'

jest.setTimeout(120_000)

let h: Harness
afterAll(async () => { await h?.stop() })

const openTransactions = async () => ((await (await fetch(`${h.url}/api/emulator/stats`)).json()) as { db: { openTransactions: number } }).db.openTransactions

/** Open transactions once the calls' background work is done (the unused one is let go after the answer). */
async function settledOpenTransactions(): Promise<number> {
  const until = Date.now() + 5000
  let n = await openTransactions()
  while (n > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50))
    n = await openTransactions()
  }
  return n
}

test('submissions and item commands run in the transaction started with the lookup; refused ones leave no transaction open', async () => {
  h = await startHarness()
  const c = await setupCounty(h)
  const draft = { category: 'traffic', townId: c.townId, villageId: c.villageId, title: '路灯不亮', content: '村口路灯一直不亮', images: [], anonymous: false }
  const id = expectOk(await h.act('suggestions', c.citizen, 'submit', draft)).id
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expect(await settledOpenTransactions()).toBe(0)
  expect(await h.act('suggestions', c.citizen, 'submit', { ...draft, content: '这里有人组织赌博' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'content' })
  expect(await h.act('suggestions', c.citizen, 'submit', { ...draft, townId: 'no-such-town' })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'townId' })
  expect(await h.act('suggestions', c.citizen, 'comment', { id, text: '这里有人组织赌博' })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'text' })
  expect(await settledOpenTransactions()).toBe(0)
  // What the refused calls did not store, and what the others did.
  const mine = expectOk(await h.call('suggestions', c.citizen, 'mine', {}))
  expect(mine.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[id, 'accepted']])
})
