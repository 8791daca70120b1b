// The `suggestions` function: people's actions on suggestions and the queries behind every list and detail page.
import { suggestionsSchemas as s } from '../../../src/domain/schemas'
import { action, createMain, startsTransaction, type ActionDef, mutate } from '../../../server/handler'
import { runItemCommand, submit } from '../../../server/suggestionCommands'
import * as queries from '../../../server/suggestionQueries'
import { domainError } from '../../../src/domain/commands'
import { canView, isStaffFor } from '../../../src/domain/permissions'
import { checkTexts, said } from '../../../server/textCheck'
import { db } from '../../../server/db'
import { findByTakeoverCode, getSuggestion } from '../../../server/repositories/suggestions'
import { MESSAGES } from '../../../src/domain/labels'
import { setFollow } from '../../../server/repositories/follows'
import { addNotice } from '../../../server/repositories/notices'
import { addOutboxRows } from '../../../server/repositories/outbox'
import { newId } from '../../../server/ids'

const command = <K extends keyof typeof s>(name: K) =>
  action(true, s[name], startsTransaction((ctx, input) => runItemCommand(ctx, name as never, input as never)))

/** The function's actions by name; `main` runs them on the system clock (tests may run them on their own clock). */
export const actions: Record<string, ActionDef> = {
  submit: action(true, s.submit, startsTransaction(submit)),
  approve: command('approve'),
  reject: command('reject'),
  accept: command('accept'),
  merge: command('merge'),
  withdraw: command('withdraw'),
  openConsultation: command('openConsultation'),
  comment: command('comment'),
  second: command('second'),
  concludeConsultation: command('concludeConsultation'),
  handOff: command('handOff'),
  claim: command('claim'),
  returnItem: command('returnItem'),
  reassign: command('reassign'),
  progress: command('progress'),
  reply: command('reply'),
  recordReply: command('recordReply'),
  rate: command('rate'),
  chase: command('chase'),
  close: command('close'),

  // The card's code finds the item; without a code the item's id and the caller's phone in 我的 must match.
  takeOver: action(true, s.takeOver, async (ctx, input) => {
    const code = input.code?.toUpperCase()
    let id = input.id
    if (!id && code) {
      const found = await findByTakeoverCode(db(), code)
      if (!found) return domainError('NOT_FOUND', MESSAGES.takeoverCodeMissing, 'code')
      id = found._id
    }
    return runItemCommand(ctx, 'takeOver', code ? { id: id!, code } : { id: id! })
  }),

  // Following is a person's own bookmark, not a step in the item's life: no timeline event.
  follow: action(true, s.follow, async (ctx, input) => {
    const item = await getSuggestion(db(), input.id)
    if (!item || !canView(ctx.caller.actor, item)) return domainError('NOT_FOUND', undefined, 'id')
    return mutate(ctx, async (t) => {
      await setFollow(t, ctx.caller.personId, item._id, input.on, ctx.now)
      return { written: { following: input.on } }
    })
  }),

  // Staff write a notice for the item's village work group; the dispatcher sends it through the group's robot.
  notifyGroup: action(true, s.notifyGroup, async (ctx, input) => {
    const [item, rejected] = await Promise.all([getSuggestion(db(), input.id), checkTexts(ctx.caller.openid, said('text', 2, input.text))])
    if (!item || !canView(ctx.caller.actor, item)) return domainError('NOT_FOUND', undefined, 'id')
    if (!isStaffFor(ctx.caller.actor, item.townId)) return domainError('FORBIDDEN')
    if (rejected) return rejected
    const noticeId = newId(ctx.now)
    return mutate(ctx, async (t) => {
      await addNotice(t, { _id: noticeId, suggestionId: item._id, villageId: item.villageId, townId: item.townId, text: input.text, byId: ctx.caller.personId, at: ctx.now })
      await addOutboxRows(t, [{
        kind: 'robot', to: `village:${item.villageId}`, templateKey: 'groupNotice', data: { title: item.title, note: input.text },
        suggestionId: item._id, status: 'pending', attempts: 0, createdAt: ctx.now,
      }])
      return { written: { noticeId } }
    })
  }),

  detail: action(false, s.detail, queries.detail),
  timeline: action(false, s.timeline, queries.timeline),
  comments: action(false, s.comments, queries.comments),
  mine: action(false, s.mine, queries.mine),
  following: action(false, s.following, queries.following),
  feed: action(false, s.feed, queries.feed),
  memberQueue: action(false, s.memberQueue, queries.memberQueue),
  triage: action(false, s.triage, queries.triage),
  similar: action(false, s.similar, queries.similar),
  recordedByMe: action(false, s.recordedByMe, queries.recordedByMe),
  waitingForMe: action(false, s.waitingForMe, (ctx) => queries.waitingForMe(ctx)),
  myVillages: action(false, s.myVillages, (ctx) => queries.myVillages(ctx)),
  villageItems: action(false, s.villageItems, queries.villageItems),
}

export const main = createMain(actions)
