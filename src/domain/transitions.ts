// The life of a suggestion as data (ARCHITECTURE.md section 4). The server enforces it; the UI reads it to offer only allowed actions.
import type { SuggestionStatus } from './types'

/** Who may take a command, as a relation between the actor and the item. `can()` in permissions.ts decides each one. */
export type Actor =
  | 'author'            // the citizen the item belongs to
  | 'anyone'            // any signed-in person (citizen, member, staff)
  | 'staff'             // staff whose scope covers the item's town, or admin
  | 'target'            // the member it is handed to, any member of the sector group, or a handler of the department it is handed to
  | 'handler'           // the member (or department handler) who claimed it
  | 'departmentProxy'   // staff covering the item's town, when it is handed to a department: they record its written reply
  | 'system'            // timers

export interface Transition {
  from: readonly SuggestionStatus[]
  /** 'same' when the command does not change the status. Several when the input decides (rate, concludeConsultation, submit). */
  to: readonly (SuggestionStatus | 'same')[]
  by: readonly Actor[]
}

const OPEN_FOR_DISCUSSION = ['submitted', 'accepted', 'consulting', 'assigned', 'claimed', 'replied'] as const

export const TRANSITIONS = {
  submit: { from: [], to: ['submitted', 'pendingReview'], by: ['anyone'] },
  approve: { from: ['pendingReview'], to: ['submitted'], by: ['staff'] },
  reject: { from: ['pendingReview', 'submitted'], to: ['rejected'], by: ['staff'] },
  accept: { from: ['submitted'], to: ['accepted'], by: ['staff'] },
  merge: { from: ['submitted', 'accepted'], to: ['merged'], by: ['staff'] },
  withdraw: { from: ['pendingReview', 'submitted', 'accepted'], to: ['withdrawn'], by: ['author'] },
  openConsultation: { from: ['accepted'], to: ['consulting'], by: ['staff'] },
  comment: { from: OPEN_FOR_DISCUSSION, to: ['same'], by: ['anyone'] },
  second: { from: OPEN_FOR_DISCUSSION, to: ['same'], by: ['anyone'] },
  concludeConsultation: { from: ['consulting'], to: ['accepted', 'assigned'], by: ['staff'] },
  handOff: { from: ['accepted'], to: ['assigned'], by: ['staff'] },
  claim: { from: ['assigned'], to: ['claimed'], by: ['target'] },
  returnItem: { from: ['assigned', 'claimed'], to: ['accepted'], by: ['target', 'handler'] },
  reassign: { from: ['assigned', 'claimed'], to: ['assigned'], by: ['staff'] },
  progress: { from: ['claimed'], to: ['same'], by: ['handler'] },
  reply: { from: ['claimed'], to: ['replied'], by: ['handler'] },
  /** Staff record a department's written reply on its behalf (the department answered on paper or by phone); marked on the timeline. */
  recordReply: { from: ['assigned', 'claimed'], to: ['replied'], by: ['departmentProxy'] },
  /** Dissatisfied reopens it: back to its handler (claimed), or to the department whose reply staff recorded (assigned). */
  rate: { from: ['replied'], to: ['closed', 'claimed', 'assigned'], by: ['author'] },
  chase: { from: ['assigned', 'claimed'], to: ['same'], by: ['staff', 'system'] },
  close: { from: ['replied'], to: ['closed'], by: ['staff', 'system'] },
  /** The resident an item was recorded for takes it over and becomes its author (the code on their card, or their phone); not once it has ended. */
  takeOver: { from: ['pendingReview', ...OPEN_FOR_DISCUSSION], to: ['same'], by: ['anyone'] },
  /** Claim ladder rungs: an unclaimed hand-off moves from the member to the member's sector group, then raises a staff alert. */
  escalate: { from: ['assigned'], to: ['same'], by: ['system'] },
  /** A consultation past its deadline and not concluded: staff of its town are reminded to conclude it, once. */
  remindConsultation: { from: ['consulting'], to: ['same'], by: ['system'] },
} as const satisfies Record<string, Transition>

export type Command = keyof typeof TRANSITIONS
export const COMMANDS = Object.keys(TRANSITIONS) as Command[]

/** Closed states: nothing changes them any more. */
export const ENDED_STATUSES: readonly SuggestionStatus[] = ['closed', 'rejected', 'merged', 'withdrawn']

/** Status families, asked by every list and filter instead of hand-written lists of statuses. */
export const FAMILY_OF: Record<SuggestionStatus, 'triage' | 'inProgress' | 'replied' | 'ended'> = {
  pendingReview: 'triage', submitted: 'triage',
  accepted: 'inProgress', consulting: 'inProgress', assigned: 'inProgress', claimed: 'inProgress',
  replied: 'replied',
  closed: 'ended', rejected: 'ended', merged: 'ended', withdrawn: 'ended',
}

export function isEnded(status: SuggestionStatus): boolean {
  return ENDED_STATUSES.includes(status)
}

/** Does the table allow `command` from `status`? (Who may take it is permissions.ts.) */
export function allowsFrom(command: Command, status: SuggestionStatus | null): boolean {
  const from = TRANSITIONS[command].from as readonly SuggestionStatus[]
  return status === null ? from.length === 0 : from.includes(status)
}

/** Is `from → to` a move the table allows for `command`? */
export function isAllowedMove(command: Command, from: SuggestionStatus | null, to: SuggestionStatus): boolean {
  if (!allowsFrom(command, from)) return false
  const targets = TRANSITIONS[command].to as readonly (SuggestionStatus | 'same')[]
  return targets.includes(to) || (targets.includes('same') && to === from)
}
