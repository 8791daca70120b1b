// Everything the WeChat stand-ins received, kept in memory for tests and the local inbox page.

export type InboxKind = 'subscribeMessage' | 'msgSecCheck' | 'robot' | 'upload' | 'openapi' | 'openData'

export interface InboxEntry {
  id: number
  kind: InboxKind
  /** UTC ISO time it was received. */
  at: string
  /** 0 when accepted; otherwise the WeChat errcode it was answered with. */
  errcode: number
  errmsg: string
  /** How it came in: 'wx.openApi' (wx-server-sdk), 'wx.api' (node-sdk callWxOpenApi), 'http' (webhook / gateway). */
  via: string
  [detail: string]: unknown
}

export class Inbox {
  private entries: InboxEntry[] = []
  private nextId = 1

  constructor(private readonly capacity = 5000) {}

  add(entry: Omit<InboxEntry, 'id' | 'at'>): InboxEntry {
    const full = { id: this.nextId++, at: new Date().toISOString(), ...entry } as InboxEntry
    this.entries.push(full)
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity)
    return full
  }

  list(filter?: { kind?: string }): InboxEntry[] {
    return filter?.kind ? this.entries.filter((e) => e.kind === filter.kind) : [...this.entries]
  }

  clear(): void {
    this.entries = []
  }
}
