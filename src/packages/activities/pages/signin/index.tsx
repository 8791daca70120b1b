// The page a scanned code opens (scene a=<activity>): sign in once (a second scan says 已签到), raise a suggestion at
// the activity, and answer how satisfied one was once it is over. In H5 the same page is opened with ?scene=.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Button, Input, Textarea, Picker } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import type { SignInState } from '@/domain/activities/api'
import { activityIdOfScene } from '@/domain/activities/api'
import { ACTIVITY_STATUS_LABELS, SATISFACTION_LABELS } from '@/domain/activities/labels'
import { SATISFACTION, type Satisfaction } from '@/domain/activities/types'
import { CATEGORIES, type Category } from '@/domain/types'
import { CATEGORY_LABELS } from '@/domain/labels'
import { ApiError, toApiError } from '@/api'
import { useCommand } from '@/hooks/useCommand'
import { ErrorBox, Field, Loading } from '@/components/ui'
import { activities, toLocal } from '../../shared'

export default function SignInPage() {
  const params = useRouter().params
  const id = params.scene ? activityIdOfScene(params.scene) : params.id ?? null
  const [s, setS] = useState<SignInState | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [note, setNote] = useState<string | null>(null)
  const load = useCallback(async () => {
    if (!id) return
    try { setS(await activities('signInState', { id })); setError(null) } catch (e) { setError(toApiError(e)) }
  }, [id])
  useEffect(() => { void load() }, [load])
  // While sign-in is open and this person has not signed in yet, the page refreshes on its own (the button appears when
  // staff open sign-in, the count moves). Once signed in it stops: 300 phones in a hall each asking every few seconds
  // would cost the venue many times what the sign-ins do; staff watch the live count on the activity's page.
  const [shown, setShown] = useState(true)
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))
  const live = (s?.status === 'published' || s?.status === 'held') && !s.signedIn && shown
  useEffect(() => {
    if (!live) return
    const timer = setInterval(() => { void load() }, 5000)
    return () => clearInterval(timer)
  }, [live, load])

  const signIn = useCommand(async (requestId: string) => {
    const r = await activities('signIn', { id: id! }, { requestId })
    setNote(r.already ? '已签到' : '签到成功')
    // The answer says all the page needs, no second call: signed in, and one more than the count the page had.
    setS((prev) => (prev ? { ...prev, signedIn: true, total: prev.total + (r.already ? 0 : 1), canRaise: prev.status === 'held' || prev.status === 'concluded' } : prev))
  })
  const [title, setTitle] = useState('')
  const [content, setContent] = useState('')
  const [category, setCategory] = useState<Category>('publicService')
  const raise = useCommand(async (requestId: string) => {
    const r = await activities('raise', { id: id!, title, content, category }, { requestId })
    setTitle('')
    setContent('')
    setNote('建议已提交，可在“我的”中查看办理进展')
    return r
  })
  const answer = useCommand(async (requestId: string, value: Satisfaction) => {
    await activities('answerSatisfaction', { id: id!, value }, { requestId })
    await load()
  })

  if (!id) return <View className='page'><ErrorBox error={new ApiError('INVALID_INPUT', { message: '签到码无效' })} /></View>
  if (!s) return <View className='page'><ErrorBox error={error} onRetry={load} />{error ? null : <Loading />}</View>
  return (
    <View className='page' data-testid='signin-page'>
      <View className='card'>
        <Text className='detail-title'>{s.topic}</Text>
        <View className='mt'><Text className='muted small'>{toLocal(s.startAt)} · {s.townName} · {s.venue} · {ACTIVITY_STATUS_LABELS[s.status]}</Text></View>
        <View className='mt'><Text className='small' data-testid='signin-total'>已有 {s.total} 人次参加</Text></View>
      </View>
      <ErrorBox error={signIn.error ?? raise.error ?? answer.error} />
      {note ? <View className='hint-box' data-testid='signin-note'><Text>{note}</Text></View> : null}
      {s.status === 'held' && !s.signedIn ? <Button className='btn btn-primary btn-block' data-testid='signin-button' loading={signIn.busy} onClick={() => signIn.run()}>签到</Button> : null}
      {s.signedIn ? <View className='card'><Text data-testid='signin-done'>已签到</Text></View> : null}
      {s.canRaise ? (
        <View className='card' data-testid='raise-form'>
          <Text className='section-title'>我要提建议</Text>
          <Field label='标题'><Input className='input' aria-label='建议标题' data-testid='raise-title' value={title} maxlength={50} onInput={(e) => setTitle(e.detail.value)} /></Field>
          <Field label='内容'><Textarea className='textarea' aria-label='建议内容' data-testid='raise-content' value={content} maxlength={1000} onInput={(e) => setContent(e.detail.value)} /></Field>
          <Picker mode='selector' range={CATEGORIES.map((c) => CATEGORY_LABELS[c])} value={CATEGORIES.indexOf(category)} onChange={(e) => setCategory(CATEGORIES[Number(e.detail.value)])}>
            <View className='picker'><Text>{CATEGORY_LABELS[category]} ▾</Text></View>
          </Picker>
          <Button className='btn btn-primary btn-block mt' data-testid='raise-submit' loading={raise.busy} onClick={() => raise.run()}>提交建议</Button>
        </View>
      ) : null}
      {s.signedIn && (s.status === 'concluded' || s.status === 'evaluated') && !s.satisfactionAnswered ? (
        <View className='card' data-testid='satisfaction'>
          <Text className='section-title'>您对本次活动满意吗？</Text>
          <View className='row'>{SATISFACTION.map((v) => <Button key={v} className='btn btn-small gap' onClick={() => answer.run(v)}>{SATISFACTION_LABELS[v]}</Button>)}</View>
        </View>
      ) : null}
      {s.satisfactionAnswered ? <Text className='muted small'>感谢您的评价</Text> : null}
      <Button className='btn btn-block mt' onClick={() => Taro.navigateTo({ url: `/packages/activities/pages/detail/index?id=${s.id}` })}>查看活动详情</Button>
    </View>
  )
}
