// Candidate topics (议题): open suggestions from three or more villages that say the same thing — same category, and
// alike by the character-bigram score that already ranks similar items (../similarity.ts), grouped.
import type { Category, Id } from '../types'
import { rankSimilar, type SimilarCandidate } from '../similarity'

export interface TopicCandidateItem extends SimilarCandidate { category: Category; townId: Id }

export interface CandidateTopic {
  category: Category
  /** The most recent item's title names the group. */
  title: string
  itemIds: Id[]
  villageIds: Id[]
  townIds: Id[]
}

export const TOPIC_RULES = { minVillages: 3, minScore: 0.35 } as const

/**
 * Items are linked when either ranks the other at or above `minScore` (the village bonus does not apply: villages differ);
 * linked items form a group (union–find), and a group counts when it spans `minVillages` distinct villages.
 */
export function candidateTopics<T extends TopicCandidateItem>(items: T[], rules: { minVillages?: number; minScore?: number } = {}): CandidateTopic[] {
  const minVillages = rules.minVillages ?? TOPIC_RULES.minVillages
  const minScore = rules.minScore ?? TOPIC_RULES.minScore
  const parent = items.map((_, i) => i)
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])))
  const index = new Map(items.map((it, i) => [it._id, i]))
  const byCategory = new Map<Category, T[]>()
  for (const it of items) byCategory.set(it.category, [...(byCategory.get(it.category) ?? []), it])
  for (const group of byCategory.values()) {
    for (const it of group) {
      const others = group.filter((o) => o._id !== it._id && o.villageId !== it.villageId)
      for (const match of rankSimilar({ title: it.title, content: it.content }, others, { min: minScore, limit: others.length })) {
        const a = find(index.get(it._id)!)
        const b = find(index.get(match._id)!)
        if (a !== b) parent[a] = b
      }
    }
  }
  const groups = new Map<number, T[]>()
  items.forEach((it, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), it]))
  const out: CandidateTopic[] = []
  for (const members of groups.values()) {
    const villageIds = [...new Set(members.map((m) => m.villageId))]
    if (villageIds.length < minVillages) continue
    const sorted = [...members].sort((a, b) => (a._id < b._id ? 1 : -1))
    out.push({
      category: sorted[0].category, title: sorted[0].title, itemIds: sorted.map((m) => m._id), villageIds,
      townIds: [...new Set(members.map((m) => m.townId))],
    })
  }
  return out.sort((a, b) => b.villageIds.length - a.villageIds.length || b.itemIds.length - a.itemIds.length || (a.title < b.title ? -1 : 1))
}
