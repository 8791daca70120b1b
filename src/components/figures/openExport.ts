// Opening a file the figures function made: downloadFile + openDocument in WeChat, a plain download in the browser build.
import Taro from '@tarojs/taro'
import type { ExportResult } from '@/domain/figures/api'

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
