// npm run emulator: prints its base URL once ready and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { FIXTURE_FUNCTIONS } from './runtime-helpers'

const ROOT = path.join(__dirname, '..', '..')

jest.setTimeout(30_000)

test('the CLI prints http://127.0.0.1:<port>, serves, and exits 0 on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-cli-'))
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'emulator', 'cli.ts'), '--port', '0', '--data', dataDir, '--functions', FIXTURE_FUNCTIONS, '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString()
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0])
      })
      child.on('exit', () => reject(new Error(`CLI exited before printing its URL: ${stderr}`)))
    })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${url}/api/functions/whoami`, { method: 'POST', headers: { 'x-openid': 'oCli' }, body: '{"data":{}}' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { result: { nodeSdk: { openId: string } } }).result.nodeSdk.openId).toBe('oCli')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stdout.trim()).toBe(url)
    await expect(fetch(`${url}/api/emulator/stats`)).rejects.toThrow()
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})

test('the CLI refuses an unknown option with exit code 2', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'emulator', 'cli.ts'), '--bogus'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  expect(code).toBe(2)
  expect(stderr).toMatch(/unknown option --bogus/)
})
