// WeChat groups reached by mini-program cards (工作群 by openGId). Nothing can post into an ordinary WeChat group: staff
// or members share a card into it, and when someone opens the card there the app hands the platform's cloudID to
// `openGroupCard`, which receives the group's openGId decoded in its event. A group seen for the first time waits for
// staff to bind it to a village or town, or binds itself when the card was a bind card staff made (an opaque token kept
// hashed in `bindCards`). Each opening is kept per group, item and person (hashed), so staff see on an item which groups
// its notice reached and how many people opened it there.
import crypto from 'node:crypto'
import type * as v from 'valibot'
import { domainError } from '../../src/domain/commands'
import { canBindGroup, canSeePendingGroups, canSeeReach, canView } from '../../src/domain/permissions'
import {
  BIND_CARD_DAYS, GROUP_LABELS, cloudIdOf, openGIdOf, type CardReach, type ChatGroupView, type GroupTargetKind, type groupsSchemas as s,
} from '../../src/domain/notify/groups'
import type { Id, IsoTime } from '../../src/domain/types'
import { db, getById, insert, put, type Doc, type Scope } from '../db'
import { orgCache } from '../directory'
import { mutate, type Ctx } from '../handler'
import { NOTICES } from '../repositories/notices'
import { mergedPage, page, type PageQuery } from '../repositories/paging'
import { getSuggestion } from '../repositories/suggestions'
import { wxCloud, wxErrorOf } from './wx'

type In<K extends keyof typeof s> = v.InferOutput<(typeof s)[K]>

export const CHAT_GROUPS = 'chatGroups'
export const GROUP_OPENS = 'groupOpens'
export const BIND_CARDS = 'bindCards'

export interface ChatGroup {
  _id: string // the openGId
  status: 'pending' | 'bound'
  name: string
  /** village:<id> or town:<id> once bound */
  target: string | null
  townId: Id | null
  boundBy: 'staff' | 'card' | null
  boundById: Id | null
  boundAt: IsoTime | null
  firstSeenAt: IsoTime
  /** firstSeenAt|openGId: the unique, time-ordered key the lists page on. */
  seenKey: string
  firstItemId: Id | null
  firstItemTitle: string
}

interface BindCardDoc { _id: string; target: string; targetName: string; townId: Id; byId: Id; createdAt: IsoTime; expiresAt: IsoTime }

interface GroupOpen {
  _id: string
  openGId: string
  suggestionId: Id
  noticeId: Id | null
  /** A one-way hash of the person: counts people without keeping who they are. */
  personHash: string
  opens: number
  firstAt: IsoTime
  lastAt: IsoTime
}

const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex')
const bindCardId = (token: string) => 'b' + sha(`bind:${token}`).slice(0, 32)

// ---- places ----

interface Place { target: string; townId: Id; name: string }

async function placeOf(kind: GroupTargetKind, id: Id): Promise<Place | null> {
  const org = await orgCache([id])
  if (kind === 'village') {
    const village = org.villages.get(id)
    if (!village) return null
    return { target: `village:${id}`, townId: village.townId, name: `${org.towns.get(village.townId)?.name ?? ''}${village.name}` }
  }
  const town = org.towns.get(id)
  return town ? { target: `town:${id}`, townId: id, name: town.name } : null
}

async function targetName(target: string | null): Promise<string> {
  if (!target) return ''
  const [kind, id] = target.split(':') as [GroupTargetKind, Id]
  return (await placeOf(kind, id))?.name ?? ''
}

async function view(g: ChatGroup): Promise<ChatGroupView> {
  return {
    openGId: g._id, status: g.status, name: g.name, target: g.target, targetName: await targetName(g.target), boundBy: g.boundBy,
    firstSeenAt: g.firstSeenAt, lastSeenAt: g.firstSeenAt, firstItemTitle: g.firstItemTitle,
  }
}

// ---- opening a card from a group ----

/**
 * The group's openGId, always asked of the platform through getOpenData with the cloudID. The `data` the platform puts
 * beside a top-level CloudID in the event is not trusted on its own: a client calling the function directly can send
 * `{ cloudID, data: { openGId } }` of its own making, and nothing marks which of the two it is. getOpenData decodes only
 * a cloudID WeChat issued, to this caller, within its lifetime.
 */
async function openGIdFrom(openData: unknown): Promise<string | null> {
  const cloudID = cloudIdOf(openData)
  if (!cloudID) return null
  try {
    const res = await wxCloud().getOpenData({ list: [cloudID] })
    return openGIdOf(res.list?.[0])
  } catch (err) {
    console.error('getOpenData', wxErrorOf(err).errCode, wxErrorOf(err).errMsg)
    return null
  }
}

export async function openGroupCard(ctx: Ctx, input: In<'openGroupCard'>): Promise<unknown> {
  const openGId = await openGIdFrom(ctx.openData)
  if (!openGId) return domainError('INVALID_INPUT', GROUP_LABELS.noGroup, 'openData')

  let card: BindCardDoc | null = null
  if (input.bindToken) {
    card = await getById<BindCardDoc>(db(), BIND_CARDS, bindCardId(input.bindToken))
    if (!card) return domainError('FORBIDDEN', GROUP_LABELS.bindInvalid, 'bindToken')
    if (card.expiresAt <= ctx.now) return domainError('FORBIDDEN', GROUP_LABELS.bindExpired, 'bindToken')
  }
  const item = input.suggestionId ? await getSuggestion(db(), input.suggestionId) : null
  if (input.suggestionId && (!item || !canView(ctx.caller.actor, item))) return domainError('NOT_FOUND', undefined, 'suggestionId')
  if (input.noticeId) {
    const notice = await getById<{ suggestionId: Id }>(db(), NOTICES, input.noticeId)
    if (!notice || !item || notice.suggestionId !== item._id) return domainError('NOT_FOUND', undefined, 'noticeId')
  }

  const personHash = sha(`open:${ctx.caller.personId}`).slice(0, 24)
  return mutate(ctx, async (t) => {
    const old = await getById<ChatGroup>(t, CHAT_GROUPS, openGId)
    let group: ChatGroup = old ?? {
      _id: openGId, status: 'pending', name: '', target: null, townId: null, boundBy: null, boundById: null, boundAt: null,
      firstSeenAt: ctx.now, seenKey: `${ctx.now}|${openGId}`, firstItemId: item?._id ?? null, firstItemTitle: item?.title ?? '',
    }
    // A bind card binds a group nobody bound yet; moving a bound group to another place is staff's decision on their screen.
    const bindNow = !!card && group.status === 'pending'
    if (bindNow && card) {
      group = { ...group, status: 'bound', name: GROUP_LABELS.cardGroupName(card.targetName), target: card.target, townId: card.townId, boundBy: 'card', boundById: card.byId, boundAt: ctx.now }
    }
    const writes: Promise<void>[] = []
    if (!old || bindNow) writes.push(put(t, CHAT_GROUPS, group as unknown as Doc))
    if (item) {
      const id = 'o' + sha(`${openGId}|${item._id}|${input.noticeId ?? ''}|${personHash}`).slice(0, 32)
      const seen = await getById<GroupOpen>(t, GROUP_OPENS, id)
      const open: GroupOpen = seen
        ? { ...seen, opens: seen.opens + 1, lastAt: ctx.now }
        : { _id: id, openGId, suggestionId: item._id, noticeId: input.noticeId ?? null, personHash, opens: 1, firstAt: ctx.now, lastAt: ctx.now }
      writes.push(put(t, GROUP_OPENS, open as unknown as Doc))
    }
    await Promise.all(writes)
    return { written: { status: group.status, targetName: await targetName(group.target), boundNow: bindNow } }
  })
}

// ---- staff: groups, binding, bind cards ----

const PAGE = 20

export async function chatGroups(ctx: Ctx, input: In<'chatGroups'>): Promise<unknown> {
  const actor = ctx.caller.actor
  if (!canSeePendingGroups(actor)) return domainError('FORBIDDEN')
  let queries: PageQuery[]
  if (input.status === 'pending' || actor.staffScope === 'all' || actor.staffScope === undefined || actor.roles.includes('admin')) {
    queries = [{ collection: CHAT_GROUPS, where: { status: input.status }, sortKey: 'seenKey', dir: -1 }]
  } else {
    // Staff of some towns see the groups bound in those towns.
    const towns = actor.staffScope
    if (towns.length === 0) return { items: [], nextCursor: null }
    queries = towns.map((townId) => ({ collection: CHAT_GROUPS, where: { status: 'bound', townId }, sortKey: 'seenKey', dir: -1 as const }))
  }
  const p = queries.length === 1 ? await page(db(), queries[0], input.cursor, PAGE) : await mergedPage(db(), queries, input.cursor, PAGE)
  return { items: await Promise.all((p.docs as ChatGroup[]).map(view)), nextCursor: p.nextCursor }
}

export async function bindChatGroup(ctx: Ctx, input: In<'bindChatGroup'>): Promise<unknown> {
  const place = await placeOf(input.targetKind, input.targetId)
  if (!place) return domainError('NOT_FOUND', undefined, 'targetId')
  if (!canBindGroup(ctx.caller.actor, place.townId)) return domainError('FORBIDDEN')
  const result = await mutate(ctx, async (t) => {
    const group = await getById<ChatGroup>(t, CHAT_GROUPS, input.openGId)
    if (!group) return domainError('NOT_FOUND', undefined, 'openGId')
    // Moving a group out of a town needs the same right over that town.
    if (group.townId && !canBindGroup(ctx.caller.actor, group.townId)) return domainError('FORBIDDEN')
    const next: ChatGroup = {
      ...group, status: 'bound', name: input.name, target: place.target, townId: place.townId, boundBy: 'staff', boundById: ctx.caller.personId, boundAt: ctx.now,
    }
    await put(t, CHAT_GROUPS, next as unknown as Doc)
    return { written: await view(next) }
  })
  return result
}

/**
 * A card staff share into a group to bind it to a village or town: its token is 144 random bits, kept only as a hash,
 * and binds for BIND_CARD_DAYS. Not a mutation with a stored answer: the answer holds the token, which must not be kept.
 */
export async function makeBindCard(ctx: Ctx, input: In<'makeBindCard'>): Promise<unknown> {
  const place = await placeOf(input.targetKind, input.targetId)
  if (!place) return domainError('NOT_FOUND', undefined, 'targetId')
  if (!canBindGroup(ctx.caller.actor, place.townId)) return domainError('FORBIDDEN')
  const token = crypto.randomBytes(18).toString('base64url')
  const expiresAt = new Date(Date.parse(ctx.now) + BIND_CARD_DAYS * 86_400_000).toISOString()
  const doc: BindCardDoc = { _id: bindCardId(token), target: place.target, targetName: place.name, townId: place.townId, byId: ctx.caller.personId, createdAt: ctx.now, expiresAt }
  await insert(db(), BIND_CARDS, doc as unknown as Doc)
  return { token, title: GROUP_LABELS.bindCardTitle(place.name), path: `/pages/index/index?bind=${token}`, targetName: place.name, expiresAt }
}

// ---- an item's reach ----

async function groupsBoundTo(scope: Scope, target: string): Promise<ChatGroup[]> {
  const res = await scope.collection(CHAT_GROUPS).where({ target }).orderBy('seenKey', 'desc').limit(100).get()
  return res.data as ChatGroup[]
}

/** The WeChat groups bound to a place a notice went to (village:<id>, town:<id>); other targets have none. */
export async function boundGroupsFor(targets: string[]): Promise<ChatGroup[]> {
  const places = [...new Set(targets.filter((x) => /^(village|town):/.test(x)))]
  return (await Promise.all(places.map((x) => groupsBoundTo(db(), x)))).flat()
}

export async function itemReach(ctx: Ctx, input: In<'itemReach'>): Promise<unknown> {
  const item = await getSuggestion(db(), input.id)
  if (!item) return domainError('NOT_FOUND', undefined, 'id')
  if (!canSeeReach(ctx.caller.actor, item)) return domainError('FORBIDDEN')
  const [opensRes, noticesRes] = await Promise.all([
    db().collection(GROUP_OPENS).where({ suggestionId: item._id }).orderBy('openGId', 'asc').limit(1000).get(),
    db().collection(NOTICES).where({ suggestionId: item._id }).orderBy('_id', 'asc').limit(100).get(),
  ])
  const opens = opensRes.data as GroupOpen[]
  const notices = noticesRes.data as Array<{ targets?: string[] }>
  const byGroup = new Map<string, { people: Set<string>; opens: number; lastAt: IsoTime | null }>()
  for (const o of opens) {
    const g = byGroup.get(o.openGId) ?? { people: new Set<string>(), opens: 0, lastAt: null }
    g.people.add(o.personHash)
    g.opens += o.opens
    if (!g.lastAt || o.lastAt > g.lastAt) g.lastAt = o.lastAt
    byGroup.set(o.openGId, g)
  }
  const known = new Map<string, ChatGroup>()
  for (const g of await Promise.all([...byGroup.keys()].map((id) => getById<ChatGroup>(db(), CHAT_GROUPS, id)))) if (g) known.set(g._id, g)
  const cards: CardReach[] = await Promise.all([...byGroup.entries()].map(async ([openGId, g]) => ({
    openGId, name: known.get(openGId)?.name || GROUP_LABELS.pending, targetName: await targetName(known.get(openGId)?.target ?? null),
    people: g.people.size, opens: g.opens, lastAt: g.lastAt,
  })))
  cards.sort((a, b) => b.people - a.people || a.openGId.localeCompare(b.openGId))
  const bound = await boundGroupsFor(notices.flatMap((n) => n.targets ?? []))
  const boundGroups = await Promise.all(bound.map(async (g) => ({ openGId: g._id, name: g.name, target: g.target ?? '', targetName: await targetName(g.target) })))
  return { cards, boundGroups }
}
