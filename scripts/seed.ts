// npm run seed -- --url http://127.0.0.1:8080 — a demo county (平湖市) built by running the product's own commands.
// The seed runs the server's command layer in this process against the local CloudBase through the real SDK (selected by
// environment variables, as in a function), acting as the demo admin, staff, members and citizens. Every document is one
// the commands produce — with timelines, comments, outbox rows and counters — and times are set in the past so the demo
// has history (overdue items, replies waiting for a rating). It only seeds an empty database.
import type { Category, HandOffTarget, Id, Role } from '../src/domain/types'
import type { ActorContext } from '../src/domain/permissions'
import { isDomainError } from '../src/domain/commands'
import type { Caller } from '../server/identity'

export interface DemoIdentities { citizen: string; member: string; staff: string; admin: string; department: string }
export const DEMO: DemoIdentities = { citizen: 'demo-citizen', member: 'demo-member', staff: 'demo-staff', admin: 'demo-admin', department: 'demo-dept' }

// ---- the county ----

const TOWNS: { name: string; kind: '街道' | '镇' }[] = [
  { name: '当湖街道', kind: '街道' }, { name: '钟埭街道', kind: '街道' }, { name: '曹桥街道', kind: '街道' },
  { name: '乍浦镇', kind: '镇' }, { name: '新埭镇', kind: '镇' }, { name: '新仓镇', kind: '镇' }, { name: '黄姑镇', kind: '镇' },
  { name: '广陈镇', kind: '镇' }, { name: '林埭镇', kind: '镇' }, { name: '独山港镇', kind: '镇' },
]
const PLACE_STEMS = [
  '东湖', '西湖', '南市', '北门', '金桥', '新华', '梅园', '杨家', '徐埭', '虹霓', '白马', '青莲', '九龙', '三叉', '大齐', '五丰',
  '联丰', '和平', '前港', '后港', '秀溪', '黄山', '雅山', '天妃', '海塘', '华严', '龙萌', '泗泾', '民主', '胜利', '友谊', '建设',
  '长安', '永安', '兴旺', '红光', '星火', '新港', '全塘', '钟溪', '曹兑', '林家', '广陈', '山塘', '港中', '前进', '沈家', '姚浜',
]
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = ['建华', '丽娟', '国强', '秀英', '志明', '海燕', '卫东', '美玲', '晓峰', '春梅', '永康', '雪芳', '文斌', '慧敏', '家豪', '佳怡', '子涵', '宏伟', '静怡', '振宇', '玉兰', '明杰', '红霞', '伟', '敏', '磊', '芳', '军', '洁', '勇']
const SECTOR_GROUPS = ['经济界活动组', '农业界活动组', '教育界活动组', '医卫界活动组', '科技界活动组', '文化艺术界活动组', '工商联界活动组', '社会福利界活动组', '民主党派活动组', '特邀界活动组']
const SECTORS = ['经济界', '农业界', '教育界', '医卫界', '科技界', '文化艺术界', '工商联界', '社会福利界', '民主党派', '特邀界']
const DEPARTMENTS = ['市住建局', '市交通运输局', '市教育局', '市卫健局', '市农业农村局', '市生态环境局', '市公安局交警大队', '市民政局', '市综合行政执法局', '市市场监管局']

/** The article's cases first, then everyday small suggestions of a county. */
const IDEAS: { title: string; content: string; category: Category; reply: string }[] = [
  { title: '医院门口设置孝心停车位', content: '子女陪老人看病时在医院门口找不到车位，建议在市第一人民医院门口划设“孝心停车位”，限时停放方便接送老人。', category: 'traffic', reply: '已在医院东门划设孝心停车位8个，限停15分钟，交警加强引导。' },
  { title: '改善学生营养午餐', content: '部分学校午餐荤素搭配单一，建议引入营养师配餐，公开每周食谱，让家长放心。', category: 'education', reply: '教育局已在全市中小学推行营养师配餐，每周公示食谱并接受家长监督。' },
  { title: '缓解南市楼宇停车难', content: '南市片区商务楼宇集中，上班高峰停车位严重不足，建议挖潜周边空地建设临时停车场并错时共享。', category: 'traffic', reply: '新增临时停车场两处共320个车位，推动周边单位夜间和周末错时共享。' },
  { title: '帮助农户拓展腌新姜销路', content: '村里腌新姜产量大但销路窄，建议组织电商培训、统一包装，借助直播带货拓宽销售渠道。', category: 'agriculture', reply: '农业农村局联合电商协会举办三期直播培训，统一设计区域公用品牌包装。' },
  { title: '老旧小区加装电梯', content: '小区多为六层无电梯住宅，老人上下楼困难，建议简化加装电梯审批并给予补助。', category: 'elderly', reply: '已出台加装电梯补助办法，每台补助20万元，审批压缩至15个工作日。' },
  { title: '村口路灯不亮', content: '村口到公交站一段路灯损坏多日，晚上出行不安全，请尽快修复。', category: 'safety', reply: '已更换损坏路灯12盏，并纳入月度巡查。' },
  { title: '河道漂浮垃圾清理', content: '村边河道常有漂浮垃圾，夏天有异味，建议增加保洁频次并设置拦截网。', category: 'environment', reply: '保洁频次由每周两次增加到每日一次，增设拦截网三处。' },
  { title: '公交线路延伸到工业园区', content: '工业园区工人上下班不便，建议将现有公交线路延伸至园区并增加早晚班次。', category: 'traffic', reply: '公交8路已延伸至园区，早晚高峰加密至15分钟一班。' },
  { title: '社区开设老年食堂', content: '独居老人吃饭难，建议社区开设老年食堂，提供价格实惠的午餐和送餐服务。', category: 'elderly', reply: '社区老年食堂已于本月开业，80岁以上老人就餐享受补贴。' },
  { title: '学校门口接送秩序', content: '放学时家长车辆堵塞学校门口道路，建议设置临时接送区并安排志愿者引导。', category: 'education', reply: '已设置临时接送区，联合交警和家长志愿者高峰时段疏导。' },
  { title: '垃圾分类亭增设洗手池', content: '垃圾分类投放后没有地方洗手，建议在分类亭旁增设洗手池。', category: 'environment', reply: '已在辖区分类亭旁增设洗手池45个。' },
  { title: '农村道路增设减速带', content: '村道穿过村庄，车辆车速过快，建议在村中心路段增设减速带和警示标志。', category: 'safety', reply: '已在村中心路段增设减速带4处和警示牌6块。' },
  { title: '社区卫生服务站延长服务时间', content: '上班族下班后看不上病，建议社区卫生服务站晚上延长到八点。', category: 'health', reply: '卫健局在五个社区卫生服务站试点延时服务至20:00。' },
  { title: '菜市场周边占道经营', content: '菜市场周边流动摊贩占道经营，影响通行，建议规范设置临时摊位区。', category: 'publicService', reply: '综合执法局划定便民摊位区，引导流动摊贩入区经营。' },
  { title: '农田灌溉泵站维修', content: '村里灌溉泵站老化，夏季用水高峰经常故障，影响农业生产。', category: 'agriculture', reply: '已完成泵站设备更换，纳入农业设施年度维护计划。' },
  { title: '增加公共充电桩', content: '电动汽车越来越多，小区和公共停车场充电桩不足，建议统一规划建设。', category: 'publicService', reply: '今年新建公共充电桩200个，老旧小区充电设施改造同步推进。' },
  { title: '反电信网络骗局宣传进村', content: '老年人容易被电话和网络骗局骗钱，建议组织民警和志愿者进村入户宣传。', category: 'safety', reply: '公安局组织反诈宣传队进村120场，覆盖老年群众两万余人次。' },
  { title: '长三角毗邻地区公交互通', content: '浙沪毗邻镇村来往频繁，建议开通跨省公交线路方便群众出行。', category: 'traffic', reply: '已与金山区协商开通跨省公交线路一条，每日往返12班。' },
  { title: '村文化礼堂活动丰富化', content: '文化礼堂平时利用率不高，建议引入戏曲、书画等文化活动。', category: 'publicService', reply: '文化部门每月安排送戏下乡和书画培训进礼堂。' },
  { title: '独居老人紧急呼叫设备', content: '独居老人突发疾病无人知晓，建议为高龄独居老人安装紧急呼叫设备。', category: 'elderly', reply: '民政局为800户高龄独居老人免费安装紧急呼叫设备。' },
]

const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length]

function nameOf(i: number): string {
  return `${pick([...SURNAMES], i * 7 + 3)}${pick(GIVEN, i * 13 + 5)}`
}

function villageNames(townIndex: number, kind: '街道' | '镇', n: number): string[] {
  const names: string[] = []
  for (let i = 0; names.length < n; i++) {
    const name = `${pick(PLACE_STEMS, townIndex * 5 + i * 11)}${kind === '街道' ? '社区' : '村'}`
    if (!names.includes(name)) names.push(name)
  }
  return names
}

// ---- running the commands ----

type Target = 'pendingReview' | 'submitted' | 'accepted' | 'consulting' | 'assigned' | 'claimed' | 'replied' | 'closed' | 'rejected' | 'merged' | 'withdrawn'
const PLAN: [Target, number][] = [
  ['pendingReview', 8], ['submitted', 24], ['accepted', 18], ['consulting', 12], ['assigned', 24], ['claimed', 30],
  ['replied', 24], ['closed', 40], ['rejected', 8], ['merged', 6], ['withdrawn', 6],
]

function useLocalCloudBase(baseUrl: string): void {
  // The same variables the local CloudBase gives a function: the SDK then talks to it, with no code path of its own.
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${baseUrl.replace(/\/$/, '')}/admin` })
  process.env.TENCENTCLOUD_SECRETID ||= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ||= 'local'
  process.env.TENCENTCLOUD = 'true'
  process.env.SCF_NAMESPACE ||= 'sanwei-local'
}

export async function seed(baseUrl: string): Promise<DemoIdentities> {
  useLocalCloudBase(baseUrl)
  // Imported after the environment is set: the SDK reads it when it starts.
  const { db } = await import('../server/db')
  const { personIdFor } = await import('../server/ids')
  const { getPerson } = await import('../server/repositories/users')
  const { parseConfig } = await import('../server/config')
  const org = await import('../server/orgActions')
  const { submit, runItemCommand } = await import('../server/suggestionCommands')
  const { forgetOrg } = await import('../server/directory')
  // The demo county's past is not news: its notifications are not sent as it is written.
  ;(await import('../server/notify/inline')).holdInlineSends()
  const { cloud } = await import('../server/db')
  const { encodePng } = await import('../server/figures/png')

  if (await getPerson(db(), personIdFor(DEMO.admin))) return DEMO // already seeded

  const cfg = { ...parseConfig({} as NodeJS.ProcessEnv), submitsPerDay: 1000, commentsPerHour: 1000 }
  const people = new Map<string, { personId: Id; roles: Role[]; sectorGroupIds: Id[]; staffScope?: 'all' | Id[]; boundVillageIds: Id[]; departmentIds?: Id[]; stored: boolean }>()
  const personOf = (openid: string) => {
    let p = people.get(openid)
    if (!p) people.set(openid, (p = { personId: personIdFor(openid), roles: ['citizen'], sectorGroupIds: [], boundVillageIds: [], stored: false }))
    return p
  }
  let requests = 0
  const ctxOf = (openid: string, now: string) => {
    const p = personOf(openid)
    const actor: ActorContext = { personId: p.personId, roles: p.roles, sectorGroupIds: p.sectorGroupIds, boundVillageIds: p.boundVillageIds }
    if (p.staffScope) actor.staffScope = p.staffScope
    if (p.departmentIds) actor.departmentIds = p.departmentIds
    const caller: Caller = { openid, personId: p.personId, person: p.stored ? ({ _id: p.personId } as never) : null, actor }
    p.stored = true
    return { caller, cfg, now, action: 'seed', requestId: `seed-${(requests++).toString(36).padStart(8, '0')}` }
  }
  const ok = <T>(r: T): Exclude<T, { ok: false }> => {
    if (isDomainError(r)) throw new Error(`seed: a command was refused: ${r.code} ${r.field ?? ''} ${r.message}`)
    return r as Exclude<T, { ok: false }>
  }

  const DAY = 86400_000
  const start = Date.now() - 150 * DAY
  const at = (ms: number) => new Date(ms).toISOString()

  // 1. The admin (stored as admin by their first command), staff, members, citizens.
  personOf(DEMO.admin).roles = ['admin', 'staff']
  personOf(DEMO.admin).staffScope = 'all'
  ok(await org.updateProfile(ctxOf(DEMO.admin, at(start)), { name: '系统管理员' }))
  const admin = (t: number) => ctxOf(DEMO.admin, at(start + t))

  const townIds: Id[] = []
  const villagesByTown: Id[][] = []
  for (const [i, town] of TOWNS.entries()) townIds.push((ok(await org.upsertTown(admin(i), { name: town.name, order: i + 1 })) as { id: Id }).id)
  // Each town's villages in order; the towns side by side.
  await Promise.all(TOWNS.map(async (town, i) => {
    const ids: Id[] = []
    for (const [j, name] of villageNames(i, town.kind, 30).entries()) {
      ids.push((ok(await org.upsertVillage(admin(i), { townId: townIds[i], name, order: j + 1 })) as { id: Id }).id)
    }
    villagesByTown[i] = ids
  }))

  const setRoles = async (openid: string, name: string, roles: Role[], extra: { staffScope?: 'all' | Id[]; phone?: string } = {}) => {
    ok(await org.updateProfile(ctxOf(openid, at(start + DAY)), extra.phone ? { name, phone: extra.phone } : { name }))
    ok(await org.setRoles(admin(DAY), { personId: personOf(openid).personId, roles, ...(extra.staffScope ? { staffScope: extra.staffScope } : {}) }))
    const p = personOf(openid)
    p.roles = roles
    if (extra.staffScope) p.staffScope = extra.staffScope
  }
  await setRoles(DEMO.staff, '周晓梅', ['citizen', 'staff'], { staffScope: 'all', phone: '13957300001' })
  for (const [i] of TOWNS.entries()) await setRoles(`demo-staff-${i + 1}`, nameOf(500 + i), ['citizen', 'staff'], { staffScope: [townIds[i]], phone: `139573001${String(i).padStart(2, '0')}` })

  const memberOpenids = [DEMO.member, ...Array.from({ length: 199 }, (_, i) => `demo-member-${String(i + 2).padStart(3, '0')}`)]
  await Promise.all(chunks(memberOpenids, 8).map(async (list) => {
    for (const openid of list) {
      const i = memberOpenids.indexOf(openid)
      await setRoles(openid, i === 0 ? '沈建华' : nameOf(i), ['citizen', 'member'], { phone: `1385730${String(i).padStart(4, '0')}` })
    }
  }))
  // 一村一社一委员: the first 20 villages of each town get a member (200 bindings).
  const boundMember = new Map<Id, string>()
  await Promise.all(chunks(memberOpenids.map((o, i) => [o, i] as const), 20).map(async (list) => {
    for (const [openid, i] of list) {
      const villageId = villagesByTown[i % TOWNS.length][Math.floor(i / TOWNS.length)]
      ok(await org.bindMember(admin(2 * DAY), { villageId, memberId: personOf(openid).personId }))
      personOf(openid).boundVillageIds.push(villageId)
      boundMember.set(villageId, openid)
    }
  }))
  const groupIds: Id[] = []
  for (const [g, name] of SECTOR_GROUPS.entries()) {
    const members = memberOpenids.filter((_, i) => i % SECTOR_GROUPS.length === g)
    const { id } = ok(await org.upsertSectorGroup(admin(2 * DAY), { name, memberIds: members.map((o) => personOf(o).personId) })) as { id: Id }
    groupIds.push(id)
    for (const o of members) personOf(o).sectorGroupIds.push(id)
  }
  const departmentIds: Id[] = []
  for (const name of DEPARTMENTS) departmentIds.push((ok(await org.upsertDepartment(admin(2 * DAY), { name })) as { id: Id }).id)
  // The first department's handler (部门办理人), who claims and answers what is handed to it.
  ok(await org.updateProfile(ctxOf(DEMO.department, at(start + DAY)), { name: '陈志强', phone: '13957309001' }))
  ok(await org.setRoles(admin(2 * DAY), { personId: personOf(DEMO.department).personId, roles: ['citizen', 'departmentHandler'], departmentIds: [departmentIds[0]] }))
  personOf(DEMO.department).roles = ['citizen', 'departmentHandler']
  personOf(DEMO.department).departmentIds = [departmentIds[0]]
  // Photos that exist: a few small pictures in the local storage, shared by the items that show one.
  const photoIds: string[] = []
  for (let k = 0; k < 6; k++) {
    const w = 96, h = 72, rgb = new Uint8Array(w * h * 3)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3
      rgb[o] = 90 + k * 25; rgb[o + 1] = 120 + ((x + y * k) % 90); rgb[o + 2] = 160 - k * 15
    }
    const up = await cloud().uploadFile({ cloudPath: `photos/demo-${k + 1}.png`, fileContent: encodePng(w, h, rgb) }) as { fileID?: string }
    if (!up.fileID) throw new Error('seed: a demo photo did not upload')
    photoIds.push(up.fileID)
  }
  const citizenOpenids = [DEMO.citizen, ...Array.from({ length: 59 }, (_, i) => `demo-citizen-${String(i + 2).padStart(2, '0')}`)]
  await Promise.all(citizenOpenids.map(async (openid, i) => ok(await org.updateProfile(ctxOf(openid, at(start + 2 * DAY)), { name: i === 0 ? '陆阿姨' : nameOf(1000 + i) }))))
  forgetOrg()

  // 2. About 200 suggestions, each taken to its planned status by the people who would do it.
  const jobs: { target: Target; n: number }[] = []
  let n = 0
  for (const [target, count] of PLAN) for (let k = 0; k < count; k++) jobs.push({ target, n: n++ })
  const openByTown = new Map<Id, Id[]>()

  const lifeOf = async ({ target, n }: { target: Target; n: number }) => {
    const idea = pick(IDEAS, n)
    const town = n % TOWNS.length
    const villageId = villagesByTown[town][(n * 7) % 24]
    // The demo citizen owns a handful across the statuses; the demo member's village gets the first of each kind.
    const staff = n % 2 ? DEMO.staff : `demo-staff-${town + 1}`
    // Some are recorded by staff at a liaison station for a resident without the mini-program.
    const recorded = n % 9 === 4
    const author = recorded ? staff : n % 25 === 0 ? DEMO.citizen : pick(citizenOpenids, n * 3 + 1)
    const member = boundMember.get(villageId) ?? pick(memberOpenids, n)
    // Open work is recent (so the demo has fresh hand-offs and replies awaiting a rating); finished work spreads over months.
    // Every step's time is in the past: days ago enough for the steps that follow (a consultation adds about two days).
    const daysAgo = target === 'consulting' ? 1 + (n % 3) : target === 'assigned' ? 3 + (n % 6) : target === 'claimed' ? 8 + (n % 20)
      : target === 'replied' ? 12 + (n % 3) : 20 + ((n * 37) % 120)
    let t = Date.now() - daysAgo * DAY
    const latest = Date.now() - 10 * 60_000
    // Never later than a few minutes ago, whatever the arithmetic above: a seeded time in the future sorts wrong.
    const later = (hours: number) => at((t = Math.min(t + hours * 3600_000, latest)))
    const isReview = target === 'pendingReview'
    const submitted = ok(await submit(ctxOf(author, later(0)), {
      category: idea.category, townId: townIds[town], villageId, title: idea.title,
      content: isReview ? `${idea.content}（内容含待审词，等待人工审核）` : idea.content,
      images: n % 3 === 0 ? [pick(photoIds, n)] : [], anonymous: n % 6 === 0,
      ...(recorded ? { channel: 'liaisonStation' as const, onBehalfOf: { name: nameOf(2000 + n), phone: `1375730${String(n).padStart(4, '0')}` } } : {}),
    } as never)) as { id: Id }
    const id = submitted.id
    const run = async (who: string, command: string, input: Record<string, unknown>, hours = 6) =>
      ok(await runItemCommand(ctxOf(who, later(hours)), command as never, { id, ...input }))
    if (isReview) return
    if (target === 'rejected') return void (await run(staff, 'reject', { reason: '不属于政协微建言受理范围，已引导通过12345热线反映' }))
    if (target === 'withdrawn') return void (await run(author, 'withdraw', { reason: '问题已自行解决' }))
    if (target === 'merged') {
      const into = openByTown.get(townIds[town])?.[0]
      if (into) return void (await run(staff, 'merge', { intoId: into, reason: '与已有建言反映同一问题' }))
    }
    if (target === 'submitted') {
      openByTown.set(townIds[town], [...(openByTown.get(townIds[town]) ?? []), id])
      if (n % 2) await run(pick(citizenOpenids, n + 5), 'second', {}, 3)
      return
    }
    await run(staff, 'accept', {}, 20)
    if (target === 'accepted') return
    const comments = async () => {
      const stances = ['for', 'for', 'neutral', 'against']
      for (let k = 0; k < 1 + (n % 4); k++) {
        const who = k % 2 ? pick(citizenOpenids, n + k * 11) : pick(memberOpenids, n + k * 13)
        await run(who, 'comment', { text: pick(['赞成，这个问题很普遍', '建议先做小范围试点', '需要考虑后期维护经费', '同意，群众反映强烈'], n + k), stance: pick(stances, n + k) }, 5)
      }
    }
    const deadlineDays = target === 'assigned' || target === 'claimed' ? (n % 4 === 0 ? 10 : 60) : 30
    const handOffTarget: HandOffTarget = n % 5 === 0
      ? { kind: 'sectorGroup', sectorGroupId: pick(groupIds, n) }
      : n % 11 === 0 ? { kind: 'department', departmentId: n % 22 === 0 ? departmentIds[0] : pick(departmentIds, n) } : { kind: 'member', memberId: personOf(member).personId }
    if (target === 'consulting' || n % 3 === 0) {
      await run(staff, 'openConsultation', { deadline: at(t + 7 * DAY), invitedMemberIds: [personOf(member).personId, personOf(pick(memberOpenids, n + 1)).personId] }, 4)
      await comments()
      if (target === 'consulting') return
      await run(staff, 'concludeConsultation', {
        plan: { actions: `围绕“${idea.title}”形成协商意见，由责任单位限期落实`, responsibleUnit: pick(DEPARTMENTS, n), deadline: at(t + 45 * DAY) },
        handOff: { target: handOffTarget, deadline: at(t + deadlineDays * DAY), note: '请按协商意见办理' },
      }, 30)
    } else {
      await run(staff, 'handOff', { target: handOffTarget, deadline: at(t + deadlineDays * DAY), note: '请联系村社区了解情况后办理' }, 8)
    }
    // The first department has a handler who signs for its items; the other departments' items wait for staff.
    const demoDepartment = handOffTarget.kind === 'department' && handOffTarget.departmentId === departmentIds[0]
    if (target === 'assigned' || (handOffTarget.kind === 'department' && !demoDepartment)) return
    const claimer = handOffTarget.kind === 'member' ? member : handOffTarget.kind === 'department' ? DEMO.department
      : memberOpenids.find((o, i) => i % SECTOR_GROUPS.length === groupIds.indexOf(handOffTarget.sectorGroupId))!
    await run(claimer, 'claim', {}, 10)
    await run(claimer, 'progress', { note: '已到现场查看，与相关部门对接中', images: [] }, 48)
    if (target === 'claimed') return
    const outcome = pick(['adopted', 'adopted', 'partlyAdopted', 'forReference', 'notAdopted'] as const, n)
    await run(claimer, 'reply', { text: replyFor(idea, outcome), outcome }, 24 * (2 + (n % 5)))
    if (target === 'replied') return
    if (n % 7 === 0) {
      await run(author, 'rate', { value: 'dissatisfied', reason: '问题还没有完全解决' }, 30)
      await run(claimer, 'reply', { text: `${idea.reply}（已再次跟进落实）`, outcome: 'adopted' }, 72)
    }
    await run(author, 'rate', { value: n % 3 ? 'satisfied' : 'basicallySatisfied' }, 20)
  }
  // Items that others merge into go first; then the rest, eight at a time.
  const order = [...jobs.filter((j) => j.target === 'submitted'), ...jobs.filter((j) => j.target !== 'submitted')]
  for (const batch of chunks(order, 8)) await Promise.all(batch.map(lifeOf))
  await (await import('./seed-activities')).seedActivities()
  return DEMO
}

/** The reply's words agree with its outcome: only an adopted reply says the thing was done. */
function replyFor(idea: { title: string; reply: string }, outcome: 'adopted' | 'partlyAdopted' | 'forReference' | 'notAdopted'): string {
  switch (outcome) {
    case 'adopted': return idea.reply
    case 'partlyAdopted': return `${idea.reply}其余部分受场地和资金限制，将分步推进，明年上半年前再答复进展。`
    case 'forReference': return `感谢您的建议。“${idea.title}”涉及规划和资金的统筹安排，已转有关部门作为下一步工作的参考，暂不单独实施。`
    case 'notAdopted': return `经现场调查核实，“${idea.title}”所提事项目前不具备实施条件（涉及用地和产权），暂不采纳，已当面向您说明原因。`
  }
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

if (require.main === module) {
  const i = process.argv.indexOf('--url')
  const url = i >= 0 ? process.argv[i + 1] : process.env.SANWEI_URL ?? 'http://127.0.0.1:8080'
  const t0 = Date.now()
  seed(url).then(
    (ids) => {
      process.stdout.write(`seeded ${url} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n${JSON.stringify(ids)}\n`)
      process.exit(0)
    },
    (err: unknown) => {
      process.stderr.write(`seed failed: ${(err as Error)?.stack ?? err}\n`)
      process.exit(1)
    },
  )
}
