// Sections of 我的 beyond the lists: my name and phone, taking over an item recorded for me, the items I recorded for
// residents, and a member's open consultation invitations.
import { useEffect, useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Me, RecordedCard, SuggestionCard as Card } from '@/domain/api'
import { org, suggestions, toApiError, type ApiError } from '@/api'
import { loadMe } from '@/hooks/useMe'
import { useCommand } from '@/hooks/useCommand'
import { openDetail } from './SuggestionCard'
import { Btn, ErrorBox, Field } from './ui'
import { STATUS_LABEL } from './labels'
import { bothTimes } from './time'

/** Name and phone: the phone lets staff reach me, and matches items recorded for me at a liaison station. */
export function ProfileSection({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(me.name)
  const [phone, setPhone] = useState(me.phone ?? '')
  const [fieldError, setFieldError] = useState<{ name?: string; phone?: string }>({})
  const save = useCommand((requestId: string, input: { name: string; phone?: string }) => org('updateProfile', input, { requestId }))
  useEffect(() => { setName(me.name); setPhone(me.phone ?? '') }, [me])
  if (!editing) {
    return (
      <View className='row-between mt'>
        <Text className='muted small' data-testid='my-phone'>{me.phone ? '手机号 ' + me.phone : '还没有填写手机号'}</Text>
        <View className='link small' role='button' data-testid='edit-profile' onClick={() => setEditing(true)}><Text>修改姓名和手机号</Text></View>
      </View>
    )
  }
  return (
    <View className='mt' data-testid='profile-form'>
      <Field label='姓名' error={fieldError.name}>
        <Input className='input' aria-label='姓名' data-testid='profile-name' maxlength={20} value={name} onInput={(e) => setName(e.detail.value)} />
      </Field>
      <Field label='手机号（工作人员联系您；在联络站代录的建言会自动找到您）' error={fieldError.phone}>
        <Input className='input' aria-label='手机号' data-testid='profile-phone' type='number' maxlength={11} value={phone} onInput={(e) => setPhone(e.detail.value)} />
      </Field>
      <ErrorBox error={save.error} />
      <View className='row'>
        <Btn className='btn grow gap' onClick={() => setEditing(false)}>取消</Btn>
        <Btn className='btn btn-primary grow' data-testid='profile-save' disabled={save.busy} onClick={async () => {
          const e: typeof fieldError = {}
          if (!name.trim()) e.name = '请填写姓名'
          if (phone.trim() && !/^1\d{10}$/.test(phone.trim())) e.phone = '请填写11位手机号'
          setFieldError(e)
          if (Object.keys(e).length) return
          const r = await save.run(phone.trim() ? { name: name.trim(), phone: phone.trim() } : { name: name.trim() })
          if (!r) return
          await loadMe(true)
          setEditing(false)
          void Taro.showToast({ title: '已保存', icon: 'success' })
          onSaved()
        }}>保存</Btn>
      </View>
    </View>
  )
}

/** Items recorded for me (by my phone) and a box for the code on the card I was given. */
export function TakeOverSection({ me, onTaken }: { me: Me; onTaken: () => void }) {
  const [waiting, setWaiting] = useState<Card[]>([])
  const [code, setCode] = useState('')
  const [tick, setTick] = useState(0)
  const take = useCommand((requestId: string, input: { id?: string; code?: string }) => suggestions('takeOver', input, { requestId }))
  useEffect(() => {
    let live = true
    if (me.phone) suggestions('waitingForMe', {}).then((r) => { if (live) setWaiting(r.items) }, () => undefined)
    return () => { live = false }
  }, [me.phone, tick])
  const done = (id: string) => {
    void Taro.showToast({ title: '已认领，进展会通知您', icon: 'none' })
    setCode('')
    setTick((t) => t + 1)
    onTaken()
    openDetail(id)
  }
  return (
    <View className='card' data-testid='take-over'>
      <Text className='section-title'>认领代录的建言</Text>
      <View><Text className='muted small'>在联络站或协商活动上请工作人员、委员代您录入的建言，输入他们给您的认领码即可接手：之后由您收到进展并评价。</Text></View>
      {waiting.map((w) => (
        <View key={w.id} className='entry' data-testid='waiting-item'>
          <Text className='small grow'>{w.title}</Text>
          <Btn className='btn btn-small btn-primary' data-testid='take-over-phone' onClick={async () => {
            const r = await take.run({ id: w.id })
            if (r) done(r.id)
          }}>认领</Btn>
        </View>
      ))}
      <View className='row mt'>
        <Input className='input grow gap' aria-label='认领码' data-testid='take-over-code' maxlength={8} placeholder='8位认领码' value={code}
          onInput={(e) => setCode(e.detail.value.toUpperCase())} />
        <Btn className='btn btn-primary' data-testid='take-over-submit' disabled={take.busy || code.trim().length !== 8} onClick={async () => {
          const r = await take.run({ code: code.trim() })
          if (r) done(r.id)
        }}>认领</Btn>
      </View>
      <ErrorBox error={take.error} />
    </View>
  )
}

/** What I recorded for residents on duty, and whether each has been taken over yet. */
export function RecordedSection() {
  const [open, setOpen] = useState(false)
  const [items, setItems] = useState<RecordedCard[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const load = () => suggestions('recordedByMe', {}).then((r) => { setItems(r.items); setError(null) }, (e) => setError(toApiError(e)))
  return (
    <View className='card' data-testid='recorded'>
      <View className='entry' role='button' data-testid='recorded-toggle' onClick={() => { setOpen(!open); if (!items) void load() }}>
        <Text>我代录的建言</Text>
        <Text className='muted'>{open ? '收起' : '›'}</Text>
      </View>
      {open ? (
        <View>
          <ErrorBox error={error} onRetry={load} />
          {items && items.length === 0 ? <Text className='muted small'>还没有代群众录入过建言</Text> : null}
          {(items ?? []).map((r) => (
            <View key={r.id} className='comment' data-testid='recorded-item' data-id={r.id} onClick={() => openDetail(r.id)}>
              <Text>{r.title}</Text>
              <View><Text className='muted small'>为 {r.onBehalfOf.name} 录入 · {STATUS_LABEL[r.status]} · {bothTimes(r.createdAt)}</Text></View>
              <View>
                {r.takeoverCode
                  ? <Text className='small' data-testid='recorded-code'>待群众认领，认领码 {r.takeoverCode}</Text>
                  : <Text className='small'>群众已认领</Text>}
              </View>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}

/** A member's open consultation invitations, with a way into 待协商. */
export function InvitationsSection() {
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => {
    let live = true
    suggestions('memberQueue', { tab: 'toConsult' }).then((r) => { if (live) setCount(r.counts.toConsult) }, () => undefined)
    return () => { live = false }
  }, [])
  if (!count) return null
  return (
    <View className='entry' role='link' data-testid='invitations' onClick={() => Taro.navigateTo({ url: '/packages/member/pages/queue/index?tab=toConsult' })}>
      <Text>邀请您参加的协商</Text>
      <Text className='badge'>{count}</Text>
    </View>
  )
}
