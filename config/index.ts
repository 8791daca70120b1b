// Taro build config: weapp writes dist/, H5 writes dist-h5/ (the emulator serves it). See ../shared/reference/taro-on-this-machine.md.
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

/**
 * A production WeChat build is what gets uploaded: without the CloudBase env id the app would call whichever environment
 * DevTools has selected. TARO_APP_CLOUD_ENV=default asks for that on purpose (development and size checks only).
 */
export function cloudEnvFor(env: NodeJS.ProcessEnv): string {
  const value = (env.TARO_APP_CLOUD_ENV ?? '').trim()
  const production = env.TARO_ENV === 'weapp' && env.NODE_ENV !== 'development'
  if (production && !value) {
    throw new Error('TARO_APP_CLOUD_ENV is not set: a production WeChat build needs the CloudBase env id — TARO_APP_CLOUD_ENV=<env-id> npm run build:weapp (or TARO_APP_CLOUD_ENV=default to use the environment selected in WeChat DevTools, for development only)')
  }
  return value === 'default' ? '' : value
}

export default defineConfig<'webpack5'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5'
  const cloudEnv = cloudEnvFor(process.env)
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'sanwei',
    date: '2026-11-26',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {
      // The CloudBase env id for Taro.cloud.init on weapp; empty means the DevTools' default env.
      'process.env.TARO_APP_CLOUD_ENV': JSON.stringify(cloudEnv),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: true },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      devServer: { open: false, host: '127.0.0.1' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
