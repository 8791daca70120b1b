// A small in-memory county for the pure domain tests: people as actors, an item builder, a directory.
import type { Person, Suggestion, Village } from '../../src/domain/types'
import type { ActorContext } from '../../src/domain/permissions'
import { SYSTEM_ACTOR } from '../../src/domain/permissions'
import type { Directory } from '../../src/domain/views'
import { DEFAULT_TIME_RULES } from '../../src/domain/time'

export const RULES = DEFAULT_TIME_RULES
export const T0 = '2026-03-01T01:00:00.000Z'

export const people: Record<string, Person> = {}
function person(id: string, roles: Person['roles'], extra: Partial<Person> = {}): Person {
  const p: Person = { _id: id, openid: `openid-${id}`, name: `name-${id}`, phone: `139${String(Object.keys(people).length + 1).padStart(8, '0')}`, roles, sectorGroupIds: [], createdAt: T0, updatedAt: T0, ...extra }
  people[id] = p
  return p
}
person('c1', ['citizen'])
person('c2', ['citizen'])
person('m1', ['citizen', 'member'], { sectorGroupIds: ['g1'], boundVillageIds: ['v1'] })
person('m2', ['citizen', 'member'], { sectorGroupIds: ['g1'] })
person('m3', ['citizen', 'member'])
person('sAll', ['citizen', 'staff'], { staffScope: 'all' })
person('sT2', ['citizen', 'staff'], { staffScope: ['t2'] })
person('sT1', ['citizen', 'staff'], { staffScope: ['t1'] })
person('adm', ['admin'])
// Still listed in group g1 but no longer a member (the role was removed): holds no member's powers.
person('xm', ['citizen'], { sectorGroupIds: ['g1'] })
person('d1h', ['citizen', 'departmentHandler'], { departmentIds: ['d1'] })
person('d2h', ['citizen', 'departmentHandler'], { departmentIds: ['d2'] })

export function actorOf(id: string): ActorContext {
  if (id === 'system') return SYSTEM_ACTOR
  const p = people[id]
  const a: ActorContext = { personId: p._id, roles: p.roles, sectorGroupIds: p.sectorGroupIds, boundVillageIds: p.boundVillageIds ?? [] }
  if (p.staffScope) a.staffScope = p.staffScope
  if (p.departmentIds) a.departmentIds = p.departmentIds
  return a
}

export const villages: Record<string, Village> = {
  v1: { _id: 'v1', kind: 'village', townId: 't1', name: '东湖社区', order: 1, boundMemberId: 'm1' },
  v2: { _id: 'v2', kind: 'village', townId: 't1', name: '南市社区', order: 2 },
  v3: { _id: 'v3', kind: 'village', townId: 't2', name: '雅山村', order: 1 },
}

export const directory: Directory = {
  person: (id) => people[id],
  townName: (id) => ({ t1: '当湖街道', t2: '乍浦镇' } as Record<string, string>)[id] ?? '',
  villageName: (id) => villages[id]?.name ?? '',
  sectorGroupName: (id) => (id === 'g1' ? '经济界活动组' : undefined),
  departmentName: (id) => ({ d1: '市住建局', d2: '市交通局' } as Record<string, string>)[id],
}

export function item(patch: Partial<Suggestion> = {}): Suggestion {
  return {
    _id: 'i1', title: '孝心停车位', content: '医院门口设置孝心停车位', category: 'traffic', townId: 't1', villageId: 'v1', images: [],
    anonymous: false, channel: 'online', authorId: 'c1', status: 'submitted', createdAt: T0, updatedAt: T0, publishedAt: T0,
    reopenCount: 0, chaseCount: 0, secondCount: 0, commentCount: 0, mergedFromIds: [], version: 1, ...patch,
  }
}
