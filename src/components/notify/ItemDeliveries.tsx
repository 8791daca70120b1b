// Where an item's notifications went (staff): each robot notice and subscribe message with its state and reason.
import { useEffect, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import type { DeliveryView } from '@/domain/notify/api'
import { newRequestId, toApiError, type ApiError } from '@/api'
import { notify } from '@/api/notify'
import { ErrorBox } from '@/components/ui'
import { absoluteTime } from '@/components/time'

const KIND = { robot: '群机器人', subscribe: '订阅消息' } as const

export default function ItemDeliveries({ id, refresh = 0, robotsOnly = false }: { id: string; refresh?: number; robotsOnly?: boolean }) {
  const [rows, setRows] = useState<DeliveryView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [again, setAgain] = useState(0)
  useEffect(() => {
    notify('itemDeliveries', { id }).then((r) => { setRows(r.deliveries); setError(null) }, (e) => setError(toApiError(e)))
  }, [id, refresh, again])
  const shown = (rows ?? []).filter((r) => !robotsOnly || r.kind === 'robot')
  if (error) return <ErrorBox error={error} />
  if (shown.length === 0) return null
  return (
    <View className='card' data-testid='item-deliveries'>
      <Text className='section-title'>通知记录</Text>
      {shown.map((r) => (
        <View key={r.id} className='row-between field' data-testid='delivery'>
          <View>
            <View><Text>{KIND[r.kind]} · {r.kind === 'robot' ? r.to.replace(/:.*/, '') : r.templateKey} · {absoluteTime(r.createdAt)}</Text></View>
            {r.note ? <View><Text className='muted small'>{r.note}</Text></View> : null}
            {r.reason && r.status !== 'sent' ? <View><Text className='muted small'>{r.reason}{r.errcode ? `（${r.errcode}）` : ''}</Text></View> : null}
          </View>
          <View className='row'>
            <Text className={r.status === 'failed' ? 'field-error' : 'muted'} data-testid='delivery-state'>{r.state}</Text>
            {r.status === 'failed' || r.status === 'skipped' ? (
              <Button className='btn btn-small' data-testid='delivery-resend' onClick={async () => {
                try { await notify('resendNotice', { id: r.id }, { requestId: newRequestId() }); setAgain((n) => n + 1) } catch (e) { setError(toApiError(e)) }
              }}>重发</Button>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}
