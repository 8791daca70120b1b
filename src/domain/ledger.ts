// The adoption ledger, as a pure function over items: the definition the server's aggregation must agree with.
import type { Id, Outcome, Suggestion, SuggestionStatus } from './types'
import type { Ledger } from './api'

/** An outcome counts once the item is answered: replied or closed. A reopened item (back to claimed) waits for its new reply. */
export function countedOutcome(item: Pick<Suggestion, 'status' | 'reply'>): Outcome | null {
  return (item.status === 'replied' || item.status === 'closed') && item.reply ? item.reply.outcome : null
}

export function isAdopted(outcome: Outcome | null): boolean {
  return outcome === 'adopted' || outcome === 'partlyAdopted'
}

/** One row of the server's $group: items sharing status, outcome and town. */
export interface LedgerRow { status: SuggestionStatus; outcome: Outcome | null; townId: Id; n: number; reopened: number }

export function ledgerRowsOf(items: Pick<Suggestion, 'status' | 'reply' | 'townId' | 'reopenCount'>[]): LedgerRow[] {
  const rows = new Map<string, LedgerRow>()
  for (const item of items) {
    const outcome = countedOutcome(item)
    const key = `${item.status}|${outcome}|${item.townId}`
    const r = rows.get(key) ?? { status: item.status, outcome, townId: item.townId, n: 0, reopened: 0 }
    r.n += 1
    if (item.reopenCount > 0) r.reopened += 1
    rows.set(key, r)
  }
  return [...rows.values()]
}

/** Fold grouped rows into the ledger. Towns are listed in the given order, then any others. */
export function foldLedger(rows: LedgerRow[], towns: { id: Id; name: string }[]): Ledger {
  const ledger: Ledger = { total: 0, byStatus: {}, byOutcome: {}, adopted: 0, reopened: 0, byTown: [] }
  const byTown = new Map<Id, { townId: Id; townName: string; total: number; adopted: number }>()
  for (const t of towns) byTown.set(t.id, { townId: t.id, townName: t.name, total: 0, adopted: 0 })
  for (const r of rows) {
    ledger.total += r.n
    ledger.byStatus[r.status] = (ledger.byStatus[r.status] ?? 0) + r.n
    if (r.outcome) ledger.byOutcome[r.outcome] = (ledger.byOutcome[r.outcome] ?? 0) + r.n
    if (isAdopted(r.outcome)) ledger.adopted += r.n
    ledger.reopened += r.reopened
    const town = byTown.get(r.townId) ?? { townId: r.townId, townName: r.townId, total: 0, adopted: 0 }
    town.total += r.n
    if (isAdopted(r.outcome)) town.adopted += r.n
    byTown.set(r.townId, town)
  }
  ledger.byTown = [...byTown.values()].filter((t) => t.total > 0)
  return ledger
}

/** The ledger of a list of items (tests compare it with the server's aggregated one). */
export function ledgerOf(items: Pick<Suggestion, 'status' | 'reply' | 'townId' | 'reopenCount'>[], towns: { id: Id; name: string }[] = []): Ledger {
  return foldLedger(ledgerRowsOf(items), towns)
}
