// 微信工作群 (staff): the WeChat groups cards were opened from. A group seen for the first time waits here until staff
// bind it to a village or town; or staff make a bind card and share it into the group, which binds it when opened there.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import Taro, { usePullDownRefresh, useShareAppMessage } from '@tarojs/taro'
import { GROUP_LABELS, type BindCard, type ChatGroupView, type GroupTargetKind } from '@/domain/notify/groups'
import { toApiError, type ApiError } from '@/api'
import { groupCards } from '@/api/notify'
import { useTowns } from '@/hooks/useMe'
import { useCommand } from '@/hooks/useCommand'
import { Chips, EmptyState, ErrorBox, Field, Loading, Tabs } from '@/components/ui'
import { absoluteTime } from '@/components/time'
import DevGroupPicker from '@/components/DevGroupPicker'

type Status = 'pending' | 'bound'
const TABS = [{ value: 'pending' as Status, label: GROUP_LABELS.pending }, { value: 'bound' as Status, label: GROUP_LABELS.bound }]
const KINDS = [{ value: 'village' as GroupTargetKind, label: '村（社区）' }, { value: 'town' as GroupTargetKind, label: '镇（街道）' }]

/** Choosing a village or a town. */
function PlacePicker({ kind, setKind, placeId, setPlaceId, testId }: {
  kind: GroupTargetKind; setKind: (k: GroupTargetKind) => void; placeId: string; setPlaceId: (id: string) => void; testId: string
}) {
  const { towns } = useTowns()
  const places = kind === 'village'
    ? (towns ?? []).flatMap((t) => t.villages.map((v) => ({ id: v.id, name: `${t.name} ${v.name}` })))
    : (towns ?? []).map((t) => ({ id: t.id, name: t.name }))
  return (
    <View>
      <Chips label='绑定到' choices={KINDS} value={kind} onChange={(k) => { setKind(k); setPlaceId('') }} />
      <View className='choice-row mt' role='radiogroup' aria-label='选择村（社区）或镇' data-testid={testId}>
        {places.map((p) => (
          <View key={p.id} role='radio' aria-checked={placeId === p.id} className={'choice' + (placeId === p.id ? ' choice-active' : '')} onClick={() => setPlaceId(p.id)}>
            <Text>{p.name}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

function PendingGroup({ group, onBound }: { group: ChatGroupView; onBound: () => void }) {
  const [open, setOpen] = useState(false)
  const [kind, setKind] = useState<GroupTargetKind>('village')
  const [placeId, setPlaceId] = useState('')
  const [name, setName] = useState('')
  const bind = useCommand(async (requestId: string) => groupCards('bindChatGroup', { openGId: group.openGId, targetKind: kind, targetId: placeId, name: name.trim() }, { requestId }))
  return (
    <View className='card' data-testid='chat-group' data-status='pending'>
      <Text>首次出现：{absoluteTime(group.firstSeenAt)}</Text>
      {group.firstItemTitle ? <View><Text className='muted small'>从“{group.firstItemTitle}”的卡片打开</Text></View> : null}
      {!open ? <Button className='btn btn-small mt' data-testid='bind-open' onClick={() => setOpen(true)}>绑定</Button> : (
        <View className='mt'>
          <Field label='绑定到'><PlacePicker kind={kind} setKind={setKind} placeId={placeId} setPlaceId={setPlaceId} testId='bind-place' /></Field>
          <Field label='群名称'>
            <Input className='input' aria-label='群名称' data-testid='bind-name' value={name} maxlength={30} onInput={(e) => setName(e.detail.value)} />
          </Field>
          <ErrorBox error={bind.error} />
          <Button className='btn btn-primary btn-block' data-testid='bind-save' disabled={bind.busy || !placeId || !name.trim()}
            onClick={async () => { if (await bind.run()) onBound() }}>{bind.busy ? '正在绑定…' : '确定绑定'}</Button>
        </View>
      )}
    </View>
  )
}

export default function ChatGroups() {
  const [status, setStatus] = useState<Status>('pending')
  const [items, setItems] = useState<ChatGroupView[] | null>(null)
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [kind, setKind] = useState<GroupTargetKind>('village')
  const [placeId, setPlaceId] = useState('')
  const [card, setCard] = useState<BindCard | null>(null)
  const load = useCallback(async (cursor: string | null = null) => {
    try {
      const page = await groupCards('chatGroups', { status, cursor })
      setItems((old) => (cursor ? [...(old ?? []), ...page.items] : page.items))
      setNext(page.nextCursor)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [status])
  useEffect(() => { setItems(null); void load() }, [load])
  const reload = useCallback(() => { void load() }, [load])
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()) })
  useEffect(() => {
    // withShareTicket: the card opened in the group carries it, and the app can read which group that was.
    if (process.env.TARO_ENV === 'weapp') void Taro.showShareMenu({ withShareTicket: true, menus: ['shareAppMessage'] } as Taro.showShareMenu.Option)
  }, [])
  useShareAppMessage(() => (card ? { title: card.title, path: card.path } : { title: '三微', path: '/pages/index/index' }))
  const make = useCommand(async () => groupCards('makeBindCard', { targetKind: kind, targetId: placeId }))

  return (
    <View className='page' data-testid='chat-groups'>
      <View className='card' data-testid='bind-card'>
        <Text className='section-title'>生成绑定卡片</Text>
        <View><Text className='muted small'>把卡片转发到村（社区）或镇的微信群，群里有人打开卡片，这个群就绑定到所选单位；卡片 7 天内有效。</Text></View>
        <Field label='绑定到'><PlacePicker kind={kind} setKind={(k) => { setKind(k); setCard(null) }} placeId={placeId} setPlaceId={(id) => { setPlaceId(id); setCard(null) }} testId='card-place' /></Field>
        <ErrorBox error={make.error} />
        {!card ? (
          <Button className='btn btn-primary btn-block' data-testid='bind-card-make' disabled={make.busy || !placeId} onClick={async () => { const c = await make.run(); if (c) setCard(c) }}>
            {make.busy ? '正在生成…' : '生成卡片'}
          </Button>
        ) : (
          <View className='hint-box' data-testid='bind-card-made'>
            <Text>{card.title}</Text>
            <View><Text className='muted small'>有效期至 {absoluteTime(card.expiresAt)}</Text></View>
            {process.env.TARO_ENV === 'weapp'
              ? <Button className='btn btn-primary btn-block mt' openType='share' data-testid='bind-card-share'>转发到微信群</Button>
              : <DevGroupPicker path={card.path} label='从微信群打开这张绑定卡片' />}
          </View>
        )}
      </View>

      <Tabs label='微信工作群' tabs={TABS} value={status} onChange={setStatus} />
      <ErrorBox error={error} onRetry={reload} />
      {items === null && !error ? <Loading /> : null}
      {items && items.length === 0 ? <EmptyState text={status === 'pending' ? '没有待绑定的群' : '还没有绑定的群'} /> : null}
      {(items ?? []).map((g) => status === 'pending' ? <PendingGroup key={g.openGId} group={g} onBound={reload} /> : (
        <View key={g.openGId} className='card' data-testid='chat-group' data-status='bound'>
          <Text className='card-title'>{g.name}</Text>
          <View><Text>{g.targetName}</Text></View>
          <View><Text className='muted small'>{g.boundBy === 'card' ? GROUP_LABELS.boundByCard : GROUP_LABELS.boundByStaff} · 首次出现 {absoluteTime(g.firstSeenAt)}</Text></View>
        </View>
      ))}
      {next ? <Button className='btn btn-block' data-testid='groups-more' onClick={() => void load(next)}>加载更多</Button> : null}
    </View>
  )
}
