// A bar chart drawn with plain views (widths in %): no chart library, so nothing is added to the package, and the same
// markup renders in WeChat and in the browser build.
import { View, Text } from '@tarojs/components'
import { SERIES_COLORS, axisMax, type BarChart } from '@/domain/figures/charts'

export function BarChartView({ chart, testId }: { chart: BarChart; testId?: string }) {
  const max = axisMax(chart)
  const unit = chart.unit === '%' ? '%' : chart.unit === 'h' ? 'h' : ''
  return (
    <View className='card fig-chart' data-testid={testId ?? 'chart'}>
      <Text className='section-title'>{chart.title}</Text>
      <View className='row mt'>
        {chart.series.map((s, i) => (
          <Text key={s} className='fig-legend' style={{ color: SERIES_COLORS[i % SERIES_COLORS.length] }}>■ {s}</Text>
        ))}
      </View>
      {chart.bars.length === 0 ? <Text className='muted small'>—</Text> : null}
      {chart.bars.map((b) => (
        <View key={b.label} className='fig-bar-row'>
          <Text className='fig-bar-label'>{b.label}</Text>
          <View className='fig-bar-track'>
            {b.values.map((v, i) => (
              <View key={i} className='fig-bar' style={{ width: `${v === null ? 0 : Math.max(1, (Math.min(v, max) / max) * 100)}%`, background: SERIES_COLORS[i % SERIES_COLORS.length] }} />
            ))}
          </View>
          <Text className='fig-bar-value'>{b.values.map((v) => (v === null ? '—' : `${v}${unit}`)).join(' / ')}</Text>
        </View>
      ))}
    </View>
  )
}
