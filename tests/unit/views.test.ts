import { personRef, toDetail, toPublicCard } from '../../src/domain/views'
import { actorOf, directory, item, people, T0 } from './fixtures'

const replied = item({ status: 'replied', handlerId: 'm1', reply: { text: '已在医院门口划设孝心停车位', outcome: 'adopted', at: T0, byId: 'm1' } })

describe('what a viewer sees of people', () => {
  test('a phone number reaches staff only', () => {
    expect(personRef('m1', actorOf('sAll'), replied, directory).phone).toBe(people.m1.phone)
    expect(personRef('m1', actorOf('c2'), replied, directory).phone).toBeUndefined()
    expect(personRef('c1', actorOf('m2'), replied, directory).phone).toBeUndefined()
  })
  test('a citizen sees another citizen as 群众, with no id', () => {
    expect(personRef('c1', actorOf('c2'), replied, directory)).toEqual({ id: null, name: '群众', role: 'citizen' })
  })
  test('members are public figures: shown by name', () => {
    expect(personRef('m1', actorOf('c2'), replied, directory)).toEqual({ id: 'm1', name: 'name-m1', role: 'member' })
  })
  test('an anonymous author is hidden from members, shown to staff and to the author', () => {
    const anon = item({ anonymous: true })
    expect(toDetail(anon, [], [], actorOf('m1'), directory, T0, { following: false, seconded: false }).author).toBeNull()
    expect(toDetail(anon, [], [], actorOf('sT1'), directory, T0, { following: false, seconded: false }).author?.name).toBe('name-c1')
    expect(toDetail(anon, [], [], actorOf('c1'), directory, T0, { following: false, seconded: false }).author?.id).toBe('c1')
  })
  test('the public feed card carries no author at all', () => {
    const json = JSON.stringify(toPublicCard(replied, directory, T0))
    expect(json).not.toContain('c1')
    expect(json).not.toContain('author')
  })
})
