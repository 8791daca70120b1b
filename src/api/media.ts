// Photos on WeChat: pick, compress (Taro.compressImage), upload to cloud storage; the item keeps the cloud:// file ids.
import Taro from '@tarojs/taro'
import { PHOTO_REFUSALS } from '@/domain/labels'
import { ApiError } from './errors'
import { cloudPath } from './cloudPath'

export interface PickedImage { path: string }

export type PhotoRefusal = keyof typeof PHOTO_REFUSALS

/**
 * Why chooseImage failed, when it was not the person cancelling: errno 112 — the privacy guide does not declare the
 * album/camera; 104 — the person has not agreed to the privacy guide; 103 or "auth deny" — the permission was refused.
 */
export function photoRefusal(e: unknown): PhotoRefusal | null {
  const err = (e ?? {}) as { errno?: unknown; errMsg?: unknown }
  const errno = typeof err.errno === 'number' ? err.errno : Number(err.errno)
  const msg = typeof err.errMsg === 'string' ? err.errMsg : e instanceof Error ? e.message : ''
  if (errno === 112 || /not declared in the privacy agreement/i.test(msg)) return 'privacyUndeclared'
  if (errno === 104 || /privacy permission is not authorized/i.test(msg)) return 'privacyDeclined'
  if (errno === 103 || /auth den(y|ied)|authorize:fail|permission denied/i.test(msg)) return 'permissionDenied'
  return null
}

async function tell(refusal: PhotoRefusal): Promise<void> {
  const text = PHOTO_REFUSALS[refusal]
  if ('confirmText' in text) {
    const r = await Taro.showModal({ title: text.title, content: text.content, confirmText: text.confirmText, cancelText: '取消' })
    if (r.confirm) await Taro.openSetting().catch(() => undefined)
    return
  }
  await Taro.showModal({ title: text.title, content: text.content, showCancel: false, confirmText: '知道了' })
}

/** The picked photos; [] when the person cancels, and also when picking was refused — after telling them why. */
export async function pickImages(max: number): Promise<PickedImage[]> {
  try {
    const r = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    return r.tempFilePaths.slice(0, max).map((path) => ({ path }))
  } catch (e) {
    const refusal = photoRefusal(e)
    if (refusal) await tell(refusal).catch(() => undefined)
    return []
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
