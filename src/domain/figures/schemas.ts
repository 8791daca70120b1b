// Input schemas of the `figures` function (valibot; a failure names the field).
import * as v from 'valibot'
import { CATEGORIES, STATUSES } from '../types'
import { STATUS_FAMILIES, TRIAGE_TABS } from '../api'
import { idSchema } from '../schemas'
import { DIMENSIONS } from './measures'

const year = v.pipe(v.number('年份应为数字'), v.integer('年份应为整数'), v.minValue(2000, '年份不对'), v.maxValue(2100, '年份不对'))
const day = v.pipe(v.string('日期应为文字'), v.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-03-01'))

export const periodSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('year'), year }),
  v.strictObject({ kind: v.literal('quarter'), year, quarter: v.pipe(v.number(), v.integer(), v.minValue(1, '季度应为 1–4'), v.maxValue(4, '季度应为 1–4')) }),
  v.strictObject({ kind: v.literal('month'), year, month: v.pipe(v.number(), v.integer(), v.minValue(1, '月份应为 1–12'), v.maxValue(12, '月份应为 1–12')) }),
  v.pipe(
    v.strictObject({ kind: v.literal('range'), from: day, to: day }),
    v.check((p) => p.from <= p.to, '开始日期应不晚于结束日期'),
  ),
], '请选择统计周期')

const filters = {
  townId: v.optional(idSchema),
  category: v.optional(v.picklist(CATEGORIES, '类别不对')),
}
const cursor = v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_|:.-]{1,200}$/, '翻页位置不对'))))

export const figuresSchemas = {
  table: v.strictObject({ period: periodSchema, dimension: v.picklist(DIMENSIONS, '统计维度不对'), ...filters }),
  memberRecords: v.strictObject({ year, townId: v.optional(idSchema) }),
  memberRecord: v.strictObject({ year, memberId: v.optional(idSchema), cursor }),
  search: v.strictObject({
    q: v.pipe(v.string('关键词应为文字'), v.trim(), v.minLength(1, '请输入关键词'), v.maxLength(50, '关键词最多 50 字')),
    ...filters, family: v.optional(v.picklist(STATUS_FAMILIES, '状态不对')), cursor,
  }),
  exportItems: v.pipe(
    v.strictObject({
      period: v.optional(periodSchema), ...filters, family: v.optional(v.picklist(STATUS_FAMILIES, '状态不对')),
      statuses: v.optional(v.pipe(v.array(v.picklist(STATUSES, '状态不对')), v.minLength(1, '请选择状态'), v.maxLength(STATUSES.length, '状态不对'))),
      tab: v.optional(v.picklist(TRIAGE_TABS, '列表不对')), oldestFirst: v.optional(v.boolean('排序不对')),
    }),
    // A period's items, or a triage list as it shows: without either there is no list to export.
    v.forward(v.partialCheck([['period'], ['tab']], (i) => !!i.period || !!i.tab, '请选择统计周期'), ['period']),
  ),
  exportTable: v.strictObject({ period: periodSchema, dimension: v.picklist(DIMENSIONS, '统计维度不对'), ...filters }),
  exportMemberRecords: v.strictObject({ year, layout: v.picklist(['table', 'sheets'] as const, '导出方式不对') }),
  yearReport: v.strictObject({ year, townId: v.optional(idSchema) }),
  exportYearReport: v.strictObject({ year, townId: v.optional(idSchema) }),
} as const
