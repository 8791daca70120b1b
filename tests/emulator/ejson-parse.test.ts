// The local CloudBase parses every request field without bson's per-value reviver: it must answer exactly what
// `EJSON.parse(text, {relaxed: true})` answers — the same values with the same types, and the same errors.
import { inspect, isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { EJSON } from 'bson'
import { parseRelaxed } from '../../emulator/db/ejson'

type Outcome = { value: unknown } | { error: string }
const reference = (text: string): Outcome => {
  try {
    return { value: EJSON.parse(text, { relaxed: true }) }
  } catch (e) {
    return { error: (e as Error).message }
  }
}
/** Equal values of equal types (an invalid date equals an invalid date, which isDeepStrictEqual denies). */
const same = (a: Outcome, b: Outcome) => isDeepStrictEqual(a, b) || inspect(a, { depth: null }) === inspect(b, { depth: null })
const actual = (text: string): Outcome => {
  try {
    return { value: parseRelaxed(text) }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

test('what the SDK sends is parsed to the same values: dates, longs, ids, operators, nested in plain objects and arrays', () => {
  const texts = [
    '{"title":"小区门口道路坑洼","n":3,"tags":["a","b"],"at":{"$date":"2026-11-30T05:00:00.000Z"}}',
    '{"status":{"$in":["submitted","accepted"]},"createdAt":{"$gte":{"$date":{"$numberLong":"1796016086995"}}}}',
    '{"_id":{"$oid":"0123456789abcdef01234567"},"big":{"$numberLong":"99999999999999999"},"d":{"$numberDecimal":"1.5"}}',
    '{"$set":{"counts.submitted":{"$numberInt":"3"}},"$push":{"ops":{"$each":["x"],"$slice":-64}}}',
    '{"r":{"$regularExpression":{"pattern":"^a","options":"i"}},"ref":{"$ref":"c","$id":"x"},"u":{"$undefined":true}}',
    '{"when":{"$tcb_server_date":{"offset":1000}}}',
    '{"__proto__":{"$numberInt":"3"},"constructor":{"prototype":1}}',
    '[{"$date":"2026-01-01T00:00:00Z"},1,null,"s",[{"a":{"$numberDouble":"-0.0"}}]]',
  ]
  for (const text of texts) expect(same(actual(text), reference(text))).toBe(true)
  // Checked against values written down, not only against bson.
  const parsed = parseRelaxed(texts[0]) as { at: Date; n: number }
  expect(parsed.at).toEqual(new Date('2026-11-30T05:00:00.000Z'))
  expect(parsed.n).toBe(3)
  expect(Object.getPrototypeOf(parseRelaxed(texts[6]))).toBe(Object.prototype)
})

test('a -0 anywhere, a NUL in a field name and text that is not JSON answer as bson answers', () => {
  for (const text of ['{"a":-0}', '{"q":{"$gt":-0}}', '[-0,{"$numberInt":"1"}]', '{"a":{"b\\u0000":1}}', '{"$date":{"c\\u0000":1}}', '{"a":', 'nope']) {
    expect(same(actual(text), reference(text))).toBe(true)
  }
  expect(Object.is((parseRelaxed('{"a":-0}') as { a: number }).a, -0)).toBe(true)
  expect(actual('{"a":{"b\\u0000":1}}')).toMatchObject({ error: expect.stringContaining('null bytes') })
})

test('any JSON document, with EJSON type wrappers mixed in, parses as bson parses it', () => {
  const wrapper = fc.oneof(
    fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => ({ $date: d.toISOString() })),
    fc.integer().map((n) => ({ $numberInt: String(n) })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({ $numberLong: String(n) })),
    fc.double().map((n) => ({ $numberDouble: Number.isNaN(n) ? 'NaN' : n === Infinity ? 'Infinity' : n === -Infinity ? '-Infinity' : String(n) })),
    fc.constantFrom({ $undefined: true }, { $minKey: 1 }, { $maxKey: 1 }, { $oid: '0123456789abcdef01234567' }),
    fc.record({ $in: fc.array(fc.integer(), { maxLength: 3 }) }),
  )
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), wrapper, fc.array(tie('tree'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('$x', '__proto__', '$date', 'a.b')), tie('tree'), { maxKeys: 4 })),
  }))
  fc.assert(fc.property(tree, (value) => {
    const text = JSON.stringify(value)
    if (text === undefined) return
    expect(same(actual(text), reference(text))).toBe(true)
  }), { numRuns: 500 })
})
