// 我的 → 通知设置: what this person will be told, a switch per kind, and the one-time reminders they have left
// (each 允许 in WeChat's subscription prompt allows one message); a tap asks WeChat for one more.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Switch, Button } from '@tarojs/components'
import type { NotificationKind } from '@/domain/notify/api'
import { newRequestId, toApiError, type ApiError } from '@/api'
import { notify } from '@/api/notify'
import { requestSubscribe } from '@/api/subscribe'
import { ErrorBox } from '@/components/ui'

export default function NotificationSettings() {
  const [kinds, setKinds] = useState<NotificationKind[] | null>(null)
  const [longTerm, setLongTerm] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const load = useCallback(async () => {
    try {
      const r = await notify('myNotifications', {})
      setKinds(r.kinds)
      setLongTerm(r.longTerm)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])
  useEffect(() => { void load() }, [load])

  const toggle = async (k: NotificationKind, on: boolean) => {
    setKinds((list) => list?.map((x) => (x.key === k.key ? { ...x, on } : x)) ?? null)
    try {
      await notify('setNotification', { templateKey: k.key, on }, { requestId: newRequestId() })
    } catch (e) {
      setError(toApiError(e))
      void load()
    }
  }

  if (!kinds) return error ? <ErrorBox error={error} onRetry={load} /> : null
  return (
    <View className='card' data-testid='notification-settings'>
      <Text className='section-title'>通知设置</Text>
      <ErrorBox error={error} />
      {kinds.map((k) => (
        <View key={k.key} className='switch-row field' data-testid={`notify-kind-${k.key}`}>
          <View>
            <View><Text>{k.label}</Text></View>
            {longTerm ? null : (
              <Text className='muted small' data-testid={`notify-left-${k.key}`}>剩余提醒 {k.left} 次</Text>
            )}
          </View>
          <View className='row'>
            {!longTerm && k.on ? (
              // requestSubscribeMessage must be called inside the tap itself.
              <Button className='btn btn-small gap' data-testid={`notify-more-${k.key}`} onClick={() => { void requestSubscribe([k.templateId]).then(load) }}>增加</Button>
            ) : null}
            <Switch aria-label={k.label} checked={k.on} color='#c8161d' onChange={(e) => { void toggle(k, e.detail.value) }} />
          </View>
        </View>
      ))}
    </View>
  )
}
