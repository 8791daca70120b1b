// The activity collections, one small repository each: `activities` (with derived, indexed fields the domain never sees),
// `activityEvents` (each activity's timeline), `signIns`, `registrations`, `evaluations`, `activitySettings` (admin lists).
import type { Id } from '../../src/domain/types'
import { ACTIVITY_FAMILY } from '../../src/domain/activities/lifecycle'
import { SEED_ACTIVITY_KINDS, SEED_CRITERIA } from '../../src/domain/activities/labels'
import type { Activity, ActivityEvent, Evaluation, ListEntry, Registration, SignIn } from '../../src/domain/activities/types'
import { getById, insert, put, type Doc, type Scope } from '../db'
import { readAll } from '../repositories/paging'
import { forgetActivity } from './heldActivities'

export const ACTIVITIES = 'activities'
export const ACTIVITY_EVENTS = 'activityEvents'
export const SIGN_INS = 'signIns'
export const REGISTRATIONS = 'registrations'
export const EVALUATIONS = 'evaluations'
export const ACTIVITY_SETTINGS = 'activitySettings'

const DERIVED = ['family', 'startKey'] as const

export function activityToDoc(a: Activity): Doc {
  return { ...a, family: ACTIVITY_FAMILY[a.status], startKey: `${a.startAt}|${a._id}` }
}

export function activityFromDoc(doc: Doc): Activity {
  const a = { ...doc }
  for (const k of DERIVED) delete a[k]
  return a as Activity
}

export async function getActivity(scope: Scope, id: Id): Promise<Activity | null> {
  const doc = await getById(scope, ACTIVITIES, id)
  return doc ? activityFromDoc(doc) : null
}

/** Writes the activity; this instance's scans read it again (see heldActivities.ts). */
export function putActivity(scope: Scope, a: Activity): Promise<void> {
  forgetActivity(a._id)
  return put(scope, ACTIVITIES, activityToDoc(a))
}

export const addActivityEvent = (scope: Scope, e: ActivityEvent) => insert(scope, ACTIVITY_EVENTS, e as unknown as Doc)

/** The whole timeline, oldest first, 1,000 events a read. */
export async function activityTimeline(scope: Scope, activityId: Id): Promise<ActivityEvent[]> {
  return (await readAll(scope, ACTIVITY_EVENTS, { activityId })) as unknown as ActivityEvent[]
}

export const getSignIn = (scope: Scope, id: Id) => getById<SignIn>(scope, SIGN_INS, id)
export const addSignIn = (scope: Scope, s: SignIn) => insert(scope, SIGN_INS, s as unknown as Doc)
export const putSignIn = (scope: Scope, s: SignIn) => put(scope, SIGN_INS, s as unknown as Doc)

export const getRegistration = (scope: Scope, id: Id) => getById<Registration>(scope, REGISTRATIONS, id)
export const addRegistration = (scope: Scope, r: Registration) => insert(scope, REGISTRATIONS, r as unknown as Doc)

export const getEvaluation = (scope: Scope, id: Id) => getById<Evaluation>(scope, EVALUATIONS, id)
export const addEvaluation = (scope: Scope, e: Evaluation) => insert(scope, EVALUATIONS, e as unknown as Doc)

export type ListName = 'kinds' | 'criteria'
const SEEDED: Record<ListName, readonly { id: string; name: string }[]> = { kinds: SEED_ACTIVITY_KINDS, criteria: SEED_CRITERIA }

/** An admin-kept list; until an admin first changes it, the office's seeded entries. */
export async function getList(scope: Scope, list: ListName): Promise<ListEntry[]> {
  const doc = await getById<{ entries: ListEntry[] }>(scope, ACTIVITY_SETTINGS, list)
  if (doc) return doc.entries
  return SEEDED[list].map((e, i) => ({ id: e.id, name: e.name, order: i + 1 }))
}

export const putList = (scope: Scope, list: ListName, entries: ListEntry[]) => put(scope, ACTIVITY_SETTINGS, { _id: list, entries })

/** The activities that take a suggestion up as a topic (议题), newest first: the suggestion's side of the link. */
export async function activitiesTakingUp(scope: Scope, suggestionId: Id): Promise<Activity[]> {
  const res = await scope.collection(ACTIVITIES).where({ topicSuggestionIds: suggestionId }).orderBy('startKey', 'desc').limit(20).get()
  return (res.data as Doc[]).map(activityFromDoc)
}
