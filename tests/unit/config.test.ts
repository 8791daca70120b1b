import { parseConfig } from '../../server/config'

describe('configuration is parsed once and fails loudly', () => {
  test('defaults', () => {
    expect(parseConfig({} as NodeJS.ProcessEnv)).toMatchObject({ ladderMemberHours: 24, ladderGroupHours: 24, autoCloseDays: 7, submitsPerDay: 10, commentsPerHour: 60, adminOpenids: [] })
  })
  test('values from the environment', () => {
    const cfg = parseConfig({ SANWEI_LADDER_MEMBER_HOURS: '2', SANWEI_ADMIN_OPENIDS: ' a1 , b2 ' } as unknown as NodeJS.ProcessEnv)
    expect(cfg.ladderMemberHours).toBe(2)
    expect(cfg.adminOpenids).toEqual(['a1', 'b2'])
  })
  test.each([['SANWEI_AUTO_CLOSE_DAYS', 'seven'], ['SANWEI_SUBMITS_PER_DAY', '-1'], ['SANWEI_ADMIN_OPENIDS', 'ok,bad id']])('%s=%s is refused', (name, value) => {
    expect(() => parseConfig({ [name]: value } as unknown as NodeJS.ProcessEnv)).toThrow(name)
  })
})
