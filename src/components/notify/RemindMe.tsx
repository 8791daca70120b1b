// A member's queue asks for the reminders they will want next (交办, 督办, 每日汇总): WeChat lets a mini-program ask only
// inside a tap, and a one-time subscription allows one message, so the ask is where the next hand-off will be read.
import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import { requestSubscribe } from '@/api/subscribe'
import { HANDLER_TEMPLATE_IDS } from '@/api/templates'

export default function RemindMe() {
  const [asked, setAsked] = useState(false)
  return (
    <View className='row-between card' data-testid='remind-me'>
      <Text className='muted small'>{asked ? '好的，有新的交办或督办会通过微信提醒您。' : '有新的交办、督办时，用微信提醒我'}</Text>
      {asked ? null : (
        <Button className='btn btn-small' data-testid='remind-me-button' onClick={() => { void requestSubscribe(HANDLER_TEMPLATE_IDS).then(() => setAsked(true)) }}>提醒我</Button>
      )}
    </View>
  )
}
