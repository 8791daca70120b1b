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
  'wxacode.getUnlimited': 'wxacode.getUnlimited',
  '/wxa/getwxacodeunlimit': 'wxacode.getUnlimited',
}

const wxaCodes = new WeakMap<Inbox, WxaCodes>()

export function canonicalApiName(apiName: string): string | null {
  const path = apiName.split('?')[0]
  return API_ALIASES[path] ?? null
}

export function callOpenApi(standIns: WeChatStandIns, apiName: string, body: Record<string, unknown>, via: string): WeChatAnswer | BinaryAnswer {
  switch (canonicalApiName(apiName)) {
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
