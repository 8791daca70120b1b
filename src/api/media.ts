// Photos on WeChat: pick, compress (Taro.compressImage), upload to cloud storage; the item keeps the cloud:// file ids.
import Taro from '@tarojs/taro'
import { ApiError } from './errors'
import { cloudPath } from './cloudPath'

export interface PickedImage { path: string }

export async function pickImages(max: number): Promise<PickedImage[]> {
  try {
    const r = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    return r.tempFilePaths.slice(0, max).map((path) => ({ path }))
  } catch {
    return [] // cancelled
  }
}

export async function compressImage(img: PickedImage): Promise<PickedImage> {
  try {
    const r = await Taro.compressImage({ src: img.path, quality: 70 })
    return { path: r.tempFilePath }
  } catch {
    return img
  }
}

export async function uploadImage(img: PickedImage, folder = 'suggestions'): Promise<string> {
  try {
    const r = await Taro.cloud.uploadFile({ cloudPath: cloudPath(folder), filePath: img.path })
    return r.fileID
  } catch (e) {
    throw new ApiError('NETWORK', { detail: e instanceof Error ? e.message : String(e), message: '图片上传失败，请重试' })
  }
}
