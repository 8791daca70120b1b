// H5 stand-in for wx.requestSubscribeMessage: grants the local CloudBase's one-time quota for the developer identity,
// then reports the answer to the server as the mini-program does.
import { devOpenid } from './identity'
import { reportSubscribe } from './subscribeReport'

export function requestSubscribe(templateIds: string[]): Promise<Record<string, string>> {
  if (templateIds.length === 0) return Promise.resolve({})
  return fetch('/api/subscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-openid': devOpenid() },
    body: JSON.stringify({ openid: devOpenid(), templateIds }),
  })
    .then((r) => (r.ok ? r.json() : {}))
    .then((r: Record<string, string>) => reportSubscribe(r, templateIds))
    .catch(() => ({}))
}
