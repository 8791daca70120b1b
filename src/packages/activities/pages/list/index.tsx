// 请你来协商: activities upcoming, live and past, by town; staff also see their drafts and the ways to plan and count.
import { useState } from 'react'
import { View, Text, Button, ScrollView } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { usePagedList } from '@/hooks/usePagedList'
import { hasRole, useMe, useTowns } from '@/hooks/useMe'
import { EmptyState, ErrorBox, Loading, Tabs } from '@/components/ui'
import { activities, ActivityCardView, Entry } from '../../shared'

type Family = 'planning' | 'upcoming' | 'live' | 'past'
const PUBLIC_TABS = [{ value: 'upcoming' as Family, label: '即将开展' }, { value: 'live' as Family, label: '进行中' }, { value: 'past' as Family, label: '已开展' }]

export default function ActivityList() {
  const { me } = useMe()
  const { towns } = useTowns()
  const staff = hasRole(me, 'staff', 'admin')
  const [family, setFamily] = useState<Family>('upcoming')
  const [townId, setTownId] = useState<string | null>(null)
  const list = usePagedList((cursor) => activities('list', { family, townId: townId ?? undefined, cursor }), [family, townId])
  const [shown, setShown] = useState(false)
  useDidShow(() => { if (shown) void list.reload(); else setShown(true) })
  const tabs = staff ? [{ value: 'planning' as Family, label: '草稿' }, ...PUBLIC_TABS] : PUBLIC_TABS

  return (
    <View className='page' data-testid='activity-list'>
      <View className='card'>
        {staff ? <Button className='btn btn-primary btn-block' data-testid='new-activity' onClick={() => Taro.navigateTo({ url: '/packages/activities/pages/edit/index' })}>新建活动</Button> : null}
        {staff ? <Entry text='议题候选（多村反映的同类问题）' testId='go-topics' url='/packages/activities/pages/topics/index' /> : null}
        {staff || hasRole(me, 'evaluator') ? <Entry text='活动统计' testId='go-activity-stats' url='/packages/activities/pages/stats/index' /> : null}
        <Entry text='我的活动' testId='go-my-activities' url='/packages/activities/pages/mine/index' />
        {hasRole(me, 'admin') ? <Entry text='活动类型与评价指标' testId='go-activity-lists' url='/packages/activities/pages/admin/index' /> : null}
      </View>
      <Tabs label='活动' tabs={tabs} value={family} onChange={setFamily} />
      <ScrollView scrollX className='town-filter' aria-label='按镇街道筛选'>
        <View className='row'>
          <View className={'choice' + (townId === null ? ' choice-active' : '')} role='radio' aria-checked={townId === null} onClick={() => setTownId(null)}><Text>全部</Text></View>
          {(towns ?? []).map((t) => (
            <View key={t.id} className={'choice' + (townId === t.id ? ' choice-active' : '')} role='radio' aria-checked={townId === t.id} onClick={() => setTownId(t.id)}><Text>{t.name}</Text></View>
          ))}
        </View>
      </ScrollView>
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading ? <Loading /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <EmptyState text='这里还没有活动' /> : null}
      {list.items.map((a) => <ActivityCardView key={a.id} a={a} />)}
      {list.loadingMore ? <Loading text='正在加载更多…' /> : null}
      {!list.loading && list.hasMore && !list.loadingMore ? <Button className='btn btn-block' onClick={list.loadMore}>加载更多</Button> : null}
    </View>
  )
}
