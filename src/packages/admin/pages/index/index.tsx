// 组织管理 (admin): towns and villages, which member each village is bound to, sector groups, and staff scopes.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MemberView, SectorGroupView, StaffView, TownView } from '@/domain/api'
import { org, toApiError, type ApiError } from '@/api'
import { loadTowns } from '@/hooks/useMe'
import { useCommand } from '@/hooks/useCommand'
import { ErrorBox, Field, Loading, Sheet, Tabs } from '@/components/ui'

type AdminTab = 'towns' | 'bindings' | 'groups' | 'staff'
const TABS: { value: AdminTab; label: string }[] = [
  { value: 'towns', label: '镇街道与村社区' }, { value: 'bindings', label: '委员挂钩' },
  { value: 'groups', label: '界别活动组' }, { value: 'staff', label: '工作人员范围' },
]

interface OrgData { towns: TownView[]; members: MemberView[]; groups: SectorGroupView[]; staff: StaffView[] }

export default function AdminPage() {
  const [tab, setTab] = useState<AdminTab>('towns')
  const [data, setData] = useState<OrgData | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const load = useCallback(async () => {
    try {
      const [towns, members, groups, staff] = await Promise.all([
        loadTowns(true), org('members', {}), org('sectorGroups', {}), org('staffList', {}),
      ])
      setData({ towns, members: members.members, groups: groups.groups, staff: staff.staff })
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])
  useEffect(() => { void load() }, [load])

  return (
    <View className='page' data-testid='admin'>
      <Tabs label='管理内容' tabs={TABS} value={tab} onChange={setTab} />
      <ErrorBox error={error} onRetry={load} />
      {!data ? (error ? null : <Loading />) : tab === 'towns' ? <TownsTab data={data} onChanged={load} />
        : tab === 'bindings' ? <BindingsTab data={data} onChanged={load} />
        : tab === 'groups' ? <GroupsTab data={data} onChanged={load} />
        : <StaffTab data={data} onChanged={load} />}
    </View>
  )
}

interface TabProps { data: OrgData; onChanged: () => Promise<void> }

/** A one-field name form in a sheet (add or rename). */
function NameSheet({ title, initial, onSave, onClose }: { title: string; initial: string; onSave: (name: string, requestId: string) => Promise<unknown>; onClose: () => void }) {
  const [name, setName] = useState(initial)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const save = useCommand(async (requestId: string) => onSave(name.trim(), requestId))
  return (
    <Sheet title={title} onClose={onClose}>
      <Field label='名称' error={fieldError}>
        <Input className='input' aria-label='名称' data-testid='name-input' value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} />
      </Field>
      <ErrorBox error={save.error} />
      <Button className='btn btn-primary btn-block' data-testid='save' disabled={save.busy} onClick={async () => {
        if (!name.trim()) { setFieldError('请填写名称'); return }
        if (await save.run()) onClose()
      }}>保存</Button>
    </Sheet>
  )
}

function TownsTab({ data, onChanged }: TabProps) {
  const [sheet, setSheet] = useState<{ title: string; initial: string; save: (name: string, requestId: string) => Promise<unknown> } | null>(null)
  return (
    <View>
      <Button className='btn btn-primary btn-block mb' onClick={() => setSheet({
        title: '新增镇街道', initial: '',
        save: (name, requestId) => org('upsertTown', { name, order: data.towns.length + 1 }, { requestId }),
      })}>新增镇街道</Button>
      {data.towns.map((t) => (
        <View key={t.id} className='card' data-testid='town-card' data-name={t.name}>
          <View className='row-between'>
            <Text className='card-title'>{t.name}</Text>
            <View className='row'>
              <Button className='btn btn-small gap' onClick={() => setSheet({ title: '修改名称', initial: t.name, save: (name, requestId) => org('upsertTown', { id: t.id, name }, { requestId }) })}>改名</Button>
              <Button className='btn btn-small' data-testid='add-village' onClick={() => setSheet({
                title: `在${t.name}新增村社区`, initial: '',
                save: (name, requestId) => org('upsertVillage', { townId: t.id, name, order: t.villages.length + 1 }, { requestId }),
              })}>加村社区</Button>
            </View>
          </View>
          {t.villages.map((v) => (
            <View key={v.id} className='entry' data-testid='village' data-name={v.name} onClick={() => setSheet({ title: '修改村社区名称', initial: v.name, save: (name, requestId) => org('upsertVillage', { id: v.id, townId: t.id, name }, { requestId }) })}>
              <Text>{v.name}</Text>
              <Text className='muted small'>{v.boundMemberName ? '挂钩委员：' + v.boundMemberName : '未挂钩委员'}</Text>
            </View>
          ))}
        </View>
      ))}
      {sheet ? <NameSheet title={sheet.title} initial={sheet.initial} onSave={async (n, r) => { await sheet.save(n, r); await onChanged(); return true }} onClose={() => setSheet(null)} /> : null}
    </View>
  )
}

function BindingsTab({ data, onChanged }: TabProps) {
  const [village, setVillage] = useState<{ id: string; name: string; boundMemberId?: string } | null>(null)
  const [q, setQ] = useState('')
  const bind = useCommand(async (requestId: string, villageId: string, memberId: string | null) => org('bindMember', { villageId, memberId }, { requestId }))
  const shown = data.members.filter((m) => !q.trim() || m.name.includes(q.trim())).slice(0, 50)
  return (
    <View>
      <ErrorBox error={bind.error} />
      {data.towns.map((t) => (
        <View key={t.id} className='card'>
          <Text className='card-title'>{t.name}</Text>
          {t.villages.map((v) => (
            <View key={v.id} className='entry' role='button' data-testid='binding-village' data-name={v.name} onClick={() => { setQ(''); setVillage(v) }}>
              <Text>{v.name}</Text>
              <Text className={v.boundMemberName ? '' : 'muted'}>{v.boundMemberName ?? '点此挂钩委员'}</Text>
            </View>
          ))}
        </View>
      ))}
      {village ? (
        <Sheet title={`${village.name}：挂钩委员`} onClose={() => setVillage(null)}>
          <Text className='muted small'>一村一社一委员：交办时默认交给挂钩委员。</Text>
          <Field label='按姓名查找委员'>
            <Input className='input' aria-label='按姓名查找委员' data-testid='member-search' value={q} onInput={(e) => setQ(e.detail.value)} />
          </Field>
          {shown.map((m) => (
            <View key={m.id} className={'entry' + (m.id === village.boundMemberId ? ' choice-active' : '')} role='radio' aria-checked={m.id === village.boundMemberId}
              data-testid='binding-member' data-name={m.name}
              onClick={async () => { if (!bind.busy && (await bind.run(village.id, m.id))) { setVillage(null); await onChanged() } }}>
              <Text>{m.name}{m.sector ? '（' + m.sector + '）' : ''}</Text>
              <Text className='muted small'>{m.boundVillageIds.length ? `已挂钩 ${m.boundVillageIds.length} 个村社区` : ''}</Text>
            </View>
          ))}
          {data.members.length > shown.length ? <Text className='muted small'>只显示前 {shown.length} 位，请输入姓名查找</Text> : null}
          <Button className='btn btn-danger btn-block mt' disabled={bind.busy || !village.boundMemberId} onClick={async () => {
            const ok = await Taro.showModal({ title: '请确认', content: '取消这个村社区的挂钩委员？', confirmText: '确定', cancelText: '再想想' })
            if (ok.confirm && (await bind.run(village.id, null))) { setVillage(null); await onChanged() }
          }}>取消挂钩</Button>
        </Sheet>
      ) : null}
    </View>
  )
}

function GroupsTab({ data, onChanged }: TabProps) {
  const [editing, setEditing] = useState<SectorGroupView | 'new' | null>(null)
  const names = new Map(data.members.map((m) => [m.id, m.name]))
  return (
    <View>
      <Button className='btn btn-primary btn-block mb' onClick={() => setEditing('new')}>新增界别活动组</Button>
      {data.groups.map((g) => (
        <View key={g.id} className='card' role='button' onClick={() => setEditing(g)}>
          <Text className='card-title'>{g.name}</Text>
          <View className='mt'><Text className='muted small'>{g.memberIds.map((id) => names.get(id) ?? id).join('、') || '暂无成员'}</Text></View>
        </View>
      ))}
      {editing ? <GroupSheet group={editing === 'new' ? null : editing} members={data.members} onClose={() => setEditing(null)} onSaved={async () => { setEditing(null); await onChanged() }} /> : null}
    </View>
  )
}

function GroupSheet({ group, members, onClose, onSaved }: { group: SectorGroupView | null; members: MemberView[]; onClose: () => void; onSaved: () => Promise<void> }) {
  const [name, setName] = useState(group?.name ?? '')
  const [ids, setIds] = useState<string[]>(group?.memberIds ?? [])
  const [fieldError, setFieldError] = useState<string | null>(null)
  const save = useCommand(async (requestId: string) => org('upsertSectorGroup', { id: group?.id, name: name.trim(), memberIds: ids }, { requestId }))
  return (
    <Sheet title={group ? '编辑界别活动组' : '新增界别活动组'} onClose={onClose}>
      <Field label='名称' error={fieldError}>
        <Input className='input' aria-label='名称' value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} />
      </Field>
      <Field label='成员（可多选）'>
        <View className='choice-row' role='group' aria-label='成员'>
          {members.map((m) => (
            <View key={m.id} className={'choice' + (ids.includes(m.id) ? ' choice-active' : '')} role='checkbox' aria-checked={ids.includes(m.id)}
              onClick={() => setIds(ids.includes(m.id) ? ids.filter((x) => x !== m.id) : ids.concat(m.id))}>
              <Text>{m.name}</Text>
            </View>
          ))}
        </View>
      </Field>
      <ErrorBox error={save.error} />
      <Button className='btn btn-primary btn-block' disabled={save.busy} onClick={async () => {
        if (!name.trim()) { setFieldError('请填写名称'); return }
        if (await save.run()) await onSaved()
      }}>保存</Button>
    </Sheet>
  )
}

function StaffTab({ data, onChanged }: TabProps) {
  const [editing, setEditing] = useState<StaffView | null>(null)
  const townNames = new Map(data.towns.map((t) => [t.id, t.name]))
  return (
    <View>
      {data.staff.map((s) => (
        <View key={s.id} className='card' role='button' onClick={() => setEditing(s)}>
          <View className='row-between'>
            <Text className='card-title'>{s.name}</Text>
            <Text className='muted small'>{s.scope === 'all' ? '全县' : s.scope.map((id) => townNames.get(id) ?? id).join('、') || '未设置'}</Text>
          </View>
        </View>
      ))}
      {editing ? <ScopeSheet staff={editing} data={data} onClose={() => setEditing(null)} onSaved={async () => { setEditing(null); await onChanged() }} /> : null}
    </View>
  )
}

function ScopeSheet({ staff, data, onClose, onSaved }: { staff: StaffView; data: OrgData; onClose: () => void; onSaved: () => Promise<void> }) {
  const [all, setAll] = useState(staff.scope === 'all')
  const [towns, setTowns] = useState<string[]>(staff.scope === 'all' ? [] : staff.scope)
  const save = useCommand(async (requestId: string) => org('setRoles', {
    personId: staff.id,
    // Only the scope changes here: every role the person holds (member, admin …) stays.
    roles: staff.roles,
    staffScope: all ? 'all' : towns,
  }, { requestId }))
  return (
    <Sheet title={`${staff.name}：工作范围`} onClose={onClose}>
      <View className='choice-row'>
        <View className={'choice' + (all ? ' choice-active' : '')} role='radio' aria-checked={all} onClick={() => setAll(true)}><Text>全县</Text></View>
        <View className={'choice' + (!all ? ' choice-active' : '')} role='radio' aria-checked={!all} onClick={() => setAll(false)}><Text>指定镇街道</Text></View>
      </View>
      {!all ? (
        <Field label='负责的镇街道（可多选）'>
          <View className='choice-row' role='group' aria-label='负责的镇街道'>
            {data.towns.map((t) => (
              <View key={t.id} className={'choice' + (towns.includes(t.id) ? ' choice-active' : '')} role='checkbox' aria-checked={towns.includes(t.id)}
                onClick={() => setTowns(towns.includes(t.id) ? towns.filter((x) => x !== t.id) : towns.concat(t.id))}>
                <Text>{t.name}</Text>
              </View>
            ))}
          </View>
        </Field>
      ) : null}
      <ErrorBox error={save.error} />
      <Button className='btn btn-primary btn-block mt' disabled={save.busy} onClick={async () => { if (await save.run()) await onSaved() }}>保存</Button>
    </Sheet>
  )
}
