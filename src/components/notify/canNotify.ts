// Whether the viewer may push a group notice about an item: staff whose scope covers its town, admins — whatever the
// item's state (a group may need to hear that an item was done). The server decides the same with isStaffFor.
import { useEffect, useState } from 'react'
import type { Me } from '@/domain/api'
import { isStaffFor } from '@/domain/permissions'
import { loadMe } from '@/hooks/useMe'

export function canNotify(me: Me | null, townId: string): boolean {
  if (!me || !me.id || !Array.isArray(me.roles)) return false
  return isStaffFor({ personId: me.id, roles: me.roles, sectorGroupIds: me.sectorGroupIds ?? [], boundVillageIds: me.boundVillageIds ?? [], ...(me.staffScope ? { staffScope: me.staffScope } : {}) }, townId)
}

/**
 * The viewer, loaded only when `needed`: an item staff can act on already says so (its actions); only for an ended item
 * does the page need to know whether the viewer is staff for its town.
 */
export function useMeWhen(needed: boolean): Me | null {
  const [me, setMe] = useState<Me | null>(null)
  useEffect(() => {
    if (!needed) return
    let live = true
    loadMe().then((m) => { if (live) setMe(m) }, () => undefined)
    return () => { live = false }
  }, [needed])
  return me
}
