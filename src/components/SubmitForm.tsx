// The 微建言 form: category, town → village, title, text with a counter, photos, anonymous; hints of similar items.
import { View, Text, Input, Textarea, Switch, Image } from '@tarojs/components'
import type { TownView, SuggestionCard } from '@/domain/api'
import { CATEGORIES } from '@/domain/types'
import { CATEGORY_LABEL, STATUS_LABEL } from './labels'
import { Btn, Chips, Field } from './ui'
import { useState } from 'react'
import { CONTENT_MAX, MAX_PHOTOS, TITLE_MAX, searchPlaces, type FieldErrors, type SubmitDraft } from './submitForm'

export interface PhotoItem { key: string; path: string }

export interface SubmitFormProps {
  draft: SubmitDraft
  onChange: (d: SubmitDraft) => void
  towns: TownView[]
  errors: FieldErrors
  photos: PhotoItem[]
  onAddPhotos?: () => void
  onRemovePhoto?: (key: string) => void
  similar?: SuggestionCard[]
  onOpenSimilar?: (id: string) => void
  busy: boolean
  onSubmit: () => void
  /** Staff and members may record for a resident. */
  canRecordFor?: boolean
}

const RECORD_CHANNELS = [
  { value: 'liaisonStation' as const, label: '联络站接待' },
  { value: 'consultationActivity' as const, label: '协商活动现场' },
]

const CATEGORY_CHOICES = CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))

export default function SubmitForm(p: SubmitFormProps) {
  const { draft, onChange, towns, errors } = p
  const town = towns.find((t) => t.id === draft.townId) ?? null
  const set = (patch: Partial<SubmitDraft>) => onChange({ ...draft, ...patch })
  const [placeQuery, setPlaceQuery] = useState('')
  const places = searchPlaces(towns, placeQuery)
  return (
    <View data-testid='submit-form'>
      {p.canRecordFor ? (
        <View className='field'>
          <View className='switch-row'>
            <Text className='label'>代群众录入（驻站接待、活动现场）</Text>
            <Switch aria-label='代群众录入' data-testid='record-for' checked={!!draft.recordFor} color='#c8161d'
              onChange={(e) => set({ recordFor: e.detail.value ? { name: '', phone: '', channel: 'liaisonStation' } : null })} />
          </View>
          {draft.recordFor ? (
            <View className='hint-box'>
              <Field label='在哪里接待'>
                <Chips label='在哪里接待' choices={RECORD_CHANNELS} value={draft.recordFor.channel}
                  onChange={(channel) => set({ recordFor: { ...draft.recordFor!, channel } })} />
              </Field>
              <Field label='群众姓名' error={errors.recordName}>
                <Input className='input' data-testid='record-name' aria-label='群众姓名' maxlength={20} value={draft.recordFor.name}
                  onInput={(e) => set({ recordFor: { ...draft.recordFor!, name: e.detail.value } })} />
              </Field>
              <Field label='群众手机号' error={errors.recordPhone}>
                <Input className='input' data-testid='record-phone' aria-label='群众手机号' type='number' maxlength={11} value={draft.recordFor.phone}
                  onInput={(e) => set({ recordFor: { ...draft.recordFor!, phone: e.detail.value } })} />
              </Field>
              <Text className='muted small'>提交后会生成认领码，请交给群众：他在“我的”里输入认领码，或填写这个手机号，就能接手这条建议、收到办理进展并评价。代录不计入您每天的提交次数。</Text>
            </View>
          ) : null}
        </View>
      ) : null}
      <Field label='建议类别' error={errors.category}>
        <Chips label='建议类别' choices={CATEGORY_CHOICES} value={draft.category} onChange={(category) => set({ category })} />
      </Field>
      <Field label='搜索村社区'>
        <Input className='input' data-testid='place-search' aria-label='搜索村社区' placeholder='输入镇街道或村社区的名字' maxlength={20}
          value={placeQuery} onInput={(e) => setPlaceQuery(e.detail.value)} />
        {placeQuery.trim() ? (
          <View data-testid='place-results' role='listbox' aria-label='搜索结果'>
            {places.length === 0 ? <Text className='muted small'>没有找到“{placeQuery.trim()}”，请在下面选择</Text> : null}
            {places.map((m) => (
              <View key={m.villageId} className='entry' role='option' aria-selected={m.villageId === draft.villageId} data-testid='place-result'
                onClick={() => { set({ townId: m.townId, villageId: m.villageId }); setPlaceQuery('') }}>
                <Text>{m.townName} · {m.villageName}</Text>
              </View>
            ))}
          </View>
        ) : null}
      </Field>
      <Field label='所在镇街道' error={errors.townId}>
        <Chips label='所在镇街道' choices={towns.map((t) => ({ value: t.id, label: t.name }))} value={draft.townId}
          onChange={(townId) => set({ townId, villageId: townId === draft.townId ? draft.villageId : null })} />
      </Field>
      {town ? (
        <Field label='所在村社区' error={errors.villageId}>
          <Chips label='所在村社区' choices={town.villages.map((v) => ({ value: v.id, label: v.name }))} value={draft.villageId}
            onChange={(villageId) => set({ villageId })} />
        </Field>
      ) : errors.villageId ? <Field label='所在村社区' error={errors.villageId}><View /></Field> : null}
      <Field label='标题' error={errors.title}
        hint={<View className='counter' data-testid='title-counter'><Text>{draft.title.length}/{TITLE_MAX}</Text></View>}>
        <Input className='input' data-testid='title' aria-label='标题' placeholder='一句话说清楚，例如：村口路灯坏了' maxlength={TITLE_MAX}
          value={draft.title} onInput={(e) => set({ title: e.detail.value })} />
      </Field>
      {p.similar && p.similar.length > 0 ? (
        <View className='hint-box' data-testid='similar'>
          <Text className='small'>已经有人提过相似的建议，您可以去看看或附议：</Text>
          {p.similar.map((s) => (
            <View key={s.id} className='entry' onClick={() => p.onOpenSimilar?.(s.id)}>
              <Text className='small'>{s.title}</Text>
              <Text className='muted small'>{STATUS_LABEL[s.status]} · 附议 {s.secondCount}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <Field label='建议内容' error={errors.content}
        hint={<View className='counter' data-testid='counter'><Text>{draft.content.length}/{CONTENT_MAX}</Text></View>}>
        <Textarea className='textarea' data-testid='content' aria-label='建议内容' placeholder='在哪里、什么问题、您希望怎么改' maxlength={CONTENT_MAX}
          value={draft.content} onInput={(e) => set({ content: e.detail.value })} />
      </Field>
      <Field label={`图片（可选，最多 ${MAX_PHOTOS} 张）`} error={errors.images}>
        <View className='thumbs'>
          {p.photos.map((ph) => (
            <View key={ph.key} className='thumb' data-testid='photo'>
              <Image className='thumb' src={ph.path} mode='aspectFill' />
              <View className='thumb-remove' role='button' aria-label='删除这张图片' onClick={() => p.onRemovePhoto?.(ph.key)}><Text>×</Text></View>
            </View>
          ))}
          {p.photos.length < MAX_PHOTOS && p.onAddPhotos ? (
            <View className='thumb thumb-add' role='button' aria-label='添加图片' data-testid='add-photo' onClick={p.onAddPhotos}><Text>+</Text></View>
          ) : null}
        </View>
      </Field>
      {!draft.anonymous ? (
        <View className='switch-row field'>
          <Text className='label'>同意办理的委员或部门打电话联系我</Text>
          <Switch aria-label='同意联系' checked={!!draft.contactable} color='#c8161d' onChange={(e) => set({ contactable: e.detail.value })} />
        </View>
      ) : null}
      <View className='switch-row field'>
        <Text className='label'>匿名提交（委员和群众看不到您的名字）</Text>
        <Switch aria-label='匿名提交' checked={draft.anonymous} color='#c8161d' onChange={(e) => set({ anonymous: e.detail.value })} />
      </View>
      <Btn className='btn btn-primary btn-block' data-testid='submit' disabled={p.busy} loading={p.busy} onClick={p.onSubmit}>
        {p.busy ? '正在提交…' : '提交建议'}
      </Btn>
    </View>
  )
}
