// End to end in Chromium: staff open 统计, change the period and the dimension, see a chart, export an Excel file (the
// download happens and parses), and open a member's duty record; a member opens their own record from 我的.
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { openAs, shot, startWorld, type World } from './env'

jest.setTimeout(240_000)

const STAFF = 'demo-staff'
const MEMBER = 'demo-member'
let world: World
let page: Page
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear()

beforeAll(async () => {
  world = await startWorld()
  page = await world.context.newPage()
}, 600_000)

afterAll(async () => {
  await world?.close()
})

const headline = () => page.locator('[data-testid="figures-headline"]').innerText()

test('staff change the period and the dimension, see a chart, export the table to Excel and open a member\'s record', async () => {
  await openAs(page, world.url, STAFF, '/packages/figures/pages/index/index')
  await page.waitForSelector('[data-testid="figures-headline"]', { timeout: 30_000 })
  expect(await headline()).toContain(`${year}年`)
  // The seeded county's year, by town: the adoption chart has a bar row per town.
  await page.waitForSelector('[data-testid="chart"] .fig-bar-row')
  expect(await page.locator('[data-testid="chart"]').innerText()).toContain('各镇街道采纳率与满意率')
  await shot(page, 'figures')

  // A month: the headline says which, and the previous month beside it.
  await page.locator('[aria-label="统计周期"] [role="radio"]', { hasText: '月' }).click()
  await page.waitForFunction((label) => document.querySelector('[data-testid="figures-headline"]')?.textContent?.includes(label), `${year}年1月`)
  expect(await headline()).toContain(`上期：${year - 1}年12月`)
  await page.locator('[aria-label="统计周期"] [role="radio"]', { hasText: '年' }).click()
  await page.waitForFunction((label) => document.querySelector('[data-testid="figures-headline"]')?.textContent?.includes(label), `${year}年（`)

  // By member, ranked by adoption rate.
  await page.locator('[aria-label="统计维度"] [role="tab"]', { hasText: '委员' }).click()
  await page.waitForFunction(() => document.querySelector('[data-testid="chart"]')?.textContent?.includes('各委员采纳率与满意率'))
  const rows = await page.locator('[data-testid="figures-row"]').count()
  expect(rows).toBeGreaterThan(2)

  // Export: the browser downloads the file, which opens as a workbook whose rows are the screen's rows plus the total.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid="export-table"]')])
  const file = path.join(world.dataDir, 'table.xlsx')
  await download.saveAs(file)
  expect(download.suggestedFilename()).toBe(`统计表（按委员）-${year}年.xlsx`)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(fs.readFileSync(file) as never)
  const sheet = wb.worksheets[0]
  expect(sheet.getRow(1).getCell(1).value).toBe('委员')
  expect(sheet.actualRowCount).toBe(rows + 1) // header + member rows + 合计, where the screen shows the 合计 card too

  // A member's record from the table.
  const first = page.locator('[data-testid="figures-row"]').first()
  const name = (await first.locator('.card-title').innerText()).trim()
  await first.click()
  await page.waitForSelector('[data-testid="member-record"] [data-testid="figures-row"]', { timeout: 20_000 })
  expect(await page.locator('[data-testid="member-record"] [data-testid="figures-row"] .card-title').innerText()).toContain(name)
  await page.waitForSelector('[data-testid="record-item"]')
})

test('a member opens their own duty record from 我的', async () => {
  await openAs(page, world.url, MEMBER, '/pages/mine/index')
  await page.click('[data-testid="go-member-record"]')
  await page.waitForSelector('[data-testid="member-record"] [data-testid="figures-row"]', { timeout: 20_000 })
  await shot(page, 'member-record')
})
