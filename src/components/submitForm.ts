// The 微建言 form's data and its checks, apart from the screen so they can be tested alone.
import type { Category } from '@/domain/types'

export const TITLE_MIN = 4
/** Same limits as LIMITS in src/domain/schemas.ts (not imported: the form should not pull every schema into the main package). */
export const TITLE_MAX = 50
export const CONTENT_MIN = 10
export const CONTENT_MAX = 1000
export const MAX_PHOTOS = 9

export interface SubmitDraft {
  category: Category | null
  townId: string | null
  villageId: string | null
  title: string
  content: string
  anonymous: boolean
  /** The proposer agrees that whoever handles it may phone them. */
  contactable?: boolean
  /** Staff and members on duty recording for a resident (驻站接待, at an activity): who, their phone, where. */
  recordFor?: { name: string; phone: string; channel: 'liaisonStation' | 'consultationActivity' } | null
  /** Photos already uploaded (cloud file ids): kept with the draft so they come back after a reload. */
  imageIds?: string[]
}

export const EMPTY_DRAFT: SubmitDraft = { category: null, townId: null, villageId: null, title: '', content: '', anonymous: false, recordFor: null }

export type SubmitField = 'category' | 'townId' | 'villageId' | 'title' | 'content' | 'images' | 'recordName' | 'recordPhone'
export type FieldErrors = Partial<Record<SubmitField, string>>

export function validateSubmit(d: SubmitDraft, imageCount = 0): FieldErrors {
  const e: FieldErrors = {}
  if (!d.category) e.category = '请选择建议类别'
  if (!d.townId) e.townId = '请选择镇街道'
  else if (!d.villageId) e.villageId = '请选择村社区'
  const title = d.title.trim()
  if (!title) e.title = '请填写标题'
  else if (title.length < TITLE_MIN) e.title = `标题至少 ${TITLE_MIN} 个字`
  else if (title.length > TITLE_MAX) e.title = `标题不能超过 ${TITLE_MAX} 个字`
  const content = d.content.trim()
  if (!content) e.content = '请写下您的建议内容'
  else if (content.length < CONTENT_MIN) e.content = `建议内容至少 ${CONTENT_MIN} 个字，说清楚在哪里、什么问题`
  else if (content.length > CONTENT_MAX) e.content = `建议内容不能超过 ${CONTENT_MAX} 个字`
  if (imageCount > MAX_PHOTOS) e.images = `最多上传 ${MAX_PHOTOS} 张图片`
  if (d.recordFor) {
    if (!d.recordFor.name.trim()) e.recordName = '请填写群众姓名'
    if (!/^1\d{10}$/.test(d.recordFor.phone.trim())) e.recordPhone = '请填写群众的11位手机号'
  }
  return e
}

/** After an edit, keep only the errors still true: a field's error clears as soon as the field is fixed. */
export function stillWrong(previous: FieldErrors, d: SubmitDraft, imageCount = 0): FieldErrors {
  const now = validateSubmit(d, imageCount)
  const kept: FieldErrors = {}
  for (const k of Object.keys(previous) as SubmitField[]) if (now[k]) kept[k] = now[k]
  return kept
}

/** A place the village search offers: a village with its town. */
export interface PlaceMatch { townId: string; villageId: string; townName: string; villageName: string }

/**
 * Villages whose own name or whose town's name contains every word typed (so "城关 东" finds 城关镇 · 东村), in the
 * order the towns and villages are listed; at most `max`.
 */
export function searchPlaces(towns: readonly { id: string; name: string; villages: readonly { id: string; name: string }[] }[], query: string, max = 20): PlaceMatch[] {
  const words = query.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return []
  const out: PlaceMatch[] = []
  for (const t of towns) {
    for (const v of t.villages) {
      const text = `${t.name} ${v.name}`
      if (words.every((w) => text.includes(w))) out.push({ townId: t.id, villageId: v.id, townName: t.name, villageName: v.name })
      if (out.length >= max) return out
    }
  }
  return out
}

/** The remembered place, when it still exists; else null. */
export function knownPlace(towns: readonly { id: string; villages: readonly { id: string }[] }[], place: { townId?: unknown; villageId?: unknown } | null | undefined): { townId: string; villageId: string } | null {
  if (!place || typeof place.townId !== 'string' || typeof place.villageId !== 'string') return null
  const town = towns.find((t) => t.id === place.townId)
  return town && town.villages.some((v) => v.id === place.villageId) ? { townId: place.townId, villageId: place.villageId } : null
}

/** Map a server field name (from an INVALID_INPUT answer) onto the form's fields. */
export function fieldOf(serverField: string | undefined): SubmitField | null {
  if (!serverField) return null
  if (serverField === 'onBehalfOf.phone') return 'recordPhone'
  if (serverField.startsWith('onBehalfOf')) return 'recordName'
  const head = serverField.split(/[.[]/)[0]
  return (['category', 'townId', 'villageId', 'title', 'content', 'images'] as const).find((f) => f === head) ?? null
}
