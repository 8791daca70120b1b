// npm run deploy -- --env <id> [--dry-run] [--write-rc]: creates in a CloudBase environment exactly what the repo declares —
// each cloudfunctions/<name> (config.json: timeout, memory, timer trigger, open-API permissions; the SANWEI_* variables its
// bundle reads), every collection of server/indexes.json with admin-only access and its indexes. --dry-run prints the plan
// (no credentials needed); --write-rc writes cloudbaserc.json, the same declarations for the CloudBase CLI (`tcb fn deploy`).
import fs from 'node:fs'
import path from 'node:path'
import { buildFunctions, FUNCTION_NODE_TARGET, functionNames } from './build-functions'

const ROOT = path.resolve(__dirname, '..')

export interface IndexSpec { name: string; keys: Record<string, 1 | -1>; unique?: boolean }
export type IndexFile = Record<string, IndexSpec[]>

/** CloudBase's UpdateTable `CreateIndexes` entry for one index of ours. */
export interface CloudBaseCreateIndex {
  IndexName: string
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: '1' | '-1' }[] }
}

export interface CollectionPlan {
  collection: string
  /** The database security rule: only the server side (our functions) reads and writes; the app never queries directly. */
  permission: 'ADMINONLY'
  createIndexes: CloudBaseCreateIndex[]
}

export interface TimerTrigger { name: string; type: 'timer'; config: string }

export interface FunctionPlan {
  name: string
  runtime: string
  handler: 'index.main'
  timeout: number
  memorySize: number
  installDependency: true
  triggers: TimerTrigger[]
  /** wx-server-sdk / callWxOpenApi open APIs, as config.json's permissions.openapi (WeChat applies them from the uploaded config.json). */
  openapi: string[]
  /** Variable names the function reads; values come from the deployer's environment. */
  envVariables: string[]
}

export interface DeploymentPlan {
  envId: string
  functions: FunctionPlan[]
  collections: CollectionPlan[]
  /** Every variable any function reads, and whether this shell provides a value (values are never printed). */
  variables: Array<{ name: string; provided: boolean }>
}

/** SCF runtimes by the Node version esbuild targets: the bundle must not use syntax newer than the runtime parses. */
const RUNTIMES: Record<string, string> = { node16: 'Nodejs16.13', node18: 'Nodejs18.15' }

export function runtimeFor(target: string): string {
  const runtime = RUNTIMES[target]
  if (!runtime) throw new Error(`no CloudBase Node runtime for the bundle target ${target} (known: ${Object.keys(RUNTIMES).join(', ')})`)
  return runtime
}

export function toCreateIndex(spec: IndexSpec): CloudBaseCreateIndex {
  const keys = Object.entries(spec.keys)
  if (keys.length === 0) throw new Error(`index ${spec.name} has no keys`)
  return {
    IndexName: spec.name,
    MgoKeySchema: {
      MgoIsUnique: Boolean(spec.unique),
      MgoIndexKeys: keys.map(([Name, dir]) => {
        if (dir !== 1 && dir !== -1) throw new Error(`index ${spec.name}: direction of ${Name} must be 1 or -1`)
        return { Name, Direction: dir === 1 ? '1' : '-1' }
      }),
    },
  }
}

/** What to create, given which index names each collection already has (from DescribeTable). `_id` is built in. */
export function planIndexDeployment(file: IndexFile, existing: Record<string, string[]> = {}): CollectionPlan[] {
  return Object.entries(file).map(([collection, specs]) => ({
    collection,
    permission: 'ADMINONLY' as const,
    createIndexes: specs.filter((s) => !(existing[collection] ?? []).includes(s.name)).map(toCreateIndex),
  }))
}

/** Open APIs a bundle can reach, by the path or the wx-server-sdk name it calls them with. */
const OPEN_API_PATHS: Record<string, string> = {
  '/wxa/msg_sec_check': 'security.msgSecCheck',
  '/wxa/img_sec_check': 'security.imgSecCheck',
  '/wxa/media_check_async': 'security.mediaCheckAsync',
  '/cgi-bin/message/subscribe/send': 'subscribeMessage.send',
  '/wxa/getwxacodeunlimit': 'wxacode.getUnlimited',
  '/wxa/generate_urllink': 'urllink.generate',
}

export function openApisIn(bundle: string): string[] {
  const found = new Set<string>()
  for (const [apiPath, name] of Object.entries(OPEN_API_PATHS)) if (bundle.includes(`'${apiPath}'`) || bundle.includes(`"${apiPath}"`)) found.add(name)
  for (const m of bundle.matchAll(/\bopenapi\.([a-zA-Z]+)\.([a-zA-Z]+)\s*\(/g)) found.add(`${m[1]}.${m[2]}`)
  // cloud.getOpenData (open data by cloudID) needs the same declaration as openapi.cloudbase.getOpenData.
  if (/\.getOpenData\s*\(/.test(bundle)) found.add('cloudbase.getOpenData')
  return [...found].sort()
}

/** The SANWEI_* variables a bundle (or a source file) reads. */
export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\bSANWEI_[A-Z0-9_]+\b/g)].map((m) => m[0]))].sort()
}

interface FunctionConfigFile {
  timeout?: number
  memorySize?: number
  envVariables?: Record<string, string>
  triggers?: Array<{ name: string; type: string; config: string }>
  permissions?: { openapi?: string[] }
}

export function readFunctionConfig(functionsDir: string, name: string): FunctionConfigFile {
  const file = path.join(functionsDir, name, 'config.json')
  if (!fs.existsSync(file)) return {}
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FunctionConfigFile
}

/** One function as config.json and its bundle declare it. The bundle must be built (npm run build:functions). */
export function planFunction(functionsDir: string, name: string, target = FUNCTION_NODE_TARGET): FunctionPlan {
  const config = readFunctionConfig(functionsDir, name)
  const bundleFile = path.join(functionsDir, name, 'index.js')
  if (!fs.existsSync(bundleFile)) throw new Error(`cloudfunctions/${name}/index.js is not built: npm run build:functions`)
  const bundle = fs.readFileSync(bundleFile, 'utf8')
  const timers = (config.triggers ?? []).filter((t) => t.type === 'timer')
  // CloudBase takes one timer trigger per function.
  if (timers.length > 1) throw new Error(`cloudfunctions/${name}/config.json declares ${timers.length} timer triggers; CloudBase takes one per function`)
  const declared = [...(config.permissions?.openapi ?? [])].sort()
  const missing = openApisIn(bundle).filter((api) => !declared.includes(api))
  if (missing.length) throw new Error(`cloudfunctions/${name} calls ${missing.join(', ')} but its config.json does not list it under permissions.openapi (a call would fail with -604101)`)
  return {
    name,
    runtime: runtimeFor(target),
    handler: 'index.main',
    timeout: config.timeout ?? 3,
    memorySize: config.memorySize ?? 256,
    installDependency: true,
    triggers: timers.map((t) => ({ name: t.name, type: 'timer' as const, config: t.config })),
    openapi: declared,
    envVariables: [...new Set([...variablesIn(bundle), ...Object.keys(config.envVariables ?? {})])].sort(),
  }
}

export type Env = Record<string, string | undefined>

export function deploymentPlan(options: { envId: string; root?: string; env?: Env; existingIndexes?: Record<string, string[]> }): DeploymentPlan {
  const root = options.root ?? ROOT
  const functionsDir = path.join(root, 'cloudfunctions')
  const indexes = JSON.parse(fs.readFileSync(path.join(root, 'server', 'indexes.json'), 'utf8')) as IndexFile
  const functions = functionNames(functionsDir).map((name) => planFunction(functionsDir, name))
  const env = options.env ?? process.env
  const names = [...new Set(functions.flatMap((f) => f.envVariables))].sort()
  return {
    envId: options.envId,
    functions,
    collections: planIndexDeployment(indexes, options.existingIndexes),
    variables: names.map((name) => ({ name, provided: env[name] !== undefined && env[name] !== '' })),
  }
}

/**
 * cloudbaserc.json for the CloudBase CLI (`tcb fn deploy --all`, `tcb fn trigger create`): the same functions. Variable
 * values are `{{env.NAME}}`, which the CLI fills from a .env file or the shell, so no value is committed.
 */
export function cloudbaseRc(plan: DeploymentPlan): Record<string, unknown> {
  return {
    version: '2.0',
    envId: '{{env.TCB_ENV_ID}}',
    functionRoot: './cloudfunctions',
    functions: plan.functions.map((f) => ({
      name: f.name,
      handler: f.handler,
      runtime: f.runtime,
      timeout: f.timeout,
      memorySize: f.memorySize,
      installDependency: f.installDependency,
      ignore: ['src', 'src/**', 'node_modules', 'node_modules/**', '*.map'],
      envVariables: Object.fromEntries(f.envVariables.map((name) => [name, `{{env.${name}}}`])),
      triggers: f.triggers,
      permissions: { openapi: f.openapi },
    })),
  }
}

export function rcText(plan: DeploymentPlan): string {
  return `${JSON.stringify(cloudbaseRc(plan), null, 2)}\n`
}

function printPlan(plan: DeploymentPlan): void {
  const out = (line: string) => process.stdout.write(`${line}\n`)
  out(`deploy plan for CloudBase environment ${plan.envId}`)
  for (const f of plan.functions) {
    const trigger = f.triggers.map((t) => `timer ${t.name} "${t.config}"`).join(', ') || 'no trigger'
    out(`  function ${f.name}: ${f.runtime}, ${f.timeout} s, ${f.memorySize} MB, ${trigger}, open APIs [${f.openapi.join(', ')}], variables [${f.envVariables.join(', ')}]`)
  }
  for (const c of plan.collections) out(`  collection ${c.collection}: ${c.permission}, ${c.createIndexes.length} index(es): ${c.createIndexes.map((i) => i.IndexName).join(', ')}`)
  for (const v of plan.variables) out(`  variable ${v.name}: ${v.provided ? 'set from this shell' : 'not set here (the function default applies)'}`)
  out(JSON.stringify(plan))
}

interface Args { envId: string; dryRun: boolean; writeRc: boolean }

export function parseArgs(argv: string[], env: Env = process.env): Args {
  let envId = env.TCB_ENV_ID ?? ''
  let dryRun = false
  let writeRc = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--dry-run') dryRun = true
    else if (arg === '--write-rc') writeRc = true
    else if (arg === '--env') envId = argv[++i] ?? ''
    else if (arg.startsWith('--env=')) envId = arg.slice('--env='.length)
    else throw new Error(`unknown option ${arg} (usage: npm run deploy -- --env <id> [--dry-run] [--write-rc])`)
  }
  if (!envId && !dryRun && !writeRc) throw new Error('--env <id> is required (the CloudBase environment id), or TCB_ENV_ID')
  return { envId: envId || '<env>', dryRun, writeRc }
}

function credentials(): { secretId: string; secretKey: string } {
  const secretId = process.env.TENCENTCLOUD_SECRETID
  const secretKey = process.env.TENCENTCLOUD_SECRETKEY
  if (!secretId || !secretKey) throw new Error('set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (a CAM key with CloudBase rights) to deploy, or use --dry-run')
  return { secretId, secretKey }
}

async function deploy(plan: DeploymentPlan): Promise<void> {
  const { secretId, secretKey } = credentials()
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node') as new (o: object) => any
  const app = new CloudBase({ envId: plan.envId, secretId, secretKey, token: process.env.TENCENTCLOUD_SESSIONTOKEN })
  const log = (line: string) => process.stdout.write(`${line}\n`)
  for (const c of plan.collections) {
    await app.database.createCollectionIfNotExists(c.collection)
    await app.permission.modifyResourcePermission({ resourceType: 'collection', resource: c.collection, permission: c.permission })
    const described = await app.database.describeCollection(c.collection)
    const have = (described.Indexes ?? []).map((i: { Name: string }) => i.Name)
    const create = c.createIndexes.filter((i) => !have.includes(i.IndexName))
    if (create.length) await app.database.updateCollection(c.collection, { CreateIndexes: create })
    log(`collection ${c.collection}: ${c.permission}, ${create.length} index(es) created, ${have.length} already there`)
  }
  for (const f of plan.functions) {
    const envVariables = Object.fromEntries(f.envVariables.filter((n) => process.env[n]).map((n) => [n, process.env[n] as string]))
    await app.functions.createFunction({
      func: {
        name: f.name, handler: f.handler, runtime: f.runtime, timeout: f.timeout, memorySize: f.memorySize,
        installDependency: f.installDependency, envVariables, triggers: f.triggers, ignore: ['src', 'src/**', 'node_modules', 'node_modules/**', '*.map'],
      },
      functionRootPath: path.join(ROOT, 'cloudfunctions'),
      force: true,
    })
    log(`function ${f.name}: deployed (${f.runtime}, ${f.triggers.length} trigger(s), ${Object.keys(envVariables).length} variable(s) set)`)
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const deploying = !args.dryRun && !(args.writeRc && args.envId === '<env>')
  if (deploying) credentials()
  await buildFunctions({ log: false })
  const plan = deploymentPlan({ envId: args.envId })
  if (args.writeRc) {
    fs.writeFileSync(path.join(ROOT, 'cloudbaserc.json'), rcText(plan))
    process.stdout.write('wrote cloudbaserc.json\n')
    if (!args.dryRun && args.envId === '<env>') return
  }
  printPlan(plan)
  if (args.dryRun) return
  await deploy(plan)
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`deploy failed: ${e?.message ?? e}\n`)
    process.exit(1)
  })
}
