// A commit counts once in the figures: its change to the rollups is written in its own transaction, so answers lost on
// the way back, a refused commit and the app's retries of the same request neither count an item twice nor lose it.
import { expectOk, fireTimer, rid, sdkDatabase, setupCounty, startHarness, type County, type Harness } from './harness'

jest.setTimeout(180_000)

let h: Harness
let county: County | undefined
/** One local CloudBase with scripted faults (paused: only scripted ones happen) for the file's tests, started once. */
async function ready(): Promise<County> {
  if (!county) {
    h = await startHarness({}, { faults: { paused: true } })
    county = await setupCounty(h)
  }
  return county
}

afterAll(async () => { await h?.stop() })

const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()
const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7)
/** Items received this year by town, as staff's figures table shows them (the rollups plus the changes not folded). */
async function received(c: County): Promise<Record<string, number>> {
  const t = expectOk(await h.call('figures', c.staff, 'table', { period: { kind: 'year', year }, dimension: 'town' }))
  return Object.fromEntries(t.rows.map((r: any) => [r.key, r.counts.received]))
}
const fireOnTheHour = () => fireTimer(h, { onTheHour: true })

test('submissions whose database answers were lost or refused, retried by the app with the same request id, each count once', async () => {
  const c = await ready()
  const faults = h.emulator.faults!
  const start = await received(c)
  const draft = (title: string) => ({ category: 'traffic', townId: c.townId, villageId: c.villageId, title, content: '村口路灯一直不亮', images: [], anonymous: false })
  // What the app does: the same request id again until it is answered.
  const submit = async (title: string) => {
    const requestId = rid()
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await h.call('suggestions', c.citizen, 'submit', draft(title), requestId).catch(() => null)
      if (res?.ok) return { requestId, id: res.data.id as string }
    }
    throw new Error(`${title} was never answered`)
  }

  // 1. The commit went through and its answer was lost: the function finds its request record and answers ok.
  faults.script({ kind: 'dropped', action: 'database.commitTransaction' })
  const first = await submit('路灯不亮（提交的回答丢失）')
  // 2. The commit was refused before anything was done: the function answers INTERNAL, the app sends it again.
  faults.script({ kind: 'refused', action: 'database.commitTransaction' })
  await submit('路灯不亮（提交被拒）')
  // 3. Where the old bump beside the commit lost its answer and was sent again (it counted twice): nothing is sent there now.
  faults.script({ kind: 'dropped', action: 'database.modifyDocument', collectionName: 'figureRollups' })
  await submit('路灯不亮（汇总的回答丢失）')
  // 4. The app never heard the first answer and sends the very same request again: the first answer, nothing written.
  const again = expectOk(await h.call('suggestions', c.citizen, 'submit', draft('路灯不亮（提交的回答丢失）'), first.requestId))
  expect(again.id).toBe(first.id)

  const items = (await sdkDatabase(h).collection('suggestions').where({ townId: c.townId }).limit(1000).get()).data.length
  const expected = { ...start, [c.townId]: (start[c.townId] ?? 0) + 3 }
  expect(items).toBe(expected[c.townId])
  expect(await received(c)).toEqual(expected)
  expect(faults.scriptedLeft).toBe(1) // the rollups are never written by a command: that fault found no call to lose
  // 5. The timer's fold writes the rollup documents, and the answer to one of those writes is lost (the fault still
  // queued from 3): its transaction is rolled back and nothing is folded; the next run folds each change once.
  const failed = await fireTimer(h)
  expect(failed.result).toMatchObject({ ok: false, code: 'INTERNAL' })
  expect(faults.scriptedLeft).toBe(0)
  expect(await received(c)).toEqual(expected)
  // Folded into the rollup documents, and recounted from the items on the hour: the same, nothing drifted.
  expect((await fireTimer(h)).result.data.foldedFigures).toBeGreaterThanOrEqual(3)
  expect((await sdkDatabase(h).collection('figureDeltas').where({ at: sdkDatabase(h).command.gte('') }).limit(1000).get()).data).toEqual([])
  expect(await received(c)).toEqual(expected)
  const recount = await fireOnTheHour()
  expect(recount.result.data.recountedFigures).toBe(0)
  expect(await received(c)).toEqual(expected)
})

test('a triage counter change whose answer was lost is sent again and counts once: an accepted item moves one tab, once', async () => {
  const c = await ready()
  const faults = h.emulator.faults!
  const draft = (title: string) => ({ category: 'environment', townId: c.townId, villageId: c.village2Id, title, content: '河边垃圾没人清理', images: [], anonymous: false })
  const counts = async () => {
    const { submitted, accepted } = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'submitted', townId: c.townId })).counts
    return { submitted, accepted }
  }
  const id = expectOk(await h.act('suggestions', c.citizen2, 'submit', draft('河边垃圾没人清理'))).id
  const before = await counts()
  // Staff accept it (no rate window is written): the change to the town's counter is carried out and its answer lost.
  faults.script({ kind: 'dropped', action: 'database.modifyDocument', collectionName: 'counters' })
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  expect(faults.scriptedLeft).toBe(0)
  expect(await counts()).toEqual({ submitted: before.submitted - 1, accepted: before.accepted + 1 })
})

test('a suggestion submitted while the hourly recount is reading the items counts once, then and after the next run', async () => {
  const c = await ready()
  const faults = h.emulator.faults!
  // Everything committed so far folded into the rollups, and recounted.
  expectOk((await fireOnTheHour()).result)
  const start = await received(c)
  const startItems = (await sdkDatabase(h).collection('suggestions').where({ townId: c.townId }).limit(1000).get()).data.length
  expect(start[c.townId] ?? 0).toBe(startItems)

  // The recount's read of this month's items is held; meanwhile a citizen submits (item and its figures' change commit
  // together), after the timer's fold of this run.
  const held = faults.hold({ action: 'database.getDocument', collectionName: 'suggestions', matches: (body) => JSON.stringify(body).includes('fig.at') })
  const run = fireOnTheHour()
  await held.reached
  expectOk(await h.act('suggestions', c.citizen, 'submit', { category: 'traffic', townId: c.townId, villageId: c.villageId, title: '公交站没有遮雨棚', content: '雨天候车淋雨', images: [], anonymous: false }))
  held.release()
  const report = (await run).result.data
  expect(report.figuresRecountDeferred).toBeUndefined()
  // One more item, counted once (before, the recount counted it from the items and the fold added its change again).
  expect(await received(c)).toEqual({ ...start, [c.townId]: startItems + 1 })
  expect((await fireOnTheHour()).result.data).toMatchObject({ foldedFigures: 1, recountedFigures: 0 })
  expect(await received(c)).toEqual({ ...start, [c.townId]: startItems + 1 })
})

test('the hourly recount never writes over a fold that ran while it was correcting a drifted document', async () => {
  const c = await ready()
  const faults = h.emulator.faults!
  const sdk = sdkDatabase(h)
  const submit = async (title: string) => expectOk(await h.act('suggestions', c.citizen2, 'submit', { category: 'safety', townId: c.townId, villageId: c.villageId, title, content: '路口没有红绿灯', images: [], anonymous: false }))
  await submit('路口没有红绿灯')
  expectOk((await fireOnTheHour()).result)
  const start = await received(c)
  const items = (await sdk.collection('suggestions').where({ townId: c.townId }).limit(1000).get()).data.length
  expect(start[c.townId]).toBe(items)

  // The town's document drifts (a lost change): the next recount corrects it. Once the recount has read, its next step
  // on the rollups (the correction's write, or reading the document again before it) is held; meanwhile a citizen
  // submits and another timer run folds that change into the same document.
  await sdk.collection('figureRollups').doc(`town_${month}_${c.townId}`).update({ all: sdk.command.set({ n: { R: 9 } }) })
  const held = faults.hold({
    action: ['database.modifyDocument', 'database.getDocument'], collectionName: 'figureRollups',
    matches: (body) => body.action === 'database.modifyDocument' || body.transactionId !== undefined,
  })
  const run = fireOnTheHour()
  await held.reached
  await submit('路口没有斑马线')
  expect((await fireTimer(h, { rules: false })).result.data.foldedFigures).toBe(1)
  held.release()
  expectOk((await run).result)
  // Every item counted once: the correction was made from the document as the fold left it, not as first read.
  expect(await received(c)).toEqual({ ...start, [c.townId]: items + 1 })
  expect((await fireOnTheHour()).result.data).toMatchObject({ foldedFigures: 0, recountedFigures: 0 })
})

test('a month that keeps changing while the recount reads it is left, unwritten, to the next hourly run', async () => {
  const c = await ready()
  const faults = h.emulator.faults!
  const sdk = sdkDatabase(h)
  // Someone of their own, so the day's limit of submissions of the file's citizens is not in play.
  const submit = async (townId: string, villageId: string, title: string) => expectOk(await h.act('suggestions', 'citizen-recount', 'submit', { category: 'health', townId, villageId, title, content: '村卫生室常用药不全', images: [], anonymous: false }))
  await submit(c.townId, c.villageId, '卫生室缺药')
  expectOk((await fireOnTheHour()).result)
  const townDoc = `town_${month}_${c.townId}`
  await sdk.collection('figureRollups').doc(townDoc).update({ all: sdk.command.set({ n: { R: 9 } }) })
  // Each of the recount's five reads of this month's items (its first page starts at the month's first instant) has a
  // submission landing in the middle of it.
  const monthStart = new Date(Date.parse(`${month}-01T00:00:00Z`) - 8 * 3600_000).toISOString()
  const holds = Array.from({ length: 5 }, () => faults.hold({ action: 'database.getDocument', collectionName: 'suggestions', matches: (body) => String(body.query).includes(`"$gte":"${monthStart}"`) }))
  const run = fireOnTheHour()
  for (const [i, held] of holds.entries()) {
    await held.reached
    await submit(c.otherTownId, c.otherVillageId, `卫生室缺药${i}`)
    held.release()
  }
  const report = (await run).result.data
  expect(report.figuresRecountDeferred).toEqual([month])
  // Nothing written: the drifted document is as it was, until the next run finds the month still and corrects it.
  expect((await sdk.collection('figureRollups').doc(townDoc).get()).data[0].all.n).toEqual({ R: 9 })
  const next = (await fireOnTheHour()).result.data
  expect(next.figuresRecountDeferred).toBeUndefined()
  expect(next.recountedFigures).toBeGreaterThanOrEqual(1)
  expect((await sdk.collection('figureRollups').doc(townDoc).get()).data[0].all.n).not.toEqual({ R: 9 })
})

test('an item accepted while the hourly repair of the triage counters is counting is counted in its new tab, once', async () => {
  const c = await ready()
  const faults = h.emulator.faults!
  const draft = (title: string) => ({ category: 'elderly', townId: c.otherTownId, villageId: c.otherVillageId, title, content: '老人活动室没有空调', images: [], anonymous: false })
  const counts = async () => {
    const { submitted, accepted } = expectOk(await h.call('suggestions', c.staff, 'triage', { tab: 'submitted', townId: c.otherTownId })).counts
    return { submitted, accepted }
  }
  const id = expectOk(await h.act('suggestions', 'citizen-tabs', 'submit', draft('老人活动室没有空调'))).id
  expectOk((await fireOnTheHour()).result)
  const before = await counts()
  // The repair has counted the items; its write of this town's counter is held while staff accept the item (the
  // change to the counter goes beside the accept's commit).
  const held = faults.hold({
    action: ['database.modifyDocument', 'database.updateDocument'], collectionName: 'counters',
    matches: (body) => String(body.query ?? '').includes(`triage_${c.otherTownId}`) && !String(body.query).includes('$ne'),
  })
  const run = fireOnTheHour()
  await held.reached
  expectOk(await h.act('suggestions', c.staff, 'accept', { id }))
  held.release()
  expectOk((await run).result)
  expect(await counts()).toEqual({ submitted: before.submitted - 1, accepted: before.accepted + 1 })
})

test('the hourly recount puts back a rollup document that went missing altogether', async () => {
  const c = await ready()
  const sdk = sdkDatabase(h)
  expectOk(await h.act('suggestions', 'citizen-missing', 'submit', { category: 'education', townId: c.otherTownId, villageId: c.otherVillageId, title: '校门口没有减速带', content: '上学时车速太快', images: [], anonymous: false }))
  expectOk((await fireOnTheHour()).result)
  const townDoc = `town_${month}_${c.otherTownId}`
  const kept = (await sdk.collection('figureRollups').doc(townDoc).get()).data[0]
  expect(kept.all.n).toBeDefined()
  await sdk.collection('figureRollups').doc(townDoc).remove()
  expect((await sdk.collection('figureRollups').doc(townDoc).get()).data).toEqual([])
  const report = (await fireOnTheHour()).result.data
  expect(report.recountedFigures).toBe(1)
  const back = (await sdk.collection('figureRollups').doc(townDoc).get()).data[0]
  expect(back.all).toEqual(kept.all)
})
