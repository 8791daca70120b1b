// Where an uploaded photo goes in cloud storage: <folder>/<UTC day>/<time>-<random>.jpg, the same on WeChat and H5.
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

export function cloudPath(folder: string, now: Date = new Date()): string {
  return `${folder}/${dayjs(now).utc().format('YYYYMMDD')}/${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 10)}.jpg`
}
