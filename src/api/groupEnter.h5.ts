// H5 stand-in for a card opened from a group chat, against the local CloudBase: the developer names the group in the
// page's query (fromGroup=…, set by the dev group picker); the local CloudBase answers what wx.getGroupEnterInfo would
// (a fresh cloudID for this person and opening), sent as a CloudID at the top level of the call, as the app does.
import { devOpenid } from './identity'

export function fromGroupParam(): string | null {
  const { search, hash } = globalThis.location ?? { search: '', hash: '' }
  for (const part of [search, hash.includes('?') ? hash.slice(hash.indexOf('?')) : '']) {
    const group = new URLSearchParams(part).get('fromGroup')
    if (group) return group
  }
  return null
}

/** `_card` (the page's query) needs no check here: fromGroup is only in the URL of the page opened as a card. */
export async function groupOpenData(_card: Record<string, string>): Promise<unknown | null> {
  const group = fromGroupParam()
  if (!group) return null
  try {
    const res = await fetch('/api/open-data/group-enter', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-openid': devOpenid() },
      body: JSON.stringify({ group }),
    })
    const body = (await res.json()) as { cloudID?: string }
    // What wx.cloud.CloudID(cloudID) becomes on the wire to the local CloudBase.
    return res.ok && body.cloudID ? { cloudID: body.cloudID } : null
  } catch {
    return null
  }
}
