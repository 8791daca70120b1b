// The `notify` function's actions: people's subscription budget and switches (我的), admins' group robots, staff's
// failed-notification list and resend, and each item's deliveries for its timeline.
import type * as v from 'valibot'
import { domainError, type DomainError } from '../../src/domain/commands'
import { hasRole, isStaffFor } from '../../src/domain/permissions'
import { lease, resend, resendable } from '../../src/domain/notify/delivery'
import { DELIVERY_LABELS, KIND_LABELS, SKIP_LABELS, WAITING_FOR_LIMIT } from '../../src/domain/notify/labels'
import type { notifySchemas as s, TEMPLATE_KEYS } from '../../src/domain/notify/schemas'
import { db, put, type Doc } from '../db'
import { orgCache } from '../directory'
import { mutate, type Ctx } from '../handler'
import { newId } from '../ids'
import { templateIdOf, templateKeyOf } from '../templates'
import { deliveryOf, getRow, putDelivery, rowsOfItem, rowsWithStatus, type HeldRow, type StoredRow } from '../repositories/outbox'
import { getSuggestion } from '../repositories/suggestions'
import { notifyConfig } from './config'
import { getRobot, maskKey, putRobot, allRobots, robotFor, type Robot } from './robots'
import { getSubscription, subscriptionsOf, SUBSCRIPTIONS, type Subscription } from './subscriptions'
import { inlineLease, noteOutboxRows } from './inline'

type In<K extends keyof typeof s> = v.InferOutput<(typeof s)[K]>

// ---- a person's subscriptions ----

export function reportSubscribe(ctx: Ctx, input: In<'reportSubscribe'>) {
  const accepted = Object.entries(input.results).filter(([, r]) => r === 'accept').map(([id]) => templateKeyOf(id)).filter((k): k is string => !!k)
  const personId = ctx.caller.personId
  return mutate(ctx, async (t) => {
    const left: Record<string, number> = {}
    for (const key of [...new Set(accepted)]) {
      const n = accepted.filter((k) => k === key).length
      const sub = (await getSubscription(t, personId, key)) ?? { _id: `${personId}:${key}`, personId, templateKey: key, left: 0, optedOut: false, updatedAt: ctx.now }
      const next: Subscription = { ...sub, left: Math.min(sub.left + n, 1000), updatedAt: ctx.now }
      await put(t, SUBSCRIPTIONS, next as unknown as Doc)
      left[key] = next.left
    }
    return { written: { left } }
  })
}

/** The kinds of message a person can be sent, by role. */
function kindsFor(ctx: Ctx): (typeof TEMPLATE_KEYS)[number][] {
  const kinds: (typeof TEMPLATE_KEYS)[number][] = ['statusChanged', 'replied']
  if (hasRole(ctx.caller.actor, 'member') || hasRole(ctx.caller.actor, 'departmentHandler' as never)) kinds.push('handedOff', 'chased', 'reopened', 'digest')
  return kinds
}

export async function myNotifications(ctx: Ctx) {
  const subs = new Map((await subscriptionsOf(ctx.caller.personId)).map((x) => [x.templateKey, x]))
  const longTerm = notifyConfig().longTermSubscriptions
  return {
    longTerm,
    kinds: kindsFor(ctx).map((key) => ({
      key, label: KIND_LABELS[key], templateId: templateIdOf(key), on: !subs.get(key)?.optedOut, left: subs.get(key)?.left ?? 0,
    })),
  }
}

export function setNotification(ctx: Ctx, input: In<'setNotification'>) {
  const personId = ctx.caller.personId
  return mutate(ctx, async (t) => {
    const sub = (await getSubscription(t, personId, input.templateKey)) ?? { _id: `${personId}:${input.templateKey}`, personId, templateKey: input.templateKey, left: 0, optedOut: false, updatedAt: ctx.now }
    await put(t, SUBSCRIPTIONS, { ...sub, optedOut: !input.on, updatedAt: ctx.now } as unknown as Doc)
    return { written: { templateKey: input.templateKey, on: input.on } }
  })
}

// ---- admins: group robots ----

function robotView(r: Robot) {
  return { id: r._id, target: r.target, name: r.name, key: maskKey(r.key), blockedUntil: r.blockedUntil ?? null, updatedAt: r.updatedAt }
}

export async function robots(ctx: Ctx) {
  if (!hasRole(ctx.caller.actor, 'admin')) return domainError('FORBIDDEN')
  return { robots: (await allRobots()).map(robotView) }
}

export async function upsertRobot(ctx: Ctx, input: In<'upsertRobot'>): Promise<unknown> {
  if (!hasRole(ctx.caller.actor, 'admin')) return domainError('FORBIDDEN')
  let target: string
  if (input.targetKind === 'staff') target = input.targetId ? `staff:${input.targetId}` : 'staff:all'
  else {
    if (!input.targetId) return domainError('INVALID_INPUT', '请选择群所属单位', 'targetId')
    const org = await orgCache([input.targetId])
    const exists = input.targetKind === 'village' ? org.villages.has(input.targetId) : input.targetKind === 'town' ? org.towns.has(input.targetId)
      : input.targetKind === 'sectorGroup' ? org.groups.has(input.targetId) : org.departments.has(input.targetId)
    if (!exists) return domainError('NOT_FOUND', undefined, 'targetId')
    target = `${input.targetKind}:${input.targetId}`
  }
  const taken = await robotFor(target)
  if (taken && taken._id !== input.id) return domainError('CONFLICT', '该群已登记机器人', 'targetId')
  return mutate(ctx, async (t) => {
    const old = input.id ? await getRobot(t, input.id) : null
    if (input.id && !old) return domainError('NOT_FOUND', undefined, 'id')
    const key = input.key ?? old?.key
    if (!key) return domainError('INVALID_INPUT', '请填写机器人密钥', 'key')
    const robot: Robot = { _id: old?._id ?? newId(ctx.now), target, name: input.name, key, sends: old?.sends ?? [], createdAt: old?.createdAt ?? ctx.now, updatedAt: ctx.now }
    if (old?.blockedUntil) robot.blockedUntil = old.blockedUntil
    await putRobot(t, robot)
    return { written: robotView(robot) }
  })
}

// ---- staff: failed notifications, resend ----

function rowView(r: StoredRow) {
  const d = deliveryOf(r)
  const state = d.status === 'pending' && d.waitingForLimit ? WAITING_FOR_LIMIT : DELIVERY_LABELS[d.status]
  return {
    id: r._id, kind: r.kind, to: r.kind === 'robot' ? r.to : 'person', templateKey: r.templateKey, suggestionId: r.suggestionId ?? null,
    // Stryker disable next-line OptionalChaining: every outbox row is written with its values (addOutboxRows, the digest; StoredRow.values is required)
    title: r.values?.title ?? '', note: r.values?.note ?? '', status: d.status, state, attempts: d.attempts,
    errcode: d.lastErrcode ?? null, reason: d.skipReason ? SKIP_LABELS[d.skipReason] : d.lastErrmsg ?? null,
    createdAt: r.createdAt, sentAt: d.sentAt ?? null,
    // Stryker disable next-line OptionalChaining: as above
    noticeId: r.values?.noticeId ?? null,
  }
}

export async function failedNotices(ctx: Ctx, input: In<'failedNotices'>) {
  if (!isStaffFor(ctx.caller.actor, null)) return domainError('FORBIDDEN')
  const rows = await rowsWithStatus(db(), 'failed', 50, input.before)
  return { items: rows.map(rowView), next: rows.length === 50 ? rows[rows.length - 1].dueAt : null }
}

export async function resendNotice(ctx: Ctx, input: In<'resendNotice'>): Promise<unknown> {
  const row = await getRow(db(), input.id)
  if (!row) return domainError('NOT_FOUND', undefined, 'id')
  const item = row.suggestionId ? await getSuggestion(db(), row.suggestionId) : null
  if (!isStaffFor(ctx.caller.actor, item?.townId ?? null)) return domainError('FORBIDDEN')
  return mutate(ctx, async (t) => {
    const current = await getRow(t, input.id)
    if (!current) return domainError('NOT_FOUND', undefined, 'id')
    // A second tap on a row already going again changes nothing.
    if (!resendable(deliveryOf(current))) return { written: { id: current._id, status: current.status } }
    const again = resend(deliveryOf(current), ctx.now)
    // Sent again right after the commit, leased to this function like a command's new rows (server/notify/inline.ts).
    const held = inlineLease()
    const next = held ? lease(again, held.leaseId, ctx.now, held.leaseMs) : again
    noteOutboxRows([await putDelivery(t, current, next) as HeldRow])
    return { written: { id: current._id, status: again.status } }
  })
}

export async function itemDeliveries(ctx: Ctx, input: In<'itemDeliveries'>): Promise<unknown> {
  const item = await getSuggestion(db(), input.id)
  if (!item) return domainError('NOT_FOUND', undefined, 'id')
  // Where an item's notices went is for the staff who look after it; a person's own messages are not listed to others.
  if (!isStaffFor(ctx.caller.actor, item.townId)) return domainError('FORBIDDEN')
  return { deliveries: (await rowsOfItem(db(), item._id)).map(rowView) }
}

export type { DomainError }
