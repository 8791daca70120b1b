// npm start — builds what is needed, starts the local CloudBase with the repo's functions and the H5 app, seeds a demo
// county on first run, prints the URL, and keeps running until Ctrl-C.
import fs from 'node:fs'
import path from 'node:path'
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator'
import { APP_OUTPUT, appIsStale, ensureAppBuild } from './build-app'
import { buildFunctions } from './build-functions'

const ROOT = path.resolve(__dirname, '..')
const H5_DIR = APP_OUTPUT.h5.dir

const say = (line: string) => process.stdout.write(`${line}\n`)

async function buildH5(): Promise<void> {
  if (!appIsStale('h5')) {
    say('H5 app: dist-h5/ is up to date')
    return
  }
  say('H5 app: building dist-h5/ (taro build --type h5, ~30 s on a cold cache)…')
  try {
    const b = await ensureAppBuild('h5')
    say(`H5 app: built in ${b.seconds.toFixed(1)} s`)
  } catch (err) {
    say(`H5 app: the build failed; the functions are still served. ${(err as Error).message}`)
  }
}

async function buildCloudFunctions(): Promise<void> {
  const started = Date.now()
  try {
    const built = await buildFunctions({ log: true })
    say(built.length ? `functions: built ${built.length} in ${Date.now() - started} ms` : 'functions: none found under cloudfunctions/')
  } catch (err) {
    say(`functions: the build failed — ${(err as Error).message}\n  (serving whatever index.js files exist)`)
  }
}

async function startOnPreferredPort(options: EmulatorOptions, preferred: number): Promise<Emulator> {
  try {
    return await startEmulator({ ...options, port: preferred })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
    say(`port ${preferred} is busy; using a free port instead`)
    return startEmulator({ ...options, port: 0 })
  }
}

async function hasUsers(emulator: Emulator): Promise<boolean> {
  try {
    const res = (await emulator.db.handle('database.calculateDocument', { collectionName: 'users', queryType: 'WHERE' })) as { data?: { total?: number } }
    return (res.data?.total ?? 0) > 0
  } catch (err) {
    if ((err as { code?: string }).code === 'DATABASE_COLLECTION_NOT_EXIST') return false
    throw err
  }
}

/** Runs scripts/seed.ts's seed(baseUrl) when the database has no users yet; answers what seed returned. */
async function seedIfEmpty(emulator: Emulator): Promise<unknown> {
  if (await hasUsers(emulator)) {
    say('data: .data/ already has users; not seeding (delete .data/ to start over)')
    return null
  }
  const seedFile = path.join(ROOT, 'scripts', 'seed.ts')
  if (!fs.existsSync(seedFile)) {
    say('data: empty, and there is no scripts/seed.ts to seed it')
    return null
  }
  const mod = (await import(seedFile)) as { seed?: (baseUrl: string) => Promise<unknown>; default?: { seed?: (baseUrl: string) => Promise<unknown> } }
  const seed = mod.seed ?? mod.default?.seed
  if (typeof seed !== 'function') {
    say('data: scripts/seed.ts exports no seed(baseUrl); skipping')
    return null
  }
  say('data: seeding a demo county…')
  return seed(emulator.url)
}

function printIdentities(seeded: unknown): void {
  if (!seeded || typeof seeded !== 'object') return
  const identities = (seeded as { identities?: unknown }).identities ?? seeded
  say('  demo identities (pick one in the app, or send it as the x-openid header):')
  if (Array.isArray(identities)) {
    for (const who of identities) {
      const w = who as { openid?: string; name?: string; role?: string; roles?: string[]; label?: string }
      say(`    ${String(w.openid ?? '').padEnd(24)} ${w.label ?? w.name ?? ''} ${w.roles?.join('/') ?? w.role ?? ''}`.trimEnd())
    }
  } else {
    for (const [key, value] of Object.entries(identities as Record<string, unknown>)) say(`    ${key.padEnd(24)} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
  }
}

async function main(): Promise<void> {
  process.chdir(ROOT)
  await buildCloudFunctions()
  await buildH5()

  const preferred = process.env.PORT ? Number(process.env.PORT) : 8080
  const optional = (file: string) => (fs.existsSync(path.join(ROOT, file)) ? path.join(ROOT, file) : undefined)
  // The functions' group-robot messages go to the local CloudBase's webhook; subscribe messages are for a developer build.
  const functionEnv: Record<string, string> = { SANWEI_WECOM_WEBHOOK_URL: '{{emulatorUrl}}/cgi-bin/webhook/send', SANWEI_MINIPROGRAM_STATE: 'developer' }
  for (const [key, value] of Object.entries(process.env)) if (key.startsWith('SANWEI_') && value !== undefined) functionEnv[key] = value
  const emulator = await startOnPreferredPort(
    {
      dataDir: path.join(ROOT, '.data'),
      functionsDir: path.join(ROOT, 'cloudfunctions'),
      indexesFile: optional('server/indexes.json'),
      templatesFile: optional('server/templates.json'),
      h5Dir: H5_DIR,
      functionEnv,
      log: true,
    },
    Number.isInteger(preferred) ? preferred : 8080,
  )

  let stopping = false
  const shutdown = () => {
    if (stopping) return
    stopping = true
    say('\nstopping…')
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)

  let seeded: unknown = null
  try {
    seeded = await seedIfEmpty(emulator)
  } catch (err) {
    say(`data: seeding failed — ${(err as Error).stack ?? err}`)
  }

  say('')
  say(`三微 local CloudBase: ${emulator.url}`)
  say(`  open the app:      ${emulator.url}/`)
  say(`  inbox (messages):  ${emulator.url}/inbox`)
  say(`  stats:             ${emulator.url}/api/emulator/stats`)
  printIdentities(seeded)
  say('Ctrl-C to stop.')
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${(err as Error)?.stack ?? err}\n`)
  process.exit(1)
})
