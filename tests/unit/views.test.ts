import { personRef, tallyOf, toCard, toDetail, toPublicCard } from '../../src/domain/views'
import { actorOf, directory, item, people, T0 } from './fixtures'

const replied = item({ status: 'replied', handlerId: 'm1', reply: { text: '已在医院门口划设孝心停车位', outcome: 'adopted', at: T0, byId: 'm1' } })

describe('what a viewer sees of people', () => {
  test('a phone number reaches staff only', () => {
    expect(personRef('m1', actorOf('sAll'), replied, directory).phone).toBe(people.m1.phone)
    expect(personRef('m1', actorOf('c2'), replied, directory).phone).toBeUndefined()
    expect(personRef('c1', actorOf('m2'), replied, directory).phone).toBeUndefined()
  })
  test('a citizen sees another citizen as 群众, with no id', () => {
    expect(personRef('c1', actorOf('c2'), replied, directory)).toStrictEqual({ id: null, name: '群众', role: 'citizen' })
  })
  test('members are public figures: shown by name', () => {
    expect(personRef('m1', actorOf('c2'), replied, directory)).toStrictEqual({ id: 'm1', name: 'name-m1', role: 'member' })
  })
  test('an anonymous author is hidden from members, shown to staff and to the author', () => {
    const anon = item({ anonymous: true })
    expect(toDetail(anon, [], [], actorOf('m1'), directory, T0, { following: false, seconded: false }).author).toBeNull()
    expect(toDetail(anon, [], [], actorOf('sT1'), directory, T0, { following: false, seconded: false }).author?.name).toBe('name-c1')
    expect(toDetail(anon, [], [], actorOf('c1'), directory, T0, { following: false, seconded: false }).author?.id).toBe('c1')
  })
  test('an anonymous author appears to others as 匿名群众, with no id', () => {
    expect(personRef('c1', actorOf('m1'), item({ anonymous: true }), directory)).toStrictEqual({ id: null, name: '匿名群众', role: 'citizen' })
  })
  test('a reopened item\'s card says 重办 with the reason of the 不满意, not the old outcome', () => {
    const reopened = item({ status: 'claimed', handlerId: 'm1', reopenCount: 1, reply: replied.reply, rating: { value: 'dissatisfied', reason: '车位还是不够', at: T0 } })
    const card = toCard(reopened, directory, T0)
    expect([card.reopened, card.outcome]).toStrictEqual([{ reason: '车位还是不够' }, undefined])
    expect(toCard({ ...reopened, rating: undefined }, directory, T0).reopened).toStrictEqual({})
  })
  test('the public feed card carries no author at all', () => {
    const json = JSON.stringify(toPublicCard(replied, directory, T0))
    expect(json).not.toContain('c1')
    expect(json).not.toContain('author')
  })
})

describe('staff scoped to one town', () => {
  const anonByC1 = item({ anonymous: true })
  const view = (who: string) => toDetail(anonByC1, [{ _id: 'e1', suggestionId: 'i1', command: 'submit', actorId: 'c1', actorRole: 'citizen', from: null, to: 'submitted', at: T0, payload: {} }],
    [{ _id: 'cm1', suggestionId: 'i1', authorId: 'c1', authorRole: 'citizen', text: '补充', at: T0 }], actorOf(who), directory, T0, { following: false, seconded: false })
  test('staff of another town see neither the anonymous author nor any phone number', () => {
    const json = JSON.stringify(view('sT2'))
    for (const secret of ['c1', 'name-c1', people.c1.phone!, 'openid-c1']) expect([secret, json.includes(secret)]).toStrictEqual([secret, false])
    expect(view('sT2').author).toBeNull()
    expect(personRef('m1', actorOf('sT2'), anonByC1, directory)).toStrictEqual({ id: 'm1', name: 'name-m1', role: 'member' })
  })
  test('staff of the item\'s town see the author with the phone', () => {
    expect(view('sT1').author).toStrictEqual({ id: 'c1', name: 'name-c1', role: 'citizen', phone: people.c1.phone })
  })
  test('only staff of the town see who a recorded item was recorded for', () => {
    const recorded = item({ channel: 'liaisonStation', recordedById: 'sT1', onBehalfOf: { name: '张阿姨', phone: '13900000000' } })
    const d = (who: string) => toDetail(recorded, [], [], actorOf(who), directory, T0, { following: false, seconded: false }).onBehalfOf
    expect([d('sT1'), d('sT2'), d('m1'), d('c2')]).toStrictEqual([{ name: '张阿姨', phone: '13900000000' }, undefined, undefined, undefined])
  })
})

describe('the consultation tally', () => {
  test('each person counts once, with their latest stance', () => {
    const comments = [
      { authorId: 'a', stance: 'for' as const, at: '2026-03-01T01:00:00.000Z' },
      { authorId: 'b', stance: 'against' as const, at: '2026-03-01T02:00:00.000Z' },
      { authorId: 'a', stance: 'against' as const, at: '2026-03-01T03:00:00.000Z' },
      { authorId: 'a', at: '2026-03-01T04:00:00.000Z' }, // a comment without a stance changes nothing
      { authorId: 'c', stance: 'neutral' as const, at: '2026-03-01T05:00:00.000Z' },
      { authorId: 'b', stance: 'for' as const, at: '2026-03-01T06:00:00.000Z' },
    ]
    expect(tallyOf(comments)).toStrictEqual({ for: 1, neutral: 1, against: 1 })
  })
})

test('a merged item\'s detail says which item it was merged into; another item\'s says nothing of it', () => {
  const flags = { following: false, seconded: false }
  expect(toDetail(item({ status: 'merged', mergedIntoId: 'i9' }), [], [], actorOf('c2'), directory, T0, flags).mergedIntoId).toBe('i9')
  expect('mergedIntoId' in toDetail(item(), [], [], actorOf('c2'), directory, T0, flags)).toBe(false)
})

test('the member handling an item is told who proposed it, as a citizen by name', () => {
  const handled = item({ status: 'claimed', handlerId: 'm1', handOff: { target: { kind: 'member', memberId: 'm1' }, at: T0, deadline: '2026-12-31T00:00:00.000Z', byId: 'sAll', rung: 'member' } })
  expect(toDetail(handled, [], [], actorOf('m1'), directory, T0, { following: false, seconded: false }).author).toStrictEqual({ id: 'c1', name: 'name-c1', role: 'citizen' })
})

describe('when a member claimed an item', () => {
  test('the detail says when it was claimed, and an unclaimed item has no such field', () => {
    const flags = { following: false, seconded: false }
    const claimed = item({ status: 'claimed', handlerId: 'm1', claimedAt: '2026-03-02T00:00:00.000Z' })
    expect(toDetail(claimed, [], [], actorOf('sT1'), directory, T0, flags).claimedAt).toBe('2026-03-02T00:00:00.000Z')
    expect('claimedAt' in toDetail(item({ status: 'accepted' }), [], [], actorOf('sT1'), directory, T0, flags)).toBe(false)
  })
})

describe('a card\'s excerpt of the content', () => {
  test('the first 60 characters with an ellipsis when longer, the whole text when 60 or fewer, spaces collapsed', () => {
    const sixty = '路'.repeat(59) + '灯'
    expect(toCard(item({ content: sixty }), directory, T0).excerpt).toBe(sixty)
    expect(toCard(item({ content: sixty + '坏' }), directory, T0).excerpt).toBe(sixty + '…')
    expect(toCard(item({ content: '  路灯\n\n  坏了  ' }), directory, T0).excerpt).toBe('路灯 坏了')
  })
})

describe('a hand-off in the detail', () => {
  test('carries staff\'s note when there is one, and no note field otherwise', () => {
    const flags = { following: false, seconded: false }
    const handOff = { target: { kind: 'member' as const, memberId: 'm1' }, deadline: '2026-03-15T00:00:00.000Z', at: T0, byId: 'sAll', rung: 'member' as const }
    expect(toDetail(item({ status: 'assigned', handOff: { ...handOff, note: '请一周内答复' } }), [], [], actorOf('sT1'), directory, T0, flags).handOff?.note).toBe('请一周内答复')
    expect('note' in toDetail(item({ status: 'assigned', handOff }), [], [], actorOf('sT1'), directory, T0, flags).handOff!).toBe(false)
  })
})
