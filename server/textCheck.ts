// The content check for every stored text a person controls (citizens' and staff's alike: staff text reaches groups
// and public pages too). Each text is checked by WeChat's msgSecCheck; the checks of one call go out together.
import { MESSAGES } from '../src/domain/labels'
import { domainError, type DomainError } from '../src/domain/commands'
import { checkText, type Scene } from './content'

/** One text to check: the input field it came from (named in the error), WeChat's scene, the text. */
export interface SaidText { field: string; scene: Scene; text: string }

/** Scenes: 1 profile (names), 2 comment, 3 forum post (a suggestion, a plan). */
export const said = (field: string, scene: Scene, text: unknown): SaidText[] =>
  typeof text === 'string' && text.trim() ? [{ field, scene, text }] : []

/**
 * CONTENT_REJECTED naming the first field that did not pass, or null when all passed. `review` is a refusal too:
 * only a submission has a state in which it waits for a person (pendingReview); see `submit`.
 */
export async function checkTexts(openid: string, texts: SaidText[]): Promise<DomainError | null> {
  const verdicts = await Promise.all(texts.map((x) => checkText(openid, x.scene, x.text)))
  const i = verdicts.findIndex((v) => v !== 'pass')
  if (i < 0) return null
  return domainError('CONTENT_REJECTED', verdicts[i] === 'review' ? MESSAGES.textNeedsReview : undefined, texts[i].field)
}
