// Times arrive as UTC ISO strings; people read them in UTC+8, relative ("3 小时前") and absolute.
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import relativeTime from 'dayjs/plugin/relativeTime'
import 'dayjs/locale/zh-cn'

dayjs.extend(utc)
dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

const CHINA_OFFSET_MINUTES = 8 * 60

export function absoluteTime(iso: string): string {
  return dayjs.utc(iso).utcOffset(CHINA_OFFSET_MINUTES).format('YYYY-MM-DD HH:mm')
}

export function absoluteDate(iso: string): string {
  return dayjs.utc(iso).utcOffset(CHINA_OFFSET_MINUTES).format('YYYY-MM-DD')
}

export function relativeTo(iso: string, now: Date = new Date()): string {
  return dayjs.utc(iso).from(dayjs(now))
}

/** "3 小时前 · 2026-11-26 11:00" */
export function bothTimes(iso: string, now?: Date): string {
  return `${relativeTo(iso, now)} · ${absoluteTime(iso)}`
}

/** A deadline N days from now at 18:00 UTC+8, as a UTC ISO string. */
export function deadlineInDays(days: number, now: Date = new Date()): string {
  return dayjs.utc(now).utcOffset(CHINA_OFFSET_MINUTES).add(days, 'day').hour(18).minute(0).second(0).millisecond(0).toISOString()
}

/** A picked date (YYYY-MM-DD in UTC+8) as 18:00 that day in UTC. */
export function dateToDeadline(date: string): string {
  return dayjs.utc(date + 'T18:00:00+08:00').toISOString()
}
