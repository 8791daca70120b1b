// Ask for one-time subscribe messages. WeChat allows this only inside a tap handler: call it before any await.
import Taro from '@tarojs/taro'

export function requestSubscribe(templateIds: string[]): Promise<Record<string, string>> {
  if (templateIds.length === 0) return Promise.resolve({})
  return Taro.requestSubscribeMessage({ tmplIds: templateIds } as unknown as Taro.requestSubscribeMessage.Option)
    .then((r) => r as unknown as Record<string, string>)
    .catch(() => ({})) // a refusal must never block the action itself
}
