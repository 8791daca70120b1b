// 组织管理 (admin): towns and villages, which member each village is bound to, sector groups, staff scopes, departments and
// their handlers, and anyone's roles (member with 界别, staff with scope, department handler with departments, evaluator).
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { DepartmentView, MemberView, PersonAdminView, SectorGroupView, StaffView, TownView } from '@/domain/api'
import type { Role } from '@/domain/types'
import { ROLE_LABEL } from '@/components/labels'
import { org, toApiError, type ApiError } from '@/api'
import { loadTowns } from '@/hooks/useMe'
import { useCommand } from '@/hooks/useCommand'
import { Btn, ErrorBox, Field, Loading, Sheet, Tabs } from '@/components/ui'
import { useLargeText } from '@/hooks/useLargeText'

type AdminTab = 'towns' | 'bindings' | 'groups' | 'staff' | 'departments' | 'people'
const TABS: { value: AdminTab; label: string }[] = [
  { value: 'towns', label: '镇街道与村社区' }, { value: 'bindings', label: '委员挂钩' },
  { value: 'groups', label: '界别活动组' }, { value: 'staff', label: '工作人员范围' },
  { value: 'departments', label: '职能部门' }, { value: 'people', label: '人员与角色' },
]

/** Every member, a page (200) at a time: the bindings and groups tabs choose among all of them. */
async function allMembers(): Promise<MemberView[]> {
  const out: MemberView[] = []
  let cursor: string | null = null
  do {
    const page: { members: MemberView[]; nextCursor: string | null } = await org('members', { cursor })
    out.push(...page.members)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

interface OrgData { towns: TownView[]; members: MemberView[]; groups: SectorGroupView[]; staff: StaffView[]; departments: DepartmentView[] }

export default function AdminPage() {
  const large = useLargeText()
  const [tab, setTab] = useState<AdminTab>('towns')
  const [data, setData] = useState<OrgData | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const load = useCallback(async () => {
    try {
      const [towns, members, groups, staff, departments] = await Promise.all([
        loadTowns(true), allMembers(), org('sectorGroups', {}), org('staffList', {}), org('departments', {}),
      ])
      setData({ towns, members, groups: groups.groups, staff: staff.staff, departments: departments.departments })
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])
  useEffect(() => { void load() }, [load])

  return (
    <View className={'page' + large} data-testid='admin'>
      <Tabs label='管理内容' tabs={TABS} value={tab} onChange={setTab} />
      <ErrorBox error={error} onRetry={load} />
      {!data ? (error ? null : <Loading />) : tab === 'towns' ? <TownsTab data={data} onChanged={load} />
        : tab === 'bindings' ? <BindingsTab data={data} onChanged={load} />
        : tab === 'groups' ? <GroupsTab data={data} onChanged={load} />
        : tab === 'departments' ? <DepartmentsTab data={data} onChanged={load} />
        : tab === 'people' ? <PeopleTab data={data} onChanged={load} />
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
      <Btn className='btn btn-primary btn-block' data-testid='save' disabled={save.busy} onClick={async () => {
        if (!name.trim()) { setFieldError('请填写名称'); return }
        if (await save.run()) onClose()
      }}>保存</Btn>
    </Sheet>
  )
}

function TownsTab({ data, onChanged }: TabProps) {
  const [sheet, setSheet] = useState<{ title: string; initial: string; save: (name: string, requestId: string) => Promise<unknown> } | null>(null)
  return (
    <View>
      <Btn className='btn btn-primary btn-block mb' onClick={() => setSheet({
        title: '新增镇街道', initial: '',
        save: (name, requestId) => org('upsertTown', { name, order: data.towns.length + 1 }, { requestId }),
      })}>新增镇街道</Btn>
      {data.towns.map((t) => (
        <View key={t.id} className='card' data-testid='town-card' data-name={t.name}>
          <View className='row-between'>
            <Text className='card-title'>{t.name}</Text>
            <View className='row'>
              <Btn className='btn btn-small gap' onClick={() => setSheet({ title: '修改名称', initial: t.name, save: (name, requestId) => org('upsertTown', { id: t.id, name }, { requestId }) })}>改名</Btn>
              <Btn className='btn btn-small' data-testid='add-village' onClick={() => setSheet({
                title: `在${t.name}新增村社区`, initial: '',
                save: (name, requestId) => org('upsertVillage', { townId: t.id, name, order: t.villages.length + 1 }, { requestId }),
              })}>加村社区</Btn>
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
  const villageNames = new Map(data.towns.flatMap((t) => t.villages.map((v) => [v.id, v.name] as const)))
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
              onClick={async () => {
                if (bind.busy || m.id === village.boundMemberId) return
                // 一村一社一委员: say which villages the member already holds before adding one more.
                const held = m.boundVillageIds.map((id) => villageNames.get(id) ?? id)
                const ok = await Taro.showModal({
                  title: '请确认',
                  content: (held.length ? `${m.name} 已挂钩：${held.join('、')}。` : `${m.name} 还没有挂钩村社区。`) + `确定再挂钩 ${village.name} 吗？`,
                  confirmText: '确定', cancelText: '再想想',
                })
                if (ok.confirm && (await bind.run(village.id, m.id))) { setVillage(null); await onChanged() }
              }}>
              <Text>{m.name}{m.sector ? '（' + m.sector + '）' : ''}</Text>
              <Text className='muted small'>{m.boundVillageIds.length ? '已挂钩 ' + m.boundVillageIds.map((id) => villageNames.get(id) ?? id).join('、') : ''}</Text>
            </View>
          ))}
          {data.members.length > shown.length ? <Text className='muted small'>只显示前 {shown.length} 位，请输入姓名查找</Text> : null}
          <Btn className='btn btn-danger btn-block mt' disabled={bind.busy || !village.boundMemberId} onClick={async () => {
            const ok = await Taro.showModal({ title: '请确认', content: '取消这个村社区的挂钩委员？', confirmText: '确定', cancelText: '再想想' })
            if (ok.confirm && (await bind.run(village.id, null))) { setVillage(null); await onChanged() }
          }}>取消挂钩</Btn>
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
      <Btn className='btn btn-primary btn-block mb' onClick={() => setEditing('new')}>新增界别活动组</Btn>
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
      <Btn className='btn btn-primary btn-block' disabled={save.busy} onClick={async () => {
        if (!name.trim()) { setFieldError('请填写名称'); return }
        if (await save.run()) await onSaved()
      }}>保存</Btn>
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
      <Btn className='btn btn-primary btn-block mt' disabled={save.busy} onClick={async () => { if (await save.run()) await onSaved() }}>保存</Btn>
    </Sheet>
  )
}

function DepartmentsTab({ data, onChanged }: TabProps) {
  const [sheet, setSheet] = useState<{ title: string; initial: string; save: (name: string, requestId: string) => Promise<unknown> } | null>(null)
  return (
    <View>
      <Btn className='btn btn-primary btn-block mb' data-testid='add-department' onClick={() => setSheet({
        title: '新增职能部门', initial: '', save: (name, requestId) => org('upsertDepartment', { name }, { requestId }),
      })}>新增职能部门</Btn>
      <View className='card'><Text className='muted small'>部门办理人在“人员与角色”里授予：查到这个人，勾选“部门办理人”并选择部门。</Text></View>
      {data.departments.map((d) => (
        <View key={d.id} className='card' data-testid='department-card' data-name={d.name}>
          <View className='row-between'>
            <Text className='card-title'>{d.name}</Text>
            <Btn className='btn btn-small' onClick={() => setSheet({ title: '修改部门名称', initial: d.name, save: (name, requestId) => org('upsertDepartment', { id: d.id, name }, { requestId }) })}>改名</Btn>
          </View>
          <View className='mt'><Text className='muted small' data-testid='department-handlers'>{d.handlers.length ? '办理人：' + d.handlers.map((h) => h.name).join('、') : '还没有办理人'}</Text></View>
        </View>
      ))}
      {sheet ? <NameSheet title={sheet.title} initial={sheet.initial} onSave={async (n, r) => { await sheet.save(n, r); await onChanged(); return true }} onClose={() => setSheet(null)} /> : null}
    </View>
  )
}

const GRANTABLE: Role[] = ['member', 'staff', 'departmentHandler', 'evaluator', 'admin']

function PeopleTab({ data, onChanged }: TabProps) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<PersonAdminView[] | null>(null)
  const [editing, setEditing] = useState<PersonAdminView | null>(null)
  const find = useCommand(async (_requestId: string) => org('findPeople', { q: q.trim() }))
  const search = async () => { const r = await find.run(); if (r) setFound(r.people) }
  return (
    <View>
      <View className='card'>
        <Field label='按姓名或手机号查找（需对方先登录过一次）'>
          <View className='row'>
            <Input className='input grow gap' aria-label='姓名或手机号' data-testid='people-search' value={q} maxlength={20} onInput={(e) => setQ(e.detail.value)} />
            <Btn className='btn btn-primary' data-testid='people-search-go' disabled={find.busy || !q.trim()} onClick={search}>查找</Btn>
          </View>
        </Field>
        <ErrorBox error={find.error} />
        {found && found.length === 0 ? <Text className='muted small'>没有找到，请输入完整姓名或11位手机号</Text> : null}
        {(found ?? []).map((p) => (
          <View key={p.id} className='entry' role='button' data-testid='person' data-name={p.name} onClick={() => setEditing(p)}>
            <Text>{p.name}{p.phone ? '（' + p.phone + '）' : ''}</Text>
            <Text className='muted small'>{p.roles.map((r) => ROLE_LABEL[r]).join('、')}</Text>
          </View>
        ))}
      </View>
      {editing ? <RolesSheet person={editing} data={data} onClose={() => setEditing(null)} onSaved={async () => { setEditing(null); await search(); await onChanged() }} /> : null}
    </View>
  )
}

function RolesSheet({ person, data, onClose, onSaved }: { person: PersonAdminView; data: OrgData; onClose: () => void; onSaved: () => Promise<void> }) {
  const [roles, setRoles] = useState<Role[]>(person.roles.filter((r) => r !== 'citizen'))
  const [scopeAll, setScopeAll] = useState(!person.staffScope || person.staffScope === 'all')
  const [towns, setTowns] = useState<string[]>(Array.isArray(person.staffScope) ? person.staffScope : [])
  const [departmentIds, setDepartmentIds] = useState<string[]>(person.departmentIds)
  const [sector, setSector] = useState(person.sector ?? '')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : list.concat(x))
  const save = useCommand(async (requestId: string) => org('setRoles', {
    personId: person.id,
    roles: ['citizen', ...roles],
    ...(roles.includes('staff') ? { staffScope: scopeAll ? 'all' as const : towns } : {}),
    ...(roles.includes('departmentHandler') ? { departmentIds } : {}),
    ...(roles.includes('member') ? { sector: sector.trim() } : {}),
  }, { requestId }))
  return (
    <Sheet title={`${person.name}：角色`} onClose={onClose}>
      <Field label='角色（可多选；人人都是群众）'>
        <View className='choice-row' role='group' aria-label='角色'>
          {GRANTABLE.map((r) => (
            <View key={r} className={'choice' + (roles.includes(r) ? ' choice-active' : '')} role='checkbox' aria-checked={roles.includes(r)}
              data-role={r} onClick={() => setRoles(toggle(roles, r))}>
              <Text>{ROLE_LABEL[r]}</Text>
            </View>
          ))}
        </View>
      </Field>
      {roles.includes('member') ? (
        <Field label='界别'>
          <Input className='input' aria-label='界别' data-testid='sector' value={sector} maxlength={20} placeholder='例如：经济界' onInput={(e) => setSector(e.detail.value)} />
        </Field>
      ) : null}
      {roles.includes('staff') ? (
        <Field label='工作范围'>
          <View className='choice-row'>
            <View className={'choice' + (scopeAll ? ' choice-active' : '')} role='radio' aria-checked={scopeAll} onClick={() => setScopeAll(true)}><Text>全县</Text></View>
            <View className={'choice' + (!scopeAll ? ' choice-active' : '')} role='radio' aria-checked={!scopeAll} onClick={() => setScopeAll(false)}><Text>指定镇街道</Text></View>
          </View>
          {!scopeAll ? (
            <View className='choice-row' role='group' aria-label='负责的镇街道'>
              {data.towns.map((t) => (
                <View key={t.id} className={'choice' + (towns.includes(t.id) ? ' choice-active' : '')} role='checkbox' aria-checked={towns.includes(t.id)}
                  onClick={() => setTowns(toggle(towns, t.id))}><Text>{t.name}</Text></View>
              ))}
            </View>
          ) : null}
        </Field>
      ) : null}
      {roles.includes('departmentHandler') ? (
        <Field label='代表哪个部门办理（可多选）' error={fieldError}>
          <View className='choice-row' role='group' aria-label='所属部门'>
            {data.departments.map((d) => (
              <View key={d.id} className={'choice' + (departmentIds.includes(d.id) ? ' choice-active' : '')} role='checkbox' aria-checked={departmentIds.includes(d.id)}
                data-department={d.name} onClick={() => setDepartmentIds(toggle(departmentIds, d.id))}><Text>{d.name}</Text></View>
            ))}
          </View>
        </Field>
      ) : null}
      <ErrorBox error={save.error} />
      <Btn className='btn btn-primary btn-block mt' data-testid='roles-save' disabled={save.busy} onClick={async () => {
        if (roles.includes('departmentHandler') && departmentIds.length === 0) { setFieldError('请至少选择一个部门'); return }
        setFieldError(null)
        const removing = person.roles.filter((r) => r !== 'citizen' && !roles.includes(r))
        if (removing.length) {
          const ok = await Taro.showModal({ title: '请确认', content: `将取消 ${person.name} 的${removing.map((r) => ROLE_LABEL[r]).join('、')}角色。确定吗？`, confirmText: '确定', cancelText: '再想想' })
          if (!ok.confirm) return
        }
        if (await save.run()) { void Taro.showToast({ title: '已保存', icon: 'success' }); await onSaved() }
      }}>保存</Btn>
    </Sheet>
  )
}
