// Mine: who I am, ways into my workspaces, my suggestions by status family, and the items I follow.
import { useState } from 'react'
import { View, Text, Switch } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { STATUS_FAMILIES, type StatusFamily, type SuggestionCard as Card, type Page } from '@/domain/api'
import { suggestions } from '@/api'
import { usePagedList } from '@/hooks/usePagedList'
import { hasRole, useMe } from '@/hooks/useMe'
import SuggestionCard from '@/components/SuggestionCard'
import DevIdentitySwitcher from '@/components/DevIdentitySwitcher'
import NotificationSettings from './NotificationSettings'
import { EmptyState, ErrorBox, Loading, Tabs } from '@/components/ui'
import { FAMILY_LABEL, ROLE_LABEL } from '@/components/labels'
import { InvitationsSection, ProfileSection, RecordedSection, TakeOverSection } from '@/components/MineSections'
import { largeTextWanted, setLargeText, useLargeText } from '@/hooks/useLargeText'

type MineTab = StatusFamily | 'following'
const TABS = [...STATUS_FAMILIES.map((f) => ({ value: f as MineTab, label: FAMILY_LABEL[f] })), { value: 'following' as MineTab, label: '我关注的' }]

export default function MinePage() {
  const large = useLargeText()
  const [bigText, setBigText] = useState(largeTextWanted)
  const { me, error: meError, reload: reloadMe } = useMe()
  const [tab, setTab] = useState<MineTab>('triage')
  const list = usePagedList<Card, { counts: Record<StatusFamily, number> }>(
    (cursor) => (tab === 'following'
      ? suggestions('following', { cursor })
      : suggestions('mine', { family: tab, cursor })) as Promise<Page<Card> & { counts?: Record<StatusFamily, number> }>,
    [tab],
  )
  // Coming back from a detail page: show what changed there.
  const [shownOnce, setShownOnce] = useState(false)
  useDidShow(() => { if (shownOnce) void list.reload(); else setShownOnce(true) })

  return (
    <View className={'page' + (bigText ? ' large-text' : large)}>
      <DevIdentitySwitcher />
      <ErrorBox error={meError} onRetry={reloadMe} />
      <View className='card' data-testid='me'>
        <Text className='section-title'>{me ? me.name : '…'}</Text>
        <View className='mt'><Text className='muted small'>{me ? me.roles.map((r) => ROLE_LABEL[r]).join(' · ') : ''}</Text></View>
        {me ? <ProfileSection me={me} onSaved={reloadMe} /> : null}
      </View>
      {me && hasRole(me, 'member', 'staff', 'admin', 'departmentHandler') ? (
        <View className='card' data-testid='workspaces'>
          {hasRole(me, 'member') ? <Entry text='委员工作台' testId='go-member' url='/packages/member/pages/queue/index' /> : null}
          {hasRole(me, 'member') ? <Entry text='我的村社区' testId='go-my-villages' url='/packages/member/pages/villages/index' /> : null}
          {hasRole(me, 'member') ? <InvitationsSection /> : null}
          {hasRole(me, 'departmentHandler') && !hasRole(me, 'member') ? <Entry text='部门办理台' testId='go-department' url='/packages/member/pages/queue/index' /> : null}
          {hasRole(me, 'member') ? <Entry text='我的履职记录' testId='go-member-record' url='/packages/figures/pages/record/index' /> : null}
          {hasRole(me, 'staff', 'admin') ? <Entry text='工作人员工作台' testId='go-staff' url='/packages/staff/pages/triage/index' /> : null}
          {hasRole(me, 'staff', 'admin') ? <Entry text='统计台账' testId='go-ledger' url='/packages/figures/pages/index/index' /> : null}
          {hasRole(me, 'admin') ? <Entry text='组织管理' testId='go-admin' url='/packages/admin/pages/index/index' /> : null}
          {hasRole(me, 'staff', 'admin') ? <Entry text='发送失败的通知' testId='go-failed-notices' url='/packages/staff/pages/notices/index' /> : null}
          {hasRole(me, 'staff', 'admin') ? <Entry text='微信工作群' testId='go-chat-groups' url='/packages/staff/pages/groups/index' /> : null}
          {hasRole(me, 'admin') ? <Entry text='工作群机器人' testId='go-robots' url='/packages/admin/pages/robots/index' /> : null}
        </View>
      ) : null}
      <View className='card'>
        <Entry text='请你来协商 · 活动' testId='go-activities' url='/packages/activities/pages/list/index' />
      </View>
      <View className='card switch-row' data-testid='large-text'>
        <Text>大字模式（适老化）</Text>
        <Switch aria-label='大字模式' checked={bigText} color='#c8161d' onChange={(e) => { setLargeText(e.detail.value); setBigText(e.detail.value) }} />
      </View>
      {me && hasRole(me, 'member', 'staff', 'admin') ? <RecordedSection /> : null}
      {me ? <TakeOverSection me={me} onTaken={() => void list.reload()} /> : null}
      {me ? <NotificationSettings /> : null}
      <Text className='section-title'>我的建议</Text>
      <Tabs label='我的建议' tabs={TABS} value={tab} onChange={setTab} counts={tab === 'following' ? null : list.extra?.counts} />
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading ? <Loading /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? (
        <EmptyState text={tab === 'following' ? '您还没有关注任何建议' : '这里还没有建议'} />
      ) : null}
      {list.items.map((item) => <SuggestionCard key={item.id} item={item} />)}
      {list.loadingMore ? <Loading text='正在加载更多…' /> : null}
    </View>
  )
}

function Entry({ text, url, testId }: { text: string; url: string; testId: string }) {
  return (
    <View className='entry' role='link' data-testid={testId} onClick={() => Taro.navigateTo({ url })}>
      <Text>{text}</Text>
      <Text className='muted'>›</Text>
    </View>
  )
}
