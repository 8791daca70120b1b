// The figures' measures as pure functions, with properties over random items: rates within [0, 1] with their parts,
// parts summing to totals, grouped rows folding to the same figures as single items, empty periods showing "—".
import fc from 'fast-check'
import type { Suggestion } from '../../src/domain/types'
import { CATEGORIES, CHANNELS, OUTCOMES, RATINGS, STATUSES } from '../../src/domain/types'
import {
  COUNT_KEYS, RATE_KEYS, TIME_KEYS, bucketHours, factsOf, figuresOfItems, foldFigures, formatHours, formatRate,
  percentileOf, rankBy, rateOf, rowsOf, type CountRow, type TimeRow,
} from '../../src/domain/figures/measures'
import { periodOf, previousOf } from '../../src/domain/figures/periods'
import { queryKeysOf, searchKeysOf } from '../../src/domain/figures/search'
import { item } from './fixtures'
import {
  cellsOf, incAt, rollupDelta, rollupDocsOf, rowsOfCells, sourceOf, type RollupDoc,
} from '../../src/domain/figures/rollups'

const H = 3600_000
const T = Date.parse('2026-03-01T01:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

const arbItem = fc.record({
  status: fc.constantFrom(...STATUSES), town: fc.constantFrom('t1', 't2', 't3'), category: fc.constantFrom(...CATEGORIES),
  channel: fc.constantFrom(...CHANNELS), accepted: fc.boolean(), acceptH: fc.nat(3000),
  handOff: fc.option(fc.record({ kind: fc.constantFrom('member', 'sectorGroup', 'department'), id: fc.constantFrom('a', 'b'), afterH: fc.nat(200), deadlineH: fc.nat(400), climbed: fc.boolean() })),
  claimH: fc.option(fc.nat(500)), replyH: fc.option(fc.nat(2000)), outcome: fc.constantFrom(...OUTCOMES),
  rating: fc.option(fc.constantFrom(...RATINGS)), reopen: fc.nat(2), closeH: fc.nat(5000),
}).map((r, ): Suggestion => {
  const created = T
  const s = item({ _id: `i${Math.random().toString(36).slice(2)}`, status: r.status, townId: r.town, villageId: `${r.town}v`, category: r.category, channel: r.channel, createdAt: iso(created), reopenCount: r.reopen })
  if (r.accepted) s.acceptedAt = iso(created + r.acceptH * H)
  if (r.handOff) {
    const at = iso(created + r.handOff.afterH * H)
    const target = r.handOff.kind === 'member' ? { kind: 'member' as const, memberId: r.handOff.id }
      : r.handOff.kind === 'sectorGroup' ? { kind: 'sectorGroup' as const, sectorGroupId: r.handOff.id } : { kind: 'department' as const, departmentId: r.handOff.id }
    s.handOff = { target, at, deadline: iso(created + r.handOff.deadlineH * H), byId: 's', rung: 'member', rungAt: r.handOff.climbed ? iso(created + (r.handOff.afterH + 24) * H) : at }
    if (r.claimH !== null) { s.claimedAt = iso(Date.parse(at) + r.claimH * H); s.handlerId = `m${r.handOff.id}` }
  }
  if (r.replyH !== null) s.reply = { text: '答复', outcome: r.outcome, at: iso(created + r.replyH * H), byId: 'm' }
  if (r.rating) s.rating = { value: r.rating, at: iso(created + 9000 * H) }
  if (r.status === 'closed') s.closedAt = iso(created + r.closeH * H)
  return s
})

test('every rate lies within [0, 1] with its numerator never above its denominator, or is "—" with an empty denominator', () => {
  fc.assert(fc.property(fc.array(arbItem, { maxLength: 60 }), (items) => {
    const { byKey, total } = figuresOfItems(items, 'town')
    for (const f of [total, ...byKey.values()]) {
      for (const k of RATE_KEYS) {
        const r = f.rates[k]
        expect(r.num).toBeLessThanOrEqual(r.den)
        if (r.den === 0) { expect(r.value).toBeNull(); expect(formatRate(r)).toBe('—') }
        else { expect(r.value).toBeGreaterThanOrEqual(0); expect(r.value).toBeLessThanOrEqual(1); expect(formatRate(r)).toMatch(/^\d+\.\d%$/) }
      }
    }
  }))
})

test('the towns\' counts sum to the total; members\' counts never exceed it', () => {
  fc.assert(fc.property(fc.array(arbItem, { maxLength: 60 }), (items) => {
    const byTown = figuresOfItems(items, 'town')
    for (const k of COUNT_KEYS) {
      expect([...byTown.byKey.values()].reduce((n, f) => n + f.counts[k], 0)).toBe(byTown.total.counts[k])
    }
    expect(byTown.total.counts.received).toBe(items.length)
    const byMember = figuresOfItems(items, 'member')
    for (const k of COUNT_KEYS) expect([...byMember.byKey.values()].reduce((n, f) => n + f.counts[k], 0)).toBeLessThanOrEqual(byMember.total.counts[k])
  }))
})

test('rows grouped as the database groups them fold to the same figures as one row per item', () => {
  fc.assert(fc.property(fc.array(arbItem, { maxLength: 60 }), fc.constantFrom('town', 'member', 'category', 'sectorGroup', 'department', 'month') , (items, d) => {
    const { countRows, timeRows } = rowsOf(items, d as never)
    const grouped = new Map<string, CountRow>()
    for (const r of countRows) {
      const key = `${r.key}|${r.k}`
      const g = grouped.get(key) ?? { ...r, n: 0 }
      g.n += r.n
      grouped.set(key, g)
    }
    const groupedTimes = new Map<string, TimeRow>()
    for (const r of timeRows) {
      const key = `${r.key}|${r.time}|${r.h}`
      const g = groupedTimes.get(key) ?? { ...r, n: 0 }
      g.n += r.n
      groupedTimes.set(key, g)
    }
    // The database answers groups in any order.
    const a = foldFigures([...grouped.values()].reverse(), [...groupedTimes.values()].reverse())
    const b = foldFigures(countRows, timeRows)
    expect(a.total).toEqual(b.total)
    expect(new Map([...a.byKey].sort())).toEqual(new Map([...b.byKey].sort()))
  }))
})

test('an empty period shows "—" for every rate and time, and zero counts', () => {
  const { total, byKey } = foldFigures([], [])
  expect(byKey.size).toBe(0)
  for (const k of RATE_KEYS) expect(formatRate(total.rates[k])).toBe('—')
  for (const k of TIME_KEYS) { expect(total.times[k]).toEqual({ n: 0, median: null, p90: null }); expect(formatHours(total.times[k].median)).toBe('—') }
  for (const k of COUNT_KEYS) expect(total.counts[k]).toBe(0)
})

test('median and p90 over the histogram are the nearest-rank percentiles of the bucketed times', () => {
  fc.assert(fc.property(fc.array(fc.nat(5000 * H), { minLength: 1, maxLength: 80 }), (spans) => {
    const hours = spans.map(bucketHours).sort((x, y) => x - y)
    const hist = new Map<number, number>()
    for (const h of hours) hist.set(h, (hist.get(h) ?? 0) + 1)
    expect(percentileOf(hist, 0.5)).toBe(hours[Math.ceil(0.5 * hours.length) - 1])
    expect(percentileOf(hist, 0.9)).toBe(hours[Math.ceil(0.9 * hours.length) - 1])
  }))
})

test('times are kept to the hour under 3 days, to the day under 60 days, to 30 days beyond', () => {
  expect(bucketHours(0)).toBe(0)
  expect(bucketHours(71.9 * H)).toBe(71)
  expect(bucketHours(100 * H)).toBe(96)
  expect(bucketHours(61 * 24 * H)).toBe(1440)
  expect(formatHours(36)).toBe('36 小时')
  expect(formatHours(96)).toBe('4 天')
})

test('an item\'s facts: adopted, on time, responded on the first rung, satisfied', () => {
  const s = item({ status: 'closed', createdAt: '2026-03-01T00:00:00.000Z', acceptedAt: '2026-03-01T05:00:00.000Z', closedAt: '2026-03-05T00:00:00.000Z' })
  s.handOff = { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, at: '2026-03-01T06:00:00.000Z', rungAt: '2026-03-01T06:00:00.000Z', deadline: '2026-03-08T00:00:00.000Z', byId: 's', rung: 'sectorGroup' }
  s.claimedAt = '2026-03-01T08:30:00.000Z'
  s.handlerId = 'm1'
  s.reply = { text: '好', outcome: 'partlyAdopted', at: '2026-03-02T08:30:00.000Z', byId: 'm1' }
  s.rating = { value: 'basicallySatisfied', at: '2026-03-03T00:00:00.000Z' }
  const f = factsOf(s)
  expect(f).toMatchObject({ month: '2026-03', member: 'm1', group: 'g1', hAccept: 5, hClaim: 2, hReply: 24, hClose: 96 })
  expect(f.k.split('').sort().join('')).toBe('ACDEFGHPRSTZ'.split('').sort().join(''))
  // 23:30 on the last day of February in UTC is March 1st in UTC+8.
  expect(factsOf(item({ createdAt: '2026-02-28T16:30:00.000Z' })).month).toBe('2026-03')
})

test('rankings rank only rows with enough items, best first, equal rates sharing a rank', () => {
  const row = (key: string, num: number, den: number) => ({ key, rates: { adoptionRate: rateOf(num, den) } as never })
  const ranked = rankBy([row('a', 1, 2), row('b', 9, 10), row('c', 3, 3), row('d', 1, 1), row('e', 5, 10)], 'adoptionRate', 3)
  expect(ranked.map((r) => [r.row.key, r.rank])).toEqual([['c', 1], ['b', 2], ['e', 3], ['a', null], ['d', null]])
  const tied = rankBy([row('a', 1, 4), row('b', 2, 8), row('c', 3, 4)], 'adoptionRate', 1)
  expect(tied.map((r) => r.rank)).toEqual([1, 2, 2])
})

test('periods in UTC+8, and the previous period ends where the current one starts', () => {
  expect(periodOf({ kind: 'year', year: 2026 })).toMatchObject({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', label: '2026年' })
  expect(previousOf({ kind: 'quarter', year: 2026, quarter: 1 })).toMatchObject({ from: '2025-09-30T16:00:00.000Z', label: '2025年第4季度' })
  expect(previousOf({ kind: 'month', year: 2026, month: 3 }).label).toBe('2026年2月')
  expect(periodOf({ kind: 'range', from: '2026-03-01', to: '2026-03-10' })).toMatchObject({ from: '2026-02-28T16:00:00.000Z', to: '2026-03-10T16:00:00.000Z' })
  expect(previousOf({ kind: 'range', from: '2026-03-01', to: '2026-03-10' })).toMatchObject({ from: '2026-02-18T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z', label: '2026-02-19 至 2026-02-28' })
  fc.assert(fc.property(fc.integer({ min: 2001, max: 2090 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), (year, month, quarter) => {
    for (const p of [{ kind: 'year' as const, year }, { kind: 'month' as const, year, month }, { kind: 'quarter' as const, year, quarter }]) {
      expect(previousOf(p).to).toBe(periodOf(p).from)
    }
  }))
})

test('search keys: any two neighbouring Chinese characters of a title find it; one character alone is no query', () => {
  fc.assert(fc.property(fc.stringMatching(/^[\u4e00-\u9fa5]{2,20}$/), fc.nat(), (title, at) => {
    const i = at % (title.length - 1)
    const keys = new Set(searchKeysOf(title, ''))
    for (const k of queryKeysOf(title.slice(i, i + 2))) expect(keys.has(k)).toBe(true)
  }))
  expect(searchKeysOf('孝心停车位', '')).toEqual(['孝心', '心停', '停车', '车位'])
  expect(queryKeysOf('停车 Wifi')).toEqual(['停车', 'wifi'])
  expect(queryKeysOf('车')).toEqual([])
})

// ---- rollups ----

/** Applies deltas to documents kept in memory, as the database's increments would. */
function applyAll(store: Map<string, Record<string, unknown>>, changes: ReturnType<typeof rollupDelta>): void {
  for (const ch of changes) for (const meta of ch.docs) {
    const doc = store.get(meta._id) ?? { ...meta }
    for (const [p, d] of Object.entries(ch.inc)) incAt(doc, p, d)
    store.set(meta._id, doc)
  }
}
/** Nonzero counters of a set of documents, flattened: a counter at zero is the same as none. */
function counters(docs: Iterable<Record<string, unknown>>): Record<string, number> {
  const out: Record<string, number> = {}
  const walk = (o: unknown, path: string) => {
    if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`)
    else if (typeof o === 'number' && o !== 0 && /\.(all|town|cat|townCat)\./.test(path)) out[path] = o
  }
  for (const d of docs) walk(d, String(d._id))
  return out
}

test('rollups kept by each commit\'s delta equal a recount of the final items, whatever the items went through', () => {
  fc.assert(fc.property(fc.array(fc.tuple(arbItem, fc.array(arbItem, { maxLength: 3 })), { maxLength: 25 }), (histories) => {
    const store = new Map<string, Record<string, unknown>>()
    const finals: Suggestion[] = []
    for (const [first, later] of histories) {
      // One item through several states (same id): new, then each change from the one before.
      let prev: Suggestion | null = null
      for (const state of [first, ...later]) {
        const next = { ...state, _id: first._id }
        applyAll(store, rollupDelta(prev ? sourceOf(prev) : null, sourceOf(next)))
        prev = next
      }
      finals.push(prev!)
    }
    expect(counters(store.values())).toEqual(counters(rollupDocsOf(finals.map(sourceOf)) as unknown as Record<string, unknown>[]))
  }))
})

test('a table read from the rollups equals the pure fold, for every dimension, town and category', () => {
  fc.assert(fc.property(fc.array(arbItem, { maxLength: 60 }), fc.constantFrom('town', 'village', 'member', 'category', 'sectorGroup', 'department', 'channel'),
    fc.option(fc.constantFrom('t1', 't2')), fc.option(fc.constantFrom(...CATEGORIES)), (items, d, town, category) => {
      const docs = rollupDocsOf(items.map(sourceOf)).filter((doc: RollupDoc) => doc.dim === d)
      const filter = { townIds: town ? [town] : undefined, category: category ?? undefined }
      const rows = rowsOfCells(docs.flatMap((doc) => cellsOf(doc, filter).map((c) => [doc.key, c] as [string, typeof c])))
      const kept = items.filter((s) => (!town || s.townId === town) && (!category || s.category === category))
      const pure = figuresOfItems(kept, d as never)
      const folded = foldFigures(rows.countRows, rows.timeRows)
      expect(folded.total).toEqual(pure.total)
      expect(folded.byKey).toEqual(pure.byKey)
    }))
})
