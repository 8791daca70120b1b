// Home: the way in to 微建言, and the public feed of handled items with what was done, filtered by town.
import { useMemo, useState } from 'react'
import { View, Text, ScrollView } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { suggestions } from '@/api'
import { usePagedList } from '@/hooks/usePagedList'
import { useTowns } from '@/hooks/useMe'
import SuggestionCard from '@/components/SuggestionCard'
import { Btn, EmptyState, ErrorBox, Loading } from '@/components/ui'
import DevIdentitySwitcher from '@/components/DevIdentitySwitcher'
import GroupCardBanner from '@/components/notify/GroupCardBanner'
import { useLargeText } from '@/hooks/useLargeText'

export default function Home() {
  const large = useLargeText()
  const { towns } = useTowns()
  const [townId, setTownId] = useState<string | null>(null)
  const list = usePagedList((cursor) => suggestions('feed', { townId: townId ?? undefined, cursor }), [townId])
  // A bind card staff shared into a group opens here (?bind=<token>).
  const { params } = useRouter()
  const bindCard = useMemo(() => (params.bind ? { bindToken: params.bind } : null), [params.bind])

  return (
    <View className={'page' + large}>
      <DevIdentitySwitcher />
      <GroupCardBanner card={bindCard} />
      <View className='card hero'>
        <Text className='hero-title'>有话请说，小事快办</Text>
        <View className='mt'><Text className='muted'>身边的小问题、小建议，都可以告诉我们。政协委员和工作人员会跟进办理，并把结果告诉您。</Text></View>
        <Btn className='btn btn-primary btn-block mt' data-testid='go-submit' onClick={() => Taro.switchTab({ url: '/pages/submit/index' })}>
          我要提建议
        </Btn>
      </View>

      <Text className='section-title'>办理公开</Text>
      <ScrollView scrollX className='town-filter' aria-label='按镇街道筛选'>
        <View className='row'>
          <View className={'choice' + (townId === null ? ' choice-active' : '')} role='radio' aria-checked={townId === null} onClick={() => setTownId(null)}>
            <Text>全部</Text>
          </View>
          {(towns ?? []).map((t) => (
            <View key={t.id} className={'choice' + (townId === t.id ? ' choice-active' : '')} role='radio' aria-checked={townId === t.id} onClick={() => setTownId(t.id)}>
              <Text>{t.name}</Text>
            </View>
          ))}
        </View>
      </ScrollView>

      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading ? <Loading /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <EmptyState text='这里还没有办结的建议' /> : null}
      {list.items.map((item) => <SuggestionCard key={item.id} item={item} />)}
      {list.loadingMore ? <Loading text='正在加载更多…' /> : null}
      {!list.loading && list.hasMore && !list.loadingMore ? (
        <Btn className='btn btn-block' onClick={list.loadMore}>加载更多</Btn>
      ) : null}
      {!list.loading && !list.hasMore && list.items.length > 0 ? <View className='loading'><Text>没有更多了</Text></View> : null}
    </View>
  )
}
