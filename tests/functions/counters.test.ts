// The triage counters, written down: a move's change (out of one tab, into another, by category too), a change applied
// once however often it is sent, taken back only if it was applied, counts summed over towns or for one category, a
// recount replacing the counts. Run against a local CloudBase from the test's own process (no function needed).
import { bumpTabCounts, readTabCounts, setTabCounts, tabDeltas, windowStart } from '../../server/repositories/counters'
import { db, getById } from '../../server/db'
import type { Suggestion } from '../../src/domain/types'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(60_000)
let p: InProcess
beforeAll(async () => { p = await startInProcess({}, testClock('2026-09-01T00:00:00.000Z')) })
afterAll(async () => { await p?.stop() })

const item = (status: string, category = 'traffic') => ({ status, category }) as unknown as Suggestion

test('a move\'s change: one out of the old tab and into the new, for the tab and its category; nothing within one tab', () => {
  expect(tabDeltas(null, item('submitted'))).toEqual({ 'counts.submitted': 1, 'counts.submitted__traffic': 1 })
  expect(tabDeltas(item('submitted'), item('accepted'))).toEqual({
    'counts.submitted': -1, 'counts.submitted__traffic': -1, 'counts.accepted': 1, 'counts.accepted__traffic': 1,
  })
  // Assigned and claimed are both 办理中; a change of category alone moves between categories.
  expect(tabDeltas(item('assigned'), item('claimed'))).toEqual({})
  expect(tabDeltas(item('claimed', 'traffic'), item('claimed', 'education'))).toEqual({ 'counts.handling__traffic': -1, 'counts.handling__education': 1 })
  expect(tabDeltas(item('replied'), item('closed'))).toMatchObject({ 'counts.replied': -1, 'counts.ended': 1 })
})

test('the comment window is the clock hour, the submission window the Beijing day', () => {
  expect(windowStart('comment', '2026-03-01T10:59:59.999Z')).toBe(Date.parse('2026-03-01T10:00:00.000Z'))
  expect(windowStart('comment', '2026-03-01T11:00:00.000Z')).toBe(Date.parse('2026-03-01T11:00:00.000Z'))
  expect(windowStart('submit', '2026-03-01T10:59:59.999Z')).toBe(Date.parse('2026-02-28T16:00:00.000Z'))
})

test('a change sent twice counts once; its undo takes it back once; another town\'s counter is its own', async () => {
  const counter = async (town: string) => (await getById<{ counts: Record<string, number>; ops: string[] }>(db(), 'counters', `triage_${town}`))
  const plus = { 'counts.submitted': 1, 'counts.submitted__traffic': 1 }
  await bumpTabCounts('cT1', plus, 'op1')
  expect(await counter('cT1')).toMatchObject({ kind: 'triage', townId: 'cT1', counts: { submitted: 1, submitted__traffic: 1 }, ops: ['op1'] })
  await bumpTabCounts('cT1', plus, 'op1')
  await bumpTabCounts('cT1', plus, 'op2')
  expect((await counter('cT1'))!.counts).toEqual({ submitted: 2, submitted__traffic: 2 })
  expect((await counter('cT1'))!.ops).toEqual(['op1', 'op2'])
  await bumpTabCounts('cT1', plus, 'op2', true)
  await bumpTabCounts('cT1', plus, 'op2', true)
  expect((await counter('cT1'))!.counts).toEqual({ submitted: 1, submitted__traffic: 1 })
  expect((await counter('cT1'))!.ops).toEqual(['op1'])
  // An undo of a change never applied changes nothing; nor does an empty change.
  await bumpTabCounts('cT1', plus, 'op9', true)
  await bumpTabCounts('cT1', {}, 'op3')
  expect(await counter('cT1')).toMatchObject({ counts: { submitted: 1, submitted__traffic: 1 }, ops: ['op1'] })
  await bumpTabCounts('cT2', { 'counts.accepted': 1, 'counts.accepted__education': 1 }, 'op1')
  expect((await counter('cT2'))!.counts).toEqual({ accepted: 1, accepted__education: 1 })
  expect((await counter('cT1'))!.counts).toEqual({ submitted: 1, submitted__traffic: 1 })
})

test('a counter remembers its last 64 changes: the 65th pushes out the first', async () => {
  for (let i = 0; i < 65; i++) await bumpTabCounts('cT3', { 'counts.submitted': 1 }, `op${i}`)
  const doc = await getById<{ counts: Record<string, number>; ops: string[] }>(db(), 'counters', 'triage_cT3')
  expect(doc!.counts.submitted).toBe(65)
  expect(doc!.ops).toHaveLength(64)
  expect(doc!.ops[0]).toBe('op1')
  expect(doc!.ops[63]).toBe('op64')
})

test('counts summed over the towns asked for, or every town, for one category or all', async () => {
  await bumpTabCounts('cT4', { 'counts.handling': 2, 'counts.handling__traffic': 1, 'counts.handling__education': 1, 'counts.replied': 1, 'counts.replied__traffic': 1 }, 'x1')
  await bumpTabCounts('cT5', { 'counts.handling': 1, 'counts.handling__traffic': 1 }, 'x1')
  expect(await readTabCounts(db(), ['cT4', 'cT5'])).toEqual({ pendingReview: 0, submitted: 0, accepted: 0, consulting: 0, handling: 3, replied: 1, ended: 0 })
  expect(await readTabCounts(db(), ['cT4', 'cT5'], 'traffic')).toEqual({ pendingReview: 0, submitted: 0, accepted: 0, consulting: 0, handling: 2, replied: 1, ended: 0 })
  expect(await readTabCounts(db(), ['cT5'], 'education')).toEqual({ pendingReview: 0, submitted: 0, accepted: 0, consulting: 0, handling: 0, replied: 0, ended: 0 })
  const all = await readTabCounts(db(), 'all')
  // Every town's: cT1 (1 submitted), cT2 (1 accepted), cT3 (65 submitted), cT4, cT5.
  expect(all).toEqual({ pendingReview: 0, submitted: 66, accepted: 1, consulting: 0, handling: 3, replied: 1, ended: 0 })
})

test('a recount replaces a town\'s counts only while its counter is as the recount read it, keeping the changes it remembers; a town without a counter gets one', async () => {
  // Read with a change the counter no longer remembers exactly (another was applied since): nothing is replaced.
  expect(await setTabCounts('cT4', { handling: 7, handling__traffic: 7 }, ['x0'])).toBe(false)
  expect(await setTabCounts('cT4', { handling: 7, handling__traffic: 7 }, [])).toBe(false)
  expect((await getById<{ counts: Record<string, number> }>(db(), 'counters', 'triage_cT4'))!.counts.handling).toBe(2)
  expect(await setTabCounts('cT4', { handling: 7, handling__traffic: 7 }, ['x1'])).toBe(true)
  const doc = await getById<{ counts: Record<string, number>; ops: string[] }>(db(), 'counters', 'triage_cT4')
  expect(doc).toMatchObject({ counts: { handling: 7, handling__traffic: 7 }, ops: ['x1'] })
  // The remembered change still counts once.
  await bumpTabCounts('cT4', { 'counts.handling': 2 }, 'x1')
  expect((await getById<{ counts: Record<string, number> }>(db(), 'counters', 'triage_cT4'))!.counts.handling).toBe(7)
  expect(await setTabCounts('cT6', { submitted: 3 }, null)).toBe(true)
  expect(await getById(db(), 'counters', 'triage_cT6')).toMatchObject({ kind: 'triage', townId: 'cT6', counts: { submitted: 3 }, ops: [] })
  // Read as missing, and created meanwhile by a command's change: not replaced.
  expect(await setTabCounts('cT6', { submitted: 9 }, null)).toBe(false)
  expect((await getById<{ counts: Record<string, number> }>(db(), 'counters', 'triage_cT6'))!.counts.submitted).toBe(3)
})
