// 适老化: large text when the person asked for it in 我的, or when their phone's font size is set large (WeChat reports
// fontSizeSetting in px; 17 is the standard size). Pages put the class on their root.
import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'

const KEY = 'sanwei.largeText'
/** Above this system font size (px) text is large by default. */
const SYSTEM_LARGE_PX = 17

export function largeTextWanted(): boolean {
  try {
    const chosen = Taro.getStorageSync(KEY) as 'on' | 'off' | ''
    if (chosen === 'on') return true
    if (chosen === 'off') return false
    const info = Taro.getSystemInfoSync() as { fontSizeSetting?: number }
    return (info.fontSizeSetting ?? 0) > SYSTEM_LARGE_PX
  } catch {
    return false
  }
}

export function setLargeText(on: boolean): void {
  Taro.setStorageSync(KEY, on ? 'on' : 'off')
}

/** ' large-text' or '', re-read whenever the page shows (the switch may have changed on another page). */
export function useLargeText(): string {
  const [on, setOn] = useState(largeTextWanted)
  useDidShow(() => setOn(largeTextWanted()))
  return on ? ' large-text' : ''
}
