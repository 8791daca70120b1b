// One transaction per command (server/transaction.ts) against a scripted database: a conflict re-runs the work, a
// refused result is rolled back unwritten, a commit whose answer was lost is looked up, and the write beside the commit
// ends applied exactly when the commit landed.
import { transact, type Alongside } from '../../server/transaction'

type Outcome = 'ok' | 'conflict' | 'lost'
const conflict = () => Object.assign(new Error('transaction conflict'), { code: 'DATABASE_TRANSACTION_CONFLICT' })

/** Transactions whose commits answer as scripted, in order (then 'ok'); what happened, in order, in `log`. */
function scripted(commits: Outcome[]) {
  const log: string[] = []
  let n = 0
  const database = {
    startTransaction: async () => {
      const id = ++n
      log.push(`start ${id}`)
      return {
        collection: () => ({}),
        commit: async () => {
          const how = commits.shift() ?? 'ok'
          log.push(`commit ${id} ${how}`)
          if (how === 'conflict') throw conflict()
          if (how === 'lost') throw new Error('socket hang up')
          return {}
        },
        rollback: async () => { log.push(`rollback ${id}`) },
      }
    },
  }
  return { database, log }
}

let current: ReturnType<typeof scripted>
jest.mock('../../server/db', () => {
  const actual = jest.requireActual('../../server/db')
  return { ...actual, db: () => current.database }
})

/** A write beside the commit whose applies fail `failures` times first. */
function beside(log: string[], failures = 0): Alongside {
  let left = failures
  return {
    apply: async () => {
      if (left-- > 0) { log.push('apply failed'); throw new Error('counter unreachable') }
      log.push('apply')
    },
    undo: async () => { log.push('undo') },
  }
}

test('a commit that conflicts re-runs the work in a new transaction; the write beside it is undone each time and applied with the commit that lands', async () => {
  current = scripted(['conflict', 'conflict'])
  let runs = 0
  const result = await transact(async () => ++runs, () => beside(current.log))
  expect(result).toBe(3)
  expect(current.log).toEqual([
    'start 1', 'commit 1 conflict', 'apply', 'undo', 'rollback 1',
    'start 2', 'commit 2 conflict', 'apply', 'undo', 'rollback 2',
    'start 3', 'commit 3 ok', 'apply',
  ])
})

test('after the last of its re-runs a conflict is thrown (four tries with three re-runs), nothing applied', async () => {
  current = scripted(['conflict', 'conflict', 'conflict', 'conflict'])
  await expect(transact(async () => 'done', () => null, 3)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(current.log.filter((l) => l.startsWith('start'))).toHaveLength(4)
  current = scripted(['conflict'])
  await expect(transact(async () => 'done', () => null, 0)).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
  expect(current.log).toEqual(['start 1', 'commit 1 conflict', 'rollback 1'])
})

test('a conflict thrown by the work itself re-runs it too; any other error is rolled back and thrown at once', async () => {
  current = scripted([])
  let runs = 0
  expect(await transact(async () => { if (++runs === 1) throw conflict(); return runs })).toBe(2)
  expect(current.log).toEqual(['start 1', 'rollback 1', 'start 2', 'commit 2 ok'])
  current = scripted([])
  await expect(transact(async () => { throw new Error('bad document') })).rejects.toThrow('bad document')
  expect(current.log).toEqual(['start 1', 'rollback 1'])
})

test('a result the caller refuses (a domain error) is rolled back: no commit, nothing beside it', async () => {
  current = scripted([])
  const refused = { error: 'FORBIDDEN' }
  expect(await transact(async () => refused, () => beside(current.log), 3, (r) => 'error' in r)).toBe(refused)
  expect(current.log).toEqual(['start 1', 'rollback 1'])
})

test('a commit whose answer was lost but which landed returns the result, and the write beside it stays applied', async () => {
  current = scripted(['lost'])
  const landed = jest.fn(async () => true)
  expect(await transact(async () => 'written', () => beside(current.log), 3, () => false, landed)).toBe('written')
  expect(landed).toHaveBeenCalledWith('written')
  expect(current.log).toEqual(['start 1', 'commit 1 lost', 'apply'])
})

test('a commit whose answer was lost and which did not land is undone beside it, rolled back and thrown', async () => {
  current = scripted(['lost'])
  await expect(transact(async () => 'written', () => beside(current.log), 3, () => false, async () => false)).rejects.toThrow('socket hang up')
  expect(current.log).toEqual(['start 1', 'commit 1 lost', 'apply', 'undo', 'rollback 1'])
  // A look-up that never answers counts as not landed.
  current = scripted(['lost'])
  await expect(transact(async () => 'written', () => beside(current.log), 3, () => false, async () => { throw new Error('no answer') })).rejects.toThrow('socket hang up')
  expect(current.log).toEqual(['start 1', 'commit 1 lost', 'apply', 'undo', 'rollback 1'])
  // Without a way to look it up, a lost answer is thrown as it came.
  current = scripted(['lost'])
  await expect(transact(async () => 'written')).rejects.toThrow('socket hang up')
  expect(current.log).toEqual(['start 1', 'commit 1 lost', 'rollback 1'])
})

test('the look-up of a lost commit is asked again while it fails, and a conflict is never looked up', async () => {
  current = scripted(['lost'])
  let asked = 0
  const landed = async () => { if (++asked < 3) throw new Error('no answer'); return true }
  expect(await transact(async () => 'written', () => null, 3, () => false, landed)).toBe('written')
  expect(asked).toBe(3)
  current = scripted(['conflict'])
  const never = jest.fn(async () => true)
  expect(await transact(async () => 'written', () => null, 3, () => false, never)).toBe('written')
  expect(never).not.toHaveBeenCalled()
})

test('a write beside a landed commit that failed is sent again until it is applied', async () => {
  current = scripted([])
  expect(await transact(async () => 'written', () => beside(current.log, 2))).toBe('written')
  expect(current.log).toEqual(['start 1', 'commit 1 ok', 'apply failed', 'apply failed', 'apply'])
})

test('a transaction started earlier serves the first attempt only', async () => {
  current = scripted(['conflict'])
  const early = await current.database.startTransaction()
  current.log.length = 0
  let runs = 0
  const seen: unknown[] = []
  expect(await transact(async (t) => { seen.push(t); return ++runs }, () => null, 3, () => false, undefined, Promise.resolve(early))).toBe(2)
  expect(seen[0]).toBe(early)
  expect(seen[1]).not.toBe(early)
  expect(current.log).toEqual(['commit 1 conflict', 'rollback 1', 'start 2', 'commit 2 ok'])
})
