// The `notices` collection: group notices staff write for a village work group (sent by the dispatcher through its robot).
import type { Id, IsoTime } from '../../src/domain/types'
import { insert, type Scope } from '../db'

export const NOTICES = 'notices'

export async function addNotice(scope: Scope, n: { _id: Id; suggestionId: Id; villageId: Id; townId: Id; text: string; byId: Id; at: IsoTime }): Promise<void> {
  await insert(scope, NOTICES, n)
}
