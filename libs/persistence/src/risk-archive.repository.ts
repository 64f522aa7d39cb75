import type { DataSource } from 'typeorm';
import type { ArchivedPoint, FormType } from '@pirm/domain';

/** A risk point as createRiskArchive stores it in the archive's content. */
export interface ArchivedRiskPoint extends ArchivedPoint {
  ordinal: number;
  level: string;
}

/** One approved form as createRiskArchive stores it. */
export interface ArchivedForm {
  formType: FormType;
  name: string;
  postCode: string;
  postName: string;
  postDuties: string;
  workflowDescription: string;
  controlMeasures: string;
  riskPoints: ArchivedRiskPoint[];
}

export interface ArchivedPost {
  /** `archive:{unitId}:v{version}`: where a prefilled form's content came from. */
  source: string;
  form: ArchivedForm;
}

/**
 * The post's entry in the unit's latest risk archive of an earlier campaign (R20: the adjusted risks seed next
 * year's campaign). Several people may hold one post: the person's own entry (by name) is preferred, else the
 * post's first; null when the latest archive does not have the post.
 */
export async function latestArchivedPost(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  postCode: string,
  personName: string,
): Promise<ArchivedPost | null> {
  const [archive] = (await ds.query(
    `SELECT version, content->'forms' AS forms FROM risk_archive WHERE unit_id = $1 AND campaign_id <> $2 ORDER BY version DESC LIMIT 1`,
    [unitId, campaignId],
  )) as { version: number; forms: ArchivedForm[] }[];
  const entries = archive?.forms.filter((f) => f.postCode === postCode) ?? [];
  const form = entries.find((f) => f.name === personName) ?? entries[0];
  return form ? { source: `archive:${unitId}:v${archive!.version}`, form } : null;
}
