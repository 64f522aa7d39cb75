import {
  CATEGORY_LABELS,
  DIRECTION_LABELS,
  FINDING_METHOD_LABELS,
  LEVEL_LABELS,
  MAJOR_MATTER_LABELS,
  fieldLabel,
} from './labels';

const VALUE_LABELS: Record<string, Record<string, string>> = {
  category: CATEGORY_LABELS,
  causes: CATEGORY_LABELS,
  findingMethod: FINDING_METHOD_LABELS,
  direction: DIRECTION_LABELS,
  majorMatter: MAJOR_MATTER_LABELS,
  proposedLevel: LEVEL_LABELS,
};

export interface ChangeRow {
  field: string;
  label: string;
  before: string;
  after: string;
  kind: 'added' | 'removed' | 'changed';
}

/** A value of the server's diff in words: enum values (and lists of them) in Chinese, empty as —. */
function shown(leaf: string | undefined, value: string | null): string {
  if (value === null || value === '') return '—';
  const labels = leaf ? VALUE_LABELS[leaf] : undefined;
  return labels
    ? value
        .split(', ')
        .map((v) => labels[v] ?? v)
        .join('、')
    : value;
}

/** The reviewer's view of what changed since the previous round, one row per field. */
export function changeRows(changes: readonly { field: string; before?: string | null; after?: string | null }[]) {
  return changes.map((c): ChangeRow => {
    const leaf = /\.(\w+)$/.exec(c.field)?.[1];
    const before = c.before ?? null;
    const after = c.after ?? null;
    return {
      field: c.field,
      label: fieldLabel(c.field),
      before: shown(leaf, before),
      after: shown(leaf, after),
      kind: before === null ? 'added' : after === null ? 'removed' : 'changed',
    };
  });
}
