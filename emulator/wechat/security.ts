// Stand-in for security.msgSecCheck (version 2): a configurable word list decides pass / review / risky.
import { randomHex } from '../random'
import type { Inbox } from './inbox'
import type { WeChatAnswer } from './subscribe'

/** Used when the emulator is started without a word list. */
export const DEFAULT_RISKY_WORDS = ['违禁词', '赌博', '毒品', '诈骗', 'badword']
export const DEFAULT_REVIEW_WORDS = ['待审词', 'reviewword']

const MAX_CONTENT_CHARS = 2500

export class ContentSecurity {
  constructor(
    private readonly inbox: Inbox,
    private readonly riskyWords: string[] = DEFAULT_RISKY_WORDS,
    private readonly reviewWords: string[] = DEFAULT_REVIEW_WORDS,
  ) {}

  msgSecCheck(body: Record<string, unknown>, via: string): WeChatAnswer {
    const content = typeof body.content === 'string' ? body.content : ''
    const openid = typeof body.openid === 'string' ? body.openid : ''
    const version = Number(body.version ?? 1)
    const traceId = randomHex(12)
    const record = (answer: WeChatAnswer) => {
      this.inbox.add({ kind: 'msgSecCheck', via, errcode: answer.errcode, errmsg: answer.errmsg, openid, scene: body.scene, version, content, suggest: (answer.result as { suggest?: string } | undefined)?.suggest })
      return answer
    }
    if (!content) return record({ errcode: 47001, errmsg: 'data format error: content is required' })
    if (Array.from(content).length > MAX_CONTENT_CHARS) return record({ errcode: 47003, errmsg: `argument invalid! content is longer than ${MAX_CONTENT_CHARS} characters` })
    if (version === 2) {
      if (!openid) return record({ errcode: 40003, errmsg: 'invalid openid: openid is required for version 2' })
      const scene = Number(body.scene)
      if (![1, 2, 3, 4].includes(scene)) return record({ errcode: 47003, errmsg: 'argument invalid! scene must be 1, 2, 3 or 4' })
    }
    const risky = this.riskyWords.find((w) => w && content.includes(w))
    const review = risky ? undefined : this.reviewWords.find((w) => w && content.includes(w))
    const suggest = risky ? 'risky' : review ? 'review' : 'pass'
    const label = risky ? 20006 : review ? 21000 : 100
    const detail = risky || review ? [{ strategy: 'keyword', errcode: 0, suggest, label, keyword: risky ?? review, level: risky ? 90 : 50 }] : []
    // Version 1 answers risky text with errcode 87014; version 2 answers errcode 0 with result.suggest 'risky'.
    if (risky && version !== 2) return record({ errcode: 87014, errmsg: 'risky content' })
    return record({ errcode: 0, errmsg: 'ok', result: { suggest, label }, detail, trace_id: traceId })
  }
}
