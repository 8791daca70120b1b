// One row of a figures table as a card: counts, each rate with its parts and its change against the previous period,
// the median times; an optional rank.
import { View, Text } from '@tarojs/components'
import type { FiguresRow } from '@/domain/figures/api'
import { RATE_KEYS, changeOf, formatHours, formatRate, type RateKey } from '@/domain/figures/measures'
import { RATE_LABELS, FIGURES_TEXT } from '@/domain/figures/labels'

function Change({ value, points }: { value: number | null; points?: boolean }) {
  if (value === null || value === 0) return null
  const text = points ? `${Math.abs(value * 100).toFixed(1)}点` : `${Math.abs(value)}`
  return <Text className={value > 0 ? 'fig-up small' : 'fig-down small'}> {value > 0 ? FIGURES_TEXT.up : FIGURES_TEXT.down}{text}</Text>
}

export function FiguresRowCard({ row, rank, rankRate, onOpen }: { row: FiguresRow; rank?: number | null; rankRate?: RateKey; onOpen?: () => void }) {
  const c = row.counts
  return (
    <View className='card' data-testid='figures-row' onClick={onOpen}>
      <View className='row-between'>
        <Text className='card-title'>
          {rank !== undefined ? <Text className='fig-rank'>{rank ?? '—'}</Text> : null}{row.name}
        </Text>
        <Text className='muted small'>收到 {c.received}<Change value={changeOf(c.received, row.previous?.counts.received)} /></Text>
      </View>
      <View className='fig-grid mt'>
        {[['受理', c.accepted], ['交办', c.handedOff], ['认领', c.claimed], ['答复', c.replied], ['办结', c.closed], ['重办', c.reopened]].map(([k, v]) => (
          <View key={k} className='fig-cell'><Text className='muted small'>{k} </Text><Text>{v}</Text></View>
        ))}
      </View>
      <View className='fig-grid'>
        {RATE_KEYS.map((k) => (
          <View key={k} className='fig-cell' data-testid={`rate-${k}`}>
            <Text className={'small' + (rankRate === k ? '' : ' muted')}>{RATE_LABELS[k]} </Text>
            <Text className='fig-num'>{formatRate(row.rates[k])}</Text>
            <Text className='muted small'> {row.rates[k].num}/{row.rates[k].den}</Text>
            <Change value={changeOf(row.rates[k], row.previous?.rates[k])} points />
          </View>
        ))}
      </View>
      <View className='mt'>
        <Text className='muted small'>
          认领到答复 中位 {formatHours(row.times.toReply.median)} · 90% {formatHours(row.times.toReply.p90)}；提交到办结 中位 {formatHours(row.times.toClose.median)}
        </Text>
      </View>
    </View>
  )
}
