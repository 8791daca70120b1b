// Staff plan an activity — kind, topic, time, place, organiser (the office, the town's liaison office or a sector group),
// invited members (searched and paged) and departments, public registration — or edit one still a draft or published
// (`?id=`: its town stays). From a candidate topic the items it takes up come along. Publishing is on the detail page.
import { useEffect, useState } from 'react'
import { View, Text, Button, Input, Textarea, Picker, Switch } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { ListEntry, OrganiserKind } from '@/domain/activities/types'
import type { ActivityDetail } from '@/domain/activities/api'
import type { SectorGroupView } from '@/domain/api'
import { ORGANISER_KINDS } from '@/domain/activities/types'
import { ORGANISER_LABELS } from '@/domain/activities/labels'
import { ApiError, org } from '@/api'
import { useCommand } from '@/hooks/useCommand'
import { useTowns } from '@/hooks/useMe'
import { Chips, ErrorBox, Field } from '@/components/ui'
import { activities, fromLocal, toLocal } from '../../shared'
import { MemberPicker, type Picked } from '../../MemberPicker'

export default function EditActivity() {
  const params = useRouter().params
  const editId = params.id ?? ''
  const [editing, setEditing] = useState<ActivityDetail | null>(null)
  const [groups, setGroups] = useState<SectorGroupView[]>([])
  const [groupId, setGroupId] = useState('')
  const [invitedMembers, setInvitedMembers] = useState<Picked[]>([])
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
    void org('sectorGroups', {}).then((r) => { setGroups(r.groups); setGroupId((g) => g || r.groups[0]?.id || '') })
  }, [])
  // Editing: the activity as it is, in the form's fields.
  useEffect(() => {
    if (!editId) return
    void activities('detail', { id: editId }).then((d) => {
      setEditing(d)
      setKind(d.kind)
      setTopic(d.topic)
      setDescription(d.description)
      setStart(toLocal(d.startAt))
      setEnd(toLocal(d.endAt))
      setVenue(d.venue)
      setOrganiser(d.organiser.kind)
      if (d.organiser.kind === 'sectorGroup' && d.organiser.id) setGroupId(d.organiser.id)
      setInvitedMembers(d.invitedMembers)
      setInvited(d.invitedDepartments.map((x) => x.id))
      setOpen(d.registration.open)
      setCap(d.registration.cap ? String(d.registration.cap) : '')
    })
  }, [editId])
  useEffect(() => {
    // The town of an activity being edited stays; its village is shown as chosen.
    if (!editing || !towns) return
    const ti = towns.findIndex((t) => t.id === editing.townId)
    if (ti >= 0) {
      setTownIdx(ti)
      const vi = towns[ti].villages.findIndex((v) => v.name === editing.villageName)
      setVillageIdx(vi >= 0 ? vi + 1 : 0)
    }
  }, [editing, towns])
  const town = towns?.[townIdx]
  const village = town?.villages[villageIdx - 1]
  const organiserOf = () => (organiser === 'town' && town ? { kind: 'town' as const, id: town.id }
    : organiser === 'sectorGroup' ? { kind: 'sectorGroup' as const, id: groupId } : { kind: 'office' as const })

  const save = useCommand(async (requestId: string) => {
    const startAt = fromLocal(start)
    const endAt = fromLocal(end)
    if (!town) throw new ApiError('INVALID_INPUT', { field: 'townId', message: '请选择镇街道' })
    if (!startAt || !endAt) throw new ApiError('INVALID_INPUT', { field: startAt ? 'endAt' : 'startAt', message: '时间格式应为 2026-12-01 09:30' })
    if (organiser === 'sectorGroup' && !groupId) throw new ApiError('INVALID_INPUT', { field: 'organiser', message: '请选择界别活动组' })
    const fields = {
      kind, topic, description, startAt, endAt, venue, organiser: organiserOf(), invitedMemberIds: invitedMembers.map((m) => m.id), invitedDepartmentIds,
      registration: { open, cap: cap ? Number(cap) : null },
    }
    if (editing) {
      // Only what changed: the timeline names it, and invited members hear only of changes that matter to them.
      const was: Record<string, unknown> = {
        kind: editing.kind, topic: editing.topic, description: editing.description, startAt: editing.startAt, endAt: editing.endAt, venue: editing.venue,
        organiser: editing.organiser.id ? { kind: editing.organiser.kind, id: editing.organiser.id } : { kind: editing.organiser.kind },
        invitedMemberIds: editing.invitedMembers.map((m) => m.id), invitedDepartmentIds: editing.invitedDepartments.map((x) => x.id), registration: editing.registration,
      }
      const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(was[k])))
      if (village && village.name !== editing.villageName) changed.villageId = village.id
      await activities('update', { id: editing.id, ...changed }, { requestId })
      await Taro.redirectTo({ url: `/packages/activities/pages/detail/index?id=${editing.id}` })
      return
    }
    const { id } = await activities('create', {
      ...fields, townId: town.id, ...(village ? { villageId: village.id } : {}), ...(topicIds.length ? { topicSuggestionIds: topicIds } : {}),
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
        {editing ? <View className='picker' data-testid='edit-town'><Text>{town?.name ?? editing.townName}</Text></View> : (
          <Picker mode='selector' range={(towns ?? []).map((t) => t.name)} value={townIdx} onChange={(e) => { setTownIdx(Number(e.detail.value)); setVillageIdx(1) }}>
            <View className='picker' data-testid='edit-town'><Text>{town?.name ?? '选择镇街道'} ▾</Text></View>
          </Picker>
        )}
        <Picker mode='selector' range={['（不限村社区）', ...(town?.villages ?? []).map((v) => v.name)]} value={villageIdx} onChange={(e) => setVillageIdx(Number(e.detail.value))}>
          <View className='picker mt' data-testid='edit-village'><Text>{village?.name ?? '（不限村社区）'} ▾</Text></View>
        </Picker>
      </Field>
      <Field label='地点'><Input className='input' aria-label='地点' data-testid='edit-venue' value={venue} onInput={(e) => setVenue(e.detail.value)} /></Field>
      <Field label='组织单位'>
        <Chips label='组织单位' value={organiser} onChange={setOrganiser} choices={ORGANISER_KINDS.map((k) => ({ value: k, label: ORGANISER_LABELS[k] }))} />
        {organiser === 'sectorGroup' ? (
          <Picker mode='selector' range={groups.map((g) => g.name)} value={Math.max(0, groups.findIndex((g) => g.id === groupId))} onChange={(e) => setGroupId(groups[Number(e.detail.value)]?.id ?? '')}>
            <View className='picker mt' data-testid='edit-sector-group'><Text>{groups.find((g) => g.id === groupId)?.name ?? '选择界别活动组'} ▾</Text></View>
          </Picker>
        ) : null}
      </Field>
      <Field label='邀请委员'><MemberPicker value={invitedMembers} onChange={setInvitedMembers} /></Field>
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
      <Button className='btn btn-primary btn-block mt' data-testid='edit-save' loading={save.busy} onClick={() => save.run()}>{editing ? '保存修改' : '保存为草稿'}</Button>
    </View>
  )
}
