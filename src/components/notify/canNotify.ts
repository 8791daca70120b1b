// Whether the viewer may push a group notice about an item: staff whose scope covers its town, admins — whatever the
// item's state (a group may need to hear that an item was done). The server decides the same with isStaffFor.
import type { Me } from '@/domain/api'
import { isStaffFor } from '@/domain/permissions'

export function canNotify(me: Me | null, townId: string): boolean {
  if (!me || !me.id || !Array.isArray(me.roles)) return false
  return isStaffFor({ personId: me.id, roles: me.roles, sectorGroupIds: me.sectorGroupIds ?? [], boundVillageIds: me.boundVillageIds ?? [], ...(me.staffScope ? { staffScope: me.staffScope } : {}) }, townId)
}
