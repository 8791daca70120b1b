// What the 请你来协商 screens share: the `activities` function's client, times typed in UTC+8, a card, small rows.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call, type CallOptions } from '@/api'
import type { ActionIn, ActionOut } from '@/domain/api'
import type { ActivitiesActions, ActivityCard as Card } from '@/domain/activities/api'
import { ACTIVITY_STATUS_LABELS } from '@/domain/activities/labels'
import { absoluteTime } from '@/components/time'

export function activities<A extends keyof ActivitiesActions>(action: A, input: ActionIn<ActivitiesActions, A>, opts?: CallOptions): Promise<ActionOut<ActivitiesActions, A>> {
  return call('activities', action, input, opts)
}

/** "2026-12-01 09:30" read as UTC+8 → a UTC ISO string; null when it is not such a time. */
export function fromLocal(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim())
  if (!m) return null
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) - 8, Number(m[5]))
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

export function toLocal(iso: string): string {
  return absoluteTime(iso)
}

const STATUS_TAG: Record<string, string> = { draft: 'tag', published: 'tag tag-blue', held: 'tag tag-orange', concluded: 'tag tag-green', evaluated: 'tag tag-green', cancelled: 'tag' }

export function ActivityCardView({ a }: { a: Card }) {
  return (
    <View className='card' role='link' data-testid='activity-card' data-id={a.id}
      onClick={() => Taro.navigateTo({ url: `/packages/activities/pages/detail/index?id=${a.id}` })}>
      <View className='row-between'>
        <Text className='card-title'>{a.topic}</Text>
        <Text className={STATUS_TAG[a.status]}>{ACTIVITY_STATUS_LABELS[a.status]}</Text>
      </View>
      <View className='mt'><Text className='muted small'>{a.kindName} · {toLocal(a.startAt)} · {a.townName}{a.villageName ? ` ${a.villageName}` : ''} · {a.venue}</Text></View>
      <View className='mt'><Text className='small'>参加 {a.participantTimes} 人次{a.registeredCount ? ` · 报名 ${a.registeredCount}${a.cap ? `/${a.cap}` : ''}` : ''}</Text></View>
    </View>
  )
}

export function Row({ name, value }: { name: string; value: string | number }) {
  return (
    <View className='entry'>
      <Text>{name}</Text>
      <Text>{value}</Text>
    </View>
  )
}

export function Entry({ text, url, testId }: { text: string; url: string; testId: string }) {
  return (
    <View className='entry' role='link' data-testid={testId} onClick={() => Taro.navigateTo({ url })}>
      <Text>{text}</Text>
      <Text className='muted'>›</Text>
    </View>
  )
}
