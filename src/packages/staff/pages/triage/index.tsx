// 工作人员工作台: every item in my scope by triage tab, with counts, filtered by town and category. The actions
// (受理, 不予受理, 合并, 协商, 交办, 改派, 督办, 通知工作群) are on each item's detail page.
import { useState } from 'react'
import { View, Text, ScrollView, Input } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { TRIAGE_TABS, type TriageTab, type SuggestionCard as Card } from '@/domain/api'
import { CATEGORIES, type Category } from '@/domain/types'
import { suggestions } from '@/api'
import { usePagedList } from '@/hooks/usePagedList'
import { useTowns } from '@/hooks/useMe'
import SuggestionCard, { openDetail } from '@/components/SuggestionCard'
import { Btn, EmptyState, ErrorBox, Loading, Tabs } from '@/components/ui'
import { CATEGORY_LABEL, TRIAGE_TAB_LABEL } from '@/components/labels'
import { useLargeText } from '@/hooks/useLargeText'
import { useExport } from '@/components/figures/useExport'

const TABS = TRIAGE_TABS.map((t) => ({ value: t, label: TRIAGE_TAB_LABEL[t] }))
/** Tabs listed by submission time (the others go by deadline or reply time). */
const SORTED_BY_TIME: TriageTab[] = ['pendingReview', 'submitted', 'accepted', 'consulting', 'ended']

export default function StaffTriage() {
  const large = useLargeText()
  const { towns } = useTowns()
  const [tab, setTab] = useState<TriageTab>('submitted')
  const [townId, setTownId] = useState<string | null>(null)
  const [category, setCategory] = useState<Category | null>(null)
  const [oldestFirst, setOldestFirst] = useState(false)
  const [number, setNumber] = useState('')
  const list = usePagedList<Card, { counts: Record<TriageTab, number> }>(
    (cursor) => suggestions('triage', { tab, townId: townId ?? undefined, category: category ?? undefined, cursor, ...(oldestFirst ? { oldestFirst } : {}) }),
    [tab, townId, category, oldestFirst],
  )
  // 导出清单: this list as it shows (tab, town, category, order), with a request id so a retried tap makes one file.
  const exporter = useExport()
  const exportList = () => void exporter.run('exportItems', {
    tab, ...(townId ? { townId } : {}), ...(category ? { category } : {}), ...(oldestFirst && SORTED_BY_TIME.includes(tab) ? { oldestFirst } : {}),
  })
  const [seen, setSeen] = useState(false)
  useDidShow(() => { if (seen) void list.reload(); else setSeen(true) })
  // Someone who is not staff gets the refusal and a way home, not the workspace's tabs and filters.
  if (list.error?.code === 'FORBIDDEN') {
    return (
      <View className={'page' + large} data-testid='staff-refused'>
        <ErrorBox error={list.error} />
        <View className='btn btn-block mt' role='link' data-testid='go-home' onClick={() => Taro.switchTab({ url: '/pages/index/index' })}><Text>回到首页</Text></View>
      </View>
    )
  }
  return (
    <View className={'page' + large} data-testid='staff-triage'>
      <View className='row-between card'>
        <Text className='muted small'>点开一条建议进行受理、协商、交办、督办。</Text>
        <View className='btn btn-small' role='link' onClick={() => Taro.navigateTo({ url: '/packages/figures/pages/index/index' })}><Text>统计台账</Text></View>
      </View>
      <View className='row card'>
        <Input className='input grow gap' aria-label='按编号查找' data-testid='find-number' placeholder='输入建议编号直接打开' value={number} onInput={(e) => setNumber(e.detail.value.trim())} />
        <Btn className='btn' data-testid='find-number-go' disabled={!number} onClick={() => openDetail(number)}>打开</Btn>
      </View>
      <Tabs label='办理状态' tabs={TABS} value={tab} onChange={setTab} counts={list.extra?.counts} />
      {SORTED_BY_TIME.includes(tab) ? (
        <View className='row'>
          <Pill active={!oldestFirst} text='最新提交在前' onClick={() => setOldestFirst(false)} />
          <Pill active={oldestFirst} text='等待最久在前' onClick={() => setOldestFirst(true)} />
        </View>
      ) : null}
      <ScrollView scrollX className='filter' aria-label='按镇街道筛选'>
        <View className='row'>
          <Pill active={townId === null} text='全部镇街道' onClick={() => setTownId(null)} />
          {(towns ?? []).map((t) => <Pill key={t.id} active={townId === t.id} text={t.name} onClick={() => setTownId(t.id)} />)}
        </View>
      </ScrollView>
      <ScrollView scrollX className='filter' aria-label='按类别筛选'>
        <View className='row'>
          <Pill active={category === null} text='全部类别' onClick={() => setCategory(null)} />
          {CATEGORIES.map((c) => <Pill key={c} active={category === c} text={CATEGORY_LABEL[c]} onClick={() => setCategory(c)} />)}
        </View>
      </ScrollView>
      <View className='row'>
        <Btn className='btn btn-small' data-testid='export-list' loading={!!exporter.busy} disabled={!!exporter.busy} onClick={exportList}>导出本列表</Btn>
      </View>
      <ErrorBox error={exporter.error} onRetry={exportList} />
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading ? <Loading /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <EmptyState text='这里没有建议' /> : null}
      {list.items.map((item) => <SuggestionCard key={item.id} item={item} />)}
      {list.loadingMore ? <Loading text='正在加载更多…' /> : null}
    </View>
  )
}

function Pill({ active, text, onClick }: { active: boolean; text: string; onClick: () => void }) {
  return (
    <View className={'choice' + (active ? ' choice-active' : '')} role='radio' aria-checked={active} onClick={onClick}>
      <Text>{text}</Text>
    </View>
  )
}
