// One member's duty record for a year (the member's own from 我的, anyone's for staff): the figures and every item behind them.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Picker, Button } from '@tarojs/components'
import Taro, { useRouter, usePullDownRefresh } from '@tarojs/taro'
import { toApiError, type ApiError } from '@/api'
import type { MemberRecord, MemberRecordItem } from '@/domain/figures/api'
import { OUTCOME_LABELS, RATING_LABELS, STATUS_LABELS } from '@/domain/labels'
import { localTime } from '@/domain/figures/periods'
import { ErrorBox, Loading } from '@/components/ui'
import { openDetail } from '@/components/SuggestionCard'
import { FiguresRowCard } from '../../components/FiguresRowCard'
import { figures, thisYear } from '../../api'
import '../../figures.css'

export default function MemberRecordPage() {
  const { params } = useRouter()
  const memberId = params.memberId || undefined
  const year0 = thisYear()
  const years = [year0, year0 - 1, year0 - 2]
  const [year, setYear] = useState(Number(params.year) || year0)
  const [record, setRecord] = useState<MemberRecord | null>(null)
  const [items, setItems] = useState<MemberRecordItem[]>([])
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)

  const load = useCallback(async (cursor?: string | null) => {
    setLoading(true)
    try {
      const r = await figures('memberRecord', { year, ...(memberId ? { memberId } : {}), ...(cursor ? { cursor } : {}) })
      setRecord(r)
      setItems((prev) => (cursor ? [...prev, ...r.items] : r.items))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setLoading(false)
    }
  }, [year, memberId])
  useEffect(() => { void load() }, [load])
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })

  const row = record?.row
  return (
    <View className='page' data-testid='member-record'>
      <Picker mode='selector' range={years.map((y) => `${y} 年`)} value={years.indexOf(year)} onChange={(e) => setYear(years[Number(e.detail.value)])}>
        <View className='picker' aria-label='选择年份'><Text>{year} 年 ▾</Text></View>
      </Picker>
      <ErrorBox error={error} onRetry={() => void load()} />
      {loading && !record ? <Loading /> : null}
      {row ? (
        <View>
          <FiguresRowCard row={row} />
          <View className='card'>
            <Text className='small'>认领活动组交办 {row.counts.groupTaken} 件 · 参与协商 {row.commentedItems} 件{row.activitiesAttended !== null ? ` · 参加活动 ${row.activitiesAttended} 次` : ''}</Text>
          </View>
          <Text className='section-title'>经手的建议</Text>
          {items.map((i) => (
            <View key={i.id} className='card' role='link' data-testid='record-item' onClick={() => openDetail(i.id)}>
              <View className='row-between'>
                <Text className='card-title'>{i.title}</Text>
                <Text className='tag'>{STATUS_LABELS[i.status]}</Text>
              </View>
              <Text className='muted small'>
                {i.townName} · 提出 {localTime(i.createdAt)}{i.claimedAt ? ` · 认领 ${localTime(i.claimedAt)}` : ''}{i.repliedAt ? ` · 答复 ${localTime(i.repliedAt)}` : ''}
                {i.outcome ? ` · ${OUTCOME_LABELS[i.outcome]}` : ''}{i.onTime === false ? ' · 超期答复' : ''}{i.rating ? ` · ${RATING_LABELS[i.rating]}` : ''}{i.viaGroup ? ' · 活动组交办' : ''}
              </Text>
            </View>
          ))}
          {record?.nextCursor ? <Button className='btn btn-block' onClick={() => void load(record.nextCursor)}>更多</Button> : null}
          {items.length === 0 ? <View className='empty'><Text>这一年还没有经手的建议</Text></View> : null}
        </View>
      ) : null}
    </View>
  )
}
