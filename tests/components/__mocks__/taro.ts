// A light stand-in for @tarojs/taro in jsdom: the APIs the screens call, as jest mocks; page hooks do nothing.
const storage = new Map<string, unknown>()

const Taro = {
  showToast: jest.fn(async () => ({})),
  showModal: jest.fn(async () => ({ confirm: true, cancel: false })),
  navigateTo: jest.fn(async () => ({})),
  redirectTo: jest.fn(async () => ({})),
  switchTab: jest.fn(async () => ({})),
  stopPullDownRefresh: jest.fn(),
  showShareMenu: jest.fn(async () => ({})),
  previewImage: jest.fn(async () => ({})),
  requestSubscribeMessage: jest.fn(async () => ({})),
  chooseImage: jest.fn(async () => ({ tempFilePaths: [], tempFiles: [] })),
  compressImage: jest.fn(async ({ src }: { src: string }) => ({ tempFilePath: src })),
  getStorageSync: jest.fn((k: string) => (storage.has(k) ? storage.get(k) : '')),
  setStorageSync: jest.fn((k: string, v: unknown) => { storage.set(k, v) }),
  removeStorageSync: jest.fn((k: string) => { storage.delete(k) }),
  cloud: { init: jest.fn(), callFunction: jest.fn(), uploadFile: jest.fn() },
  __storage: storage,
}

export default Taro
export const useRouter = jest.fn(() => ({ params: {} as Record<string, string> }))
export const usePullDownRefresh = () => undefined
export const useReachBottom = () => undefined
export const useDidShow = () => undefined
export const useDidHide = () => undefined
export const useShareAppMessage = () => undefined
export const useLaunch = () => undefined
