// Staff plan an activity: kind, topic, time, place, organiser, invited departments, public registration; from a candidate
// topic the items it takes up come along. Saved as a draft; publishing is a step on the detail page.
import { useEffect, useState } from 'react'
import { View, Text, Button, Input, Textarea, Picker, Switch } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ListEntry, OrganiserKind } from '@/domain/activities/types'
import { ORGANISER_KINDS } from '@/domain/activities/types'
import { ORGANISER_LABELS } from '@/domain/activities/labels'
import { ApiError, org } from '@/api'
import { useCommand } from '@/hooks/useCommand'
import { useTowns } from '@/hooks/useMe'
import { Chips, ErrorBox, Field } from '@/components/ui'
import { activities, fromLocal } from '../../shared'

export default function EditActivity() {
  const params = useRouter().params
  const topicIds = (params.topics ?? '').split(',').filter(Boolean)
  const { towns } = useTowns()
  const [kinds, setKinds] = useState<ListEntry[]>([])
  const [departments, setDepartments] = useState<{ id: string; name: string }[]>([])
  const [kind, setKind] = useState('')
  const [topic, setTopic] = useState(params.title ? decodeURIComponent(params.title) : '')
  const [description, setDescription] = useState('')
  const [start, setStart] = useState('')
  const [end, setEnd] = useState('')
  const [townIdx, setTownIdx] = useState(0)
  // The first village by default: suggestions raised and promises made there need a village.
  const [villageIdx, setVillageIdx] = useState(1)
  const [venue, setVenue] = useState('')
  const [organiser, setOrganiser] = useState<OrganiserKind>('town')
  const [invitedDepartmentIds, setInvited] = useState<string[]>([])
  const [open, setOpen] = useState(true)
  const [cap, setCap] = useState('')
  useEffect(() => {
    void activities('lists', {}).then((l) => { const active = l.kinds.filter((k) => !k.retired); setKinds(active); setKind((k) => k || active[0]?.id || '') })
    void org('departments', {}).then((r) => setDepartments(r.departments))
  }, [])
  const town = towns?.[townIdx]
  const village = town?.villages[villageIdx - 1]

  const save = useCommand(async (requestId: string) => {
    const startAt = fromLocal(start)
    const endAt = fromLocal(end)
    if (!startAt || !endAt || !town) throw new ApiError('INVALID_INPUT', { field: 'startAt', message: '时间格式应为 2026-12-01 09:30' })
    const { id } = await activities('create', {
      kind, topic, description, startAt, endAt, townId: town.id, ...(village ? { villageId: village.id } : {}), venue,
      organiser: organiser === 'town' ? { kind: 'town', id: town.id } : { kind: organiser }, invitedMemberIds: [], invitedDepartmentIds,
      registration: { open, cap: cap ? Number(cap) : null }, ...(topicIds.length ? { topicSuggestionIds: topicIds } : {}),
    }, { requestId })
    await Taro.redirectTo({ url: `/packages/activities/pages/detail/index?id=${id}` })
  })

  return (
    <View className='page' data-testid='activity-edit'>
      {topicIds.length ? <View className='hint-box'><Text>本活动将关联 {topicIds.length} 条多村反映的建议作为议题</Text></View> : null}
      <Field label='活动类型'><Chips label='活动类型' value={kind} onChange={setKind} choices={kinds.map((k) => ({ value: k.id, label: k.name }))} /></Field>
      <Field label='活动主题'><Input className='input' aria-label='活动主题' data-testid='edit-topic' value={topic} maxlength={50} onInput={(e) => setTopic(e.detail.value)} /></Field>
      <Field label='活动说明'><Textarea className='textarea' aria-label='活动说明' data-testid='edit-description' value={description} onInput={(e) => setDescription(e.detail.value)} /></Field>
      <Field label='开始时间（如 2026-12-01 09:30）'><Input className='input' aria-label='开始时间' data-testid='edit-start' value={start} onInput={(e) => setStart(e.detail.value)} /></Field>
      <Field label='结束时间'><Input className='input' aria-label='结束时间' data-testid='edit-end' value={end} onInput={(e) => setEnd(e.detail.value)} /></Field>
      <Field label='镇街道 / 村社区'>
        <Picker mode='selector' range={(towns ?? []).map((t) => t.name)} value={townIdx} onChange={(e) => { setTownIdx(Number(e.detail.value)); setVillageIdx(1) }}>
          <View className='picker' data-testid='edit-town'><Text>{town?.name ?? '选择镇街道'} ▾</Text></View>
        </Picker>
        <Picker mode='selector' range={['（不限村社区）', ...(town?.villages ?? []).map((v) => v.name)]} value={villageIdx} onChange={(e) => setVillageIdx(Number(e.detail.value))}>
          <View className='picker mt' data-testid='edit-village'><Text>{village?.name ?? '（不限村社区）'} ▾</Text></View>
        </Picker>
      </Field>
      <Field label='地点'><Input className='input' aria-label='地点' data-testid='edit-venue' value={venue} onInput={(e) => setVenue(e.detail.value)} /></Field>
      <Field label='组织单位'><Chips label='组织单位' value={organiser} onChange={setOrganiser} choices={ORGANISER_KINDS.filter((k) => k !== 'sectorGroup').map((k) => ({ value: k, label: ORGANISER_LABELS[k] }))} /></Field>
      <Field label='邀请部门（现场答复）'>
        <View className='choice-row'>
          {departments.map((dep) => {
            const on = invitedDepartmentIds.includes(dep.id)
            return <View key={dep.id} className={'choice' + (on ? ' choice-active' : '')} role='checkbox' aria-checked={on} onClick={() => setInvited(on ? invitedDepartmentIds.filter((x) => x !== dep.id) : [...invitedDepartmentIds, dep.id])}><Text>{dep.name}</Text></View>
          })}
        </View>
      </Field>
      <View className='switch-row'><Text>公开报名</Text><Switch checked={open} onChange={(e) => setOpen(e.detail.value)} /></View>
      {open ? <Field label='报名上限（可空）'><Input className='input' type='number' aria-label='报名上限' value={cap} onInput={(e) => setCap(e.detail.value)} /></Field> : null}
      <ErrorBox error={save.error} />
      <Button className='btn btn-primary btn-block mt' data-testid='edit-save' loading={save.busy} onClick={() => save.run()}>保存为草稿</Button>
    </View>
  )
}
