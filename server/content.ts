// The content check: user text goes through security.msgSecCheck (version 2) before anything is stored.
import { wxCloud } from './notify/wx'

export type Verdict = 'pass' | 'review' | 'risky'
/** WeChat's scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export type Scene = 1 | 2 | 3 | 4

/** WeChat's limit on one check; a longer text is checked in parts, and the worst verdict wins. */
const MAX_CHARS = 2500

export async function checkText(openid: string, scene: Scene, content: string): Promise<Verdict> {
  if (!content.trim()) return 'pass'
  const chars = Array.from(content)
  const parts: string[] = []
  for (let i = 0; i < chars.length; i += MAX_CHARS) parts.push(chars.slice(i, i + MAX_CHARS).join(''))
  const verdicts = await Promise.all(parts.map((part) => checkPart(openid, scene, part)))
  return verdicts.includes('risky') ? 'risky' : verdicts.includes('review') ? 'review' : 'pass'
}

async function checkPart(openid: string, scene: Scene, content: string): Promise<Verdict> {
  try {
    // Version 2 answers errcode 0 with result.suggest pass / review / risky; a non-zero errcode is thrown by the SDK.
    const res = (await wxCloud().openapi.security.msgSecCheck({ openid, scene, version: 2, content })) as { result?: { suggest?: string } }
    const suggest = res?.result?.suggest
    return suggest === 'risky' ? 'risky' : suggest === 'pass' ? 'pass' : 'review'
  } catch (err) {
    // 87014 is version 1's answer for risky text; keep honouring it should the platform answer so.
    if ((err as { errCode?: number })?.errCode === 87014) return 'risky'
    // The check could not decide (unreachable, no permission, a user not seen lately): a person decides, nothing is published unchecked.
    console.error('msgSecCheck failed', (err as { errCode?: number })?.errCode, (err as { errMsg?: string })?.errMsg ?? err)
    return 'review'
  }
}
