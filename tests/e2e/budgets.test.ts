// The package budgets of issue 4, on fresh production builds: WeChat main ≤ 600 KB, each subpackage ≤ 400 KB, total
// ≤ 2 MB, H5 first-load JavaScript ≤ 250 KB gzip — and the H5-only developer tools never reach the WeChat build.
// (`npm run size` prints the same table; this keeps CI building the WeChat app and holding the line.)
import path from 'node:path'
import { BUDGETS, devOnlyTraces, measureH5, measureWeapp } from '../../scripts/size'
import { ROOT, ensureH5Build, ensureWeappBuild } from './env'

jest.setTimeout(240_000)

beforeAll(async () => {
  await ensureWeappBuild()
  await ensureH5Build()
})

test('the WeChat build fits its main package, every subpackage and the total budget', () => {
  const rows = measureWeapp(path.join(ROOT, 'dist'))
  expect(rows.find((r) => r.what === 'weapp main package')!.budget).toBe(BUDGETS.main)
  expect(rows.filter((r) => r.what.startsWith('weapp subpackage')).map((r) => r.what).sort())
    .toEqual(['weapp subpackage packages/activities', 'weapp subpackage packages/admin', 'weapp subpackage packages/figures', 'weapp subpackage packages/member', 'weapp subpackage packages/staff'])
  for (const row of rows) expect({ what: row.what, over: row.bytes > row.budget }).toEqual({ what: row.what, over: false })
})

test('the H5 app loads at most 250 KB of gzipped JavaScript first', () => {
  const [row] = measureH5(path.join(ROOT, 'dist-h5'))
  expect(row.bytes).toBeGreaterThan(0)
  expect(row.bytes).toBeLessThanOrEqual(BUDGETS.h5FirstLoadGzip)
})

test('the identity switcher and the local gateway never ship in the WeChat build', () => {
  expect(devOnlyTraces(path.join(ROOT, 'dist'))).toEqual([])
})
