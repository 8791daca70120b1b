// The `suggestions` collection. Stored documents carry derived fields that exist only to be indexed
// (the status family, the triage tab, who holds the item, sortable keys ending in the id); the domain never sees them.
import type { Id, IsoTime, Suggestion, SuggestionStatus } from '../../src/domain/types'
import { FAMILY_OF, isEnded } from '../../src/domain/transitions'
import type { TriageTab } from '../../src/domain/api'
import { factsOf } from '../../src/domain/figures/measures'
import { searchKeysOf } from '../../src/domain/figures/search'
import { db, getById, put, type Doc, type Scope } from '../db'

export const SUGGESTIONS = 'suggestions'

const DERIVED = ['family', 'tab', 'open', 'holderKey', 'dueKey', 'replyKey', 'feed', 'fig', 'grams'] as const

export function triageTabOf(status: SuggestionStatus): Exclude<TriageTab, 'overdue'> {
  switch (status) {
    case 'assigned': case 'claimed': return 'handling'
    case 'closed': case 'rejected': case 'merged': case 'withdrawn': return 'ended'
    default: return status
  }
}

export function targetKey(target: NonNullable<Suggestion['handOff']>['target']): string {
  if (target.kind === 'member') return `m:${target.memberId}`
  if (target.kind === 'sectorGroup') return `g:${target.sectorGroupId}`
  return `d:${target.departmentId}`
}

/** Who holds the item now, as one indexed key: the hand-off target while assigned, the handler once claimed. */
export function holderKeyOf(s: Suggestion): string | null {
  if (s.status === 'assigned' && s.handOff) return targetKey(s.handOff.target)
  if ((s.status === 'claimed' || s.status === 'replied') && s.handlerId) return `m:${s.handlerId}`
  return null
}

export function toDoc(s: Suggestion): Doc {
  const doc: Doc = { ...s, family: FAMILY_OF[s.status], tab: triageTabOf(s.status), open: !isEnded(s.status) }
  const holder = holderKeyOf(s)
  if (holder) doc.holderKey = holder
  if (s.handOff) doc.dueKey = `${s.handOff.deadline}|${s._id}`
  if (s.reply) doc.replyKey = `${s.reply.at}|${s._id}`
  doc.feed = (s.status === 'replied' || s.status === 'closed') && !!s.reply
  // The figures' facts (flags, month, member/group/department, bucketed times) and the search keys: server/figures.
  doc.fig = factsOf(s)
  doc.grams = searchKeysOf(s.title, s.content)
  return doc
}

export function fromDoc(doc: Doc): Suggestion {
  const s = { ...doc }
  for (const k of DERIVED) delete s[k]
  return s as Suggestion
}

export async function getSuggestion(scope: Scope, id: Id): Promise<Suggestion | null> {
  const doc = await getById(scope, SUGGESTIONS, id)
  return doc ? fromDoc(doc) : null
}

export async function putSuggestion(scope: Scope, s: Suggestion): Promise<void> {
  await put(scope, SUGGESTIONS, toDoc(s))
}

export async function getSuggestionsByIds(scope: Scope, ids: Id[]): Promise<Suggestion[]> {
  if (ids.length === 0) return []
  const byId = new Map<string, Suggestion>()
  // At most 1,000 records per call: asked in slices.
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = ids.slice(i, i + 1000)
    const res = await scope.collection(SUGGESTIONS).where({ _id: db().command.in(slice) }).limit(slice.length).get()
    for (const d of res.data as Doc[]) byId.set(d._id as string, fromDoc(d))
  }
  return ids.map((id) => byId.get(id)).filter((s): s is Suggestion => !!s)
}

/**
 * "Handling and overdue": a range on the deadline key, which the triage indexes ({tab, [townId], [category], dueKey})
 * answer directly. `deadline|id` sorts below `now` exactly when the deadline is before now.
 */
export function overdueWhere(now: IsoTime, filters: Doc = {}): Doc {
  return { tab: 'handling', ...filters, dueKey: db().command.lt(now) }
}

/** The item waiting for the resident who holds this takeover card (index `takeoverCode`). */
export async function findByTakeoverCode(scope: Scope, code: string): Promise<Suggestion | null> {
  const res = await scope.collection(SUGGESTIONS).where({ 'pendingTakeover.code': code }).limit(1).get()
  const doc = (res.data as Doc[])[0]
  return doc ? fromDoc(doc) : null
}
