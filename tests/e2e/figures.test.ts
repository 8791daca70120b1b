// End to end in Chromium: staff open 统计, change the period and the dimension, see a chart, export an Excel file (the
// download happens and parses), and open a member's duty record; a member opens their own record from 我的.
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { api, openAs, shot, startWorld, type World } from './env'

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

test('staff export the triage list they are looking at; a tap retried after a lost answer gets the first file', async () => {
  await openAs(page, world.url, STAFF, '/packages/staff/pages/triage/index')
  await page.waitForSelector('[data-testid="staff-triage"]')
  await page.locator('[aria-label="办理状态"] [role="tab"]', { hasText: '办理中' }).click()
  await page.locator('[aria-label="按镇街道筛选"] [role="radio"]', { hasText: '当湖街道' }).click()
  await page.waitForSelector('[data-testid="suggestion-card"]', { timeout: 20_000 })
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
  const shown = await page.locator('[data-testid="suggestion-card"]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id')))
  const townId = (await api<{ towns: { id: string; name: string }[] }>(world.url, STAFF, 'org', 'towns')).towns.find((t) => t.name === '当湖街道')!.id

  // The first answer is lost on the way back (the server made the file); the retry sends the same request id.
  const sent: { input: unknown; requestId?: string }[] = []
  const answers: string[] = []
  let lost = false
  await page.route('**/api/functions/figures', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { data?: { action?: string; input?: unknown; requestId?: string } }
    if (body.data?.action !== 'exportItems') return route.continue()
    sent.push({ input: body.data.input, requestId: body.data.requestId })
    const res = await route.fetch()
    answers.push(((await res.json()) as { result: { data: { exportId: string } } }).result.data.exportId)
    if (!lost) { lost = true; return route.abort('connectionreset') }
    return route.fulfill({ response: res })
  })
  try {
    await page.click('[data-testid="export-list"]')
    // The answer lost: the screen says so and offers 重试 (its button, not the message that ends in 重试).
    const retry = page.locator('[data-testid="error"] .btn', { hasText: '重试' })
    await retry.waitFor()
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), retry.click()])
    expect(download.suggestedFilename()).toBe('建议清单-办理中.xlsx')
    const file = path.join(world.dataDir, 'triage.xlsx')
    await download.saveAs(file)
    // The list's filters went with both calls, under one request id; the server answered the same export twice.
    expect(sent).toHaveLength(2)
    expect(sent[0].input).toEqual({ tab: 'handling', townId })
    expect(sent[1]).toEqual(sent[0])
    expect(sent[0].requestId).toBeTruthy()
    expect(answers[1]).toBe(answers[0])
    // The file holds the list: the screen's first page is its first rows, in the same order.
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(fs.readFileSync(file) as never)
    const ids: unknown[] = []
    wb.worksheets[0].eachRow((row, n) => { if (n > 1) ids.push(row.getCell(1).value) })
    expect(shown.length).toBeGreaterThan(0)
    expect(ids.slice(0, shown.length)).toEqual(shown)
  } finally {
    await page.unroute('**/api/functions/figures')
  }
})

test('a member opens their own duty record from 我的', async () => {
  await openAs(page, world.url, MEMBER, '/pages/mine/index')
  await page.click('[data-testid="go-member-record"]')
  await page.waitForSelector('[data-testid="member-record"] [data-testid="figures-row"]', { timeout: 20_000 })
  await shot(page, 'member-record')
})
