// One suggestion: where it stands, what happened, the consultation thread, the handler's progress and reply, the rating,
// and the actions this viewer may take (detail.actions, decided by the server's transition table and permission function).
import { useCallback, useEffect, useMemo, useState } from 'react'
import { View, Text, Image, Textarea } from '@tarojs/components'
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
import GroupCardBanner from '@/components/notify/GroupCardBanner'
import { EventDeliveries, SharedCards, useNoticeHistory } from '@/components/notify/NoticeHistory'
import DevGroupPicker from '@/components/DevGroupPicker'
import { canNotify, useMeWhen } from '@/components/notify/canNotify'
import { isEnded } from '@/domain/transitions'
import ActionBar from '@/components/ActionBar'
import ActionForm from '@/components/ActionForms'
import { statusTagClass } from '@/components/SuggestionCard'
import { Btn, Chips, EmptyState, ErrorBox, Field, Loading, Sheet } from '@/components/ui'
import { CATEGORY_LABEL, CHANNEL_LABEL, OUTCOME_LABEL, RATING_LABEL, ROLE_LABEL, STANCE_LABEL, STATUS_LABEL } from '@/components/labels'
import { absoluteDate, absoluteTime, bothTimes } from '@/components/time'
import { useLargeText } from '@/hooks/useLargeText'

/** Commands only staff of the item's town can take; one of them in `actions` means this viewer works on the item as staff. */
const STAFF_COMMANDS: readonly Command[] = ['approve', 'accept', 'reject', 'merge', 'openConsultation', 'concludeConsultation', 'handOff', 'reassign', 'chase', 'close']

export default function DetailPage() {
  const large = useLargeText()
  const { params } = useRouter()
  const id = params.id ?? ''
  const noticeId = params.noticeId ?? ''
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

  // A busy item's detail holds its newest events and comments; older ones come a page at a time, put before them.
  const [olderBusy, setOlderBusy] = useState<'timeline' | 'comments' | null>(null)
  const loadOlder = async (what: 'timeline' | 'comments') => {
    const cursor = what === 'timeline' ? detail?.olderTimelineCursor : detail?.olderCommentsCursor
    if (!cursor || olderBusy) return
    setOlderBusy(what)
    try {
      if (what === 'timeline') {
        const page = await suggestions('timeline', { id, cursor })
        setDetail((cur) => cur && { ...cur, timeline: [...page.items, ...cur.timeline], olderTimelineCursor: page.nextCursor })
      } else {
        const page = await suggestions('comments', { id, cursor })
        setDetail((cur) => cur && { ...cur, comments: [...page.items, ...cur.comments], olderCommentsCursor: page.nextCursor })
      }
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setOlderBusy(null)
    }
  }
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })

  useEffect(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // withShareTicket: a card opened from a group tells the server which group it came from (binds the group to its village).
      void Taro.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage'] } as Taro.showShareMenu.Option)
    }
  }, [])
  // A notice's own card (its button carries data-notice-id) counts its openings for that notice.
  useShareAppMessage((res) => {
    const shared = res?.from === 'button' ? (res.target as { dataset?: { noticeId?: string } } | undefined)?.dataset?.noticeId : undefined
    return {
      title: detail ? `${shared ? '【工作群通知】' : '【微建言】'}${detail.title}` : '三微 · 微建言',
      path: '/pages/detail/index?id=' + encodeURIComponent(id) + (shared ? '&noticeId=' + encodeURIComponent(shared) : ''),
    }
  })
  const card = useMemo(() => (id ? { suggestionId: id, ...(noticeId ? { noticeId } : {}) } : null), [id, noticeId])

  const staffView = !!detail && (detail.actions.some((a) => STAFF_COMMANDS.includes(a)) || canNotify(me, detail.townId))
  const history = useNoticeHistory(id, detail?.timeline ?? [], staffView, noticesSeen)
  const follow = useCommand(async (requestId: string, on: boolean) => suggestions('follow', { id, on }, { requestId }))
  const second = useCommand(async (requestId: string) => suggestions('second', { id }, { requestId }))

  if (!detail) {
    return (
      <View className={'page' + large}>
        <GroupCardBanner card={card} />
        <ErrorBox error={error} onRetry={error?.code === 'NOT_FOUND' ? undefined : load} />
        {loading ? <Loading /> : null}
        {error ? (
          <Btn className='btn btn-block mt' data-testid='go-home' onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>回到首页</Btn>
        ) : null}
      </View>
    )
  }
  const d = detail
  const isStaffHere = d.actions.some((a) => STAFF_COMMANDS.includes(a))
  const mayNotify = isStaffHere || canNotify(me, d.townId)
  const progress = d.timeline.filter((e) => e.command === 'progress')

  return (
    <View className={'page detail' + large} data-testid='detail' data-status={d.status}>
      <GroupCardBanner card={card} />
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
        {d.authorPhone ? <View><Text className='small' data-testid='author-phone'>提议人同意联系：{d.authorPhone}</Text></View> : null}
      </View>

      <StatusSteps status={d.status} />

      {d.onBehalfOf ? (
        <View className='card' data-testid='recorded-for'>
          <Text className='section-title'>代群众录入</Text>
          <View><Text>为 {d.onBehalfOf.name}{d.onBehalfOf.phone ? '（' + d.onBehalfOf.phone + '）' : ''} 录入</Text></View>
          {d.takeoverCode ? (
            <View className='hint-box'>
              <Text>认领码 </Text><Text className='card-title' data-testid='takeover-code'>{d.takeoverCode}</Text>
              <View><Text className='muted small'>请把认领码交给群众：他在“我的 → 认领代录的建言”输入认领码，或填写登记的手机号，就能接手这条建言、收到进展并评价。</Text></View>
            </View>
          ) : <View><Text className='muted small'>{d.takenOverAt ? '群众已于 ' + absoluteTime(d.takenOverAt) + ' 认领' : ''}</Text></View>}
        </View>
      ) : null}

      {d.actions.includes('rate') ? (
        <View className='card hint-box' data-testid='rate-prompt'>
          <Text className='card-title'>办理结果已答复，请您评价</Text>
          <View><Text className='muted small'>满意或基本满意即办结；不满意会重新办理。</Text></View>
          <Btn className='btn btn-primary btn-block mt' data-testid='rate-now' onClick={() => setOpen('rate')}>去评价</Btn>
        </View>
      ) : null}

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
            <Btn className='btn btn-small gap' disabled={follow.busy} data-testid='follow'
              onClick={async () => { const r = await follow.run(!d.following); if (r) setDetail({ ...d, following: r.following }) }}>
              {d.following ? '已关注' : '关注'}
            </Btn>
          )}
          {d.actions.includes('second') ? (
            <Btn className='btn btn-small gap' disabled={second.busy || d.seconded} data-testid='second'
              onClick={async () => { if (await second.run()) void load() }}>
              {d.seconded ? `已附议 ${d.secondCount}` : `附议 ${d.secondCount}`}
            </Btn>
          ) : <Text className='muted small gap'>附议 {d.secondCount}</Text>}
          {mayNotify ? (
            <Btn className='btn btn-small' data-testid='notify-group' onClick={() => setOpen('notifyGroup')}>通知工作群</Btn>
          ) : null}
        </View>
        <ErrorBox error={follow.error ?? second.error} />
      </View>

      {d.consultation || d.actions.includes('comment') || d.comments.length ? (
        <Consultation detail={d} onChanged={load} onOlder={d.olderCommentsCursor ? () => void loadOlder('comments') : undefined} olderBusy={olderBusy === 'comments'} />
      ) : null}

      {d.handOff ? (
        <View className='card' data-testid='handoff'>
          <Text className='section-title'>办理情况</Text>
          <View><Text>办理方：{d.handOff.targetName}</Text></View>
          {d.handler ? <View><Text>{d.handOff.targetKind === 'department' ? '部门办理人' : '办理委员'}：{d.handler.name}{d.claimedAt ? `（${absoluteTime(d.claimedAt)} 认领）` : ''}</Text></View> : null}
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
          <Text className='section-title'>{d.reply.superseded ? '上次答复（已重办）' : '答复'}</Text>
          <View className='mb'>
            {d.reply.superseded
              ? <Text className='tag tag-orange' data-testid='reply-superseded'>群众不满意，已重办{d.rating?.reason ? '：' + d.rating.reason : ''}</Text>
              : <Text className='tag tag-green'>{OUTCOME_LABEL[d.reply.outcome]}</Text>}
          </View>
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

      <Timeline events={d.timeline} onOlder={d.olderTimelineCursor ? () => void loadOlder('timeline') : undefined} olderBusy={olderBusy === 'timeline'}
        below={mayNotify ? (e) => <EventDeliveries event={e} itemId={d.id} history={history} /> : undefined}
        footer={mayNotify ? <SharedCards history={history} shownGroups={new Set((history.reach?.boundGroups ?? []).map((g) => g.openGId))} /> : undefined} />
      {mayNotify ? <ErrorBox error={history.error} onRetry={history.reload} /> : null}
      {mayNotify ? <DevGroupPicker path={`/pages/detail/index?id=${encodeURIComponent(d.id)}`} label='从微信群打开这条建言的卡片' /> : null}

      <ActionBar actions={d.actions} onAction={setOpen} />
      {open === 'notifyGroup' ? (
        <NoticeSheet detail={d} onClose={() => { setOpen(null); setNoticesSeen((n) => n + 1); void load() }} />
      ) : open ? (
        <ActionForm detail={d} command={open} onClose={() => setOpen(null)} onDone={() => { setOpen(null); void load() }} />
      ) : null}
    </View>
  )
}

const STANCE_CHOICES = STANCES.map((s) => ({ value: s, label: STANCE_LABEL[s] }))

function Consultation({ detail: d, onChanged, onOlder, olderBusy }: { detail: SuggestionDetail; onChanged: () => void; onOlder?: () => void; olderBusy?: boolean }) {
  const [text, setText] = useState('')
  const [stance, setStance] = useState<Stance | null>(null)
  const [replyTo, setReplyTo] = useState<string | null>(null)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const comment = useCommand(async (requestId: string) =>
    suggestions('comment', { id: d.id, text: text.trim(), stance: stance ?? undefined, replyToId: replyTo ?? undefined }, { requestId }))
  const c = d.consultation
  const byId = new Map(d.comments.map((x) => [x.id, x]))
  // Concluded, or past its deadline without a conclusion yet: the thread is closed, the plan (if any) comes first.
  const closed = !!c && (!!c.concludedAt || c.deadline <= new Date().toISOString())
  return (
    <View className='card' data-testid='consultation' data-closed={closed ? 'true' : 'false'}>
      <Text className='section-title'>{c ? (c.concludedAt ? '协商结果' : closed ? '微协商（已截止，等待形成方案）' : '微协商') : '大家的意见'}</Text>
      {c && c.plan ? (
        <View className='reply-box mb' data-testid='plan'>
          <Text className='label'>商定方案</Text>
          <Text>{c.plan.actions}</Text>
          <View><Text className='muted small'>责任单位：{c.plan.responsibleUnit} · 期限：{absoluteDate(c.plan.deadline)}</Text></View>
          <View><Text className='muted small'>表态：赞成 {c.plan.tally.for} · 中立 {c.plan.tally.neutral} · 反对 {c.plan.tally.against}</Text></View>
        </View>
      ) : null}
      {c ? (
        <View className='mb'>
          <View><Text className='muted small'>{closed ? '协商已于 ' + absoluteTime(c.deadline) + ' 截止' : '协商截止：' + absoluteTime(c.deadline)}{c.concludedAt ? '，' + absoluteTime(c.concludedAt) + ' 形成方案' : ''}</Text></View>
          {c.invited.length ? <View><Text className='muted small'>参加委员：{c.invited.map((p) => p.name).join('、')}</Text></View> : null}
          {c.plan ? null : <View><Text className='small' data-testid='tally'>赞成 {c.tally.for} · 中立 {c.tally.neutral} · 反对 {c.tally.against} · 附议 {d.secondCount}</Text></View>}
        </View>
      ) : null}
      {onOlder ? (
        <View className='link small mb' role='button' data-testid='comments-older' aria-disabled={olderBusy} onClick={olderBusy ? undefined : onOlder}>
          <Text>{olderBusy ? '正在加载…' : '查看更早的意见'}</Text>
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
          {c && !closed ? (
            <Field label='您的态度'>
              <Chips label='您的态度' choices={STANCE_CHOICES} value={stance} onChange={setStance} />
            </Field>
          ) : null}
          <Field label='发表意见' error={fieldError}>
            <Textarea className='textarea' aria-label='发表意见' data-testid='comment-text' value={text} maxlength={500} onInput={(e) => setText(e.detail.value)} />
          </Field>
          <ErrorBox error={comment.error} />
          <Btn className='btn btn-primary btn-block' data-testid='comment-submit' disabled={comment.busy} onClick={async () => {
            const subscribed = requestSubscribe(SUBMIT_TEMPLATE_IDS)
            if (!text.trim()) { setFieldError('请写下您的意见'); return }
            setFieldError(null)
            await subscribed
            if (await comment.run()) { setText(''); setReplyTo(null); onChanged() }
          }}>{comment.busy ? '正在提交…' : '发表'}</Btn>
        </View>
      ) : null}
    </View>
  )
}
