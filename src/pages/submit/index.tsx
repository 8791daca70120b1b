// 微建言: the form, its draft kept in storage, photos compressed and uploaded, a subscription asked at the tap.
import { useCallback, useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useDidHide } from '@tarojs/taro'
import type { SuggestionCard } from '@/domain/api'
import { suggestions } from '@/api'
import { compressImage, pickImages, uploadImage, type PickedImage } from '@/api/media'
import { fileUrl } from '@/api/files'
import { requestSubscribe } from '@/api/subscribe'
import { SUBMIT_TEMPLATE_IDS } from '@/api/templates'
import { hasRole, useMe, useTowns } from '@/hooks/useMe'
import { useCommand } from '@/hooks/useCommand'
import SubmitForm, { type PhotoItem } from '@/components/SubmitForm'
import { openDetail } from '@/components/SuggestionCard'
import { ErrorBox, Loading } from '@/components/ui'
import { EMPTY_DRAFT, MAX_PHOTOS, fieldOf, knownPlace, stillWrong, validateSubmit, type FieldErrors, type SubmitDraft } from '@/components/submitForm'
import { useLargeText } from '@/hooks/useLargeText'

const DRAFT_KEY = 'sanwei.submitDraft'
/** The village of the person's last submission, offered again on the next one. */
const PLACE_KEY = 'sanwei.lastPlace'

function readDraft(): SubmitDraft {
  try {
    const d = Taro.getStorageSync(DRAFT_KEY) as Partial<SubmitDraft> | ''
    return d ? { ...EMPTY_DRAFT, ...d } : EMPTY_DRAFT
  } catch {
    return EMPTY_DRAFT
  }
}

/** A photo picked now (uploaded in the background, or at submit if that failed), or one the saved draft brought back. */
interface Photo extends PhotoItem { picked?: PickedImage; fileId?: string }

function readLastPlace(): unknown {
  try { return Taro.getStorageSync(PLACE_KEY) || null } catch { return null }
}

const photosOf = (imageIds: string[] | undefined): Photo[] => (imageIds ?? []).map((fileId) => ({ key: fileId, path: fileUrl(fileId), fileId }))

export default function SubmitPage() {
  const large = useLargeText()
  const { towns, error: townsError, reload: reloadTowns } = useTowns()
  const { me } = useMe()
  const [draft, setDraftState] = useState<SubmitDraft>(readDraft)
  const [errors, setErrors] = useState<FieldErrors>({})
  const errorsRef = useRef(errors)
  errorsRef.current = errors
  const [photos, setPhotos] = useState<Photo[]>(() => photosOf(readDraft().imageIds))
  const [similar, setSimilar] = useState<SuggestionCard[]>([])
  const draftRef = useRef(draft)
  draftRef.current = draft
  // A field's error clears as soon as the field is fixed.
  const setDraft = useCallback((d: SubmitDraft) => {
    setDraftState(d)
    if (Object.keys(errorsRef.current).length) setErrors(stillWrong(errorsRef.current, d))
  }, [])

  // The draft survives leaving the page (and the app), with the photos already uploaded.
  const uploaded = photos.map((ph) => ph.fileId).filter((id): id is string => !!id)
  const uploadedKey = uploaded.join('|')
  useEffect(() => {
    const t = setTimeout(() => Taro.setStorageSync(DRAFT_KEY, { ...draft, imageIds: uploaded }), 300)
    return () => clearTimeout(t)
  }, [draft, uploadedKey])
  const uploadedRef = useRef(uploaded)
  uploadedRef.current = uploaded
  useDidHide(() => Taro.setStorageSync(DRAFT_KEY, { ...draftRef.current, imageIds: uploadedRef.current }))

  // A new suggestion starts in the village of the last one (the person can change it).
  useEffect(() => {
    if (!towns || draftRef.current.townId) return
    const place = knownPlace(towns, readLastPlace() as { townId?: unknown; villageId?: unknown } | null)
    if (place) setDraftState((d) => (d.townId ? d : { ...d, ...place }))
  }, [towns])

  // Hints of similar suggestions while typing (debounced).
  useEffect(() => {
    const title = draft.title.trim()
    if (!draft.townId || title.length < 2) { setSimilar([]); return }
    let live = true
    const t = setTimeout(() => {
      suggestions('similar', { townId: draft.townId!, villageId: draft.villageId ?? undefined, title, content: draft.content.trim() || undefined })
        .then((r) => { if (live) setSimilar(r.items.slice(0, 3)) })
        .catch(() => { if (live) setSimilar([]) })
    }, 600)
    return () => { live = false; clearTimeout(t) }
  }, [draft.townId, draft.villageId, draft.title, draft.content])

  /** Uploads started when the photos were added: a submit waits for them instead of sending the same photo twice. */
  const uploads = useRef(new Map<string, Promise<string>>())
  const addPhotos = useCallback(async () => {
    const picked = await pickImages(MAX_PHOTOS - photos.length)
    const compressed = await Promise.all(picked.map(compressImage))
    const added: Photo[] = compressed.map((c, i) => ({ key: `${Date.now()}-${i}-${c.path}`, path: c.path, picked: c }))
    setPhotos((prev) => prev.concat(added).slice(0, MAX_PHOTOS))
    // Uploaded now, so that the saved draft can keep them; one that fails is uploaded again at submit.
    for (const ph of added) {
      const upload = uploadImage(ph.picked!)
      uploads.current.set(ph.key, upload)
      upload.then((fileId) => {
        setPhotos((prev) => prev.map((x) => (x.key === ph.key && !x.fileId ? { ...x, fileId } : x)))
      }).catch(() => { uploads.current.delete(ph.key) })
    }
  }, [photos.length])

  const submit = useCommand(async (requestId: string, d: SubmitDraft, list: Photo[]) => {
    // Upload what is not uploaded yet; a retry after a failure reuses the ids already got.
    const images: string[] = []
    for (const ph of list) {
      if (!ph.fileId && ph.picked) {
        const started = uploads.current.get(ph.key)
        ph.fileId = started ? await started.catch(() => uploadImage(ph.picked!)) : await uploadImage(ph.picked)
      }
      if (ph.fileId) images.push(ph.fileId)
    }
    const recorded = d.recordFor
      ? { channel: d.recordFor.channel, onBehalfOf: { name: d.recordFor.name.trim(), phone: d.recordFor.phone.trim() } }
      : {}
    return suggestions('submit', {
      category: d.category!, townId: d.townId!, villageId: d.villageId!,
      title: d.title.trim(), content: d.content.trim(), images, anonymous: d.anonymous, ...recorded,
      ...(d.contactable && !d.anonymous ? { contactable: true } : {}),
    }, { requestId })
  })

  const onSubmit = async () => {
    // Asked inside the tap, before anything awaits: WeChat allows the request only there.
    const subscribed = requestSubscribe(SUBMIT_TEMPLATE_IDS)
    const found = validateSubmit(draft, photos.length)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      void Taro.showToast({ title: '请先把内容填完整', icon: 'none' })
      return
    }
    await subscribed
    const r = await submit.run(draft, photos)
    if (!r) return
    Taro.removeStorageSync(DRAFT_KEY)
    const place = { townId: draft.townId, villageId: draft.villageId }
    Taro.setStorageSync(PLACE_KEY, place)
    setDraft({ ...EMPTY_DRAFT, ...place })
    setPhotos([])
    setSimilar([])
    void Taro.showToast({ title: r.status === 'pendingReview' ? '已提交，等待审核' : '提交成功', icon: 'success' })
    openDetail(r.id)
  }

  // A field the server refused is shown next to that field; anything else (a network failure …) as a toast where the
  // person is looking — the submit button at the bottom — as well as in the box at the top of the form.
  useEffect(() => {
    const f = fieldOf(submit.error?.field)
    if (submit.error && f) setErrors((e) => ({ ...e, [f]: submit.error!.message }))
    else if (submit.error) void Taro.showToast({ title: submit.error.message, icon: 'none', duration: 3000 })
  }, [submit.error])

  if (!towns) {
    return <View className={'page' + large}>{townsError ? <ErrorBox error={townsError} onRetry={reloadTowns} /> : <Loading />}</View>
  }
  return (
    <View className={'page' + large}>
      <View className='card'>
        <Text className='section-title'>我有一条建议</Text>
        <View><Text className='muted small'>写下身边的小事，我们会尽快受理并告诉您进展。离开本页时，已填写的内容会自动保存。</Text></View>
      </View>
      <ErrorBox error={submit.error && !fieldOf(submit.error.field) ? submit.error : null} />
      <View className='card'>
        <SubmitForm
          draft={draft} onChange={setDraft} towns={towns} errors={errors}
          photos={photos} onAddPhotos={addPhotos} onRemovePhoto={(k) => setPhotos((p) => p.filter((x) => x.key !== k))}
          similar={similar} onOpenSimilar={openDetail}
          busy={submit.busy} onSubmit={onSubmit}
          canRecordFor={!!me && hasRole(me, 'staff', 'admin', 'member')}
        />
      </View>
    </View>
  )
}
