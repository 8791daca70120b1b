import { orgSchemas, parseInput, suggestionsSchemas as s } from '../../src/domain/schemas'

const good = { category: 'traffic', townId: 't1', villageId: 'v1', title: '孝心停车位', content: '医院门口设置孝心停车位', images: [], anonymous: false }

function fieldOf(schema: Parameters<typeof parseInput>[0], input: unknown): string | null {
  const r = parseInput(schema, input)
  return r.ok ? null : r.field
}

describe('validation names the field that is wrong', () => {
  test('a good submission passes, with defaults filled in', () => {
    const r = parseInput(s.submit, { ...good, images: undefined })
    expect(r.ok && r.value).toMatchObject({ images: [], channel: 'online' })
  })
  test.each([
    ['a title over 50 characters', { ...good, title: '长'.repeat(51) }, 'title'],
    ['an empty title', { ...good, title: '   ' }, 'title'],
    ['content over 1000 characters', { ...good, content: '字'.repeat(1001) }, 'content'],
    ['an unknown category', { ...good, category: 'weather' }, 'category'],
    ['a town id with a quote', { ...good, townId: "t1'; drop" }, 'townId'],
    ['a village id that is an object', { ...good, villageId: { $ne: 1 } }, 'villageId'],
    ['ten images', { ...good, images: Array.from({ length: 10 }, (_, i) => `cloud://env.bucket/p/${i}.jpg`) }, 'images'],
    ['an image that is a web address', { ...good, images: ['https://evil.example/x.jpg'] }, 'images.0'],
    ['an extra field (an openid smuggled in)', { ...good, openid: 'someone-else' }, 'openid'],
    ['a phone that is not a mobile number', { ...good, onBehalfOf: { name: '张三', phone: '12' } }, 'onBehalfOf.phone'],
  ])('%s → %s', (_what, input, field) => {
    expect(fieldOf(s.submit, input)).toBe(field)
  })
  test.each([
    ['comment', s.comment, { id: 'i1', text: '字'.repeat(501) }, 'text'],
    ['comment stance', s.comment, { id: 'i1', text: '赞成', stance: 'maybe' }, 'stance'],
    ['reject reason', s.reject, { id: 'i1', reason: '理'.repeat(501) }, 'reason'],
    ['reject without reason', s.reject, { id: 'i1' }, 'reason'],
    ['handOff member id', s.handOff, { id: 'i1', target: { kind: 'member', memberId: 'a b' }, deadline: '2026-04-01T00:00:00.000Z' }, 'target.memberId'],
    ['handOff unknown target kind', s.handOff, { id: 'i1', target: { kind: 'mayor' }, deadline: '2026-04-01T00:00:00.000Z' }, 'target.kind'],
    ['handOff deadline not a time', s.handOff, { id: 'i1', target: { kind: 'member', memberId: 'm1' }, deadline: 'tomorrow' }, 'deadline'],
    ['plan deadline', s.concludeConsultation, { id: 'i1', plan: { actions: '增设车位', responsibleUnit: '住建局', deadline: 'soon' } }, 'plan.deadline'],
    ['rate value', s.rate, { id: 'i1', value: 'great' }, 'value'],
    ['reply outcome', s.reply, { id: 'i1', text: '已落实', outcome: 'yes' }, 'outcome'],
    ['triage tab', s.triage, { tab: 'all' }, 'tab'],
    ['cursor', s.mine, { cursor: '{"$gt":""}' }, 'cursor'],
    ['setRoles role', orgSchemas.setRoles, { personId: 'p1', roles: ['king'] }, 'roles.0'],
    ['missing id', s.claim, {}, 'id'],
  ])('%s', (_what, schema, input, field) => {
    expect(fieldOf(schema, input)).toBe(field)
  })
  test('the message is Chinese and names the field', () => {
    const r = parseInput(s.submit, { ...good, title: '长'.repeat(51) })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.code).toBe('INVALID_INPUT')
      expect(r.message).toBe('标题不能超过50字')
    }
  })
})

describe('text that cannot be stored', () => {
  test('a lone surrogate inside a nested field is refused naming its dotted path', () => {
    const good = { category: 'traffic', townId: 't1', villageId: 'v1', title: '路灯', content: '路灯坏了', images: [], anonymous: false, channel: 'liaisonStation' }
    const r = parseInput(s.submit, { ...good, onBehalfOf: { name: '张\ud800' } })
    expect(r.ok ? null : [r.code, r.field]).toStrictEqual(['INVALID_INPUT', 'onBehalfOf.name'])
  })
})

describe('what a parse gives back', () => {
  test('a submission without the optional fields: no images, not anonymous, online; text trimmed', () => {
    const r = parseInput(s.submit, { category: 'traffic', townId: 't1', villageId: 'v1', title: ' 孝心停车位 ', content: '医院门口\n' })
    expect(r).toStrictEqual({ ok: true, value: { category: 'traffic', townId: 't1', villageId: 'v1', title: '孝心停车位', content: '医院门口', images: [], anonymous: false, channel: 'online' } })
  })
  test('the lists with no input take nothing, or an empty object', () => {
    for (const schema of [s.waitingForMe, s.myVillages, orgSchemas.me, orgSchemas.towns]) {
      expect(parseInput(schema, undefined)).toStrictEqual({ ok: true, value: {} })
      expect(fieldOf(schema, { x: 1 })).toBe('x')
    }
  })
  test('a takeover names the item or gives a code; neither is refused naming the code', () => {
    expect(parseInput(s.takeOver, { code: ' k7p2q9ab ' })).toStrictEqual({ ok: true, value: { code: 'k7p2q9ab' } })
    expect(parseInput(s.takeOver, { id: 'i1' })).toStrictEqual({ ok: true, value: { id: 'i1' } })
    expect(parseInput(s.takeOver, {})).toMatchObject({ ok: false, field: 'code' })
    expect(parseInput(s.takeOver, { code: 'K7P2Q9A0' })).toMatchObject({ ok: false, field: 'code' })
  })
  test('a hand-off target is one of three kinds, each with its own id field', () => {
    for (const target of [{ kind: 'member', memberId: 'm1' }, { kind: 'sectorGroup', sectorGroupId: 'g1' }, { kind: 'department', departmentId: 'd1' }]) {
      expect(parseInput(s.handOff, { id: 'i1', target, deadline: '2026-04-01T00:00:00Z' })).toStrictEqual({ ok: true, value: { id: 'i1', target, deadline: '2026-04-01T00:00:00Z' } })
    }
    expect(fieldOf(s.handOff, { id: 'i1', target: { kind: 'member', sectorGroupId: 'g1' }, deadline: '2026-04-01T00:00:00Z' })).toBe('target.memberId')
    expect(fieldOf(s.handOff, { id: 'i1', target: { kind: 'department', departmentId: 'd1', memberId: 'm1' }, deadline: '2026-04-01T00:00:00Z' })).toBe('target.memberId')
  })
  test('staff scope: every town, or a list of towns', () => {
    expect(parseInput(orgSchemas.setRoles, { personId: 'p1', roles: ['staff'], staffScope: 'all' })).toStrictEqual({ ok: true, value: { personId: 'p1', roles: ['staff'], staffScope: 'all' } })
    expect(parseInput(orgSchemas.setRoles, { personId: 'p1', roles: ['staff'], staffScope: ['t1'] })).toStrictEqual({ ok: true, value: { personId: 'p1', roles: ['staff'], staffScope: ['t1'] } })
    expect(fieldOf(orgSchemas.setRoles, { personId: 'p1', roles: ['staff'], staffScope: 'some' })).toBe('staffScope')
    expect(fieldOf(orgSchemas.setRoles, { personId: 'p1', roles: [] })).toBe('roles')
  })
})
