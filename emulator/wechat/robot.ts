// Stand-in for the WeCom (企业微信) group-robot webhook: message validation and 20 messages a minute per key.
import type { Inbox } from './inbox'
import type { WeChatAnswer } from './subscribe'

const PER_MINUTE = 20
const WINDOW_MS = 60_000
const TEXT_MAX_BYTES = 2048
const MARKDOWN_MAX_BYTES = 4096
const IMAGE_MAX_BYTES = 2 * 1024 * 1024

export class GroupRobots {
  /** key → send times (ms) of the accepted messages in the last minute */
  private readonly recent = new Map<string, number[]>()

  constructor(
    private readonly inbox: Inbox,
    private readonly now: () => number = Date.now,
  ) {}

  send(key: string, body: unknown): WeChatAnswer {
    const message = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null
    const msgtype = typeof message?.msgtype === 'string' ? message.msgtype : ''
    const record = (answer: WeChatAnswer) => {
      this.inbox.add({ kind: 'robot', via: 'http', errcode: answer.errcode, errmsg: answer.errmsg, key, msgtype, message: body })
      return answer
    }
    if (!key) return record({ errcode: 93000, errmsg: 'invalid webhook url: key is required' })
    if (!message) return record({ errcode: 40035, errmsg: 'invalid parameter: body must be a JSON object' })
    const invalid = validate(msgtype, message)
    if (invalid) return record(invalid)
    const t = this.now()
    const times = (this.recent.get(key) ?? []).filter((at) => t - at < WINDOW_MS)
    if (times.length >= PER_MINUTE) {
      this.recent.set(key, times)
      return record({ errcode: 45009, errmsg: `api freq out of limit: at most ${PER_MINUTE} messages a minute per robot` })
    }
    times.push(t)
    this.recent.set(key, times)
    return record({ errcode: 0, errmsg: 'ok' })
  }
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

function validate(msgtype: string, message: Record<string, unknown>): WeChatAnswer | null {
  const section = message[msgtype]
  const obj = section && typeof section === 'object' ? (section as Record<string, unknown>) : null
  switch (msgtype) {
    case 'text': {
      const content = typeof obj?.content === 'string' ? obj.content : ''
      if (!content) return { errcode: 44004, errmsg: 'empty content: text.content is required' }
      if (bytes(content) > TEXT_MAX_BYTES) return { errcode: 40058, errmsg: `text.content exceeds ${TEXT_MAX_BYTES} bytes` }
      for (const list of ['mentioned_list', 'mentioned_mobile_list']) {
        if (obj?.[list] !== undefined && !Array.isArray(obj[list])) return { errcode: 40035, errmsg: `invalid parameter: text.${list} must be an array` }
      }
      return null
    }
    case 'markdown':
    case 'markdown_v2': {
      const content = typeof obj?.content === 'string' ? obj.content : ''
      if (!content) return { errcode: 44004, errmsg: `empty content: ${msgtype}.content is required` }
      if (bytes(content) > MARKDOWN_MAX_BYTES) return { errcode: 40058, errmsg: `${msgtype}.content exceeds ${MARKDOWN_MAX_BYTES} bytes` }
      return null
    }
    case 'image': {
      const base64 = typeof obj?.base64 === 'string' ? obj.base64 : ''
      if (!base64 || typeof obj?.md5 !== 'string') return { errcode: 40035, errmsg: 'invalid parameter: image.base64 and image.md5 are required' }
      if (Buffer.from(base64, 'base64').length > IMAGE_MAX_BYTES) return { errcode: 40009, errmsg: 'invalid image size: at most 2 MB' }
      return null
    }
    case 'news': {
      const articles = obj?.articles
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > 8) return { errcode: 40035, errmsg: 'invalid parameter: news.articles must hold 1 to 8 articles' }
      if (articles.some((a) => !a || typeof a.title !== 'string' || typeof a.url !== 'string')) return { errcode: 40035, errmsg: 'invalid parameter: every article needs title and url' }
      return null
    }
    case 'file':
    case 'voice':
      return typeof obj?.media_id === 'string' && obj.media_id ? null : { errcode: 40035, errmsg: `invalid parameter: ${msgtype}.media_id is required` }
    case 'template_card':
      return obj && typeof obj.card_type === 'string' ? null : { errcode: 40035, errmsg: 'invalid parameter: template_card.card_type is required' }
    default:
      return { errcode: 40008, errmsg: `invalid message type: ${msgtype || '(none)'}` }
  }
}
