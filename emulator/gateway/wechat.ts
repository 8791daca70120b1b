// Gateway routes of the WeChat stand-ins: granting subscriptions, the WeCom robot webhook, and the inbox (JSON and page).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BodyTooLargeError, readBody } from '../http/body'
import { sendHtml, sendJson } from '../http/server'
import type { Inbox, InboxEntry } from '../wechat/inbox'
import type { GroupRobots } from '../wechat/robot'
import type { SubscribeMessages } from '../wechat/subscribe'
import type { OpenData } from '../wechat/openData'
import { escapeHtml } from './static'

const SMALL_BODY = 1024 * 1024

async function readJson(req: IncomingMessage, limit = SMALL_BODY): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  try {
    const text = (await readBody(req, limit)).toString('utf8')
    return { ok: true, value: text.trim() === '' ? {} : JSON.parse(text) }
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ok: false, status: 413, message: err.message }
    return { ok: false, status: 400, message: `malformed JSON body: ${(err as Error).message}` }
  }
}

/** POST /api/subscribe { openid, templateIds } — what tapping 允许 in wx.requestSubscribeMessage does. */
export function grantSubscriptionRoute(subscribe: SubscribeMessages) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJson(req)
    if (!body.ok) return sendJson(res, body.status, { code: 'INVALID_PARAM', message: body.message })
    const value = (body.value ?? {}) as { openid?: unknown; templateIds?: unknown }
    const openid = typeof value.openid === 'string' && value.openid ? value.openid : String(req.headers['x-openid'] ?? '')
    if (!openid) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'openid (or the x-openid header) is required' })
    if (!Array.isArray(value.templateIds) || value.templateIds.length === 0 || !value.templateIds.every((t) => typeof t === 'string' && t)) {
      return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'templateIds must be a non-empty array of template ids' })
    }
    sendJson(res, 200, subscribe.grant(openid, value.templateIds as string[]))
  }
}

/** GET /api/subscribe?openid= — the one-time subscriptions a person has left, per template. */
export function subscriptionQuotaRoute(subscribe: SubscribeMessages) {
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const openid = url.searchParams.get('openid') ?? String(req.headers['x-openid'] ?? '')
    if (!openid) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'openid is required' })
    sendJson(res, 200, { openid, remaining: subscribe.remaining(openid) })
  }
}

/** POST /cgi-bin/webhook/send?key=… — the WeCom group robot. WeCom answers HTTP 200 with an errcode. */
export function robotWebhookRoute(robots: GroupRobots) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const body = await readJson(req, 4 * 1024 * 1024)
    const key = url.searchParams.get('key') ?? ''
    if (!body.ok) return sendJson(res, 200, { errcode: 40035, errmsg: `invalid parameter: ${body.message}` })
    sendJson(res, 200, robots.send(key, body.value))
  }
}

/**
 * POST /api/open-data/group-enter { group } (header x-openid) — what wx.getGroupEnterInfo answers when that person opens
 * a card from the group the developer names (the H5 build's stand-in). Each call issues a new cloudID.
 */
export function groupEnterRoute(openData: OpenData) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readJson(req)
    if (!body.ok) return sendJson(res, body.status, { code: 'INVALID_PARAM', message: body.message })
    const openid = String(req.headers['x-openid'] ?? '').trim()
    if (!/^[\w-]{1,128}$/.test(openid)) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'the x-openid header is required' })
    const group = (body.value as { group?: unknown } | null)?.group
    if (typeof group !== 'string' || !group.trim() || group.length > 64) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'group must name the group (1-64 characters)' })
    sendJson(res, 200, openData.groupEnter(openid, group.trim()))
  }
}

export function inboxRoutes(inbox: Inbox) {
  return {
    list: (_req: IncomingMessage, res: ServerResponse, url: URL): void => {
      sendJson(res, 200, { entries: inbox.list({ kind: url.searchParams.get('kind') ?? undefined }) })
    },
    clear: (_req: IncomingMessage, res: ServerResponse): void => {
      const cleared = inbox.list().length
      inbox.clear()
      sendJson(res, 200, { cleared })
    },
    page: (_req: IncomingMessage, res: ServerResponse): void => sendHtml(res, 200, inboxPage(inbox.list().reverse())),
  }
}

const KIND_LABELS: Record<string, string> = {
  subscribeMessage: '订阅消息',
  msgSecCheck: '内容安全检测',
  robot: '企业微信群机器人',
  upload: '文件上传',
  openapi: '其他开放接口',
  openData: '开放数据（群卡片）',
}

function summary(e: InboxEntry): string {
  switch (e.kind) {
    case 'subscribeMessage':
      return `发给 ${e.touser} · 模板 ${e.templateId} · 页面 ${e.page ?? ''}\n${JSON.stringify(e.data, null, 1)}`
    case 'msgSecCheck':
      return `${e.openid} · 场景 ${e.scene} · 结论 ${e.suggest ?? '-'}\n${e.content}`
    case 'robot': {
      const message = e.message as Record<string, { content?: string }> | null
      const content = message && typeof e.msgtype === 'string' ? message[e.msgtype]?.content : undefined
      return `机器人 ${e.key} · ${e.msgtype}\n${content ?? JSON.stringify(e.message)}`
    }
    case 'upload':
      return `${e.openid || '匿名'} · ${e.size} 字节 · ${e.fileID}`
    case 'openData':
      return e.group ? `${e.openid} 从群“${e.group}”打开卡片 · openGId ${e.openGId}` : `${e.openid ?? '函数'} 解读 cloudID ${e.cloudID}${e.field ? ` · 字段 ${e.field}` : ''}`
    default:
      return JSON.stringify(e)
  }
}

const beijing = (at: string) => new Date(Date.parse(at) + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19)
const statusCell = (e: InboxEntry) => (e.errcode === 0 ? '<span class="ok">已接受</span>' : `<span class="bad">拒绝 ${e.errcode}</span><br><small>${escapeHtml(e.errmsg)}</small>`)

/** Entries of one kind grouped by who received them (a robot's key, a person's openid), newest group first. */
function grouped(entries: InboxEntry[], kind: string, by: (e: InboxEntry) => string): Array<[string, InboxEntry[]]> {
  const groups = new Map<string, InboxEntry[]>()
  for (const e of entries) if (e.kind === kind) groups.set(by(e), [...(groups.get(by(e)) ?? []), e])
  return [...groups.entries()]
}

function robotText(e: InboxEntry): string {
  const message = e.message as Record<string, { content?: string }> | null
  const content = message && typeof e.msgtype === 'string' ? message[e.msgtype]?.content : undefined
  return content ?? JSON.stringify(e.message)
}

function section(title: string, testId: string, groups: Array<[string, InboxEntry[]]>, line: (e: InboxEntry) => string): string {
  if (groups.length === 0) return ''
  const blocks = groups.map(([who, list]) => {
    const accepted = list.filter((e) => e.errcode === 0).length
    const items = list.map((e) => `<li><small>${beijing(e.at)}</small> ${statusCell(e)}<pre>${escapeHtml(line(e))}</pre></li>`).join('')
    return `<details open data-recipient="${escapeHtml(who)}"><summary><b>${escapeHtml(who)}</b> · ${list.length} 条（已接受 ${accepted}）</summary><ul>${items}</ul></details>`
  }).join('\n')
  return `<section data-testid="${testId}"><h2>${title}</h2>${blocks}</section>`
}

function inboxPage(entries: InboxEntry[]): string {
  const byRobot = section('群机器人消息（按机器人）', 'by-robot', grouped(entries, 'robot', (e) => `机器人 ${String(e.key ?? '')}`), robotText)
  const byPerson = section('订阅消息（按接收人）', 'by-person', grouped(entries, 'subscribeMessage', (e) => String(e.touser ?? '')),
    (e) => `模板 ${e.templateId} · 页面 ${e.page ?? ''}\n${Object.entries((e.data ?? {}) as Record<string, { value?: unknown }>).map(([k, v]) => `${k}: ${String(v?.value ?? '')}`).join('\n')}`)
  const rows = entries
    .map((e) => {
      const at = beijing(e.at)
      const status = statusCell(e)
      const link = e.kind === 'upload' && typeof e.url === 'string' ? ` <a href="${escapeHtml(e.url)}" target="_blank">查看</a>` : ''
      return `<tr><td>${e.id}</td><td>${at}</td><td>${KIND_LABELS[e.kind] ?? e.kind}<br><small>${escapeHtml(e.via)}</small></td><td>${status}</td><td><pre>${escapeHtml(summary(e))}</pre>${link}</td></tr>`
    })
    .join('\n')
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>收件箱 · 三微本地云开发</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
pre{margin:0;white-space:pre-wrap;word-break:break-all;font-size:.85rem}.ok{color:#1a7f37}.bad{color:#cf222e}small{color:#666}
details{margin:.4rem 0;padding:.4rem .6rem;border:1px solid #ddd;border-radius:6px}ul{margin:.3rem 0;padding-left:1.2rem}li{margin:.3rem 0}</style></head>
<body><h1>收件箱</h1><p>本地云开发收到的订阅消息、内容安全检测、群机器人消息和上传文件（北京时间，每 3 秒刷新）。共 ${entries.length} 条。
<a href="/api/inbox">JSON</a></p>
${byRobot}
${byPerson}
<h2>全部记录</h2>
<table><thead><tr><th>#</th><th>时间</th><th>类型</th><th>结果</th><th>内容</th></tr></thead><tbody>
${rows || '<tr><td colspan="5">暂无消息</td></tr>'}
</tbody></table></body></html>`
}
