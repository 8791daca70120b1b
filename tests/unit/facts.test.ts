// What one item adds to the office's figures (src/domain/figures/measures.ts factsOf): which counts it is in, its
// month in UTC+8, the member, group or department it went to, and its times, for items written out by hand.
import { bucketHours, changeOf, countsOfFlags, DIMENSIONS, factsOf, foldFigures, formatHours, formatRate, keyOf, monthKeyOf, percentileOf, rankBy, rateOf, ratesOf } from '../../src/domain/figures/measures'
import type { Suggestion } from '../../src/domain/types'
import { item } from './fixtures'

const H = 3600_000

test('an item that went the whole way, on time and adopted in part: every count but rejected, merged, reopened and group-taken', () => {
  const s = item({
    _id: 'a', createdAt: '2026-03-31T17:00:00.000Z', acceptedAt: '2026-03-31T22:00:00.000Z', status: 'closed',
    handOff: { target: { kind: 'member', memberId: 'm7' }, at: '2026-04-01T00:00:00.000Z', rungAt: '2026-04-01T00:00:00.000Z', deadline: '2026-04-08T00:00:00.000Z', byId: 's1', rung: 'member' },
    handlerId: 'm7', claimedAt: '2026-04-02T06:00:00.000Z',
    reply: { text: '已落实', outcome: 'partlyAdopted', at: '2026-04-06T06:00:00.000Z', byId: 'm7' },
    rating: { value: 'satisfied', at: '2026-04-07T00:00:00.000Z' }, closedAt: '2026-04-13T17:00:00.000Z',
  } as Partial<Suggestion>)
  // Received 1 April in China (17:00 UTC on 31 March); accepted in 5 h, claimed 30 h after the hand-off, replied
  // 4 days (96 h) after the claim, closed 13 days (312 h) after it came in.
  expect(factsOf(s)).toStrictEqual({ k: 'RAHCPZDSTEF', month: '2026-04', at: '2026-03-31T17:00:00.000Z|a', member: 'm7', hAccept: 5, hClaim: 30, hReply: 96, hClose: 312 })
})

test('taken by a sector group after the ladder climbed, answered late, not adopted, reopened after a dissatisfied rating', () => {
  const s = item({
    _id: 'b', createdAt: '2026-05-10T02:00:00.000Z', status: 'replied',
    handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g2' }, at: '2026-05-11T00:00:00.000Z', rungAt: '2026-05-14T00:00:00.000Z', deadline: '2026-05-15T00:00:00.000Z', byId: 's1', rung: 'sectorGroup' },
    handlerId: 'm9', claimedAt: '2026-05-14T10:00:00.000Z',
    reply: { text: '暂不具备条件', outcome: 'notAdopted', at: '2026-05-16T10:00:00.000Z', byId: 'm9' },
    rating: { value: 'dissatisfied', reason: '没解决', at: '2026-05-17T00:00:00.000Z' }, reopenCount: 1,
  } as Partial<Suggestion>)
  // Accepted (it is past acceptance) though no acceptance time is kept, so no time to acceptance; claimed 82 h after
  // the hand-off (kept to the day: 72), replied 48 h after the claim.
  expect(factsOf(s)).toStrictEqual({ k: 'RAHCPOEG', month: '2026-05', at: '2026-05-10T02:00:00.000Z|b', member: 'm9', group: 'g2', hClaim: 72, hReply: 48 })
})

test('rejected, merged, and handed off but not yet claimed', () => {
  expect(factsOf(item({ _id: 'c', createdAt: '2026-06-01T00:00:00.000Z', status: 'rejected' }))).toStrictEqual({ k: 'RJ', month: '2026-06', at: '2026-06-01T00:00:00.000Z|c' })
  expect(factsOf(item({ _id: 'd', createdAt: '2026-06-01T00:00:00.000Z', status: 'merged' })).k).toBe('RM')
  const toDept = item({
    _id: 'e', createdAt: '2026-06-01T00:00:00.000Z', acceptedAt: '2026-06-04T01:00:00.000Z', status: 'assigned',
    handOff: { target: { kind: 'department', departmentId: 'd3' }, at: '2026-06-04T02:00:00.000Z', deadline: '2026-06-20T00:00:00.000Z', byId: 's1', rung: 'member' },
  })
  expect(factsOf(toDept)).toStrictEqual({ k: 'RAH', month: '2026-06', at: '2026-06-01T00:00:00.000Z|e', dept: 'd3', hAccept: 72 })
  const toMember = item({ _id: 'f', status: 'assigned', handOff: { target: { kind: 'member', memberId: 'm4' }, at: '2026-06-04T02:00:00.000Z', deadline: '2026-06-20T00:00:00.000Z', byId: 's1', rung: 'member' } })
  expect(factsOf(toMember)).toMatchObject({ k: 'RAH', member: 'm4' })
  // Reopened without a rating cannot happen; a rating without a reopen is not a reopen.
  expect(factsOf(item({ status: 'closed', rating: { value: 'basicallySatisfied', at: '2026-06-05T00:00:00.000Z' } })).k).toBe('RAZEF')
})

test('flag letters back to counts, n each', () => {
  const c = countsOfFlags('RAH', 3)
  expect(Object.entries(c).filter(([, n]) => n > 0)).toStrictEqual([['received', 3], ['accepted', 3], ['handedOff', 3]])
  expect(countsOfFlags('Z').closed).toBe(1)
})

test('times are kept to the hour under 3 days, to the day under 60 days, to 30 days beyond', () => {
  expect([bucketHours(-5 * H), bucketHours(71.99 * H), bucketHours(72 * H), bucketHours(95 * H), bucketHours(96 * H)]).toStrictEqual([0, 71, 72, 72, 96])
  expect([bucketHours(1439 * H), bucketHours(1440 * H), bucketHours(2159 * H), bucketHours(2160 * H)]).toStrictEqual([1416, 1440, 1440, 2160])
  expect([formatHours(71), formatHours(72), formatHours(84), formatHours(undefined)]).toStrictEqual(['71 小时', '3 天', '4 天', '—'])
})

test('median and 90th percentile by nearest rank', () => {
  const hist = new Map([[10, 1], [1, 1], [5, 2]])
  expect([percentileOf(hist, 0.5), percentileOf(hist, 0.9), percentileOf(hist, 0.75), percentileOf(hist, 0)]).toStrictEqual([5, 10, 5, 1])
  expect(percentileOf(new Map(), 0.5)).toBeNull()
})

test('rates: parts kept, no value over an empty denominator, shown to one decimal by default', () => {
  expect(rateOf(0, 0)).toStrictEqual({ num: 0, den: 0, value: null })
  expect(rateOf(1, 4)).toStrictEqual({ num: 1, den: 4, value: 0.25 })
  expect([formatRate(rateOf(2, 3)), formatRate(rateOf(2, 3), 0), formatRate(rateOf(0, 5)), formatRate(null)]).toStrictEqual(['66.7%', '67%', '0.0%', '—'])
})

test('the month an item is counted in is its month in China', () => {
  expect(monthKeyOf('2026-12-31T15:59:59.000Z')).toBe('2026-12')
  expect(monthKeyOf('2026-12-31T16:00:00.000Z')).toBe('2027-01')
})

test('the key an item is counted under in each dimension; none when it has no member, group or department', () => {
  const s = item({ _id: 'k', townId: 't1', villageId: 'v1', category: 'traffic', channel: 'liaisonStation', createdAt: '2026-03-31T17:00:00.000Z' })
  const facts = { k: 'R', month: '2026-04', at: 'x', member: 'm1', group: 'g1', dept: 'd1' }
  expect(DIMENSIONS.map((d) => keyOf(s, facts, d))).toStrictEqual(['t1', 'v1', 'g1', 'm1', 'd1', 'traffic', 'liaisonStation', '2026-04'])
  expect(['member', 'sectorGroup', 'department'].map((d) => keyOf(s, { k: 'R', month: '2026-04', at: 'x' }, d as never))).toStrictEqual([null, null, null])
})

test('up or down against the previous period: points of a rate, or the difference of a count; nothing when a side is empty', () => {
  expect(changeOf(12, 9)).toBe(3)
  expect(changeOf(rateOf(3, 4), rateOf(1, 2))).toBe(0.25)
  expect(changeOf(rateOf(3, 4), rateOf(0, 0))).toBeNull()
  expect(changeOf(rateOf(0, 0), rateOf(1, 2))).toBeNull()
  expect(changeOf(12, undefined)).toBeNull()
  expect(changeOf(rateOf(3, 4), 2)).toBeNull()
  expect(changeOf(2, rateOf(3, 4))).toBeNull()
})

test('each rate\'s parts: adopted of replied, responded of handed off, on time of replied, satisfied and reopened of rated', () => {
  const c = { ...countsOfFlags(''), adopted: 3, replied: 4, responded: 2, handedOff: 5, onTime: 1, rated: 6, satisfied: 5, reopened: 2 }
  expect(ratesOf(c)).toStrictEqual({
    adoptionRate: { num: 3, den: 4, value: 0.75 }, responseRate: { num: 2, den: 5, value: 0.4 }, onTimeRate: { num: 1, den: 4, value: 0.25 },
    satisfactionRate: { num: 5, den: 6, value: 5 / 6 }, reopenRate: { num: 2, den: 6, value: 2 / 6 },
  })
})

test('the fold: rows with no key count in the total only; times by nearest rank over their buckets', () => {
  const { byKey, total } = foldFigures(
    [{ key: 'm1', k: 'RAH', n: 2 }, { key: null, k: 'R', n: 1 }, { key: 'm1', k: 'RAHCP', n: 1 }],
    [{ key: 'm1', time: 'toAccept', h: 5, n: 2 }, { key: null, time: 'toAccept', h: 1, n: 1 }],
  )
  const only = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n))
  expect([...byKey.keys()]).toStrictEqual(['m1'])
  expect(only(total.counts)).toStrictEqual({ received: 4, accepted: 3, handedOff: 3, claimed: 1, replied: 1 })
  expect(only(byKey.get('m1')!.counts)).toStrictEqual({ received: 3, accepted: 3, handedOff: 3, claimed: 1, replied: 1 })
  expect(total.times).toStrictEqual({ toAccept: { n: 3, median: 5, p90: 5 }, toClaim: { n: 0, median: null, p90: null }, toReply: { n: 0, median: null, p90: null }, toClose: { n: 0, median: null, p90: null } })
  expect(byKey.get('m1')!.times.toAccept).toStrictEqual({ n: 2, median: 5, p90: 5 })
  expect(total.rates.responseRate).toStrictEqual({ num: 0, den: 3, value: 0 })
})

test('ranking by a rate: best first, more counted first among equals, equals share a rank; too few counted listed after, unranked', () => {
  const row = (id: string, num: number, den: number) => ({ id, rates: { ...ratesOf(countsOfFlags('')), adoptionRate: rateOf(num, den) } })
  const rows = [row('A', 3, 4), row('B', 1, 2), row('C', 2, 4), row('D', 1, 1), row('E', 0, 0), row('F', 1, 4)]
  expect(rankBy(rows, 'adoptionRate', 2).map((r) => [r.row.id, r.rank]))
    .toStrictEqual([['A', 1], ['C', 2], ['B', 2], ['F', 4], ['D', null], ['E', null]])
  expect(rankBy(rows, 'adoptionRate', 0).map((r) => [r.row.id, r.rank]))
    .toStrictEqual([['D', 1], ['A', 2], ['C', 3], ['B', 3], ['F', 5], ['E', null]])
  expect(rankBy(rows, 'adoptionRate', 2)[0].rate).toStrictEqual({ num: 3, den: 4, value: 0.75 })
})

test('no time at all reads as —', () => {
  expect(formatHours(null)).toBe('—')
  expect(formatRate(undefined)).toBe('—')
})
