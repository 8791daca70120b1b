// The server's small pieces, each answer written down: configuration from the environment, the content check's verdicts
// and the field it names, WeChat's template ids and fields, ids and takeover codes.
import { parseConfig } from '../../server/config'
import { checkText } from '../../server/content'
import { checkTexts, said } from '../../server/textCheck'
import { parseTemplateIds, templateFields, templateIdOf, templateKeyOf, templatePage } from '../../server/templates'
import { newId, newTakeoverCode, personIdFor } from '../../server/ids'

/** What the stand-in msgSecCheck answers for a text: a verdict, or an error with WeChat's code. */
const answers = new Map<string, { suggest?: string; errCode?: number }>()
const asked: { openid: string; scene: number; version: number; content: string }[] = []
jest.mock('../../server/notify/wx', () => ({
  wxCloud: () => ({
    openapi: {
      security: {
        msgSecCheck: async (req: { openid: string; scene: number; version: number; content: string }) => {
          asked.push(req)
          const a = answers.get(req.content) ?? { suggest: 'pass' }
          if (a.errCode) throw Object.assign(new Error('wx error'), { errCode: a.errCode, errMsg: 'refused' })
          return a.suggest === undefined ? {} : { errCode: 0, result: { suggest: a.suggest } }
        },
      },
    },
  }),
}))

describe('configuration', () => {
  test('every setting from the environment, and the defaults of those not set', () => {
    const env = {
      SANWEI_LADDER_MEMBER_HOURS: '12', SANWEI_LADDER_GROUP_HOURS: '36', SANWEI_CHASE_EVERY_HOURS: '6', SANWEI_AUTO_CLOSE_DAYS: '3',
      SANWEI_SUBMITS_PER_DAY: '4', SANWEI_COMMENTS_PER_HOUR: '30', SANWEI_PAGE_SIZE: '15', SANWEI_SEARCH_WINDOW: '500', SANWEI_REQUEST_TTL_DAYS: '2.5',
      SANWEI_ADMIN_OPENIDS: 'oAdmin_1,,o-2 ',
    } as unknown as NodeJS.ProcessEnv
    expect(parseConfig(env)).toEqual({
      ladderMemberHours: 12, ladderGroupHours: 36, chaseEveryHours: 6, autoCloseDays: 3, submitsPerDay: 4, commentsPerHour: 30,
      pageSize: 15, searchWindow: 500, requestTtlDays: 2.5, adminOpenids: ['oAdmin_1', 'o-2'],
    })
    expect(parseConfig({ SANWEI_PAGE_SIZE: '' } as unknown as NodeJS.ProcessEnv)).toMatchObject({ chaseEveryHours: 24, pageSize: 20, searchWindow: 1000, requestTtlDays: 7 })
  })
  test.each([
    ['SANWEI_PAGE_SIZE', '0'], ['SANWEI_SEARCH_WINDOW', 'Infinity'], ['SANWEI_REQUEST_TTL_DAYS', '-2'], ['SANWEI_LADDER_GROUP_HOURS', 'x'],
  ])('%s=%s is refused, naming the setting and the value', (name, value) => {
    expect(() => parseConfig({ [name]: value } as unknown as NodeJS.ProcessEnv)).toThrow(`config: ${name}="${value}" must be a positive number`)
  })
  test('an admin openid longer than 128 characters or with other characters is refused, naming it', () => {
    expect(parseConfig({ SANWEI_ADMIN_OPENIDS: 'a'.repeat(128) } as unknown as NodeJS.ProcessEnv).adminOpenids).toEqual(['a'.repeat(128)])
    expect(() => parseConfig({ SANWEI_ADMIN_OPENIDS: 'a'.repeat(129) } as unknown as NodeJS.ProcessEnv)).toThrow('malformed openid')
    expect(() => parseConfig({ SANWEI_ADMIN_OPENIDS: 'ok,x.y' } as unknown as NodeJS.ProcessEnv)).toThrow('config: SANWEI_ADMIN_OPENIDS holds a malformed openid "x.y"')
  })
})

describe('the content check', () => {
  beforeEach(() => { asked.length = 0 })
  test('asks WeChat (version 2) with the person\'s openid and the scene, and passes what passes', async () => {
    expect(await checkText('o1', 2, '路灯坏了')).toBe('pass')
    expect(asked).toEqual([{ openid: 'o1', scene: 2, version: 2, content: '路灯坏了' }])
  })
  test('risky is risky; review, an unknown or a missing verdict wait for a person', async () => {
    answers.set('坏话', { suggest: 'risky' }).set('可疑', { suggest: 'review' }).set('奇怪', { suggest: 'maybe' }).set('没说', {})
    expect(await checkText('o1', 3, '坏话')).toBe('risky')
    expect(await checkText('o1', 3, '可疑')).toBe('review')
    expect(await checkText('o1', 3, '奇怪')).toBe('review')
    expect(await checkText('o1', 3, '没说')).toBe('review')
  })
  test('version 1\'s 87014 is risky; any other refusal (a user not seen lately) waits for a person', async () => {
    answers.set('旧版违规', { errCode: 87014 }).set('无法判断', { errCode: 61010 })
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await checkText('o1', 2, '旧版违规')).toBe('risky')
    expect(await checkText('o1', 2, '无法判断')).toBe('review')
    quiet.mockRestore()
  })
  test('in parts, review wins over pass and risky over review; blank text is not sent', async () => {
    answers.set('可疑', { suggest: 'review' }).set('坏话', { suggest: 'risky' }).set('疑'.repeat(2500), { suggest: 'review' })
    expect(await checkText('o1', 3, '   ')).toBe('pass')
    expect(asked).toEqual([])
    expect(await checkText('o1', 3, '好'.repeat(2500) + '可疑')).toBe('review')
    expect(await checkText('o1', 3, '疑'.repeat(2500) + '坏话')).toBe('risky')
    expect(asked.map((a) => a.content.length)).toEqual([2500, 2, 2500, 2])
  })
  test('the texts of a call: null when all pass; else CONTENT_REJECTED naming the first field that did not, a review with its message', async () => {
    answers.set('可疑', { suggest: 'review' }).set('坏话', { suggest: 'risky' })
    expect(await checkTexts('o1', [])).toBeNull()
    expect(await checkTexts('o1', [...said('title', 3, '好事'), ...said('note', 2, '好事')])).toBeNull()
    expect(await checkTexts('o1', [...said('title', 3, '好事'), ...said('note', 2, '坏话'), ...said('name', 1, '可疑')]))
      .toEqual({ ok: false, code: 'CONTENT_REJECTED', message: '内容未通过安全检查，请修改后再提交', field: 'note' })
    expect(await checkTexts('o1', said('name', 1, '可疑'))).toEqual({ ok: false, code: 'CONTENT_REJECTED', message: '内容需人工审核，请修改后再发布', field: 'name' })
  })
  test('only text is checked: nothing for a blank, a missing or a non-text value', () => {
    expect(said('note', 2, '  ')).toEqual([])
    expect(said('note', 2, undefined)).toEqual([])
    expect(said('note', 2, 5)).toEqual([])
    expect(said('note', 2, ' 有内容 ')).toEqual([{ field: 'note', scene: 2, text: ' 有内容 ' }])
  })
})

describe('WeChat templates', () => {
  test('template ids configured as key=id pairs, spaces trimmed', () => {
    expect([...parseTemplateIds(' statusChanged = T-1 ,replied=T=2,').entries()]).toEqual([['statusChanged', 'T-1'], ['replied', 'T=2']])
    expect(parseTemplateIds(undefined).size).toBe(0)
  })
  test.each(['=T1', 'statusChanged', 'nosuch=T1', 'groupNotice=T1'])('%s is refused: not a subscribe template\'s key=id', (pair) => {
    expect(() => parseTemplateIds(pair)).toThrow(`config: SANWEI_TEMPLATE_IDS ${JSON.stringify(pair)} must be key=id with a subscribe template's key (statusChanged, handedOff, replied, chased, reopened, digest, activityInvited, activityReminder)`)
  })
  test('without configuration, the local ids; a report of an id finds its subscribe template only', () => {
    expect(templateIdOf('handedOff')).toBe('sanwei-handed-off')
    expect(templateIdOf('nosuch')).toBe('')
    expect(templateKeyOf('sanwei-replied')).toBe('replied')
    expect(templateKeyOf('robot-group-notice')).toBeUndefined()
    expect(templateKeyOf('nosuch')).toBeUndefined()
  })
  test('a template\'s fields from the notification\'s values, a missing value shown as 无; the page it opens', () => {
    expect(templateFields('handedOff', { title: '路灯', deadline: '2026-12-03T08:00:00Z' })).toEqual({
      templateId: 'sanwei-handed-off', data: { thing1: { value: '路灯' }, time2: { value: '2026-12-03 16:00' }, thing3: { value: '无' } },
    })
    expect(() => templateFields('nosuch' as never, {})).toThrow('templates.json has no template nosuch')
    expect(templatePage('digest')).toBe('packages/member/pages/queue/index')
    expect(templatePage('groupNotice')).toBeUndefined()
  })
})

describe('ids', () => {
  test('a person\'s id is a one-way hash of their openid, always the same', () => {
    expect(personIdFor('oAbc')).toBe(personIdFor('oAbc'))
    expect(personIdFor('oAbc')).toMatch(/^u[0-9a-f]{24}$/)
    expect(personIdFor('oAbc')).not.toBe(personIdFor('oAbd'))
    expect(personIdFor('oAbc')).not.toContain('oAbc')
  })
  test('an id starts with its millisecond in base 36, nine digits; one given as text or as a number is the same time', () => {
    expect(newId('2026-11-30T01:00:00.000Z').slice(0, 9)).toBe(Date.parse('2026-11-30T01:00:00.000Z').toString(36).padStart(9, '0'))
    expect(newId(Date.parse('2026-11-30T01:00:00.001Z')).slice(0, 12)).toBe(`${Date.parse('2026-11-30T01:00:00.001Z').toString(36).padStart(9, '0')}000`)
  })
  test('a takeover code is 8 characters of its alphabet', () => {
    const codes = Array.from({ length: 50 }, () => newTakeoverCode('AB'))
    for (const code of codes) expect(code).toMatch(/^[AB]{8}$/)
    expect(new Set(codes).size).toBeGreaterThan(1)
  })
})
