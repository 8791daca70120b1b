// The `comments` collection: the 微协商 thread of an item.
import type { Comment, Id } from '../../src/domain/types'
import { getById, insert, type Scope } from '../db'
import { page } from './paging'

export const COMMENTS = 'comments'

export const addComment = (scope: Scope, comment: Comment) => insert(scope, COMMENTS, comment)
export const getComment = (scope: Scope, id: Id) => getById<Comment>(scope, COMMENTS, id)

/** A page of a thread, newest first from `before` (a comment id; none: the latest), returned oldest first for display. */
export async function commentsOf(scope: Scope, suggestionId: Id, before: string | null | undefined, limit: number): Promise<{ comments: Comment[]; olderCursor: string | null }> {
  const p = await page(scope, { collection: COMMENTS, where: { suggestionId }, sortKey: '_id', dir: -1 }, before, limit)
  return { comments: (p.docs as Comment[]).reverse(), olderCursor: p.nextCursor }
}
