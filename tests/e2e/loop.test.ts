// End to end in Chromium against the H5 build and a fresh local CloudBase: the whole 三微 loop across identities,
// the dissatisfied path, what a citizen is offered, and a submit retried after a network failure.
import type { Page } from 'playwright-core'
import { api, barActions, openAs, pngFile, shot, startWorld, tapAction, type World } from './env'

jest.setTimeout(240_000)

const CITIZEN = 'demo-citizen'
const MEMBER = 'demo-member'
const STAFF = 'demo-staff'
const STAFF_COMMANDS = ['approve', 'accept', 'reject', 'merge', 'openConsultation', 'concludeConsultation', 'handOff', 'reassign', 'chase', 'close']

interface Place { townId: string; townName: string; villageId: string; villageName: string }
let world: World
let page: Page
/** The village bound to the seeded member, so a hand-off defaults to them. */
let place: Place

beforeAll(async () => {
  world = await startWorld()
  page = await world.context.newPage()
  const member = await api<{ boundVillageIds: string[] }>(world.url, MEMBER, 'org', 'me')
  const { towns } = await api<{ towns: { id: string; name: string; villages: { id: string; name: string }[] }[] }>(world.url, CITIZEN, 'org', 'towns')
  for (const t of towns) for (const v of t.villages) {
    if (!place && member.boundVillageIds.includes(v.id)) place = { townId: t.id, townName: t.name, villageId: v.id, villageName: v.name }
  }
  if (!place) throw new Error('the seed binds no village to demo-member')
}, 600_000)

afterAll(async () => {
  await world?.close()
})

const detailPath = (id: string) => `/pages/detail/index?id=${id}`

async function waitStatus(status: string) {
  await page.waitForSelector(`[data-testid="detail"][data-status="${status}"]`, { timeout: 20_000 })
}

/** Taps an action in the bar, fills the sheet with `fill`, sends it, and confirms when asked. */
async function act(command: string, fill?: () => Promise<void>, confirm = false) {
  await tapAction(page, command)
  await page.waitForSelector('[role="dialog"]')
  if (fill) await fill()
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  if (confirm) await page.locator('.taro-model__confirm').filter({ visible: true }).click()
  await page.waitForSelector('[role="dialog"]', { state: 'detached', timeout: 20_000 })
}

async function actions(): Promise<string[]> {
  return barActions(page)
}

async function timelineCommands(): Promise<string[]> {
  return page.$$eval('[data-testid="timeline-item"]', (els) => els.map((e) => e.getAttribute('data-command') ?? ''))
}

async function fillSubmitForm(title: string, withPhoto: boolean) {
  await page.waitForSelector('[data-testid="submit-form"]')
  await page.locator('[aria-label="建议类别"] [role="radio"]', { hasText: '交通出行' }).click()
  await page.locator('[aria-label="所在镇街道"] [role="radio"]', { hasText: place.townName }).click()
  await page.locator('[aria-label="所在村社区"] [role="radio"]', { hasText: place.villageName }).click()
  await page.fill('[data-testid="title"] input', title)
  await page.fill('[data-testid="content"] textarea', `${place.villageName}村口的三盏路灯坏了一个多月，晚上老人孩子走路很不安全，希望尽快修好。`)
  if (withPhoto) {
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-testid="add-photo"]')
    await (await chooser).setFiles(pngFile())
    await page.waitForSelector('[data-testid="photo"]')
  }
}

test('the whole loop: submit with a photo → accept → consult → conclude and hand off → claim, progress, reply → rated satisfied and closed', async () => {
  // The citizen's home and the form.
  await openAs(page, world.url, CITIZEN, '/pages/index/index')
  await page.waitForSelector('[data-testid="go-submit"]')
  await shot(page, 'home')
  await openAs(page, world.url, CITIZEN, '/pages/submit/index')
  await fillSubmitForm('村口路灯坏了，晚上太黑', true)
  await shot(page, 'submit')
  // Every control on the form is at least 44 px tall: people tap with thumbs, not cursors.
  const heights = await page.$$eval('[data-testid="submit-form"] :is(taro-button-core, [role="radio"], [role="button"], taro-input-core, taro-textarea-core)',
    (els) => els.map((e) => Math.round(e.getBoundingClientRect().height)))
  expect(heights.length).toBeGreaterThan(10)
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(44)
  await page.click('[data-testid="submit"]')
  await page.waitForURL(/pages\/detail\/index\?id=/)
  const id = new URL(page.url().replace('#', '')).searchParams.get('id')!
  await waitStatus('submitted')
  expect(await page.locator('[data-testid="detail-photo"]').count()).toBe(1)
  await shot(page, 'detail-submitted')

  // Staff, chosen with the identity switcher: the workspace, then 受理 and 发起协商.
  await openAs(page, world.url, CITIZEN, '/pages/mine/index')
  await page.click('[data-testid="dev-switcher"] [data-openid="demo-staff"]')
  await page.waitForSelector('[data-testid="go-staff"]')
  await page.click('[data-testid="go-staff"]')
  await page.waitForSelector(`[data-testid="staff-triage"] [data-testid="suggestion-card"][data-id="${id}"]`)
  await shot(page, 'staff-triage')
  await page.click(`[data-testid="suggestion-card"][data-id="${id}"]`)
  await waitStatus('submitted')
  // Exactly what staff may do with a new item: 受理 first, 不予受理 and 合并 behind 更多.
  expect(await actions()).toEqual(['accept', 'reject', 'merge'])
  await act('accept')
  await waitStatus('accepted')
  // 通知工作群: the notice is stored and sent to the chosen groups; where it went shows in the sheet.
  const notices = async () => ((await (await fetch(`${world.url}/api/emulator/stats`)).json()) as { db: { collections: Record<string, number> } }).db.collections.notices ?? 0
  const before = await notices()
  await page.click('[data-testid="notify-group"]')
  await page.waitForSelector('[role="dialog"]')
  await page.click('[role="dialog"] [data-testid="notice-preview-button"]')
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  await page.waitForSelector('[role="dialog"] [data-testid="delivery"]')
  await page.click('[role="dialog"] [aria-label="关闭"]')
  await page.waitForSelector('[role="dialog"]', { state: 'detached' })
  expect(await notices()).toBe(before + 1)
  await act('openConsultation')
  await waitStatus('consulting')

  // A member comments in the consultation.
  await openAs(page, world.url, MEMBER, detailPath(id))
  await waitStatus('consulting')
  await page.locator('[aria-label="您的态度"] [role="radio"]', { hasText: '赞成' }).click()
  await page.fill('[data-testid="comment-text"] textarea', '赞成尽快修复，建议同时排查全村路灯。')
  await page.click('[data-testid="comment-submit"]')
  await page.waitForSelector('[data-testid="comment"]')
  await shot(page, 'detail-consultation')

  // Staff conclude with a plan and hand off in the same step (the bound member is the default).
  await openAs(page, world.url, STAFF, detailPath(id))
  await waitStatus('consulting')
  await act('concludeConsultation', async () => {
    await page.fill('[data-testid="plan-actions"] textarea', '一周内更换三盏路灯，并排查全村照明。')
    await page.fill('[data-testid="plan-unit"] input', '村委会')
  })
  await waitStatus('assigned')

  // The member claims it, posts progress, and replies 采纳.
  await openAs(page, world.url, MEMBER, '/pages/mine/index')
  await page.click('[data-testid="go-member"]')
  await page.waitForSelector(`[data-testid="member-queue"] [data-testid="suggestion-card"][data-id="${id}"]`)
  await shot(page, 'member-queue')
  await page.click(`[data-testid="suggestion-card"][data-id="${id}"]`)
  await waitStatus('assigned')
  await act('claim')
  await waitStatus('claimed')
  await act('progress', async () => { await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '已联系电工，灯具已采购。') })
  await page.waitForSelector('[data-testid="progress-item"]')
  await act('reply', async () => {
    await page.locator('[aria-label="采纳情况"] [role="radio"]').filter({ hasText: /^采纳$/ }).click()
    await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '三盏路灯已全部更换，全村照明已排查。')
  }, true)
  await waitStatus('replied')

  // The citizen rates it satisfied, and it closes.
  await openAs(page, world.url, CITIZEN, detailPath(id))
  await waitStatus('replied')
  expect(await actions()).toEqual(['rate'])
  await act('rate', async () => { await page.locator('[aria-label="评价"] [role="radio"]').filter({ hasText: /^满意$/ }).click() }, true)
  await waitStatus('closed')
  const steps = await timelineCommands()
  for (const c of ['submit', 'accept', 'openConsultation', 'concludeConsultation', 'claim', 'progress', 'reply', 'rate']) expect(steps).toContain(c)
  expect(await page.textContent('[data-testid="reply"]')).toContain('采纳')
  await shot(page, 'detail-closed')

  await openAs(page, world.url, CITIZEN, '/pages/mine/index')
  await page.waitForSelector('[data-testid="me"]')
  await shot(page, 'mine')
  // The old 统计台账 route lands on the figures.
  await openAs(page, world.url, STAFF, '/packages/staff/pages/ledger/index')
  await page.waitForSelector('[data-testid="figures-headline"]')
  await shot(page, 'ledger')
})

/** Moves a fresh item to 'replied' through the gateway (the UI path is covered above). */
async function itemRepliedByApi(title: string): Promise<string> {
  let n = 0
  const rid = () => `e2e-${Date.now()}-${++n}`
  const { id } = await api<{ id: string }>(world.url, CITIZEN, 'suggestions', 'submit', {
    category: 'environment', townId: place.townId, villageId: place.villageId, title, content: '河道边垃圾堆积很久了，气味很大，希望清理。', images: [], anonymous: false,
  }, rid())
  const me = await api<{ id: string }>(world.url, MEMBER, 'org', 'me')
  await api(world.url, STAFF, 'suggestions', 'accept', { id }, rid())
  await api(world.url, STAFF, 'suggestions', 'handOff', { id, target: { kind: 'member', memberId: me.id }, deadline: new Date(Date.now() + 7 * 86400e3).toISOString() }, rid())
  await api(world.url, MEMBER, 'suggestions', 'claim', { id }, rid())
  await api(world.url, MEMBER, 'suggestions', 'reply', { id, text: '已安排保洁清理。', outcome: 'partlyAdopted' }, rid())
  return id
}

test('a dissatisfied rating reopens the item for the handler', async () => {
  const id = await itemRepliedByApi('河道边垃圾没人清理')
  await openAs(page, world.url, CITIZEN, detailPath(id))
  await waitStatus('replied')
  await act('rate', async () => {
    await page.locator('[aria-label="评价"] [role="radio"]').filter({ hasText: /^不满意$/ }).click()
    await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '只清理了一半，另一边还堆着。')
  }, true)
  await waitStatus('claimed')
  expect(await page.textContent('[data-testid="detail"]')).toContain('重办 1 次')
  expect(await timelineCommands()).toContain('rate')
  // The handler has it back in progress, with reply and progress offered again.
  await openAs(page, world.url, MEMBER, detailPath(id))
  await waitStatus('claimed')
  expect(await actions()).toEqual(['reply', 'returnItem', 'progress'])
})

test('a citizen is never offered staff actions, nor the workspaces', async () => {
  const { id } = await api<{ id: string }>(world.url, STAFF, 'suggestions', 'submit', {
    category: 'safety', townId: place.townId, villageId: place.villageId, title: '学校门口需要减速带', content: '上下学时车速太快，孩子过马路很危险。', images: [], anonymous: true,
  }, `e2e-cit-${Date.now()}`)
  await openAs(page, world.url, CITIZEN, detailPath(id))
  await waitStatus('submitted')
  // Not the author, not staff: nothing in the bar (commenting and 附议 are in the thread).
  const offered = await actions()
  expect(offered).toEqual([])
  for (const c of STAFF_COMMANDS) expect(offered).not.toContain(c)
  expect(await page.locator('[data-testid="notify-group"]').count()).toBe(0)
  await openAs(page, world.url, CITIZEN, '/pages/mine/index')
  await page.waitForSelector('[data-testid="me"]')
  expect(await page.locator('[data-testid="workspaces"]').count()).toBe(0)
  // Opening the staff workspace by its address gets a refusal, not the list.
  await openAs(page, world.url, CITIZEN, '/packages/staff/pages/triage/index')
  await page.waitForSelector('[data-testid="error"]')
  expect(await page.locator('[data-testid="suggestion-card"]').count()).toBe(0)
})

test('a network failure mid-submit, retried, makes one suggestion', async () => {
  const title = `路口积水严重 ${Date.now().toString(36)}`
  const sent: string[] = []
  let aborted = false
  await page.route('**/api/functions/suggestions', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { data?: { action?: string; requestId?: string } }
    if (body.data?.action === 'submit') {
      sent.push(body.data.requestId ?? '')
      // The worst case: the server did the work, but the answer is lost on the way back.
      if (!aborted) { aborted = true; await route.fetch(); return route.abort('connectionreset') }
    }
    return route.continue()
  })
  try {
    await openAs(page, world.url, CITIZEN, '/pages/submit/index')
    await fillSubmitForm(title, false)
    await page.click('[data-testid="submit"]')
    await page.waitForSelector('[data-testid="error"][data-code="NETWORK"]')
    await shot(page, 'submit-network-error')
    await page.click('[data-testid="submit"]')
    await page.waitForURL(/pages\/detail\/index\?id=/)
  } finally {
    await page.unroute('**/api/functions/suggestions')
  }
  expect(sent).toHaveLength(2)
  expect(sent[1]).toBe(sent[0])
  const mine = await api<{ items: { title: string }[] }>(world.url, CITIZEN, 'suggestions', 'mine', { family: 'triage' })
  expect(mine.items.filter((i) => i.title === title)).toHaveLength(1)
})

test('an admin adds a village to a town and binds a member to it', async () => {
  const name = `新村${Date.now().toString(36).slice(-4)}`
  await openAs(page, world.url, 'demo-admin', '/pages/mine/index')
  await page.click('[data-testid="go-admin"]')
  const town = page.locator('[data-testid="town-card"]').first()
  await town.waitFor()
  await shot(page, 'admin')
  await town.locator('[data-testid="add-village"]').click()
  await page.fill('[role="dialog"] [data-testid="name-input"] input', name)
  await page.click('[role="dialog"] [data-testid="save"]')
  await page.waitForSelector(`[data-testid="village"][data-name="${name}"]`)

  await page.locator('[role="tab"]', { hasText: '委员挂钩' }).click()
  await page.click(`[data-testid="binding-village"][data-name="${name}"]`)
  const member = page.locator('[role="dialog"] [data-testid="binding-member"]').first()
  const memberName = await member.getAttribute('data-name')
  await page.fill('[role="dialog"] [data-testid="member-search"] input', memberName!)
  await page.locator('[role="dialog"] [data-testid="binding-member"]').first().click()
  // The binding is confirmed, naming the villages the member already holds.
  const confirm = page.locator('.taro-model__confirm').filter({ visible: true })
  expect(await page.locator('.taro-modal__content').filter({ visible: true }).textContent()).toContain(memberName!)
  await confirm.click()
  await page.waitForSelector('[role="dialog"]', { state: 'detached' })
  await page.locator(`[data-testid="binding-village"][data-name="${name}"]`, { hasText: memberName! }).waitFor()
  const { towns } = await api<{ towns: { villages: { name: string; boundMemberName?: string }[] }[] }>(world.url, CITIZEN, 'org', 'towns')
  expect(towns.flatMap((t) => t.villages).find((v) => v.name === name)?.boundMemberName).toBe(memberName)
})

test('staff chase and reassign a handed-off item, and turn another down with a reason', async () => {
  let n = 0
  const rid = () => `e2e-st-${Date.now()}-${++n}`
  const submit = async (title: string) => (await api<{ id: string }>(world.url, CITIZEN, 'suggestions', 'submit', {
    category: 'publicService', townId: place.townId, villageId: place.villageId, title, content: '社区服务中心周末不开门，上班族办事很不方便。', images: [], anonymous: false,
  }, rid())).id
  const handed = await submit('服务中心周末能否开门')
  const me = await api<{ id: string }>(world.url, MEMBER, 'org', 'me')
  await api(world.url, STAFF, 'suggestions', 'accept', { id: handed }, rid())
  await api(world.url, STAFF, 'suggestions', 'handOff', { id: handed, target: { kind: 'member', memberId: me.id }, deadline: new Date(Date.now() + 5 * 86400e3).toISOString() }, rid())

  await openAs(page, world.url, STAFF, detailPath(handed))
  await waitStatus('assigned')
  await act('chase', async () => { await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '请尽快认领办理。') })
  await page.waitForSelector('[data-testid="handoff"]:has-text("已督办 1 次")')
  await act('reassign', async () => {
    await page.locator('[aria-label="办理方类型"] [role="radio"]', { hasText: '界别活动组' }).click()
    await page.locator('[aria-label="办理方"] [role="radio"]').first().click()
  })
  // Reassigning keeps the status (assigned → assigned): wait for the new event, not for a status change.
  await page.waitForSelector('[data-testid="timeline-item"][data-command="reassign"]', { timeout: 20_000 })
  await waitStatus('assigned')
  expect(await timelineCommands()).toEqual(expect.arrayContaining(['chase', 'reassign']))
  expect(await page.textContent('[data-testid="handoff"]')).toContain('活动组')

  const turnedDown = await submit('希望小区装充电桩')
  await openAs(page, world.url, STAFF, detailPath(turnedDown))
  await waitStatus('submitted')
  // 再想想: a refused confirmation sends nothing and changes nothing — same status, no new event.
  const before = await api<{ status: string; timeline: unknown[] }>(world.url, STAFF, 'suggestions', 'detail', { id: turnedDown })
  const sentActions: string[] = []
  const watch = (r: { url(): string; postData(): string | null }) => {
    if (r.url().includes('/api/functions/suggestions')) sentActions.push((JSON.parse(r.postData() ?? '{}') as { data?: { action?: string } }).data?.action ?? '')
  }
  page.on('request', watch)
  await tapAction(page, 'reject')
  await page.waitForSelector('[role="dialog"]')
  await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '先拒绝试试')
  await page.click('[role="dialog"] [data-testid="action-submit"]')
  await page.locator('.taro-model__cancel').filter({ visible: true }).click()
  // The sheet stays open with what was typed, for the person to change their mind again.
  expect(await page.inputValue('[role="dialog"] [data-testid="action-text"] textarea')).toBe('先拒绝试试')
  await page.click('[role="dialog"] [aria-label="关闭"]')
  await page.waitForSelector('[role="dialog"]', { state: 'detached' })
  page.off('request', watch)
  expect(sentActions).not.toContain('reject')
  await waitStatus('submitted')
  const after = await api<{ status: string; timeline: unknown[] }>(world.url, STAFF, 'suggestions', 'detail', { id: turnedDown })
  expect([after.status, after.timeline.length]).toEqual(['submitted', before.timeline.length])
  expect(await timelineCommands()).not.toContain('reject')
  await act('reject', async () => { await page.fill('[role="dialog"] [data-testid="action-text"] textarea', '属于物业管理事项，已转告物业。') }, true)
  await waitStatus('rejected')
  await openAs(page, world.url, CITIZEN, detailPath(turnedDown))
  await waitStatus('rejected')
  expect(await page.textContent('[data-testid="timeline"]')).toContain('属于物业管理事项')
  expect(await actions()).toEqual([])
})
