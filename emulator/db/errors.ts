// Errors the database answers with; `code` is what the CloudBase SDK reads from the response.
export type DatabaseErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_REQUEST_FAILED'
  | 'SYS_ERR'

export class DatabaseError extends Error {
  readonly code: string
  constructor(code: DatabaseErrorCode, message: string) {
    super(message)
    this.name = 'DatabaseError'
    this.code = code
  }
}

export const invalidParam = (message: string): DatabaseError => new DatabaseError('INVALID_PARAM', message)
export const conflict = (message: string): DatabaseError => new DatabaseError('DATABASE_TRANSACTION_CONFLICT', message)
