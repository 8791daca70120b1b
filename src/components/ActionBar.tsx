// The buttons for the commands this viewer may take now. The list comes from the server (detail.actions: the transition
// table and the one permission function); this bar never adds one of its own. As on a phone: one primary action, the
// rest behind 更多 (a sheet), so the bar stays one row however many actions a staff member holds.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { Command } from '@/domain/transitions'
import { COMMAND_LABEL } from './labels'
import { Btn, Sheet } from './ui'

/** Commands taken elsewhere on the page (the discussion thread, the rating prompt) or never by a person. */
const NOT_IN_BAR: readonly Command[] = ['submit', 'comment', 'second', 'escalate', 'takeOver', 'remindConsultation']
const DANGER: readonly Command[] = ['reject', 'withdraw', 'returnItem', 'merge']
/** Which action is the primary one, when several are allowed: the step that moves the item forward. */
const PRIMARY_ORDER: readonly Command[] = [
  'rate', 'approve', 'accept', 'claim', 'reply', 'recordReply', 'concludeConsultation', 'handOff', 'openConsultation', 'progress', 'close', 'chase', 'reassign',
]

/** The primary action and the rest, in the bar's order. */
export function splitActions(actions: readonly Command[]): { primary: Command | null; more: Command[] } {
  const shown = actions.filter((a) => !NOT_IN_BAR.includes(a))
  const primary = PRIMARY_ORDER.find((a) => shown.includes(a)) ?? shown[0] ?? null
  return { primary, more: shown.filter((a) => a !== primary) }
}

export default function ActionBar({ actions, onAction, busy }: { actions: readonly Command[]; onAction: (c: Command) => void; busy?: boolean }) {
  const [moreOpen, setMoreOpen] = useState(false)
  const { primary, more } = splitActions(actions)
  if (!primary) return null
  return (
    <View className='action-bar' data-testid='action-bar' data-actions={[primary, ...more].join(',')}>
      {more.length ? (
        <Btn className='btn action-more' data-testid='more-actions' disabled={busy} onClick={() => setMoreOpen(true)}>更多</Btn>
      ) : null}
      <Btn className={'btn action-primary ' + (DANGER.includes(primary) ? 'btn-danger' : 'btn-primary')} data-action={primary} disabled={busy}
        onClick={() => onAction(primary)}>
        {COMMAND_LABEL[primary]}
      </Btn>
      {moreOpen ? (
        <Sheet title='更多操作' onClose={() => setMoreOpen(false)}>
          <View data-testid='more-sheet'>
            {more.map((a) => (
              <Btn key={a} className={'btn btn-block mb ' + (DANGER.includes(a) ? 'btn-danger' : '')} data-action={a} disabled={busy}
                onClick={() => { setMoreOpen(false); onAction(a) }}>
                {COMMAND_LABEL[a]}
              </Btn>
            ))}
            <Text className='muted small'>红色的操作会结束或退回这条建议，请谨慎。</Text>
          </View>
        </Sheet>
      ) : null}
    </View>
  )
}
