// 活动统计: the year's paragraph from the data, count by kind, participant-times, suggestions raised and adopted, agreed
// items on time, evaluation scores, by town; for a year (UTC+8) and a town.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Picker } from '@tarojs/components'
import type { ActivitiesActions } from '@/domain/activities/api'
import type { ScoreAggregate } from '@/domain/activities/figures'
import { PARTICIPANT_GROUP_LABELS, SATISFACTION_LABELS } from '@/domain/activities/labels'
import { PARTICIPANT_GROUPS, SATISFACTION } from '@/domain/activities/types'
import { toApiError, type ApiError } from '@/api'
import { useTowns } from '@/hooks/useMe'
import { ErrorBox, Loading } from '@/components/ui'
import { activities, Row } from '../../shared'

function yearRange(year: number): { from: string; to: string } {
  return { from: new Date(Date.UTC(year, 0, 1, -8)).toISOString(), to: new Date(Date.UTC(year + 1, 0, 1, -8)).toISOString() }
}

export default function ActivityStats() {
  const { towns } = useTowns()
  const thisYear = new Date(Date.now() + 8 * 3600e3).getUTCFullYear()
  const years = [thisYear, thisYear - 1, thisYear - 2]
  const [year, setYear] = useState<number | null>(thisYear)
  const [townIdx, setTownIdx] = useState(0)
  const [f, setF] = useState<ActivitiesActions['figures']['out'] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const townId = townIdx > 0 ? towns?.[townIdx - 1]?.id : undefined
  const load = useCallback(async () => {
    try { setF(await activities('figures', { ...(townId ? { townId } : {}), ...(year ? yearRange(year) : {}) })); setError(null) } catch (e) { setError(toApiError(e)) }
  }, [townId, year])
  useEffect(() => { void load() }, [load])
  const yearLabels = ['全部年份', ...years.map((y) => `${y} 年`)]
  const townLabels = ['全部镇街道', ...(towns ?? []).map((t) => t.name)]
  const pct = (num: number, den: number) => (den ? `${Math.round((num / den) * 1000) / 10}%` : '—')
  return (
    <View className='page' data-testid='activity-stats'>
      <View className='row'>
        <Picker mode='selector' range={yearLabels} value={year ? years.indexOf(year) + 1 : 0} onChange={(e) => { const i = Number(e.detail.value); setYear(i === 0 ? null : years[i - 1]) }}>
          <View className='picker gap' aria-label='选择年份'><Text>{year ? `${year} 年` : '全部年份'} ▾</Text></View>
        </Picker>
        <Picker mode='selector' range={townLabels} value={townIdx} onChange={(e) => setTownIdx(Number(e.detail.value))}>
          <View className='picker' aria-label='选择镇街道'><Text>{townLabels[townIdx]} ▾</Text></View>
        </Picker>
      </View>
      <ErrorBox error={error} onRetry={load} />
      {!f && !error ? <Loading /> : null}
      {f ? (
        <View>
          <View className='card' data-testid='activity-paragraph'><Text className='content'>{f.paragraph}</Text></View>
          <View className='card'>
            <Text className='section-title'>按活动类型</Text>
            {f.byKind.map((k) => <Row key={k.kind} name={k.name} value={`${k.count} 场 · ${k.participantTimes} 人次`} />)}
          </View>
          <View className='card'>
            <Text className='section-title'>参加人次 {f.participantTimes.total}</Text>
            {PARTICIPANT_GROUPS.map((g) => <Row key={g} name={PARTICIPANT_GROUP_LABELS[g]} value={f.participantTimes[g]} />)}
          </View>
          <View className='card' data-testid='activity-outcomes'>
            <Text className='section-title'>成果</Text>
            <Row name='活动中提出建议' value={`${f.raised} 条，采纳 ${f.raisedAdopted} 条`} />
            <Row name='现场拍板事项' value={`${f.agreedItems.total} 项，已答复 ${f.agreedItems.answered}，超期 ${f.agreedItems.overdue}`} />
            <Row name='按期办结率' value={pct(f.agreedItems.onTimeRate.num, f.agreedItems.onTimeRate.den)} />
          </View>
          <View className='card'>
            <Text className='section-title'>第三方评价{f.evaluation.overall === null ? '' : `（平均 ${f.evaluation.overall} 分）`}</Text>
            {f.evaluation.byCriterion.map((c) => <Row key={c.criterionId} name={c.name} value={c.average === null ? '—' : `${c.average}（${c.n} 份）`} />)}
          </View>
          <Scores title='评价 · 按活动类型' testId='scores-by-kind' criteria={f.evaluation.byCriterion} rows={f.evaluation.byKind.map((k) => ({ ...k, key: k.kind }))} />
          <Scores title='评价 · 按镇街道' testId='scores-by-town' criteria={f.evaluation.byCriterion} rows={f.evaluation.byTown.map((t) => ({ ...t, key: t.townId, name: t.townName }))} />
          <View className='card'>
            <Text className='section-title'>参加者满意度</Text>
            {SATISFACTION.map((s) => <Row key={s} name={SATISFACTION_LABELS[s]} value={f.satisfaction[s]} />)}
          </View>
          <View className='card'>
            <Text className='section-title'>按镇街道</Text>
            {f.byTown.map((t) => <Row key={t.townId} name={t.townName} value={`${t.activities} 场 · ${t.participantTimes} 人次${t.average === null ? '' : ` · 评价 ${t.average}`}`} />)}
          </View>
        </View>
      ) : null}
    </View>
  )
}

type Figures = ActivitiesActions['figures']['out']
type ScoreLine = ScoreAggregate<{ key: string; name: string }>

/**
 * Third-party scores for each kind (or town) that held activities: the average over every criterion, then each
 * criterion's average with how many evaluations scored it; — where nobody scored.
 */
function Scores({ title, testId, criteria, rows }: { title: string; testId: string; criteria: Figures['evaluation']['byCriterion']; rows: ScoreLine[] }) {
  if (!rows.length) return null
  const nameOf = (id: string) => criteria.find((c) => c.criterionId === id)?.name ?? id
  return (
    <View className='card' data-testid={testId}>
      <Text className='section-title'>{title}</Text>
      {rows.map((r) => (
        <View key={r.key} className='mt' data-testid='score-line'>
          <Row name={r.name} value={r.average === null ? '—' : `平均 ${r.average} 分`} />
          <View><Text className='muted small' data-testid='score-criteria'>
            {r.byCriterion.map((c) => `${nameOf(c.criterionId)} ${c.average === null ? '—' : `${c.average}（${c.n} 份）`}`).join(' · ')}
          </Text></View>
        </View>
      ))}
    </View>
  )
}
