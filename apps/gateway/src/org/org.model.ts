import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  DEPARTMENT_KINDS,
  DEPARTMENT_KIND_LABELS,
  LEADING_GROUP_ROLES,
  LEADING_GROUP_ROLE_LABELS,
  POST_POWERS,
  POST_POWER_LABELS,
  ROSTER_IMPORT_MODES,
  ROSTER_IMPORT_MODE_LABELS,
  UNIT_KINDS,
  UNIT_KIND_LABELS,
  type DepartmentKind,
  type FormType,
  type LeadingGroupRole,
  type PostPower,
  type Role,
  type RosterImportMode,
  type UnitKind,
} from '@pirm/domain';
import { FormTypeEnum, RoleEnum, TableFormatEnum, graphqlEnum } from '../graphql/enums';
import { connectionOf } from '../graphql/connection';

const UnitKindEnum = graphqlEnum(UNIT_KINDS, 'UnitKind', { labels: UNIT_KIND_LABELS });
const DepartmentKindEnum = graphqlEnum(DEPARTMENT_KINDS, 'DepartmentKind', { labels: DEPARTMENT_KIND_LABELS });
const PostPowerEnum = graphqlEnum(POST_POWERS, 'PostPower', { labels: POST_POWER_LABELS });
const LeadingGroupRoleEnum = graphqlEnum(LEADING_GROUP_ROLES, 'LeadingGroupRole', {
  labels: LEADING_GROUP_ROLE_LABELS,
});

export const RosterImportModeEnum = graphqlEnum(ROSTER_IMPORT_MODES, 'RosterImportMode', {
  description:
    'MERGE: only the people in the file change. FULL_UNITS: people of the units in the file who are missing from it leave. FULL_DISTRICT: everyone missing from the file leaves.',
  labels: ROSTER_IMPORT_MODE_LABELS,
});

@ObjectType('RoleGrant')
export class RoleGrantModel {
  @Field(() => RoleEnum)
  role!: Role;

  @Field({ description: 'The role in Chinese.' })
  label!: string;

  @Field(() => ID, { nullable: true, description: 'null: the whole district.' })
  unitId!: string | null;

  @Field(() => ID, { nullable: true })
  departmentId!: string | null;
}

@ObjectType('Me', { description: 'The signed-in person and the roles the roster gives them.' })
export class MeModel {
  @Field(() => ID)
  personId!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => ID, { nullable: true })
  unitId!: string | null;

  @Field(() => [RoleGrantModel])
  roles!: RoleGrantModel[];
}

@ObjectType('ImportCounts')
export class ImportCountsModel {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;
}

@ObjectType('RosterLeaver')
export class RosterLeaverModel {
  @Field(() => ID)
  personId!: string;

  @Field({ description: '工号' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => ID, { nullable: true })
  unitId!: string | null;
}

@ObjectType('RosterRowError')
export class RosterRowErrorModel {
  @Field(() => Int, { description: 'The file row (header = 1).' })
  row!: number;

  @Field({ description: 'The column header; empty for the file as a whole.' })
  column!: string;

  @Field({ description: 'What is wrong, in English (stable for scripts).' })
  reason!: string;

  @Field({ description: 'What is wrong, in Chinese, for the office.' })
  message!: string;
}

@ObjectType('RosterImportSummary')
export class RosterImportSummaryModel {
  @Field(() => ImportCountsModel)
  units!: ImportCountsModel;

  @Field(() => ImportCountsModel)
  departments!: ImportCountsModel;

  @Field(() => ImportCountsModel)
  posts!: ImportCountsModel;

  @Field(() => ImportCountsModel)
  people!: ImportCountsModel;

  @Field(() => Int, { description: 'People whose roles changed.' })
  roleChanges!: number;

  @Field(() => Int, { description: 'Leading groups whose membership changed.' })
  leadingGroupChanges!: number;

  @Field(() => RosterImportModeEnum)
  mode!: RosterImportMode;

  @Field({ description: 'true: nothing was written; the summary says what the import would do.' })
  dryRun!: boolean;

  @Field(() => [String], { description: '工号 of the people the import adds.' })
  newPeople!: string[];

  @Field(() => [String], {
    description: '工号 of the people whose record or roles change, or who come back after leaving.',
  })
  changedPeople!: string[];

  @Field(() => [RosterLeaverModel], {
    description:
      'People a full import marks as left: they lose every role and can no longer sign in; their history stays.',
  })
  leavers!: RosterLeaverModel[];

  @Field(() => [ID], { description: 'Units the import touches: those in the file and those of leavers.' })
  unitIds!: string[];

  @Field(() => [RosterRowErrorModel], {
    description: 'Dry run only: every problem of the file (a real import with any problem is refused with them).',
  })
  errors!: RosterRowErrorModel[];
}

@InputType()
export class ImportRosterInput {
  @Field(() => TableFormatEnum)
  format!: 'CSV' | 'XLSX';

  @Field({ description: 'The file, base64-encoded (UTF-8 or GB18030 CSV, or XLSX; first sheet).' })
  contentBase64!: string;

  @Field(() => RosterImportModeEnum, { defaultValue: 'MERGE' })
  mode!: RosterImportMode;

  @Field({
    defaultValue: false,
    description: 'Report what the import would change (and every row problem) without writing anything.',
  })
  dryRun!: boolean;
}

// ---- reading the roster back (issue 12.9): GraphQL views, not the entities ----

@ObjectType('RosterUnit')
export class RosterUnitModel {
  @Field(() => ID, { description: 'The unit code.' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => UnitKindEnum)
  kind!: UnitKind;
}

@ObjectType('RosterDepartment', { description: '科室 / 年级组.' })
export class RosterDepartmentModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  unitId!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => DepartmentKindEnum)
  kind!: DepartmentKind;
}

@ObjectType('RosterPost', { description: '岗位 with its duties and powers (R06).' })
export class RosterPostModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  unitId!: string;

  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field({ description: '岗位类别' })
  postType!: string;

  @Field(() => FormTypeEnum)
  formType!: FormType;

  @Field(() => ID, { nullable: true })
  departmentId!: string | null;

  @Field()
  duties!: string;

  @Field(() => [PostPowerEnum])
  powers!: PostPower[];

  @Field(() => [String])
  processSteps!: string[];
}

@ObjectType('RosterPerson', {
  description:
    'A person of the roster. Directory readers (staff of the unit) get names, departments and posts only: the other fields are null.',
})
export class RosterPersonModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ID, { nullable: true })
  unitId!: string | null;

  @Field(() => ID, { nullable: true })
  departmentId!: string | null;

  @Field(() => String, { nullable: true })
  departmentName!: string | null;

  @Field(() => ID, { nullable: true })
  postId!: string | null;

  @Field(() => String, { nullable: true })
  postName!: string | null;

  @Field(() => String, { nullable: true, description: '工号; null for directory readers.' })
  code!: string | null;

  @Field(() => String, { nullable: true, description: '职务; null for directory readers.' })
  position!: string | null;

  @Field(() => [RoleGrantModel], { nullable: true, description: 'null for directory readers.' })
  roles!: RoleGrantModel[] | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When a full import found them missing; null while on the roster (and for directory readers).',
  })
  leftAt!: Date | null;
}

@ObjectType('LeadingGroupMember', {
  description: 'A member of the district (unitId null) or a unit’s leading group or its office (R02).',
})
export class LeadingGroupMemberModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  unitId!: string | null;

  @Field(() => LeadingGroupRoleEnum)
  role!: LeadingGroupRole;

  @Field({ description: 'The role in Chinese.' })
  label!: string;

  @Field({ description: '职务说明' })
  title!: string;

  @Field(() => ID)
  personId!: string;

  @Field({ description: '工号' })
  code!: string;

  @Field()
  name!: string;
}

export const RosterUnitConnection = connectionOf('RosterUnit', RosterUnitModel);
export const RosterDepartmentConnection = connectionOf('RosterDepartment', RosterDepartmentModel);
export const RosterPostConnection = connectionOf('RosterPost', RosterPostModel);
export const RosterPersonConnection = connectionOf('RosterPerson', RosterPersonModel);
export const LeadingGroupMemberConnection = connectionOf('LeadingGroupMember', LeadingGroupMemberModel);
