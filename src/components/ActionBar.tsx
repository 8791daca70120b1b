// The buttons for the commands this viewer may take now. The list comes from the server (detail.actions: the transition
// table and the one permission function); this bar never adds one of its own.
import { View, Button } from '@tarojs/components'
import type { Command } from '@/domain/transitions'
import { COMMAND_LABEL } from './labels'

/** Commands taken elsewhere on the page (the discussion thread) or never by a person. */
const NOT_IN_BAR: readonly Command[] = ['submit', 'comment', 'second', 'escalate']
const DANGER: readonly Command[] = ['reject', 'withdraw', 'returnItem', 'merge']

export default function ActionBar({ actions, onAction, busy }: { actions: readonly Command[]; onAction: (c: Command) => void; busy?: boolean }) {
  const shown = actions.filter((a) => !NOT_IN_BAR.includes(a))
  if (shown.length === 0) return null
  return (
    <View className='action-bar' data-testid='action-bar'>
      {shown.map((a) => (
        <Button
          key={a}
          className={'btn ' + (DANGER.includes(a) ? 'btn-danger' : 'btn-primary')}
          data-action={a}
          disabled={busy}
          onClick={() => onAction(a)}
        >
          {COMMAND_LABEL[a]}
        </Button>
      ))}
    </View>
  )
}
