// Each role finds its way, in Chromium against the H5 build and a fresh seeded local CloudBase: a department handler signs
// for and answers a department hand-off; a member finds an invitation under 待协商 and comments; staff record for a
// resident who takes it over and rates it; a concluded consultation takes no comment; an admin grants a department
// handler role and is refused a duplicate village. Every page visited is checked for label contrast (WCAG AA 4.5:1),
// for titles squeezed one character per line at 375 px, and for errors in the console.
import type { ConsoleMessage, Page } from 'playwright-core'
import { api, barActions, openAs, shot, startWorld, tapAction, type World } from './env'

jest.setTimeout(300_000)

const CITIZEN = 'demo-citizen'
const MEMBER = 'demo-member'
const STAFF = 'demo-staff'
const ADMIN = 'demo-admin'
const DEPT = 'demo-dept'
const RESIDENT = 'e2e-resident'

let world: World
let page: Page
const consoleErrors: string[] = []
let place: { townId: string; villageId: string; townName: string; villageName: string }
let departmentId: string
let n = 0
const rid = () => `e2e-roles-${Date.now()}-${++n}`
const inDays = (d: number) => new Date(Date.now() + d * 86400e3).toISOString()

beforeAll(async () => {
  world = await startWorld()
  page = await world.context.newPage()
  await page.setViewportSize({ width: 375, height: 812 })
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') consoleErrors.push(`${page.url()} ${m.text()}`) })
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()} ${e.message}`))
  page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`${r.status()} ${r.url()}`) })
  const member = await api<{ boundVillageIds: string[] }>(world.url, MEMBER, 'org', 'me')
  const { towns } = await api<{ towns: { id: string; name: string; villages: { id: string; name: string }[] }[] }>(world.url, CITIZEN, 'org', 'towns')
  for (const t of towns) for (const v of t.villages) {
    if (!place && member.boundVillageIds.includes(v.id)) place = { townId: t.id, townName: t.name, villageId: v.id, villageName: v.name }
  }
  const dept = await api<{ departmentIds: string[] }>(world.url, DEPT, 'org', 'me')
  departmentId = dept.departmentIds[0]
}, 600_000)

afterAll(async () => { await world?.close() })

const detailPath = (id: string) => `/pages/detail/index?id=${id}`
const waitStatus = (status: string) => page.waitForSelector(`[data-testid="detail"][data-status="${status}"]`, { timeout: 20_000 })

async function act(command: string, fill?: () => Promise<void>, confirm = false) {
  await tapAction(page, command)
  await page.waitForSelector('[role="dialog"]')
  if (fill) await fill()
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  if (confirm) await page.locator('.taro-model__confirm').filter({ visible: true }).click()
  await page.waitForSelector('[role="dialog"]', { state: 'detached', timeout: 20_000 })
}

async function submitted(title: string, by = CITIZEN): Promise<string> {
  return (await api<{ id: string }>(world.url, by, 'suggestions', 'submit', {
    category: 'publicService', townId: place.townId, villageId: place.villageId, title, content: `${title}，已经影响居民出行和生活，希望尽快解决。`, images: [], anonymous: false,
  }, rid())).id
}

/**
 * What a person reads on this screen: every visible button label and text with at least 4.5:1 contrast against the
 * colour behind it, and no title or button label squeezed so narrow that its characters stack one per line.
 */
async function readsRight(where: string, extra = ''): Promise<void> {
  await page.waitForTimeout(300)
  const found = await page.evaluate((extraSelectors) => {
    const rgb = (c: string): [number, number, number, number] => {
      const m = c.match(/rgba?\(([^)]+)\)/)
      if (!m) return [0, 0, 0, 0]
      const p = m[1].split(',').map((x) => parseFloat(x))
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]
    }
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4 }
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const background = (el: Element | null): [number, number, number] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor)
        if (c[3] > 0.5) return [c[0], c[1], c[2]]
      }
      return [255, 255, 255]
    }
    const visible = (e: HTMLElement) => {
      const r = e.getBoundingClientRect()
      const s = getComputedStyle(e)
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0.05
    }
    const lowContrast: string[] = []
    const squeezed: string[] = []
    const page = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).find((p) => getComputedStyle(p).display !== 'none') ?? document.body
    const labels = Array.from(page.querySelectorAll<HTMLElement>('taro-button-core, .btn, .tab, .choice, .section-title, .card-title, .modal-title, .detail-title, .tag, .muted, .label, [role="dialog"] taro-button-core' + extraSelectors))
    for (const el of labels) {
      if (!visible(el) || !el.textContent?.trim()) continue
      // WCAG exempts inactive controls: a disabled button is faded on purpose.
      if (el.closest('[disabled]:not([disabled="false"])')) continue
      const s = getComputedStyle(el)
      const fg = rgb(s.color)
      const bg = background(el)
      // A faded foreground (alpha) blends with the background: that is what the eye sees.
      const seen = [0, 1, 2].map((i) => fg[i] * fg[3] * parseFloat(s.opacity) + bg[i] * (1 - fg[3] * parseFloat(s.opacity)))
      const [a, b] = [lum(seen), lum(bg)]
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
      if (ratio < 4.5) lowContrast.push(`${el.textContent.trim().slice(0, 12)} ${ratio.toFixed(2)} (${s.color} on rgb(${bg.join(',')}))`)
      // One character per line: a label of 2+ characters whose box is about one character wide and several lines tall.
      const text = el.textContent.trim()
      const size = parseFloat(s.fontSize)
      const r = el.getBoundingClientRect()
      if (Array.from(text).length >= 2 && r.width < size * 1.6 && r.height > size * 2.2) squeezed.push(text.slice(0, 12))
    }
    return { lowContrast, squeezed }
  }, extra ? `, ${extra}` : '')
  expect({ where, ...found }).toEqual({ where, lowContrast: [], squeezed: [] })
}

test('a department handler signs for a department hand-off, posts progress and answers it; the citizen sees who answered', async () => {
  const id = await submitted('菜场门口排水沟堵塞')
  await api(world.url, STAFF, 'suggestions', 'accept', { id }, rid())
  await api(world.url, STAFF, 'suggestions', 'handOff', { id, target: { kind: 'department', departmentId }, deadline: inDays(10) }, rid())

  await openAs(page, world.url, DEPT, '/pages/mine/index')
  await page.click('[data-testid="go-department"]')
  await page.waitForSelector(`[data-testid="member-queue"] [data-testid="suggestion-card"][data-id="${id}"]`)
  await readsRight('部门办理台')
  await shot(page, 'department-queue')
  await page.click(`[data-testid="suggestion-card"][data-id="${id}"]`)
  await waitStatus('assigned')
  expect(await barActions(page)).toEqual(['claim', 'returnItem'])
  await readsRight('department handler detail')
  await act('claim')
  await waitStatus('claimed')
  await act('progress', async () => { await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '已派养护班组现场疏通。') })
  await page.waitForSelector('[data-testid="progress-item"]')
  await act('reply', async () => {
    await page.locator('[aria-label="采纳情况"] [role="radio"]').filter({ hasText: /^采纳$/ }).click()
    await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '排水沟已疏通并加装格栅。')
  }, true)
  await waitStatus('replied')

  await openAs(page, world.url, CITIZEN, detailPath(id))
  await waitStatus('replied')
  // The rating is asked for where the person looks, not only in the bar.
  await page.waitForSelector('[data-testid="rate-prompt"]')
  expect(await page.textContent('[data-testid="timeline"]')).toContain('（部门办理人）')
  await readsRight('citizen detail, replied')
})

test('staff record a department written reply for it, marked as recorded on its behalf', async () => {
  const id = await submitted('路口信号灯时间太短')
  await api(world.url, STAFF, 'suggestions', 'accept', { id }, rid())
  await api(world.url, STAFF, 'suggestions', 'handOff', { id, target: { kind: 'department', departmentId }, deadline: inDays(10) }, rid())
  await openAs(page, world.url, STAFF, detailPath(id))
  await waitStatus('assigned')
  // Staff of the town, on an item handed to a department: record its reply first, reassign and chase behind 更多.
  expect(await barActions(page)).toEqual(['recordReply', 'reassign', 'chase'])
  await act('recordReply', async () => {
    await page.locator('[aria-label="采纳情况"] [role="radio"]').filter({ hasText: /^部分采纳$/ }).click()
    await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '交警大队书面答复：已延长行人绿灯5秒。')
  }, true)
  await waitStatus('replied')
  expect(await page.textContent('[data-testid="reply-by"]')).toContain('代录')
  expect(await page.textContent('[data-testid="timeline"]')).toContain('录入书面答复')

  // The citizen is not satisfied: the item goes back to the department, whose handler finds it marked 重办 to sign for again.
  await openAs(page, world.url, CITIZEN, detailPath(id))
  await waitStatus('replied')
  await act('rate', async () => {
    await page.locator('[aria-label="评价"] [role="radio"]').filter({ hasText: /^不满意$/ }).click()
    await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '绿灯还是太短，老人过不去。')
  }, true)
  await waitStatus('assigned')
  await openAs(page, world.url, DEPT, '/pages/mine/index')
  await page.click('[data-testid="go-department"]')
  const card = page.locator(`[data-testid="member-queue"] [data-testid="suggestion-card"][data-id="${id}"]`)
  await card.waitFor()
  expect(await card.locator('[data-testid="reopened"]').textContent()).toBe('重办')
  await card.click()
  await waitStatus('assigned')
  expect(await barActions(page)).toEqual(['claim', 'returnItem'])
})

test('a member finds an invitation under 待协商 and comments; once concluded, the consultation shows its plan and takes no comment', async () => {
  const member = await api<{ id: string }>(world.url, MEMBER, 'org', 'me')
  const id = await submitted('社区广场舞噪音扰民')
  await api(world.url, STAFF, 'suggestions', 'accept', { id }, rid())
  await api(world.url, STAFF, 'suggestions', 'openConsultation', { id, deadline: inDays(3), invitedMemberIds: [member.id] }, rid())

  await openAs(page, world.url, MEMBER, '/pages/mine/index')
  await page.waitForSelector('[data-testid="invitations"]')
  await page.click('[data-testid="invitations"]')
  await page.waitForSelector(`[data-testid="member-queue"] [data-testid="suggestion-card"][data-id="${id}"]`)
  expect(await page.locator('[data-testid="member-queue"] [role="tab"][aria-selected="true"]').textContent()).toContain('待协商')
  await readsRight('待协商')
  await page.click(`[data-testid="suggestion-card"][data-id="${id}"]`)
  await waitStatus('consulting')
  await page.locator('[aria-label="您的态度"] [role="radio"]', { hasText: '赞成' }).click()
  await page.fill('[data-testid="comment-text"] textarea', '赞成限定时段和音量。')
  await page.click('[data-testid="comment-submit"]')
  await page.waitForSelector('[data-testid="comment"]')

  await api(world.url, STAFF, 'suggestions', 'concludeConsultation', { id, plan: { actions: '晚上八点半后停止音响', responsibleUnit: '社区居委会', deadline: inDays(20) } }, rid())
  await openAs(page, world.url, MEMBER, detailPath(id))
  await waitStatus('accepted')
  await page.waitForSelector('[data-testid="consultation"][data-closed="true"] [data-testid="plan"]')
  expect(await page.locator('[data-testid="comment-form"]').count()).toBe(0)
  expect(await page.textContent('[data-testid="consultation"]')).toContain('协商结果')
  await readsRight('concluded consultation')
  // The server refuses a late comment too, naming the deadline.
  const late = await fetch(`${world.url}/api/functions/suggestions`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': MEMBER },
    body: JSON.stringify({ data: { action: 'comment', input: { id, text: '补充一句' }, requestId: rid() } }),
  })
  expect((await late.json()).result).toMatchObject({ ok: false, code: 'BAD_TRANSITION' })
})

test('staff record for a resident at a liaison station; the resident takes it over with the card code and rates the reply', async () => {
  await openAs(page, world.url, STAFF, '/pages/submit/index')
  await page.waitForSelector('[data-testid="submit-form"]')
  await page.click('[data-testid="record-for"]')
  await page.fill('[data-testid="record-name"] input', '王阿婆')
  await page.fill('[data-testid="record-phone"] input', '13900007777')
  await page.locator('[aria-label="建议类别"] [role="radio"]', { hasText: '养老服务' }).click()
  await page.locator('[aria-label="所在镇街道"] [role="radio"]', { hasText: place.townName }).click()
  await page.locator('[aria-label="所在村社区"] [role="radio"]', { hasText: place.villageName }).click()
  await page.fill('[data-testid="title"] input', '老年食堂增加送餐')
  await page.fill('[data-testid="content"] textarea', '腿脚不便的老人去不了食堂，希望能送餐上门，每周几次也好。')
  await readsRight('submit, recording for a resident')
  await page.click('[data-testid="submit"]')
  await page.waitForURL(/pages\/detail\/index\?id=/)
  const id = new URL(page.url().replace('#', '')).searchParams.get('id')!
  await page.waitForSelector('[data-testid="takeover-code"]')
  const code = (await page.textContent('[data-testid="takeover-code"]'))!.trim()
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
  await shot(page, 'recorded-for-resident')

  await openAs(page, world.url, RESIDENT, '/pages/mine/index')
  await page.waitForSelector('[data-testid="take-over"]')
  await page.fill('[data-testid="take-over-code"] input', code)
  await page.click('[data-testid="take-over-submit"]')
  await page.waitForURL(new RegExp(`id=${id}`))
  await waitStatus('submitted')

  const me = await api<{ id: string }>(world.url, MEMBER, 'org', 'me')
  await api(world.url, STAFF, 'suggestions', 'accept', { id }, rid())
  await api(world.url, STAFF, 'suggestions', 'handOff', { id, target: { kind: 'member', memberId: me.id }, deadline: inDays(7) }, rid())
  await api(world.url, MEMBER, 'suggestions', 'claim', { id }, rid())
  await api(world.url, MEMBER, 'suggestions', 'reply', { id, text: '社区老年食堂已开通每周三次送餐。', outcome: 'adopted' }, rid())
  await openAs(page, world.url, RESIDENT, detailPath(id))
  await waitStatus('replied')
  await page.click('[data-testid="rate-now"]')
  await page.waitForSelector('[role="dialog"]')
  await page.locator('[aria-label="评价"] [role="radio"]').filter({ hasText: /^满意$/ }).click()
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  await page.locator('.taro-model__confirm').filter({ visible: true }).click()
  await waitStatus('closed')
  // The recorder's list shows it taken over.
  const recorded = await api<{ items: { id: string; takeoverCode?: string; takenOverAt?: string }[] }>(world.url, STAFF, 'suggestions', 'recordedByMe', {})
  expect(recorded.items.find((i) => i.id === id)).toMatchObject({ takenOverAt: expect.any(String) })
})

test('an admin grants a department handler role in 人员与角色, and is refused a village name its town already has', async () => {
  await api(world.url, 'e2e-new-handler', 'org', 'updateProfile', { name: '郑新来', phone: '13900008888' }, rid())
  await openAs(page, world.url, ADMIN, '/packages/admin/pages/index/index')
  await page.waitForSelector('[data-testid="town-card"]')
  await page.locator('[role="tab"]', { hasText: '人员与角色' }).click()
  await page.fill('[data-testid="people-search"] input', '13900008888')
  await page.click('[data-testid="people-search-go"]')
  await page.click('[data-testid="person"][data-name="郑新来"]')
  await page.click('[role="dialog"] [data-role="departmentHandler"]')
  const firstDept = page.locator('[role="dialog"] [data-department]').first()
  const deptName = await firstDept.getAttribute('data-department')
  await firstDept.click()
  await readsRight('roles sheet')
  await page.click('[role="dialog"] [data-testid="roles-save"]')
  await page.waitForSelector('[role="dialog"]', { state: 'detached' })
  await page.locator('[role="tab"]', { hasText: '职能部门' }).click()
  await page.locator(`[data-testid="department-card"][data-name="${deptName}"] [data-testid="department-handlers"]`, { hasText: '郑新来' }).waitFor()

  await page.locator('[role="tab"]', { hasText: '镇街道与村社区' }).click()
  const town = page.locator('[data-testid="town-card"]').first()
  const existing = await town.locator('[data-testid="village"]').first().getAttribute('data-name')
  await town.locator('[data-testid="add-village"]').click()
  await page.fill('[role="dialog"] [data-testid="name-input"] input', existing!)
  await page.click('[role="dialog"] [data-testid="save"]')
  await page.waitForSelector('[role="dialog"] [data-testid="error"][data-code="CONFLICT"]')
  expect(await page.textContent('[role="dialog"] [data-testid="error"]')).toContain(existing!)
})

test('a missing item offers the way home, and large text is used at 1.3×', async () => {
  await openAs(page, world.url, CITIZEN, detailPath('nosuchitem'))
  await page.waitForSelector('[data-testid="go-home"]')
  await openAs(page, world.url, CITIZEN, '/pages/mine/index')
  await page.waitForSelector('[data-testid="large-text"]')
  const normal = await page.$eval('[data-testid="me"]', (e) => parseFloat(getComputedStyle(e).fontSize))
  await page.click('[aria-label="大字模式"]')
  await page.waitForSelector('.page.large-text')
  const large = await page.$eval('[data-testid="me"]', (e) => parseFloat(getComputedStyle(e).fontSize))
  expect(Math.round((large / normal) * 10) / 10).toBe(1.3)
  await readsRight('我的 in large text')
  // Other pages follow the choice.
  await openAs(page, world.url, CITIZEN, '/pages/index/index')
  await page.waitForSelector('.page.large-text')
  await readsRight('首页 in large text')
})

/** Opens a page as `who`, waits for `ready` and for every loading indicator on it to go, then checks it reads right. */
/** The figures' and activities' own labels (chart rows, legends, big numbers, pickers, links), beyond the shared ones. */
const CAPABILITY_LABELS = '.small, .fig-bar-label, .fig-bar-value, .fig-legend, .fig-num, .fig-cell, .fig-rank, .stat-big, .link, .picker, .entry, .empty'

async function visitReadsRight(who: string, hash: string, ready: string, where: string): Promise<void> {
  await openAs(page, world.url, who, hash)
  await page.waitForSelector(ready, { timeout: 30_000 })
  await page.waitForFunction(() => {
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).find((p) => getComputedStyle(p).display !== 'none') ?? document.body
    return !shown.querySelector('[aria-busy="true"]')
  }, undefined, { timeout: 30_000 })
  await readsRight(where, CAPABILITY_LABELS)
}

test('the figures pages read right at 375 px: labels at 4.5:1, no title one character per line', async () => {
  await visitReadsRight(STAFF, '/packages/figures/pages/index/index', '[data-testid="figures-headline"]', '统计 · 总览')
  await visitReadsRight(STAFF, '/packages/figures/pages/members/index', '[data-testid="member-record-row"]', '统计 · 委员履职')
  await visitReadsRight(STAFF, '/packages/figures/pages/report/index', '[data-testid="report-headline"]', '统计 · 年度报告')
  await visitReadsRight(STAFF, '/packages/figures/pages/search/index', '[data-testid="search"]', '统计 · 查找')
  await visitReadsRight(MEMBER, '/packages/figures/pages/record/index', '[data-testid="member-record"] [data-testid="figures-row"]', '我的履职记录')
})

test('the activities pages read right at 375 px: labels at 4.5:1, no title one character per line', async () => {
  await visitReadsRight(CITIZEN, '/packages/activities/pages/list/index', '[data-testid="activity-card"]', '活动 · 列表')
  await page.click('[data-testid="activity-card"]')
  await page.waitForSelector('[data-testid="activity-detail"]', { timeout: 30_000 })
  await readsRight('活动 · 详情（群众）', CAPABILITY_LABELS)
  await visitReadsRight(STAFF, '/packages/activities/pages/list/index', '[data-testid="activity-card"]', '活动 · 列表（工作人员）')
  await page.click('[data-testid="activity-card"]')
  await page.waitForSelector('[data-testid="activity-detail"]', { timeout: 30_000 })
  await readsRight('活动 · 详情（工作人员）', CAPABILITY_LABELS)
  await visitReadsRight(STAFF, '/packages/activities/pages/edit/index', '[data-testid="activity-edit"]', '活动 · 新建')
  await visitReadsRight(STAFF, '/packages/activities/pages/stats/index', '[data-testid="activity-paragraph"]', '活动 · 统计')
  await visitReadsRight(STAFF, '/packages/activities/pages/topics/index', '[data-testid="topics"]', '活动 · 候选议题')
  await visitReadsRight(MEMBER, '/packages/activities/pages/mine/index', '[data-testid="my-activities"]', '活动 · 我的活动')
  await visitReadsRight(ADMIN, '/packages/activities/pages/admin/index', '[data-testid="activity-lists"]', '活动 · 管理')
})

test('a member opens 我的村社区 from 我的 and finds the items of their village, open first', async () => {
  const id = await submitted('村委会门口路面塌陷')
  await openAs(page, world.url, MEMBER, '/pages/mine/index')
  await page.click('[data-testid="go-my-villages"]')
  await page.waitForSelector(`[data-testid="my-village"]:has-text("${place.villageName}")`)
  await page.waitForSelector(`[data-testid="my-villages"] [data-testid="suggestion-card"][data-id="${id}"]`)
  await readsRight('我的村社区')
  await page.locator('[data-testid="my-villages"] [role="tab"]', { hasText: '全部' }).click()
  await page.waitForSelector(`[data-testid="my-villages"] [data-testid="suggestion-card"][data-id="${id}"]`)
})

test('the console stayed clean through every walk above', () => {
  expect(consoleErrors).toEqual([])
})
