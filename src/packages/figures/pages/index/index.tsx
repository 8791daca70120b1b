// 统计: the office's figures for a month, quarter or year by any dimension, the previous period beside each number,
// a chart, rankings with a minimum count, and Excel exports of the table and of the item list.
import { useCallback, useEffect, useMemo, useState } from 'react'
import { View, Text, Picker, Button } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { toApiError, type ApiError } from '@/api'
import type { FiguresTable } from '@/domain/figures/api'
import { DIMENSIONS, RATE_KEYS, rankBy, type Dimension, type RateKey } from '@/domain/figures/measures'
import type { PeriodInput } from '@/domain/figures/periods'
import { DIMENSION_LABELS, FIGURES_TEXT, RATE_HELP, RATE_LABELS } from '@/domain/figures/labels'
import { adoptionByTown, monthlyTrend, replyTimeByCategory, type BarChart } from '@/domain/figures/charts'
import { Chips, ErrorBox, Loading, Tabs } from '@/components/ui'
import { BarChartView } from '../../components/BarChartView'
import { FiguresRowCard } from '../../components/FiguresRowCard'
import { figures, thisYear } from '../../api'
import { useExport } from '@/components/figures/useExport'
import '../../figures.css'

type Kind = 'year' | 'quarter' | 'month'
const KINDS = [{ value: 'year', label: '年' }, { value: 'quarter', label: '季度' }, { value: 'month', label: '月' }] as const
const MIN_COUNTS = [1, 3, 5, 10, 20]

function chartOf(t: FiguresTable): BarChart {
  if (t.dimension === 'month') return monthlyTrend(t)
  if (t.dimension === 'category') return replyTimeByCategory(t)
  const chart = adoptionByTown(t)
  return t.dimension === 'town' ? chart : { ...chart, title: `各${DIMENSION_LABELS[t.dimension]}采纳率与满意率` }
}

export default function FiguresPage() {
  const year0 = thisYear()
  const years = [year0, year0 - 1, year0 - 2]
  const [kind, setKind] = useState<Kind>('year')
  const [year, setYear] = useState(year0)
  const [sub, setSub] = useState(1) // quarter or month
  const [dimension, setDimension] = useState<Dimension>('town')
  const [rankRate, setRankRate] = useState<RateKey | null>(null)
  const [minIdx, setMinIdx] = useState(2)
  const [table, setTable] = useState<FiguresTable | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)

  const period: PeriodInput = kind === 'year' ? { kind, year } : kind === 'quarter' ? { kind, year, quarter: sub } : { kind, year, month: sub }
  const periodKey = JSON.stringify(period)
  const load = useCallback(async () => {
    setLoading(true)
    try {
      setTable(await figures('table', { period: JSON.parse(periodKey), dimension }))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setLoading(false)
    }
  }, [periodKey, dimension])
  useEffect(() => { void load() }, [load])
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })

  const ranked = useMemo(() => (table && rankRate ? rankBy(table.rows, rankRate, MIN_COUNTS[minIdx]) : null), [table, rankRate, minIdx])

  // Each export with a request id: a tap retried after a failure with no answer gets the first call's file.
  const exporter = useExport()
  const exportFile = (what: 'table' | 'items') =>
    void (what === 'table' ? exporter.run('exportTable', { period, dimension }) : exporter.run('exportItems', { period }))

  const subs = kind === 'quarter' ? [1, 2, 3, 4] : Array.from({ length: 12 }, (_, i) => i + 1)
  const t = table
  return (
    <View className='page' data-testid='figures'>
      <Chips label='统计周期' choices={KINDS} value={kind} onChange={(k) => { setKind(k); setSub(1) }} />
      <View className='row mt'>
        <Picker mode='selector' range={years.map((y) => `${y} 年`)} value={years.indexOf(year)} onChange={(e) => setYear(years[Number(e.detail.value)])}>
          <View className='picker gap' aria-label='选择年份' data-testid='pick-year'><Text>{year} 年 ▾</Text></View>
        </Picker>
        {kind !== 'year' ? (
          <Picker mode='selector' range={subs.map((n) => (kind === 'quarter' ? `第${n}季度` : `${n} 月`))} value={sub - 1} onChange={(e) => setSub(Number(e.detail.value) + 1)}>
            <View className='picker' aria-label={kind === 'quarter' ? '选择季度' : '选择月份'} data-testid='pick-sub'><Text>{kind === 'quarter' ? `第${sub}季度` : `${sub} 月`} ▾</Text></View>
          </Picker>
        ) : null}
      </View>
      <Tabs label='统计维度' tabs={DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))} value={dimension} onChange={setDimension} />
      <ErrorBox error={error} onRetry={load} />
      {loading && !t ? <Loading /> : null}
      {t ? (
        <View>
          <View className='card mt' data-testid='figures-headline'>
            <Text className='muted small'>{t.period.label}（上期：{t.previous.label}）</Text>
            <View className='mt'>
              <Text>收到 </Text><Text className='stat-big'>{t.total.counts.received}</Text><Text> 条，采纳 </Text>
              <Text className='stat-big'>{t.total.counts.adopted}</Text><Text> 条</Text>
            </View>
          </View>
          <BarChartView chart={chartOf(t)} />
          <View className='card'>
            <Text className='section-title'>排名</Text>
            <Chips label='按比率排名' choices={RATE_KEYS.map((k) => ({ value: k, label: RATE_LABELS[k] }))} value={rankRate} onChange={(k) => setRankRate(k === rankRate ? null : k)} />
            <View className='row mt'>
              <Picker mode='selector' range={MIN_COUNTS.map((n) => `最低 ${n} 件`)} value={minIdx} onChange={(e) => setMinIdx(Number(e.detail.value))}>
                <View className='picker' aria-label='最低件数'><Text>{FIGURES_TEXT.minCount(MIN_COUNTS[minIdx])} ▾</Text></View>
              </Picker>
            </View>
            {rankRate ? <Text className='muted small'>{RATE_LABELS[rankRate]} = {RATE_HELP[rankRate]}</Text> : null}
          </View>
          <View className='row'>
            <Button className='btn btn-small gap' loading={exporter.busy === 'exportTable'} disabled={!!exporter.busy} onClick={() => exportFile('table')} data-testid='export-table'>导出本表</Button>
            <Button className='btn btn-small gap' loading={exporter.busy === 'exportItems'} disabled={!!exporter.busy} onClick={() => exportFile('items')} data-testid='export-items'>导出建议清单</Button>
          </View>
          <ErrorBox error={exporter.error} />
          {(ranked ?? t.rows.map((row) => ({ row, rank: undefined as number | null | undefined }))).map(({ row, rank }) => (
            <FiguresRowCard
              key={row.key} row={row} rank={rank} rankRate={rankRate ?? undefined}
              onOpen={dimension === 'member' ? () => void Taro.navigateTo({ url: `/packages/figures/pages/record/index?memberId=${row.key}&year=${year}` }) : undefined}
            />
          ))}
          {t.rows.length === 0 ? <View className='empty'><Text>这一期没有建议</Text></View> : null}
          <FiguresRowCard row={t.total} />
          <View className='card'>
            <View className='entry link' role='link' data-testid='go-member-records' onClick={() => void Taro.navigateTo({ url: `/packages/figures/pages/members/index?year=${year}` })}><Text>委员履职记录</Text><Text>›</Text></View>
            <View className='entry link' role='link' data-testid='go-report' onClick={() => void Taro.navigateTo({ url: `/packages/figures/pages/report/index?year=${year}` })}><Text>年度报告</Text><Text>›</Text></View>
            <View className='entry link' role='link' data-testid='go-search' onClick={() => void Taro.navigateTo({ url: '/packages/figures/pages/search/index' })}><Text>关键词搜索</Text><Text>›</Text></View>
          </View>
        </View>
      ) : null}
    </View>
  )
}
