import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  LEADING_GROUP_ROLE_LABELS,
  ROLE_LABELS,
  type DepartmentKind,
  type FormType,
  type LeadingGroupRole,
  type PostPower,
  type Role,
  type UnitKind,
} from '@pirm/domain';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import {
  ImportRosterInput,
  LeadingGroupMemberConnection,
  MeModel,
  RoleGrantModel,
  RosterDepartmentConnection,
  RosterImportSummaryModel,
  RosterPersonConnection,
  RosterPostConnection,
  RosterUnitConnection,
  type LeadingGroupMemberModel,
  type RosterDepartmentModel,
  type RosterPersonModel,
  type RosterPostModel,
  type RosterUnitModel,
} from './org.model';
import { OrgService, ROSTER_PAGE } from './org.service';
import { connection, type Connection } from '../graphql/connection';

const toGrant = (r: { role: Role; unitId: string | null; departmentId?: string | null }): RoleGrantModel =>
  Object.assign(new RoleGrantModel(), {
    role: r.role,
    label: ROLE_LABELS[r.role],
    unitId: r.unitId,
    departmentId: r.departmentId ?? null,
  });

const PAGE_ARGS = `first: 1 to ${ROSTER_PAGE.max} (default ${ROSTER_PAGE.default}); after: the endCursor of the previous page.`;

@Resolver()
export class OrgResolver {
  constructor(private readonly org: OrgService) {}

  @Query(() => MeModel)
  me(@CurrentPrincipal() principal: Principal): MeModel {
    return Object.assign(new MeModel(), {
      personId: principal.personId,
      code: principal.code,
      name: principal.name,
      unitId: principal.unitId,
      roles: principal.roles.map(toGrant),
    });
  }

  @Mutation(() => RosterImportSummaryModel, {
    description:
      'Office only. Imports a roster file (R01, R02). One bad row imports nothing; re-importing the same file changes nothing. A full mode marks people missing from the file as left; dryRun reports all of it without writing.',
  })
  async importRoster(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: ImportRosterInput,
  ): Promise<RosterImportSummaryModel> {
    const report = await this.org.importRoster(principal, input.format, input.contentBase64, {
      mode: input.mode,
      dryRun: input.dryRun,
    });
    return Object.assign(new RosterImportSummaryModel(), report);
  }

  @Query(() => RosterUnitConnection, {
    description: `Units by code, searchable by name or code (R01): all for the office and the discipline team, otherwise the caller’s units. ${PAGE_ARGS}`,
  })
  async rosterUnits(
    @CurrentPrincipal() principal: Principal,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, defaultValue: ROSTER_PAGE.default }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<RosterUnitModel>> {
    const page = await this.org.units(principal, { search, first, after });
    return connection(page, (r) => ({ id: r.id, name: r.name, kind: r.kind as UnitKind }));
  }

  @Query(() => RosterDepartmentConnection, {
    description: `科室 and 年级组 by unit and code, searchable by name or code, within the caller’s scope. ${PAGE_ARGS}`,
  })
  async rosterDepartments(
    @CurrentPrincipal() principal: Principal,
    @Args('unitId', { type: () => ID, nullable: true }) unitId: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, defaultValue: ROSTER_PAGE.default }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<RosterDepartmentModel>> {
    const page = await this.org.departments(principal, { unitId, search, first, after });
    return connection(page, (r) => ({
      id: r.id,
      unitId: r.unitId,
      code: r.code,
      name: r.name,
      kind: r.kind as DepartmentKind,
    }));
  }

  @Query(() => RosterPostConnection, {
    description: `岗位 by unit and code, searchable by name or code, within the caller’s scope. ${PAGE_ARGS}`,
  })
  async rosterPosts(
    @CurrentPrincipal() principal: Principal,
    @Args('unitId', { type: () => ID, nullable: true }) unitId: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, defaultValue: ROSTER_PAGE.default }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<RosterPostModel>> {
    const page = await this.org.posts(principal, { unitId, search, first, after });
    return connection(page, (r) => ({
      id: r.id,
      unitId: r.unitId,
      code: r.code,
      name: r.name,
      postType: r.postType,
      formType: r.formType as FormType,
      departmentId: r.departmentId,
      duties: r.duties,
      powers: r.powers as PostPower[],
      processSteps: r.processSteps,
    }));
  }

  @Query(() => RosterPersonConnection, {
    description: `People by name, searchable by name (or 工号 where the caller reads the unit in full). The office and the discipline team read every unit in full, a unit’s leaders their unit; staff get their unit’s directory (names, departments, posts). includeLeft: also people a full import marked as left (full readers only). ${PAGE_ARGS}`,
  })
  async rosterPeople(
    @CurrentPrincipal() principal: Principal,
    @Args('unitId', { type: () => ID, nullable: true }) unitId: string | null,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('includeLeft', { defaultValue: false }) includeLeft: boolean,
    @Args('first', { type: () => Int, defaultValue: ROSTER_PAGE.default }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<RosterPersonModel>> {
    const page = await this.org.people(principal, { unitId, search, includeLeft, first, after });
    return connection(page, (r) => ({
      id: r.id,
      name: r.name,
      unitId: r.unitId,
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      postId: r.postId,
      postName: r.postName,
      code: r.code,
      position: r.position,
      roles: r.roles ? r.roles.map((g) => toGrant({ ...g, role: g.role as Role })) : null,
      leftAt: r.leftAt,
    }));
  }

  @Query(() => LeadingGroupMemberConnection, {
    description: `Leading group members (R02): a unit’s leaders read their unit’s group, the office and the discipline team every group; district: only the district’s group. ${PAGE_ARGS}`,
  })
  async leadingGroupMembers(
    @CurrentPrincipal() principal: Principal,
    @Args('unitId', { type: () => ID, nullable: true }) unitId: string | null,
    @Args('district', { defaultValue: false }) district: boolean,
    @Args('search', { type: () => String, nullable: true }) search: string | null,
    @Args('first', { type: () => Int, defaultValue: ROSTER_PAGE.default }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<LeadingGroupMemberModel>> {
    const page = await this.org.leadingGroupMembers(principal, { unitId, district, search, first, after });
    return connection(page, (r) => ({
      id: r.id,
      unitId: r.unitId,
      role: r.role as LeadingGroupRole,
      label: LEADING_GROUP_ROLE_LABELS[r.role as LeadingGroupRole],
      title: r.title,
      personId: r.personId,
      code: r.code,
      name: r.name,
    }));
  }
}
