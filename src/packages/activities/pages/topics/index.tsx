// 议题候选: open suggestions from three or more villages that say the same thing; one tap plans an activity on it.
import { useEffect, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ActivitiesActions } from '@/domain/activities/api'
import { CATEGORY_LABELS } from '@/domain/labels'
import { toApiError, type ApiError } from '@/api'
import { EmptyState, ErrorBox, Loading } from '@/components/ui'
import { activities } from '../../shared'

export default function Topics() {
  const [topics, setTopics] = useState<ActivitiesActions['candidates']['out']['topics'] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => { activities('candidates', {}).then((r) => setTopics(r.topics), (e) => setError(toApiError(e))) }, [])
  if (!topics) return <View className='page'><ErrorBox error={error} />{error ? null : <Loading />}</View>
  return (
    <View className='page' data-testid='topics'>
      {topics.length === 0 ? <EmptyState text='暂无三个以上村社区反映的同类问题' /> : null}
      {topics.map((t) => (
        <View key={t.itemIds.join()} className='card' data-testid='topic'>
          <Text className='card-title'>{t.title}</Text>
          <View className='mt'><Text className='muted small'>{CATEGORY_LABELS[t.category]} · {t.villageIds.length} 个村社区 · {t.itemIds.length} 条</Text></View>
          {t.items.map((i) => <View key={i.id} className='mt'><Text className='small'>{i.townName} {i.villageName}：{i.title}</Text></View>)}
          <Button className='btn btn-primary btn-block mt' onClick={() => Taro.navigateTo({ url: `/packages/activities/pages/edit/index?topics=${t.itemIds.join(',')}&title=${encodeURIComponent(t.title)}` })}>以此议题组织协商</Button>
        </View>
      ))}
    </View>
  )
}
