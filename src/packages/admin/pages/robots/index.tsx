// 工作群机器人: admins register a WeCom group robot (its webhook key) for a village, a town, a sector group or the
// staff group. Keys are shown masked; a registered robot keeps its key unless a new one is typed.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import type { RobotView } from '@/domain/notify/api'
import { org, toApiError, type ApiError } from '@/api'
import { notify } from '@/api/notify'
import { useTowns } from '@/hooks/useMe'
import { useCommand } from '@/hooks/useCommand'
import { Chips, ErrorBox, Field, Loading } from '@/components/ui'

type Kind = 'village' | 'town' | 'sectorGroup' | 'staff'
const KINDS = [
  { value: 'village' as Kind, label: '村社区' }, { value: 'town' as Kind, label: '镇街道' },
  { value: 'sectorGroup' as Kind, label: '界别活动组' }, { value: 'staff' as Kind, label: '工作人员群' },
]

export default function Robots() {
  const { towns } = useTowns()
  const [groups, setGroups] = useState<{ id: string; name: string }[]>([])
  const [robots, setRobots] = useState<RobotView[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [kind, setKind] = useState<Kind>('village')
  const [targetId, setTargetId] = useState<string>('')
  const [name, setName] = useState('')
  const [key, setKey] = useState('')
  const load = useCallback(async () => {
    try {
      setRobots((await notify('robots', {})).robots)
      setGroups((await org('sectorGroups', {})).groups.map((g) => ({ id: g.id, name: g.name })))
    } catch (e) {
      setError(toApiError(e))
    }
  }, [])
  useEffect(() => { void load() }, [load])
  const save = useCommand(async (requestId: string) => notify('upsertRobot', {
    targetKind: kind, ...(targetId ? { targetId } : {}), name: name.trim(), key: key.trim(),
  }, { requestId }))

  const options: { id: string; name: string }[] = kind === 'village'
    ? (towns ?? []).flatMap((t) => t.villages.map((v) => ({ id: v.id, name: `${t.name} ${v.name}` })))
    : kind === 'town' ? (towns ?? []).map((t) => ({ id: t.id, name: t.name }))
      : kind === 'sectorGroup' ? groups : [{ id: '', name: '全县工作人员群' }, ...(towns ?? []).map((t) => ({ id: t.id, name: `${t.name}工作人员群` }))]
  const nameOf = (target: string) => {
    const [k, id] = target.split(':')
    const found = (k === 'village' ? (towns ?? []).flatMap((t) => t.villages) : k === 'town' ? towns ?? [] : k === 'sectorGroup' ? groups : towns ?? []).find((x) => x.id === id)
    return `${KINDS.find((x) => x.value === k)?.label ?? k} ${found?.name ?? (id === 'all' ? '全县' : id)}`
  }

  return (
    <View className='page' data-testid='admin-robots'>
      <ErrorBox error={error} onRetry={load} />
      <View className='card'>
        <Text className='section-title'>登记机器人</Text>
        <Field label='群所属'><Chips label='群所属' choices={KINDS} value={kind} onChange={(k) => { setKind(k); setTargetId('') }} /></Field>
        <Field label='选择'>
          <View className='choice-row' role='radiogroup' aria-label='选择单位' data-testid='robot-target'>
            {options.map((o) => (
              <View key={o.id || 'all'} role='radio' aria-checked={targetId === o.id} className={'choice' + (targetId === o.id ? ' choice-active' : '')} onClick={() => { setTargetId(o.id); if (!name) setName(`${o.name}工作群`) }}>
                <Text>{o.name}</Text>
              </View>
            ))}
          </View>
        </Field>
        <Field label='名称'><Input className='input' aria-label='机器人名称' data-testid='robot-name' value={name} maxlength={30} onInput={(e) => setName(e.detail.value)} /></Field>
        <Field label='Webhook 密钥（key=后面的部分）'><Input className='input' aria-label='机器人密钥' data-testid='robot-key' password value={key} maxlength={64} onInput={(e) => setKey(e.detail.value)} /></Field>
        <ErrorBox error={save.error} />
        <Button className='btn btn-primary btn-block' data-testid='robot-save' disabled={save.busy || !name.trim() || !key.trim()} onClick={async () => {
          if (await save.run()) { setKey(''); setName(''); void load() }
        }}>保存</Button>
      </View>
      {robots === null && !error ? <Loading /> : null}
      {(robots ?? []).map((r) => (
        <View key={r.id} className='card' data-testid='robot'>
          <View className='row-between'><Text>{r.name}</Text><Text className='muted small'>{r.key}</Text></View>
          <Text className='muted small'>{nameOf(r.target)}{r.blockedUntil && r.blockedUntil > new Date().toISOString() ? ' · 限流中' : ''}</Text>
        </View>
      ))}
    </View>
  )
}
