// The notifications' configuration, from environment variables (parsed once per instance; a bad value fails loudly).
export interface NotifyConfig {
  /** Long-term subscriptions (政务民生 mini-programs): no counting of one-time accepts; opt-outs still hold. */
  longTermSubscriptions: boolean
  /** The WeCom group-robot webhook (the local CloudBase serves one of its own). */
  webhookUrl: string
  /** subscribeMessage.send's miniprogram_state: formal, trial or developer. */
  miniprogramState: 'formal' | 'trial' | 'developer'
}

let current: NotifyConfig | undefined

export function parseNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const state = env.SANWEI_MINIPROGRAM_STATE || 'formal'
  if (!['formal', 'trial', 'developer'].includes(state)) throw new Error(`config: SANWEI_MINIPROGRAM_STATE=${JSON.stringify(state)} must be formal, trial or developer`)
  const longTerm = env.SANWEI_LONG_TERM_SUBSCRIPTIONS ?? ''
  if (!['', 'true', 'false'].includes(longTerm)) throw new Error(`config: SANWEI_LONG_TERM_SUBSCRIPTIONS=${JSON.stringify(longTerm)} must be true or false`)
  const webhookUrl = env.SANWEI_WECOM_WEBHOOK_URL || 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send'
  if (!/^https?:\/\//.test(webhookUrl)) throw new Error(`config: SANWEI_WECOM_WEBHOOK_URL=${JSON.stringify(webhookUrl)} must be an http(s) URL`)
  return { longTermSubscriptions: longTerm === 'true', webhookUrl, miniprogramState: state as NotifyConfig['miniprogramState'] }
}

export function notifyConfig(): NotifyConfig {
  if (!current) current = parseNotifyConfig()
  return current
}
