// Photos on H5: pick through the browser, compress on a canvas, upload to the local CloudBase (POST /api/storage/upload).
import Taro from '@tarojs/taro'
import { ApiError } from './errors'
import { cloudPath } from './cloudPath'
import { devOpenid } from './identity'

export interface PickedImage { path: string; blob?: Blob }

const MAX_SIDE = 1280

export async function pickImages(max: number): Promise<PickedImage[]> {
  try {
    const r = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['album'] })
    const files = (r.tempFiles ?? []) as { path: string; originalFileObj?: Blob }[]
    return r.tempFilePaths.slice(0, max).map((path, i) => ({ path, blob: files[i]?.originalFileObj }))
  } catch {
    return []
  }
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('image load failed'))
    img.src = src
  })
}

export async function compressImage(img: PickedImage): Promise<PickedImage> {
  try {
    const el = await loadImage(img.path)
    const scale = Math.min(1, MAX_SIDE / Math.max(el.naturalWidth, el.naturalHeight))
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(el.naturalWidth * scale))
    canvas.height = Math.max(1, Math.round(el.naturalHeight * scale))
    const ctx = canvas.getContext('2d')
    if (!ctx) return img
    ctx.drawImage(el, 0, 0, canvas.width, canvas.height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.7))
    if (!blob) return img
    // Keep the original when it was already smaller than the re-encoded one.
    if (img.blob && img.blob.size <= blob.size) return img
    return { path: URL.createObjectURL(blob), blob }
  } catch {
    return img
  }
}

export async function uploadImage(img: PickedImage, folder = 'suggestions'): Promise<string> {
  try {
    const blob = img.blob ?? (await (await fetch(img.path)).blob())
    const form = new FormData()
    const path = cloudPath(folder)
    form.append('cloudPath', path)
    form.append('file', blob, path.split('/').pop())
    const res = await fetch('/api/storage/upload', { method: 'POST', headers: { 'x-openid': devOpenid() }, body: form })
    if (!res.ok) throw new Error('HTTP ' + res.status)
    const body = (await res.json()) as { fileID?: string }
    if (!body.fileID) throw new Error('no fileID')
    return body.fileID
  } catch (e) {
    throw new ApiError('NETWORK', { detail: e instanceof Error ? e.message : String(e), message: '图片上传失败，请重试' })
  }
}
