// WeChat transport: the cloud function's answer arrives in `result`. (H5 uses transport.h5.ts, picked by Taro at build.)
import Taro from '@tarojs/taro'
import type { CallData } from '@/domain/api'
import { ApiError } from './errors'

export async function send(name: string, data: CallData): Promise<unknown> {
  let res: Taro.cloud.CallFunctionResult
  try {
    res = (await Taro.cloud.callFunction({ name, data: data as unknown as Record<string, unknown> })) as Taro.cloud.CallFunctionResult
  } catch (e) {
    throw new ApiError('NETWORK', { detail: e instanceof Error ? e.message : String(e) })
  }
  return res.result
}
