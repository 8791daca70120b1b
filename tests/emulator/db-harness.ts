// Test-only HTTP front for the database: POST /admin `database.*` → Database.handle, answered as CloudBase does.
// Also runnable as a child process (`tsx tests/emulator/db-harness.ts <dir>`) for the kill -9 test.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerDatabaseAction, isDatabaseAction } from '../../emulator/admin/database'
import { Database, type DatabaseOptions, type IndexFile } from '../../emulator/db'

export interface Harness {
  url: string
  db: Database
  stop(): Promise<void>
}

export async function startHarness(dir: string, indexes?: IndexFile, options: Partial<DatabaseOptions> = {}): Promise<Harness> {
  const db = await Database.open({ ...options, dir, indexes })
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const requestId = randomBytes(8).toString('hex')
      const send = (body: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify(body))
      }
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        return send({ code: 'INVALID_PARAM', message: 'malformed JSON', requestId })
      }
      if (!isDatabaseAction(body.action)) return send({ code: 'INVALID_PARAM', message: 'unknown action', requestId })
      void answerDatabaseAction(db, body.action, body, requestId).then(send)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await db.close()
    },
  }
}

/** Points @cloudbase/node-sdk at a base URL by environment variables alone, as the emulator does for functions. */
export function sdkEnv(base: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${base}/admin` })
  process.env.TENCENTCLOUD_SECRETID = 'local'
  process.env.TENCENTCLOUD_SECRETKEY = 'local'
  process.env.TENCENTCLOUD = 'true'
  process.env.SCF_NAMESPACE = 'local-test'
}

if (require.main === module) {
  const dir = process.argv[2]
  void startHarness(dir).then((h) => process.stdout.write(`${h.url}\n`))
}
