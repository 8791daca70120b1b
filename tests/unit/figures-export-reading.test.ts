// The item-list export reads a period in UTC+8 months, several at once, and hands the pages to the writer in order.
import { inOrder, monthStretches } from '../../server/figures/exports'

test('a period is cut at UTC+8 month starts, ends kept as they are', () => {
  // 2026-01-15 00:00 UTC+8 to 2026-03-10 00:00 UTC+8.
  expect(monthStretches('2026-01-14T16:00:00.000Z', '2026-03-09T16:00:00.000Z')).toEqual([
    { from: '2026-01-14T16:00:00.000Z', to: '2026-01-31T16:00:00.000Z' },
    { from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' },
    { from: '2026-02-28T16:00:00.000Z', to: '2026-03-09T16:00:00.000Z' },
  ])
  // A whole year: twelve months; an empty period: nothing.
  expect(monthStretches('2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z')).toHaveLength(12)
  expect(monthStretches('2026-01-14T16:00:00.000Z', '2026-01-14T16:00:00.000Z')).toEqual([])
})

test('pages of several sources come out source by source, in order, though the sources are read at once and answer at random times', async () => {
  const started: number[] = []
  const source = (s: number, pages: number) => async function* () {
    started.push(s)
    for (let p = 0; p < pages; p++) {
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 5)))
      yield [{ _id: `${s}-${p}` }]
    }
  }
  const out: string[] = []
  const sources = [source(0, 3), source(1, 0), source(2, 4), source(3, 1), source(4, 2)]
  for await (const page of inOrder(sources, 3)) {
    // While the first source is read, the next two have started too; no more.
    if (out.length === 0) expect(started).toEqual([0, 1, 2])
    out.push(page[0]._id)
  }
  expect(out).toEqual(['0-0', '0-1', '0-2', '2-0', '2-1', '2-2', '2-3', '3-0', '4-0', '4-1'])
})

test('a source that fails fails the reading when its turn comes', async () => {
  const ok = async function* () { yield [{ _id: 'a' }] }
  const bad = async function* (): AsyncGenerator<{ _id: string }[]> { throw new Error('database gone') }
  const out: string[] = []
  await expect((async () => { for await (const page of inOrder([ok, bad], 2)) out.push(page[0]._id) })()).rejects.toThrow('database gone')
  expect(out).toEqual(['a'])
})

test('the reading stays one page ahead of the writer, and the next source waits for the one before it to be read', async () => {
  const produced = [0, 0]
  const source = (s: number, pages: number) => async function* () {
    for (let p = 0; p < pages; p++) {
      produced[s]++
      yield [{ _id: `${s}-${p}` }]
    }
  }
  const reading = inOrder([source(0, 10), source(1, 10)], 1)
  const settle = async () => { for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)) }
  expect((await reading.next()).value).toEqual([{ _id: '0-0' }])
  // The writer holds the first page: one more is read, no further; the second source has not been asked.
  await settle()
  expect(produced).toEqual([2, 0])
  expect((await reading.next()).value).toEqual([{ _id: '0-1' }])
  await settle()
  expect(produced).toEqual([3, 0])
})
