// WeChat: when the app was opened from a card in a group chat, the group's open data as a CloudID for a function call
// (wx.getGroupEnterInfo → cloudID → wx.cloud.CloudID); null otherwise. (H5 uses groupEnter.h5.ts, picked by Taro at build.)
import Taro from '@tarojs/taro'

/** Scenes of a card opened from a group chat: 1044 (a card with a shareTicket), 1008 (a group chat card, older clients). */
const GROUP_SCENES = new Set([1044, 1008])

export function groupOpenData(): Promise<unknown | null> {
  const enter = Taro.getEnterOptionsSync?.() as { scene?: number; shareTicket?: string } | undefined
  if (!enter || (!enter.shareTicket && !GROUP_SCENES.has(Number(enter.scene)))) return Promise.resolve(null)
  return new Promise((resolve) => {
    Taro.getGroupEnterInfo({
      success: (res) => resolve(res.cloudID ? (Taro.cloud.CloudID(res.cloudID) as unknown) : null),
      fail: () => resolve(null),
    })
  })
}
