// The contract suite's mode: functions run here, as the gateway's caller, while their SDK calls go to another CloudBase.
import { startTestEmulator, type TestEmulator } from './runtime-helpers'

// Two local CloudBases and a function worker's cold start: seconds on a busy machine (it ran past jest's 5 s at load 20).
jest.setTimeout(60_000)

let cloud: TestEmulator
let local: TestEmulator

afterAll(async () => {
  await local?.close()
  await cloud?.close()
})

test('with an upstream, a function reads and writes the upstream database, not the local one, as the caller', async () => {
  // A second local CloudBase stands in for the real one (the suite points at a real environment's endpoint instead).
  cloud = await startTestEmulator({ envId: 'sanwei-cloud' })
  local = await startTestEmulator({ upstream: { envId: 'sanwei-cloud', secretId: 'AKIDreal', secretKey: 'real-key', url: `${cloud.url}/admin` } })
  expect(local.envId).toBe('sanwei-cloud')
  const res = await local.post('/api/functions/dbwriter', { data: { text: '写到云端' } }, { 'x-openid': 'oContract' })
  expect(res.status).toBe(200)
  expect(res.json.result.doc).toMatchObject({ text: '写到云端', owner: 'oContract' })
  const there = await cloud.db.handle('database.getDocument', { collectionName: 'notes', queryType: 'WHERE', query: '{}' })
  expect((there.data as { list: string[] }).list.map((d) => JSON.parse(d).text)).toEqual(['写到云端'])
  await expect(local.db.handle('database.getDocument', { collectionName: 'notes', queryType: 'WHERE', query: '{}' })).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' })
})
