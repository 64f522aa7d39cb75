import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Role } from '@pirm/domain';
import { RoleEnum, TableFormatEnum } from '../graphql/enums';

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
}

@InputType()
export class ImportRosterInput {
  @Field(() => TableFormatEnum)
  format!: 'CSV' | 'XLSX';

  @Field({ description: 'The file, base64-encoded (UTF-8 or GB18030 CSV, or XLSX; first sheet).' })
  contentBase64!: string;
}
