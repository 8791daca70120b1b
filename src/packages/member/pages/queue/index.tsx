// 委员工作台: items handed to me or my sector group, by queue tab with counts. Claim, progress, reply and return happen on
// the item's detail page, where the server lists what I may do.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { useDidShow, useRouter } from '@tarojs/taro'
import { MEMBER_QUEUE_TABS, type MemberQueueTab, type SuggestionCard as Card } from '@/domain/api'
import { suggestions } from '@/api'
import { usePagedList } from '@/hooks/usePagedList'
import SuggestionCard from '@/components/SuggestionCard'
import { EmptyState, ErrorBox, Loading, Tabs } from '@/components/ui'
import { MEMBER_TAB_LABEL } from '@/components/labels'
import { hasRole, useMe } from '@/hooks/useMe'
import { useLargeText } from '@/hooks/useLargeText'
import RemindMe from '@/components/notify/RemindMe'

const ALL_TABS = MEMBER_QUEUE_TABS.map((t) => ({ value: t, label: MEMBER_TAB_LABEL[t] }))
// A department handler is invited to no consultation: no 待协商 tab for them.
const DEPARTMENT_TABS = ALL_TABS.filter((t) => t.value !== 'toConsult')
const EMPTY: Record<MemberQueueTab, string> = {
  toClaim: '没有等您认领的建议', toConsult: '没有邀请您参加、仍在进行的协商', inProgress: '没有正在办理的建议', overdue: '没有超期的建议，很好！', replied: '还没有答复过的建议',
}

export default function MemberQueue() {
  const large = useLargeText()
  const asked = useRouter().params.tab as MemberQueueTab | undefined
  const [tab, setTab] = useState<MemberQueueTab>(asked && MEMBER_QUEUE_TABS.includes(asked) ? asked : 'toClaim')
  const list = usePagedList<Card, { counts: Record<MemberQueueTab, number> }>((cursor) => suggestions('memberQueue', { tab, cursor }), [tab])
  const { me } = useMe()
  const forDepartment = !!me && hasRole(me, 'departmentHandler') && !hasRole(me, 'member')
  const [seen, setSeen] = useState(false)
  useDidShow(() => { if (seen) void list.reload(); else setSeen(true) })
  return (
    <View className={'page' + large} data-testid='member-queue'>
      <View className='card'>
        <Text className='muted small'>{forDepartment
          ? '交办到您所在部门的建议。点开一条，可以签收、填写进展、答复或退回。'
          : '交给您、您所在界别活动组或您所在部门的建议。点开一条，可以认领、填写进展、答复或退回。'}</Text>
      </View>
      <RemindMe />
      <Tabs label={forDepartment ? '部门办理队列' : '委员办理队列'} tabs={forDepartment ? DEPARTMENT_TABS : ALL_TABS} value={tab} onChange={setTab} counts={list.extra?.counts} />
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading ? <Loading /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <EmptyState text={EMPTY[tab]} /> : null}
      {list.items.map((item) => <SuggestionCard key={item.id} item={item} />)}
      {list.loadingMore ? <Loading text='正在加载更多…' /> : null}
    </View>
  )
}
