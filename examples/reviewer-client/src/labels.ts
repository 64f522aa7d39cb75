// Chinese labels of the enums this client prints, generated from the schema's value descriptions (it imports
// nothing of the server): keyed by string, as the codes arrive.
import * as generated from './gql/labels';

type Labels = Readonly<Record<string, string>>;

export const FORM_TYPE_LABELS: Labels = generated.FormTypeLabels;
export const ROLE_LABELS: Labels = generated.RoleLabels;
export const REVIEW_STATUS_LABELS: Labels = generated.ReviewStatusLabels;
export const NOTIFICATION_LABELS: Labels = generated.NotificationKindLabels;

/** A date-time in China Standard Time, as the district reads it. */
export function cst(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
