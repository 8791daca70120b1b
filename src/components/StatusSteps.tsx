// Where the item stands on the main road: 提交 → 受理 → 协商 → 交办 → 办理 → 答复 → 办结.
import { View, Text } from '@tarojs/components'
import type { SuggestionStatus } from '@/domain/types'
import { STATUS_LABEL } from './labels'

const STEPS = ['提交', '受理', '协商', '交办', '办理', '答复', '办结'] as const
const STEP_OF: Partial<Record<SuggestionStatus, number>> = {
  pendingReview: 0, submitted: 0, accepted: 1, consulting: 2, assigned: 3, claimed: 4, replied: 5, closed: 6,
}

export default function StatusSteps({ status }: { status: SuggestionStatus }) {
  const current = STEP_OF[status]
  if (current === undefined) {
    return <View className='card' data-testid='status-steps'><Text className='tag'>{STATUS_LABEL[status]}</Text></View>
  }
  return (
    <View className='steps card' data-testid='status-steps' aria-label={'当前状态：' + STATUS_LABEL[status]}>
      {STEPS.map((name, i) => (
        <View key={name} className={'step' + (i < current || status === 'closed' ? ' step-done' : i === current ? ' step-current' : '')}>
          <View className='step-dot' />
          <Text>{name}</Text>
        </View>
      ))}
    </View>
  )
}
