// Dates as people read them: relative, and absolute in UTC+8, from the UTC strings the server stores.
import { absoluteTime, bothTimes, dateToDeadline, deadlineInDays, relativeTo } from '@/components/time'
import Timeline, { eventDetails } from '@/components/Timeline'
import type { EventView } from '@/domain/api'
import { mount } from './render'

jest.mock('@tarojs/components', () => require('./__mocks__/components'))
jest.mock('@tarojs/taro', () => require('./__mocks__/taro'))

test('a UTC time is shown relative and in China time', () => {
  const now = new Date('2026-11-26T06:00:00.000Z')
  expect(relativeTo('2026-11-26T03:00:00.000Z', now)).toBe('3 小时前')
  expect(absoluteTime('2026-11-26T03:00:00.000Z')).toBe('2026-11-26 11:00')
  expect(absoluteTime('2026-11-26T17:30:00.000Z')).toBe('2026-11-27 01:30')
  expect(bothTimes('2026-11-23T06:00:00.000Z', now)).toBe('3 天前 · 2026-11-23 14:00')
})

test('deadlines are 18:00 China time on the chosen day, stored in UTC', () => {
  expect(dateToDeadline('2026-12-01')).toBe('2026-12-01T10:00:00.000Z')
  // 23:00 in China on Nov 26 is still Nov 26 there: seven days later is Dec 3.
  expect(deadlineInDays(7, new Date('2026-11-26T15:00:00.000Z'))).toBe('2026-12-03T10:00:00.000Z')
})

test('the timeline tells who did what, the details that matter, and when', async () => {
  const events: EventView[] = [
    { id: 'e1', command: 'handOff', actor: { id: 's', name: '赵工作人员', role: 'staff' }, from: 'accepted', to: 'assigned', at: '2026-11-26T03:00:00.000Z', payload: { targetName: '李委员' } },
    { id: 'e2', command: 'reply', actor: { id: 'm', name: '李委员', role: 'member' }, from: 'claimed', to: 'replied', at: '2026-11-26T04:00:00.000Z', payload: { outcome: 'adopted', text: '已修好' } },
    { id: 'e3', command: 'rate', actor: { id: null, name: '匿名群众' }, from: 'replied', to: 'claimed', at: '2026-11-26T05:00:00.000Z', payload: { value: 'dissatisfied', reason: '只修了一半' } },
  ]
  expect(eventDetails(events[2])).toEqual(['理由：只修了一半', '评价：不满意'])
  const m = await mount(<Timeline events={events} />)
  const items = m.qa('[data-testid="timeline-item"]')
  expect(items.map((i) => i.getAttribute('data-command'))).toEqual(['handOff', 'reply', 'rate'])
  expect(items[0].textContent).toContain('赵工作人员（工作人员） 交办')
  expect(items[0].textContent).toContain('办理方：李委员')
  expect(items[1].textContent).toContain('结果：采纳')
  expect(items[1].textContent).toContain('2026-11-26 12:00')
  m.unmount()
})
