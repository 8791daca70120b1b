// 我的村社区: the villages a member is bound to (一村一社一委员), each with its open items; every item of the chosen one,
// open or all, newest first. Tapping an item opens its detail.
import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import type { SuggestionCard as Card, VillageSummary } from '@/domain/api'
import { suggestions, toApiError, type ApiError } from '@/api'
import { usePagedList } from '@/hooks/usePagedList'
import SuggestionCard from '@/components/SuggestionCard'
import { EmptyState, ErrorBox, Loading, Tabs } from '@/components/ui'
import { useLargeText } from '@/hooks/useLargeText'

type Scope = 'open' | 'all'
const SCOPES = [{ value: 'open' as Scope, label: '未办结' }, { value: 'all' as Scope, label: '全部' }]

export default function MyVillages() {
  const large = useLargeText()
  const [villages, setVillages] = useState<VillageSummary[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [villageId, setVillageId] = useState<string | null>(null)
  const [scope, setScope] = useState<Scope>('open')
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    suggestions('myVillages', {}).then((r) => {
      if (!live) return
      setVillages(r.villages)
      setError(null)
      setVillageId((id) => (id && r.villages.some((v) => v.id === id) ? id : r.villages[0]?.id ?? null))
    }, (e) => { if (live) setError(toApiError(e)) })
    return () => { live = false }
  }, [tick])
  const list = usePagedList<Card, object>((cursor) => suggestions('villageItems', { villageId: villageId!, open: scope === 'open', cursor }), [villageId, scope], { enabled: !!villageId })
  const [seen, setSeen] = useState(false)
  useDidShow(() => { if (seen) { setTick((t) => t + 1); if (villageId) void list.reload() } else setSeen(true) })

  if (!villages) return <View className={'page' + large}>{error ? <ErrorBox error={error} onRetry={() => setTick((t) => t + 1)} /> : <Loading />}</View>
  const chosen = villages.find((v) => v.id === villageId) ?? null
  return (
    <View className={'page' + large} data-testid='my-villages'>
      <View className='card'>
        <Text className='muted small'>您挂钩联系的村社区（一村一社一委员）里群众提出的全部建议。点开一条，可以看进展、发表意见。</Text>
      </View>
      {villages.length === 0 ? <EmptyState text='您还没有挂钩的村社区，请联系管理员' /> : null}
      {villages.map((v) => (
        <View key={v.id} className={'card entry' + (v.id === villageId ? ' entry-active' : '')} role='button' aria-pressed={v.id === villageId}
          data-testid='my-village' onClick={() => setVillageId(v.id)}>
          <View>
            <Text className='section-title'>{v.name}</Text>
            <View><Text className='muted small'>{v.townName}</Text></View>
          </View>
          <Text className='small' data-testid='village-open-count'>未办结 {v.openCount} 条 · 共 {v.totalCount} 条</Text>
        </View>
      ))}
      {chosen ? (
        <>
          <Tabs label={`${chosen.name}的建议`} tabs={SCOPES} value={scope} onChange={setScope} />
          <ErrorBox error={list.error} onRetry={list.reload} />
          {list.loading ? <Loading /> : null}
          {!list.loading && !list.error && list.items.length === 0 ? <EmptyState text={scope === 'open' ? '这个村社区没有未办结的建议' : '这个村社区还没有建议'} /> : null}
          {list.items.map((item) => <SuggestionCard key={item.id} item={item} />)}
          {list.loadingMore ? <Loading text='正在加载更多…' /> : null}
        </>
      ) : null}
    </View>
  )
}
