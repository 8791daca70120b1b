// The shapes every request is held to, at their edges (src/domain/schemas.ts): ids, times, photos, phones, takeover
// codes, page cursors, request ids and action names. Each value is one a client could send; the answer is written down.
import { callDataSchema, IMAGE_PATTERN, ID_PATTERN, parseInput, suggestionsSchemas as s, orgSchemas as o } from '../../src/domain/schemas'

const ok = (schema: Parameters<typeof parseInput>[0], input: unknown) => parseInput(schema, input).ok

test('an id: 1 to 64 letters, digits, "_" or "-", nothing around it', () => {
  expect(['a', 'A-z_09', 'x'.repeat(64)].map((id) => ID_PATTERN.test(id))).toStrictEqual([true, true, true])
  expect(['', 'x'.repeat(65), 'a b', 'a.b', ' a', 'a\n', '中文', "t1'"].map((id) => ID_PATTERN.test(id))).toStrictEqual([false, false, false, false, false, false, false, false])
})

test('a photo: a CloudBase file id or a local temporary file, nothing else', () => {
  expect(['cloud://env-1.bucket/p/a_b.jpg', 'wxfile://tmp_abc.jpg', 'http://tmp/abc.jpg'].map((p) => IMAGE_PATTERN.test(p))).toStrictEqual([true, true, true])
  expect([
    'https://evil.example/x.jpg', 'cloud://env/', 'cloud://env', 'http://tmp/', 'wxfile://', 'xcloud://env/p.jpg', 'cloud://env/p.jpg?x=1',
    'cloud://env/p q.jpg', 'http://tmpx/a.jpg', 'wxfile://a b',
  ].map((p) => IMAGE_PATTERN.test(p))).toStrictEqual(Array(10).fill(false))
  // 256 characters at most, through the schema.
  expect(ok(s.progress, { id: 'i1', note: '进展', images: [`cloud://env/${'a'.repeat(244)}`] })).toBe(true)
  expect(parseInput(s.progress, { id: 'i1', note: '进展', images: [`cloud://env/${'a'.repeat(245)}`] })).toMatchObject({ ok: false, field: 'images.0' })
})

test('a time: UTC ISO with up to three decimals, a real date', () => {
  const at = (deadline: string) => ok(s.handOff, { id: 'i1', target: { kind: 'member', memberId: 'm1' }, deadline })
  expect(['2026-03-01T08:00:00Z', '2026-03-01T08:00:00.5Z', '2026-03-01T08:00:00.123Z'].map(at)).toStrictEqual([true, true, true])
  expect([
    '2026-03-01T08:00:00.1234Z', '2026-03-01T08:00:00', '2026-03-01T08:00:00+08:00', '2026-03-01 08:00:00Z', '2026-3-01T08:00:00Z',
    'x2026-03-01T08:00:00Z', '2026-03-01T08:00:00Zx', '2026-13-45T08:00:00Z', '2026-03-01T08:00Z',
  ].map(at)).toStrictEqual(Array(9).fill(false))
})

test('a phone: 11 digits starting with 1', () => {
  const phone = (p: string) => ok(o.updateProfile, { phone: p })
  expect(phone('13900000000')).toBe(true)
  expect(['1390000000', '139000000000', '23900000000', '1390000000a', ' 13900000000', '+8613900000000'].map(phone)).toStrictEqual(Array(6).fill(false))
})

test('a takeover code: 8 letters and digits without look-alikes; an id or a code must be given', () => {
  const code = (c: string) => ok(s.takeOver, { code: c })
  expect(['ABCDEFGH', 'abcdefgh', '23456789', 'JKMNPQRS', ' ABCDEFGH '].map(code)).toStrictEqual([true, true, true, true, true])
  expect(['ABCDEFG', 'ABCDEFGHJ', 'ABCDEFG0', 'ABCDEFGO', 'ABCDEFG1', 'ABCDEFGI', 'ABCDEFGL', 'abcdefgl', 'ABCD-EFG'].map(code)).toStrictEqual(Array(9).fill(false))
  expect(parseInput(s.takeOver, {})).toMatchObject({ ok: false, field: 'code' })
  expect(ok(s.takeOver, { id: 'i1' })).toBe(true)
})

test('a page cursor: up to 200 of letters, digits and _ | : . -', () => {
  const cursor = (c: string) => ok(s.timeline, { id: 'i1', cursor: c })
  expect(['2026-03-01T08:00:00.000Z|i1', 'a', 'x'.repeat(200)].map(cursor)).toStrictEqual([true, true, true])
  expect(['', 'x'.repeat(201), 'a b', 'a/b', 'a,b'].map(cursor)).toStrictEqual(Array(5).fill(false))
  expect(ok(s.feed, { cursor: null })).toBe(true)
})

test('the call envelope: an action of 1 to 40 letters, a request id of 8 to 64 id characters', () => {
  const call = (action: string, requestId?: string) => ok(callDataSchema, { action, requestId })
  expect([call('submit'), call('x'.repeat(40)), call('submit', 'abcd1234'), call('submit', 'r'.repeat(64))]).toStrictEqual([true, true, true, true])
  expect([call(''), call('x'.repeat(41)), call('sub-mit'), call('submit2'), call('submit', 'abc1234'), call('submit', 'r'.repeat(65)), call('submit', 'abcd 1234')])
    .toStrictEqual(Array(7).fill(false))
})

test('roles: all staff scope or a list of towns', () => {
  expect(ok(o.setRoles, { personId: 'p1', roles: ['staff'], staffScope: 'all' })).toBe(true)
  expect(ok(o.setRoles, { personId: 'p1', roles: ['staff'], staffScope: ['t1', 't2'] })).toBe(true)
  expect(parseInput(o.setRoles, { personId: 'p1', roles: ['staff'], staffScope: 'some' })).toMatchObject({ ok: false, field: 'staffScope' })
})

test('text must be well-formed: a surrogate pair passes, a lone high or low surrogate anywhere is refused, naming the field', () => {
  const title = (t: string) => parseInput(s.reject, { id: 'i1', reason: t })
  expect(title('路灯𠀀坏了').ok).toBe(true)
  // U+10FFFF: the highest pair, whose low half is 0xDFFF.
  expect(title('路灯\udbff\udfff').ok).toBe(true)
  expect(title('路灯\ud800坏了')).toMatchObject({ ok: false, field: 'reason' })
  expect(title('路灯\ud800')).toMatchObject({ ok: false, field: 'reason' })
  expect(title('路灯\udc00坏了')).toMatchObject({ ok: false, field: 'reason' })
  // A high surrogate before a character above the surrogates (full-width ！, U+FF01) is no pair either.
  expect(title('路灯\ud800！')).toMatchObject({ ok: false, field: 'reason' })
})
