// 发送失败的通知: every notification that could not be delivered, with WeChat's reason, and a way to send it again.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { DeliveryView } from '@/domain/notify/api'
import { newRequestId, toApiError, type ApiError } from '@/api'
import { notify } from '@/api/notify'
import { EmptyState, ErrorBox, Loading } from '@/components/ui'
import { absoluteTime } from '@/components/time'

export default function FailedNotices() {
  const [items, setItems] = useState<DeliveryView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [resent, setResent] = useState<Record<string, string>>({})
  const load = useCallback(async () => {
    try {
      setItems((await notify('failedNotices', {})).items)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])
  useEffect(() => { void load() }, [load])

  return (
    <View className='page' data-testid='failed-notices'>
      <ErrorBox error={error} onRetry={load} />
      {items === null && !error ? <Loading /> : null}
      {items && items.length === 0 ? <EmptyState text='没有发送失败的通知' /> : null}
      {(items ?? []).map((r) => (
        <View key={r.id} className='card' data-testid='failed-notice'>
          <View className='row-between'>
            <Text>{r.kind === 'robot' ? `群机器人 ${r.to}` : '订阅消息'}</Text>
            <Text className='muted small'>{absoluteTime(r.createdAt)}</Text>
          </View>
          <View className='mt'><Text>{r.title}</Text></View>
          {r.note ? <View><Text className='muted small'>{r.note}</Text></View> : null}
          <View className='mt'><Text className='field-error' data-testid='failed-reason'>{r.reason ?? ''}{r.errcode ? `（错误码 ${r.errcode}）` : ''}，已尝试 {r.attempts} 次</Text></View>
          <View className='row mt'>
            {r.suggestionId ? (
              <Button className='btn btn-small gap' onClick={() => Taro.navigateTo({ url: `/pages/detail/index?id=${r.suggestionId}` })}>查看事项</Button>
            ) : null}
            {resent[r.id] ? <Text className='muted'>{resent[r.id]}</Text> : (
              <Button className='btn btn-small btn-primary' data-testid='resend' onClick={async () => {
                try {
                  await notify('resendNotice', { id: r.id }, { requestId: newRequestId() })
                  setResent((m) => ({ ...m, [r.id]: '已重新发送' }))
                } catch (e) {
                  setError(toApiError(e))
                }
              }}>重新发送</Button>
            )}
          </View>
        </View>
      ))}
    </View>
  )
}
