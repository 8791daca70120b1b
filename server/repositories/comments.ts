// The `comments` collection: the 微协商 thread of an item.
import type { Comment, Id } from '../../src/domain/types'
import { getById, insert, type Scope } from '../db'

export const COMMENTS = 'comments'

export const addComment = (scope: Scope, comment: Comment) => insert(scope, COMMENTS, comment)
export const getComment = (scope: Scope, id: Id) => getById<Comment>(scope, COMMENTS, id)

export async function commentsOf(scope: Scope, suggestionId: Id, limit = 500): Promise<Comment[]> {
  const res = await scope.collection(COMMENTS).where({ suggestionId }).orderBy('_id', 'asc').limit(limit).get()
  return res.data as Comment[]
}
