// The old 统计台账 route: the figures (packages/figures: 统计, rankings, exports, records, report) replaced it, and a
// link or bookmark that still points here lands there.
import { useEffect } from 'react'
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { FIGURES_TEXT } from '@/domain/figures/labels'

export const FIGURES_PAGE = '/packages/figures/pages/index/index'

export default function LedgerRedirect() {
  useEffect(() => { void Taro.redirectTo({ url: FIGURES_PAGE }) }, [])
  return <View className='page'><Text className='muted'>{FIGURES_TEXT.openingFigures}</Text></View>
}
