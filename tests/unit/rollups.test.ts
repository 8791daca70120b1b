// The figures' rollup documents written out by hand (src/domain/figures/rollups.ts): which documents one item counts
// in, which counters it adds to, what a commit changes, and which cells a town or category filter reads. (The property
// tests check that deltas and recounts agree; this pins what they agree on.)
import { cellsByCategory, cellsByTown, cellsOf, dayKeyOf, docsOf, incAt, pathsOf, rollupDelta, rollupDimFor, rowsOfCells, type RollupDoc, type RollupSource } from '../../src/domain/figures/rollups'

const src = (patch: Partial<RollupSource['fig']> = {}): RollupSource => ({
  townId: 't1', villageId: 'v1', category: 'traffic', channel: 'online', createdAt: '2026-03-31T17:00:00.000Z',
  fig: { k: 'RA', month: '2026-04', at: '2026-03-31T17:00:00.000Z|i1', hAccept: 5, ...patch },
})

test('an item counts in one document per dimension for its China month, none-keyed where it has no member, group or department, and in its town\'s day', () => {
  expect(docsOf(src())).toStrictEqual([
    { _id: 'town_2026-04_t1', dim: 'town', key: 't1', month: '2026-04' },
    { _id: 'village_2026-04_v1', dim: 'village', key: 'v1', month: '2026-04' },
    { _id: 'category_2026-04_traffic', dim: 'category', key: 'traffic', month: '2026-04' },
    { _id: 'channel_2026-04_online', dim: 'channel', key: 'online', month: '2026-04' },
    { _id: 'member_2026-04_~', dim: 'member', key: '~', month: '2026-04' },
    { _id: 'sectorGroup_2026-04_~', dim: 'sectorGroup', key: '~', month: '2026-04' },
    { _id: 'department_2026-04_~', dim: 'department', key: '~', month: '2026-04' },
    { _id: 'townDay_2026-04-01_t1', dim: 'townDay', key: 't1', month: '2026-04', day: '2026-04-01' },
  ])
  expect(docsOf(src({ member: 'm1', group: 'g1' })).slice(4, 6).map((d) => d._id)).toStrictEqual(['member_2026-04_m1', 'sectorGroup_2026-04_g1'])
  expect(dayKeyOf('2026-03-31T15:59:59.000Z')).toBe('2026-03-31')
})

test('inside each document, the item adds one to its flag string and to each time it has, in all four cells', () => {
  expect(pathsOf(src({ hReply: 48 }))).toStrictEqual([
    'all.n.RA', 'all.h.toAccept_5', 'all.h.toReply_48',
    'town.t1.n.RA', 'town.t1.h.toAccept_5', 'town.t1.h.toReply_48',
    'cat.traffic.n.RA', 'cat.traffic.h.toAccept_5', 'cat.traffic.h.toReply_48',
    'townCat.t1~traffic.n.RA', 'townCat.t1~traffic.h.toAccept_5', 'townCat.t1~traffic.h.toReply_48',
  ])
})

test('a commit moves the item from its old flag string to its new one in the same documents; an unchanged item changes nothing', () => {
  const before = src()
  const after = src({ k: 'RAH' })
  const [change, ...rest] = rollupDelta(before, after)
  expect(rest).toStrictEqual([])
  expect(change.docs.map((d) => d._id)).toStrictEqual(docsOf(before).map((d) => d._id))
  expect(change.inc).toStrictEqual({
    'all.n.RA': -1, 'all.n.RAH': 1, 'cat.traffic.n.RA': -1, 'cat.traffic.n.RAH': 1,
    'town.t1.n.RA': -1, 'town.t1.n.RAH': 1, 'townCat.t1~traffic.n.RA': -1, 'townCat.t1~traffic.n.RAH': 1,
  })
  expect(rollupDelta(before, before)).toStrictEqual([])
  // A new item: every path +1 in every document.
  const created = rollupDelta(null, before)
  expect(created).toHaveLength(1)
  expect(Object.values(created[0].inc)).toStrictEqual(Array(8).fill(1))
  // Claimed by a member: out of the none-member document, into the member's; the other documents change flags only.
  const claimed = rollupDelta(before, src({ k: 'RAHC', member: 'm1' }))
  expect(claimed.map((c) => c.docs.map((d) => d._id))).toStrictEqual([
    ['town_2026-04_t1', 'village_2026-04_v1', 'category_2026-04_traffic', 'channel_2026-04_online', 'sectorGroup_2026-04_~', 'department_2026-04_~', 'townDay_2026-04-01_t1'],
    ['member_2026-04_~'],
    ['member_2026-04_m1'],
  ])
  expect(claimed[1].inc).toStrictEqual({ 'all.h.toAccept_5': -1, 'all.n.RA': -1, 'cat.traffic.h.toAccept_5': -1, 'cat.traffic.n.RA': -1, 'town.t1.h.toAccept_5': -1, 'town.t1.n.RA': -1, 'townCat.t1~traffic.h.toAccept_5': -1, 'townCat.t1~traffic.n.RA': -1 })
  expect(rollupDelta(before, null)[0].inc['all.n.RA']).toBe(-1)
})

test('counters are made on the way and added to', () => {
  const doc: Record<string, unknown> = { all: null }
  incAt(doc, 'all.n.RA', 1)
  incAt(doc, 'all.n.RA', 2)
  incAt(doc, 'town.t1.n.R', -1)
  expect(doc).toStrictEqual({ all: { n: { RA: 3 } }, town: { t1: { n: { R: -1 } } } })
})

const doc: RollupDoc = {
  _id: 'member_2026-04_m1', dim: 'member', key: 'm1', month: '2026-04',
  all: { n: { RA: 3 } }, town: { t1: { n: { RA: 2 } }, t2: { n: { RA: 1 } } },
  cat: { traffic: { n: { RA: 2 } }, health: { n: { RA: 1 } } },
  townCat: { 't1~traffic': { n: { RA: 2 } }, 't2~health': { n: { RA: 1 } } },
}

test('a filter reads the cell that holds exactly its items', () => {
  expect(cellsOf(doc, {})).toStrictEqual([{ n: { RA: 3 } }])
  expect(cellsOf(doc, { category: 'health' })).toStrictEqual([{ n: { RA: 1 } }])
  expect(cellsOf(doc, { townIds: ['t1', 't2'] })).toStrictEqual([{ n: { RA: 2 } }, { n: { RA: 1 } }])
  expect(cellsOf(doc, { townIds: ['t1'], category: 'health' })).toStrictEqual([])
  expect(cellsOf(doc, { townIds: ['t2'], category: 'health' })).toStrictEqual([{ n: { RA: 1 } }])
  expect(cellsByTown(doc, {})).toStrictEqual([['t1', { n: { RA: 2 } }], ['t2', { n: { RA: 1 } }]])
  expect(cellsByTown(doc, { townIds: ['t2'] })).toStrictEqual([['t2', { n: { RA: 1 } }]])
  expect(cellsByTown(doc, { category: 'traffic' })).toStrictEqual([['t1', { n: { RA: 2 } }]])
  expect(cellsByTown(doc, { category: 'traffic', townIds: ['t2'] })).toStrictEqual([])
  expect(cellsByCategory(doc, {})).toStrictEqual([['traffic', { n: { RA: 2 } }], ['health', { n: { RA: 1 } }]])
  expect(cellsByCategory(doc, { category: 'health' })).toStrictEqual([['health', { n: { RA: 1 } }]])
  expect(cellsByCategory(doc, { townIds: ['t1'] })).toStrictEqual([['traffic', { n: { RA: 2 } }]])
  expect(cellsByCategory(doc, { townIds: ['t1'], category: 'health' })).toStrictEqual([])
})

test('cells become the fold\'s rows: a none key counts in the total only, empty counters are dropped, times split at the last underscore', () => {
  expect(rowsOfCells([['~', { n: { RA: 2, R: 0 }, h: { toAccept_5: 2, toReply_48: 0 } }], ['m1', { n: { RAH: 1 } }]])).toStrictEqual({
    countRows: [{ key: null, k: 'RA', n: 2 }, { key: 'm1', k: 'RAH', n: 1 }],
    timeRows: [{ key: null, time: 'toAccept', h: 5, n: 2 }],
  })
  expect(rollupDimFor('month')).toBe('town')
  expect(rollupDimFor('village')).toBe('village')
})

test('a document with no counters yet gives no cells, whatever the filter', () => {
  const bare: RollupDoc = { _id: 'member_2026-04_m2', dim: 'member', key: 'm2', month: '2026-04' }
  for (const filter of [{}, { category: 'health' }, { townIds: ['t1'] }, { townIds: ['t1'], category: 'health' }]) {
    expect([filter, cellsOf(bare, filter), cellsByTown(bare, filter), cellsByCategory(bare, filter)]).toStrictEqual([filter, [], [], []])
  }
  // A category the document never counted, with no town asked: no cell.
  expect(cellsOf(doc, { category: 'education' })).toStrictEqual([])
})
