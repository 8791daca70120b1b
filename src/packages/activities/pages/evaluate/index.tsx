// The third-party evaluator scores a concluded activity on the admin's criteria (1–5, with a note), seeing its data.
import { useEffect, useState } from 'react'
import { View, Text, Button, Input } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ActivityDetail } from '@/domain/activities/api'
import type { ListEntry } from '@/domain/activities/types'
import { toApiError, type ApiError } from '@/api'
import { useCommand } from '@/hooks/useCommand'
import { Chips, ErrorBox, Field, Loading } from '@/components/ui'
import { activities, Row, toLocal } from '../../shared'

const SCORES = ['1', '2', '3', '4', '5'] as const

export default function EvaluatePage() {
  const id = useRouter().params.id ?? ''
  const [d, setD] = useState<ActivityDetail | null>(null)
  const [criteria, setCriteria] = useState<ListEntry[]>([])
  const [scores, setScores] = useState<Record<string, string>>({})
  const [notes, setNotes] = useState<Record<string, string>>({})
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => {
    Promise.all([activities('detail', { id }), activities('lists', {})]).then(([detail, lists]) => {
      setD(detail)
      setCriteria(lists.criteria.filter((c) => !c.retired))
    }, (e) => setError(toApiError(e)))
  }, [id])
  const submit = useCommand(async (requestId: string) => {
    await activities('evaluate', {
      id, scores: criteria.map((c) => ({ criterionId: c.id, score: Number(scores[c.id] ?? 0), ...(notes[c.id] ? { note: notes[c.id] } : {}) })),
    }, { requestId })
    await Taro.redirectTo({ url: `/packages/activities/pages/detail/index?id=${id}` })
  })
  if (!d) return <View className='page'><ErrorBox error={error} />{error ? null : <Loading />}</View>
  return (
    <View className='page' data-testid='evaluate-page'>
      <View className='card'>
        <Text className='detail-title'>{d.topic}</Text>
        <View className='mt'><Text className='muted small'>{d.kindName} · {toLocal(d.startAt)} · {d.townName} · {d.venue}</Text></View>
        <Row name='参加人次' value={d.participants.total} />
        <Row name='提出建议' value={d.raised.length} />
        <Row name='现场拍板事项' value={d.agreedItems.length} />
        <Row name='满意 / 基本满意 / 不满意' value={`${d.satisfaction.satisfied} / ${d.satisfaction.basicallySatisfied} / ${d.satisfaction.dissatisfied}`} />
        {d.conclusion ? <View className='mt'><Text className='content'>{d.conclusion.minutes}</Text></View> : null}
      </View>
      {criteria.map((c) => (
        <View key={c.id} className='card' data-testid='criterion'>
          <Field label={c.name}>
            <Chips label={c.name} value={scores[c.id] ?? null} onChange={(v) => setScores({ ...scores, [c.id]: v })} choices={SCORES.map((s) => ({ value: s, label: `${s} 分` }))} />
            <Input className='input mt' aria-label={`${c.name}说明`} placeholder='说明（可选）' value={notes[c.id] ?? ''} onInput={(e) => setNotes({ ...notes, [c.id]: e.detail.value })} />
          </Field>
        </View>
      ))}
      <ErrorBox error={submit.error} />
      <Button className='btn btn-primary btn-block' data-testid='evaluate-submit' loading={submit.busy} onClick={() => submit.run()}>提交评价</Button>
    </View>
  )
}
