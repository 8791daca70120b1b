// Stand-in for subscribe messages: one-time quota per (openid, template) granted by the "user" and template field rules.
import fs from 'node:fs'
import path from 'node:path'
import type { Inbox } from './inbox'
import { checkFieldValue, fieldTypeFromKey, type TemplateDefinition } from './templates'

export interface WeChatAnswer {
  errcode: number
  errmsg: string
  [key: string]: unknown
}

export type SubscribeDecision = 'accept' | 'reject' | 'filter'

export class SubscribeMessages {
  /** openid → templateId → accepted one-time subscriptions left */
  private readonly quota = new Map<string, Map<string, number>>()
  private nextMsgId = 1_000_000_000

  /** stateFile keeps the quotas across restarts of the emulator (they live in the data folder). */
  constructor(
    private readonly inbox: Inbox,
    private readonly templates: Map<string, TemplateDefinition> | null,
    private readonly stateFile?: string,
  ) {
    if (stateFile && fs.existsSync(stateFile)) {
      try {
        const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { quota?: Record<string, Record<string, number>>; nextMsgId?: number }
        for (const [openid, byTemplate] of Object.entries(saved.quota ?? {})) this.quota.set(openid, new Map(Object.entries(byTemplate)))
        if (typeof saved.nextMsgId === 'number') this.nextMsgId = saved.nextMsgId
      } catch {
        // A damaged state file only loses granted quotas; start empty.
      }
    }
  }

  private save(): void {
    if (!this.stateFile) return
    const quota: Record<string, Record<string, number>> = {}
    for (const [openid, byTemplate] of this.quota) quota[openid] = Object.fromEntries(byTemplate)
    fs.mkdirSync(path.dirname(this.stateFile), { recursive: true })
    const tmp = `${this.stateFile}.tmp`
    fs.writeFileSync(tmp, JSON.stringify({ quota, nextMsgId: this.nextMsgId }))
    fs.renameSync(tmp, this.stateFile)
  }

  /** What wx.requestSubscribeMessage does when the user taps 允许: each accepted template gives one message. */
  grant(openid: string, templateIds: string[]): Record<string, SubscribeDecision> {
    const result: Record<string, SubscribeDecision> = {}
    for (const id of templateIds) {
      if (this.templates && !this.templates.has(id)) {
        result[id] = 'filter'
        continue
      }
      const forUser = this.quota.get(openid) ?? new Map<string, number>()
      forUser.set(id, (forUser.get(id) ?? 0) + 1)
      this.quota.set(openid, forUser)
      result[id] = 'accept'
    }
    this.save()
    return result
  }

  remaining(openid: string): Record<string, number> {
    return Object.fromEntries(this.quota.get(openid) ?? [])
  }

  /** subscribeMessage.send with the request body as WeChat receives it (snake_case keys). */
  send(body: Record<string, unknown>, via: string): WeChatAnswer {
    const touser = typeof body.touser === 'string' ? body.touser : ''
    const templateId = typeof body.template_id === 'string' ? body.template_id : ''
    const data = body.data
    const record = (answer: WeChatAnswer, extra: Record<string, unknown> = {}) => {
      this.inbox.add({
        kind: 'subscribeMessage',
        via,
        errcode: answer.errcode,
        errmsg: answer.errmsg,
        touser,
        templateId,
        page: body.page,
        miniprogramState: body.miniprogram_state,
        data,
        ...extra,
      })
      return answer
    }
    if (!touser) return record({ errcode: 40003, errmsg: 'invalid openid: touser is required' })
    if (!templateId) return record({ errcode: 40037, errmsg: 'invalid template_id: template_id is required' })
    const template = this.templates?.get(templateId)
    if (this.templates && !template) return record({ errcode: 40037, errmsg: `invalid template_id: ${templateId} is not in the templates file` })
    if (!data || typeof data !== 'object' || Array.isArray(data)) return record({ errcode: 47003, errmsg: 'argument invalid! data is required' })
    const fields = data as Record<string, unknown>
    const keys = template ? Object.keys(template.fields) : Object.keys(fields)
    if (keys.length === 0) return record({ errcode: 47003, errmsg: 'argument invalid! data is empty' })
    for (const key of keys) {
      const type = template ? template.fields[key] : fieldTypeFromKey(key)
      if (!type) return record({ errcode: 47003, errmsg: `argument invalid! data.${key} is not a known field type` })
      const entry = fields[key]
      const value = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined
      if (typeof value !== 'string' && typeof value !== 'number') {
        return record({ errcode: 47003, errmsg: `argument invalid! data.${key}.value is empty` })
      }
      const broken = checkFieldValue(type, String(value))
      if (broken) return record({ errcode: 47003, errmsg: `argument invalid! data.${key}.value ${broken}` })
    }
    const left = this.quota.get(touser)?.get(templateId) ?? 0
    if (left <= 0) return record({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
    this.quota.get(touser)!.set(templateId, left - 1)
    const msgid = this.nextMsgId++
    this.save()
    return record({ errcode: 0, errmsg: 'ok', msgid }, { msgid })
  }
}
