// One suggestion: where it stands, what happened, the consultation thread, the handler's progress and reply, the rating,
// and the actions this viewer may take (detail.actions, decided by the server's transition table and permission function).
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Image, Button, Textarea } from '@tarojs/components'
import Taro, { useRouter, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro'
import type { SuggestionDetail } from '@/domain/api'
import type { Command } from '@/domain/transitions'
import { STANCES, type Stance } from '@/domain/types'
import { suggestions, toApiError, type ApiError } from '@/api'
import { fileUrl } from '@/api/files'
import { requestSubscribe } from '@/api/subscribe'
import { SUBMIT_TEMPLATE_IDS } from '@/api/templates'
import { useCommand } from '@/hooks/useCommand'
import StatusSteps from '@/components/StatusSteps'
import Timeline from '@/components/Timeline'
import NoticeSheet from '@/components/notify/NoticeSheet'
import ItemDeliveries from '@/components/notify/ItemDeliveries'
import { canNotify, useMeWhen } from '@/components/notify/canNotify'
import { isEnded } from '@/domain/transitions'
import ActionBar from '@/components/ActionBar'
import ActionForm from '@/components/ActionForms'
import { statusTagClass } from '@/components/SuggestionCard'
import { Chips, EmptyState, ErrorBox, Field, Loading, Sheet } from '@/components/ui'
import { CATEGORY_LABEL, CHANNEL_LABEL, OUTCOME_LABEL, RATING_LABEL, ROLE_LABEL, STANCE_LABEL, STATUS_LABEL } from '@/components/labels'
import { absoluteDate, absoluteTime, bothTimes } from '@/components/time'

/** Commands only staff of the item's town can take; one of them in `actions` means this viewer works on the item as staff. */
const STAFF_COMMANDS: readonly Command[] = ['approve', 'accept', 'reject', 'merge', 'openConsultation', 'concludeConsultation', 'handOff', 'reassign', 'chase', 'close']

export default function DetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const [detail, setDetail] = useState<SuggestionDetail | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const [open, setOpen] = useState<Command | 'notifyGroup' | null>(null)
  const [noticesSeen, setNoticesSeen] = useState(0)
  const me = useMeWhen(!!detail && isEnded(detail.status))

  const load = useCallback(async () => {
    setLoading(true)
    try {
      setDetail(await suggestions('detail', { id }))
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setLoading(false)
    }
  }, [id])

  useEffect(() => { void load() }, [load])
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })

  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // withShareTicket: a card opened from a group tells the server which group it came from (binds the group to its village).
      void Taro.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage'] } as Taro.showShareMenu.Option)
    }
  }, [])
  useShareAppMessage(() => ({
    title: detail ? `【微建言】${detail.title}` : '三微 · 微建言',
    path: '/pages/detail/index?id=' + encodeURIComponent(id),
  }))

  const follow = useCommand(async (requestId: string, on: boolean) => suggestions('follow', { id, on }, { requestId }))
  const second = useCommand(async (requestId: string) => suggestions('second', { id }, { requestId }))

  if (!detail) {
    return (
      <View className='page'>
        <ErrorBox error={error} onRetry={load} />
        {loading ? <Loading /> : null}
      </View>
    )
  }
  const d = detail
  const isStaffHere = d.actions.some((a) => STAFF_COMMANDS.includes(a))
  const mayNotify = isStaffHere || canNotify(me, d.townId)
  const progress = d.timeline.filter((e) => e.command === 'progress')

  return (
    <View className='page detail' data-testid='detail' data-status={d.status}>
      <ErrorBox error={error} onRetry={load} />
      <View className='card'>
        <View className='row wrap mb'>
          <Text className={statusTagClass(d.status)} data-testid='status'>{STATUS_LABEL[d.status]}</Text>
          {d.overdue ? <Text className='tag tag-red'>已超期</Text> : null}
          <Text className='tag'>{CATEGORY_LABEL[d.category]}</Text>
          {d.reopenCount > 0 ? <Text className='tag tag-orange'>重办 {d.reopenCount} 次</Text> : null}
        </View>
        <Text className='detail-title'>{d.title}</Text>
        <View className='mt'>
          <Text className='muted small'>{d.townName} · {d.villageName} · {CHANNEL_LABEL[d.channel]}</Text>
        </View>
        <View>
          <Text className='muted small'>
            {d.author ? d.author.name : '匿名群众'}{d.anonymous && d.author ? '（匿名提交）' : ''} · {bothTimes(d.createdAt)}
          </Text>
        </View>
      </View>

      <StatusSteps status={d.status} />

      <View className='card'>
        <Text className='content'>{d.content}</Text>
        {d.images.length ? (
          <View className='thumbs mt'>
            {d.images.map((src) => (
              <Image key={src} className='photo' src={fileUrl(src)} mode='aspectFill' data-testid='detail-photo'
                onClick={() => Taro.previewImage({ urls: d.images.map(fileUrl), current: fileUrl(src) })} />
            ))}
          </View>
        ) : null}
        <View className='row mt'>
          {d.mine ? null : (
            <Button className='btn btn-small gap' disabled={follow.busy} data-testid='follow'
              onClick={async () => { const r = await follow.run(!d.following); if (r) setDetail({ ...d, following: r.following }) }}>
              {d.following ? '已关注' : '关注'}
            </Button>
          )}
          {d.actions.includes('second') ? (
            <Button className='btn btn-small gap' disabled={second.busy || d.seconded} data-testid='second'
              onClick={async () => { if (await second.run()) void load() }}>
              {d.seconded ? `已附议 ${d.secondCount}` : `附议 ${d.secondCount}`}
            </Button>
          ) : <Text className='muted small gap'>附议 {d.secondCount}</Text>}
          {mayNotify ? (
            <Button className='btn btn-small' data-testid='notify-group' onClick={() => setOpen('notifyGroup')}>通知工作群</Button>
          ) : null}
        </View>
        <ErrorBox error={follow.error ?? second.error} />
      </View>

      {d.consultation ? <Consultation detail={d} onChanged={load} /> : d.actions.includes('comment') || d.comments.length ? <Consultation detail={d} onChanged={load} /> : null}

      {d.handOff ? (
        <View className='card' data-testid='handoff'>
          <Text className='section-title'>办理情况</Text>
          <View><Text>办理方：{d.handOff.targetName}</Text></View>
          {d.handler ? <View><Text>办理委员：{d.handler.name}{d.claimedAt ? `（${absoluteTime(d.claimedAt)} 认领）` : ''}</Text></View> : null}
          <View><Text className={d.overdue ? 'field-error' : ''}>办理期限：{absoluteDate(d.handOff.deadline)}{d.overdue ? '（已超期）' : ''}</Text></View>
          {d.chaseCount ? <View><Text className='muted small'>已督办 {d.chaseCount} 次</Text></View> : null}
          {progress.length ? (
            <View className='mt'>
              <Text className='label'>办理进展</Text>
              {progress.map((e) => (
                <View key={e.id} className='comment' data-testid='progress-item'>
                  <Text>{String(e.payload.note ?? '')}</Text>
                  <View><Text className='muted small'>{e.actor.name} · {bothTimes(e.at)}</Text></View>
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}

      {d.reply ? (
        <View className='card' data-testid='reply'>
          <Text className='section-title'>答复</Text>
          <View className='mb'><Text className='tag tag-green'>{OUTCOME_LABEL[d.reply.outcome]}</Text></View>
          <Text>{d.reply.text}</Text>
          <View><Text className='muted small' data-testid='reply-by'>{d.reply.department ? d.reply.department.name + '（' + d.reply.by.name + '代录）' : d.reply.by.name} · {bothTimes(d.reply.at)}</Text></View>
        </View>
      ) : null}

      {d.rating ? (
        <View className='card' data-testid='rating'>
          <Text className='section-title'>群众评价</Text>
          <View><Text>{RATING_LABEL[d.rating.value]}</Text></View>
          {d.rating.reason ? <Text className='muted'>{d.rating.reason}</Text> : null}
        </View>
      ) : null}

      <Timeline events={d.timeline} />
      {mayNotify ? <ItemDeliveries id={d.id} refresh={noticesSeen} /> : null}

      <ActionBar actions={d.actions} onAction={setOpen} />
      {open === 'notifyGroup' ? (
        <NoticeSheet detail={d} onClose={() => { setOpen(null); setNoticesSeen((n) => n + 1) }} />
      ) : open ? (
        <ActionForm detail={d} command={open} onClose={() => setOpen(null)} onDone={() => { setOpen(null); void load() }} />
      ) : null}
    </View>
  )
}

const STANCE_CHOICES = STANCES.map((s) => ({ value: s, label: STANCE_LABEL[s] }))

function Consultation({ detail: d, onChanged }: { detail: SuggestionDetail; onChanged: () => void }) {
  const [text, setText] = useState('')
  const [stance, setStance] = useState<Stance | null>(null)
  const [replyTo, setReplyTo] = useState<string | null>(null)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const comment = useCommand(async (requestId: string) =>
    suggestions('comment', { id: d.id, text: text.trim(), stance: stance ?? undefined, replyToId: replyTo ?? undefined }, { requestId }))
  const c = d.consultation
  const byId = new Map(d.comments.map((x) => [x.id, x]))
  return (
    <View className='card' data-testid='consultation'>
      <Text className='section-title'>{c ? '微协商' : '大家的意见'}</Text>
      {c ? (
        <View className='mb'>
          <View><Text className='muted small'>协商截止：{absoluteTime(c.deadline)}</Text></View>
          {c.invited.length ? <View><Text className='muted small'>参加委员：{c.invited.map((p) => p.name).join('、')}</Text></View> : null}
          <View><Text className='small' data-testid='tally'>赞成 {c.tally.for} · 中立 {c.tally.neutral} · 反对 {c.tally.against} · 附议 {d.secondCount}</Text></View>
          {c.plan ? (
            <View className='reply-box mt' data-testid='plan'>
              <Text className='label'>商定方案</Text>
              <Text>{c.plan.actions}</Text>
              <View><Text className='muted small'>责任单位：{c.plan.responsibleUnit} · 期限：{absoluteDate(c.plan.deadline)}</Text></View>
            </View>
          ) : null}
        </View>
      ) : null}
      {d.comments.length === 0 ? <EmptyState text='还没有人发表意见' /> : null}
      {d.comments.map((x) => (
        <View key={x.id} className='comment' data-testid='comment'>
          <View className='row wrap'>
            <Text className='gap'>{x.author.name}{x.author.role ? '（' + ROLE_LABEL[x.author.role] + '）' : ''}</Text>
            {x.stance ? <Text className={'tag ' + (x.stance === 'for' ? 'tag-green' : x.stance === 'against' ? 'tag-red' : '')}>{STANCE_LABEL[x.stance]}</Text> : null}
          </View>
          {x.replyToId && byId.get(x.replyToId) ? <View><Text className='muted small'>回复 {byId.get(x.replyToId)!.author.name}：</Text></View> : null}
          <Text>{x.text}</Text>
          <View className='row-between'>
            <Text className='muted small'>{bothTimes(x.at)}</Text>
            {d.actions.includes('comment') ? <View className='link small' role='button' onClick={() => setReplyTo(x.id)}><Text>回复</Text></View> : null}
          </View>
        </View>
      ))}
      {d.actions.includes('comment') ? (
        <View className='mt' data-testid='comment-form'>
          {replyTo && byId.get(replyTo) ? (
            <View className='row-between'><Text className='muted small'>回复 {byId.get(replyTo)!.author.name}</Text><View className='link small' role='button' onClick={() => setReplyTo(null)}><Text>取消回复</Text></View></View>
          ) : null}
          {c ? (
            <Field label='您的态度'>
              <Chips label='您的态度' choices={STANCE_CHOICES} value={stance} onChange={setStance} />
            </Field>
          ) : null}
          <Field label='发表意见' error={fieldError}>
            <Textarea className='textarea' aria-label='发表意见' data-testid='comment-text' value={text} maxlength={500} onInput={(e) => setText(e.detail.value)} />
          </Field>
          <ErrorBox error={comment.error} />
          <Button className='btn btn-primary btn-block' data-testid='comment-submit' disabled={comment.busy} onClick={async () => {
            const subscribed = requestSubscribe(SUBMIT_TEMPLATE_IDS)
            if (!text.trim()) { setFieldError('请写下您的意见'); return }
            setFieldError(null)
            await subscribed
            if (await comment.run()) { setText(''); setReplyTo(null); onChanged() }
          }}>{comment.busy ? '正在提交…' : '发表'}</Button>
        </View>
      ) : null}
    </View>
  )
}
