import type { DataSource } from 'typeorm';
import { importRosterFile } from '../roster-import';
import {
  listLeadingGroupMembers,
  listRosterDepartments,
  listRosterPeople,
  listRosterPosts,
  listRosterUnits,
} from '../roster-read.repository';
import type { After } from './bound';

/** The district's roster: imports and the scoped reads (R01, R02). */
export class OrgRepository {
  constructor(private readonly ds: DataSource) {}

  importRoster(...a: After<typeof importRosterFile>) {
    return importRosterFile(this.ds, ...a);
  }

  units(...a: After<typeof listRosterUnits>) {
    return listRosterUnits(this.ds, ...a);
  }

  departments(...a: After<typeof listRosterDepartments>) {
    return listRosterDepartments(this.ds, ...a);
  }

  posts(...a: After<typeof listRosterPosts>) {
    return listRosterPosts(this.ds, ...a);
  }

  people(...a: After<typeof listRosterPeople>) {
    return listRosterPeople(this.ds, ...a);
  }

  leadingGroupMembers(...a: After<typeof listLeadingGroupMembers>) {
    return listLeadingGroupMembers(this.ds, ...a);
  }
}
