// An activity: topic, time, place, who is invited; register; staff run it (edit, publish, the sign-in code and the live
// count refreshing on its own, walk-ins, conclude with minutes, photos and agreed items, answer the topic items together);
// what came out of it and what became of each item; the evaluation.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Button, Image, Input, Textarea, Picker } from '@tarojs/components'
import Taro, { useDidHide, useDidShow, useRouter, usePullDownRefresh } from '@tarojs/taro'
import type { ActivityDetail, ActivityItemView } from '@/domain/activities/api'
import type { Category, HandOffTarget, Outcome } from '@/domain/types'
import { CATEGORIES, OUTCOMES } from '@/domain/types'
import type { TopicAnswerResult } from '@/domain/activities/commands'
import { compressImage, pickImages, uploadImage, type PickedImage } from '@/api/media'
import { ERROR_MESSAGES } from '@/api'
import { requestSubscribe } from '@/api/subscribe'
import { ACTIVITY_TEMPLATE_IDS } from '@/api/templates'
import { ACTIVITY_COMMAND_LABELS, ACTIVITY_STATUS_LABELS, PARTICIPANT_GROUP_LABELS, SATISFACTION_LABELS } from '@/domain/activities/labels'
import { PARTICIPANT_GROUPS, type ParticipantGroup } from '@/domain/activities/types'
import { CATEGORY_LABELS, OUTCOME_LABELS, STATUS_LABELS } from '@/domain/labels'
import { ApiError, org, toApiError } from '@/api'
import { useCommand } from '@/hooks/useCommand'
import { Chips, ErrorBox, Field, Loading, Sheet } from '@/components/ui'
import { activities, fromLocal, Row, toLocal } from '../../shared'

/** How often the live sign-in count refreshes while the page is open. */
const LIVE_REFRESH_MS = 5000

interface AgreedDraft { title: string; category: Category; departmentId: string; deadline: string }

export default function ActivityDetailPage() {
  const id = useRouter().params.id ?? ''
  const [d, setD] = useState<ActivityDetail | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [code, setCode] = useState<string | null>(null)
  const [sheet, setSheet] = useState<'walkIns' | 'conclude' | 'cancel' | 'record' | 'answerTopics' | null>(null)
  const [shown, setShown] = useState(true)
  const load = useCallback(async () => {
    try {
      setD(await activities('detail', { id }))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [id])
  useEffect(() => { void load() }, [load])
  useDidShow(() => setShown(true))
  useDidHide(() => setShown(false))
  // While sign-in is open the count moves by itself: staff running it see it refresh every few seconds.
  const live = d?.status === 'held' && shown && sheet === null
  useEffect(() => {
    if (!live) return
    const timer = setInterval(() => { void load() }, LIVE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [live, load])
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })

  const step = useCommand(async (requestId: string, action: 'publish' | 'openSignIn' | 'register' | 'signIn') => {
    // Registering: WeChat asks (within the tap) whether to send the reminder before it starts; the answer is reported.
    const subscribed = action === 'register' ? requestSubscribe(ACTIVITY_TEMPLATE_IDS).catch(() => ({})) : Promise.resolve({})
    await activities(action, { id }, { requestId })
    await subscribed
    await load()
  })
  const showCode = async () => {
    try {
      const c = await activities('signInCode', { id })
      setCode(`data:${c.contentType};base64,${c.base64}`)
    } catch (e) {
      setError(toApiError(e))
    }
  }

  if (!d) return <View className='page'><ErrorBox error={error} onRetry={load} />{error ? null : <Loading />}</View>
  const can = (c: string) => d.actions.includes(c as never)
  // Walk-ins' names reach staff of the activity's town only.
  const staffView = d.walkIns.names !== undefined
  return (
    <View className='page' data-testid='activity-detail' data-status={d.status}>
      <View className='card'>
        <View className='row-between'>
          <Text className='detail-title'>{d.topic}</Text>
          <Text className='tag' data-testid='activity-status'>{ACTIVITY_STATUS_LABELS[d.status]}</Text>
        </View>
        <View className='mt'><Text className='muted small'>{d.kindName} · {toLocal(d.startAt)} – {toLocal(d.endAt)}</Text></View>
        <View className='mt'><Text className='small'>{d.townName}{d.villageName ? ` ${d.villageName}` : ''} · {d.venue} · {d.organiser.name}</Text></View>
        <View className='mt'><Text className='content'>{d.description}</Text></View>
        {d.invitedMembers.length ? <View className='mt'><Text className='small'>邀请委员：{d.invitedMembers.map((m) => m.name).join('、')}</Text></View> : null}
        {d.invitedDepartments.length ? <View className='mt'><Text className='small'>邀请部门：{d.invitedDepartments.map((m) => m.name).join('、')}</Text></View> : null}
        <View className='mt'><Text className='small'>{d.registration.open ? `公开报名${d.registration.cap ? `（限 ${d.registration.cap} 人）` : ''}，已报名 ${d.registeredCount} 人` : `已报名 ${d.registeredCount} 人`}</Text></View>
      </View>

      <ErrorBox error={error ?? step.error} />
      <View className='card' data-testid='activity-actions'>
        {can('register') && !d.registered ? <Button className='btn btn-primary btn-block' data-testid='act-register' loading={step.busy} onClick={() => step.run('register')}>报名</Button> : null}
        {d.registered ? <Text className='muted small' data-testid='registered'>您已报名</Text> : null}
        {can('signIn') && !d.signedIn ? <Button className='btn btn-block mt' data-testid='act-signin' onClick={() => step.run('signIn')}>签到</Button> : null}
        {d.signedIn ? <View><Text className='muted small' data-testid='signed-in'>已签到</Text></View> : null}
        {can('update') ? <Button className='btn btn-block mt' data-testid='act-edit' onClick={() => Taro.navigateTo({ url: `/packages/activities/pages/edit/index?id=${d.id}` })}>{ACTIVITY_COMMAND_LABELS.update}</Button> : null}
        {can('answerTopics') && d.topics.length ? <Button className='btn btn-primary btn-block mt' data-testid='act-answer-topics' onClick={() => setSheet('answerTopics')}>{ACTIVITY_COMMAND_LABELS.answerTopics}</Button> : null}
        {can('publish') ? <Button className='btn btn-primary btn-block mt' data-testid='act-publish' loading={step.busy} onClick={() => step.run('publish')}>{ACTIVITY_COMMAND_LABELS.publish}</Button> : null}
        {can('openSignIn') ? <Button className='btn btn-primary btn-block mt' data-testid='act-open-signin' loading={step.busy} onClick={() => step.run('openSignIn')}>{ACTIVITY_COMMAND_LABELS.openSignIn}</Button> : null}
        {can('addWalkIns') ? <Button className='btn btn-block mt' data-testid='act-show-code' onClick={showCode}>签到码</Button> : null}
        {can('addWalkIns') ? <Button className='btn btn-block mt' data-testid='act-walkins' onClick={() => setSheet('walkIns')}>{ACTIVITY_COMMAND_LABELS.addWalkIns}</Button> : null}
        {can('conclude') ? <Button className='btn btn-primary btn-block mt' data-testid='act-conclude' onClick={() => setSheet('conclude')}>{ACTIVITY_COMMAND_LABELS.conclude}</Button> : null}
        {can('raise') && staffView ? (
          <Button className='btn btn-block mt' data-testid='act-record' onClick={() => setSheet('record')}>代群众登记建议</Button>
        ) : null}
        {can('cancel') ? <Button className='btn btn-danger btn-block mt' data-testid='act-cancel' onClick={() => setSheet('cancel')}>{ACTIVITY_COMMAND_LABELS.cancel}</Button> : null}
        {can('raise') || (d.signedIn && d.status !== 'held') ? (
          <Button className='btn btn-block mt' data-testid='go-signin-page' onClick={() => Taro.navigateTo({ url: `/${d.signInPath}` })}>{d.signedIn ? '我要提建议 / 满意度' : '签到页'}</Button>
        ) : null}
        {can('evaluate') && !d.evaluation.mine ? (
          <Button className='btn btn-primary btn-block mt' data-testid='act-evaluate' onClick={() => Taro.navigateTo({ url: `/packages/activities/pages/evaluate/index?id=${d.id}` })}>{ACTIVITY_COMMAND_LABELS.evaluate}</Button>
        ) : null}
      </View>

      {code ? (
        <View className='card' data-testid='signin-code'>
          <Text className='section-title'>扫码签到</Text>
          <Image src={code} style={{ width: '200px', height: '200px' }} mode='aspectFit' />
          <View className='mt'><Text className='muted small' data-testid='signin-link'>{d.signInPath}</Text></View>
        </View>
      ) : null}

      <View className='card' data-testid='participants'>
        <Text className='section-title' data-testid='participants-total'>参加人次 {d.participants.total}</Text>
        {live ? <View><Text className='muted small'>签到进行中，人数自动刷新</Text></View> : null}
        {PARTICIPANT_GROUPS.map((g) => <Row key={g} name={PARTICIPANT_GROUP_LABELS[g]} value={`${d.participants[g]}（签到 ${d.signIns[g]}，现场登记 ${d.walkIns[g]}）`} />)}
        {d.walkIns.names?.length ? <View className='mt'><Text className='muted small'>现场登记：{d.walkIns.names.map((n) => n.name).join('、')}</Text></View> : null}
      </View>

      {d.conclusion ? (
        <View className='card' data-testid='minutes'>
          <Text className='section-title'>活动纪要</Text>
          <View className='mt'><Text className='content'>{d.conclusion.minutes}</Text></View>
          {d.conclusion.photos.length ? <View className='thumbs mt'>{d.conclusion.photos.map((p) => <Image key={p} className='thumb' src={p} mode='aspectFill' />)}</View> : null}
        </View>
      ) : null}
      <Items title='现场拍板事项' testId='agreed-items' items={d.agreedItems} />
      <Items title='活动中提出的建议' testId='raised-items' items={d.raised} />
      <Items title='议题（多村反映）' testId='topic-items' items={d.topics} />

      {d.evaluation.count ? (
        <View className='card' data-testid='evaluation'>
          <Text className='section-title'>第三方评价（{d.evaluation.count} 份{d.evaluation.overall !== null ? `，平均 ${d.evaluation.overall} 分` : ''}）</Text>
          {d.evaluation.byCriterion.map((c) => <Row key={c.criterionId} name={c.name} value={c.average === null ? '—' : c.average} />)}
        </View>
      ) : null}
      {d.satisfaction.satisfied + d.satisfaction.basicallySatisfied + d.satisfaction.dissatisfied ? (
        <View className='card'>
          <Text className='section-title'>参加者满意度</Text>
          {(['satisfied', 'basicallySatisfied', 'dissatisfied'] as const).map((s) => <Row key={s} name={SATISFACTION_LABELS[s]} value={d.satisfaction[s]} />)}
        </View>
      ) : null}

      <View className='card' data-testid='activity-timeline'>
        <Text className='section-title'>活动记录</Text>
        {d.timeline.map((e) => (
          <View key={e.id} className='timeline-item'>
            <Text className='small'>{toLocal(e.at)} {e.actorName} {ACTIVITY_COMMAND_LABELS[e.command as keyof typeof ACTIVITY_COMMAND_LABELS] ?? e.command}</Text>
          </View>
        ))}
      </View>

      {sheet === 'walkIns' ? <WalkInsForm id={id} onDone={() => { setSheet(null); void load() }} onClose={() => setSheet(null)} /> : null}
      {sheet === 'conclude' ? <ConcludeForm d={d} onDone={() => { setSheet(null); void load() }} onClose={() => setSheet(null)} /> : null}
      {sheet === 'record' ? <RecordForm id={id} onDone={() => { setSheet(null); void load() }} onClose={() => setSheet(null)} /> : null}
      {sheet === 'answerTopics' ? <AnswerTopicsForm d={d} onDone={() => void load()} onClose={() => { setSheet(null); void load() }} /> : null}
      {sheet === 'cancel' ? <CancelForm id={id} onDone={() => { setSheet(null); void load() }} onClose={() => setSheet(null)} /> : null}
    </View>
  )
}

function Items({ title, items, testId }: { title: string; items: (ActivityItemView & { targetName?: string })[]; testId: string }) {
  if (!items.length) return null
  return (
    <View className='card' data-testid={testId}>
      <Text className='section-title'>{title}</Text>
      {items.map((i) => (
        <View key={i.id} className='entry' role='link' data-testid='activity-item' onClick={() => Taro.navigateTo({ url: `/pages/detail/index?id=${i.id}` })}>
          <Text>{i.title}{i.targetName ? `（${i.targetName}）` : ''}</Text>
          <Text className={i.overdue ? 'tag tag-red' : 'tag'}>{i.overdue ? '已超期' : i.outcome ? OUTCOME_LABELS[i.outcome] : STATUS_LABELS[i.status]}</Text>
        </View>
      ))}
    </View>
  )
}

function WalkInsForm({ id, onDone, onClose }: { id: string; onDone: () => void; onClose: () => void }) {
  const [group, setGroup] = useState<ParticipantGroup>('citizens')
  const [count, setCount] = useState('')
  const [names, setNames] = useState('')
  const cmd = useCommand(async (requestId: string) => {
    const list = names.split(/[,，、\s]+/).map((s) => s.trim()).filter(Boolean)
    await activities('addWalkIns', { id, group, ...(count ? { count: Number(count) } : {}), ...(list.length ? { names: list } : {}) }, { requestId })
    onDone()
  })
  return (
    <Sheet title='登记现场人员' onClose={onClose}>
      <Chips label='人员类别' value={group} onChange={setGroup} choices={PARTICIPANT_GROUPS.map((g) => ({ value: g, label: PARTICIPANT_GROUP_LABELS[g] }))} />
      <Field label='人数（未扫码）'><Input className='input' type='number' aria-label='人数' data-testid='walkins-count' value={count} onInput={(e) => setCount(e.detail.value)} /></Field>
      <Field label='姓名（可选，用逗号分隔）'><Input className='input' aria-label='姓名' value={names} onInput={(e) => setNames(e.detail.value)} /></Field>
      <ErrorBox error={cmd.error} />
      <Button className='btn btn-primary btn-block' data-testid='walkins-submit' loading={cmd.busy} onClick={() => cmd.run()}>登记</Button>
    </Sheet>
  )
}

/** Staff record a suggestion raised on site for a named participant without a phone at hand; it joins the loop. */
function RecordForm({ id, onDone, onClose }: { id: string; onDone: () => void; onClose: () => void }) {
  const [name, setName] = useState('')
  const [title, setTitle] = useState('')
  const [content, setContent] = useState('')
  const [category, setCategory] = useState<Category>('publicService')
  const cmd = useCommand(async (requestId: string) => {
    await activities('raise', { id, title, content, category, onBehalfOf: { name } }, { requestId })
    onDone()
  })
  return (
    <Sheet title='代群众登记建议' onClose={onClose}>
      <Field label='提出人姓名'><Input className='input' aria-label='提出人姓名' value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} /></Field>
      <Field label='标题'><Input className='input' aria-label='建议标题' value={title} maxlength={50} onInput={(e) => setTitle(e.detail.value)} /></Field>
      <Field label='内容'><Textarea className='textarea' aria-label='建议内容' value={content} maxlength={1000} onInput={(e) => setContent(e.detail.value)} /></Field>
      <Picker mode='selector' range={CATEGORIES.map((c) => CATEGORY_LABELS[c])} value={CATEGORIES.indexOf(category)} onChange={(e) => setCategory(CATEGORIES[Number(e.detail.value)])}>
        <View className='picker'><Text>{CATEGORY_LABELS[category]} ▾</Text></View>
      </Picker>
      <ErrorBox error={cmd.error} />
      <Button className='btn btn-primary btn-block mt' loading={cmd.busy} onClick={() => cmd.run()}>登记</Button>
    </Sheet>
  )
}

function CancelForm({ id, onDone, onClose }: { id: string; onDone: () => void; onClose: () => void }) {
  const [reason, setReason] = useState('')
  const cmd = useCommand(async (requestId: string) => { await activities('cancel', { id, reason }, { requestId }); onDone() })
  return (
    <Sheet title='取消活动' onClose={onClose}>
      <Field label='原因'><Textarea className='textarea' aria-label='取消原因' value={reason} onInput={(e) => setReason(e.detail.value)} /></Field>
      <ErrorBox error={cmd.error} />
      <Button className='btn btn-danger btn-block' loading={cmd.busy} onClick={() => cmd.run()}>确认取消</Button>
    </Sheet>
  )
}

function ConcludeForm({ d, onDone, onClose }: { d: ActivityDetail; onDone: () => void; onClose: () => void }) {
  const [minutes, setMinutes] = useState('')
  const [items, setItems] = useState<AgreedDraft[]>([])
  const [photos, setPhotos] = useState<(PickedImage & { fileId?: string })[]>([])
  const [departments, setDepartments] = useState<{ id: string; name: string }[]>([])
  useEffect(() => {
    void org('departments', {}).then((r) => {
      setDepartments(r.departments)
      // An item added before the list arrived takes the first department, as one added after does.
      setItems((list) => list.map((i) => (i.departmentId ? i : { ...i, departmentId: r.departments[0]?.id ?? '' })))
    })
  }, [])
  const cmd = useCommand(async (requestId: string) => {
    // Photos go to cloud storage first (as a suggestion's do); the activity keeps their cloud:// ids.
    const uploaded: string[] = []
    for (const p of photos) {
      if (!p.fileId) p.fileId = await uploadImage(p, 'activities')
      uploaded.push(p.fileId)
    }
    const agreedItems = items.map((i, n) => {
      const deadline = fromLocal(`${i.deadline} 18:00`)
      if (!deadline) throw new ApiError('INVALID_INPUT', { field: `agreedItems.${n}.deadline`, message: `第${n + 1}项期限格式应为 2026-12-31` })
      const target: HandOffTarget = { kind: 'department', departmentId: i.departmentId }
      return { title: i.title, category: i.category, target, deadline }
    })
    await activities('conclude', { id: d.id, minutes, photos: uploaded, agreedItems }, { requestId })
    onDone()
  })
  const set = (n: number, patch: Partial<AgreedDraft>) => setItems(items.map((x, i) => (i === n ? { ...x, ...patch } : x)))
  return (
    <Sheet title='结束活动' onClose={onClose}>
      <Field label='活动纪要'><Textarea className='textarea' aria-label='活动纪要' data-testid='conclude-minutes' value={minutes} maxlength={5000} onInput={(e) => setMinutes(e.detail.value)} /></Field>
      <Field label='活动照片（可选）'>
        <View className='thumbs'>
          {photos.map((p) => <Image key={p.path} className='thumb' src={p.path} mode='aspectFill' data-testid='conclude-photo' />)}
          {photos.length < 9 ? (
            <View className='thumb thumb-add' role='button' aria-label='添加活动照片' data-testid='conclude-add-photo' onClick={async () => {
              const picked = await Promise.all((await pickImages(9 - photos.length)).map(compressImage))
              setPhotos((list) => list.concat(picked))
            }}><Text>+</Text></View>
          ) : null}
        </View>
      </Field>
      <Text className='section-title'>现场拍板事项</Text>
      {items.map((it, n) => (
        <View key={n} className='card' data-testid='agreed-draft'>
          <Input className='input' aria-label='事项' data-testid='agreed-title' placeholder='承诺事项' value={it.title} onInput={(e) => set(n, { title: e.detail.value })} />
          <Picker mode='selector' range={CATEGORIES.map((c) => CATEGORY_LABELS[c])} value={CATEGORIES.indexOf(it.category)} onChange={(e) => set(n, { category: CATEGORIES[Number(e.detail.value)] })}>
            <View className='picker mt'><Text>{CATEGORY_LABELS[it.category]} ▾</Text></View>
          </Picker>
          <Picker mode='selector' range={departments.map((x) => x.name)} value={Math.max(0, departments.findIndex((x) => x.id === it.departmentId))} onChange={(e) => set(n, { departmentId: departments[Number(e.detail.value)]?.id ?? '' })}>
            <View className='picker mt' data-testid='agreed-department'><Text>{departments.find((x) => x.id === it.departmentId)?.name ?? '选择责任部门'} ▾</Text></View>
          </Picker>
          <Input className='input mt' aria-label='办理期限' data-testid='agreed-deadline' placeholder='期限，如 2026-12-31' value={it.deadline} onInput={(e) => set(n, { deadline: e.detail.value })} />
        </View>
      ))}
      <Button className='btn btn-block' data-testid='agreed-add' onClick={() => setItems([...items, { title: '', category: 'publicService', departmentId: departments[0]?.id ?? '', deadline: '' }])}>添加拍板事项</Button>
      <ErrorBox error={cmd.error} />
      <Button className='btn btn-primary btn-block mt' data-testid='conclude-submit' loading={cmd.busy} onClick={() => cmd.run()}>结束活动</Button>
    </Sheet>
  )
}

interface TopicDraft { text: string; outcome: Outcome; departmentId: string }

/**
 * After the activity, staff answer its topic items together from one screen: one answer and outcome per item, the
 * department that answered on site; each item goes through the loop's own commands, and each shows what became of it.
 */
function AnswerTopicsForm({ d, onDone, onClose }: { d: ActivityDetail; onDone: () => void; onClose: () => void }) {
  // The items still to answer when the screen opened: they stay, each with its result, after the answers go out.
  const [open] = useState(() => d.topics.filter((t) => t.status !== 'replied' && t.status !== 'closed'))
  const first = d.invitedDepartments[0]?.id ?? ''
  const [drafts, setDrafts] = useState<Record<string, TopicDraft>>(() => Object.fromEntries(open.map((t) => [t.id, { text: '', outcome: 'adopted' as Outcome, departmentId: first }])))
  const [results, setResults] = useState<TopicAnswerResult[] | null>(null)
  const set = (id: string, patch: Partial<TopicDraft>) => setDrafts((all) => ({ ...all, [id]: { ...all[id], ...patch } }))
  const cmd = useCommand(async (requestId: string) => {
    const answers = open.filter((t) => drafts[t.id]?.text.trim()).map((t) => ({
      suggestionId: t.id, text: drafts[t.id].text.trim(), outcome: drafts[t.id].outcome, ...(drafts[t.id].departmentId ? { departmentId: drafts[t.id].departmentId } : {}),
    }))
    if (!answers.length) throw new ApiError('INVALID_INPUT', { field: 'answers', message: '请至少填写一条答复' })
    const r = await activities('answerTopics', { id: d.id, answers }, { requestId })
    setResults(r.results)
    onDone()
  })
  const resultOf = (id: string) => results?.find((r) => r.suggestionId === id)
  return (
    <Sheet title='统一答复议题' onClose={onClose}>
      {open.length === 0 ? <Text className='muted'>议题建议都已答复</Text> : null}
      {open.map((t) => {
        const r = resultOf(t.id)
        return (
          <View key={t.id} className='card' data-testid='topic-answer' data-id={t.id}>
            <Text className='card-title'>{t.title}</Text>
            <View><Text className='muted small'>{t.villageName} · {STATUS_LABELS[t.status]}</Text></View>
            <Textarea className='textarea mt' aria-label={`答复：${t.title}`} data-testid='topic-answer-text' value={drafts[t.id]?.text ?? ''} maxlength={1000} onInput={(e) => set(t.id, { text: e.detail.value })} />
            <Chips label='采纳情况' value={drafts[t.id]?.outcome ?? 'adopted'} onChange={(v) => set(t.id, { outcome: v })} choices={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
            {d.invitedDepartments.length > 1 ? (
              <Chips label='答复部门' value={drafts[t.id]?.departmentId ?? first} onChange={(v) => set(t.id, { departmentId: v })} choices={d.invitedDepartments.map((x) => ({ value: x.id, label: x.name }))} />
            ) : null}
            {r ? (
              <View className='mt' data-testid='topic-answer-result' data-ok={r.ok ? 'yes' : 'no'}>
                <Text className={r.ok ? 'tag tag-green' : 'tag tag-red'}>{r.ok ? `已答复（${STATUS_LABELS[r.status]}）` : r.message ?? ERROR_MESSAGES[r.code as keyof typeof ERROR_MESSAGES] ?? r.code}</Text>
              </View>
            ) : null}
          </View>
        )
      })}
      {!d.invitedDepartments.length ? <Text className='muted small'>本活动未邀请部门：已交办的议题由其办理人答复。</Text> : null}
      <ErrorBox error={cmd.error} />
      <Button className='btn btn-primary btn-block mt' data-testid='topic-answer-submit' loading={cmd.busy} onClick={() => cmd.run()}>答复所填议题</Button>
    </Sheet>
  )
}
