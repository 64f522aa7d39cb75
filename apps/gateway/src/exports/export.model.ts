import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ExportKind } from '@pirm/domain';

registerEnumType(ExportKind, { name: 'ExportKind', description: 'A printed form (R23) or an XLSX export (R21).' });
const ExportStatusEnum = { RUNNING: 'RUNNING', DONE: 'DONE', FAILED: 'FAILED' } as const;
registerEnumType(ExportStatusEnum, { name: 'ExportStatus' });

@InputType()
export class StartExportInput {
  @Field(() => ExportKind)
  kind!: ExportKind;

  @Field(() => ID)
  campaignId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The unit, for UNIT_RISK_LIST; for YEAR_END_ASSESSMENT one unit’s (empty: the district’s).',
  })
  unitId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The form, for RISK_FORM_PDF.' })
  formId?: string | null;
}

@ObjectType('ExportJob')
export class ExportJobModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ExportKind)
  kind!: ExportKind;

  @Field(() => ExportStatusEnum)
  status!: keyof typeof ExportStatusEnum;

  @Field()
  fileName!: string;

  @Field(() => Int, { description: 'Rows written so far (a printed form counts as one).' })
  rowsDone!: number;

  @Field(() => Int, { nullable: true, description: 'Rows in all, once counted.' })
  rowsTotal!: number | null;

  @Field(() => Float, { description: 'From 0 to 1.' })
  progress!: number;

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  error!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'When DONE: a link that downloads the file without a bearer token, until expiresAt.',
  })
  downloadUrl!: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;
}
