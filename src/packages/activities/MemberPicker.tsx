// Inviting committee members to an activity: search by name, page through the members (org `members`, cursor paged),
// tap to invite or remove. The chosen ones stay on top whatever the search shows.
import { useCallback, useEffect, useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import type { MemberView } from '@/domain/api'
import { org, toApiError, type ApiError } from '@/api'
import { ErrorBox } from '@/components/ui'

export interface Picked { id: string; name: string }

export function MemberPicker({ value, onChange }: { value: Picked[]; onChange: (v: Picked[]) => void }) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<MemberView[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const search = useCallback(async (text: string, from: string | null) => {
    setBusy(true)
    try {
      const r = await org('members', { ...(text ? { q: text } : {}), ...(from ? { cursor: from } : {}) })
      setFound((list) => (from ? list.concat(r.members) : r.members))
      setCursor(r.nextCursor)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setBusy(false)
    }
  }, [])
  // A new search after the person stops typing for a moment.
  useEffect(() => {
    const t = setTimeout(() => { void search(q.trim(), null) }, 300)
    return () => clearTimeout(t)
  }, [q, search])
  const chosen = new Set(value.map((m) => m.id))
  const toggle = (m: Picked) => onChange(chosen.has(m.id) ? value.filter((x) => x.id !== m.id) : value.concat({ id: m.id, name: m.name }))
  return (
    <View data-testid='member-picker'>
      {value.length ? (
        <View className='choice-row' role='group' aria-label='已邀请委员'>
          {value.map((m) => (
            <View key={m.id} className='choice choice-active' role='checkbox' aria-checked data-testid='invited-member' onClick={() => toggle(m)}><Text>{m.name} ×</Text></View>
          ))}
        </View>
      ) : <Text className='muted small'>尚未邀请委员</Text>}
      <Input className='input mt' aria-label='搜索委员' data-testid='member-search' placeholder='输入姓名搜索委员' value={q} onInput={(e) => setQ(e.detail.value)} />
      <View className='choice-row mt' role='group' aria-label='委员'>
        {found.filter((m) => !chosen.has(m.id)).map((m) => (
          <View key={m.id} className='choice' role='checkbox' aria-checked={false} data-testid='member-option' onClick={() => toggle(m)}>
            <Text>{m.name}{m.sector ? '·' + m.sector : ''}</Text>
          </View>
        ))}
      </View>
      {!busy && found.length === 0 ? <Text className='muted small'>没有找到委员</Text> : null}
      {cursor ? <Button className='btn btn-block mt' data-testid='member-more' loading={busy} onClick={() => void search(q.trim(), cursor)}>加载更多</Button> : null}
      <ErrorBox error={error} />
    </View>
  )
}
