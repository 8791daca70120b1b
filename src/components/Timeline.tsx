// The item's history, one line per event, newest last.
import type { ReactNode } from 'react'
import { View, Text, Image } from '@tarojs/components'
import type { EventView } from '@/domain/api'
import type { Outcome, Rating } from '@/domain/types'
import { COMMAND_LABEL, HIDDEN_PERSON, OUTCOME_LABEL, RATING_LABEL, ROLE_LABEL, STATUS_LABEL } from './labels'
import { bothTimes } from './time'
import { fileUrl } from '@/api/files'
import { EVENT_LABELS } from '@/domain/notify/labels'

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null
}

/** The details a person cares about for one event, in words. */
export function eventDetails(e: EventView): string[] {
  const p = e.payload ?? {}
  const out: string[] = []
  const target = str(p.targetName)
  if (target) out.push('办理方：' + target)
  if (str(p.reason)) out.push('理由：' + p.reason)
  if (str(p.note)) out.push(e.command === 'progress' ? String(p.note) : '说明：' + p.note)
  if (str(p.outcome)) out.push('结果：' + (OUTCOME_LABEL[p.outcome as Outcome] ?? p.outcome))
  const dept = p.onBehalfOfDepartment as { name?: string } | undefined
  if (dept && typeof dept === 'object' && dept.name) out.push('代' + dept.name + '录入书面答复')
  if (str(p.text) && (e.command === 'reply' || e.command === 'recordReply')) out.push(String(p.text))
  if (str(p.value)) out.push('评价：' + (RATING_LABEL[p.value as Rating] ?? p.value))
  const plan = p.plan as { actions?: string; responsibleUnit?: string } | undefined
  if (plan && typeof plan === 'object' && plan.actions) out.push('协商方案：' + plan.actions + (plan.responsibleUnit ? '（' + plan.responsibleUnit + '）' : ''))
  if (str(p.intoTitle)) out.push('并入：' + p.intoTitle)
  if (e.command === 'noticePushed' && Array.isArray(p.targets)) out.push('发到：' + (p.targets as Array<{ name?: string }>).map((t) => t.name).filter(Boolean).join('、'))
  return out
}

/** "张三（工作人员）"; a hidden person whose name already is the role ("群众", "匿名群众", "系统") is named once. */
export function actorLabel(actor: EventView['actor']): string {
  if (!actor.role) return actor.name
  const hidden: string[] = Object.values(HIDDEN_PERSON)
  return hidden.includes(actor.name) ? actor.name : actor.name + '（' + ROLE_LABEL[actor.role] + '）'
}

/**
 * `below` adds what a viewer may see under an event (staff: where its notifications went); `footer` ends the card.
 * `onOlder`: the history has older events than these (a busy item shows its newest first); tapping loads a page of them.
 */
export default function Timeline({ events, below, footer, onOlder, olderBusy }: { events: EventView[]; below?: (e: EventView) => ReactNode; footer?: ReactNode; onOlder?: () => void; olderBusy?: boolean }) {
  if (events.length === 0) return null
  return (
    <View className='card' data-testid='timeline'>
      <Text className='section-title'>办理过程</Text>
      {onOlder ? (
        <View className='link small mt' role='button' data-testid='timeline-older' aria-disabled={olderBusy} onClick={olderBusy ? undefined : onOlder}>
          <Text>{olderBusy ? '正在加载…' : '查看更早的记录'}</Text>
        </View>
      ) : null}
      <View className='mt'>
        {events.map((e) => {
          const images = Array.isArray(e.payload?.images) ? (e.payload.images as string[]) : []
          return (
            <View key={e.id} className='timeline-item' data-testid='timeline-item' data-command={e.command}>
              <View className='timeline-dot' />
              <View>
                <Text>{actorLabel(e.actor)} {(COMMAND_LABEL as Record<string, string>)[e.command] ?? EVENT_LABELS[e.command] ?? e.command}</Text>
                {e.from !== e.to ? <Text className='muted small'> → {STATUS_LABEL[e.to]}</Text> : null}
              </View>
              {eventDetails(e).map((d, i) => <View key={i}><Text className='small'>{d}</Text></View>)}
              {images.length ? (
                <View className='thumbs mt'>
                  {images.map((src) => <Image key={src} className='photo' src={fileUrl(src)} mode='aspectFill' />)}
                </View>
              ) : null}
              <View><Text className='muted small'>{bothTimes(e.at)}</Text></View>
              {below ? below(e) : null}
            </View>
          )
        })}
      </View>
      {footer}
    </View>
  )
}
