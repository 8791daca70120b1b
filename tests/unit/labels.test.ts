// Every Chinese word the product shows (src/domain/**/labels.ts): no blank label, a label for every value of each
// list, no two choices of one list that read the same, and every message naming what it was given.
import * as core from '../../src/domain/labels'
import * as activities from '../../src/domain/activities/labels'
import * as figures from '../../src/domain/figures/labels'
import * as notify from '../../src/domain/notify/labels'
import { CATEGORIES, CHANNELS, OUTCOMES, RATINGS, ROLES, STANCES, STATUSES } from '../../src/domain/types'
import { COMMANDS } from '../../src/domain/transitions'
import { ERROR_CODES, MEMBER_QUEUE_TABS, STATUS_FAMILIES, TRIAGE_TABS } from '../../src/domain/api'
import { ACTIVITY_COMMANDS } from '../../src/domain/activities/lifecycle'
import { ACTIVITY_STATUSES, ORGANISER_KINDS, PARTICIPANT_GROUPS, SATISFACTION } from '../../src/domain/activities/types'
import { COUNT_KEYS, DIMENSIONS, RATE_KEYS, TIME_KEYS } from '../../src/domain/figures/measures'
import { TEMPLATE_KEYS } from '../../src/domain/notify/schemas'

const modules = { core, activities, figures, notify } as Record<string, Record<string, unknown>>

/** Every string and function under a value, with its path. */
function leaves(value: unknown, at: string, out: [string, unknown][] = []): [string, unknown][] {
  if (typeof value === 'string' || typeof value === 'function') out.push([at, value])
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${at}[${i}]`, out))
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, `${at}.${k}`, out)
  return out
}
const all = Object.entries(modules).flatMap(([m, exports]) => Object.entries(exports).flatMap(([name, v]) => leaves(v, `${m}.${name}`)))

test('no label is blank', () => {
  const strings = all.filter(([, v]) => typeof v === 'string') as [string, string][]
  expect(strings.length).toBeGreaterThan(300)
  expect(strings.filter(([, v]) => v.trim() === '').map(([at]) => at)).toStrictEqual([])
})

test('every message built from values names each of them, with words around them', () => {
  const made = all.filter(([at, v]) => typeof v === 'function' && at !== 'core.fieldLabel') as [string, (...a: unknown[]) => unknown][]
  expect(made.length).toBeGreaterThan(20)
  const args = ['甲乙', '丙丁', '戊己']
  for (const [at, fn] of made) {
    const given = args.slice(0, fn.length)
    const text = fn(...given)
    expect([at, typeof text]).toStrictEqual([at, 'string'])
    for (const a of given) expect([at, (text as string).includes(a)]).toStrictEqual([at, true])
    expect([at, (text as string).length > given.join('').length]).toStrictEqual([at, true])
  }
})

test('each list has one label per value, and no two values of a list read the same', () => {
  const lists: [string, Record<string, unknown>, readonly string[]][] = [
    ['status', core.STATUS_LABELS, STATUSES], ['outcome', core.OUTCOME_LABELS, OUTCOMES], ['rating', core.RATING_LABELS, RATINGS],
    ['stance', core.STANCE_LABELS, STANCES], ['category', core.CATEGORY_LABELS, CATEGORIES], ['channel', core.CHANNEL_LABELS, CHANNELS],
    ['role', core.ROLE_LABELS, ROLES], ['command', core.COMMAND_LABELS, COMMANDS], ['family', core.STATUS_FAMILY_LABELS, STATUS_FAMILIES],
    ['queue tab', core.MEMBER_QUEUE_TAB_LABELS, MEMBER_QUEUE_TABS], ['triage tab', core.TRIAGE_TAB_LABELS, TRIAGE_TABS],
    ['error', core.ERROR_MESSAGES, ERROR_CODES], ['ladder rung', core.LADDER_RUNG_LABELS, ['member', 'sectorGroup', 'staffAlert']],
    ['activity status', activities.ACTIVITY_STATUS_LABELS, ACTIVITY_STATUSES], ['activity command', activities.ACTIVITY_COMMAND_LABELS, ACTIVITY_COMMANDS],
    ['organiser', activities.ORGANISER_LABELS, ORGANISER_KINDS], ['participant group', activities.PARTICIPANT_GROUP_LABELS, PARTICIPANT_GROUPS],
    ['satisfaction', activities.SATISFACTION_LABELS, SATISFACTION],
    ['count', figures.COUNT_LABELS, COUNT_KEYS], ['rate', figures.RATE_LABELS, RATE_KEYS], ['rate help', figures.RATE_HELP, RATE_KEYS],
    ['time', figures.TIME_LABELS, TIME_KEYS], ['dimension', figures.DIMENSION_LABELS, DIMENSIONS],
    ['period', figures.PERIOD_LABELS, ['month', 'quarter', 'year', 'range']],
    ['delivery', notify.DELIVERY_LABELS, ['pending', 'sending', 'sent', 'failed', 'skipped']],
    ['skip reason', notify.SKIP_LABELS, ['noQuota', 'optedOut', 'noRecipient', 'noRobot']], ['message kind', notify.KIND_LABELS, TEMPLATE_KEYS],
  ]
  for (const [name, labels, values] of lists) {
    expect([name, Object.keys(labels).sort()]).toStrictEqual([name, [...values].sort()])
    const texts = Object.values(labels)
    expect([name, new Set(texts).size]).toStrictEqual([name, texts.length])
  }
})

test('the seeded activity kinds and criteria each have a distinct id and name', () => {
  for (const list of [activities.SEED_ACTIVITY_KINDS, activities.SEED_CRITERIA]) {
    expect(new Set(list.map((x) => x.id)).size).toBe(list.length)
    expect(new Set(list.map((x) => x.name)).size).toBe(list.length)
  }
  expect(activities.SEED_ACTIVITY_KINDS.map((k) => k.id)).toStrictEqual(['six', 'x', 'forum', 'faceToFace', 'lounge', 'station', 'crossBorder'])
  expect(activities.SEED_CRITERIA.map((c) => c.id)).toStrictEqual(['topic', 'participation', 'deliberation', 'conversion', 'satisfaction'])
})

test('a field is named in Chinese by the last word of its path, array positions skipped; an unknown field keeps its name', () => {
  expect(core.fieldLabel('title')).toBe('标题')
  expect(core.fieldLabel('images.2')).toBe('图片')
  expect(core.fieldLabel('reply.text')).toBe(core.fieldLabel('text'))
  expect(core.fieldLabel('nosuchfield')).toBe('nosuchfield')
})

test('an activity notice fits a subscribe message’s 20-character field', () => {
  for (const text of Object.values(activities.ACTIVITY_NOTICES)) expect(Array.from(text).length).toBeLessThanOrEqual(20)
})

test('the year report\'s headline: the activities\' sentence only when some were held', () => {
  const { headline } = figures.FIGURES_TEXT
  expect(headline(2026, '乍浦镇', 9, 4, 7, { held: 3, participantTimes: 120 }))
    .toBe('2026年，乍浦镇通过“三微”平台共提出意见建议 9 条，答复 7 条，采纳意见建议 4 条；开展“请你来协商”活动 3 场，参加 120 人次。')
  expect(headline(2026, '全市', 9, 4, 7, { held: 0, participantTimes: 0 })).toBe('2026年，全市通过“三微”平台共提出意见建议 9 条，答复 7 条，采纳意见建议 4 条。')
  expect(headline(2026, '全市', 9, 4, 7, null)).toBe('2026年，全市通过“三微”平台共提出意见建议 9 条，答复 7 条，采纳意见建议 4 条。')
})
