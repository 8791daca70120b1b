// 通知工作群: staff choose the groups (the item's village, its town, sector groups, the staff group), see the text as
// the robot will post it, and send; afterwards the sheet shows where it went and each delivery's state.
import { useEffect, useState } from 'react'
import { View, Text, Textarea, Button } from '@tarojs/components'
import type { SuggestionDetail } from '@/domain/api'
import type { NoticeTarget } from '@/domain/notify/api'
import { toApiError, type ApiError } from '@/api'
import { notify } from '@/api/notify'
import { useCommand } from '@/hooks/useCommand'
import { ErrorBox, Field, Sheet } from '@/components/ui'
import { STATUS_LABEL } from '@/components/labels'
import ItemDeliveries from './ItemDeliveries'

export default function NoticeSheet({ detail, onClose }: { detail: SuggestionDetail; onClose: () => void }) {
  const [text, setText] = useState(`请关注：${detail.title}（${STATUS_LABEL[detail.status]}）`)
  const [targets, setTargets] = useState<NoticeTarget[] | null>(null)
  const [chosen, setChosen] = useState<string[]>(['village'])
  const [preview, setPreview] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [sent, setSent] = useState(0)
  useEffect(() => {
    notify('noticeTargets', { id: detail.id }).then((r) => setTargets(r.targets), (e) => setError(toApiError(e)))
  }, [detail.id])
  const send = useCommand(async (requestId: string) => notify('pushNotice', { id: detail.id, groups: chosen, text: text.trim() }, { requestId }))
  const toggle = (g: string) => { setPreview(null); setChosen((c) => (c.includes(g) ? c.filter((x) => x !== g) : [...c, g])) }

  return (
    <Sheet title='通知工作群' onClose={onClose}>
      <Field label='发到哪些群'>
        <View className='choice-row' role='group' aria-label='发到哪些群' data-testid='notice-targets'>
          {(targets ?? []).map((t) => (
            <View key={t.group} role='checkbox' aria-checked={chosen.includes(t.group)} data-testid={`notice-target-${t.group.split(':')[0]}`}
              className={'choice' + (chosen.includes(t.group) ? ' choice-active' : '')} onClick={() => toggle(t.group)}>
              <Text>{t.label}{t.hasRobot ? '' : '（未登记机器人）'}</Text>
            </View>
          ))}
        </View>
      </Field>
      <Field label='通知内容'>
        <Textarea className='textarea' aria-label='通知内容' data-testid='action-text' value={text} maxlength={500}
          onInput={(e) => { setText(e.detail.value); setPreview(null) }} />
      </Field>
      {preview !== null ? (
        <View className='card' data-testid='notice-preview'>
          <Text className='muted small'>群里将看到：</Text>
          <View><Text style={{ whiteSpace: 'pre-wrap' }}>{preview}</Text></View>
        </View>
      ) : null}
      <ErrorBox error={error ?? send.error} />
      {preview === null ? (
        <Button className='btn btn-block' data-testid='notice-preview-button' disabled={!text.trim() || chosen.length === 0} onClick={async () => {
          try {
            setPreview((await notify('previewNotice', { id: detail.id, text: text.trim() })).markdown)
          } catch (e) {
            setError(toApiError(e))
          }
        }}>预览</Button>
      ) : (
        <Button className='btn btn-primary btn-block' data-testid='action-submit' disabled={send.busy || chosen.length === 0} onClick={async () => {
          if (await send.run()) { setSent((n) => n + 1); setPreview(null) }
        }}>{send.busy ? '正在发送…' : '发送'}</Button>
      )}
      <ItemDeliveries id={detail.id} refresh={sent} robotsOnly />
    </Sheet>
  )
}
