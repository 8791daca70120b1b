// One entry for WeChat open-API calls, whichever SDK path they came through: maps API names to the stand-ins.
import type { ContentSecurity } from './security'
import type { SubscribeMessages, WeChatAnswer } from './subscribe'
import type { Inbox } from './inbox'
import { WxaCodes, type BinaryAnswer } from './wxacode'

export interface WeChatStandIns {
  inbox: Inbox
  subscribe: SubscribeMessages
  security: ContentSecurity
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

export function callOpenApi(standIns: WeChatStandIns, apiName: string, body: Record<string, unknown>, via: string): WeChatAnswer | BinaryAnswer {
  switch (canonicalApiName(apiName)) {
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
