// wx.api (node-sdk callWxOpenApi, JSON) and wx.openApi (wx-server-sdk cloud.openapi, multipart + protobuf).
// Both check the calling function's permissions.openapi, as the cloud does, from the token the function's call carries.
import { callOpenApi, getOpenDataItems, openApiPermission, refusal, type WeChatStandIns } from '../wechat/openapi'
import {
  API_TYPE, decodeCommApiData, decodeGetOpenDataReq, encodeGetOpenDataResponse, encodeOpenApiBinaryResponse, encodeOpenApiErrorResponse, encodeOpenApiJsonResponse,
} from './openapi-proto'
import { AdminError, RawAnswer, type ActionHandler } from './protocol'

/** The function a call's wxCloudApiToken was issued to and what it declared; null for calls from outside any function. */
export type DeclaredApis = (token: string) => { fn: string; openapi: string[]; openid?: string | null } | null

function tokenOf(body: Record<string, unknown>): string {
  return typeof body.wxCloudApiToken === 'string' ? body.wxCloudApiToken : ''
}

export function wxApiAction(standIns: WeChatStandIns, declared: DeclaredApis = () => null): ActionHandler {
  return async (body) => {
    const apiName = typeof body.apiName === 'string' ? body.apiName : ''
    if (!apiName) throw new AdminError('INVALID_PARAM', 'apiName is required')
    let request: Record<string, unknown> = {}
    if (typeof body.requestData === 'string' && body.requestData !== '') {
      try {
        request = JSON.parse(body.requestData) as Record<string, unknown>
      } catch (err) {
        throw new AdminError('INVALID_PARAM', `requestData is not valid JSON: ${(err as Error).message}`)
      }
    } else if (body.requestData && typeof body.requestData === 'object') {
      request = body.requestData as Record<string, unknown>
    }
    const caller = declared(tokenOf(body))
    const denied = openApiPermission(apiName, caller?.openapi ?? null)
    const answer = denied ? refusal(standIns, apiName, 'wx.api', denied, caller?.fn ?? null) : callOpenApi(standIns, apiName, request, 'wx.api', caller?.openid ?? null)
    // An image answer (wxacode) travels as base64 through this JSON-only path.
    if ('body' in answer && Buffer.isBuffer(answer.body)) return { data: { responseData: JSON.stringify({ errcode: 0, errmsg: 'ok', contentType: String(answer.contentType), buffer: answer.body.toString('base64') }) } }
    return { data: { responseData: JSON.stringify(answer) } }
  }
}

export function wxOpenApiAction(standIns: WeChatStandIns, declared: DeclaredApis = () => null): ActionHandler {
  return async (body) => {
    const apiName = typeof body.apiName === 'string' ? body.apiName : ''
    if (!apiName) throw new AdminError('INVALID_PARAM', 'apiName is required')
    const raw = body.requestData
    const bytes = Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw, 'latin1') : null
    if (!bytes) throw new AdminError('INVALID_PARAM', 'requestData (protobuf CommApiData) is required')
    let decoded
    try {
      decoded = decodeCommApiData(bytes)
    } catch (err) {
      throw new AdminError('INVALID_PARAM', `requestData is not a protobuf CommApiData: ${(err as Error).message}`)
    }
    const caller = declared(tokenOf(body))
    if (decoded.apiType === API_TYPE.SVRKIT_API && decoded.svrkit?.apiName === 'ApiGetOpenDataByCloudId') {
      // cloud.getOpenData: refused like any open API the function did not declare.
      const refused = openApiPermission('ApiGetOpenDataByCloudId', caller?.openapi ?? null)
      if (refused) {
        refusal(standIns, 'cloudbase.getOpenData', 'wx.openApi', refused, caller?.fn ?? null)
        return new RawAnswer(encodeOpenApiErrorResponse(refused), 'application/octet-stream')
      }
      let cloudIDs: string[]
      try {
        cloudIDs = decodeGetOpenDataReq(decoded.svrkit.reqData)
      } catch (err) {
        throw new AdminError('INVALID_PARAM', `svrkit reqData is not an ApiGetOpenDataByCloudIdReq: ${(err as Error).message}`)
      }
      return new RawAnswer(encodeGetOpenDataResponse(getOpenDataItems(standIns, cloudIDs, caller?.openid ?? null, 'wx.openApi')), 'application/octet-stream')
    }
    if (decoded.apiType !== API_TYPE.OPEN_API) {
      throw new AdminError('INVALID_PARAM', `wx.openApi apiType ${decoded.apiType} is not provided by the local CloudBase (only OPEN_API, and SVRKIT for getOpenData)`)
    }
    const denied = openApiPermission(apiName, caller?.openapi ?? null)
    if (denied) {
      // The cloud refuses before WeChat sees the call: the error is in CommOpenApiResp.errorCode, not in a JSON body.
      refusal(standIns, apiName, 'wx.openApi', denied, caller?.fn ?? null)
      return new RawAnswer(encodeOpenApiErrorResponse(denied), 'application/octet-stream')
    }
    const answer = callOpenApi(standIns, apiName, decoded.data, 'wx.openApi', caller?.openid ?? null)
    if ('body' in answer && Buffer.isBuffer(answer.body)) return new RawAnswer(encodeOpenApiBinaryResponse(answer.body, String(answer.contentType)), 'application/octet-stream')
    return new RawAnswer(encodeOpenApiJsonResponse(answer), 'application/octet-stream')
  }
}
