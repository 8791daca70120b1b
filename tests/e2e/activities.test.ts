// 请你来协商 end to end in Chromium: staff create and publish an activity and open its sign-in; a citizen opens the sign-in
// page from the code's link, signs in and raises a suggestion; staff conclude with an agreed item handed to a department;
// the third-party evaluator scores it; the statistics page shows it in the year's paragraph.
import type { Page } from 'playwright-core'
import { api, openAs, shot, startWorld, type World } from './env'

jest.setTimeout(600_000)

const STAFF = 'demo-staff'
const CITIZEN = 'demo-citizen-05'
const EVALUATOR = 'demo-evaluator'
let world: World
let page: Page

beforeAll(async () => {
  world = await startWorld()
  page = await world.context.newPage()
}, 600_000)

afterAll(async () => {
  await world?.close()
})

/** "2026-12-01 09:30" in UTC+8, `days` from now. */
const local = (days: number, hhmm: string) => {
  const d = new Date(Date.now() + days * 86400_000 + 8 * 3600_000)
  return `${d.toISOString().slice(0, 10)} ${hhmm}`
}
const status = () => page.locator('[data-testid="activity-detail"]').getAttribute('data-status')

test('an activity from planning to its evaluated result, and the year’s paragraph counts it', async () => {
  // Staff plan it.
  await openAs(page, world.url, STAFF, '/packages/activities/pages/list/index')
  await page.click('[data-testid="new-activity"]')
  await page.waitForSelector('[data-testid="activity-edit"]')
  await page.locator('[aria-label="活动类型"] [role="radio"]', { hasText: '民生议事堂' }).click()
  await page.fill('[data-testid="edit-topic"] input', '民生议事堂：菜市场周边停车')
  await page.fill('[data-testid="edit-description"] textarea', '邀请市场监管、交警和摊户代表协商菜市场周边停车与占道经营。')
  await page.fill('[data-testid="edit-start"] input', local(0, '00:00'))
  await page.fill('[data-testid="edit-end"] input', local(0, '23:00'))
  await page.fill('[data-testid="edit-venue"] input', '农贸市场二楼会议室')
  // The towns arrive with the page's first call; the form needs one chosen.
  await page.waitForFunction(() => !document.querySelector('[data-testid="edit-town"]')?.textContent?.includes('选择镇街道'), undefined, { timeout: 30_000 })
  await page.click('[data-testid="edit-save"]')
  await page.waitForSelector('[data-testid="activity-detail"], [data-testid="activity-edit"] [data-testid="error"]', { timeout: 30_000 })
  const refused = page.locator('[data-testid="activity-edit"] [data-testid="error"]')
  if (await refused.count()) throw new Error(`the form was refused: ${await refused.innerText()}`)
  await page.waitForSelector('[data-testid="activity-detail"][data-status="draft"]', { timeout: 30_000 })
  await page.click('[data-testid="act-publish"]')
  await page.waitForSelector('[data-testid="activity-detail"][data-status="published"]')
  await page.click('[data-testid="act-open-signin"]')
  await page.waitForSelector('[data-testid="activity-detail"][data-status="held"]')
  // The code to show on site, and the page it opens.
  await page.click('[data-testid="act-show-code"]')
  await page.waitForSelector('[data-testid="signin-code"] img')
  const link = (await page.locator('[data-testid="signin-link"]').innerText()).trim()
  expect(link).toMatch(/^packages\/activities\/pages\/signin\/index\?scene=a%3D[A-Za-z0-9_-]+$/)
  const id = decodeURIComponent(link.split('scene=')[1]).slice(2)
  await shot(page, 'activity-held')

  // A citizen opens the sign-in link, signs in once, and raises a suggestion there.
  await openAs(page, world.url, CITIZEN, `/${link}`)
  await page.waitForSelector('[data-testid="signin-button"]', { timeout: 30_000 })
  await page.click('[data-testid="signin-button"]')
  await page.waitForSelector('[data-testid="signin-done"]')
  expect(await page.locator('[data-testid="signin-note"]').innerText()).toContain('签到成功')
  await page.fill('[data-testid="raise-title"] input', '菜市场门口增设临时停车位')
  await page.fill('[data-testid="raise-content"] textarea', '早市时段车辆乱停，建议在市场东侧空地增设临时停车位。')
  await page.click('[data-testid="raise-submit"]')
  await page.waitForFunction(() => document.querySelector('[data-testid="signin-note"]')?.textContent?.includes('建议已提交'))
  await shot(page, 'activity-signin')
  // A second scan answers 已签到.
  expect(await api<{ already: boolean }>(world.url, CITIZEN, 'activities', 'signIn', { id }, 'e2e-second-scan-1')).toMatchObject({ already: true })

  // Staff conclude it with a promise made on site, handed to a department.
  await openAs(page, world.url, STAFF, `/packages/activities/pages/detail/index?id=${id}`)
  await page.waitForSelector('[data-testid="raised-items"] [data-testid="activity-item"]', { timeout: 30_000 })
  expect(await page.locator('[data-testid="participants"]').innerText()).toContain('参加人次 1')
  // Staff record one for a resident who has no phone at hand.
  await page.click('[data-testid="act-record"]')
  await page.fill('[role="dialog"] input[aria-label="提出人姓名"], [role="dialog"] [aria-label="提出人姓名"] input', '李大伯')
  await page.fill('[role="dialog"] input[aria-label="建议标题"], [role="dialog"] [aria-label="建议标题"] input', '市场门口增设无障碍坡道')
  await page.fill('[role="dialog"] textarea[aria-label="建议内容"], [role="dialog"] [aria-label="建议内容"] textarea', '老人推车进出不便，建议增设无障碍坡道。')
  await page.locator('[role="dialog"] taro-button-core', { hasText: '登记' }).click()
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="raised-items"] [data-testid="activity-item"]').length === 2)
  await page.click('[data-testid="act-conclude"]')
  await page.fill('[data-testid="conclude-minutes"] textarea', '市场监管局、交警大队现场答复，同意在市场东侧增设临时停车位。')
  await page.click('[data-testid="agreed-add"]')
  await page.waitForFunction(() => !document.querySelector('[data-testid="agreed-department"]')?.textContent?.includes('选择责任部门'))
  await page.fill('[data-testid="agreed-title"] input', '一个月内增设市场东侧临时停车位30个')
  await page.fill('[data-testid="agreed-deadline"] input', local(30, '').trim())
  await page.click('[data-testid="conclude-submit"]')
  await page.waitForSelector('[data-testid="activity-detail"][data-status="concluded"]', { timeout: 30_000 })
  const agreed = page.locator('[data-testid="agreed-items"] [data-testid="activity-item"]')
  expect(await agreed.innerText()).toContain('一个月内增设市场东侧临时停车位30个')
  expect(await agreed.innerText()).toContain('已交办')

  // The evaluator scores it on the admin's criteria.
  await openAs(page, world.url, EVALUATOR, `/packages/activities/pages/detail/index?id=${id}`)
  await page.click('[data-testid="act-evaluate"]', { timeout: 30_000 })
  await page.waitForSelector('[data-testid="criterion"]')
  const criteria = page.locator('[data-testid="criterion"]')
  expect(await criteria.count()).toBe(5)
  for (let i = 0; i < 5; i++) await criteria.nth(i).locator('[role="radio"]', { hasText: i % 2 ? '4 分' : '5 分' }).click()
  await page.click('[data-testid="evaluate-submit"]')
  await page.waitForSelector('[data-testid="activity-detail"][data-status="evaluated"]', { timeout: 30_000 })
  expect(await page.locator('[data-testid="evaluation"]').innerText()).toContain('第三方评价（1 份，平均 4.6 分）')
  await shot(page, 'activity-evaluated')

  // The statistics: the seeded year's 87 and this one.
  await openAs(page, world.url, STAFF, '/packages/activities/pages/stats/index')
  await page.waitForSelector('[data-testid="activity-paragraph"]', { timeout: 30_000 })
  const paragraph = await page.locator('[data-testid="activity-paragraph"]').innerText()
  expect(paragraph).toMatch(/共开展‘请你来协商’活动88场，其中“6”6场、“X”36场、民生议事堂46场，共参加人数2693人次/)
  // The scores by kind and by town, from the seeded evaluations and this one: every criterion with how many scored it.
  const byKind = await page.locator('[data-testid="scores-by-kind"]').innerText()
  expect(byKind).toMatch(/民生议事堂\s*平均 [0-9.]+ 分/)
  expect(byKind).toMatch(/选题 [0-9.]+（\d+ 份） · 参与 [0-9.]+（\d+ 份） · 协商充分 [0-9.]+（\d+ 份） · 成果转化 [0-9.]+（\d+ 份） · 群众满意 [0-9.]+（\d+ 份）/)
  expect(await page.locator('[data-testid="scores-by-town"] [data-testid="score-line"]').count()).toBeGreaterThan(0)
  await shot(page, 'activity-stats')
})

test('staff answer an activity’s topic items together from one screen; each author reads the reply', async () => {
  const url = world.url
  const { towns } = await api<{ towns: { id: string; villages: { id: string }[] }[] }>(url, STAFF, 'org', 'towns', {})
  const town = towns[0]
  const submit = (who: string, villageId: string, title: string) => api<{ id: string }>(url, who, 'suggestions', 'submit', {
    category: 'safety', townId: town.id, villageId, title, content: `${title}，晚上出行很不安全`, images: [], anonymous: false,
  }, `e2e-topic-${who}`)
  const first = await submit('e2e-topic-resident-1', town.villages[0].id, '村口路灯坏了不亮')
  const second = await submit('e2e-topic-resident-2', town.villages[1].id, '村口路灯不亮请修复')
  const { departments } = await api<{ departments: { id: string; name: string }[] }>(url, STAFF, 'org', 'departments', {})
  const now = Date.now()
  const { id } = await api<{ id: string }>(url, STAFF, 'activities', 'create', {
    kind: 'forum', topic: '民生议事堂：村口路灯', description: '多村反映路灯不亮，邀请部门现场答复。', startAt: new Date(now - 3600_000).toISOString(),
    endAt: new Date(now + 3600_000).toISOString(), townId: town.id, villageId: town.villages[0].id, venue: '村委会议室', organiser: { kind: 'town', id: town.id },
    invitedMemberIds: [], invitedDepartmentIds: [departments[0].id], registration: { open: true, cap: null }, topicSuggestionIds: [first.id, second.id],
  }, 'e2e-topic-create')
  for (const step of ['publish', 'openSignIn'] as const) await api(url, STAFF, 'activities', step, { id }, `e2e-topic-${step}`)
  await api(url, STAFF, 'activities', 'conclude', { id, minutes: '部门现场答复路灯问题。', photos: [] }, 'e2e-topic-conclude')

  await openAs(page, url, STAFF, `/packages/activities/pages/detail/index?id=${id}`)
  await page.click('[data-testid="act-answer-topics"]', { timeout: 30_000 })
  const answers = page.locator('[data-testid="topic-answer"]')
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="topic-answer"]').length === 2)
  for (let i = 0; i < 2; i++) await answers.nth(i).locator('textarea').fill(`${departments[0].name}现场答复：本月内修复路灯`)
  await page.click('[data-testid="topic-answer-submit"]')
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="topic-answer-result"][data-ok="yes"]').length === 2, undefined, { timeout: 30_000 })
  await shot(page, 'activity-topics-answered')

  // Each author reads the reply on their own item.
  await openAs(page, url, 'e2e-topic-resident-1', `/pages/detail/index?id=${first.id}`)
  await page.waitForFunction((text) => document.body.innerText.includes(text), `${departments[0].name}现场答复：本月内修复路灯`, { timeout: 30_000 })
})
