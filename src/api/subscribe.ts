// Ask for one-time subscribe messages. WeChat allows this only inside a tap handler: call it before any await.
// Each answer is reported to the server, which keeps per person and template how many messages may still be sent.
import Taro from '@tarojs/taro'
import { reportSubscribe } from './subscribeReport'

export function requestSubscribe(templateIds: string[]): Promise<Record<string, string>> {
  if (templateIds.length === 0) return Promise.resolve({})
  return Taro.requestSubscribeMessage({ tmplIds: templateIds } as unknown as Taro.requestSubscribeMessage.Option)
    .then((r) => reportSubscribe(r as unknown as Record<string, string>, templateIds))
    .catch(() => ({})) // a refusal must never block the action itself
}
