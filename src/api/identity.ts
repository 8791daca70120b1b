// The developer identity the H5 build acts as against the local CloudBase (header x-openid). Imported only by H5 files.
export const DEV_IDENTITY_KEY = 'sanwei.devOpenid'
export const DEFAULT_DEV_OPENID = 'demo-citizen'

export function devOpenid(): string {
  try {
    return globalThis.localStorage?.getItem(DEV_IDENTITY_KEY) || DEFAULT_DEV_OPENID
  } catch {
    return DEFAULT_DEV_OPENID
  }
}

export function setDevOpenid(openid: string): void {
  globalThis.localStorage?.setItem(DEV_IDENTITY_KEY, openid)
}
