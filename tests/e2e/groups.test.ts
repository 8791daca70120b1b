// End to end in Chromium: a card opened from a group binds it. Staff make a bind card for a village; someone opens it
// from a WeChat group (the H5 build's group picker stands in for the chat); the group shows as bound to that village on
// staff's screen, and a later notice to that village reaches it: the notice's card, opened from the group, is counted.
import type { Page } from 'playwright-core'
import { api, openAs, startWorld, type World } from './env'

jest.setTimeout(240_000)

const STAFF = 'demo-staff'
const CITIZEN = 'demo-groups-citizen'
const NEIGHBOUR = 'demo-groups-neighbour'
const GROUP = '桃源村村民群'

let world: World
let page: Page
let place: { townId: string; townName: string; villageId: string; villageName: string }

beforeAll(async () => {
  world = await startWorld()
  page = await world.context.newPage()
  const { towns } = await api<{ towns: { id: string; name: string; villages: { id: string; name: string }[] }[] }>(world.url, CITIZEN, 'org', 'towns')
  const town = towns.find((t) => t.villages.length > 0)!
  place = { townId: town.id, townName: town.name, villageId: town.villages[0].id, villageName: town.villages[0].name }
}, 600_000)

afterAll(async () => {
  await world?.close()
})

/** The H5 group picker: act as `openid`, then open the card it offers from the group named `group`. */
async function openFromGroup(openid: string, group: string, within = '') {
  await page.evaluate((id) => localStorage.setItem('sanwei.devOpenid', id), openid)
  const picker = `${within} [data-testid="dev-group-picker"]`.trim()
  await page.fill(`${picker} [data-testid="dev-group-name"] input`, group)
  await Promise.all([page.waitForEvent('load'), page.click(`${picker} [data-testid="dev-group-open"]`)])
}

test('a card opened from a group binds it, and a later notice to its village reaches it', async () => {
  // Staff make a bind card for the village.
  await openAs(page, world.url, STAFF, '/packages/staff/pages/groups/index')
  await page.waitForSelector('[data-testid="chat-groups"]')
  await page.locator('[data-testid="card-place"] [role="radio"]', { hasText: `${place.townName} ${place.villageName}` }).click()
  await page.click('[data-testid="bind-card-make"]')
  await page.waitForSelector(`[data-testid="bind-card-made"]:has-text("【绑定工作群】把本群绑定到${place.townName}${place.villageName}")`)

  // A villager opens it from the group: the group binds itself to the village.
  await openFromGroup(CITIZEN, GROUP)
  await page.waitForSelector(`[data-testid="group-card-bound"][data-status="bound"]:has-text("本群已绑定到${place.townName}${place.villageName}")`, { timeout: 30_000 })

  // Staff see it bound to that village.
  await openAs(page, world.url, STAFF, '/packages/staff/pages/groups/index')
  await page.locator('[role="tab"]', { hasText: '已绑定' }).click()
  const bound = page.locator('[data-testid="chat-group"][data-status="bound"]', { hasText: `${place.townName}${place.villageName}微信群` })
  await bound.waitFor({ timeout: 20_000 })
  expect(await bound.textContent()).toContain('通过绑定卡片')

  // A later notice to that village reaches the group.
  const { id } = await api<{ id: string }>(world.url, CITIZEN, 'suggestions', 'submit', {
    category: 'environment', townId: place.townId, villageId: place.villageId, title: '村口桥面有裂缝',
    content: '村口小桥桥面出现两道裂缝，电动车经过颠得厉害。', images: [], anonymous: false,
  }, `e2e-groups-${Date.now()}`)
  await api(world.url, STAFF, 'suggestions', 'accept', { id }, `e2e-groups-accept-${Date.now()}`)
  await openAs(page, world.url, STAFF, `/pages/detail/index?id=${id}`)
  await page.waitForSelector('[data-testid="detail"]')
  await page.click('[data-testid="notify-group"]')
  await page.waitForSelector('[role="dialog"] [data-testid="notice-target-village"]')
  await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '桥面裂缝已报修，请大家绕行。')
  await page.click('[role="dialog"] [data-testid="notice-preview-button"]')
  await page.waitForSelector('[data-testid="notice-preview"]')
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  await page.waitForSelector('[role="dialog"] [data-testid="delivery-state"]')
  await page.click('[role="dialog"] [aria-label="关闭"]')

  // On the timeline: the push, where it went, and the bound group waiting for the card.
  const notice = page.locator('[data-testid="timeline-item"][data-command="noticePushed"]')
  await notice.waitFor({ timeout: 20_000 })
  expect(await notice.textContent()).toContain(`发到：${place.villageName}`)
  const group = notice.locator('[data-testid="notice-group"]', { hasText: `${place.townName}${place.villageName}微信群` })
  await group.waitFor({ timeout: 20_000 })
  expect(await group.locator('[data-testid="notice-group-people"]').textContent()).toBe('已绑定，尚无人从群里打开')

  // A neighbour opens the notice's card from the group; staff see one person opened it there.
  await openFromGroup(NEIGHBOUR, GROUP, '[data-testid="notice-deliveries"]')
  await page.waitForSelector('[data-testid="detail"]')
  const deadline = Date.now() + 20_000
  let people = 0
  while (Date.now() < deadline && people === 0) {
    const reach = await api<{ cards: { people: number }[] }>(world.url, STAFF, 'notify', 'itemReach', { id })
    people = reach.cards.reduce((n, c) => n + c.people, 0)
    if (people === 0) await new Promise((r) => setTimeout(r, 300))
  }
  expect(people).toBe(1)
  await openAs(page, world.url, STAFF, `/pages/detail/index?id=${id}`)
  await page.waitForSelector('[data-testid="timeline-item"][data-command="noticePushed"] [data-testid="notice-group-people"]:has-text("1 人打开")', { timeout: 20_000 })
})
