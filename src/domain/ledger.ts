// When an item's outcome counts (answered: replied or closed) and which outcomes are adoptions; the figures
// (src/domain/figures) and the activities' figures count with these.
import type { Outcome, Suggestion } from './types'

/** An outcome counts once the item is answered: replied or closed. A reopened item (back to claimed) waits for its new reply. */
export function countedOutcome(item: Pick<Suggestion, 'status' | 'reply'>): Outcome | null {
  return (item.status === 'replied' || item.status === 'closed') && item.reply ? item.reply.outcome : null
}

export function isAdopted(outcome: Outcome | null): boolean {
  return outcome === 'adopted' || outcome === 'partlyAdopted'
}
