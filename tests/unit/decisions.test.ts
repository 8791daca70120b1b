// What each command decides, case by case, written out by hand: the item's new state, the timeline event, and who is
// told what (by recipient and template). A decider that drops a notification or keeps a stale field fails here.
// The same commands run through the local CloudBase in tests/functions/delivered.test.ts, which checks the messages as
// delivered (recipient, template, every field).
import type { Suggestion } from '../../src/domain/types'
import { decide, decideSubmit, isDomainError, type Decision, type Facts } from '../../src/domain/commands'
import type { Command } from '../../src/domain/transitions'
import { RULES, actorOf, item, villages } from './fixtures'

const NOW = '2026-03-10T02:00:00.000Z'
const HANDED_AT = '2026-03-01T00:00:00.000Z'
const DEADLINE = '2026-03-15T00:00:00.000Z'
const LATER = '2026-03-20T00:00:00.000Z'

const toM1 = { target: { kind: 'member' as const, memberId: 'm1' }, deadline: DEADLINE, at: HANDED_AT, byId: 'sAll', rung: 'member' as const, rungAt: HANDED_AT }
const accepted = item({ status: 'accepted', suggestedHandlerId: 'm1', version: 2 })
const assigned = item({ status: 'assigned', handOff: toM1, version: 3 })
const claimed = item({ status: 'claimed', handOff: toM1, handlerId: 'm1', claimedAt: '2026-03-02T00:00:00.000Z', version: 4 })
const replied = item({ status: 'replied', handOff: toM1, handlerId: 'm1', claimedAt: '2026-03-02T00:00:00.000Z', reply: { text: '已划设车位', outcome: 'adopted', at: '2026-03-03T00:00:00.000Z', byId: 'm1' }, version: 5 })

function run(command: Exclude<Command, 'submit'>, it: Suggestion, input: Record<string, unknown>, who: string, facts: Facts = {}, now = NOW): Decision {
  const d = decide(command, it, { id: it._id, ...input } as never, actorOf(who), now, RULES, facts)
  if (isDomainError(d)) throw new Error(`expected ${command} to succeed, got ${d.code}: ${d.message}`)
  return d
}
const refusal = (command: Exclude<Command, 'submit'>, it: Suggestion, input: Record<string, unknown>, who: string, facts: Facts = {}, now = NOW) => {
  const d = decide(command, it, { id: it._id, ...input } as never, actorOf(who), now, RULES, facts)
  return isDomainError(d) ? { code: d.code, field: d.field, message: d.message } : { ok: true }
}
/** Who is told what: kind, recipient, template. */
const told = (d: Decision) => d.notifications.map((n) => [n.kind, n.to, n.templateKey])
const event = (d: Decision) => { const { suggestionId, command, actorId, actorRole, from, to, at, payload } = d.event; return { suggestionId, command, actorId, actorRole, from, to, at, payload } }

describe('submit', () => {
  const input = { category: 'traffic' as const, townId: 't1', villageId: 'v1', title: '孝心停车位', content: '医院门口设置孝心停车位', images: [], anonymous: true }
  test('a citizen\'s suggestion is stored as submitted, with its first event and no one told', () => {
    const d = decideSubmit(input, actorOf('c1'), NOW, { newId: 'n1', village: villages.v1 })
    if (isDomainError(d)) throw new Error(d.code)
    expect(d.next).toStrictEqual({
      _id: 'n1', title: '孝心停车位', content: '医院门口设置孝心停车位', category: 'traffic', townId: 't1', villageId: 'v1', images: [],
      anonymous: true, channel: 'online', authorId: 'c1', status: 'submitted', createdAt: NOW, updatedAt: NOW, publishedAt: NOW,
      tally: { for: 0, neutral: 0, against: 0 }, reopenCount: 0, chaseCount: 0, secondCount: 0, commentCount: 0, mergedFromIds: [], version: 1,
    })
    expect(event(d)).toStrictEqual({ suggestionId: 'n1', command: 'submit', actorId: 'c1', actorRole: 'citizen', from: null, to: 'submitted', at: NOW, payload: { channel: 'online' } })
    expect(d.notifications).toStrictEqual([])
  })
  test('held for review when the content check asks for one, and not published', () => {
    const d = decideSubmit(input, actorOf('c1'), NOW, { newId: 'n1', village: villages.v1, contentReview: true })
    if (isDomainError(d)) throw new Error(d.code)
    expect([d.next.status, d.next.publishedAt, d.event.payload]).toStrictEqual(['pendingReview', undefined, { channel: 'online', review: true }])
  })
  test('staff of the town record for a resident at a liaison station; the recorder and the resident are kept', () => {
    const d = decideSubmit({ ...input, channel: 'liaisonStation', onBehalfOf: { name: '张阿姨', phone: '13900000000' } }, actorOf('sT1'), NOW, { newId: 'n1', village: villages.v1 })
    if (isDomainError(d)) throw new Error(d.code)
    expect([d.next.channel, d.next.recordedById, d.next.onBehalfOf, d.event.actorRole]).toStrictEqual(['liaisonStation', 'sT1', { name: '张阿姨', phone: '13900000000' }, 'citizen'])
  })
  test.each([
    ['a citizen recording for someone', 'c2', { channel: 'liaisonStation', onBehalfOf: { name: '张阿姨' } }, 'FORBIDDEN', 'onBehalfOf'],
    ['staff of another town recording', 'sT2', { channel: 'liaisonStation' }, 'FORBIDDEN', 'channel'],
    ['a village outside the town', 'c1', { townId: 't2' }, 'INVALID_INPUT', 'villageId'],
  ])('refused: %s', (_name, who, extra, code, field) => {
    const d = decideSubmit({ ...input, ...extra } as never, actorOf(who), NOW, { newId: 'n1', village: villages.v1 })
    expect(isDomainError(d) && [d.code, d.field]).toStrictEqual([code, field])
  })
  test('a participant of an activity raises their own suggestion there, not recorded for anyone; for someone else only staff record', () => {
    const activity = { id: 'a1', origin: 'raisedAtActivity' as const, participant: true }
    const own = decideSubmit({ ...input, channel: 'consultationActivity' }, actorOf('c1'), NOW, { newId: 'n1', village: villages.v1, activity })
    if (isDomainError(own)) throw new Error(own.code)
    expect([own.next.channel, own.next.authorId, own.next.recordedById, own.next.activityId, own.next.origin]).toStrictEqual(['consultationActivity', 'c1', undefined, 'a1', 'raisedAtActivity'])
    expect(own.event.payload).toStrictEqual({ channel: 'consultationActivity', activityId: 'a1' })
    const forSomeone = decideSubmit({ ...input, channel: 'consultationActivity', onBehalfOf: { name: '张阿姨' } }, actorOf('c1'), NOW, { newId: 'n1', village: villages.v1, activity })
    expect(isDomainError(forSomeone) && [forSomeone.code, forSomeone.field]).toStrictEqual(['FORBIDDEN', 'onBehalfOf'])
    const notThere = decideSubmit({ ...input, channel: 'consultationActivity' }, actorOf('c1'), NOW, { newId: 'n1', village: villages.v1, activity: { ...activity, participant: false } })
    expect(isDomainError(notThere) && [notThere.code, notThere.field]).toStrictEqual(['FORBIDDEN', 'channel'])
  })
})

describe('triage', () => {
  test('approve: a held item becomes submitted, published from now on, and its author is told', () => {
    const d = run('approve', item({ status: 'pendingReview', publishedAt: undefined }), {}, 'sT1')
    expect(d.next).toStrictEqual(item({ status: 'submitted', publishedAt: NOW, updatedAt: NOW, version: 2 }))
    expect(event(d)).toStrictEqual({ suggestionId: 'i1', command: 'approve', actorId: 'sT1', actorRole: 'staff', from: 'pendingReview', to: 'submitted', at: NOW, payload: {} })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
    expect(d.notifications[0].data).toStrictEqual({ title: '孝心停车位', status: '已提交', time: NOW, note: '' })
  })
  test('reject: ended with the reason, which the author is told', () => {
    const d = run('reject', item(), { reason: '不属于政协职责' }, 'adm')
    expect(d.next).toStrictEqual(item({ status: 'rejected', closedAt: NOW, updatedAt: NOW, version: 2 }))
    expect(event(d)).toMatchObject({ actorRole: 'admin', from: 'submitted', to: 'rejected', payload: { reason: '不属于政协职责' } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
    expect(d.notifications[0].data).toStrictEqual({ title: '孝心停车位', status: '不予受理', time: NOW, note: '不属于政协职责' })
  })
  test('accept: the bound member of the village is proposed as handler; the time is kept for the figures', () => {
    const d = run('accept', item(), {}, 'sAll', { village: villages.v1 })
    expect(d.next).toStrictEqual(item({ status: 'accepted', suggestedHandlerId: 'm1', acceptedAt: NOW, updatedAt: NOW, version: 2 }))
    expect(event(d)).toMatchObject({ actorRole: 'staff', from: 'submitted', to: 'accepted', payload: { suggestedHandlerId: 'm1' } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
  })
  test('accept in a village with no bound member proposes nobody', () => {
    const d = run('accept', item({ villageId: 'v2' }), {}, 'sAll', { village: villages.v2 })
    expect([d.next.suggestedHandlerId, d.event.payload]).toStrictEqual([undefined, {}])
  })
  test('merge: the item ends merged into the target, which gains the link back; the author is told the target\'s title', () => {
    const target = item({ _id: 'i2', title: '医院停车难', status: 'accepted', mergedFromIds: ['i0'], version: 7 })
    const d = run('merge', item(), { intoId: 'i2', reason: '重复' }, 'sT1', { mergeTarget: target })
    expect(d.next).toStrictEqual(item({ status: 'merged', mergedIntoId: 'i2', closedAt: NOW, updatedAt: NOW, version: 2 }))
    expect(d.mergeTarget).toStrictEqual({ ...target, mergedFromIds: ['i0', 'i1'], updatedAt: NOW, version: 8 })
    expect(event(d)).toMatchObject({ from: 'submitted', to: 'merged', payload: { intoId: 'i2', intoTitle: '医院停车难', reason: '重复' } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
    expect(d.notifications[0].data.note).toBe('医院停车难')
  })
  test.each([
    ['closed', 'BAD_TRANSITION'], ['rejected', 'BAD_TRANSITION'], ['merged', 'BAD_TRANSITION'], ['withdrawn', 'BAD_TRANSITION'],
  ] as const)('merge into a %s item is refused (%s, naming intoId)', (status, code) => {
    const target = item({ _id: 'i2', status })
    expect(refusal('merge', item(), { intoId: 'i2' }, 'sT1', { mergeTarget: target })).toStrictEqual({ code, field: 'intoId', message: '合并目标已结束' })
  })
  test('merge into itself or into nothing is refused', () => {
    expect(refusal('merge', item(), { intoId: 'i1' }, 'sT1', { mergeTarget: item() })).toMatchObject({ code: 'INVALID_INPUT', field: 'intoId' })
    expect(refusal('merge', item(), { intoId: 'zz' }, 'sT1', { mergeTarget: null })).toMatchObject({ code: 'NOT_FOUND', field: 'intoId' })
  })
  test('withdraw: the author ends it; nobody is told', () => {
    const d = run('withdraw', accepted, { reason: '已自行解决' }, 'c1')
    expect(d.next).toStrictEqual({ ...accepted, status: 'withdrawn', closedAt: NOW, updatedAt: NOW, version: 3 })
    expect(event(d)).toMatchObject({ actorId: 'c1', actorRole: 'citizen', from: 'accepted', to: 'withdrawn', payload: { reason: '已自行解决' } })
    expect(d.notifications).toStrictEqual([])
  })
  test.each(['sT1', 'sAll', 'adm', 'c2'])('withdraw by %s is FORBIDDEN', (who) => {
    expect(refusal('withdraw', item(), {}, who)).toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('consultation', () => {
  test('open: the author and each invited member (once) are told', () => {
    const d = run('openConsultation', accepted, { deadline: LATER, invitedMemberIds: ['m2', 'm3', 'm2'] }, 'sT1')
    expect(d.next).toStrictEqual({ ...accepted, status: 'consulting', consultation: { openedAt: NOW, deadline: LATER, invitedMemberIds: ['m2', 'm3'] }, updatedAt: NOW, version: 3 })
    expect(event(d)).toMatchObject({ from: 'accepted', to: 'consulting', payload: { deadline: LATER, invitedMemberIds: ['m2', 'm3'] } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged'], ['subscribe', 'm2', 'statusChanged'], ['subscribe', 'm3', 'statusChanged']])
  })
  test('open with a deadline already past is refused naming the deadline', () => {
    expect(refusal('openConsultation', accepted, { deadline: HANDED_AT, invitedMemberIds: [] }, 'sT1')).toMatchObject({ code: 'INVALID_INPUT', field: 'deadline' })
  })
  const consulting = { ...accepted, status: 'consulting' as const, consultation: { openedAt: HANDED_AT, deadline: DEADLINE, invitedMemberIds: ['m2'] }, tally: { for: 3, neutral: 1, against: 2 } }
  test('after its deadline the consultation takes no comment, and says when it ended (Beijing time)', () => {
    // DEADLINE is 08:00 on 15 March in Beijing; LATER is after it.
    expect(refusal('comment', consulting, { text: '晚了' }, 'm2', { commentId: 'cm9', previousStance: null }, LATER))
      .toMatchObject({ code: 'BAD_TRANSITION', field: 'id', message: expect.stringContaining('2026-03-15 08:00') })
  })
  test('a comment decided without its new id or without a stored person is a bug of the caller, not a refusal', () => {
    expect(() => decide('comment', consulting, { id: consulting._id, text: '赞成' } as never, actorOf('m2'), NOW, RULES, { previousStance: null })).toThrow('comment needs commentId and a stored person')
    expect(() => decide('comment', consulting, { id: consulting._id, text: '赞成' } as never, { ...actorOf('m2'), personId: null }, NOW, RULES, { commentId: 'cm1', previousStance: null })).toThrow('comment needs commentId and a stored person')
  })
  test('a comment with a first stance counts one vote on the item, stores the comment and the stance, tells nobody', () => {
    const d = run('comment', consulting, { text: '赞成增设', stance: 'for' }, 'm2', { commentId: 'cm1', previousStance: null })
    expect(d.next).toStrictEqual({ ...consulting, commentCount: 1, tally: { for: 4, neutral: 1, against: 2 }, updatedAt: NOW, version: 3 })
    expect(d.stance).toStrictEqual({ suggestionId: 'i1', personId: 'm2', stance: 'for', at: NOW })
    expect(d.comment).toStrictEqual({ suggestionId: 'i1', authorId: 'm2', authorRole: 'member', text: '赞成增设', stance: 'for', at: NOW })
    expect(event(d)).toMatchObject({ command: 'comment', actorRole: 'member', from: 'consulting', to: 'consulting', payload: { commentId: 'cm1', stance: 'for' } })
    expect(d.notifications).toStrictEqual([])
  })
  test('a changed stance moves that person\'s one vote; the same stance again changes nothing; no stance leaves the tally', () => {
    expect(run('comment', consulting, { text: '改为反对', stance: 'against' }, 'm2', { commentId: 'cm1', previousStance: 'for' }).next.tally).toStrictEqual({ for: 2, neutral: 1, against: 3 })
    expect(run('comment', consulting, { text: '仍然赞成', stance: 'for' }, 'm2', { commentId: 'cm1', previousStance: 'for' }).next.tally).toStrictEqual({ for: 3, neutral: 1, against: 2 })
    const plain = run('comment', consulting, { text: '补充一点' }, 'm2', { commentId: 'cm1', previousStance: 'for' })
    expect([plain.next.tally, plain.stance]).toStrictEqual([{ for: 3, neutral: 1, against: 2 }, undefined])
  })
  test('a reply to a comment that is not on this item is NOT_FOUND naming replyToId', () => {
    expect(refusal('comment', consulting, { text: '同意', replyToId: 'cmX' }, 'c2', { commentId: 'cm2', replyToExists: false })).toMatchObject({ code: 'NOT_FOUND', field: 'replyToId' })
  })
  test('a second counts once; a second second is a CONFLICT', () => {
    const d = run('second', consulting, {}, 'c2', { alreadySeconded: false })
    expect([d.next.secondCount, d.second]).toStrictEqual([1, { suggestionId: 'i1', personId: 'c2', at: NOW }])
    expect(refusal('second', consulting, {}, 'c2', { alreadySeconded: true })).toMatchObject({ code: 'CONFLICT', field: 'id' })
  })
  test('conclude without a hand-off: back to accepted with the plan and the item\'s tally', () => {
    const plan = { actions: '增设车位', responsibleUnit: '住建局', deadline: LATER }
    const d = run('concludeConsultation', consulting, { plan }, 'sT1')
    const agreed = { ...plan, tally: { for: 3, neutral: 1, against: 2 } }
    expect(d.next).toStrictEqual({ ...consulting, status: 'accepted', consultation: { ...consulting.consultation, plan: agreed, concludedAt: NOW }, updatedAt: NOW, version: 3 })
    expect(event(d)).toMatchObject({ from: 'consulting', to: 'accepted', payload: { plan: agreed } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
  })
  test('conclude with a hand-off to a group: assigned, the author and the group are told', () => {
    const plan = { actions: '增设车位', responsibleUnit: '住建局', deadline: LATER }
    const d = run('concludeConsultation', { ...consulting, tally: { for: 1, neutral: 0, against: 0 } }, { plan, handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, deadline: LATER, note: '请认领' } }, 'sT1',
      { targetName: '经济界活动组' })
    expect(d.next.status).toBe('assigned')
    expect(d.next.handOff).toStrictEqual({ target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, deadline: LATER, at: NOW, byId: 'sT1', note: '请认领', rung: 'sectorGroup', rungAt: NOW })
    expect(d.event.payload).toStrictEqual({ plan: { ...plan, tally: { for: 1, neutral: 0, against: 0 } }, handOff: { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, targetName: '经济界活动组', deadline: LATER } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged'], ['robot', 'sectorGroup:g1', 'handedOff']])
    expect(d.notifications[0].data).toMatchObject({ status: '已交办', note: '经济界活动组' })
  })
})

describe('hand-off and claim', () => {
  test('hand-off to a member: assigned on the member rung, the author hears 已交办, the member is told with the deadline', () => {
    const d = run('handOff', accepted, { target: { kind: 'member', memberId: 'm1' }, deadline: LATER, note: '尽快' }, 'sT1', { targetName: 'name-m1' })
    expect(d.next).toStrictEqual({ ...accepted, status: 'assigned', handOff: { target: { kind: 'member', memberId: 'm1' }, deadline: LATER, at: NOW, byId: 'sT1', note: '尽快', rung: 'member', rungAt: NOW }, updatedAt: NOW, version: 3 })
    expect(event(d)).toMatchObject({ from: 'accepted', to: 'assigned', payload: { target: { kind: 'member', memberId: 'm1' }, targetName: 'name-m1', deadline: LATER, note: '尽快' } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged'], ['subscribe', 'm1', 'handedOff']])
    expect(d.notifications[0].data).toMatchObject({ title: '孝心停车位', status: '已交办', note: 'name-m1' })
    expect(d.notifications[1].data).toStrictEqual({ title: '孝心停车位', deadline: LATER, time: NOW, note: '尽快' })
  })
  test('hand-off to a department: the author and its work group are told', () => {
    const d = run('handOff', accepted, { target: { kind: 'department', departmentId: 'd1' }, deadline: LATER }, 'sT1', { targetName: '市住建局' })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged'], ['robot', 'department:d1', 'handedOff']])
  })
  test('hand-off to someone who does not exist is NOT_FOUND naming target', () => {
    expect(refusal('handOff', accepted, { target: { kind: 'member', memberId: 'zz' }, deadline: LATER }, 'sT1', {})).toMatchObject({ code: 'NOT_FOUND', field: 'target' })
  })
  test('claim: the member becomes handler and the author is told', () => {
    const d = run('claim', assigned, {}, 'm1')
    expect(d.next).toStrictEqual({ ...assigned, status: 'claimed', handlerId: 'm1', claimedAt: NOW, updatedAt: NOW, version: 4 })
    expect(event(d)).toStrictEqual({ suggestionId: 'i1', command: 'claim', actorId: 'm1', actorRole: 'member', from: 'assigned', to: 'claimed', at: NOW, payload: {} })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
    expect(d.notifications[0].data).toStrictEqual({ title: '孝心停车位', status: '办理中', time: NOW, note: '' })
  })
  test('a second claim on a claimed item is a CONFLICT, not a mistake', () => {
    expect(refusal('claim', { ...claimed, handOff: { ...toM1, target: { kind: 'sectorGroup', sectorGroupId: 'g1' } } }, {}, 'm2')).toMatchObject({ code: 'CONFLICT' })
  })
  test('return: back to accepted without hand-off or handler; staff of the town are alerted with the reason', () => {
    const d = run('returnItem', claimed, { reason: '不在本村' }, 'm1')
    const { handOff: _h, handlerId: _id, claimedAt: _c, ...rest } = claimed
    expect(d.next).toStrictEqual({ ...rest, status: 'accepted', updatedAt: NOW, version: 5 })
    expect(event(d)).toMatchObject({ actorRole: 'member', from: 'claimed', to: 'accepted', payload: { reason: '不在本村' } })
    expect(told(d)).toStrictEqual([['robot', 'staff:t1', 'staffAlert']])
    expect(d.notifications[0].data.note).toBe('不在本村')
  })
  test('reassign: a claimed item goes to the new target unclaimed', () => {
    const d = run('reassign', claimed, { target: { kind: 'member', memberId: 'm3' }, deadline: LATER }, 'sAll', { targetName: 'name-m3' })
    expect([d.next.status, d.next.handlerId, d.next.claimedAt, d.next.handOff?.target]).toStrictEqual(['assigned', undefined, undefined, { kind: 'member', memberId: 'm3' }])
    expect(told(d)).toStrictEqual([['subscribe', 'm3', 'handedOff']])
  })
})

describe('handling, reply, rating', () => {
  test('progress: the author is told the note; the status stays', () => {
    const d = run('progress', claimed, { note: '已联系交警', images: ['a.jpg'] }, 'm1')
    expect(d.next).toStrictEqual({ ...claimed, updatedAt: NOW, version: 5 })
    expect(event(d)).toMatchObject({ from: 'claimed', to: 'claimed', payload: { note: '已联系交警', images: ['a.jpg'] } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
    expect(d.notifications[0].data.note).toBe('已联系交警')
  })
  test('reply: replied with the outcome; the author gets the reply template with the outcome\'s label', () => {
    const d = run('reply', claimed, { text: '已划设车位', outcome: 'partlyAdopted' }, 'm1')
    expect(d.next).toStrictEqual({ ...claimed, status: 'replied', reply: { text: '已划设车位', outcome: 'partlyAdopted', at: NOW, byId: 'm1' }, updatedAt: NOW, version: 5 })
    expect(event(d)).toMatchObject({ from: 'claimed', to: 'replied', payload: { text: '已划设车位', outcome: 'partlyAdopted' } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'replied']])
    expect(d.notifications[0].data).toStrictEqual({ title: '孝心停车位', outcome: '部分采纳', time: NOW, note: '已划设车位' })
  })
  test('recordReply: staff of the town record a department\'s written reply; it is marked as the department\'s, the author is told', () => {
    const toD1 = { ...assigned, handOff: { ...toM1, target: { kind: 'department' as const, departmentId: 'd1' }, rung: 'sectorGroup' as const } }
    const d = run('recordReply', toD1, { text: '已复函', outcome: 'forReference' }, 'sT1', { targetName: '市住建局' })
    expect(d.next).toStrictEqual({ ...toD1, status: 'replied', reply: { text: '已复函', outcome: 'forReference', at: NOW, byId: 'sT1', departmentId: 'd1' }, updatedAt: NOW, version: 4 })
    expect(event(d)).toMatchObject({ actorRole: 'staff', from: 'assigned', to: 'replied', payload: { text: '已复函', outcome: 'forReference', onBehalfOfDepartment: { id: 'd1', name: '市住建局' } } })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'replied']])
  })
  test('a department handler claims an item handed to the department, acting as 部门办理人', () => {
    const toD1 = { ...assigned, handOff: { ...toM1, target: { kind: 'department' as const, departmentId: 'd1' }, rung: 'sectorGroup' as const } }
    const d = run('claim', toD1, {}, 'd1h')
    expect([d.next.status, d.next.handlerId, d.event.actorRole]).toStrictEqual(['claimed', 'd1h', 'departmentHandler'])
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
    expect(refusal('claim', toD1, {}, 'd2h')).toMatchObject({ code: 'FORBIDDEN' })
  })
  test('rate satisfied: closed, nobody told', () => {
    const d = run('rate', replied, { value: 'satisfied' }, 'c1')
    expect(d.next).toStrictEqual({ ...replied, status: 'closed', rating: { value: 'satisfied', at: NOW }, closedAt: NOW, updatedAt: NOW, version: 6 })
    expect(event(d)).toMatchObject({ actorRole: 'citizen', from: 'replied', to: 'closed', payload: { value: 'satisfied' } })
    expect(d.notifications).toStrictEqual([])
  })
  test('rate dissatisfied: reopened to the handler (staff alerted), counted, with as much time again as the hand-off gave (14 days)', () => {
    const d = run('rate', replied, { value: 'dissatisfied', reason: '车位太少' }, 'c1')
    expect(d.next).toStrictEqual({
      ...replied, status: 'claimed', rating: { value: 'dissatisfied', reason: '车位太少', at: NOW }, reopenCount: 1,
      handOff: { ...toM1, deadline: '2026-03-24T02:00:00.000Z' }, updatedAt: NOW, version: 6,
    })
    expect(event(d)).toMatchObject({ from: 'replied', to: 'claimed', payload: { value: 'dissatisfied', reason: '车位太少', reopened: true } })
    expect(told(d)).toStrictEqual([['subscribe', 'm1', 'reopened'], ['robot', 'staff:t1', 'staffAlert']])
    expect(d.notifications[0].data).toStrictEqual({ title: '孝心停车位', status: '不满意', time: NOW, note: '车位太少' })
  })
  test('a short hand-off still gets at least 7 days when reopened', () => {
    const short = { ...replied, handOff: { ...toM1, deadline: '2026-03-02T00:00:00.000Z' } }
    expect(run('rate', short, { value: 'dissatisfied', reason: '没解决' }, 'c1').next.handOff?.deadline).toBe('2026-03-17T02:00:00.000Z')
  })
  test('dissatisfied with a department\'s reply that staff recorded: back to the department to sign for again, it, its handlers and staff told', () => {
    const toD1 = { ...toM1, target: { kind: 'department' as const, departmentId: 'd1' }, rung: 'sectorGroup' as const }
    const recorded = item({ status: 'replied', handOff: toD1, reply: { text: '已复函', outcome: 'forReference', at: '2026-03-03T00:00:00.000Z', byId: 'sT1', departmentId: 'd1' }, version: 4 })
    const d = run('rate', recorded, { value: 'dissatisfied', reason: '只回了函，没有落实' }, 'c1', { departmentHandlerIds: ['d1h'] })
    expect(d.next).toStrictEqual({
      ...recorded, status: 'assigned', rating: { value: 'dissatisfied', reason: '只回了函，没有落实', at: NOW }, reopenCount: 1,
      handOff: { ...toD1, deadline: '2026-03-24T02:00:00.000Z', rungAt: NOW }, updatedAt: NOW, version: 5,
    })
    expect(event(d)).toMatchObject({ from: 'replied', to: 'assigned', payload: { value: 'dissatisfied', reopened: true, backTo: 'department' } })
    expect(told(d)).toStrictEqual([['robot', 'department:d1', 'reopened'], ['subscribe', 'd1h', 'reopened'], ['robot', 'staff:t1', 'staffAlert']])
    expect(d.notifications[0].data).toStrictEqual({ title: '孝心停车位', deadline: '2026-03-24T02:00:00.000Z', time: NOW, note: '只回了函，没有落实' })
    // The department's handler can sign for it again; staff can still record a second reply.
    expect(run('claim', d.next, {}, 'd1h').next.handlerId).toBe('d1h')
    expect(run('recordReply', d.next, { text: '已现场整改', outcome: 'adopted' }, 'sT1', { targetName: '市住建局' }).next.status).toBe('replied')
  })
  test('dissatisfied with a department handler\'s own reply: back to that handler', () => {
    const toD1 = { ...toM1, target: { kind: 'department' as const, departmentId: 'd1' }, rung: 'sectorGroup' as const }
    const answered = item({ status: 'replied', handOff: toD1, handlerId: 'd1h', reply: { text: '已整改', outcome: 'adopted', at: '2026-03-03T00:00:00.000Z', byId: 'd1h' }, version: 5 })
    const d = run('rate', answered, { value: 'dissatisfied', reason: '没整改' }, 'c1', { departmentHandlerIds: ['d1h', 'd1h2'] })
    expect([d.next.status, d.next.handlerId, d.next.handOff?.deadline]).toStrictEqual(['claimed', 'd1h', '2026-03-24T02:00:00.000Z'])
    expect(told(d)).toStrictEqual([['subscribe', 'd1h', 'reopened'], ['robot', 'staff:t1', 'staffAlert']])
    expect(run('reply', d.next, { text: '已再次整改', outcome: 'adopted' }, 'd1h').next.status).toBe('replied')
  })
  test('dissatisfied without a reason is refused naming reason', () => {
    expect(refusal('rate', replied, { value: 'dissatisfied' }, 'c1')).toMatchObject({ code: 'INVALID_INPUT', field: 'reason' })
  })
})

describe('staff follow-up and the timer', () => {
  test('chase by staff: counted, the handler is told', () => {
    const d = run('chase', claimed, { note: '请加快' }, 'sT1', {}, '2026-03-16T00:00:00.000Z')
    expect([d.next.chaseCount, d.next.lastChasedAt, d.event.payload]).toStrictEqual([1, '2026-03-16T00:00:00.000Z', { overdue: true, note: '请加快' }])
    expect(told(d)).toStrictEqual([['subscribe', 'm1', 'chased']])
  })
  test('the timer chases only an overdue item, at most once a day', () => {
    expect(refusal('chase', claimed, {}, 'system')).toMatchObject({ code: 'BAD_TRANSITION' })
    const d = run('chase', claimed, {}, 'system', {}, '2026-03-16T00:00:00.000Z')
    expect(event(d)).toMatchObject({ actorId: 'system', actorRole: 'system', payload: { overdue: true } })
    expect(refusal('chase', d.next, {}, 'system', {}, '2026-03-16T23:00:00.000Z')).toMatchObject({ code: 'BAD_TRANSITION' })
    expect(run('chase', d.next, {}, 'system', {}, '2026-03-17T00:00:00.000Z').next.chaseCount).toBe(2)
  })
  test('close by staff: closed, the author is told the reason', () => {
    const d = run('close', replied, { reason: '已回访' }, 'sT1')
    expect([d.next.status, d.next.closedAt, d.event.payload]).toStrictEqual(['closed', NOW, { reason: '已回访' }])
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'statusChanged']])
  })
  test('auto-close: only 7 days after the reply', () => {
    expect(refusal('close', replied, {}, 'system', {}, '2026-03-09T23:59:59.000Z')).toMatchObject({ code: 'BAD_TRANSITION' })
    const d = run('close', replied, {}, 'system', {}, '2026-03-10T00:00:00.000Z')
    expect([d.next.status, d.event.payload, d.event.actorRole]).toStrictEqual(['closed', { auto: true }, 'system'])
  })
  test('escalate to a group: each other member of the group hears of it too, the member it leaves does not', () => {
    const d = run('escalate', assigned, {}, 'system', { memberGroupId: 'g1', groupMemberIds: ['m1', 'm2', 'm3'] }, '2026-03-02T00:00:00.000Z')
    expect(told(d)).toStrictEqual([['robot', 'sectorGroup:g1', 'handedOff'], ['subscribe', 'm2', 'handedOff'], ['subscribe', 'm3', 'handedOff']])
  })
  test('escalate: a day unclaimed moves a member\'s item to the member\'s group, which is told', () => {
    expect(refusal('escalate', assigned, {}, 'system', { memberGroupId: 'g1' }, '2026-03-01T23:00:00.000Z')).toMatchObject({ code: 'BAD_TRANSITION' })
    const d = run('escalate', assigned, {}, 'system', { memberGroupId: 'g1' }, '2026-03-02T00:00:00.000Z')
    expect(d.next.handOff).toStrictEqual({ ...toM1, target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, rung: 'sectorGroup', rungAt: '2026-03-02T00:00:00.000Z' })
    expect(d.event.payload).toStrictEqual({ rung: 'sectorGroup', fromMemberId: 'm1', sectorGroupId: 'g1' })
    expect(told(d)).toStrictEqual([['robot', 'sectorGroup:g1', 'handedOff']])
    const e = run('escalate', d.next, {}, 'system', {}, '2026-03-03T00:00:00.000Z')
    expect([e.next.handOff?.rung, e.event.payload]).toStrictEqual(['staffAlert', { rung: 'staffAlert' }])
    expect(told(e)).toStrictEqual([['robot', 'staff:t1', 'staffAlert']])
    expect(refusal('escalate', e.next, {}, 'system', {}, '2026-03-09T00:00:00.000Z')).toMatchObject({ code: 'BAD_TRANSITION' })
  })
  test('remindConsultation: a consultation past its deadline and not concluded reminds staff of its town, once', () => {
    const consulting = item({ status: 'consulting', consultation: { openedAt: HANDED_AT, deadline: DEADLINE, invitedMemberIds: ['m1'] }, version: 3 })
    expect(refusal('remindConsultation', consulting, {}, 'system', {}, '2026-03-14T23:59:59.000Z')).toMatchObject({ code: 'BAD_TRANSITION' })
    const d = run('remindConsultation', consulting, {}, 'system', {}, '2026-03-15T00:10:00.000Z')
    expect(d.next).toStrictEqual({ ...consulting, consultation: { ...consulting.consultation!, remindedAt: '2026-03-15T00:10:00.000Z' }, updatedAt: '2026-03-15T00:10:00.000Z', version: 4 })
    expect(event(d)).toMatchObject({ command: 'remindConsultation', actorId: 'system', actorRole: 'system', from: 'consulting', to: 'consulting', payload: { deadline: DEADLINE } })
    expect(told(d)).toStrictEqual([['robot', 'staff:t1', 'staffAlert']])
    expect(d.notifications[0].data.note).toBe('协商已于2026-03-15 08:00截止，尚未结束，请形成协商意见')
    expect(refusal('remindConsultation', d.next, {}, 'system', {}, '2026-03-16T00:00:00.000Z')).toMatchObject({ code: 'BAD_TRANSITION' })
    // Nobody but the timer takes it.
    expect(refusal('remindConsultation', consulting, {}, 'sT1', {}, '2026-03-16T00:00:00.000Z')).toMatchObject({ code: 'FORBIDDEN' })
  })
  test('escalate a member with no group: staff are alerted at once', () => {
    const d = run('escalate', assigned, {}, 'system', { memberGroupId: null }, '2026-03-02T00:00:00.000Z')
    expect([d.next.handOff?.target, d.next.handOff?.rung]).toStrictEqual([{ kind: 'member', memberId: 'm1' }, 'staffAlert'])
    expect(told(d)).toStrictEqual([['robot', 'staff:t1', 'staffAlert']])
  })
})

describe('the order of refusals', () => {
  test('no item is NOT_FOUND; a forbidden actor is FORBIDDEN before the status is looked at', () => {
    expect(decide('accept', null, { id: 'x' }, actorOf('sT1'), NOW, RULES)).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'id' })
    expect(refusal('accept', item({ status: 'closed' }), {}, 'c2')).toMatchObject({ code: 'FORBIDDEN' })
    expect(refusal('accept', item({ status: 'closed' }), {}, 'sT1')).toStrictEqual({ code: 'BAD_TRANSITION', field: undefined, message: '已办结的建言不能这样操作' })
  })
  test('a merged item names where it went', () => {
    expect(refusal('accept', item({ status: 'merged', mergedIntoId: 'i9' }), {}, 'sT1')).toStrictEqual({ code: 'BAD_TRANSITION', field: 'id', message: '已合并到 i9' })
  })
})

describe('details of each decision no case above reaches', () => {
  const consulting = { ...accepted, status: 'consulting' as const, consultation: { openedAt: HANDED_AT, deadline: DEADLINE, invitedMemberIds: ['m2'] }, tally: { for: 3, neutral: 1, against: 2 } }
  const plan = { actions: '增设车位', responsibleUnit: '住建局', deadline: LATER }
  test('a reply to a comment keeps which comment it answers', () => {
    const d = run('comment', consulting, { text: '同意楼上', replyToId: 'cm1' }, 'c2', { commentId: 'cm2', replyToExists: true })
    expect(d.comment).toStrictEqual({ suggestionId: 'i1', authorId: 'c2', authorRole: 'citizen', text: '同意楼上', replyToId: 'cm1', at: NOW })
    expect(d.event.payload).toStrictEqual({ commentId: 'cm2' })
  })
  test('the first stance on an item that has no tally yet starts one at zero', () => {
    const { tally: _t, ...untallied } = consulting
    expect(run('comment', untallied as Suggestion, { text: '中立', stance: 'neutral' }, 'm2', { commentId: 'cm1', previousStance: null }).next.tally).toStrictEqual({ for: 0, neutral: 1, against: 0 })
    // A stance taken back to zero does not go below it.
    expect(run('comment', { ...consulting, tally: { for: 0, neutral: 0, against: 0 } }, { text: '改为反对', stance: 'against' }, 'm2', { commentId: 'cm1', previousStance: 'for' }).next.tally).toStrictEqual({ for: 0, neutral: 0, against: 1 })
    const concluded = run('concludeConsultation', untallied as Suggestion, { plan }, 'sT1')
    expect(concluded.next.consultation?.plan?.tally).toStrictEqual({ for: 0, neutral: 0, against: 0 })
  })
  test('a second decided without a stored person is a bug of the caller', () => {
    expect(() => decide('second', consulting, { id: 'i1' }, { ...actorOf('c2'), personId: null }, NOW, RULES, { alreadySeconded: false })).toThrow('second needs a stored person')
  })
  test('conclude: a plan or hand-off deadline not after now is refused naming it; a hand-off to nobody known is NOT_FOUND naming handOff.target', () => {
    expect(refusal('concludeConsultation', consulting, { plan: { ...plan, deadline: NOW } }, 'sT1')).toStrictEqual({ code: 'INVALID_INPUT', field: 'plan.deadline', message: '期限必须晚于现在' })
    const handOff = { target: { kind: 'member', memberId: 'm3' }, deadline: NOW }
    expect(refusal('concludeConsultation', consulting, { plan, handOff }, 'sT1', { targetName: 'name-m3' })).toStrictEqual({ code: 'INVALID_INPUT', field: 'handOff.deadline', message: '期限必须晚于现在' })
    expect(refusal('concludeConsultation', consulting, { plan, handOff: { ...handOff, deadline: LATER } }, 'sT1', {})).toStrictEqual({ code: 'NOT_FOUND', field: 'handOff.target', message: '交办对象不存在' })
    expect(() => decide('concludeConsultation', { ...consulting, consultation: undefined }, { id: 'i1', plan } as never, actorOf('sT1'), NOW, RULES)).toThrow('a consulting item has a consultation')
  })
  test('open, hand off, reassign: a deadline equal to now is refused naming deadline', () => {
    expect(refusal('openConsultation', accepted, { deadline: NOW, invitedMemberIds: [] }, 'sT1')).toStrictEqual({ code: 'INVALID_INPUT', field: 'deadline', message: '期限必须晚于现在' })
    expect(refusal('handOff', accepted, { target: { kind: 'member', memberId: 'm1' }, deadline: NOW }, 'sT1', { targetName: 'name-m1' })).toStrictEqual({ code: 'INVALID_INPUT', field: 'deadline', message: '期限必须晚于现在' })
    expect(refusal('reassign', claimed, { target: { kind: 'member', memberId: 'm3' }, deadline: HANDED_AT }, 'sT1', { targetName: 'name-m3' })).toMatchObject({ code: 'INVALID_INPUT', field: 'deadline' })
  })
  test('reassigning an item not yet claimed tells the new target only; the author heard 已交办 the first time', () => {
    const d = run('reassign', assigned, { target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, deadline: LATER, note: '改派' }, 'sT1', { targetName: '经济界活动组' })
    expect(told(d)).toStrictEqual([['robot', 'sectorGroup:g1', 'handedOff']])
    expect(d.next.handOff).toStrictEqual({ target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, deadline: LATER, at: NOW, byId: 'sT1', note: '改派', rung: 'sectorGroup', rungAt: NOW })
    expect(d.event.payload).toStrictEqual({ target: { kind: 'sectorGroup', sectorGroupId: 'g1' }, targetName: '经济界活动组', deadline: LATER, note: '改派' })
    // Without a note the payload has none, and the target's message an empty note.
    const plain = run('handOff', accepted, { target: { kind: 'member', memberId: 'm1' }, deadline: LATER }, 'sT1', { targetName: 'name-m1' })
    expect(plain.next.handOff).toStrictEqual({ target: { kind: 'member', memberId: 'm1' }, deadline: LATER, at: NOW, byId: 'sT1', rung: 'member', rungAt: NOW })
    expect([plain.event.payload, plain.next.handOff?.note, plain.notifications[1].data.note]).toStrictEqual([{ target: { kind: 'member', memberId: 'm1' }, targetName: 'name-m1', deadline: LATER }, undefined, ''])
  })
  test('reply: the author and each follower are told once, the author first', () => {
    const d = run('reply', claimed, { text: '已划设车位', outcome: 'adopted' }, 'm1', { followerIds: ['c2', 'c1', 'm3'] })
    expect(told(d)).toStrictEqual([['subscribe', 'c1', 'replied'], ['subscribe', 'c2', 'replied'], ['subscribe', 'm3', 'replied']])
    expect(d.notifications[1].data).toStrictEqual({ title: '孝心停车位', outcome: '采纳', time: NOW, note: '已划设车位' })
  })
  test('a department\'s reply recorded with its name unknown names no department', () => {
    const toD1 = { ...assigned, handOff: { ...toM1, target: { kind: 'department' as const, departmentId: 'd1' }, rung: 'sectorGroup' as const } }
    expect(run('recordReply', toD1, { text: '已复函', outcome: 'adopted' }, 'sT1', {}).event.payload).toStrictEqual({ text: '已复函', outcome: 'adopted', onBehalfOfDepartment: { id: 'd1', name: '' } })
  })
  test('staff hear of a 不满意 with its reason', () => {
    const d = run('rate', replied, { value: 'dissatisfied', reason: '车位太少' }, 'c1')
    expect(d.notifications[1]).toMatchObject({ kind: 'robot', to: 'staff:t1', templateKey: 'staffAlert', data: { title: '孝心停车位', status: '办理中', time: NOW, note: '不满意：车位太少' } })
  })
  test('rated basically satisfied with a reason: closed, the reason kept', () => {
    const d = run('rate', replied, { value: 'basicallySatisfied', reason: '还可以更快' }, 'c1')
    expect([d.next.status, d.next.rating, d.event.payload]).toStrictEqual(['closed', { value: 'basicallySatisfied', reason: '还可以更快', at: NOW }, { value: 'basicallySatisfied', reason: '还可以更快' }])
  })
  test('chase: before the deadline it is not overdue; an unclaimed group item is chased in its group; the timer\'s chase of a member goes into the digest', () => {
    const toGroup = { ...assigned, handOff: { ...toM1, target: { kind: 'sectorGroup' as const, sectorGroupId: 'g1' }, rung: 'sectorGroup' as const } }
    const d = run('chase', toGroup, {}, 'sT1')
    expect([d.event.payload, told(d), d.notifications[0].data]).toStrictEqual([{ overdue: false }, [['robot', 'sectorGroup:g1', 'chased']], { title: '孝心停车位', deadline: DEADLINE, time: NOW, note: '' }])
    expect(told(run('chase', toGroup, {}, 'system', {}, '2026-03-16T00:00:00.000Z'))).toStrictEqual([['robot', 'sectorGroup:g1', 'chased']])
    expect(told(run('chase', claimed, {}, 'system', {}, '2026-03-16T00:00:00.000Z'))).toStrictEqual([])
    expect(told(run('chase', assigned, {}, 'system', {}, '2026-03-16T00:00:00.000Z'))).toStrictEqual([])
  })
  test('close: staff without a reason leave an empty payload and an empty note; the timer\'s close keeps a reason given', () => {
    const d = run('close', replied, {}, 'sT1')
    expect([d.event.payload, d.notifications[0].data.note]).toStrictEqual([{}, ''])
    expect(run('close', replied, { reason: '超期自动办结' }, 'system', {}, '2026-03-10T00:00:00.000Z').event.payload).toStrictEqual({ auto: true, reason: '超期自动办结' })
  })
  test('a concluded consultation is not reminded', () => {
    const c = item({ status: 'consulting', consultation: { openedAt: HANDED_AT, deadline: DEADLINE, invitedMemberIds: [], concludedAt: '2026-03-14T00:00:00.000Z' }, version: 3 })
    expect(refusal('remindConsultation', c, {}, 'system', {}, '2026-03-16T00:00:00.000Z')).toStrictEqual({ code: 'BAD_TRANSITION', field: undefined, message: expect.any(String) })
    expect(refusal('remindConsultation', item({ status: 'consulting', version: 3 }), {}, 'system', {}, '2026-03-16T00:00:00.000Z')).toMatchObject({ code: 'BAD_TRANSITION' })
  })
  test('merge: a target held for review is refused; one in another town is out of scope; one the actor cannot see is NOT_FOUND', () => {
    expect(refusal('merge', item(), { intoId: 'i2' }, 'sT1', { mergeTarget: item({ _id: 'i2', status: 'pendingReview', publishedAt: undefined }) }))
      .toStrictEqual({ code: 'BAD_TRANSITION', field: 'intoId', message: '合并目标尚未公开，不能合并到该建议' })
    expect(refusal('merge', item(), { intoId: 'i2' }, 'sT1', { mergeTarget: item({ _id: 'i2', townId: 't2', villageId: 'v3' }) }))
      .toStrictEqual({ code: 'FORBIDDEN', field: 'intoId', message: '合并目标不在您负责的镇街道' })
    expect(refusal('merge', item(), { intoId: 'i2' }, 'sT1', { mergeTarget: item({ _id: 'i2', townId: 't2', villageId: 'v3', status: 'pendingReview', publishedAt: undefined }) }))
      .toStrictEqual({ code: 'NOT_FOUND', field: 'intoId', message: '合并目标不存在' })
    // Without a reason the event carries none; an item already linked to the target is listed once.
    const target = item({ _id: 'i2', title: '医院停车难', mergedFromIds: ['i1', 'i0'] })
    const d = run('merge', item(), { intoId: 'i2' }, 'sAll', { mergeTarget: target })
    expect([d.event.payload, d.mergeTarget?.mergedFromIds]).toStrictEqual([{ intoId: 'i2', intoTitle: '医院停车难' }, ['i0', 'i1']])
  })
  test('submit: contact allowed only when not anonymous; a recorded item gets the takeover code, with the phone when given', () => {
    const input = { category: 'traffic' as const, townId: 't1', villageId: 'v1', title: '孝心停车位', content: '医院门口', images: [], anonymous: false, contactable: true }
    const named = decideSubmit(input, actorOf('c1'), NOW, { newId: 'n1', village: villages.v1 })
    const anonymous = decideSubmit({ ...input, anonymous: true }, actorOf('c1'), NOW, { newId: 'n1', village: villages.v1 })
    expect([!isDomainError(named) && named.next.contactable, !isDomainError(anonymous) && anonymous.next.contactable]).toStrictEqual([true, undefined])
    const withPhone = decideSubmit({ ...input, channel: 'liaisonStation', onBehalfOf: { name: '张阿姨', phone: '13900000000' } }, actorOf('sT1'), NOW, { newId: 'n1', village: villages.v1, takeoverCode: 'K7P2Q9' })
    const withoutPhone = decideSubmit({ ...input, onBehalfOf: { name: '张阿姨' } }, actorOf('sT1'), NOW, { newId: 'n1', village: villages.v1, takeoverCode: 'K7P2Q9' })
    if (isDomainError(withPhone) || isDomainError(withoutPhone)) throw new Error('expected both recorded')
    expect([withPhone.next.pendingTakeover, withoutPhone.next.pendingTakeover, withoutPhone.next.channel, withoutPhone.next.recordedById])
      .toStrictEqual([{ code: 'K7P2Q9', phone: '13900000000' }, { code: 'K7P2Q9' }, 'online', 'sT1'])
    expect(withPhone.event.payload).toStrictEqual({ channel: 'liaisonStation', recordedFor: true })
    expect(() => decideSubmit(input, actorOf('c1'), NOW, { village: villages.v1 })).toThrow('submit needs a person id and a new item id')
    expect(() => decideSubmit(input, { ...actorOf('c1'), personId: null }, NOW, { newId: 'n1', village: villages.v1 })).toThrow('submit needs a person id and a new item id')
    expect(isDomainError(decideSubmit(input, actorOf('c1'), NOW, { newId: 'n1' })) && 'refused').toBe('refused')
  })
  test('an admin who is also staff acts as staff; an admin alone as admin', () => {
    const both = { ...actorOf('adm'), roles: ['admin', 'staff'] as never, staffScope: 'all' as const }
    expect(decide('accept', item(), { id: 'i1' }, both, NOW, RULES, {})).toMatchObject({ event: { actorRole: 'staff' } })
    expect(decide('accept', item(), { id: 'i1' }, actorOf('adm'), NOW, RULES, {})).toMatchObject({ event: { actorRole: 'admin' } })
    // An admin who is also a member takes staff's commands as admin, not as the member they also are.
    const adminMember = { ...actorOf('adm'), roles: ['admin', 'member'] as never }
    expect(decide('accept', item(), { id: 'i1' }, adminMember, NOW, RULES, {})).toMatchObject({ event: { actorRole: 'admin' } })
  })
})
