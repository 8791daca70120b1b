// Staff's view of where an item's notifications went, folded into its timeline: under a staff push (通知工作群) each
// group it went to with its robot delivery's state (sent, failed, waiting for the robot's limit) and the WeChat groups
// bound there with how many people opened its card; under other events the messages their command sent.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import type { EventView } from '@/domain/api'
import type { DeliveryView } from '@/domain/notify/api'
import { GROUP_LABELS, type GroupsActions } from '@/domain/notify/groups'
import { KIND_LABELS } from '@/domain/notify/labels'
import { newRequestId, toApiError, type ApiError } from '@/api'
import { groupCards, notify } from '@/api/notify'
import DevGroupPicker from '@/components/DevGroupPicker'
import { foldDeliveries } from './foldDeliveries'

type Reach = GroupsActions['itemReach']['out']
const KIND = { robot: '群机器人', subscribe: '订阅消息' } as const
const ROBOT_TARGET: Record<string, string> = { village: '村社区群', town: '镇街道群', sectorGroup: '界别活动组群', staff: '工作人员群', department: '部门群' }
/** A delivery in words: which kind of message to whom. */
function deliveryLabel(d: DeliveryView): string {
  return d.kind === 'robot' ? `${KIND.robot} · ${ROBOT_TARGET[d.to.replace(/:.*/, '')] ?? d.to}` : `${KIND.subscribe} · ${KIND_LABELS[d.templateKey] ?? d.templateKey}`
}

export interface NoticeHistory {
  folded: Map<string, DeliveryView[]>
  reach: Reach | null
  error: ApiError | null
  reload: () => void
}

/** Loads an item's deliveries and card reach when `enabled` (staff of its town), folded under `events`. */
export function useNoticeHistory(id: string, events: EventView[], enabled: boolean, refresh = 0): NoticeHistory {
  const [deliveries, setDeliveries] = useState<DeliveryView[]>([])
  const [reach, setReach] = useState<Reach | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [again, setAgain] = useState(0)
  useEffect(() => {
    if (!enabled) return
    Promise.all([notify('itemDeliveries', { id }), groupCards('itemReach', { id })]).then(([d, r]) => {
      setDeliveries(d.deliveries ?? [])
      setReach(r)
      setError(null)
    }, (e) => setError(toApiError(e)))
  }, [id, enabled, refresh, again])
  const reload = useCallback(() => setAgain((n) => n + 1), [])
  return { folded: foldDeliveries(events, deliveries), reach, error, reload }
}

function DeliveryRow({ d, label, onResent }: { d: DeliveryView; label: string; onResent: () => void }) {
  const [error, setError] = useState<ApiError | null>(null)
  return (
    <View className='row-between' data-testid='delivery' data-to={d.to}>
      <View>
        <Text className='small'>{label}</Text>
        {d.reason && d.status !== 'sent' ? <View><Text className='muted small'>{d.reason}{d.errcode ? `（${d.errcode}）` : ''}</Text></View> : null}
        {error ? <View><Text className='field-error small'>{error.message}</Text></View> : null}
      </View>
      <View className='row'>
        <Text className={'small ' + (d.status === 'failed' ? 'field-error' : 'muted')} data-testid='delivery-state'>{d.state}</Text>
        {d.status === 'failed' || d.status === 'skipped' ? (
          <Button className='btn btn-small' data-testid='delivery-resend' onClick={async () => {
            try { await notify('resendNotice', { id: d.id }, { requestId: newRequestId() }); onResent() } catch (e) { setError(toApiError(e)) }
          }}>重发</Button>
        ) : null}
      </View>
    </View>
  )
}

/** What goes under one timeline event for staff. */
export function EventDeliveries({ event, itemId, history }: { event: EventView; itemId: string; history: NoticeHistory }) {
  const rows = history.folded.get(event.id) ?? []
  if (event.command !== 'noticePushed') {
    if (rows.length === 0) return null
    return (
      <View className='mt' data-testid='event-deliveries'>
        {rows.map((d) => <DeliveryRow key={d.id} d={d} label={deliveryLabel(d)} onResent={history.reload} />)}
      </View>
    )
  }
  const targets = Array.isArray(event.payload.targets) ? (event.payload.targets as Array<{ key: string; name: string }>) : []
  const noticeId = String(event.payload.noticeId ?? '')
  const people = new Map((history.reach?.cards ?? []).map((c) => [c.openGId, c.people]))
  return (
    <View className='mt' data-testid='notice-deliveries' data-notice-id={noticeId}>
      {targets.map((t) => {
        const row = rows.find((d) => d.to === t.key)
        const groups = (history.reach?.boundGroups ?? []).filter((g) => g.target === t.key)
        return (
          <View key={t.key} data-testid='notice-target' data-target={t.key}>
            {row ? <DeliveryRow d={row} label={`${t.name} · ${KIND.robot}`} onResent={history.reload} /> : <Text className='small'>{t.name}</Text>}
            {groups.map((g) => (
              <View key={g.openGId} className='row-between' data-testid='notice-group'>
                <Text className='small'>{g.name || GROUP_LABELS.pending}（微信群）</Text>
                <Text className='muted small' data-testid='notice-group-people'>{people.get(g.openGId) ? GROUP_LABELS.people(people.get(g.openGId)!) : GROUP_LABELS.notOpened}</Text>
              </View>
            ))}
          </View>
        )
      })}
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className='btn btn-small mt' openType='share' data-notice-id={noticeId} data-testid='share-notice'>转发通知卡片到微信群</Button>
      ) : <DevGroupPicker path={`/pages/detail/index?id=${encodeURIComponent(itemId)}&noticeId=${encodeURIComponent(noticeId)}`} label='从微信群打开这张通知卡片' />}
    </View>
  )
}

/** Cards of this item opened from groups that no notice target lists (the item shared into a group). */
export function SharedCards({ history, shownGroups }: { history: NoticeHistory; shownGroups: Set<string> }) {
  const cards = (history.reach?.cards ?? []).filter((c) => !shownGroups.has(c.openGId))
  if (cards.length === 0) return null
  return (
    <View className='mt' data-testid='shared-cards'>
      <Text className='label'>{GROUP_LABELS.reachTitle}</Text>
      {cards.map((c) => (
        <View key={c.openGId} className='row-between' data-testid='shared-card'>
          <Text className='small'>{c.name}{c.targetName ? `（${c.targetName}）` : ''}</Text>
          <Text className='muted small'>{GROUP_LABELS.people(c.people)}</Text>
        </View>
      ))}
    </View>
  )
}
