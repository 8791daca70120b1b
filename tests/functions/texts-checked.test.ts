// Every text a command stores goes through the content check before anything else, and a refusal names the field it
// came from: each command's own text field, a plan's two texts and its hand-off note, the resident named on a record.
// Checked before the item is even read, so an id that exists nowhere is enough. In-process, against a local CloudBase.
import { main as org } from '../../cloudfunctions/org/src'
import { actions as suggestions } from '../../cloudfunctions/suggestions/src'
import { ADMIN, expectOk } from './harness'
import { startInProcess, testClock, type InProcess } from './inprocess'

jest.setTimeout(60_000)
let p: InProcess
beforeAll(async () => { p = await startInProcess({ suggestions, org: org as never }, testClock('2026-10-01T02:00:00.000Z')) })
afterAll(async () => { await p?.stop() })

const RISKY = '这里有人组织赌博'
const id = 'nosuchitem01'
const deadline = '2026-10-09T02:00:00.000Z'
const member = { kind: 'member', memberId: 'someone' }

test.each([
  ['comment', 'text', { id, text: RISKY }],
  ['progress', 'note', { id, note: RISKY }],
  ['reply', 'text', { id, text: RISKY, outcome: 'adopted' }],
  ['recordReply', 'text', { id, text: RISKY, outcome: 'adopted' }],
  ['reject', 'reason', { id, reason: RISKY }],
  ['merge', 'reason', { id, intoId: 'nosuchitem02', reason: RISKY }],
  ['withdraw', 'reason', { id, reason: RISKY }],
  ['rate', 'reason', { id, value: 'dissatisfied', reason: RISKY }],
  ['returnItem', 'reason', { id, reason: RISKY }],
  ['close', 'reason', { id, reason: RISKY }],
  ['handOff', 'note', { id, target: member, deadline, note: RISKY }],
  ['reassign', 'note', { id, target: member, deadline, note: RISKY }],
  ['chase', 'note', { id, note: RISKY }],
  ['concludeConsultation', 'plan.actions', { id, plan: { actions: RISKY, responsibleUnit: '交通局', deadline } }],
  ['concludeConsultation', 'plan.responsibleUnit', { id, plan: { actions: '加装遮雨棚', responsibleUnit: RISKY, deadline } }],
  ['concludeConsultation', 'handOff.note', { id, plan: { actions: '加装遮雨棚', responsibleUnit: '交通局', deadline }, handOff: { target: member, deadline, note: RISKY } }],
] as const)('%s with a risky %s is CONTENT_REJECTED naming it', async (action, field, input) => {
  expect(await p.act('suggestions', 'texts-staff', action, input)).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field })
})

test('texts that pass go on to the item, which does not exist: NOT_FOUND', async () => {
  expect(await p.act('suggestions', 'texts-staff', 'concludeConsultation', { id, plan: { actions: '加装遮雨棚', responsibleUnit: '交通局', deadline }, handOff: { target: member, deadline } })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  expect(await p.act('suggestions', 'texts-staff', 'second', { id })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
})

test('a submission: risky text is refused naming content, a risky resident\'s name naming it; a place that does not exist first', async () => {
  const townId = expectOk(await p.act('org', ADMIN, 'upsertTown', { name: '检查镇', order: 1 })).id
  const villageId = expectOk(await p.act('org', ADMIN, 'upsertVillage', { townId, name: '检查村', order: 1 })).id
  const draft = { category: 'traffic', townId, villageId, title: '公交站台', content: '站台没有遮雨棚', images: [], anonymous: false }
  expect(await p.act('suggestions', 'texts-citizen', 'submit', { ...draft, content: RISKY })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'content' })
  expect(await p.act('suggestions', 'texts-citizen', 'submit', { ...draft, onBehalfOf: { name: '赌博大王', phone: '13900001111' } })).toMatchObject({ ok: false, code: 'CONTENT_REJECTED', field: 'onBehalfOf.name' })
  expect(await p.act('suggestions', 'texts-citizen', 'submit', { ...draft, townId: 'nosuchtown1', content: RISKY })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'townId' })
  expect(await p.act('suggestions', 'texts-citizen', 'submit', { ...draft, villageId: 'nosuchvillage1', content: RISKY })).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'villageId' })
})
