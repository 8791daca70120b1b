// Group cards, the pure parts: reading the group from the platform's open data, and folding an item's deliveries into
// its timeline so staff read one history.
import { cloudIdOf, openGIdOf } from '../../src/domain/notify/groups'
import { foldDeliveries } from '../../src/components/notify/foldDeliveries'
import type { DeliveryView } from '../../src/domain/notify/api'

test('the openGId is read from decoded open data only, under either documented spelling', () => {
  expect(openGIdOf({ cloudID: '1_x', data: { openGId: 'tGabcdefgh12' } })).toBe('tGabcdefgh12')
  expect(openGIdOf({ cloudID: '1_x', data: { opengid: 'tGabcdefgh12' } })).toBe('tGabcdefgh12')
  expect(openGIdOf({ cloudID: '1_x', errCode: -601006, errMsg: 'cloudID expired' })).toBeNull()
  expect(openGIdOf({ cloudID: '1_x' })).toBeNull()
  expect(openGIdOf({ cloudID: '1_x', data: { openGId: 'has spaces in it' } })).toBeNull()
  expect(openGIdOf('tGabcdefgh12')).toBeNull()
})

test('the cloudID to ask getOpenData about is the bare string or the one beside decoded data, well-formed only', () => {
  expect(cloudIdOf('27_Ih-9vxDaOhIbh48Bdpk90DUkUoNMAPaNtg7OSGM')).toBe('27_Ih-9vxDaOhIbh48Bdpk90DUkUoNMAPaNtg7OSGM')
  expect(cloudIdOf({ cloudID: '27_Ih-9vxDaOhIbh48Bdpk90DUkUoNMAPaNtg7OSGM', data: { openGId: 'tGabcdefgh12' } })).toBe('27_Ih-9vxDaOhIbh48Bdpk90DUkUoNMAPaNtg7OSGM')
  expect(cloudIdOf({ cloudID: '27_x' })).toBeNull()
  expect(cloudIdOf({ cloudID: 'has spaces in it' })).toBeNull()
  expect(cloudIdOf(null)).toBeNull()
})

const row = (id: string, createdAt: string, extra: Partial<DeliveryView> = {}): DeliveryView => ({
  id, kind: 'subscribe', to: 'person', templateKey: 'statusChanged', suggestionId: 's1', title: '', note: '', status: 'sent', state: '已发送',
  attempts: 1, errcode: null, reason: null, createdAt, sentAt: createdAt, ...extra,
})
const event = (id: string, at: string, command = 'accept', payload: Record<string, unknown> = {}) => ({ id, at, command, payload })

test("deliveries fold under the event that wrote them; a push's robot rows under its noticePushed event", () => {
  const events = [
    event('e1', '2026-11-29T01:00:00.000Z', 'submit'),
    event('e2', '2026-11-29T02:00:00.000Z', 'accept'),
    event('e3', '2026-11-29T03:00:00.000Z', 'noticePushed', { noticeId: 'n1' }),
  ]
  const folded = foldDeliveries(events, [
    row('r1', '2026-11-29T02:00:00.000Z'),
    row('r2', '2026-11-29T03:00:00.000Z', { kind: 'robot', to: 'village:v1', noticeId: 'n1' }),
    row('r3', '2026-11-29T02:30:00.000Z', { templateKey: 'chased' }), // the timer's, between events
    row('r4', '2026-11-29T00:30:00.000Z'), // older than every event shown
  ])
  expect(Object.fromEntries([...folded.entries()].map(([k, v]) => [k, v.map((d) => d.id)]))).toStrictEqual({ e2: ['r1', 'r3'], e3: ['r2'], e1: ['r4'] })
  expect(foldDeliveries([], [row('r1', '2026-11-29T02:00:00.000Z')]).size).toBe(0)
})
