// The content check: user text goes through security.msgSecCheck (version 2) before anything is stored.
import { cloud } from './db'

export type Verdict = 'pass' | 'review' | 'risky'
/** WeChat's scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export type Scene = 1 | 2 | 3 | 4

export async function checkText(openid: string, scene: Scene, content: string): Promise<Verdict> {
  if (!content.trim()) return 'pass'
  try {
    const res = await cloud().callWxOpenApi({ apiName: '/wxa/msg_sec_check', requestData: { openid, scene, version: 2, content } })
    const body = (res as { result?: { errcode?: number; result?: { suggest?: string } } }).result ?? {}
    if (body.errcode === 87014) return 'risky'
    if (body.errcode && body.errcode !== 0) return 'review' // the check could not decide: a person decides
    const suggest = body.result?.suggest
    return suggest === 'risky' ? 'risky' : suggest === 'review' ? 'review' : 'pass'
  } catch (err) {
    // The check is unreachable: fail towards a human review rather than publishing unchecked text.
    console.error('msgSecCheck failed', err)
    return 'review'
  }
}
