// Ids the server hands out. Time-ordered, so "newest first" is "highest id first" and cursors stay simple.
import crypto from 'node:crypto'

let lastMs = 0
let counter = 0

/** 9 base-36 digits of milliseconds, 3 of a per-instance counter, 6 random: sortable by creation, unique across instances. */
export function newId(at: string | number = Date.now()): string {
  const ms = typeof at === 'number' ? at : Date.parse(at)
  if (ms === lastMs) counter = (counter + 1) % 46656
  else { lastMs = ms; counter = 0 }
  const rand = crypto.randomBytes(4).readUInt32BE(0) % 2176782336
  return ms.toString(36).padStart(9, '0') + counter.toString(36).padStart(3, '0') + rand.toString(36).padStart(6, '0')
}

/** A person's id derives from their openid, one way: lookups need no query, and the openid never appears in an id. */
export function personIdFor(openid: string): string {
  return 'u' + crypto.createHash('sha256').update(`sanwei:${openid}`).digest('hex').slice(0, 24)
}

/** The code on a takeover card: 8 characters from an alphabet without look-alikes (31^8 ≈ 8.5e11 codes). */
export function newTakeoverCode(alphabet: string): string {
  const bytes = crypto.randomBytes(8)
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}
