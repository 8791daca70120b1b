// Stand-in for WeChat open data by CloudID: a card opened from a group (wx.getGroupEnterInfo) gets an opaque cloudID,
// issued per person and per opening, that only the platform can turn back into the group's openGId — in the function's
// event (a top-level wx.cloud.CloudID in callFunction's data) or through cloud.getOpenData({ list }).
import crypto from 'node:crypto'
import type { Inbox } from './inbox'

/** WeChat's documented lifetime of a cloudID. */
export const CLOUD_ID_TTL_MS = 5 * 60_000

interface Issued { openid: string; data: Record<string, unknown>; expiresAt: number }

/** What a cloudID decodes to: `{ cloudID, data }`, or `{ cloudID, errCode, errMsg }` when it cannot be. */
export type OpenDataItem = { cloudID: string; data: Record<string, unknown> } | { cloudID: string; errCode: number; errMsg: string }

export const CLOUD_ID_INVALID = -601006

export class OpenData {
  private readonly issued = new Map<string, Issued>()

  constructor(
    private readonly appid: string,
    private readonly inbox: Inbox,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * A group's openGId for this mini-program: opaque and stable per appid, as WeChat's is. The developer names the group
   * they pretend to open a card from; the product only ever sees the openGId.
   */
  openGIdOf(groupName: string): string {
    return 'tG' + crypto.createHash('sha256').update(`${this.appid}\u0000group\u0000${groupName}`).digest('base64url').slice(0, 26)
  }

  /** What wx.getGroupEnterInfo answers when `openid` opens a card from the group named `groupName`. */
  groupEnter(openid: string, groupName: string): { errMsg: string; cloudID: string; encryptedData: string; iv: string } {
    const openGId = this.openGIdOf(groupName)
    const cloudID = this.issue(openid, { openGId, watermark: { appid: this.appid, timestamp: Math.floor(this.now() / 1000) } })
    this.inbox.add({ kind: 'openData', via: 'http', errcode: 0, errmsg: 'ok', openid, group: groupName, openGId, cloudID })
    return { errMsg: 'getGroupEnterInfo:ok', cloudID, encryptedData: crypto.randomBytes(48).toString('base64'), iv: crypto.randomBytes(16).toString('base64') }
  }

  issue(openid: string, data: Record<string, unknown>): string {
    this.sweep()
    const cloudID = `${(this.issued.size % 90) + 10}_${crypto.randomBytes(24).toString('base64url')}`
    this.issued.set(cloudID, { openid, data, expiresAt: this.now() + CLOUD_ID_TTL_MS })
    return cloudID
  }

  /** Decodes for `openid` (null: the caller is not known, e.g. a call from outside any function). */
  decode(cloudID: string, openid: string | null): OpenDataItem {
    const entry = this.issued.get(cloudID)
    if (!entry) return { cloudID, errCode: CLOUD_ID_INVALID, errMsg: 'invalid cloudID' }
    if (entry.expiresAt <= this.now()) return { cloudID, errCode: CLOUD_ID_INVALID, errMsg: 'cloudID expired' }
    // A cloudID is the open data of the person it was issued to; another person's function call cannot read it.
    if (openid !== null && openid !== entry.openid) return { cloudID, errCode: CLOUD_ID_INVALID, errMsg: 'cloudID was issued to another user' }
    return { cloudID, data: structuredClone(entry.data) }
  }

  /**
   * callFunction from the client: each top-level value that is a CloudID (sent as the one-key object `{cloudID}`) is
   * replaced by its open data. CloudIDs deeper in the data stay as they are, as WeChat documents.
   */
  replaceInEvent(data: unknown, openid: string): unknown {
    if (!data || typeof data !== 'object' || Array.isArray(data)) return data
    let out: Record<string, unknown> | null = null
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (!isCloudIdMarker(value)) continue
      out ??= { ...(data as Record<string, unknown>) }
      const item = this.decode(value.cloudID, openid)
      out[key] = item
      this.inbox.add({ kind: 'openData', via: 'callFunction', errcode: 'errCode' in item ? item.errCode : 0, errmsg: 'errMsg' in item ? item.errMsg : 'ok', openid, cloudID: value.cloudID, field: key })
    }
    return out ?? data
  }

  private sweep(): void {
    const t = this.now()
    for (const [id, entry] of this.issued) if (entry.expiresAt <= t) this.issued.delete(id)
  }
}

function isCloudIdMarker(value: unknown): value is { cloudID: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false
  const keys = Object.keys(value)
  return keys.length === 1 && keys[0] === 'cloudID' && typeof (value as { cloudID: unknown }).cloudID === 'string'
}
