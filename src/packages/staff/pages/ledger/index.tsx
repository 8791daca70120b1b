// 统计台账: the year's figures straight from the data ("1237 条建议，918 条采纳"), by status, outcome and town.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Picker } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { Ledger } from '@/domain/api'
import { OUTCOMES, STATUSES } from '@/domain/types'
import { suggestions, toApiError, type ApiError } from '@/api'
import { useTowns } from '@/hooks/useMe'
import { ErrorBox, Loading } from '@/components/ui'
import { OUTCOME_LABEL, STATUS_LABEL } from '@/components/labels'

function yearRange(year: number): { from: string; to: string } {
  // The year in UTC+8: from Jan 1 00:00 (+08:00) to the next Jan 1.
  return { from: new Date(Date.UTC(year, 0, 1, -8)).toISOString(), to: new Date(Date.UTC(year + 1, 0, 1, -8)).toISOString() }
}

export default function LedgerPage() {
  const { towns } = useTowns()
  const thisYear = new Date(Date.now() + 8 * 3600e3).getUTCFullYear()
  const years = [thisYear, thisYear - 1, thisYear - 2]
  const [year, setYear] = useState<number | null>(thisYear)
  const [townIdx, setTownIdx] = useState(0)
  const [ledger, setLedger] = useState<Ledger | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const townId = townIdx > 0 ? towns?.[townIdx - 1]?.id : undefined

  const load = useCallback(async () => {
    setLoading(true)
    try {
      setLedger(await suggestions('ledger', { townId, ...(year ? yearRange(year) : {}) }))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setLoading(false)
    }
  }, [townId, year])
  useEffect(() => { void load() }, [load])
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })

  const yearLabels = ['全部年份', ...years.map((y) => `${y} 年`)]
  const townLabels = ['全部镇街道', ...(towns ?? []).map((t) => t.name)]
  return (
    <View className='page' data-testid='ledger'>
      <View className='row'>
        <Picker mode='selector' range={yearLabels} value={year ? years.indexOf(year) + 1 : 0} onChange={(e) => { const i = Number(e.detail.value); setYear(i === 0 ? null : years[i - 1]) }}>
          <View className='picker gap' aria-label='选择年份'><Text>{year ? `${year} 年` : '全部年份'} ▾</Text></View>
        </Picker>
        <Picker mode='selector' range={townLabels} value={townIdx} onChange={(e) => setTownIdx(Number(e.detail.value))}>
          <View className='picker' aria-label='选择镇街道'><Text>{townLabels[townIdx]} ▾</Text></View>
        </Picker>
      </View>
      <ErrorBox error={error} onRetry={load} />
      {loading && !ledger ? <Loading /> : null}
      {ledger ? (
        <View>
          <View className='card mt' data-testid='ledger-headline'>
            <Text className='stat-big'>{ledger.total}</Text><Text> 条建议，</Text>
            <Text className='stat-big'>{ledger.adopted}</Text><Text> 条采纳</Text>
            <View className='mt'><Text className='muted small'>采纳含“采纳”和“部分采纳”；重办 {ledger.reopened} 次</Text></View>
          </View>
          <View className='card'>
            <Text className='section-title'>按状态</Text>
            {STATUSES.filter((s) => ledger.byStatus[s]).map((s) => <Row key={s} name={STATUS_LABEL[s]} value={ledger.byStatus[s] ?? 0} />)}
          </View>
          <View className='card'>
            <Text className='section-title'>按采纳情况</Text>
            {OUTCOMES.map((o) => <Row key={o} name={OUTCOME_LABEL[o]} value={ledger.byOutcome[o] ?? 0} />)}
          </View>
          <View className='card'>
            <Text className='section-title'>按镇街道</Text>
            {ledger.byTown.map((t) => <Row key={t.townId} name={t.townName} value={t.total} extra={`采纳 ${t.adopted}`} />)}
          </View>
        </View>
      ) : null}
    </View>
  )
}

function Row({ name, value, extra }: { name: string; value: number; extra?: string }) {
  return (
    <View className='entry'>
      <Text>{name}</Text>
      <Text>{value}{extra ? `（${extra}）` : ''}</Text>
    </View>
  )
}
