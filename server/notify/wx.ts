// WeChat open APIs (云调用) the documented way: wx-server-sdk's cloud.openapi from inside the function. Each function lists
// every API it calls in its config.json permissions.openapi; the cloud (and the local CloudBase) refuse the others (-604101).
// The database stays on @cloudbase/node-sdk (server/db.ts): its transactions and queries are what the repositories are
// written against; wx-server-sdk is loaded only by the functions that call an open API, the first time they do.

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface WxCloud {
  openapi: any
  getOpenData(options: { list: string[] }): Promise<{ list: Array<{ cloudID: string; data?: unknown }> }>
}

let cloud: WxCloud | undefined

export function wxCloud(): WxCloud {
  if (!cloud) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk')
    sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })
    cloud = sdk as WxCloud
  }
  return cloud
}

/** A WeChat refusal as wx-server-sdk throws it: errCode (WeChat's errcode, or the cloud's -60xxxx) and errMsg. */
export interface WxError { errCode: number; errMsg: string }

export function wxErrorOf(err: unknown): WxError {
  const e = err as { errCode?: unknown; errMsg?: unknown; message?: unknown }
  const errCode = typeof e?.errCode === 'number' ? e.errCode : -1
  const errMsg = typeof e?.errMsg === 'string' ? e.errMsg : typeof e?.message === 'string' ? e.message : String(err)
  return { errCode, errMsg }
}
