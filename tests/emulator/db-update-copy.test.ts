// Update operators change a copy that shares the untouched parts of the stored document, and `$inc` alone skips mingo:
// both must answer exactly what mingo on a full copy answers, and never change the stored document.
import fc from 'fast-check'
import { update as mingoUpdate } from 'mingo/updater'
import { Engine, cloneDoc, copyAlong, incAndPushInPlace, incInPlace } from '../../emulator/db/engine'

// applyOperators uses no engine state: a bare instance is enough.
const engine = Object.create(Engine.prototype) as Engine

/** What applyOperators answered before: mingo on a deep copy of the whole document. */
function reference(doc: Record<string, unknown>, ops: Record<string, unknown>): { doc: unknown; changed: boolean } | { error: true } {
  const next = cloneDoc(doc)
  try {
    const changed = mingoUpdate(next, ops as never, undefined, undefined, { cloneMode: 'deep' }).length > 0
    return { doc: next, changed }
  } catch {
    return { error: true }
  }
}

function actual(doc: Record<string, unknown>, ops: Record<string, unknown>): { doc: unknown; changed: boolean } | { error: true } {
  try {
    return engine.applyOperators(doc, ops)
  } catch {
    return { error: true }
  }
}

const rollup = () => ({
  _id: 'town_2026-11_t1', dim: 'town', key: 't1', month: '2026-11',
  all: { n: { R: 3, RA: 1 }, h: { toAccept_2: 1 } },
  town: { t1: { n: { R: 3, RA: 1 } } },
  tags: ['a', 'b'],
  at: new Date('2026-11-30T00:00:00Z'),
})

test('a counter bump in a large document changes only a copy; the stored document and its untouched parts stay as they were', () => {
  const stored = rollup()
  const before = cloneDoc(stored)
  const { doc, changed } = engine.applyOperators(stored, { $inc: { 'all.n.R': 1, 'town.t1.n.RAB': 1, 'cat.traffic.n.R': 1 } })
  expect(changed).toBe(true)
  expect(stored).toEqual(before)
  expect(doc).toEqual({ ...before, all: { n: { R: 4, RA: 1 }, h: { toAccept_2: 1 } }, town: { t1: { n: { R: 3, RA: 1, RAB: 1 } } }, cat: { traffic: { n: { R: 1 } } } })
  // Shared, not copied: the parts no path reached.
  expect((doc as { all: { h: unknown } }).all.h).toBe(stored.all.h)
  expect((doc as { tags: unknown }).tags).toBe(stored.tags)
})

test('$inc the fast path cannot take (a text there, an array on the way, overlapping paths) is left to mingo', () => {
  expect(incInPlace({ a: 'x' }, { a: 1 })).toBeNull()
  expect(incInPlace({ a: [1, 2] }, { 'a.0': 1 })).toBeNull()
  expect(incInPlace({ a: { b: 1 } }, { a: 1, 'a.b': 1 })).toBeNull()
  expect(incInPlace({}, { 'a.$': 1 })).toBeNull()
  expect(incInPlace({}, { a: Number.NaN })).toBeNull()
  // mingo's answers for the same: a text is not incremented, overlapping paths are refused.
  expect(engine.applyOperators({ _id: 1, a: 'x' }, { $inc: { a: 1 } })).toEqual({ doc: { _id: 1, a: 'x' }, changed: false })
  expect(() => engine.applyOperators({ _id: 1, a: { b: 1 } }, { $inc: { a: 1, 'a.b': 1 } })).toThrow()
})

test('$push and $pull change a copy of the array, not the stored one', () => {
  const stored = { _id: 'c', ops: ['x', 'y'], n: { a: 1 } }
  const pushed = engine.applyOperators(stored, { $push: { ops: { $each: ['z'], $slice: -2 } }, $inc: { 'n.a': 1 } })
  expect(pushed.doc).toEqual({ _id: 'c', ops: ['y', 'z'], n: { a: 2 } })
  const pulled = engine.applyOperators(stored, { $pull: { ops: 'x' } })
  expect(pulled.doc).toEqual({ _id: 'c', ops: ['y'], n: { a: 1 } })
  expect(stored).toEqual({ _id: 'c', ops: ['x', 'y'], n: { a: 1 } })
})

test('the triage counter bump (increments and a bounded push of the operation id) is applied without mingo, as mingo applies it', () => {
  const stored = { _id: 'triage_t1', kind: 'triage', counts: { submitted: 4, 'submitted__traffic': 2 }, ops: ['a', 'b', 'c'] }
  const bump = { $inc: { 'counts.submitted': 1, 'counts.accepted': -1 }, $push: { ops: { $each: ['d'], $slice: -3 } } }
  const next = copyAlong(stored, bump)!
  expect(incAndPushInPlace(next, bump.$inc, bump.$push)).toBe(true)
  expect(next).toEqual({ _id: 'triage_t1', kind: 'triage', counts: { submitted: 5, 'submitted__traffic': 2, accepted: -1 }, ops: ['b', 'c', 'd'] })
  expect(stored.ops).toEqual(['a', 'b', 'c'])
  expect(engine.applyOperators(stored, bump)).toEqual({ doc: next, changed: true })
  // A full window that only shifts is still a change; pushing nothing is none.
  expect(engine.applyOperators({ _id: 'x', ops: ['a', 'b'] }, { $push: { ops: { $each: ['c'], $slice: -2 } } })).toEqual({ doc: { _id: 'x', ops: ['b', 'c'] }, changed: true })
  expect(engine.applyOperators({ _id: 'x', ops: ['a', 'b'] }, { $push: { ops: { $each: [] } } })).toEqual({ doc: { _id: 'x', ops: ['a', 'b'] }, changed: false })
  // Left to mingo: no array there yet, $position, a path the increments also touch.
  expect(incAndPushInPlace({ counts: {} }, { 'counts.a': 1 }, { ops: 'x' })).toBeNull()
  expect(incAndPushInPlace({ ops: [] }, undefined, { ops: { $each: ['x'], $position: 0 } })).toBeNull()
  expect(incAndPushInPlace({ ops: [], a: { b: 1 } }, { a: 1 }, { 'a.b': 'x' })).toBeNull()
})

test('positional paths copy the whole document', () => {
  expect(copyAlong({ a: [{ b: 1 }] }, { $set: { 'a.$[].b': 2 } })).toBeNull()
  expect(copyAlong({ a: [{ b: 1 }] }, { $set: { 'a.b': 2 } })).toBeNull()
  expect(copyAlong({ a: [{ b: 1 }] }, { $set: { 'a.0.b': 2 } })).not.toBeNull()
})

/** Stored documents hold plain objects (fast-check's dictionaries have no prototype). */
const plain = (o: Record<string, unknown>) => ({ ...o })

// Random documents and updates over a small alphabet of names, so that paths meet, miss, cross arrays and overlap.
const name = fc.constantFrom('a', 'b', 'c', '0', '1')
const leaf = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('x', null, true))
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(name, tie('v'), { maxKeys: 3 }).map(plain)),
})).v
const path = fc.array(name, { minLength: 1, maxLength: 3 }).map((p) => p.join('.'))
const modifier = fc.oneof(
  fc.record({ $inc: fc.dictionary(path, fc.integer({ min: -2, max: 2 }), { minKeys: 1, maxKeys: 3 }) }),
  fc.record({ $set: fc.dictionary(path, value, { minKeys: 1, maxKeys: 2 }), $inc: fc.dictionary(path, fc.integer({ min: -2, max: 2 }), { maxKeys: 2 }) }),
  fc.record({ $push: fc.dictionary(path, leaf, { minKeys: 1, maxKeys: 2 }) }),
  // The triage counter's bump: increments beside a bounded push (taken by incAndPushInPlace when the array exists).
  fc.record({
    $push: fc.dictionary(path, fc.oneof(leaf, fc.record({ $each: fc.array(value, { maxLength: 3 }), $slice: fc.integer({ min: -3, max: 3 }) }, { requiredKeys: ['$each'] }).map(plain)), { minKeys: 1, maxKeys: 2 }),
    $inc: fc.dictionary(path, fc.integer({ min: -2, max: 2 }), { maxKeys: 2 }),
  }),
  fc.record({ $pull: fc.dictionary(path, leaf, { minKeys: 1, maxKeys: 1 }), $unset: fc.dictionary(path, fc.constant(''), { maxKeys: 1 }) }),
)

test('any update answers what mingo on a full copy answers, and leaves the stored document unchanged', () => {
  fc.assert(fc.property(fc.dictionary(name, value, { maxKeys: 4 }), modifier, (body, ops) => {
    const stored = { _id: 'd', ...body }
    const before = cloneDoc(stored)
    const expected = reference(cloneDoc(stored), ops)
    expect(actual(stored, ops)).toEqual(expected)
    expect(stored).toEqual(before)
  }), { numRuns: 2000 })
})
