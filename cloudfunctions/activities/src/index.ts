// The `activities` function: 请你来协商 — activities from planning to the evaluated result, sign-in on site, what comes
// out of them (items in the loop), candidate topics, third-party evaluation, the figures and the admin's lists.
import { activitiesSchemas as s } from '../../../src/domain/activities/schemas'
import { action, createMain, type ActionDef } from '../../../server/handler'
import * as cmd from '../../../server/activities/commands'
import * as q from '../../../server/activities/queries'

/** The function's actions by name; `main` runs them on the system clock (tests may run them on their own clock). */
export const actions: Record<string, ActionDef> = {
  create: action(true, s.create, cmd.create),
  update: action(true, s.update, (ctx, input) => cmd.step(ctx, 'update', input)),
  linkTopics: action(true, s.linkTopics, (ctx, input) => cmd.step(ctx, 'linkTopics', input)),
  publish: action(true, s.publish, (ctx, input) => cmd.step(ctx, 'publish', input)),
  cancel: action(true, s.cancel, (ctx, input) => cmd.step(ctx, 'cancel', input)),
  openSignIn: action(true, s.openSignIn, (ctx, input) => cmd.step(ctx, 'openSignIn', input)),
  addWalkIns: action(true, s.addWalkIns, (ctx, input) => cmd.step(ctx, 'addWalkIns', input)),
  conclude: action(true, s.conclude, cmd.conclude),
  evaluate: action(true, s.evaluate, cmd.evaluate),
  register: action(true, s.register, cmd.register),
  signIn: action(true, s.signIn, cmd.signIn),
  raise: action(true, s.raise, cmd.raise),
  answerSatisfaction: action(true, s.answerSatisfaction, cmd.answerSatisfaction),
  answerTopics: action(true, s.answerTopics, cmd.answerTopics),
  upsertListEntry: action(true, s.upsertListEntry, cmd.upsertListEntry),

  list: action(false, s.list, q.list),
  detail: action(false, s.detail, q.detail),
  mine: action(false, s.mine, (ctx) => q.mine(ctx)),
  signInState: action(false, s.signInState, q.signInState),
  signInCode: action(false, s.signInCode, q.signInCode),
  candidates: action(false, s.candidates, q.candidates),
  figures: action(false, s.figures, q.figures),
  lists: action(false, s.lists, () => q.lists()),
}

export const main = createMain(actions)
