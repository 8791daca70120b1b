// Staff push (通知工作群): staff choose the groups (the item's village, its town, sector groups, the staff group), see the
// text as the robot will post it, and send. The notice is stored with where it went; each group is one outbox row,
// delivered by the dispatcher like every other notification, its state shown on the item (itemDeliveries).
import type * as v from 'valibot'
import { domainError } from '../../src/domain/commands'
import { hasRole, isStaffFor } from '../../src/domain/permissions'
import { NOTIFY_LABELS } from '../../src/domain/notify/labels'
import type { notifySchemas as s } from '../../src/domain/notify/schemas'
import type { Suggestion } from '../../src/domain/types'
import { db } from '../db'
import { orgCache } from '../directory'
import { mutate, type Ctx } from '../handler'
import { newId } from '../ids'
import { addEvent } from '../repositories/events'
import { addNotice } from '../repositories/notices'
import { addOutboxRows } from '../repositories/outbox'
import { getSuggestion } from '../repositories/suggestions'
import { robotContent } from './dispatch'
import { robotFor } from './robots'
import { checkTexts, said } from '../textCheck'

type In<K extends keyof typeof s> = v.InferOutput<(typeof s)[K]>

/** The robot target key of each chosen group, for this item. */
function targetKeys(item: Suggestion, groups: string[]): string[] {
  const keys = groups.map((g) => (g === 'village' ? `village:${item.villageId}` : g === 'town' ? `town:${item.townId}` : g === 'staff' ? `staff:${item.townId}` : g))
  return [...new Set(keys)]
}

async function load(ctx: Ctx, id: string) {
  const item = await getSuggestion(db(), id)
  if (!item) return domainError('NOT_FOUND', undefined, 'id')
  // Every item staff may see may be notified, closed ones too: a group may need to hear an item was done.
  if (!isStaffFor(ctx.caller.actor, item.townId)) return domainError('FORBIDDEN')
  return item
}

/** The groups staff can choose for an item, each with whether a robot is registered for it. */
export async function noticeTargets(ctx: Ctx, input: In<'noticeTargets'>) {
  const item = await load(ctx, input.id)
  if ('ok' in item) return item
  const org = await orgCache([item.townId, item.villageId])
  const options = [
    { group: 'village', label: org.villages.get(item.villageId)?.name ?? '', key: `village:${item.villageId}` },
    { group: 'town', label: org.towns.get(item.townId)?.name ?? '', key: `town:${item.townId}` },
    ...[...org.groups.values()].map((g) => ({ group: `sectorGroup:${g._id}`, label: g.name, key: `sectorGroup:${g._id}` })),
    { group: 'staff', label: NOTIFY_LABELS.staffGroup, key: `staff:${item.townId}` },
  ]
  const withRobots = await Promise.all(options.map(async (o) => {
    const robot = (await robotFor(o.key)) ?? (o.group === 'staff' ? await robotFor('staff:all') : null)
    return { group: o.group, label: o.label, hasRobot: !!robot }
  }))
  return { targets: withRobots }
}

/** The markdown as the robots will post it (the link is made at send time). */
export async function previewNotice(ctx: Ctx, input: In<'previewNotice'>) {
  const item = await load(ctx, input.id)
  if ('ok' in item) return item
  return { markdown: await robotContent({ templateKey: 'groupNotice', values: { title: item.title, note: input.text }, suggestionId: item._id }, false) }
}

/** Each target key's name as people know it (a village, a town, a sector group, the staff group). */
async function targetNames(item: Suggestion, keys: string[]): Promise<string[]> {
  const org = await orgCache([item.townId, item.villageId])
  return keys.map((key) => {
    const [kind, id] = key.split(':')
    if (kind === 'village') return org.villages.get(id)?.name ?? ''
    if (kind === 'town') return org.towns.get(id)?.name ?? ''
    if (kind === 'sectorGroup') return org.groups.get(id)?.name ?? ''
    return NOTIFY_LABELS.staffGroup
  })
}

export async function pushNotice(ctx: Ctx, input: In<'pushNotice'>) {
  const item = await load(ctx, input.id)
  if ('ok' in item) return item
  // A notice reaches whole groups: it passes the content check like every stored text.
  const refused = await checkTexts(ctx.caller.openid, said('text', 2, input.text))
  if (refused) return refused
  const keys = targetKeys(item, input.groups)
  const noticeId = newId(ctx.now)
  const names = await targetNames(item, keys)
  return mutate(ctx, async (t) => {
    // The notice is on the item's timeline, written with its outbox rows: public-safe (where it went, not the text).
    await addEvent(t, {
      _id: newId(ctx.now), suggestionId: item._id, command: 'noticePushed', actorId: ctx.caller.personId,
      actorRole: hasRole(ctx.caller.actor, 'staff') || !hasRole(ctx.caller.actor, 'admin') ? 'staff' : 'admin',
      from: item.status, to: item.status, at: ctx.now, payload: { noticeId, targets: keys.map((key, i) => ({ key, name: names[i] })) },
    })
    await addNotice(t, { _id: noticeId, suggestionId: item._id, villageId: item.villageId, townId: item.townId, text: input.text, byId: ctx.caller.personId, at: ctx.now, targets: keys } as never)
    await addOutboxRows(t, keys.map((to) => ({
      kind: 'robot' as const, to, templateKey: 'groupNotice' as const, data: { title: item.title, note: input.text, noticeId },
      suggestionId: item._id, status: 'pending' as const, attempts: 0 as const, createdAt: ctx.now,
    })))
    return { written: { noticeId, targets: keys } }
  })
}
