import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  Role,
  rosterAccess,
  checkSearch,
  rosterReadScope,
  type FieldError,
  type RosterReadScope,
} from '@pirm/domain';
import {
  MAX_TABLE_FILE_BYTES,
  OrgRepository,
  type DepartmentRow,
  type LeadingGroupMemberRow,
  type Page,
  type PersonRow,
  type PostRow,
  type RosterImportOptions,
  type RosterImportReport,
  type TableFormat,
  type UnitRow,
} from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import { ReviewService } from '../review/review.service';
import { decodeCursor } from '../graphql/connection';
import { pageSizeError } from '../graphql/page-size';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Page sizes of the roster reads. */
export const ROSTER_PAGE = { default: 50, max: 100 } as const;

/** A page request as the GraphQL arguments give it. */
export interface RosterListArgs {
  unitId?: string | null;
  search?: string | null;
  first: number;
  after?: string | null;
}

/** The district's organisation (R01, R02): roster import by the office, and reading it back by scope. */
@Injectable()
export class OrgService {
  constructor(
    private readonly roster: OrgRepository,
    private readonly reviews: ReviewService,
  ) {}

  async importRoster(
    principal: Principal,
    format: TableFormat,
    contentBase64: string,
    options: Pick<RosterImportOptions, 'mode' | 'dryRun'> = {},
  ): Promise<RosterImportReport> {
    const compact = contentBase64.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0) {
      throw DomainError.validation([
        { field: 'contentBase64', reason: 'must be base64', message: '文件内容未能正确上传，请重新选择文件' },
      ]);
    }
    const bytes = Buffer.from(compact, 'base64');
    if (bytes.length === 0)
      throw DomainError.validation([{ field: 'contentBase64', reason: 'the file is empty', message: '文件是空的' }]);
    if (bytes.length > MAX_TABLE_FILE_BYTES) {
      throw DomainError.validation([
        {
          field: 'contentBase64',
          reason: `the file must be at most ${MAX_TABLE_FILE_BYTES / 1024 / 1024} MB`,
          message: `文件不能超过 ${MAX_TABLE_FILE_BYTES / 1024 / 1024} MB`,
        },
      ]);
    }
    return this.roster
      .importRoster(
        bytes,
        format,
        { actor: principal.code, role: Role.OFFICE_ADMIN },
        { ...options, keepPersonCode: principal.code },
      )
      .then((summary) => (summary.dryRun ? summary : this.reviews.afterRosterImport(summary)));
  }

  units(principal: Principal, args: RosterListArgs): Promise<Page<UnitRow>> {
    // A unit is listed to whoever may read any of it.
    return this.roster.units(this.query(principal, args, 1).query);
  }

  departments(principal: Principal, args: RosterListArgs): Promise<Page<DepartmentRow>> {
    return this.roster.departments(this.query(principal, args, 2).query);
  }

  posts(principal: Principal, args: RosterListArgs): Promise<Page<PostRow>> {
    return this.roster.posts(this.query(principal, args, 2).query);
  }

  people(principal: Principal, args: RosterListArgs & { includeLeft: boolean }): Promise<Page<PersonRow>> {
    const { query } = this.query(principal, args, 2, 1);
    return this.roster.people({ ...query, includeLeft: args.includeLeft });
  }

  /** Leading groups are for full readers only: a unit's leaders read their unit's, the office and the team all (and the district's). */
  leadingGroupMembers(
    principal: Principal,
    args: RosterListArgs & { district: boolean },
  ): Promise<Page<LeadingGroupMemberRow>> {
    const scope = rosterReadScope(principal.roles, principal.unitId);
    if (args.district && args.unitId)
      throw DomainError.validation([
        { field: 'district', reason: 'cannot be combined with unitId', message: '查看全区时不能同时选择单位' },
      ]);
    if (args.district && rosterAccess(scope, null) !== 'FULL')
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'The district leading group is read by the office and the discipline team.',
        zh: '全区领导小组名单仅限领导小组办公室和派驻纪检组查看',
      });
    if (scope.full !== 'ALL' && scope.full.length === 0)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: 'Leading groups are read by the office, the discipline team and a unit’s leaders.',
        zh: '领导小组名单仅限领导小组办公室、派驻纪检组和单位领导查看',
      });
    if (args.unitId && rosterAccess(scope, args.unitId) !== 'FULL')
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Unit ${args.unitId}’s leading group is outside your scope.`,
        zh: '该单位的领导小组不在您的查看范围内',
      });
    const { query } = this.query(principal, args, 3);
    return this.roster.leadingGroupMembers({
      ...query,
      unitIds: args.unitId ? [args.unitId] : scope.full === 'ALL' ? null : scope.full,
      district: !args.unitId && scope.full === 'ALL',
      units: !args.district,
    });
  }

  /** Validates the page arguments and narrows the units to the caller's scope (FORBIDDEN for a unit outside it). */
  private query(principal: Principal, args: RosterListArgs, arity: number, uuidTail = 0) {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > ROSTER_PAGE.max) {
      throw DomainError.validation([pageSizeError(ROSTER_PAGE.max)]);
    }
    const errors: FieldError[] = [];
    const search = checkSearch(errors, args.search);
    if (errors.length) throw DomainError.validation(errors);
    const after = decodeCursor(args.after, arity, uuidTail);
    const scope: RosterReadScope = rosterReadScope(principal.roles, principal.unitId);
    if (args.unitId && rosterAccess(scope, args.unitId) === null)
      throw new DomainError(ErrorCode.FORBIDDEN, {
        en: `Unit ${args.unitId} is outside your scope.`,
        zh: '该单位不在您的查看范围内',
      });
    const readable = scope.full === 'ALL' ? null : [...scope.full, ...scope.directory];
    return {
      scope,
      query: {
        unitIds: args.unitId ? [args.unitId] : readable,
        fullUnitIds: scope.full === 'ALL' ? null : scope.full,
        search,
        after,
        first: args.first,
      },
    };
  }
}
