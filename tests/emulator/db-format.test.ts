// A data folder written in another on-disk layout is refused up front with a message that says what to do.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open } from 'lmdb'
import { Database } from '../../emulator/db'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sanwei-format-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('a fresh data folder is marked and opens again', async () => {
  const first = await Database.open({ dir })
  await first.handle('database.addCollection', { collectionName: 'users' })
  await first.close()
  const again = await Database.open({ dir })
  expect(again.stats().collections).toHaveProperty('users')
  await again.close()
})

test('documents left by an older layout are refused with a clear message, not a decoder crash', async () => {
  const old = open({ path: join(dir, 'db.lmdb'), maxDbs: 4 })
  old.openDB({ name: 'docs' }).putSync(['users', 'u1'], { name: 'from an older version' })
  await old.close()
  await expect(Database.open({ dir })).rejects.toThrow(/another format.*rm -rf \.data/)
})
