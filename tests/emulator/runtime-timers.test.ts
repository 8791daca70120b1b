// Timer triggers: the 7-field cron of config.json (UTC+8) fires the function as a timer, and can be fired on demand.
import tcb from '@cloudbase/node-sdk'
import { cronMatches, nextFireTime, parseCron } from '../../emulator/functions/cron'
import { pointSdksAt, startTestEmulator, type TestEmulator } from './runtime-helpers'

describe('the 7-field cron, read in UTC+8', () => {
  test('"0 0 9 * * * *" fires at 09:00:00 Beijing time, which is 01:00:00 UTC', () => {
    const schedule = parseCron('0 0 9 * * * *')
    expect(cronMatches(schedule, new Date('2026-11-26T01:00:00Z'))).toBe(true)
    expect(cronMatches(schedule, new Date('2026-11-26T09:00:00Z'))).toBe(false)
    expect(nextFireTime(schedule, new Date('2026-11-26T01:00:00Z'))?.toISOString()).toBe('2026-11-27T01:00:00.000Z')
  })

  test('steps, ranges, lists, month and weekday names', () => {
    const everyFive = parseCron('*/5 * * * * * *')
    expect(cronMatches(everyFive, new Date('2026-11-26T01:00:05Z'))).toBe(true)
    expect(cronMatches(everyFive, new Date('2026-11-26T01:00:06Z'))).toBe(false)
    // 2026-11-30 is a Monday in UTC+8 (it is still Sunday 23:30 UTC).
    const mondayMorning = parseCron('0 30 7 * * MON-FRI *')
    expect(cronMatches(mondayMorning, new Date('2026-11-29T23:30:00Z'))).toBe(true)
    expect(cronMatches(mondayMorning, new Date('2026-11-28T23:30:00Z'))).toBe(false) // Sunday in UTC+8
    const lists = parseCron('0 0 8,20 1 JAN,JUL * 2027')
    expect(nextFireTime(lists, new Date('2026-11-26T00:00:00Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z')
  })

  test('a restricted day and weekday fire on either, as in classic cron', () => {
    const schedule = parseCron('0 0 0 1 * 0 *')
    expect(cronMatches(schedule, new Date('2026-11-30T16:00:00Z'))).toBe(true) // 12-01 00:00 UTC+8, a Tuesday
    expect(cronMatches(schedule, new Date('2026-11-28T16:00:00Z'))).toBe(true) // 11-29 00:00 UTC+8, a Sunday
    expect(cronMatches(schedule, new Date('2026-11-29T16:00:00Z'))).toBe(false) // 11-30, a Monday
  })

  test.each(['0 0 9 * * *', '61 * * * * * *', '* * 24 * * * *', 'a b c d e f g', '*/0 * * * * * *', '0 0 9 32 * * *'])('rejects "%s"', (source) => {
    expect(() => parseCron(source)).toThrow()
  })
})

describe('timer triggers in the running emulator', () => {
  let emulator: TestEmulator

  beforeAll(async () => {
    emulator = await startTestEmulator({ timers: true })
    pointSdksAt(emulator)
  })

  afterAll(async () => {
    await emulator.close()
  })

  async function ticks(): Promise<Array<Record<string, unknown>>> {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })
    try {
      return (await app.database().collection('ticks').get()).data as Array<Record<string, unknown>>
    } catch (err) {
      if ((err as { code?: string }).code === 'DATABASE_COLLECTION_NOT_EXIST') return []
      throw err
    }
  }

  test('an every-second trigger fires on its own, as a timer with no OPENID', async () => {
    let found: Array<Record<string, unknown>> = []
    for (let i = 0; i < 60 && found.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100))
      found = await ticks()
    }
    expect(found.length).toBeGreaterThan(0)
    expect(found[0]).toMatchObject({ type: 'Timer', trigger: 'everySecond', message: '', triggerSrc: 'timer', openId: '' })
    expect(found[0].time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  test('POST /api/triggers/<function>/<trigger> fires it now and answers its result', async () => {
    const res = await emulator.post('/api/triggers/ticker/everySecond', {})
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ result: { fired: 'everySecond' } })
    const unknown = await emulator.post('/api/triggers/ticker/nope', {})
    expect(unknown.status).toBe(404)
    const stats = (await emulator.get('/api/emulator/stats')).json
    expect(stats.functions.timerFirings).toBeGreaterThanOrEqual(2)
  })
})
