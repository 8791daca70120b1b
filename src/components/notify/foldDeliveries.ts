// Folds an item's deliveries into its timeline, so staff read one history: each robot row of a staff push under its
// noticePushed event, every other row under the event its command wrote it with (same time: one transaction), or else
// under the latest event before it (the timer's messages).
import type { EventView } from '@/domain/api'
import type { DeliveryView } from '@/domain/notify/api'

export function foldDeliveries(events: Pick<EventView, 'id' | 'at' | 'command' | 'payload'>[], deliveries: DeliveryView[]): Map<string, DeliveryView[]> {
  const out = new Map<string, DeliveryView[]>()
  if (events.length === 0) return out
  const byNotice = new Map<string, string>()
  for (const e of events) if (e.command === 'noticePushed' && typeof e.payload?.noticeId === 'string') byNotice.set(e.payload.noticeId, e.id)
  const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  for (const d of deliveries) {
    let eventId = d.noticeId ? byNotice.get(d.noticeId) : undefined
    if (!eventId) {
      const same = sorted.filter((e) => e.at === d.createdAt && e.command !== 'noticePushed')
      const before = sorted.filter((e) => e.at <= d.createdAt)
      eventId = (same[same.length - 1] ?? before[before.length - 1] ?? sorted[0]).id
    }
    out.set(eventId, [...(out.get(eventId) ?? []), d])
  }
  return out
}
