// WeChat: when the app was opened from a card in a group chat, the group's open data as a CloudID for a function call
// (wx.getGroupEnterInfo → cloudID → wx.cloud.CloudID); null otherwise. (H5 uses groupEnter.h5.ts, picked by Taro at build.)
import Taro from '@tarojs/taro'

/** Scenes of a card opened from a group chat: 1044 (a card with a shareTicket), 1008 (a group chat card, older clients). */
const GROUP_SCENES = new Set([1044, 1008])
/** Each entry from a card is counted once, however often its page mounts. */
const consumed = new Set<string>()

/**
 * `card` is the query the card's page was opened with (id, noticeId, bind): the app's enter options must carry the same,
 * so a page reached later by tapping around in the app is not counted as opened from the group.
 */
export function groupOpenData(card: Record<string, string>): Promise<unknown | null> {
  const enter = Taro.getEnterOptionsSync?.() as { scene?: number; shareTicket?: string; query?: Record<string, string> } | undefined
  if (!enter || (!enter.shareTicket && !GROUP_SCENES.has(Number(enter.scene)))) return Promise.resolve(null)
  if (!Object.entries(card).every(([k, v]) => String(enter.query?.[k] ?? '') === v)) return Promise.resolve(null)
  const key = `${enter.scene}|${enter.shareTicket ?? ''}|${JSON.stringify(card)}`
  if (consumed.has(key)) return Promise.resolve(null)
  consumed.add(key)
  return new Promise((resolve) => {
    Taro.getGroupEnterInfo({
      success: (res) => resolve(res.cloudID ? (Taro.cloud.CloudID(res.cloudID) as unknown) : null),
      fail: () => resolve(null),
    })
  })
}
