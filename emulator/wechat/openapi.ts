// One entry for WeChat open-API calls, whichever SDK path they came through: maps API names to the stand-ins.
import type { ContentSecurity } from './security'
import type { SubscribeMessages, WeChatAnswer } from './subscribe'
import type { Inbox } from './inbox'
import { WxaCodes, type BinaryAnswer } from './wxacode'
import type { OpenData } from './openData'

export interface WeChatStandIns {
  inbox: Inbox
  subscribe: SubscribeMessages
  security: ContentSecurity
  openData?: OpenData
}

/** wx-server-sdk names (cloud.openapi.<a>.<b>) and the HTTPS paths node-sdk's callWxOpenApi uses, to one canonical name. */
const API_ALIASES: Record<string, string> = {
  'subscribeMessage.send': 'subscribeMessage.send',
  '/cgi-bin/message/subscribe/send': 'subscribeMessage.send',
  'security.msgSecCheck': 'security.msgSecCheck',
  '/wxa/msg_sec_check': 'security.msgSecCheck',
  'urllink.generate': 'urllink.generate',
  '/wxa/generate_urllink': 'urllink.generate',
  'wxacode.getUnlimited': 'wxacode.getUnlimited',
  '/wxa/getwxacodeunlimit': 'wxacode.getUnlimited',
  // cloud.getOpenData (a SVRKIT call named ApiGetOpenDataByCloudId) and cloud.openapi.cloudbase.getOpenData both need
  // cloudbase.getOpenData declared, as WeChat's page for the API says.
  'cloudbase.getOpenData': 'cloudbase.getOpenData',
  ApiGetOpenDataByCloudId: 'cloudbase.getOpenData',
  '/wxa/getopendata': 'cloudbase.getOpenData',
}

const wxaCodes = new WeakMap<Inbox, WxaCodes>()

export function canonicalApiName(apiName: string): string | null {
  const path = apiName.split('?')[0]
  return API_ALIASES[path] ?? null
}

/**
 * Decides whether the caller may use an API: the answer is 0, or the errcode the cloud gives (-604101 when the function
 * did not declare it in config.json permissions.openapi). `declared` is null for a call from outside any function.
 */
export function openApiPermission(apiName: string, declared: string[] | null): number {
  if (declared === null) return 0
  const canonical = canonicalApiName(apiName) ?? apiName
  return declared.some((d) => d === canonical || d === apiName) ? 0 : NO_PERMISSION
}
export const NO_PERMISSION = -604101

export function refusal(standIns: WeChatStandIns, apiName: string, via: string, errcode: number, fn: string | null): WeChatAnswer {
  const answer = { errcode, errmsg: `function has no permission to call this API: ${fn ?? '?'} does not declare ${apiName} in config.json permissions.openapi` }
  standIns.inbox.add({ kind: 'openapi', via, errcode, errmsg: answer.errmsg, apiName, function: fn })
  return answer
}

let nextLink = 1

export function callOpenApi(standIns: WeChatStandIns, apiName: string, body: Record<string, unknown>, via: string, openid: string | null = null): WeChatAnswer | BinaryAnswer {
  switch (canonicalApiName(apiName)) {
    case 'cloudbase.getOpenData': {
      const list = Array.isArray(body.cloudidList) ? body.cloudidList : Array.isArray(body.cloudid_list) ? body.cloudid_list : null
      if (!list || !list.every((c) => typeof c === 'string')) return { errcode: 40001, errmsg: 'invalid parameter: cloudidList must be a list of cloudIDs' }
      const items = getOpenDataItems(standIns, list as string[], openid, via)
      return { errcode: 0, errmsg: 'ok', data_list: items.map((i) => ({ cloud_id: i.cloudId, json: i.json })) } as WeChatAnswer
    }
    case 'urllink.generate': {
      // A link that opens a page of the mini-program from outside WeChat's chat; the local one names its target.
      const path = typeof body.path === 'string' ? body.path : ''
      if (path.startsWith('/')) return { errcode: 40165, errmsg: 'invalid weapp pagepath: path must not start with /' }
      const answer = { errcode: 0, errmsg: 'ok', url_link: `https://wxaurl.cn/local${(nextLink++).toString(36).padStart(6, '0')}` }
      standIns.inbox.add({ kind: 'openapi', via, errcode: 0, errmsg: 'ok', apiName: 'urllink.generate', body, urlLink: answer.url_link })
      return answer
    }
    case 'subscribeMessage.send':
      return standIns.subscribe.send(body, via)
    case 'security.msgSecCheck':
      return standIns.security.msgSecCheck(body, via)
    case 'wxacode.getUnlimited': {
      if (!wxaCodes.has(standIns.inbox)) wxaCodes.set(standIns.inbox, new WxaCodes(standIns.inbox))
      return wxaCodes.get(standIns.inbox)!.getUnlimited(body, via)
    }
    default: {
      const answer = { errcode: 48001, errmsg: `api unauthorized: ${apiName} is not provided by the local CloudBase` }
      standIns.inbox.add({ kind: 'openapi', via, errcode: answer.errcode, errmsg: answer.errmsg, apiName, body })
      return answer
    }
  }
}

/** Each cloudID with its open data as JSON text (`{cloudID, data}`, or `{cloudID, errCode, errMsg}` when it cannot be read). */
export function getOpenDataItems(standIns: WeChatStandIns, cloudIDs: string[], openid: string | null, via: string): Array<{ cloudId: string; json: string }> {
  return cloudIDs.map((cloudID) => {
    const item = standIns.openData ? standIns.openData.decode(cloudID, openid) : { cloudID, errCode: -601006, errMsg: 'invalid cloudID' }
    standIns.inbox.add({ kind: 'openData', via, errcode: 'errCode' in item ? item.errCode : 0, errmsg: 'errMsg' in item ? item.errMsg : 'ok', apiName: 'getOpenData', openid, cloudID })
    return { cloudId: cloudID, json: JSON.stringify(item) }
  })
}
