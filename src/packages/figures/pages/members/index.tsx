// 委员履职记录 for staff: every member's year — claimed, replied, on time, adoption, satisfaction, group hand-offs taken,
// consultations joined — ranked by a rate with a minimum count, exported as one table or one sheet per member.
import { useCallback, useEffect, useMemo, useState } from 'react'
import { View, Text, Picker, Button } from '@tarojs/components'
import Taro, { useRouter, usePullDownRefresh } from '@tarojs/taro'
import { toApiError, type ApiError } from '@/api'
import type { MemberRecords } from '@/domain/figures/api'
import { RATE_KEYS, formatRate, rankBy, type RateKey } from '@/domain/figures/measures'
import { FIGURES_TEXT, RATE_LABELS } from '@/domain/figures/labels'
import { Chips, ErrorBox, Loading } from '@/components/ui'
import { figures, thisYear } from '../../api'
import { useExport } from '@/components/figures/useExport'
import '../../figures.css'

export default function MemberRecordsPage() {
  const { params } = useRouter()
  const year0 = thisYear()
  const years = [year0, year0 - 1, year0 - 2]
  const [year, setYear] = useState(Number(params.year) || year0)
  const [rankRate, setRankRate] = useState<RateKey | null>(null)
  const [records, setRecords] = useState<MemberRecords | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)

  const load = useCallback(async () => {
    setLoading(true)
    try {
      setRecords(await figures('memberRecords', { year }))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setLoading(false)
    }
  }, [year])
  useEffect(() => { void load() }, [load])
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })

  const rows = useMemo(() => {
    if (!records) return []
    return rankRate ? rankBy(records.rows, rankRate, 3) : records.rows.map((row, i) => ({ row, rank: i + 1 }))
  }, [records, rankRate])

  // With a request id (kept until the file opens): a tap retried after a failure with no answer gets the first file.
  const exporter = useExport()
  const exportAs = (layout: 'table' | 'sheets') => void exporter.run('exportMemberRecords', { year, layout })

  return (
    <View className='page' data-testid='member-records'>
      <Picker mode='selector' range={years.map((y) => `${y} 年`)} value={years.indexOf(year)} onChange={(e) => setYear(years[Number(e.detail.value)])}>
        <View className='picker' aria-label='选择年份'><Text>{year} 年 ▾</Text></View>
      </Picker>
      <Chips label='按比率排名' choices={RATE_KEYS.map((k) => ({ value: k, label: RATE_LABELS[k] }))} value={rankRate} onChange={(k) => setRankRate(k === rankRate ? null : k)} />
      {rankRate ? <Text className='muted small'>{FIGURES_TEXT.minCount(3)}</Text> : null}
      <View className='row mt'>
        <Button className='btn btn-small gap' disabled={!!exporter.busy} onClick={() => exportAs('table')}>导出总表</Button>
        <Button className='btn btn-small' disabled={!!exporter.busy} onClick={() => exportAs('sheets')}>每人一页导出</Button>
      </View>
      <ErrorBox error={exporter.error} />
      <ErrorBox error={error} onRetry={load} />
      {loading && !records ? <Loading /> : null}
      {rows.map(({ row, rank }) => (
        <View key={row.key} className='card' data-testid='member-record-row' role='link'
          onClick={() => void Taro.navigateTo({ url: `/packages/figures/pages/record/index?memberId=${row.key}&year=${year}` })}>
          <View className='row-between'>
            <Text className='card-title'><Text className='fig-rank'>{rank ?? '—'}</Text>{row.name}</Text>
            <Text className='muted small'>认领 {row.counts.claimed} · 答复 {row.counts.replied} · 按期 {row.counts.onTime}</Text>
          </View>
          <View className='mt'>
            <Text className='small'>
              采纳率 {formatRate(row.rates.adoptionRate)} · 满意率 {formatRate(row.rates.satisfactionRate)} · 活动组交办 {row.counts.groupTaken} · 参与协商 {row.commentedItems}
              {row.activitiesAttended !== null ? ` · 参加活动 ${row.activitiesAttended}` : ''}
            </Text>
          </View>
        </View>
      ))}
    </View>
  )
}
