// The `/admin` database actions as HTTP answers: what the emulator's HTTP layer sends back for a `database.*` action.
import { Database, DatabaseError } from '../db'

export function isDatabaseAction(action: unknown): action is string {
  return typeof action === 'string' && action.startsWith('database.')
}

/**
 * Runs a `database.*` action and shapes the answer the way CloudBase does: always HTTP 200,
 * `{...result, requestId}` on success, `{code, message, requestId}` on error.
 */
export async function answerDatabaseAction(
  db: Database,
  action: string,
  body: Record<string, unknown>,
  requestId: string,
): Promise<Record<string, unknown>> {
  try {
    const result = await db.handle(action, body)
    return { ...result, requestId }
  } catch (e) {
    if (e instanceof DatabaseError) return { code: e.code, message: e.message, requestId }
    return { code: 'SYS_ERR', message: e instanceof Error ? e.message : String(e), requestId }
  }
}
