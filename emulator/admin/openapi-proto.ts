// The protobuf messages wx-server-sdk uses for `wx.openApi` (field numbers read from node_modules/wx-server-sdk/index.js, src/protobuf/openapi.js).
import protobuf from 'protobufjs'

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    SvrkitApiData: { fields: { apiName: { type: 'string', id: 1 }, reqData: { type: 'bytes', id: 2 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        svrkitData: { type: 'SvrkitApiData', id: 4 },
        appid: { type: 'string', id: 6 },
      },
    },
    ApiGetOpenDataByCloudIdReq: { fields: { cloudidList: { rule: 'repeated', type: 'string', id: 2 } } },
    ApiGetOpenDataByCloudIdResp: {
      fields: { dataList: { rule: 'repeated', type: 'OpDataItem', id: 1 } },
      nested: { OpDataItem: { fields: { cloudId: { type: 'string', id: 1 }, json: { type: 'string', id: 2 } } } },
    },
    HttpHeader: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        headers: { rule: 'repeated', type: 'HttpHeader', id: 5 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
  },
})

const CommApiData = root.lookupType('CommApiData')
const CommOpenApiResp = root.lookupType('CommOpenApiResp')
const GetOpenDataReq = root.lookupType('ApiGetOpenDataByCloudIdReq')
const GetOpenDataResp = root.lookupType('ApiGetOpenDataByCloudIdResp')

/** apiType values of CommApiData (OPEN_API is what cloud.openapi.* sends). */
export const API_TYPE = { OPEN_API: 0, INNER_API: 1, SVRKIT_API: 2, TOKEN_API: 3 } as const

export interface DecodedOpenApiRequest {
  apiType: number
  appid: string
  /** Each pair's value parsed as JSON (the SDK sends JSON bytes); raw text kept when it is not JSON. */
  data: Record<string, unknown>
  /** SVRKIT_API calls (cloud.getOpenData): the inner API's name and its protobuf request. */
  svrkit?: { apiName: string; reqData: Buffer }
}

export function decodeCommApiData(bytes: Uint8Array): DecodedOpenApiRequest {
  const message = CommApiData.toObject(CommApiData.decode(bytes), { defaults: true, bytes: Buffer }) as {
    apiType: number
    appid: string
    openapiData?: { pairs?: Array<{ key: string; value: Buffer }> }
    svrkitData?: { apiName: string; reqData: Buffer }
  }
  const data: Record<string, unknown> = {}
  for (const pair of message.openapiData?.pairs ?? []) {
    const text = Buffer.from(pair.value).toString('utf8')
    try {
      data[pair.key] = JSON.parse(text)
    } catch {
      data[pair.key] = text
    }
  }
  const decoded: DecodedOpenApiRequest = { apiType: message.apiType, appid: message.appid, data }
  if (message.svrkitData) decoded.svrkit = { apiName: message.svrkitData.apiName, reqData: Buffer.from(message.svrkitData.reqData ?? []) }
  return decoded
}

/** cloud.getOpenData's request: the cloudIDs to decode. */
export function decodeGetOpenDataReq(bytes: Uint8Array): string[] {
  const message = GetOpenDataReq.toObject(GetOpenDataReq.decode(bytes), { defaults: true }) as { cloudidList: string[] }
  return message.cloudidList
}

/** cloud.getOpenData's answer: a SVRKIT response whose respData lists each cloudID with its open data as JSON text. */
export function encodeGetOpenDataResponse(items: Array<{ cloudId: string; json: string }>): Buffer {
  const respData = Buffer.from(GetOpenDataResp.encode(GetOpenDataResp.create({ dataList: items })).finish())
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create({ respData, errorCode: 0, svrkitErrorCode: 0, httpCode: 200 })).finish())
}

/** Test helper: a SVRKIT CommApiData as wx-server-sdk's getOpenData builds it. */
export function encodeGetOpenDataCall(cloudIDs: string[]): Buffer {
  const reqData = Buffer.from(GetOpenDataReq.encode(GetOpenDataReq.create({ cloudidList: cloudIDs })).finish())
  return Buffer.from(CommApiData.encode(CommApiData.create({ apiType: API_TYPE.SVRKIT_API, svrkitData: { apiName: 'ApiGetOpenDataByCloudId', reqData } })).finish())
}

/** A CommOpenApiResp carrying a JSON answer, as the WeChat side returns it. */
export function encodeOpenApiJsonResponse(answer: unknown): Buffer {
  const message = CommOpenApiResp.create({
    respData: Buffer.from(JSON.stringify(answer)),
    contentType: 'application/json',
    errorCode: 0,
    httpCode: 200,
    headers: [{ key: 'Content-Type', value: 'application/json' }],
  })
  return Buffer.from(CommOpenApiResp.encode(message).finish())
}

/** A CommOpenApiResp refusing the call on the cloud's side (e.g. -604101, no permission): no body, the code in errorCode. */
export function encodeOpenApiErrorResponse(errorCode: number): Buffer {
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create({ errorCode, httpCode: 200 })).finish())
}

/** A CommOpenApiResp carrying bytes (an image), which wx-server-sdk hands back as `{ contentType, buffer }`. */
export function encodeOpenApiBinaryResponse(body: Buffer, contentType: string): Buffer {
  const message = CommOpenApiResp.create({
    respData: body, contentType, errorCode: 0, httpCode: 200, headers: [{ key: 'Content-Type', value: contentType }],
  })
  return Buffer.from(CommOpenApiResp.encode(message).finish())
}

/** Test helpers: the inverse encodings, as the SDK produces / reads them. */
export function encodeCommApiData(data: Record<string, unknown>, appid = ''): Buffer {
  const pairs = Object.entries(data).map(([key, value]) => ({ key, value: Buffer.from(JSON.stringify(value)) }))
  return Buffer.from(CommApiData.encode(CommApiData.create({ apiType: API_TYPE.OPEN_API, openapiData: { pairs }, appid })).finish())
}

export function decodeOpenApiResponse(bytes: Uint8Array): { contentType: string; errorCode: number; body: unknown } {
  const message = CommOpenApiResp.toObject(CommOpenApiResp.decode(bytes), { defaults: true, bytes: Buffer }) as {
    respData: Buffer
    contentType: string
    errorCode: number
  }
  return { contentType: message.contentType, errorCode: message.errorCode, body: JSON.parse(Buffer.from(message.respData).toString('utf8')) }
}
