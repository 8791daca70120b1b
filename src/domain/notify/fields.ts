// WeChat's rules for subscribe-message fields and group-robot markdown, and the cutting that keeps text within them.
// `thing` ≤ 20 characters, `phrase` ≤ 5 Chinese characters, `character_string` ≤ 32 printable ASCII, `name` ≤ 10,
// `time` a date-time; robot markdown ≤ 4,096 bytes (UTF-8).
import { NOTIFY_LABELS } from './labels'

export const ELLIPSIS = '…'
export const MARKDOWN_MAX_BYTES = 4096

/** At most `max` characters (code points), the last one an ellipsis when cut. */
export function cutChars(value: string, max: number): string {
  const chars = Array.from(value)
  return chars.length <= max ? value : chars.slice(0, max - 1).join('') + ELLIPSIS
}

/** At most `maxBytes` bytes of UTF-8, cut on a character boundary with an ellipsis. */
export function cutBytes(value: string, maxBytes: number): string {
  const enc = (s: string) => new TextEncoder().encode(s).length
  if (enc(value) <= maxBytes) return value
  const room = maxBytes - enc(ELLIPSIS)
  let out = ''
  let used = 0
  for (const ch of Array.from(value)) {
    const n = enc(ch)
    if (used + n > room) break
    out += ch
    used += n
  }
  return out + ELLIPSIS
}

/** UTC+8 "YYYY-MM-DD HH:mm", as WeChat shows template times. */
export function chinaTime(iso: string): string | null {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return null
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** A value made to obey its field type (never empty: WeChat refuses an empty field). */
export function fitField(type: string, value: string | undefined): string {
  const v = (value ?? '').replace(/\s+/g, ' ').trim()
  switch (type) {
    case 'thing': return v ? cutChars(v, 20) : NOTIFY_LABELS.emptyThing
    case 'phrase': return Array.from(v).filter((c) => /[\u4e00-\u9fff]/.test(c)).slice(0, 5).join('') || NOTIFY_LABELS.emptyPhrase
    case 'time': return chinaTime(v) ?? chinaTime(new Date().toISOString())!
    case 'character_string': return Array.from(v).filter((c) => /[\x21-\x7e]/.test(c)).slice(0, 32).join('') || '-'
    case 'name': return v ? Array.from(v).slice(0, 10).join('') : NOTIFY_LABELS.emptyThing
    case 'number': return /^\d+$/.test(v) ? v.slice(0, 32) : '0'
    default: return v || NOTIFY_LABELS.emptyThing
  }
}

export interface RobotMessage {
  /** 村社区工作群通知, 交办提醒 … */
  heading: string
  title: string
  place?: string
  status?: string
  deadline?: string
  note?: string
  link?: string
}

const md = (s: string) => s.replace(/[<>]/g, '')

/** The markdown a WeCom group robot posts: heading, title, place, status, deadline, the note, a link into the mini-program. */
export function robotMarkdown(m: RobotMessage): string {
  const L = NOTIFY_LABELS
  const head = [`**${md(m.heading)}**`, `${L.itemLabel}：${md(m.title)}`]
  if (m.place) head.push(`> ${L.placeLabel}：<font color="comment">${md(m.place)}</font>`)
  if (m.status) head.push(`> ${L.statusLabel}：<font color="info">${md(m.status)}</font>`)
  if (m.deadline) head.push(`> ${L.deadlineLabel}：<font color="warning">${chinaTime(m.deadline) ?? md(m.deadline)}</font>`)
  const tail = m.link ? `\n[${L.openInApp}](${m.link})` : ''
  const body = m.note ? `\n${md(m.note)}` : ''
  // The note is what gets cut: the heading and the link always fit.
  const fixed = head.join('\n') + tail
  const room = MARKDOWN_MAX_BYTES - new TextEncoder().encode(fixed).length
  const note = body ? cutBytes(body, Math.max(0, room)) : ''
  return cutBytes(head.join('\n') + note + tail, MARKDOWN_MAX_BYTES)
}
