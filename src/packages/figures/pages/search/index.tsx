// 关键词搜索: items by words of their title and content (two characters or more), with the town and category filters.
// Staff find every item in their scope; everyone else what is public (answered items).
import { useState } from 'react'
import { View, Text, Input, Button } from '@tarojs/components'
import { toApiError, type ApiError } from '@/api'
import type { PublicCard, SuggestionCard as Card } from '@/domain/api'
import { CATEGORIES, type Category } from '@/domain/types'
import { CATEGORY_LABELS } from '@/domain/labels'
import { FIGURES_TEXT } from '@/domain/figures/labels'
import { Chips, EmptyState, ErrorBox, Loading } from '@/components/ui'
import SuggestionCard from '@/components/SuggestionCard'
import { figures } from '../../api'

export default function SearchPage() {
  const [q, setQ] = useState('')
  const [category, setCategory] = useState<Category | null>(null)
  const [items, setItems] = useState<(Card | PublicCard)[] | null>(null)
  const [cursor, setCursor] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(false)

  const run = async (more = false) => {
    setLoading(true)
    try {
      const page = await figures('search', { q, ...(category ? { category } : {}), ...(more && cursor ? { cursor } : {}) })
      setItems((prev) => (more && prev ? [...prev, ...page.items] : page.items))
      setCursor(page.nextCursor)
      setError(null)
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setLoading(false)
    }
  }

  return (
    <View className='page' data-testid='search'>
      <View className='row'>
        <Input className='input grow' value={q} placeholder='输入关键词，如：停车' confirmType='search' onInput={(e) => setQ(e.detail.value)} onConfirm={() => void run()} aria-label='关键词' />
        <Button className='btn btn-small btn-primary' onClick={() => void run()} data-testid='search-go'>搜索</Button>
      </View>
      <Chips label='类别' choices={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} value={category} onChange={(c) => setCategory(c === category ? null : c)} />
      <ErrorBox error={error} />
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <EmptyState text={cursor ? FIGURES_TEXT.searchKeepLooking : '没有找到相关建议'} /> : null}
      {(items ?? []).map((item) => <SuggestionCard key={item.id} item={item} />)}
      {cursor ? <Button className='btn btn-block' onClick={() => void run(true)}><Text>更多</Text></Button> : null}
    </View>
  )
}
