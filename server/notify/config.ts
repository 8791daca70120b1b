// The notifications' configuration, from environment variables (parsed once per instance; a bad value fails loudly).
import { LEASE_MS } from '../../src/domain/notify/delivery'

export interface NotifyConfig {
  /** Long-term subscriptions (政务民生 mini-programs): no counting of one-time accepts; opt-outs still hold. */
  longTermSubscriptions: boolean
  /** The WeCom group-robot webhook (the local CloudBase serves one of its own). */
  webhookUrl: string
  /** subscribeMessage.send's miniprogram_state: formal, trial or developer. */
  miniprogramState: 'formal' | 'trial' | 'developer'
  /** How long a sender holds a row before another may send it (a sender that died): 30 s unless set. */
  leaseMs: number
}

let current: NotifyConfig | undefined

export function parseNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const state = env.SANWEI_MINIPROGRAM_STATE || 'formal'
  if (!['formal', 'trial', 'developer'].includes(state)) throw new Error(`config: SANWEI_MINIPROGRAM_STATE=${JSON.stringify(state)} must be formal, trial or developer`)
  const longTerm = env.SANWEI_LONG_TERM_SUBSCRIPTIONS ?? ''
  if (!['', 'true', 'false'].includes(longTerm)) throw new Error(`config: SANWEI_LONG_TERM_SUBSCRIPTIONS=${JSON.stringify(longTerm)} must be true or false`)
  const webhookUrl = env.SANWEI_WECOM_WEBHOOK_URL || 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send'
  if (!/^https?:\/\//.test(webhookUrl)) throw new Error(`config: SANWEI_WECOM_WEBHOOK_URL=${JSON.stringify(webhookUrl)} must be an http(s) URL`)
  const leaseSeconds = Number(env.SANWEI_NOTIFY_LEASE_SECONDS || LEASE_MS / 1000)
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 600) throw new Error(`config: SANWEI_NOTIFY_LEASE_SECONDS=${JSON.stringify(env.SANWEI_NOTIFY_LEASE_SECONDS)} must be 1 to 600 seconds`)
  return { longTermSubscriptions: longTerm === 'true', webhookUrl, miniprogramState: state as NotifyConfig['miniprogramState'], leaseMs: Math.round(leaseSeconds * 1000) }
}

export function notifyConfig(): NotifyConfig {
  if (!current) current = parseNotifyConfig()
  return current
}
