// npm run build:functions bundles TypeScript sources into index.js with the SDK external, and the emulator runs the result.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildFunctions } from '../../scripts/build-functions'
import { startTestEmulator } from './runtime-helpers'

let dir: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanwei-build-'))
  fs.mkdirSync(path.join(dir, 'greet', 'src'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'greet', 'src', 'words.ts'), 'export const greeting = (who: string): string => `你好，${who}`\n')
  fs.writeFileSync(
    path.join(dir, 'greet', 'src', 'index.ts'),
    [
      "import tcb from '@cloudbase/node-sdk'",
      "import { greeting } from './words'",
      'const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV })',
      'export async function main(event: { name?: string }): Promise<{ text: string; openId: string }> {',
      "  return { text: greeting(event.name ?? '?'), openId: app.auth().getUserInfo().openId }",
      '}',
    ].join('\n'),
  )
  fs.writeFileSync(path.join(dir, 'greet', 'package.json'), JSON.stringify({ name: 'greet', dependencies: { dayjs: '^1.11.13' } }))
})

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

test('each function is bundled to index.js with its imports, the SDK kept external and listed in package.json', async () => {
  const built = await buildFunctions({ functionsDir: dir, log: false })
  expect(built.map((b) => b.name)).toEqual(['greet'])
  const code = fs.readFileSync(path.join(dir, 'greet', 'index.js'), 'utf8')
  expect(code).toContain('require("@cloudbase/node-sdk")')
  expect(code).toContain('你好')
  expect(code).not.toMatch(/class CloudBase\b/)
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'greet', 'package.json'), 'utf8'))
  expect(pkg.dependencies).toEqual({ dayjs: '^1.11.13', '@cloudbase/node-sdk': expect.any(String) })
  expect(pkg.main).toBe('index.js')
})

test('the built function runs in the emulator with the caller identity', async () => {
  await buildFunctions({ functionsDir: dir, log: false })
  const emulator = await startTestEmulator({ functionsDir: dir })
  try {
    const res = await emulator.post('/api/functions/greet', { data: { name: '委员' } }, { 'x-openid': 'oBuilt' })
    expect(res.json).toMatchObject({ result: { text: '你好，委员', openId: 'oBuilt' } })
  } finally {
    await emulator.close()
  }
})
