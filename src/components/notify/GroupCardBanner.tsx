// A card opened from a WeChat group: the app hands the platform's cloudID for the group to the server once per page,
// which counts the opening for the item (or notice) and binds the group when the card was a bind card staff made.
// Shows a line only when there is something to say (a group just bound, a bind card that failed).
import { useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { GroupsActions } from '@/domain/notify/groups'
import { GROUP_LABELS } from '@/domain/notify/groups'
import { newRequestId, toApiError, type ApiError } from '@/api'
import { groupOpenData } from '@/api/groupEnter'
import { groupCards } from '@/api/notify'

type Card = GroupsActions['openGroupCard']['in']

/** The query a card of this kind opens its page with (detail: id, noticeId; home: bind). */
function queryOf(card: Card): Record<string, string> {
  const q: Record<string, string> = {}
  if (card.suggestionId) q.id = card.suggestionId
  if (card.noticeId) q.noticeId = card.noticeId
  if (card.bindToken) q.bind = card.bindToken
  return q
}

export function useGroupCard(card: Card | null): { result: GroupsActions['openGroupCard']['out'] | null; error: ApiError | null } {
  const [result, setResult] = useState<GroupsActions['openGroupCard']['out'] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const done = useRef(false)
  const key = card ? JSON.stringify(card) : ''
  useEffect(() => {
    if (!card || done.current) return
    done.current = true
    let live = true
    void (async () => {
      const openData = await groupOpenData(queryOf(card))
      if (!openData) return
      try {
        const r = await groupCards('openGroupCard', card, { requestId: newRequestId(), openData })
        if (live) setResult(r)
      } catch (e) {
        if (live) setError(toApiError(e))
      }
    })()
    return () => { live = false }
    // Once per page: the card is known by its key.
  }, [key])
  return { result, error }
}

export default function GroupCardBanner({ card }: { card: Card | null }) {
  const { result, error } = useGroupCard(card)
  if (error && card?.bindToken) {
    return <View className='card hint-box' data-testid='group-card-error'><Text className='field-error'>{error.message}</Text></View>
  }
  if (!result || (!card?.bindToken && !result.boundNow)) return null
  return (
    <View className='card hint-box' data-testid='group-card-bound' data-status={result.status}>
      <Text>{result.status === 'bound' ? `本群已绑定到${result.targetName}` : GROUP_LABELS.pending}</Text>
      {result.boundNow ? <View><Text className='muted small'>以后{result.targetName}的通知会转发到本群</Text></View> : null}
    </View>
  )
}
