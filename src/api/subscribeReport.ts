// Tells the server what the person answered to requestSubscribeMessage (one accept = one message it may send).
import { call, newRequestId } from './client'

const ANSWERS = new Set(['accept', 'reject', 'ban', 'filter'])

/** Reports the answers for the asked templates and gives them back; a failed report never blocks the person's action. */
export async function reportSubscribe(answer: Record<string, string>, asked: string[]): Promise<Record<string, string>> {
  const results: Record<string, string> = {}
  for (const id of asked) if (ANSWERS.has(answer?.[id])) results[id] = answer[id]
  if (Object.keys(results).length > 0) {
    try {
      await call('notify', 'reportSubscribe', { results }, { requestId: newRequestId() })
    } catch {
      // The message will be skipped (no quota) rather than the person's tap failing.
    }
  }
  return answer
}
