// The `subscriptions` collection: per person and template, the one-time subscriptions left (each accept allows one
// message) and whether the person turned that kind of message off. One document per (person, template key).
import type { Id, IsoTime } from '../../src/domain/types'
import { db, getById, put, type Doc, type Scope } from '../db'
import { transact } from '../transaction'

export const SUBSCRIPTIONS = 'subscriptions'

export interface Subscription { _id: string; personId: Id; templateKey: string; left: number; optedOut: boolean; updatedAt: IsoTime }

const idOf = (personId: Id, templateKey: string) => `${personId}:${templateKey}`

export async function getSubscription(scope: Scope, personId: Id, templateKey: string): Promise<Subscription | null> {
  return getById<Subscription>(scope, SUBSCRIPTIONS, idOf(personId, templateKey))
}

export async function subscriptionsOf(personId: Id): Promise<Subscription[]> {
  const res = await db().collection(SUBSCRIPTIONS).where({ personId }).limit(100).get()
  return res.data as Subscription[]
}

function fresh(personId: Id, templateKey: string, now: IsoTime): Subscription {
  return { _id: idOf(personId, templateKey), personId, templateKey, left: 0, optedOut: false, updatedAt: now }
}

/** Changes one subscription in a transaction (retried on conflicts). */
export async function changeSubscription(personId: Id, templateKey: string, now: IsoTime, change: (s: Subscription) => Subscription): Promise<Subscription> {
  return transact(async (t) => {
    const s = (await getSubscription(t, personId, templateKey)) ?? fresh(personId, templateKey, now)
    const next = { ...change(s), updatedAt: now }
    await put(t, SUBSCRIPTIONS, next as unknown as Doc)
    return next
  }, () => null, 5)
}

export type Spend = 'ok' | 'noQuota' | 'optedOut'

/**
 * Spends one message of a person's budget for a template before sending (`counting` false for long-term
 * subscriptions: only the opt-out is read). One conditional update: it takes one only where one is left and the kind
 * is not turned off, so two senders at once never spend the same one.
 */
export async function spendOne(personId: Id, templateKey: string, now: IsoTime, counting: boolean): Promise<Spend> {
  const _ = db().command
  if (counting) {
    const res = await db().collection(SUBSCRIPTIONS).where({ _id: idOf(personId, templateKey), left: _.gt(0), optedOut: _.neq(true) })
      .update({ left: _.inc(-1), updatedAt: now })
    if (res.updated === 1) return 'ok'
  }
  // Nothing was taken (or nothing is counted): say why from the document.
  const s = await getSubscription(db(), personId, templateKey)
  if (s?.optedOut) return 'optedOut'
  return counting ? 'noQuota' : 'ok'
}

/** Gives back a message that was spent but not delivered (WeChat refused the send for another reason). */
export async function giveBack(personId: Id, templateKey: string, now: IsoTime): Promise<void> {
  await changeSubscription(personId, templateKey, now, (s) => ({ ...s, left: s.left + 1 }))
}

/** WeChat answered 43101: the person has nothing left, whatever we counted. */
export async function setNoneLeft(personId: Id, templateKey: string, now: IsoTime): Promise<void> {
  await changeSubscription(personId, templateKey, now, (s) => ({ ...s, left: 0 }))
}
