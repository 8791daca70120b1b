// The benchmarks' local CloudBase in its own process, as a server is: the load generator does not share its event loop.
import { spawn, type ChildProcess } from 'node:child_process'

/**
 * Starts `script --serve <dataDir>` (a benchmark's own serve mode) and resolves with the URL it prints as `READY <url>`.
 * `ipc` opens a message channel to the child (bench:loop counts round trips through it).
 */
export function startServer(script: string, dataDir: string, options: { ipc?: boolean } = {}): Promise<{ url: string; child: ChildProcess }> {
  const stdio: Array<'ignore' | 'pipe' | 'inherit' | 'ipc'> = ['ignore', 'pipe', 'inherit']
  if (options.ipc) stdio.push('ipc')
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--serve', dataDir], { stdio })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = out.match(/READY (http:\/\/\S+)/)
      if (m) resolve({ url: m[1], child })
    })
    child.on('exit', (code) => reject(new Error(`the local CloudBase exited (${code})`)))
  })
}
