import type {
  AnalysisDirection,
  BackwardSource,
  FindingMethod,
  FormType,
  MajorMatter,
  RiskCategory,
  RiskPointInput,
} from './risk';

/** A common risk of the library (R10), as far as prefilling reads it. */
export interface RiskTemplate {
  id: string;
  formType: FormType | null;
  description: string;
  category: RiskCategory;
  causes: RiskCategory[];
  likelihood: number;
  harm: number;
  controlMeasures: string;
  majorMatter: MajorMatter | null;
}

/** A risk point as a risk archive keeps it; archives before 2026-12 lack the optional fields. */
export interface ArchivedPoint {
  description: string;
  category: RiskCategory;
  likelihood: number;
  harm: number;
  controlMeasures: string;
  responsiblePostId: string | null;
  causes?: RiskCategory[];
  findingMethod?: FindingMethod;
  direction?: AnalysisDirection;
  backwardSource?: BackwardSource | null;
  majorMatter?: MajorMatter | null;
}

/** R10: the library's common risks that fit the form type, found by the organisation and analysed forward. */
export function pointsFromTemplates(templates: readonly RiskTemplate[], formType: FormType): RiskPointInput[] {
  return templates
    .filter((t) => t.formType === null || t.formType === formType)
    .map((t) => ({
      description: t.description,
      category: t.category,
      causes: t.causes,
      likelihood: t.likelihood,
      harm: t.harm,
      findingMethod: 'ORGANISATION',
      direction: 'FORWARD',
      controlMeasures: t.controlMeasures,
      templateId: t.id,
      majorMatter: t.majorMatter,
    }));
}

/**
 * R20 R21: the post's archived risk points, as confirmed. Archives made before they kept causes, finding method,
 * direction and 三重一大 matter get the category as the only cause, the organisation's finding (组织评: the
 * archive is the confirmed list) and a forward analysis. A responsible post not among `posts` (no longer on the
 * roster) is left out, so the person's own post stands in.
 */
export function pointsFromArchive(
  points: readonly ArchivedPoint[],
  posts: readonly { id: string; code: string }[],
): RiskPointInput[] {
  return points.map((p) => ({
    description: p.description,
    category: p.category,
    causes: p.causes?.length ? p.causes : [p.category],
    likelihood: p.likelihood,
    harm: p.harm,
    findingMethod: p.findingMethod ?? 'ORGANISATION',
    direction: p.direction ?? 'FORWARD',
    backwardSource: p.backwardSource ?? null,
    majorMatter: p.majorMatter ?? null,
    controlMeasures: p.controlMeasures,
    responsiblePostCode: posts.find((x) => x.id === p.responsiblePostId)?.code ?? null,
  }));
}

/** The responsible posts an archive's points name, each once. */
export function archivedPostIds(points: readonly ArchivedPoint[]): string[] {
  return [...new Set(points.map((p) => p.responsiblePostId).filter((x): x is string => !!x))];
}

/** Where a new form's texts come from: the post's archived form when there is one, else the roster. */
export interface PrefillSources {
  archived: { postDuties: string; workflowDescription: string; controlMeasures: string } | null;
  post: { duties: string; processSteps: readonly string[] };
  departmentName: string | null;
  headName: string | null;
}

export function prefilledTexts(s: PrefillSources): {
  departmentName: string;
  postDuties: string;
  workflowDescription: string;
  personInCharge: string;
  controlMeasures: string;
} {
  return {
    departmentName: s.departmentName ?? '',
    postDuties: s.archived?.postDuties ?? s.post.duties,
    workflowDescription: s.archived?.workflowDescription ?? s.post.processSteps.join(' → '),
    personInCharge: s.headName ?? '',
    controlMeasures: s.archived?.controlMeasures ?? '',
  };
}
