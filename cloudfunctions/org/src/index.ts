// The `org` function: the caller's profile, towns and villages, members, groups, departments, staff; admin commands.
import { orgSchemas as s } from '../../../src/domain/schemas'
import { action, createMain } from '../../../server/handler'
import * as org from '../../../server/orgActions'

export const main = createMain({
  me: action(false, s.me, (ctx) => org.me(ctx)),
  updateProfile: action(true, s.updateProfile, org.updateProfile),
  towns: action(false, s.towns, () => org.towns()),
  members: action(false, s.members, org.members),
  sectorGroups: action(false, s.sectorGroups, () => org.sectorGroups()),
  departments: action(false, s.departments, () => org.departments()),
  staffList: action(false, s.staffList, (ctx) => org.staffList(ctx)),
  findPeople: action(false, s.findPeople, org.findPeople),
  upsertTown: action(true, s.upsertTown, org.upsertTown),
  upsertVillage: action(true, s.upsertVillage, org.upsertVillage),
  bindMember: action(true, s.bindMember, org.bindMember),
  upsertSectorGroup: action(true, s.upsertSectorGroup, org.upsertSectorGroup),
  upsertDepartment: action(true, s.upsertDepartment, org.upsertDepartment),
  setRoles: action(true, s.setRoles, org.setRoles),
})
