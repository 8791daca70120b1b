// A resident taking over the suggestion staff recorded for them (takeOver), decided without a database: by the code on
// the card (any case), or because the phone they filled in matches the one recorded; the recorder never can.
import { decide, isDomainError } from '../../src/domain/commands'
import { RULES, actorOf, item } from './fixtures'

const NOW = '2026-03-10T02:00:00.000Z'
const recorded = item({
  _id: 'r1', status: 'accepted', channel: 'liaisonStation', authorId: 'sT1', recordedById: 'sT1',
  onBehalfOf: { name: '张阿姨', phone: '13900000000' }, pendingTakeover: { code: 'ABCD2345', phone: '13900000000' },
})
const takeOver = (it = recorded, input: { code?: string } = {}, who = 'c2', callerPhone?: string) =>
  decide('takeOver', it, { id: it._id, ...input } as never, actorOf(who), NOW, RULES, callerPhone ? { callerPhone } : {})

test('by the card\'s code, typed in any case: the resident becomes the author, the code is gone, and they are told', () => {
  const d = takeOver(recorded, { code: 'abcd2345' })
  if (isDomainError(d)) throw new Error(d.message)
  expect(d.next.authorId).toBe('c2')
  expect(d.next.takenOverAt).toBe(NOW)
  expect(d.next.pendingTakeover).toBeUndefined()
  expect(d.next.status).toBe('accepted')
  expect(d.event.payload).toStrictEqual({ via: 'code' })
  expect(d.notifications.map((n) => [n.to, n.templateKey, n.data.note])).toStrictEqual([['c2', 'statusChanged', '您已认领这条代录的建言，办理进展会通知您']])
})

test('by phone: only without a code, and only when the phone they gave matches the recorded one', () => {
  const d = takeOver(recorded, {}, 'c2', '13900000000')
  if (isDomainError(d)) throw new Error(d.message)
  expect([d.next.authorId, d.event.payload]).toStrictEqual(['c2', { via: 'phone' }])
  const refusal = (x: ReturnType<typeof takeOver>) => (isDomainError(x) ? [x.code, x.field, x.message] : 'taken over')
  expect(refusal(takeOver(recorded, {}, 'c2', '13911111111'))).toStrictEqual(['FORBIDDEN', 'phone', '您在“我的”里填写的手机号与代录时登记的不一致'])
  expect(refusal(takeOver(recorded, {}, 'c2'))).toStrictEqual(['FORBIDDEN', 'phone', '您在“我的”里填写的手机号与代录时登记的不一致'])
  // A recorded item without a phone is taken over by its code only.
  const noPhone = { ...recorded, pendingTakeover: { code: 'ABCD2345' } }
  expect(refusal(takeOver(noPhone, {}, 'c2', '13900000000'))).toStrictEqual(['FORBIDDEN', 'phone', '您在“我的”里填写的手机号与代录时登记的不一致'])
  // A wrong code is refused even when the phone matches.
  expect(refusal(takeOver(recorded, { code: 'ABCD2346' }, 'c2', '13900000000'))).toStrictEqual(['FORBIDDEN', 'code', '认领码不正确'])
  expect(refusal(takeOver(recorded, { code: 'ABCD2345' }, 'sT1'))).toStrictEqual(['FORBIDDEN', undefined, '代录人不能认领自己代录的建言'])
  expect(refusal(takeOver(item({ status: 'accepted' }), { code: 'ABCD2345' }))).toStrictEqual(['BAD_TRANSITION', 'id', '这条建言不是代录的，或已被认领'])
})
