// What a WeChat build must be told: the CloudBase env id and WeChat's subscribe-message template ids. A production
// build without them fails saying what to set, and no local placeholder id reaches it. config/index.ts (the Taro build's
// own config, run by `npm run build:weapp`) calls these checks before building.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { cloudEnvFor, LOCAL_TEMPLATE_IDS, templateIdsFor } from '../../config/checks'
import { parseTemplateIds } from '../../server/templates'

const production = { TARO_ENV: 'weapp', NODE_ENV: 'production' }
const REAL = {
  statusChanged: 'x4QmGvTnTHeJ3cW2bV1aQ7rLpS9dK0fYh5Ue8NjZcAo',
  handedOff: 'Bq7rWm2Yc0Xv5Ln8Tk3Hs6Jd9Gf1Pz4Ra7Ue0Oi2Ly',
  replied: 'Cz3Fh8Kq1Wn6Tr9Ys2Vd5Xb0Mg7Lp4Je1Ha8Uo3Ri',
  chased: 'Dt6Gj0Lm3Pq8Sv1Xy4Zb7Cf2Hk5Nr9Ue0Wa3Mo6Ti',
  reopened: 'Eu9Hk2Mn5Qr0Tw3Za6Cd9Fg1Jl4Op7Rs0Ux3Vy6Bi',
  digest: 'Fw1Jl4No7Rt2Vx5Ab8De1Gh4Km7Pq0Su3Wz6Yc9Ei',
  activityInvited: 'Gx2Km5Op8Ru1Wx4Zc7Ef0Hj3Ln6Qs9Tv2Yb5Ad8Gk',
  activityReminder: 'Hy3Ln6Pq9Sv2Xy5Ad8Fg1Jk4Mo7Rt0Uw3Zc6Be9Hl',
}
const asEnv = (ids: Record<string, string>) => Object.entries(ids).map(([k, v]) => `${k}=${v}`).join(',')

describe('the CloudBase env id', () => {
  test('a production WeChat build without it fails, naming TARO_APP_CLOUD_ENV', () => {
    expect(() => cloudEnvFor(production)).toThrow(/TARO_APP_CLOUD_ENV is not set: a production WeChat build needs the CloudBase env id/)
  })
  test('given, it is what the app initialises with; "default" means the DevTools environment on purpose', () => {
    expect(cloudEnvFor({ ...production, TARO_APP_CLOUD_ENV: 'sanwei-prod-3g7x' })).toBe('sanwei-prod-3g7x')
    expect(cloudEnvFor({ ...production, TARO_APP_CLOUD_ENV: 'default' })).toBe('')
  })
  test('H5 and development builds need none', () => {
    expect(cloudEnvFor({ TARO_ENV: 'h5', NODE_ENV: 'production' })).toBe('')
    expect(cloudEnvFor({ TARO_ENV: 'weapp', NODE_ENV: 'development' })).toBe('')
  })
})

describe('the subscribe-message template ids', () => {
  const env = { ...production, TARO_APP_CLOUD_ENV: 'sanwei-prod-3g7x' }

  test('a production WeChat build without them fails, saying what to set', () => {
    expect(() => templateIdsFor(env)).toThrow("TARO_APP_TEMPLATE_IDS is not set: a production WeChat build needs the subscribe-message template ids — TARO_APP_TEMPLATE_IDS='statusChanged=<id>,handedOff=<id>,replied=<id>,chased=<id>,reopened=<id>,digest=<id>,activityInvited=<id>,activityReminder=<id>'")
  })

  test('one missing is named', () => {
    const { digest: _d, chased: _c, ...some } = REAL
    expect(() => templateIdsFor({ ...env, TARO_APP_TEMPLATE_IDS: asEnv(some) })).toThrow(/TARO_APP_TEMPLATE_IDS has no id for chased, digest/)
  })

  test('no placeholder reaches a production build: the local ids, or anything not shaped like a WeChat id, are refused', () => {
    expect(() => templateIdsFor({ ...env, TARO_APP_TEMPLATE_IDS: asEnv({ ...REAL, replied: 'sanwei-replied' }) })).toThrow(/replied is not a WeChat template id/)
    expect(() => templateIdsFor({ ...env, TARO_APP_TEMPLATE_IDS: asEnv({ ...REAL, digest: 'TODO', chased: 'xxx' }) })).toThrow(/chased, digest are not a WeChat template id/)
    expect(() => templateIdsFor({ ...env, TARO_APP_TEMPLATE_IDS: 'local' })).toThrow(/TARO_APP_TEMPLATE_IDS=local with TARO_APP_CLOUD_ENV=sanwei-prod-3g7x/)
    expect(() => templateIdsFor({ ...env, TARO_APP_TEMPLATE_IDS: `${asEnv(REAL)},statusChange=abc` })).toThrow(/"statusChange=abc" names no template/)
  })

  test('given all eight, the build carries exactly those', () => {
    expect(templateIdsFor({ ...env, TARO_APP_TEMPLATE_IDS: ` ${asEnv(REAL)} ` })).toEqual(REAL)
  })

  test('the local ids only for builds on the DevTools environment (size checks), H5 and development', () => {
    const local = { statusChanged: 'sanwei-status-changed', handedOff: 'sanwei-handed-off', replied: 'sanwei-replied', chased: 'sanwei-chased', reopened: 'sanwei-reopened', digest: 'sanwei-daily-digest', activityInvited: 'sanwei-activity-invited', activityReminder: 'sanwei-activity-reminder' }
    expect(LOCAL_TEMPLATE_IDS).toEqual(local)
    expect(templateIdsFor({ ...production, TARO_APP_CLOUD_ENV: 'default', TARO_APP_TEMPLATE_IDS: 'local' })).toEqual(local)
    expect(templateIdsFor({ TARO_ENV: 'h5', NODE_ENV: 'production' })).toEqual(local)
    expect(templateIdsFor({ TARO_ENV: 'weapp', NODE_ENV: 'development' })).toEqual(local)
  })

  test('the real build (`npm run build:weapp`) stops before building, with the message, when either is missing', () => {
    const ROOT = path.resolve(__dirname, '../..')
    const build = (env: Record<string, string>) => {
      const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'weapp'], {
        cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TARO_APP_CLOUD_ENV: '', TARO_APP_TEMPLATE_IDS: '', NODE_ENV: 'production', ...env },
      })
      return { status: r.status, output: `${r.stdout}${r.stderr}` }
    }
    const noEnv = build({ TARO_APP_TEMPLATE_IDS: asEnv(REAL) })
    expect(noEnv.status).not.toBe(0)
    expect(noEnv.output).toContain('TARO_APP_CLOUD_ENV is not set: a production WeChat build needs the CloudBase env id')
    const noTemplates = build({ TARO_APP_CLOUD_ENV: 'sanwei-prod-3g7x' })
    expect(noTemplates.status).not.toBe(0)
    expect(noTemplates.output).toContain('TARO_APP_TEMPLATE_IDS is not set: a production WeChat build needs the subscribe-message template ids')
    // The size checks' builds (scripts/build-app.ts) say on purpose that they are for the DevTools environment.
    expect(fs.readFileSync(path.join(ROOT, 'scripts/build-app.ts'), 'utf8')).toContain("TARO_APP_TEMPLATE_IDS: process.env.TARO_APP_TEMPLATE_IDS || 'local'")
  }, 120_000)

  test('the functions send with the ids they are given (SANWEI_TEMPLATE_IDS), and refuse a key that is no subscribe template', () => {
    expect(parseTemplateIds(`statusChanged=${REAL.statusChanged}, digest=${REAL.digest}`)).toEqual(new Map([['statusChanged', REAL.statusChanged], ['digest', REAL.digest]]))
    expect(() => parseTemplateIds('staffAlert=abc')).toThrow(/SANWEI_TEMPLATE_IDS "staffAlert=abc" must be key=id with a subscribe template's key/)
    expect(parseTemplateIds(undefined).size).toBe(0)
  })
})
