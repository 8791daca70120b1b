// The figures function from the app, and opening the files it makes: downloadFile + openDocument in WeChat, a plain
// download in the browser build.
import { call } from '@/api'
import type { ActionIn, ActionOut } from '@/domain/api'
import type { FiguresActions } from '@/domain/figures/api'

export function figures<A extends keyof FiguresActions>(action: A, input: ActionIn<FiguresActions, A>): Promise<ActionOut<FiguresActions, A>> {
  return call('figures', action, input)
}

// Opening a file: shared with the staff screens' list export (src/components/figures).
export { openExport } from '@/components/figures/openExport'

export const thisYear = () => new Date(Date.now() + 8 * 3600e3).getUTCFullYear()
