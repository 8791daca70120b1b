// The `figures` function: the office's statistics — tables by dimension and period, members' duty records, keyword
// search, Excel exports and the year-end report. Reads only; every export is recorded in `exports`.
import { figuresSchemas as s } from '../../../src/domain/figures/schemas'
import { action, createMain } from '../../../server/handler'
import * as queries from '../../../server/figures/queries'

export const main = createMain({
  table: action(false, s.table, queries.table),
  memberRecords: action(false, s.memberRecords, queries.memberRecords),
  memberRecord: action(false, s.memberRecord, queries.memberRecord),
  search: action(false, s.search, queries.search),
})
