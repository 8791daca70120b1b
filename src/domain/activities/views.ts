// What a viewer may see of an activity: cards for lists, the items that came out of it. Names come from the server's directory.
import type { IsoTime, Suggestion } from '../types'
import type { Directory } from '../views'
import { isOverdue } from '../time'
import type { ActivityCard, ActivityItemView } from './api'
import { participantTimesOf } from './figures'
import type { Activity, ListEntry } from './types'

export function toActivityCard(a: Activity, dir: Directory, kinds: ListEntry[], live?: { total: number }): ActivityCard {
  const pt = participantTimesOf(a)
  const card: ActivityCard = {
    id: a._id, kind: a.kind, kindName: kinds.find((k) => k.id === a.kind)?.name ?? a.kind, topic: a.topic, startAt: a.startAt, endAt: a.endAt,
    townId: a.townId, townName: dir.townName(a.townId), venue: a.venue, status: a.status,
    participantTimes: live ? live.total : pt.members + pt.citizens + pt.departments,
    registeredCount: a.registeredCount, cap: a.registration.cap,
  }
  if (a.villageId) card.villageName = dir.villageName(a.villageId)
  return card
}

export function toActivityItem(s: Suggestion, dir: Directory, now: IsoTime): ActivityItemView {
  const view: ActivityItemView = { id: s._id, title: s.title, status: s.status, overdue: isOverdue(s, now), villageName: dir.villageName(s.villageId) }
  if (s.reply && (s.status === 'replied' || s.status === 'closed')) view.outcome = s.reply.outcome
  if (s.handOff) view.deadline = s.handOff.deadline
  return view
}
