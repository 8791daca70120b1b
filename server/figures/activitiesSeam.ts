// The seam to the activities capability (请你来协商 活动): activities attended per member and the year's activity
// counts. Until that capability's collections exist on main these answer null, and the records and the report say
// nothing about activities rather than a made-up zero.
import type { Id } from '../../src/domain/types'
import type { Period } from '../../src/domain/figures/periods'

export async function activitiesAttendedBy(_memberIds: Id[], _period: Period): Promise<Map<Id, number> | null> {
  return null
}

export async function activityCounts(_period: Period, _townId?: Id): Promise<{ held: number; participantTimes: number } | null> {
  return null
}
