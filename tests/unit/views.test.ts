import { isPrivatePerson, personRef, primaryRole, tallyOf, toCard, toDetail, toPublicCard, toRecordedCard } from '../../src/domain/views'
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

describe('a whole detail, field by field', () => {
  const NOW = '2026-03-20T00:00:00.000Z'
  const flags = { following: true, seconded: false, olderTimelineCursor: 'e0', olderCommentsCursor: null }
  // Consulted, concluded with a plan, handed to a department with a note, answered by staff on its behalf.
  const answered = item({
    status: 'replied', content: '医院门口设置孝心停车位', images: ['a.jpg', 'b.jpg'], contactable: true, suggestedHandlerId: 'm1', chaseCount: 2,
    mergedFromIds: ['i0'], secondCount: 4, commentCount: 2, updatedAt: '2026-03-12T00:00:00.000Z',
    tally: { for: 2, neutral: 0, against: 1 },
    consultation: {
      openedAt: '2026-03-02T00:00:00.000Z', deadline: '2026-03-05T00:00:00.000Z', invitedMemberIds: ['m2', 'c2'], concludedAt: '2026-03-06T00:00:00.000Z',
      plan: { actions: '增设车位', responsibleUnit: '住建局', deadline: '2026-04-01T00:00:00.000Z', tally: { for: 2, neutral: 0, against: 1 } },
    },
    handOff: { target: { kind: 'department', departmentId: 'd1' }, deadline: '2026-03-15T00:00:00.000Z', at: '2026-03-06T00:00:00.000Z', byId: 'sT1', rung: 'sectorGroup', rungAt: '2026-03-06T00:00:00.000Z', note: '请答复' },
    reply: { text: '已划设车位', outcome: 'adopted', at: '2026-03-12T00:00:00.000Z', byId: 'sT1', departmentId: 'd1' },
  })
  const events = [
    { _id: 'e1', suggestionId: 'i1', command: 'submit', actorId: 'c1', actorRole: 'citizen' as const, from: null, to: 'submitted' as const, at: T0, payload: { channel: 'online' } },
    { _id: 'e2', suggestionId: 'i1', command: 'escalate', actorId: 'system', actorRole: 'system' as const, from: 'assigned' as const, to: 'assigned' as const, at: T0, payload: { rung: 'staffAlert' } },
  ]
  const comments = [
    { _id: 'cm1', suggestionId: 'i1', authorId: 'm2', authorRole: 'member' as const, text: '赞成', stance: 'for' as const, at: T0 },
    { _id: 'cm2', suggestionId: 'i1', authorId: 'c2', authorRole: 'citizen' as const, text: '同意楼上', replyToId: 'cm1', at: T0 },
  ]
  const card = {
    id: 'i1', title: '孝心停车位', excerpt: '医院门口设置孝心停车位', category: 'traffic', townId: 't1', townName: '当湖街道', villageId: 'v1', villageName: '东湖社区',
    status: 'replied', createdAt: T0, updatedAt: '2026-03-12T00:00:00.000Z', overdue: false, outcome: 'adopted', secondCount: 4, commentCount: 2, imageCount: 2,
  }
  test('as staff of its town see it: every person with a phone, the department\'s name, who was told', () => {
    const d = toDetail(answered, events, comments, actorOf('sT1'), directory, NOW, flags)
    const { actions, ...rest } = d
    expect(rest).toStrictEqual({
      ...card,
      content: '医院门口设置孝心停车位', images: ['a.jpg', 'b.jpg'], anonymous: false, channel: 'online',
      author: { id: 'c1', name: 'name-c1', role: 'citizen', phone: people.c1.phone }, mine: false,
      reopenCount: 0, chaseCount: 2, mergedFromIds: ['i0'],
      timeline: [
        { id: 'e1', command: 'submit', actor: { id: 'c1', name: 'name-c1', role: 'citizen', phone: people.c1.phone }, from: null, to: 'submitted', at: T0, payload: { channel: 'online' } },
        { id: 'e2', command: 'escalate', actor: { id: null, name: '系统' }, from: 'assigned', to: 'assigned', at: T0, payload: { rung: 'staffAlert' } },
      ],
      olderTimelineCursor: 'e0',
      comments: [
        { id: 'cm1', author: { id: 'm2', name: 'name-m2', role: 'member', phone: people.m2.phone }, text: '赞成', at: T0, mine: false, stance: 'for' },
        { id: 'cm2', author: { id: 'c2', name: 'name-c2', role: 'citizen', phone: people.c2.phone }, text: '同意楼上', at: T0, mine: false, replyToId: 'cm1' },
      ],
      olderCommentsCursor: null,
      following: true, seconded: false,
      suggestedHandler: { id: 'm1', name: 'name-m1', role: 'member', phone: people.m1.phone },
      consultation: {
        openedAt: '2026-03-02T00:00:00.000Z', deadline: '2026-03-05T00:00:00.000Z',
        invited: [{ id: 'm2', name: 'name-m2', role: 'member', phone: people.m2.phone }, { id: 'c2', name: 'name-c2', role: 'citizen', phone: people.c2.phone }],
        tally: { for: 2, neutral: 0, against: 1 },
        plan: { actions: '增设车位', responsibleUnit: '住建局', deadline: '2026-04-01T00:00:00.000Z', tally: { for: 2, neutral: 0, against: 1 } },
        concludedAt: '2026-03-06T00:00:00.000Z',
      },
      handOff: { targetKind: 'department', targetId: 'd1', targetName: '市住建局', deadline: '2026-03-15T00:00:00.000Z', at: '2026-03-06T00:00:00.000Z', rung: 'sectorGroup', note: '请答复' },
      reply: { text: '已划设车位', outcome: 'adopted', at: '2026-03-12T00:00:00.000Z', by: { id: 'sT1', name: 'name-sT1', role: 'staff', phone: people.sT1.phone }, department: { id: 'd1', name: '市住建局' } },
    })
    expect(actions).toContain('close')
    expect(actions).not.toContain('comment')
  })
  test('as a citizen sees it: members by name, other citizens hidden, no phone, no cursor given means none', () => {
    const d = toDetail(answered, events, comments, actorOf('c2'), directory, NOW, { following: false, seconded: true })
    expect([d.author, d.olderTimelineCursor, d.olderCommentsCursor, d.seconded, d.following, d.authorPhone]).toStrictEqual([{ id: null, name: '群众', role: 'citizen' }, null, null, true, false, undefined])
    expect(d.comments).toStrictEqual([
      { id: 'cm1', author: { id: 'm2', name: 'name-m2', role: 'member' }, text: '赞成', at: T0, mine: false, stance: 'for' },
      { id: 'cm2', author: { id: 'c2', name: 'name-c2', role: 'citizen', phone: people.c2.phone }, text: '同意楼上', at: T0, mine: true, replyToId: 'cm1' },
    ])
    expect(d.consultation?.invited).toStrictEqual([{ id: 'm2', name: 'name-m2', role: 'member' }, { id: 'c2', name: 'name-c2', role: 'citizen', phone: people.c2.phone }])
    expect(d.timeline[0].actor).toStrictEqual({ id: null, name: '群众', role: 'citizen' })
  })
  test('as the department\'s handler sees it: told who proposed it, and the phone they agreed to give', () => {
    const reopened = { ...answered, status: 'claimed' as const, handlerId: 'd1h', reopenCount: 1 }
    const d = toDetail(reopened, [], [], actorOf('d1h'), directory, NOW, flags)
    expect([d.author, d.authorPhone, d.reply?.superseded, d.overdue, d.deadline]).toStrictEqual([{ id: 'c1', name: 'name-c1', role: 'citizen' }, people.c1.phone, true, true, '2026-03-15T00:00:00.000Z'])
    // Not contactable: no phone; anonymous: neither name nor phone.
    expect(toDetail({ ...reopened, contactable: false }, [], [], actorOf('d1h'), directory, NOW, flags).authorPhone).toBeUndefined()
    const anon = toDetail({ ...reopened, anonymous: true }, [], [], actorOf('d1h'), directory, NOW, flags)
    expect([anon.author, anon.authorPhone]).toStrictEqual([null, undefined])
    // Someone else's department handler is not told.
    const other = toDetail(reopened, [], [], actorOf('d2h'), directory, NOW, flags)
    expect([other.author, other.authorPhone]).toStrictEqual([{ id: null, name: '群众', role: 'citizen' }, undefined])
  })
  test('the village\'s bound member is told who proposed a recorded item, by the resident\'s name and phone', () => {
    const recorded = item({ status: 'accepted', contactable: true, channel: 'liaisonStation', recordedById: 'sT1', onBehalfOf: { name: '张阿姨', phone: '13900000099' }, pendingTakeover: { code: 'K7P2Q9' } })
    const d = toDetail(recorded, [], [], actorOf('m1'), directory, NOW, flags)
    expect([d.author, d.authorPhone, d.onBehalfOf, d.takeoverCode]).toStrictEqual([{ id: 'c1', name: '张阿姨', role: 'citizen' }, '13900000099', undefined, undefined])
    // The recorder sees whom it was recorded for and the code; once taken over, when.
    const mine = toDetail({ ...recorded, authorId: 'c2', takenOverAt: '2026-03-03T00:00:00.000Z' }, [], [], { ...actorOf('sT2'), personId: 'sT1' }, directory, NOW, flags)
    expect([mine.onBehalfOf, mine.takeoverCode, mine.takenOverAt]).toStrictEqual([{ name: '张阿姨', phone: '13900000099' }, 'K7P2Q9', '2026-03-03T00:00:00.000Z'])
  })
  test('a consultation without a tally shows zeros, and comments are offered until its deadline only', () => {
    const open = item({ status: 'consulting', consultation: { openedAt: T0, deadline: NOW, invitedMemberIds: [] } })
    const before = toDetail(open, [], [], actorOf('m2'), directory, '2026-03-19T23:59:59.000Z', flags)
    expect([before.consultation, before.actions.includes('comment')]).toStrictEqual([{ openedAt: T0, deadline: NOW, invited: [], tally: { for: 0, neutral: 0, against: 0 } }, true])
    expect(toDetail(open, [], [], actorOf('m2'), directory, NOW, flags).actions.includes('comment')).toBe(false)
  })
  test('a member\'s and a group\'s hand-off are named from the directory; an unknown group by an empty name', () => {
    const at = { deadline: '2026-03-15T00:00:00.000Z', at: T0, byId: 'sT1', rung: 'sectorGroup' as const }
    const toGroup = toDetail(item({ status: 'assigned', handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, ...at } }), [], [], actorOf('c2'), directory, T0, flags)
    expect(toGroup.handOff).toStrictEqual({ targetKind: 'sectorGroup', targetId: 'g1', targetName: '经济界活动组', deadline: '2026-03-15T00:00:00.000Z', at: T0, rung: 'sectorGroup' })
    const toMember = toDetail(item({ status: 'assigned', handOff: { target: { kind: 'member', memberId: 'm3' }, ...at, rung: 'member' } }), [], [], actorOf('c2'), directory, T0, flags)
    expect([toMember.handOff?.targetId, toMember.handOff?.targetName, toMember.deadline]).toStrictEqual(['m3', 'name-m3', '2026-03-15T00:00:00.000Z'])
    expect(toDetail(item({ status: 'assigned', handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g9' }, ...at } }), [], [], actorOf('c2'), directory, T0, flags).handOff?.targetName).toBe('')
    // A reply recorded for a department the directory no longer knows shows it with an empty name.
    const gone = item({ status: 'closed', reply: { text: '已复函', outcome: 'adopted', at: T0, byId: 'sT1', departmentId: 'd9' }, rating: { value: 'satisfied', at: T0 } })
    const g = toDetail(gone, [], [], actorOf('c2'), directory, T0, flags)
    expect([g.reply?.department, g.reply?.superseded, g.rating, g.outcome]).toStrictEqual([{ id: 'd9', name: '' }, undefined, { value: 'satisfied', at: T0 }, 'adopted'])
  })
})

describe('cards', () => {
  test('a recorded card shows the resident, the code while pending, and when it was taken over', () => {
    const recorded = item({ channel: 'liaisonStation', recordedById: 'sT1', onBehalfOf: { name: '张阿姨' }, pendingTakeover: { code: 'K7P2Q9' } })
    const c = toRecordedCard(recorded, directory, T0)
    expect([c.onBehalfOf, c.takeoverCode, c.takenOverAt, c.id]).toStrictEqual([{ name: '张阿姨' }, 'K7P2Q9', undefined, 'i1'])
    const taken = toRecordedCard({ ...recorded, pendingTakeover: undefined, takenOverAt: '2026-03-03T00:00:00.000Z' }, directory, T0)
    expect([taken.takeoverCode, taken.takenOverAt, 'takeoverCode' in taken]).toStrictEqual([undefined, '2026-03-03T00:00:00.000Z', false])
    expect(toRecordedCard(item(), directory, T0).onBehalfOf).toStrictEqual({ name: '' })
  })
  test('the public card: the reply\'s first 80 characters, when, and the rating when there is one', () => {
    const long = '答'.repeat(81)
    const card = toPublicCard({ ...replied, reply: { ...replied.reply!, text: long }, rating: { value: 'basicallySatisfied', at: T0 } }, directory, T0)
    expect([card.replyExcerpt, card.repliedAt, card.rating]).toStrictEqual(['答'.repeat(80) + '…', T0, 'basicallySatisfied'])
    expect('rating' in toPublicCard(replied, directory, T0)).toBe(false)
    expect(() => toPublicCard(item(), directory, T0)).toThrow('the public feed shows answered items only')
  })
  test('a card shows a deadline only while assigned or claimed, and an outcome only when replied or closed', () => {
    const handOff = { target: { kind: 'member' as const, memberId: 'm1' }, deadline: '2026-03-15T00:00:00.000Z', at: T0, byId: 'sT1', rung: 'member' as const }
    const reply = { text: '已答复', outcome: 'adopted' as const, at: T0, byId: 'm1' }
    expect(toCard(item({ status: 'replied', handOff, reply }), directory, T0)).toStrictEqual({
      id: 'i1', title: '孝心停车位', excerpt: '医院门口设置孝心停车位', category: 'traffic', townId: 't1', townName: '当湖街道', villageId: 'v1', villageName: '东湖社区',
      status: 'replied', createdAt: T0, updatedAt: T0, overdue: false, outcome: 'adopted', secondCount: 0, commentCount: 0, imageCount: 0,
    })
    expect(toCard(item({ status: 'claimed', handOff, reply, reopenCount: 0 }), directory, T0)).toMatchObject({ deadline: '2026-03-15T00:00:00.000Z' })
    expect('outcome' in toCard(item({ status: 'claimed', handOff, reply, reopenCount: 0 }), directory, T0)).toBe(false)
    expect('reopened' in toCard(item({ status: 'claimed', handOff, reopenCount: 0 }), directory, T0)).toBe(false)
    expect(toCard(item({ status: 'assigned', handOff, reopenCount: 1 }), directory, T0).reopened).toStrictEqual({})
    expect('reopened' in toCard(item({ status: 'closed', reopenCount: 1 }), directory, T0)).toBe(false)
    expect(toCard(item({ status: 'closed', reply }), directory, T0).outcome).toBe('adopted')
  })
})

describe('people', () => {
  test('a person\'s shown role: staff before member before department handler before admin', () => {
    expect([
      primaryRole({ roles: ['citizen', 'member', 'staff'] }), primaryRole({ roles: ['admin', 'departmentHandler', 'member'] }),
      primaryRole({ roles: ['admin', 'departmentHandler'] }), primaryRole({ roles: ['admin'] }), primaryRole({ roles: ['citizen', 'evaluator'] }),
    ]).toStrictEqual(['staff', 'member', 'departmentHandler', 'admin', 'citizen'])
    expect([isPrivatePerson({ roles: ['citizen'] }), isPrivatePerson({ roles: ['citizen', 'evaluator'] }), isPrivatePerson({ roles: ['admin'] }), isPrivatePerson({ roles: ['departmentHandler'] })])
      .toStrictEqual([true, true, false, false])
  })
  test('someone seen as themselves: with their phone when they have one; someone gone from the directory as 群众', () => {
    expect(personRef('c1', actorOf('c1'), item(), directory)).toStrictEqual({ id: 'c1', name: 'name-c1', role: 'citizen', phone: people.c1.phone })
    const noPhone = { ...directory, person: (id: string) => (id === 'c1' ? { ...people.c1, phone: undefined } : people[id]) }
    expect(personRef('c1', actorOf('c1'), item(), noPhone)).toStrictEqual({ id: 'c1', name: 'name-c1', role: 'citizen' })
    expect(personRef('c1', actorOf('sT1'), item(), noPhone)).toStrictEqual({ id: 'c1', name: 'name-c1', role: 'citizen' })
    expect(personRef('zz', actorOf('sT1'), item(), directory)).toStrictEqual({ id: null, name: '群众', role: 'citizen' })
    // Without an item, any staff see people as staff do; a citizen sees another as 群众.
    expect(personRef('c1', actorOf('sT2'), null, directory)).toStrictEqual({ id: 'c1', name: 'name-c1', role: 'citizen', phone: people.c1.phone })
    expect(personRef('c1', actorOf('c2'), null, directory)).toStrictEqual({ id: null, name: '群众', role: 'citizen' })
    // An anonymous item's author seen by themselves is themselves; a stored person with no id is nobody's self.
    expect(personRef('c1', actorOf('c1'), item({ anonymous: true }), directory).id).toBe('c1')
    expect(personRef('c1', { ...actorOf('c2'), personId: null }, item({ anonymous: true }), directory).name).toBe('匿名群众')
  })
  test('the tally takes a later stance over an earlier one whatever their order in the list, and the same time as latest', () => {
    expect(tallyOf([
      { authorId: 'a', stance: 'against', at: '2026-03-01T03:00:00.000Z' }, { authorId: 'a', stance: 'for', at: '2026-03-01T01:00:00.000Z' },
    ])).toStrictEqual({ for: 0, neutral: 0, against: 1 })
    expect(tallyOf([
      { authorId: 'a', stance: 'for', at: '2026-03-01T01:00:00.000Z' }, { authorId: 'a', stance: 'neutral', at: '2026-03-01T01:00:00.000Z' },
    ])).toStrictEqual({ for: 0, neutral: 1, against: 0 })
  })
})

describe('who handles an item is told who proposed it', () => {
  const flags = { following: false, seconded: false }
  const toGroup = { target: { kind: 'sectorGroup' as const, sectorGroupId: 'g1' }, deadline: '2026-03-15T00:00:00.000Z', at: T0, byId: 'sT1', rung: 'sectorGroup' as const }
  const noPhone = { ...directory, person: (id: string) => (id === 'c1' ? { ...people.c1, phone: undefined } : people[id]) }
  test('the member it is handed to, before claiming it', () => {
    const d = toDetail(item({ status: 'assigned', contactable: true, handOff: { ...toGroup, target: { kind: 'member', memberId: 'm3' }, rung: 'member' } }), [], [], actorOf('m3'), directory, T0, flags)
    expect([d.author, d.authorPhone]).toStrictEqual([{ id: 'c1', name: 'name-c1', role: 'citizen' }, people.c1.phone])
  })
  test('its handler, though no longer a member of the group it was handed to; the detail names the handler', () => {
    const d = toDetail(item({ status: 'claimed', handOff: toGroup, handlerId: 'xm' }), [], [], actorOf('xm'), directory, T0, flags)
    expect([d.author, d.handler]).toStrictEqual([{ id: 'c1', name: 'name-c1', role: 'citizen' }, { id: 'xm', name: 'name-xm', role: 'citizen', phone: people.xm.phone }])
  })
  test('a member who proposed it is shown as the member they are; a proposer gone from the directory stays 群众; no phone when they left none', () => {
    const byMember = toDetail(item({ status: 'claimed', authorId: 'm2', handOff: toGroup, handlerId: 'm1' }), [], [], actorOf('m1'), directory, T0, flags)
    expect(byMember.author).toStrictEqual({ id: 'm2', name: 'name-m2', role: 'member' })
    const gone = toDetail(item({ status: 'claimed', authorId: 'zz', contactable: true, handOff: toGroup, handlerId: 'm1' }), [], [], actorOf('m1'), directory, T0, flags)
    expect([gone.author, 'authorPhone' in gone]).toStrictEqual([{ id: null, name: '群众', role: 'citizen' }, false])
    const silent = toDetail(item({ status: 'claimed', contactable: true, handOff: toGroup, handlerId: 'm1' }), [], [], actorOf('m1'), noPhone, T0, flags)
    expect([silent.author, 'authorPhone' in silent]).toStrictEqual([{ id: 'c1', name: 'name-c1', role: 'citizen' }, false])
  })
  test('a concluded consultation takes no more comments even before its deadline', () => {
    const consultation = { openedAt: T0, deadline: '2026-12-31T00:00:00.000Z', invitedMemberIds: [] }
    expect(toDetail(item({ status: 'accepted' }), [], [], actorOf('c2'), directory, T0, flags).actions).toContain('comment')
    expect(toDetail(item({ status: 'accepted', consultation }), [], [], actorOf('c2'), directory, T0, flags).actions).toContain('comment')
    expect(toDetail(item({ status: 'accepted', consultation: { ...consultation, concludedAt: T0 } }), [], [], actorOf('c2'), directory, T0, flags).actions).not.toContain('comment')
  })
  test('a recorded card before it is taken over has no taken-over time', () => {
    expect('takenOverAt' in toRecordedCard(item({ onBehalfOf: { name: '张阿姨' }, pendingTakeover: { code: 'K7P2Q9' } }), directory, T0)).toBe(false)
  })
})
