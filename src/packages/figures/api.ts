// The figures function from the app, and opening the files it makes: downloadFile + openDocument in WeChat, a plain
// download in the browser build.
import Taro from '@tarojs/taro'
import { call } from '@/api'
import type { ActionIn, ActionOut } from '@/domain/api'
import type { ExportResult, FiguresActions } from '@/domain/figures/api'

export function figures<A extends keyof FiguresActions>(action: A, input: ActionIn<FiguresActions, A>): Promise<ActionOut<FiguresActions, A>> {
  return call('figures', action, input)
}

export async function openExport(file: ExportResult): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = file.url
    a.download = file.fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    return
  }
  const res = await Taro.downloadFile({ url: file.url })
  const fileType = file.fileName.endsWith('.docx') ? 'docx' : 'xlsx'
  await Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true })
}

export const thisYear = () => new Date(Date.now() + 8 * 3600e3).getUTCFullYear()
