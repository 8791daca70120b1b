// The `figures` function: the office's statistics — tables by dimension and period, members' duty records, keyword
// search, Excel exports and the year-end report. Reads only, except that every export is recorded in `exports`.
import { figuresSchemas as s } from '../../../src/domain/figures/schemas'
import { action, createMain } from '../../../server/handler'
import * as queries from '../../../server/figures/queries'
import * as exports from '../../../server/figures/exports'
import * as report from '../../../server/figures/report'

export const main = createMain({
  table: action(false, s.table, queries.table),
  memberRecords: action(false, s.memberRecords, queries.memberRecords),
  memberRecord: action(false, s.memberRecord, queries.memberRecord),
  search: action(false, s.search, queries.search),
  yearReport: action(false, s.yearReport, report.yearReport),
  // Files: each is written, uploaded to cloud storage and recorded (who, what, when); the answer is a download link.
  exportItems: action(false, s.exportItems, exports.exportItems),
  exportTable: action(false, s.exportTable, exports.exportTable),
  exportMemberRecords: action(false, s.exportMemberRecords, exports.exportMemberRecords),
  exportYearReport: action(false, s.exportYearReport, report.exportYearReport),
})
