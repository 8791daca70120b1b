// What the office's figures screens may ask for (src/domain/figures/schemas.ts): a period, a dimension, a search, an
// export; a bad request names the field and says in Chinese what is wrong.
import { parseInput } from '../../src/domain/schemas'
import { figuresSchemas as f, periodSchema } from '../../src/domain/figures/schemas'

const refusal = (schema: Parameters<typeof parseInput>[0], input: unknown) => {
  const r = parseInput(schema, input)
  return r.ok ? 'accepted' : [r.field, r.message]
}

test('a period: a year, a quarter, a month or a range of days, each within bounds', () => {
  expect(refusal(periodSchema, { kind: 'year', year: 2026 })).toBe('accepted')
  expect(refusal(periodSchema, { kind: 'quarter', year: 2026, quarter: 4 })).toBe('accepted')
  expect(refusal(periodSchema, { kind: 'month', year: 2026, month: 12 })).toBe('accepted')
  expect(refusal(periodSchema, { kind: 'range', from: '2026-03-01', to: '2026-03-01' })).toBe('accepted')
  expect(refusal(periodSchema, { kind: 'year', year: 1999 })).toStrictEqual(['year', '年份不对'])
  expect(refusal(periodSchema, { kind: 'year', year: 2101 })).toStrictEqual(['year', '年份不对'])
  expect(refusal(periodSchema, { kind: 'year', year: '2026' })).toStrictEqual(['year', '年份应为数字'])
  expect(refusal(periodSchema, { kind: 'year', year: 2026.5 })).toStrictEqual(['year', '年份应为整数'])
  expect(refusal(periodSchema, { kind: 'quarter', year: 2026, quarter: 0 })).toStrictEqual(['quarter', '季度应为 1–4'])
  expect(refusal(periodSchema, { kind: 'quarter', year: 2026, quarter: 5 })).toStrictEqual(['quarter', '季度应为 1–4'])
  expect(refusal(periodSchema, { kind: 'month', year: 2026, month: 0 })).toStrictEqual(['month', '月份应为 1–12'])
  expect(refusal(periodSchema, { kind: 'month', year: 2026, month: 13 })).toStrictEqual(['month', '月份应为 1–12'])
  expect(refusal(periodSchema, { kind: 'range', from: '2026-3-1', to: '2026-03-31' })).toStrictEqual(['from', '日期格式应为 2026-03-01'])
  expect(refusal(periodSchema, { kind: 'range', from: 20260301, to: '2026-03-31' })).toStrictEqual(['from', '日期应为文字'])
  expect(refusal(periodSchema, { kind: 'range', from: '2026-03-02', to: '2026-03-01' })).toStrictEqual(['input', '开始日期应不晚于结束日期'])
  expect(refusal(periodSchema, { kind: 'week', year: 2026 })).toStrictEqual(['kind', '请选择统计周期'])
})

test('a table: a period and a dimension, filtered by town and category', () => {
  const year = { kind: 'year', year: 2026 }
  expect(refusal(f.table, { period: year, dimension: 'town', townId: 't1', category: 'traffic' })).toBe('accepted')
  expect(refusal(f.table, { period: year, dimension: 'weather' })).toStrictEqual(['dimension', '统计维度不对'])
  expect(refusal(f.table, { period: year, dimension: 'town', category: 'weather' })).toStrictEqual(['category', '类别不对'])
  expect(refusal(f.exportTable, { period: year, dimension: 'weather' })).toStrictEqual(['dimension', '统计维度不对'])
  expect(refusal(f.exportMemberRecords, { year: 2026, layout: 'pdf' })).toStrictEqual(['layout', '导出方式不对'])
  expect(refusal(f.exportMemberRecords, { year: 2026, layout: 'sheets' })).toBe('accepted')
})

test('a search: one to 50 characters after trimming, a status family, a page cursor', () => {
  expect(refusal(f.search, { q: ' 路灯 ', family: 'ended', cursor: '2026-03-01T00:00:00.000Z|i1' })).toBe('accepted')
  expect(refusal(f.search, { q: '   ' })).toStrictEqual(['q', '请输入关键词'])
  expect(refusal(f.search, { q: '字'.repeat(51) })).toStrictEqual(['q', '关键词最多 50 字'])
  expect(refusal(f.search, { q: 7 })).toStrictEqual(['q', '关键词应为文字'])
  expect(refusal(f.search, { q: '路灯', family: 'open' })).toStrictEqual(['family', '状态不对'])
  expect(refusal(f.search, { q: '路灯', cursor: 'a b' })).toStrictEqual(['cursor', '翻页位置不对'])
  expect(refusal(f.memberRecord, { year: 2026, cursor: 'x'.repeat(201) })).toStrictEqual(['cursor', '翻页位置不对'])
})

test('an item export needs a period or a triage list, and at least one status when statuses are given', () => {
  expect(refusal(f.exportItems, { period: { kind: 'year', year: 2026 }, statuses: ['closed'] })).toBe('accepted')
  expect(refusal(f.exportItems, { tab: 'overdue', oldestFirst: true })).toBe('accepted')
  expect(refusal(f.exportItems, {})).toStrictEqual(['period', '请选择统计周期'])
  expect(refusal(f.exportItems, { tab: 'overdue', statuses: [] })).toStrictEqual(['statuses', '请选择状态'])
  expect(refusal(f.exportItems, { tab: 'overdue', statuses: ['lost'] })).toStrictEqual(['statuses.0', '状态不对'])
  expect(refusal(f.exportItems, { tab: 'mine' })).toStrictEqual(['tab', '列表不对'])
  expect(refusal(f.exportItems, { tab: 'overdue', oldestFirst: 'yes' })).toStrictEqual(['oldestFirst', '排序不对'])
})
