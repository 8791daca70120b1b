// The deploy plan creates what the repo declares: every function folder with its config.json, every collection and index of
// server/indexes.json, every variable the configuration reads; cloudbaserc.json says the same for the CloudBase CLI.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildFunctions } from '../../scripts/build-functions'
import { cloudbaseRc, deploymentPlan, openApisIn, parseArgs, planFunction, planIndexDeployment, rcText, runtimeFor, toCreateIndex, type DeploymentPlan } from '../../scripts/deploy'

const ROOT = path.resolve(__dirname, '../..')
let plan: DeploymentPlan

/** The function folders as the file system has them (each with src/index.ts), not as the deploy script finds them. */
function functionFolders(): string[] {
  return fs.readdirSync(path.join(ROOT, 'cloudfunctions')).filter((n) => fs.existsSync(path.join(ROOT, 'cloudfunctions', n, 'src', 'index.ts'))).sort()
}

beforeAll(async () => {
  await buildFunctions({ log: false })
  plan = deploymentPlan({ envId: 'sanwei-prod-1a2b', env: { SANWEI_ADMIN_OPENIDS: 'oAdmin' } })
}, 60_000)

describe('the plan holds the repo’s declarations', () => {
  test('every function folder is deployed with its config.json’s timeout, memory and timer trigger', () => {
    expect(plan.functions.map((f) => f.name)).toEqual(functionFolders())
    for (const f of plan.functions) {
      const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudfunctions', f.name, 'config.json'), 'utf8'))
      expect(f.timeout).toBe(config.timeout ?? 3)
      expect(f.memorySize).toBe(config.memorySize ?? 256)
      expect(f.triggers).toEqual((config.triggers ?? []).map((t: { name: string; config: string }) => ({ name: t.name, type: 'timer', config: t.config })))
      expect(f.openapi).toEqual([...(config.permissions?.openapi ?? [])].sort())
      expect(f.handler).toBe('index.main')
    }
  })

  test('the timer function fires every minute and the runtime is the one the bundles are built for (node16)', () => {
    const timer = plan.functions.find((f) => f.name === 'timer')
    expect(timer?.triggers).toEqual([{ name: 'timeRules', type: 'timer', config: '0 * * * * * *' }])
    expect(new Set(plan.functions.map((f) => f.runtime))).toEqual(new Set(['Nodejs16.13']))
    expect(runtimeFor('node18')).toBe('Nodejs18.15')
    expect(() => runtimeFor('node22')).toThrow('no CloudBase Node runtime for the bundle target node22')
  })

  test('the submission function may call the content check', () => {
    expect(plan.functions.find((f) => f.name === 'suggestions')?.openapi).toContain('security.msgSecCheck')
  })

  test('every variable server/config.ts reads is set on the functions, and only names are planned', () => {
    const declared = [...new Set([...fs.readFileSync(path.join(ROOT, 'server', 'config.ts'), 'utf8').matchAll(/SANWEI_[A-Z0-9_]+/g)].map((m) => m[0]))].sort()
    expect(declared.length).toBeGreaterThanOrEqual(8)
    const planned = plan.variables.map((v) => v.name)
    for (const name of declared) expect(planned).toContain(name)
    expect(plan.variables.find((v) => v.name === 'SANWEI_ADMIN_OPENIDS')).toEqual({ name: 'SANWEI_ADMIN_OPENIDS', provided: true })
    expect(plan.variables.find((v) => v.name === 'SANWEI_PAGE_SIZE')).toEqual({ name: 'SANWEI_PAGE_SIZE', provided: false })
    expect(JSON.stringify(plan)).not.toContain('oAdmin')
  })

  test('every collection of server/indexes.json is created admin-only with each of its indexes', () => {
    const indexes = JSON.parse(fs.readFileSync(path.join(ROOT, 'server', 'indexes.json'), 'utf8')) as Record<string, Array<{ name: string }>>
    expect(plan.collections.map((c) => c.collection)).toEqual(Object.keys(indexes))
    for (const c of plan.collections) {
      expect(c.permission).toBe('ADMINONLY')
      expect(c.createIndexes.map((i) => i.IndexName)).toEqual(indexes[c.collection].map((i) => i.name))
    }
  })

  test('cloudbaserc.json is the plan for the CloudBase CLI, with no variable value committed', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')
    // When this fails after a function or variable was added: npm run deploy -- --write-rc
    expect(committed).toBe(rcText(plan))
    const rc = cloudbaseRc(plan) as { functions: Array<{ name: string; runtime: string; envVariables: Record<string, string> }> }
    expect(rc.functions.find((f) => f.name === 'suggestions')?.envVariables.SANWEI_SUBMITS_PER_DAY).toBe('{{env.SANWEI_SUBMITS_PER_DAY}}')
  })
})

describe('declarations that would fail in the cloud are refused before deploying', () => {
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-deploy-'))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  function fn(name: string, bundle: string, config: unknown): void {
    fs.mkdirSync(path.join(dir, name), { recursive: true })
    fs.writeFileSync(path.join(dir, name, 'index.js'), bundle)
    fs.writeFileSync(path.join(dir, name, 'config.json'), JSON.stringify(config))
  }

  test('an open API the bundle calls but config.json does not list', () => {
    fn('notify', "await cloud().callWxOpenApi({ apiName: '/cgi-bin/message/subscribe/send', requestData: {} })", { timeout: 5 })
    expect(() => planFunction(dir, 'notify')).toThrow('cloudfunctions/notify calls subscribeMessage.send but its config.json does not list it under permissions.openapi')
    expect(openApisIn('cloud.openapi.security.msgSecCheck({ content })')).toEqual(['security.msgSecCheck'])
  })

  test('two timer triggers on one function', () => {
    fn('twice', 'exports.main = () => 1', { triggers: [{ name: 'a', type: 'timer', config: '0 0 * * * * *' }, { name: 'b', type: 'timer', config: '0 30 * * * * *' }] })
    expect(() => planFunction(dir, 'twice')).toThrow('declares 2 timer triggers; CloudBase takes one per function')
  })

  test('a function that is not built', () => {
    fs.mkdirSync(path.join(dir, 'raw'))
    expect(() => planFunction(dir, 'raw')).toThrow('cloudfunctions/raw/index.js is not built: npm run build:functions')
  })

  test('a deploy without an environment id', () => {
    expect(() => parseArgs([], {})).toThrow('--env <id> is required')
    expect(parseArgs(['--env', 'prod-1'], {})).toEqual({ envId: 'prod-1', dryRun: false, writeRc: false })
    expect(() => parseArgs(['--envy'], {})).toThrow('unknown option --envy')
  })
})

describe('indexes as CloudBase takes them', () => {
  test('each index becomes an UpdateTable CreateIndexes entry, keeping key order and direction', () => {
    expect(toCreateIndex({ name: 'status_createdAt', keys: { status: 1, createdAt: -1 } })).toEqual({
      IndexName: 'status_createdAt',
      MgoKeySchema: { MgoIsUnique: false, MgoIndexKeys: [{ Name: 'status', Direction: '1' }, { Name: 'createdAt', Direction: '-1' }] },
    })
    expect(() => toCreateIndex({ name: 'bad', keys: { x: 2 as 1 } })).toThrow(/direction of x/)
  })

  test('only the indexes a collection does not have yet are created', () => {
    const planned = planIndexDeployment({ suggestions: [{ name: 'a', keys: { x: 1 } }, { name: 'b', keys: { y: 1 }, unique: true }], events: [] }, { suggestions: ['a'] })
    expect(planned).toEqual([
      { collection: 'suggestions', permission: 'ADMINONLY', createIndexes: [{ IndexName: 'b', MgoKeySchema: { MgoIsUnique: true, MgoIndexKeys: [{ Name: 'y', Direction: '1' }] } }] },
      { collection: 'events', permission: 'ADMINONLY', createIndexes: [] },
    ])
  })
})

test('npm run deploy -- --dry-run prints the plan with no credentials in the environment', () => {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME } as unknown as NodeJS.ProcessEnv
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'deploy.ts'), '--dry-run', '--env', 'sanwei-prod-1a2b'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 })
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  const lines = run.stdout.trim().split('\n')
  expect(lines[0]).toBe('deploy plan for CloudBase environment sanwei-prod-1a2b')
  expect(lines).toContain('  function timer: Nodejs16.13, 60 s, 256 MB, timer timeRules "0 * * * * * *", open APIs [security.msgSecCheck, subscribeMessage.send, urllink.generate], variables [' + plan.functions.find((f) => f.name === 'timer')!.envVariables.join(', ') + ']')
  const printed = JSON.parse(lines[lines.length - 1]) as DeploymentPlan
  expect(printed.functions).toEqual(plan.functions)
  expect(printed.collections).toEqual(plan.collections)
  expect(printed.variables.every((v) => v.provided === false)).toBe(true)
}, 90_000)
