// The app: initialises CloudBase on WeChat; on H5 the api client talks to the local gateway instead.
import { type PropsWithChildren } from 'react'
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro'
import './app.css'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      const env = process.env.TARO_APP_CLOUD_ENV
      Taro.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
    }
  })
  // An unknown address (an old link, a typo) leads home instead of a blank page.
  usePageNotFound(() => { void Taro.switchTab({ url: '/pages/index/index' }) })
  return children
}

export default App
