// 年度报告: the year-end report as a page — the headline in the seed's form, tables by town and sector group, the cases,
// the charts — and the same report as a Word file.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Picker, Button } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { toApiError, type ApiError } from '@/api'
import type { FiguresRow, YearReport } from '@/domain/figures/api'
import { formatRate } from '@/domain/figures/measures'
import { FIGURES_TEXT } from '@/domain/figures/labels'
import { OUTCOME_LABELS } from '@/domain/labels'
import { ErrorBox, Loading } from '@/components/ui'
import { openDetail } from '@/components/SuggestionCard'
import { BarChartView } from '../../components/BarChartView'
import { figures, thisYear } from '../../api'
import { useExport } from '@/components/figures/useExport'
import '../../figures.css'

function Rows({ rows }: { rows: FiguresRow[] }) {
  return (
    <View>
      {rows.map((r) => (
        <View key={r.key} className='entry'>
          <Text>{r.name}</Text>
          <Text className='small'>收到 {r.counts.received} · 答复 {r.counts.replied} · 采纳 {r.counts.adopted}（{formatRate(r.rates.adoptionRate)}）· 满意率 {formatRate(r.rates.satisfactionRate)}</Text>
        </View>
      ))}
    </View>
  )
}

export default function ReportPage() {
  const { params } = useRouter()
  const year0 = thisYear()
  const years = [year0, year0 - 1, year0 - 2]
  const [year, setYear] = useState(Number(params.year) || year0)
  const [report, setReport] = useState<YearReport | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  const load = useCallback(async () => {
    try {
      setReport(await figures('yearReport', { year }))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [year])
  useEffect(() => { setReport(null); void load() }, [load])

  // With a request id (kept until the file opens): a tap retried after a failure with no answer gets the first file.
  const exporter = useExport()
  const exportWord = () => void exporter.run('exportYearReport', { year })

  return (
    <View className='page' data-testid='year-report'>
      <View className='row-between'>
        <Picker mode='selector' range={years.map((y) => `${y} 年`)} value={years.indexOf(year)} onChange={(e) => setYear(years[Number(e.detail.value)])}>
          <View className='picker' aria-label='选择年份'><Text>{year} 年 ▾</Text></View>
        </Picker>
        <Button className='btn btn-small' disabled={!!exporter.busy || !report} onClick={exportWord} data-testid='export-report'>导出 Word</Button>
      </View>
      <ErrorBox error={exporter.error} />
      <ErrorBox error={error} onRetry={load} />
      {!report && !error ? <Loading /> : null}
      {report ? (
        <View>
          <View className='card mt'>
            <Text className='section-title'>{FIGURES_TEXT.reportTitle(report.year, report.scope)}</Text>
            <View className='mt'><Text data-testid='report-headline'>{report.headline}</Text></View>
            {report.activities ? <View className='mt'><Text data-testid='report-activities'>{report.activities.paragraph}</Text></View> : null}
          </View>
          <View className='card'><Text className='section-title'>{FIGURES_TEXT.byTown}</Text><Rows rows={[...report.byTown, report.total]} /></View>
          <View className='card'><Text className='section-title'>{FIGURES_TEXT.byGroup}</Text><Rows rows={report.bySectorGroup} /></View>
          <View className='card'>
            <Text className='section-title'>{FIGURES_TEXT.mostSeconded}</Text>
            {report.mostSeconded.map((s) => (
              <View key={s.id} className='entry link' role='link' onClick={() => openDetail(s.id)}><Text>{s.title}（{s.townName}）</Text><Text>附议 {s.secondCount}</Text></View>
            ))}
          </View>
          <View className='card'>
            <Text className='section-title'>{FIGURES_TEXT.adoptedCases}</Text>
            {report.adopted.map((a) => (
              <View key={a.id} className='mt' role='link' onClick={() => openDetail(a.id)}>
                <Text className='card-title'>{a.title}（{a.townName}，{OUTCOME_LABELS[a.outcome]}）</Text>
                <View><Text className='muted small'>答复：{a.reply}</Text></View>
              </View>
            ))}
          </View>
          {report.charts.map((c) => <BarChartView key={c.title} chart={c} />)}
        </View>
      ) : null}
    </View>
  )
}
