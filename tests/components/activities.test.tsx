// The 请你来协商 staff screens as staff meet them: the activity form (create, and an edit that sends only what changed),
// the member picker (search, page, invite, remove), photos at conclusion (uploaded once, even when the conclusion is
// retried), the live count refreshing while sign-in is open, the sign-in page, and the evaluation scores by kind and town.
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import EditActivity from '@/packages/activities/pages/edit/index'
import ActivityDetailPage from '@/packages/activities/pages/detail/index'
import SignInPage from '@/packages/activities/pages/signin/index'
import ActivityStats from '@/packages/activities/pages/stats/index'
import { MemberPicker, type Picked } from '@/packages/activities/MemberPicker'
import type { ActivityDetail, SignInState } from '@/domain/activities/api'
import { ApiError } from '@/api/errors'
import { send } from '@/api/transport'
import { mount as mountUi, type Mounted } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))
jest.mock('../../src/api/transport', () => ({ send: jest.fn() }))

const sendMock = send as jest.MockedFunction<typeof send>
const routerMock = useRouter as jest.Mock
const T = Taro as unknown as {
  redirectTo: jest.Mock; chooseImage: jest.Mock; compressImage: jest.Mock; cloud: { uploadFile: jest.Mock }
}

type Data = { action: string; input: Record<string, unknown>; requestId?: string }
type Handler = (d: Data) => unknown

const TOWNS = { towns: [{ id: 't1', name: '当湖街道', villages: [{ id: 'v1', name: '东湖社区' }, { id: 'v2', name: '南门社区' }] }] }
const LISTS = {
  kinds: [{ id: 'six', name: '“6”', order: 1 }, { id: 'forum', name: '民生议事堂', order: 2 }, { id: 'old', name: '旧类型', order: 3, retired: true }],
  criteria: [{ id: 'topic', name: '选题', order: 1 }],
}
const DEPARTMENTS = { departments: [{ id: 'd1', name: '住建局' }, { id: 'd2', name: '交警大队' }] }
const MEMBERS = [{ id: 'm1', name: '张明', sector: '经济界' }, { id: 'm2', name: '李华', sector: '教育界' }, { id: 'm3', name: '王芳', sector: '' }]

/** Every call the screens made, in order: [function, action, input, requestId]. */
let calls: [string, string, Record<string, unknown>, string | undefined][]
function answer(handlers: Record<string, Handler>) {
  sendMock.mockImplementation(async (fn, data) => {
    const d = data as Data
    calls.push([fn, d.action, d.input, d.requestId])
    const h = handlers[d.action] ?? handlers[`${fn}.${d.action}`]
    if (!h) return { ok: true, data: {} }
    return { ok: true, data: await h(d) }
  })
}
const sent = (action: string) => calls.filter((c) => c[1] === action)
const orgDefaults: Record<string, Handler> = {
  towns: () => TOWNS,
  departments: () => DEPARTMENTS,
  sectorGroups: () => ({ groups: [] }),
  members: () => ({ members: MEMBERS, nextCursor: null }),
  lists: () => LISTS,
}

function detail(over: Partial<ActivityDetail> = {}): ActivityDetail {
  return {
    id: 'a1', kind: 'forum', kindName: '民生议事堂', topic: '民生议事堂：老旧小区加装电梯', startAt: '2026-12-01T01:30:00.000Z', endAt: '2026-12-01T03:30:00.000Z',
    townId: 't1', townName: '当湖街道', villageName: '东湖社区', venue: '东湖社区文化家园', status: 'published', participantTimes: 0, registeredCount: 0, cap: null,
    description: '邀请住建局现场答复加装电梯的补贴政策。', organiser: { kind: 'town', id: 't1', name: '当湖街道' },
    invitedMembers: [{ id: 'm1', name: '张明' }], invitedDepartments: [{ id: 'd1', name: '住建局' }], registration: { open: true, cap: null },
    registered: false, signedIn: false, satisfactionAnswered: false,
    signIns: { members: 0, citizens: 0, departments: 0 }, walkIns: { members: 0, citizens: 0, departments: 0, names: [] },
    participants: { members: 0, citizens: 0, departments: 0, total: 0 },
    agreedItems: [], raised: [], topics: [], evaluation: { count: 0, byCriterion: [], overall: null, mine: false },
    satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, timeline: [], actions: ['update', 'publish', 'cancel'],
    signInPath: 'packages/activities/pages/signin/index?scene=a%3Da1',
    ...over,
  }
}

// Every screen is unmounted after its test, failed or not, so that nothing it left running answers the next test's calls.
let mounted: Mounted[] = []
const mount: typeof mountUi = async (ui) => {
  const m = await mountUi(ui)
  mounted.push(m)
  return m
}
afterEach(() => {
  for (const m of mounted) m.unmount()
  mounted = []
})

const field = (m: Mounted, testId: string) => m.q(`[data-testid="${testId}"]`)
const chip = (m: Mounted, label: string, text: string) =>
  Array.from(m.container.querySelectorAll(`[aria-label="${label}"] [role="radio"]`)).find((e) => e.textContent === text) ?? null

beforeEach(() => {
  calls = []
  sendMock.mockReset()
  routerMock.mockReturnValue({ params: {} })
  T.redirectTo.mockClear()
})

describe('the activity form', () => {
  test('a new activity is sent with the kind chosen, times read as UTC+8, the town’s first village, the invited members and departments, and the cap', async () => {
    answer({ ...orgDefaults, create: () => ({ id: 'new1', status: 'draft' }) })
    const m = await mount(<EditActivity />)
    await m.waitFor(() => !!chip(m, '活动类型', '民生议事堂') && m.text().includes('交警大队') && !m.text().includes('选择镇街道'))
    // A retired kind is not offered.
    expect(chip(m, '活动类型', '旧类型')).toBeNull()
    await m.click(chip(m, '活动类型', '民生议事堂'))
    await m.type(m.q('[data-testid="edit-topic"]'), '民生议事堂：菜市场周边停车')
    await m.type(m.q('[data-testid="edit-description"]'), '邀请交警和摊户代表协商菜市场周边停车。')
    await m.type(m.q('[data-testid="edit-start"]'), '2026-12-01 09:30')
    await m.type(m.q('[data-testid="edit-end"]'), '2026-12-01 11:30')
    await m.type(m.q('[data-testid="edit-venue"]'), '农贸市场二楼会议室')
    await m.waitFor(() => m.qa('[data-testid="member-option"]').length === 3)
    await m.click(m.qa('[data-testid="member-option"]').find((e) => e.textContent?.startsWith('张明'))!)
    await m.click(m.qa('[role="checkbox"]').find((e) => e.textContent === '交警大队')!)
    await m.type(m.q('input[aria-label="报名上限"]'), '30')
    await m.click(field(m, 'edit-save'))
    await m.waitFor(() => T.redirectTo.mock.calls.length === 1)
    expect(sent('create').map((c) => c[2])).toEqual([{
      kind: 'forum', topic: '民生议事堂：菜市场周边停车', description: '邀请交警和摊户代表协商菜市场周边停车。',
      startAt: '2026-12-01T01:30:00.000Z', endAt: '2026-12-01T03:30:00.000Z', venue: '农贸市场二楼会议室', organiser: { kind: 'town', id: 't1' },
      invitedMemberIds: ['m1'], invitedDepartmentIds: ['d2'], registration: { open: true, cap: 30 }, townId: 't1', villageId: 'v1',
    }])
    expect(sent('create')[0][3]).toBeTruthy()
    expect(T.redirectTo.mock.calls[0][0]).toEqual({ url: '/packages/activities/pages/detail/index?id=new1' })
  })

  test('a time not written as 2026-12-01 09:30 is explained and nothing is sent', async () => {
    answer({ ...orgDefaults })
    const m = await mount(<EditActivity />)
    await m.waitFor(() => !!chip(m, '活动类型', '“6”') && !m.text().includes('选择镇街道'))
    await m.type(m.q('[data-testid="edit-topic"]'), '“6”：河道保洁')
    await m.type(m.q('[data-testid="edit-start"]'), '12月1日上午')
    await m.type(m.q('[data-testid="edit-end"]'), '2026-12-01 11:30')
    await m.click(field(m, 'edit-save'))
    expect(m.text()).toContain('时间格式应为 2026-12-01 09:30')
    expect(sent('create')).toEqual([])
  })

  test('editing shows the activity as it is and sends only what changed', async () => {
    routerMock.mockReturnValue({ params: { id: 'a1' } })
    answer({ ...orgDefaults, detail: () => detail(), update: () => ({ id: 'a1', status: 'published' }) })
    const m = await mount(<EditActivity />)
    await m.waitFor(() => (m.q('[data-testid="edit-topic"]') as HTMLInputElement).value === '民生议事堂：老旧小区加装电梯')
    // Its time in UTC+8, its invited member, its village.
    expect((m.q('[data-testid="edit-start"]') as HTMLInputElement).value).toBe('2026-12-01 09:30')
    expect(m.qa('[data-testid="invited-member"]').map((e) => e.textContent)).toEqual(['张明 ×'])
    await m.waitFor(() => m.q('[data-testid="edit-village"]')?.textContent === '东湖社区 ▾')
    await m.type(m.q('[data-testid="edit-topic"]'), '民生议事堂：老旧小区加装电梯（第二场）')
    await m.click(field(m, 'edit-save'))
    await m.waitFor(() => T.redirectTo.mock.calls.length === 1)
    expect(sent('update').map((c) => c[2])).toEqual([{ id: 'a1', topic: '民生议事堂：老旧小区加装电梯（第二场）' }])
    expect(sent('create')).toEqual([])
  })
})

describe('the member picker', () => {
  function Host({ initial = [] as Picked[] }) {
    const [v, setV] = useState<Picked[]>(initial)
    return <MemberPicker value={v} onChange={setV} />
  }
  const options = (m: Mounted) => m.qa('[data-testid="member-option"]').map((e) => e.textContent)
  const invited = (m: Mounted) => m.qa('[data-testid="invited-member"]').map((e) => e.textContent)

  test('lists members page by page, searches by name, invites and removes', async () => {
    answer({
      members: (d) => {
        if (d.input.q === '李') return { members: [MEMBERS[1]], nextCursor: null }
        if (d.input.cursor === 'c2') return { members: [MEMBERS[2]], nextCursor: null }
        return { members: MEMBERS.slice(0, 2), nextCursor: 'c2' }
      },
    })
    const m = await mount(<Host />)
    await m.waitFor(() => options(m).length === 2)
    expect(options(m)).toEqual(['张明·经济界', '李华·教育界'])
    expect(m.text()).toContain('尚未邀请委员')
    // The next page is added below the first.
    await m.click(field(m, 'member-more'))
    await m.waitFor(() => options(m).length === 3)
    expect(options(m)).toEqual(['张明·经济界', '李华·教育界', '王芳'])
    expect(field(m, 'member-more')).toBeNull()
    expect(sent('members').map((c) => c[2])).toEqual([{}, { cursor: 'c2' }])
    // A search replaces the list.
    await m.type(field(m, 'member-search'), '李')
    await m.waitFor(() => options(m).length === 1)
    expect(sent('members').map((c) => c[2])).toEqual([{}, { cursor: 'c2' }, { q: '李' }])
    // Invited: on top, and no longer offered; tapped again: removed.
    await m.click(m.qa('[data-testid="member-option"]')[0])
    expect(invited(m)).toEqual(['李华 ×'])
    expect(options(m)).toEqual([])
    await m.click(m.qa('[data-testid="invited-member"]')[0])
    expect(invited(m)).toEqual([])
    expect(options(m)).toEqual(['李华·教育界'])
  })

  test('a search that finds nobody says so', async () => {
    answer({ members: (d) => (d.input.q ? { members: [], nextCursor: null } : { members: MEMBERS, nextCursor: null }) })
    const m = await mount(<Host initial={[{ id: 'm1', name: '张明' }]} />)
    await m.waitFor(() => options(m).length === 2)
    await m.type(field(m, 'member-search'), '赵')
    await m.waitFor(() => m.text().includes('没有找到委员'))
    expect(invited(m)).toEqual(['张明 ×'])
  })
})

describe('running an activity', () => {
  test('photos at conclusion are compressed, uploaded under activities/ once, and sent in order — a retried conclusion does not upload again', async () => {
    routerMock.mockReturnValue({ params: { id: 'a1' } })
    T.chooseImage.mockResolvedValueOnce({ tempFilePaths: ['wxfile://one.jpg', 'wxfile://two.jpg'], tempFiles: [] })
    T.compressImage.mockImplementation(async ({ src }: { src: string }) => ({ tempFilePath: `${src}.small` }))
    T.cloud.uploadFile.mockReset()
    T.cloud.uploadFile.mockImplementation(async ({ cloudPath }: { cloudPath: string }) => ({ fileID: `cloud://env.local/${cloudPath}` }))
    let concluded = 0
    answer({
      ...orgDefaults,
      detail: () => detail({ status: concluded ? 'concluded' : 'held', actions: concluded ? [] : ['addWalkIns', 'conclude'] }),
      conclude: () => {
        // The first answer is lost on the way back: the person taps again.
        if (concluded++ === 0) throw new ApiError('NETWORK')
        return { id: 'a1', status: 'concluded', agreedItemIds: [] }
      },
    })
    const m = await mount(<ActivityDetailPage />)
    await m.waitFor(() => !!field(m, 'act-conclude'))
    await m.click(field(m, 'act-conclude'))
    await m.click(field(m, 'conclude-add-photo'))
    await m.waitFor(() => m.qa('[data-testid="conclude-photo"]').length === 2)
    expect(m.qa('[data-testid="conclude-photo"]').map((e) => e.getAttribute('src'))).toEqual(['wxfile://one.jpg.small', 'wxfile://two.jpg.small'])
    await m.type(m.q('[data-testid="conclude-minutes"]'), '住建局现场答复：年内完成两个小区加装电梯。')
    await m.click(field(m, 'conclude-submit'))
    await m.waitFor(() => sent('conclude').length === 1 && m.text().includes('网络'))
    await m.click(field(m, 'conclude-submit'))
    await m.waitFor(() => m.q('[data-testid="activity-detail"]')?.getAttribute('data-status') === 'concluded')

    expect(T.cloud.uploadFile).toHaveBeenCalledTimes(2)
    const uploads = T.cloud.uploadFile.mock.calls.map((c) => c[0] as { cloudPath: string; filePath: string })
    expect(uploads.map((u) => u.filePath)).toEqual(['wxfile://one.jpg.small', 'wxfile://two.jpg.small'])
    for (const u of uploads) expect(u.cloudPath).toMatch(/^activities\/\d{8}\/[a-z0-9]+-[a-z0-9]+\.jpg$/)
    const conclusions = sent('conclude')
    expect(conclusions).toHaveLength(2)
    const photos = uploads.map((u) => `cloud://env.local/${u.cloudPath}`)
    for (const c of conclusions) expect(c[2]).toEqual({ id: 'a1', minutes: '住建局现场答复：年内完成两个小区加装电梯。', photos, agreedItems: [] })
    // The same intent: the same request id, so the server concludes once.
    expect(conclusions[1][3]).toBe(conclusions[0][3])
  })

  test('an agreed item added before the departments arrive takes the first one when they do, and is sent with it', async () => {
    routerMock.mockReturnValue({ params: { id: 'a1' } })
    let arrive: () => void = () => undefined
    const departments = new Promise<void>((resolve) => { arrive = resolve })
    answer({
      ...orgDefaults,
      departments: async () => { await departments; return DEPARTMENTS },
      detail: () => detail({ status: 'held', actions: ['addWalkIns', 'conclude'] }),
      conclude: () => ({ id: 'a1', status: 'concluded', agreedItemIds: ['s1'] }),
    })
    const m = await mount(<ActivityDetailPage />)
    await m.waitFor(() => !!field(m, 'act-conclude'))
    await m.click(field(m, 'act-conclude'))
    await m.click(field(m, 'agreed-add'))
    expect(field(m, 'agreed-department')?.textContent).toBe('选择责任部门 ▾')
    await m.act(() => { arrive() })
    await m.waitFor(() => field(m, 'agreed-department')?.textContent === '住建局 ▾')
    await m.type(m.q('[data-testid="conclude-minutes"]'), '住建局现场答复。')
    await m.type(m.q('[data-testid="agreed-title"]'), '年内完成两个小区加装电梯')
    await m.type(m.q('[data-testid="agreed-deadline"]'), '2026-12-31')
    await m.click(field(m, 'conclude-submit'))
    await m.waitFor(() => sent('conclude').length === 1)
    expect(sent('conclude')[0][2]).toEqual({
      id: 'a1', minutes: '住建局现场答复。', photos: [],
      agreedItems: [{ title: '年内完成两个小区加装电梯', category: 'publicService', target: { kind: 'department', departmentId: 'd1' }, deadline: '2026-12-31T10:00:00.000Z' }],
    })
  })

  describe('the live count', () => {
    // Only the page's interval is faked; the renderer's own waits run on real time.
    beforeEach(() => { jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'Date', 'performance', 'hrtime'] }) })
    afterEach(() => { jest.useRealTimers() })
    const tick = (m: Mounted, ms: number) => m.act(() => { jest.advanceTimersByTime(ms) })

    test('refreshes every 5 s while sign-in is open, pauses while a form is open, and stops once the activity is concluded', async () => {
      routerMock.mockReturnValue({ params: { id: 'a1' } })
      let status: ActivityDetail['status'] = 'held'
      let scanned = 3
      answer({
        ...orgDefaults,
        detail: () => detail({
          status, actions: status === 'held' ? ['addWalkIns', 'conclude'] : [],
          signIns: { members: 0, citizens: scanned, departments: 0 }, participants: { members: 0, citizens: scanned, departments: 0, total: scanned },
        }),
      })
      const m = await mount(<ActivityDetailPage />)
      const total = () => m.q('[data-testid="participants-total"]')?.textContent
      await m.waitFor(() => total() === '参加人次 3')
      expect(m.text()).toContain('签到进行中，人数自动刷新')
      scanned = 7
      await tick(m, 4999)
      expect(sent('detail')).toHaveLength(1)
      await tick(m, 1)
      await m.waitFor(() => total() === '参加人次 7')
      expect(sent('detail')).toHaveLength(2)
      // Recording walk-ins: no refresh under the open form.
      await m.click(field(m, 'act-walkins'))
      scanned = 9
      await tick(m, 15_000)
      expect(sent('detail')).toHaveLength(2)
      await m.click(m.q('[aria-label="关闭"]'))
      await tick(m, 5000)
      await m.waitFor(() => total() === '参加人次 9')
      expect(sent('detail')).toHaveLength(3)
      // Concluded: the count is frozen and nobody asks again.
      status = 'concluded'
      await tick(m, 5000)
      await m.waitFor(() => m.q('[data-testid="activity-detail"]')?.getAttribute('data-status') === 'concluded')
      const asked = sent('detail').length
      await tick(m, 30_000)
      expect(sent('detail')).toHaveLength(asked)
      expect(m.text()).not.toContain('签到进行中，人数自动刷新')
      })

    test('the sign-in page refreshes until the person has signed in, then shows the answer without asking again', async () => {
      routerMock.mockReturnValue({ params: { scene: encodeURIComponent('a=a1') } })
      const state = (over: Partial<SignInState> = {}): SignInState => ({
        id: 'a1', topic: '民生议事堂：老旧小区加装电梯', status: 'held', startAt: '2026-12-01T01:30:00.000Z', venue: '东湖社区文化家园', townId: 't1', townName: '当湖街道',
        signedIn: false, satisfactionAnswered: false, total: 12, canRaise: false, ...over,
      })
      let total = 12
      answer({ signInState: () => state({ total }), signIn: () => ({ id: 'a1', already: false, group: 'citizens' }) })
      const m = await mount(<SignInPage />)
      await m.waitFor(() => m.q('[data-testid="signin-total"]')?.textContent === '已有 12 人次参加')
      total = 14
      await tick(m, 5000)
      await m.waitFor(() => m.q('[data-testid="signin-total"]')?.textContent === '已有 14 人次参加')
      expect(sent('signInState').map((c) => c[2])).toEqual([{ id: 'a1' }, { id: 'a1' }])
      await m.click(field(m, 'signin-button'))
      await m.waitFor(() => !!field(m, 'signin-done'))
      // The count the page had, and this person.
      expect(field(m, 'signin-note')?.textContent).toBe('签到成功')
      expect(m.q('[data-testid="signin-total"]')?.textContent).toBe('已有 15 人次参加')
      // Signed in: the suggestion form is there, the button is gone, and the page no longer asks.
      expect(field(m, 'raise-form')).not.toBeNull()
      expect(field(m, 'signin-button')).toBeNull()
      await tick(m, 60_000)
      expect(sent('signInState')).toHaveLength(2)
      })
  })
})

describe('the statistics', () => {
  test('evaluation scores by kind and by town: each criterion’s average and how many scored it, — where nobody did', async () => {
    const criteria = [{ criterionId: 'topic', name: '选题', average: 4.5, n: 2 }, { criterionId: 'satisfaction', name: '群众满意', average: 4, n: 2 }]
    answer({
      towns: () => TOWNS,
      figures: () => ({
        activities: 3, byKind: [], participantTimes: { members: 0, citizens: 0, departments: 0, total: 0 }, raised: 0, raisedAdopted: 0,
        agreedItems: { total: 0, answered: 0, onTime: 0, overdue: 0, onTimeRate: { num: 0, den: 0 } }, satisfaction: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 },
        byTown: [], suggestions: { total: 0, adopted: 0 }, paragraph: '共开展‘请你来协商’活动3场。',
        evaluation: {
          byCriterion: criteria, overall: 4.25,
          byKind: [
            { kind: 'six', name: '“6”', average: 4.25, n: 4, byCriterion: [{ criterionId: 'topic', average: 4.5, n: 2 }, { criterionId: 'satisfaction', average: 4, n: 2 }] },
            { kind: 'forum', name: '民生议事堂', average: null, n: 0, byCriterion: [{ criterionId: 'topic', average: null, n: 0 }, { criterionId: 'satisfaction', average: null, n: 0 }] },
          ],
          byTown: [
            { townId: 't1', townName: '当湖街道', average: 4.25, n: 4, byCriterion: [{ criterionId: 'topic', average: 4.5, n: 2 }, { criterionId: 'satisfaction', average: 4, n: 2 }] },
          ],
        },
      }),
    })
    const m = await mount(<ActivityStats />)
    await m.waitFor(() => !!field(m, 'scores-by-kind'))
    const lines = (testId: string) => m.qa(`[data-testid="${testId}"] [data-testid="score-line"]`).map((e) => e.textContent)
    expect(lines('scores-by-kind')).toEqual([
      '“6”平均 4.25 分选题 4.5（2 份） · 群众满意 4（2 份）',
      '民生议事堂—选题 — · 群众满意 —',
    ])
    expect(lines('scores-by-town')).toEqual(['当湖街道平均 4.25 分选题 4.5（2 份） · 群众满意 4（2 份）'])
  })
})
