// Similar small suggestions, without an outside service: Chinese character bigrams compared with the Dice coefficient.
// Chinese has no spaces, so words are unknown; overlapping two-character windows catch most shared terms (停车, 午餐, 路灯).

/** Characters that carry meaning: Han characters, letters and digits. Punctuation and spaces only split runs. */
const RUN = /[\u4e00-\u9fffA-Za-z0-9]+/g

export function bigrams(text: string): Set<string> {
  const grams = new Set<string>()
  for (const run of text.toLowerCase().match(RUN) ?? []) {
    const chars = Array.from(run)
    if (chars.length === 1) grams.add(chars[0])
    for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1])
  }
  return grams
}

/** Dice coefficient of two gram sets: 2|A∩B| / (|A|+|B|), 0 … 1. */
export function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  for (const g of small) if (large.has(g)) shared++
  return (2 * shared) / (a.size + b.size)
}

export function similarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b))
}

export interface SimilarCandidate { _id: string; title: string; content: string; villageId: string }

/**
 * Score candidates against a draft. The title counts most (it names the problem); the same village adds a little,
 * because the same problem raised twice in one village is the likeliest duplicate.
 */
export function rankSimilar<T extends SimilarCandidate>(
  draft: { title: string; content?: string; villageId?: string }, candidates: T[], opts: { min?: number; limit?: number } = {},
): (T & { score: number })[] {
  const min = opts.min ?? 0.2
  const limit = opts.limit ?? 5
  const draftTitle = bigrams(draft.title)
  const draftAll = bigrams(`${draft.title} ${draft.content ?? ''}`)
  return candidates
    .map((c) => {
      const titleScore = dice(draftTitle, bigrams(c.title))
      const allScore = dice(draftAll, bigrams(`${c.title} ${c.content}`))
      const village = draft.villageId && draft.villageId === c.villageId ? 0.1 : 0
      const score = Math.min(1, 0.6 * titleScore + 0.4 * allScore + village)
      return { ...c, score: Math.round(score * 1000) / 1000 }
    })
    .filter((c) => c.score >= min)
    .sort((a, b) => b.score - a.score || (a._id < b._id ? 1 : -1))
    .slice(0, limit)
}
