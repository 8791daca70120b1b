// npm run emulator -- --port <n> --data <dir> --functions <dir> [--indexes <file>] [--h5 <dir>] [--templates <file>] [--env <id>] [--quiet]
// Prints the base URL once ready; stops cleanly on SIGTERM / SIGINT.
import { startEmulator, type EmulatorOptions } from './index'

function parseArgs(argv: string[]): EmulatorOptions {
  const options: EmulatorOptions = { port: 0, dataDir: '.data', log: true }
  const value = (i: number, flag: string) => {
    const v = argv[i + 1]
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`)
    return v
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    const take = () => (inline !== undefined ? inline : value(i++, flag))
    switch (flag) {
      case '--port': {
        const port = Number(take())
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be 0-65535')
        options.port = port
        break
      }
      case '--data':
        options.dataDir = take()
        break
      case '--functions':
        options.functionsDir = take()
        break
      case '--indexes':
        options.indexesFile = take()
        break
      case '--h5':
        options.h5Dir = take()
        break
      case '--templates':
        options.templatesFile = take()
        break
      case '--env':
        options.envId = take()
        break
      case '--words':
        options.wordList = take().split(',').filter(Boolean)
        break
      case '--aggregate-limit': {
        // A number, or "off": what an aggregation without $limit answers (CloudBase: 20).
        const v = take()
        const n = Number(v)
        if (v !== 'off' && !(Number.isInteger(n) && n > 0)) throw new Error('--aggregate-limit must be a positive integer or off')
        options.aggregateDefaultLimit = v === 'off' ? null : n
        break
      }
      case '--faults': {
        // e.g. --faults seed=7,latency=0.05,latencyMs=50,refuse=0.05,drop=0.05,conflict=0.05,wechat=0.05
        const names: Record<string, string> = { latency: 'latencyRate', refuse: 'refuseRate', drop: 'dropRate', conflict: 'conflictRate', wechat: 'wechatErrorRate', seed: 'seed', latencyMs: 'latencyMs' }
        const faults: Record<string, number> = {}
        for (const pair of take().split(',').filter(Boolean)) {
          const [key, raw] = pair.split('=')
          const n = Number(raw)
          if (!names[key] || !Number.isFinite(n)) throw new Error(`--faults takes ${Object.keys(names).join(', ')} as name=number pairs`)
          faults[names[key]] = n
        }
        options.faults = faults
        break
      }
      case '--quiet':
        options.log = false
        break
      case '--help':
        process.stdout.write('usage: npm run emulator -- --port <n> --data <dir> --functions <dir> [--indexes <file>] [--h5 <dir>] [--templates <file>] [--env <id>] [--words a,b] [--aggregate-limit 20|off] [--faults seed=1,latency=0.05,refuse=0.05,drop=0.05,conflict=0.05,wechat=0.05] [--quiet]\n')
        process.exit(0)
        break
      default:
        throw new Error(`unknown option ${arg}`)
    }
  }
  return options
}

async function main(): Promise<void> {
  let options: EmulatorOptions
  try {
    options = parseArgs(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`)
    process.exit(2)
  }
  const emulator = await startEmulator(options)
  process.stdout.write(`${emulator.url}\n`)
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    if (options.log) process.stderr.write(`[emulator] ${signal}: stopping\n`)
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`[emulator] stop failed: ${(err as Error)?.stack ?? err}\n`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  process.stderr.write(`[emulator] failed to start: ${(err as Error)?.stack ?? err}\n`)
  process.exit(1)
})
