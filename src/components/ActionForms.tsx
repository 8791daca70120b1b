// One form per command, opened from the ActionBar. Each builds the command's input, asks for confirmation before
// an irreversible step, and sends it with one request id per intent (reused if the person retries after a failure).
import { useEffect, useMemo, useState } from 'react'
import { View, Text, Textarea, Input, Picker, Switch, Image } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Command } from '@/domain/transitions'
import { OUTCOMES, RATINGS, type HandOffTarget, type Outcome, type Rating } from '@/domain/types'
import type { SuggestionDetail, MemberView, SectorGroupView, DepartmentView, SuggestionCard } from '@/domain/api'
import { org, suggestions } from '@/api'
import { compressImage, pickImages, uploadImage, type PickedImage } from '@/api/media'
import { requestSubscribe } from '@/api/subscribe'
import { HANDLER_TEMPLATE_IDS, RATE_TEMPLATE_IDS } from '@/api/templates'
import { useCommand } from '@/hooks/useCommand'
import { COMMAND_LABEL, OUTCOME_LABEL, RATING_LABEL } from './labels'
import { Btn, Chips, ErrorBox, Field, Sheet } from './ui'
import { absoluteDate, dateToDeadline, deadlineInDays } from './time'

/** Steps that cannot be undone get a second question. */
const CONFIRM: Partial<Record<Command, string>> = {
  reject: '不予受理后，这条建议将结束办理。确定吗？',
  merge: '合并后，这条建议将并入另一条一起办理。确定吗？',
  withdraw: '撤回后，这条建议将不再办理。确定撤回吗？',
  returnItem: '退回后，工作人员会重新交办。确定退回吗？',
  reply: '答复后将请群众评价，答复内容不能再修改。确定提交吗？',
  recordReply: '将以部门名义录入这份书面答复，时间线上会注明由您代录。确定提交吗？',
  close: '办结后，这条建议将结束办理。确定吗？',
  rate: '评价提交后不能修改。确定提交吗？',
}

async function confirmed(command: Command): Promise<boolean> {
  const text = CONFIRM[command]
  if (!text) return true
  const r = await Taro.showModal({ title: '请确认', content: text, confirmText: '确定', cancelText: '再想想' })
  return r.confirm
}

interface FormProps { detail: SuggestionDetail; command: Command; onDone: () => void; onClose: () => void }

export default function ActionForm({ detail, command, onDone, onClose }: FormProps) {
  return (
    <Sheet title={COMMAND_LABEL[command]} onClose={onClose}>
      <FormBody detail={detail} command={command} onDone={onDone} onClose={onClose} />
    </Sheet>
  )
}

function FormBody(props: FormProps) {
  switch (props.command) {
    case 'reject': return <TextForm {...props} label='不予受理的理由' required build={(t) => ({ id: props.detail.id, reason: t })} />
    case 'withdraw': return <TextForm {...props} label='撤回的原因（可不填）' build={(t) => ({ id: props.detail.id, reason: t || undefined })} />
    case 'returnItem': return <TextForm {...props} label='退回的理由' required build={(t) => ({ id: props.detail.id, reason: t })} />
    case 'chase': return <TextForm {...props} label='督办说明（可不填）' build={(t) => ({ id: props.detail.id, note: t || undefined })} />
    case 'close': return <TextForm {...props} label='办结说明（可不填）' build={(t) => ({ id: props.detail.id, reason: t || undefined })} />
    case 'approve':
    case 'accept':
    case 'claim':
      return <ConfirmForm {...props} />
    case 'merge': return <MergeForm {...props} />
    case 'openConsultation': return <OpenConsultationForm {...props} />
    case 'concludeConsultation': return <ConcludeForm {...props} />
    case 'handOff':
    case 'reassign':
      return <HandOffForm {...props} />
    case 'progress': return <ProgressForm {...props} />
    case 'reply':
    case 'recordReply':
      return <ReplyForm {...props} />
    case 'rate': return <RateForm {...props} />
    default: return <Text className='muted'>这个操作在这里还不能进行。</Text>
  }
}

/** Sends `command` with `input`; shared by every form. */
function useSend(command: Command, onDone: () => void) {
  const cmd = useCommand(async (requestId: string, input: unknown) => {
    return suggestions(command as 'accept', input as { id: string }, { requestId })
  })
  const send = async (input: unknown) => {
    if (!(await confirmed(command))) return
    const r = await cmd.run(input)
    if (r) {
      void Taro.showToast({ title: '已完成', icon: 'success' })
      onDone()
    }
  }
  return { send, busy: cmd.busy, error: cmd.error }
}

function SubmitButton({ busy, onClick, text }: { busy: boolean; onClick: () => void; text: string }) {
  return (
    <Btn className='btn btn-primary btn-block mt' data-testid='action-submit' disabled={busy} loading={busy} onClick={onClick}>
      {busy ? '正在提交…' : text}
    </Btn>
  )
}

const CONFIRM_TEXT: Partial<Record<Command, string>> = {
  approve: '审核通过后，这条建议进入受理。',
  accept: '受理后，可以发起微协商或直接交办。',
  claim: '认领后由您负责办理，请按期填写进展并答复。',
}

function ConfirmForm({ detail, command, onDone }: FormProps) {
  const { send, busy, error } = useSend(command, onDone)
  return (
    <View>
      <Text>{CONFIRM_TEXT[command] ?? ''}</Text>
      {command === 'accept' && detail.suggestedHandler ? (
        <View className='mt'><Text className='muted small'>建议办理委员：{detail.suggestedHandler.name}（本村社区挂钩委员）</Text></View>
      ) : null}
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text={'确认' + COMMAND_LABEL[command]} onClick={() => {
        const subscribed = command === 'claim' ? requestSubscribe(HANDLER_TEMPLATE_IDS) : Promise.resolve({})
        void subscribed.then(() => send({ id: detail.id }))
      }} />
    </View>
  )
}

function TextForm({ command, onDone, label, required, build }: FormProps & { label: string; required?: boolean; build: (text: string) => unknown }) {
  const [text, setText] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const { send, busy, error } = useSend(command, onDone)
  return (
    <View>
      <Field label={label} error={fieldError}>
        <Textarea className='textarea' aria-label={label} data-testid='action-text' value={text} maxlength={500} onInput={(e) => setText(e.detail.value)} />
      </Field>
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text={'提交' + COMMAND_LABEL[command]} onClick={() => {
        if (required && !text.trim()) { setFieldError('请填写' + label); return }
        setFieldError(null)
        void send(build(text.trim()))
      }} />
    </View>
  )
}

function DateField({ label, value, onChange }: { label: string; value: string; onChange: (iso: string) => void }) {
  return (
    <Field label={label}>
      <Picker mode='date' value={absoluteDate(value)} start={absoluteDate(new Date().toISOString())} onChange={(e) => onChange(dateToDeadline(String(e.detail.value)))}>
        <View className='picker' aria-label={label}><Text>{absoluteDate(value)}</Text></View>
      </Picker>
    </Field>
  )
}

function MergeForm({ detail, command, onDone }: FormProps) {
  const [candidates, setCandidates] = useState<SuggestionCard[]>([])
  const [intoId, setIntoId] = useState<string>('')
  const [reason, setReason] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const { send, busy, error } = useSend(command, onDone)
  useEffect(() => {
    suggestions('similar', { townId: detail.townId, villageId: detail.villageId, title: detail.title, content: detail.content })
      .then((r) => setCandidates(r.items.filter((i) => i.id !== detail.id)))
      .catch(() => setCandidates([]))
  }, [detail])
  return (
    <View>
      <Field label='并入哪一条建议' error={fieldError}>
        {candidates.length ? (
          <Chips label='并入哪一条建议' choices={candidates.map((c) => ({ value: c.id, label: c.title }))} value={intoId} onChange={setIntoId} />
        ) : <Text className='muted small'>没有找到相似的建议，可以直接填写编号。</Text>}
        <Input className='input mt' aria-label='建议编号' placeholder='或填写建议编号' value={intoId} onInput={(e) => setIntoId(e.detail.value)} />
      </Field>
      <Field label='合并说明（可不填）'>
        <Textarea className='textarea' aria-label='合并说明' value={reason} onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text='确认合并' onClick={() => {
        if (!intoId.trim()) { setFieldError('请选择要并入的建议'); return }
        void send({ id: detail.id, intoId: intoId.trim(), reason: reason.trim() || undefined })
      }} />
    </View>
  )
}

/** Members, sector groups and departments, for pickers. */
function useOrgLists(townId: string) {
  const [members, setMembers] = useState<MemberView[]>([])
  const [membersCursor, setMembersCursor] = useState<string | null>(null)
  const [moreBusy, setMoreBusy] = useState(false)
  const [groups, setGroups] = useState<SectorGroupView[]>([])
  const [departments, setDepartments] = useState<DepartmentView[]>([])
  useEffect(() => {
    // Members of the item's town (bound to one of its villages): the people who would take it up. A page at a time.
    org('members', { townId }).then((r) => { setMembers(r.members); setMembersCursor(r.nextCursor) }).catch(() => undefined)
    org('sectorGroups', {}).then((r) => setGroups(r.groups)).catch(() => undefined)
    org('departments', {}).then((r) => setDepartments(r.departments)).catch(() => undefined)
  }, [townId])
  const moreMembers = membersCursor ? async () => {
    if (moreBusy) return
    setMoreBusy(true)
    try {
      const r = await org('members', { townId, cursor: membersCursor })
      setMembers((m) => m.concat(r.members))
      setMembersCursor(r.nextCursor)
    } catch {
      // Left as it was: the button stays to try again.
    } finally {
      setMoreBusy(false)
    }
  } : undefined
  return { members, moreMembers, moreBusy, groups, departments }
}

/** Below a member picker whose list has more pages. */
function MoreMembers({ onMore, busy }: { onMore?: () => void; busy: boolean }) {
  if (!onMore) return null
  return (
    <View className='link small mt' role='button' data-testid='members-more' aria-disabled={busy} onClick={busy ? undefined : onMore}>
      <Text>{busy ? '正在加载…' : '加载更多委员'}</Text>
    </View>
  )
}

/** The member bound to the item's village (一村一社一委员), the default handler. */
function defaultMemberId(detail: SuggestionDetail, members: MemberView[]): string | null {
  if (detail.suggestedHandler?.id) return detail.suggestedHandler.id
  return members.find((m) => m.boundVillageIds.includes(detail.villageId))?.id ?? null
}

function OpenConsultationForm({ detail, command, onDone }: FormProps) {
  const { members, moreMembers, moreBusy } = useOrgLists(detail.townId)
  const [deadline, setDeadline] = useState(() => deadlineInDays(7))
  const [invited, setInvited] = useState<string[] | null>(null)
  const { send, busy, error } = useSend(command, onDone)
  const chosen = invited ?? (defaultMemberId(detail, members) ? [defaultMemberId(detail, members)!] : [])
  const toggle = (id: string) => setInvited(chosen.includes(id) ? chosen.filter((x) => x !== id) : chosen.concat(id))
  return (
    <View>
      <DateField label='协商截止日期' value={deadline} onChange={setDeadline} />
      <Field label='邀请委员参加（可多选）'>
        <View className='choice-row' role='group' aria-label='邀请委员'>
          {members.map((m) => (
            <View key={m.id} className={'choice' + (chosen.includes(m.id) ? ' choice-active' : '')} role='checkbox' aria-checked={chosen.includes(m.id)} onClick={() => toggle(m.id)}>
              <Text>{m.name}{m.sector ? '·' + m.sector : ''}</Text>
            </View>
          ))}
        </View>
        <MoreMembers onMore={moreMembers} busy={moreBusy} />
      </Field>
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text='发起协商' onClick={() => send({ id: detail.id, deadline, invitedMemberIds: chosen })} />
    </View>
  )
}

interface HandOffValue { target: HandOffTarget | null; deadline: string; note: string }

function HandOffFields({ detail, value, onChange, error }: { detail: SuggestionDetail; value: HandOffValue; onChange: (v: HandOffValue) => void; error?: string | null }) {
  const { members, moreMembers, moreBusy, groups, departments } = useOrgLists(detail.townId)
  const [kind, setKind] = useState<HandOffTarget['kind']>(value.target?.kind ?? 'member')
  const bound = defaultMemberId(detail, members)
  // Default to the village's bound member once the members are known.
  useEffect(() => {
    if (!value.target && bound) onChange({ ...value, target: { kind: 'member', memberId: bound } })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bound])
  const t = value.target
  const targetId = !t ? null : t.kind === 'member' ? t.memberId : t.kind === 'sectorGroup' ? t.sectorGroupId : t.departmentId
  const choices = kind === 'member'
    ? members.map((m) => ({ value: m.id, label: m.name + (m.id === bound ? '（挂钩委员）' : '') }))
    : kind === 'sectorGroup' ? groups.map((g) => ({ value: g.id, label: g.name })) : departments.map((d) => ({ value: d.id, label: d.name }))
  const pick = (id: string) => onChange({
    ...value,
    target: kind === 'member' ? { kind, memberId: id } : kind === 'sectorGroup' ? { kind, sectorGroupId: id } : { kind: 'department', departmentId: id },
  })
  const switchKind = (k: HandOffTarget['kind']) => {
    setKind(k)
    onChange({ ...value, target: k === 'member' && bound ? { kind: 'member', memberId: bound } : null })
  }
  return (
    <View>
      <Field label='交给谁办理'>
        <Chips label='办理方类型' choices={KIND_CHOICES} value={kind} onChange={switchKind} />
      </Field>
      <Field label='办理方' error={error}>
        {choices.length ? <Chips label='办理方' choices={choices} value={targetId} onChange={pick} /> : <Text className='muted small'>暂无可选的办理方</Text>}
        {kind === 'member' ? <MoreMembers onMore={moreMembers} busy={moreBusy} /> : null}
      </Field>
      <DateField label='办理期限' value={value.deadline} onChange={(deadline) => onChange({ ...value, deadline })} />
      <Field label='交办说明（可不填）'>
        <Textarea className='textarea' aria-label='交办说明' value={value.note} onInput={(e) => onChange({ ...value, note: e.detail.value })} />
      </Field>
    </View>
  )
}

const KIND_CHOICES: { value: HandOffTarget['kind']; label: string }[] = [
  { value: 'member', label: '委员' }, { value: 'sectorGroup', label: '界别活动组' }, { value: 'department', label: '部门' },
]

function HandOffForm({ detail, command, onDone }: FormProps) {
  const [v, setV] = useState<HandOffValue>({ target: null, deadline: deadlineInDays(15), note: '' })
  const [fieldError, setFieldError] = useState<string | null>(null)
  const { send, busy, error } = useSend(command, onDone)
  return (
    <View>
      <HandOffFields detail={detail} value={v} onChange={setV} error={fieldError} />
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text={'确认' + COMMAND_LABEL[command]} onClick={() => {
        if (!v.target) { setFieldError('请选择办理方'); return }
        setFieldError(null)
        void send({ id: detail.id, target: v.target, deadline: v.deadline, note: v.note.trim() || undefined })
      }} />
    </View>
  )
}

function ConcludeForm({ detail, command, onDone }: FormProps) {
  const [actions, setActions] = useState('')
  const [unit, setUnit] = useState('')
  const [planDeadline, setPlanDeadline] = useState(() => deadlineInDays(30))
  const [alsoHandOff, setAlsoHandOff] = useState(true)
  const [h, setHState] = useState<HandOffValue>({ target: null, deadline: deadlineInDays(30), note: '' })
  const [handOffDeadlineSet, setHandOffDeadlineSet] = useState(false)
  const setH = (v: HandOffValue) => { if (v.deadline !== h.deadline && v.deadline !== planDeadline) setHandOffDeadlineSet(true); setHState(v) }
  const { departments } = useOrgLists(detail.townId)
  const [errors, setErrors] = useState<{ actions?: string; unit?: string; target?: string }>({})
  const { send, busy, error } = useSend(command, onDone)
  const tally = detail.consultation?.tally
  return (
    <View>
      {tally ? <View className='mb'><Text className='muted small'>协商意见：赞成 {tally.for} · 中立 {tally.neutral} · 反对 {tally.against}</Text></View> : null}
      <Field label='商定的办理方案' error={errors.actions}>
        <Textarea className='textarea' aria-label='商定的办理方案' data-testid='plan-actions' value={actions} onInput={(e) => setActions(e.detail.value)} />
      </Field>
      <Field label='责任单位' error={errors.unit}>
        {departments.length ? (
          <Chips label='责任单位' choices={departments.map((d) => ({ value: d.name, label: d.name }))} value={unit} onChange={(name) => {
            setUnit(name)
            // The responsible department is the natural one to hand it to.
            const dep = departments.find((d) => d.name === name)
            if (dep && !h.target) setH({ ...h, target: { kind: 'department', departmentId: dep.id } })
          }} />
        ) : null}
        <Input className='input' aria-label='责任单位' data-testid='plan-unit' placeholder='不在上面时，直接填写' value={unit} onInput={(e) => setUnit(e.detail.value)} />
      </Field>
      <DateField label='方案完成期限' value={planDeadline} onChange={(d) => {
        setPlanDeadline(d)
        // The hand-off deadline follows the plan's until someone sets it on its own.
        if (!handOffDeadlineSet) setH({ ...h, deadline: d })
      }} />
      <View className='switch-row field'>
        <Text className='label'>同时交办</Text>
        <Switch aria-label='同时交办' checked={alsoHandOff} color='#c8161d' onChange={(e) => setAlsoHandOff(e.detail.value)} />
      </View>
      {alsoHandOff ? <HandOffFields detail={detail} value={h} onChange={setH} error={errors.target} /> : null}
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text='结束协商' onClick={() => {
        const e: typeof errors = {}
        if (!actions.trim()) e.actions = '请填写商定的办理方案'
        if (!unit.trim()) e.unit = '请填写责任单位'
        if (alsoHandOff && !h.target) e.target = '请选择办理方'
        setErrors(e)
        if (Object.keys(e).length) return
        void send({
          id: detail.id,
          plan: { actions: actions.trim(), responsibleUnit: unit.trim(), deadline: planDeadline },
          handOff: alsoHandOff && h.target ? { target: h.target, deadline: h.deadline, note: h.note.trim() || undefined } : undefined,
        })
      }} />
    </View>
  )
}

function ProgressForm({ detail, command, onDone }: FormProps) {
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<(PickedImage & { fileId?: string })[]>([])
  const [fieldError, setFieldError] = useState<string | null>(null)
  const cmd = useCommand(async (requestId: string) => {
    const images: string[] = []
    for (const p of photos) {
      if (!p.fileId) p.fileId = await uploadImage(p, 'progress')
      images.push(p.fileId)
    }
    return suggestions('progress', { id: detail.id, note: note.trim(), images }, { requestId })
  })
  return (
    <View>
      <Field label='办理进展' error={fieldError}>
        <Textarea className='textarea' aria-label='办理进展' data-testid='action-text' value={note} maxlength={500} onInput={(e) => setNote(e.detail.value)} />
      </Field>
      <Field label='现场图片（可选）'>
        <View className='thumbs'>
          {photos.map((p) => <Image key={p.path} className='thumb' src={p.path} mode='aspectFill' />)}
          {photos.length < 9 ? (
            <View className='thumb thumb-add' role='button' aria-label='添加图片' onClick={async () => {
              const picked = await Promise.all((await pickImages(9 - photos.length)).map(compressImage))
              setPhotos((p) => p.concat(picked))
            }}><Text>+</Text></View>
          ) : null}
        </View>
      </Field>
      <ErrorBox error={cmd.error} />
      <SubmitButton busy={cmd.busy} text='提交进展' onClick={async () => {
        if (!note.trim()) { setFieldError('请填写办理进展'); return }
        setFieldError(null)
        if (await cmd.run()) { void Taro.showToast({ title: '已完成', icon: 'success' }); onDone() }
      }} />
      <View className='mt'><Text className='muted small'>{command === 'progress' ? '进展会显示在办理过程中，提建议的群众也能看到。' : ''}</Text></View>
    </View>
  )
}

function ReplyForm({ detail, command, onDone }: FormProps) {
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [text, setText] = useState('')
  const [errors, setErrors] = useState<{ outcome?: string; text?: string }>({})
  const { send, busy, error } = useSend(command, onDone)
  const choices = useMemo(() => OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABEL[o] })), [])
  return (
    <View>
      {command === 'recordReply' ? (
        <Text className='muted small'>代{detail.handOff?.targetName ?? '部门'}录入书面答复</Text>
      ) : null}
      <Field label='采纳情况' error={errors.outcome}>
        <Chips label='采纳情况' choices={choices} value={outcome} onChange={setOutcome} />
      </Field>
      <Field label='答复内容' error={errors.text}>
        <Textarea className='textarea' aria-label='答复内容' data-testid='action-text' value={text} maxlength={1000} onInput={(e) => setText(e.detail.value)} />
      </Field>
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text={command === 'recordReply' ? '提交代录答复' : '提交答复'} onClick={() => {
        const e: typeof errors = {}
        if (!outcome) e.outcome = '请选择采纳情况'
        if (!text.trim()) e.text = '请填写答复内容'
        setErrors(e)
        if (Object.keys(e).length) return
        void send({ id: detail.id, outcome, text: text.trim() })
      }} />
    </View>
  )
}

function RateForm({ detail, command, onDone }: FormProps) {
  const [value, setValue] = useState<Rating | null>(null)
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ value?: string; reason?: string }>({})
  const { send, busy, error } = useSend(command, onDone)
  const choices = useMemo(() => RATINGS.map((r) => ({ value: r, label: RATING_LABEL[r] })), [])
  return (
    <View>
      <Field label='您对办理结果满意吗' error={errors.value}>
        <Chips label='评价' choices={choices} value={value} onChange={setValue} />
      </Field>
      <Field label={value === 'dissatisfied' ? '不满意的原因（会重新办理）' : '说两句（可不填）'} error={errors.reason}>
        <Textarea className='textarea' aria-label='评价理由' data-testid='action-text' value={reason} maxlength={500} onInput={(e) => setReason(e.detail.value)} />
      </Field>
      <ErrorBox error={error} />
      <SubmitButton busy={busy} text='提交评价' onClick={() => {
        const subscribed = requestSubscribe(RATE_TEMPLATE_IDS)
        const e: typeof errors = {}
        if (!value) e.value = '请选择满意程度'
        if (value === 'dissatisfied' && !reason.trim()) e.reason = '请说说哪里不满意，我们会重新办理'
        setErrors(e)
        if (Object.keys(e).length) return
        void subscribed.then(() => send({ id: detail.id, value, reason: reason.trim() || undefined }))
      }} />
    </View>
  )
}
