// 我的活动: what I am invited to (members), registered for, and took part in.
import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { ActivitiesActions } from '@/domain/activities/api'
import { toApiError, type ApiError } from '@/api'
import { EmptyState, ErrorBox, Loading } from '@/components/ui'
import { activities, ActivityCardView } from '../../shared'

export default function MyActivities() {
  const [m, setM] = useState<ActivitiesActions['mine']['out'] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => { activities('mine', {}).then(setM, (e) => setError(toApiError(e))) }, [])
  if (!m) return <View className='page'><ErrorBox error={error} />{error ? null : <Loading />}</View>
  const section = (title: string, list: typeof m.invited, testId: string) => (
    <View data-testid={testId}>
      <Text className='section-title'>{title}</Text>
      {list.length ? list.map((a) => <ActivityCardView key={a.id} a={a} />) : <EmptyState text='暂无' />}
    </View>
  )
  return (
    <View className='page' data-testid='my-activities'>
      {m.invited.length ? section('邀请我参加的', m.invited, 'mine-invited') : null}
      {section('我报名的', m.registered, 'mine-registered')}
      {section('我参加过的', m.attended, 'mine-attended')}
    </View>
  )
}
