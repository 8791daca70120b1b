// One suggestion in a list; a tap opens its detail.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { PublicCard, SuggestionCard as Card } from '@/domain/api'
import { CATEGORY_LABEL, OUTCOME_LABEL, RATING_LABEL, STATUS_LABEL } from './labels'
import { absoluteDate, bothTimes } from './time'

export function statusTagClass(status: Card['status']): string {
  if (status === 'closed') return 'tag tag-green'
  if (status === 'replied') return 'tag tag-blue'
  if (status === 'rejected' || status === 'withdrawn' || status === 'merged') return 'tag'
  return 'tag tag-orange'
}

export function openDetail(id: string) {
  void Taro.navigateTo({ url: '/pages/detail/index?id=' + encodeURIComponent(id) })
}

export default function SuggestionCard({ item }: { item: Card | PublicCard }) {
  const pub = 'replyExcerpt' in item ? item : null
  return (
    <View className='card suggestion-card' data-testid='suggestion-card' data-id={item.id} onClick={() => openDetail(item.id)}>
      <View className='row wrap mb'>
        <Text className={statusTagClass(item.status)}>{STATUS_LABEL[item.status]}</Text>
        {item.overdue ? <Text className='tag tag-red'>已超期</Text> : null}
        <Text className='tag'>{CATEGORY_LABEL[item.category]}</Text>
        {item.outcome ? <Text className='tag tag-green'>{OUTCOME_LABEL[item.outcome]}</Text> : null}
        {item.reopened ? <Text className='tag tag-orange' data-testid='reopened'>重办</Text> : null}
      </View>
      {item.reopened?.reason ? <View className='mb'><Text className='muted small'>重办原因：{item.reopened.reason}</Text></View> : null}
      <View><Text className='card-title'>{item.title}</Text></View>
      <View className='mt'><Text className='muted'>{item.excerpt}</Text></View>
      {pub ? (
        <View className='reply-box mt'>
          <Text className='small'>答复：{pub.replyExcerpt}</Text>
          {pub.rating ? <Text className='small'>（群众评价：{RATING_LABEL[pub.rating]}）</Text> : null}
        </View>
      ) : null}
      <View className='row-between mt'>
        <Text className='muted small'>{item.townName} · {item.villageName}</Text>
        <Text className='muted small'>{bothTimes(item.createdAt)}</Text>
      </View>
      {item.deadline && !pub ? <View><Text className='muted small'>办理期限：{absoluteDate(item.deadline)}</Text></View> : null}
      <View className='row mt'>
        <Text className='muted small gap'>附议 {item.secondCount}</Text>
        <Text className='muted small gap'>意见 {item.commentCount}</Text>
        {item.imageCount ? <Text className='muted small'>图片 {item.imageCount}</Text> : null}
      </View>
    </View>
  )
}
