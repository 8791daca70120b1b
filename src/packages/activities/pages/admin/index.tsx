// The admin keeps two lists: activity kinds and evaluation criteria (add, rename, retire).
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Button, Input } from '@tarojs/components'
import type { ListEntry } from '@/domain/activities/types'
import { toApiError, type ApiError } from '@/api'
import { useCommand } from '@/hooks/useCommand'
import { ErrorBox, Loading } from '@/components/ui'
import { activities } from '../../shared'

export default function ActivityLists() {
  const [lists, setLists] = useState<{ kinds: ListEntry[]; criteria: ListEntry[] } | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const load = useCallback(() => activities('lists', {}).then(setLists, (e) => setError(toApiError(e))), [])
  useEffect(() => { void load() }, [load])
  if (!lists) return <View className='page'><ErrorBox error={error} />{error ? null : <Loading />}</View>
  return (
    <View className='page' data-testid='activity-lists'>
      <ListEditor title='活动类型' list='kinds' entries={lists.kinds} onChanged={load} />
      <ListEditor title='评价指标' list='criteria' entries={lists.criteria} onChanged={load} />
    </View>
  )
}

function ListEditor({ title, list, entries, onChanged }: { title: string; list: 'kinds' | 'criteria'; entries: ListEntry[]; onChanged: () => void }) {
  const [name, setName] = useState('')
  const cmd = useCommand(async (requestId: string, input: { id?: string; name: string; retired?: boolean }) => {
    await activities('upsertListEntry', { list, ...input }, { requestId })
    setName('')
    onChanged()
  })
  return (
    <View className='card' data-testid={`list-${list}`}>
      <Text className='section-title'>{title}</Text>
      {entries.map((e) => (
        <View key={e.id} className='entry'>
          <Text className={e.retired ? 'muted' : ''}>{e.name}{e.retired ? '（已停用）' : ''}</Text>
          <Button className='btn btn-small' onClick={() => cmd.run({ id: e.id, name: e.name, retired: !e.retired })}>{e.retired ? '启用' : '停用'}</Button>
        </View>
      ))}
      <View className='row mt'>
        <Input className='input grow' aria-label={`新增${title}`} value={name} onInput={(e) => setName(e.detail.value)} />
        <Button className='btn btn-small' onClick={() => cmd.run({ name })}>添加</Button>
      </View>
      <ErrorBox error={cmd.error} />
    </View>
  )
}
