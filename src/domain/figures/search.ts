// Keyword search keys for Chinese text, which has no spaces: overlapping character pairs (bigrams) of every run of
// Chinese characters, and whole lower-cased words of Latin letters and digits. An item stores its keys (an indexed
// multikey field); a query matches an item holding all of the query's keys.

const HAN = /[\u3400-\u9fff\uf900-\ufaff]+/g
const WORD = /[a-z0-9]+/g

/**
 * How much of the content is indexed, and the most keys one item stores. Each key is an index entry: on 100,000 items
 * the local CloudBase holds every entry in memory, so the opening of the content is indexed, not all of it.
 */
export const CONTENT_CHARS = 60
export const MAX_KEYS = 80

/** A lone Chinese character or Latin letter makes no key: too common to narrow anything. */
function keysOfText(text: string, into: Set<string>): void {
  const t = text.toLowerCase()
  for (const run of t.match(HAN) ?? []) for (let i = 0; i + 1 < run.length; i++) into.add(run.slice(i, i + 2))
  for (const w of t.match(WORD) ?? []) if (w.length >= 2) into.add(w)
}

/** The keys stored on an item: its title, then the start of its content. */
export function searchKeysOf(title: string, content: string): string[] {
  const keys = new Set<string>()
  keysOfText(title, keys)
  keysOfText(content.slice(0, CONTENT_CHARS), keys)
  return [...keys].slice(0, MAX_KEYS)
}

/** The keys a query needs (all of them). Empty when the query has nothing searchable (one Chinese character alone). */
export function queryKeysOf(q: string): string[] {
  const keys = new Set<string>()
  keysOfText(q, keys)
  return [...keys].slice(0, 12)
}
