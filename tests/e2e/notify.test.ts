// End to end in Chromium: notifications that reach people. A citizen's subscription (asked on submit and from 我的) is
// spent on 已受理 and 已交办 messages that arrive in the inbox; an admin registers a village's robot and staff push a
// notice to it, previewed first, its delivery shown on the item.
import type { Page } from 'playwright-core'
import { api, openAs, startWorld, type World } from './env'

jest.setTimeout(240_000)

const CITIZEN = 'demo-notify-citizen'
const STAFF = 'demo-staff'
const ADMIN = 'demo-admin'
const MEMBER = 'demo-member'

let world: World
let page: Page
let place: { townName: string; villageId: string; villageName: string }

beforeAll(async () => {
  world = await startWorld()
  page = await world.context.newPage()
  const member = await api<{ boundVillageIds: string[] }>(world.url, MEMBER, 'org', 'me')
  const { towns } = await api<{ towns: { id: string; name: string; villages: { id: string; name: string }[] }[] }>(world.url, CITIZEN, 'org', 'towns')
  for (const t of towns) for (const v of t.villages) {
    if (!place && member.boundVillageIds.includes(v.id)) place = { townName: t.name, villageId: v.id, villageName: v.name }
  }
}, 300_000)

afterAll(async () => {
  await world?.close()
})

const inbox = async (kind: string) => ((await (await fetch(`${world.url}/api/inbox?kind=${kind}`)).json()) as { entries: any[] }).entries
const waitStatus = (status: string) => page.waitForSelector(`[data-testid="detail"][data-status="${status}"]`, { timeout: 20_000 })

async function act(command: string) {
  await page.click(`[data-testid="action-bar"] [data-action="${command}"]`)
  await page.waitForSelector('[role="dialog"]')
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  await page.waitForSelector('[role="dialog"]', { state: 'detached', timeout: 20_000 })
}

test('a citizen who allowed reminders gets 已受理 and 已交办 as staff accept and hand off their item', async () => {
  await openAs(page, world.url, CITIZEN, '/pages/submit/index')
  await page.waitForSelector('[data-testid="submit-form"]')
  await page.locator('[aria-label="建议类别"] [role="radio"]', { hasText: '交通出行' }).click()
  await page.locator('[aria-label="所在镇街道"] [role="radio"]', { hasText: place.townName }).click()
  await page.locator('[aria-label="所在村社区"] [role="radio"]', { hasText: place.villageName }).click()
  await page.fill('[data-testid="title"] input', '公交站台没有遮雨棚')
  await page.fill('[data-testid="content"] textarea', '下雨天等车的老人没处躲雨，希望在站台加装遮雨棚。')
  await page.click('[data-testid="submit"]')
  await page.waitForURL(/pages\/detail\/index\?id=/)
  const id = new URL(page.url().replace('#', '')).searchParams.get('id')!

  // 我的 shows the reminder the submit prompt gave; one more is asked for with a tap.
  await openAs(page, world.url, CITIZEN, '/pages/mine/index')
  await page.waitForSelector('[data-testid="notify-left-statusChanged"]:has-text("剩余提醒 1 次")')
  await page.click('[data-testid="notify-more-statusChanged"]')
  await page.waitForSelector('[data-testid="notify-left-statusChanged"]:has-text("剩余提醒 2 次")')

  await openAs(page, world.url, STAFF, `/pages/detail/index?id=${id}`)
  await waitStatus('submitted')
  await act('accept')
  await waitStatus('accepted')
  await act('handOff')
  await waitStatus('assigned')

  const toCitizen = (await inbox('subscribeMessage')).filter((e) => e.touser === CITIZEN)
  expect(toCitizen.map((e) => [e.errcode, e.data.phrase2.value])).toEqual([[0, '已受理'], [0, '已交办']])
  expect(toCitizen[1].data.thing1.value).toBe('公交站台没有遮雨棚')
  await openAs(page, world.url, CITIZEN, '/pages/mine/index')
  await page.waitForSelector('[data-testid="notify-left-statusChanged"]:has-text("剩余提醒 0 次")')
})

test('an admin registers the village robot; staff preview a notice, send it, and the robot posts it', async () => {
  await openAs(page, world.url, ADMIN, '/packages/admin/pages/robots/index')
  await page.waitForSelector('[data-testid="admin-robots"]')
  await page.locator('[data-testid="robot-target"] [role="radio"]', { hasText: `${place.townName} ${place.villageName}` }).click()
  await page.fill('[data-testid="robot-key"] input', 'e2eVillageRobotKey01')
  await page.click('[data-testid="robot-save"]')
  await page.waitForSelector('[data-testid="robot"]:has-text("e2eV****ey01")')

  const { id } = await api<{ id: string }>(world.url, CITIZEN, 'suggestions', 'submit', {
    category: 'environment', townId: (await api<{ towns: { id: string; name: string }[] }>(world.url, CITIZEN, 'org', 'towns')).towns.find((t) => t.name === place.townName)!.id,
    villageId: place.villageId, title: '河边护栏松动', content: '河边步道的护栏有三处松动，孩子靠上去很危险。', images: [], anonymous: false,
  }, `e2e-notify-${Date.now()}`)
  await openAs(page, world.url, STAFF, `/pages/detail/index?id=${id}`)
  await waitStatus('submitted')
  await page.click('[data-testid="notify-group"]')
  await page.waitForSelector('[role="dialog"] [data-testid="notice-target-village"]')
  await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '请网格员今天去现场看一下护栏。')
  await page.click('[role="dialog"] [data-testid="notice-preview-button"]')
  await page.waitForSelector('[data-testid="notice-preview"]:has-text("事项：河边护栏松动")')
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  await page.waitForSelector('[role="dialog"] [data-testid="delivery-state"]:has-text("已发送")')

  const posts = (await inbox('robot')).filter((e) => e.key === 'e2eVillageRobotKey01')
  expect(posts).toHaveLength(1)
  expect(posts[0].message.markdown.content).toContain('请网格员今天去现场看一下护栏。')
  expect(posts[0].message.markdown.content).toContain(`${place.townName} ${place.villageName}`)
})
