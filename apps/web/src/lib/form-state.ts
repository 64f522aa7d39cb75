// The editable state of a risk form and the pure operations on it; the page renders it and autosaves it.

/** A field error as the gateway sends it: `reason` is English for programs, `message` the Chinese we show. */
export interface ServerFieldError {
  field: string;
  reason: string;
  message: string;
}

export interface PointDraft {
  /** A client key that stays with the point while it moves (the server numbers points by position). */
  key: string;
  description: string;
  category: string;
  causes: string[];
  likelihood: number;
  harm: number;
  findingMethod: string;
  direction: string;
  backwardSource: string | null;
  controlMeasures: string;
  majorMatter: string | null;
  responsiblePostCode: string | null;
  templateId: string | null;
}

export interface FormDraft {
  fields: Record<string, string>;
  riskPoints: PointDraft[];
}

/** What the server sends of a form (the fields the draft edits). */
export interface ServerForm {
  fields: readonly string[];
  riskPoints: readonly Omit<PointDraft, 'key'>[];
  [field: string]: unknown;
}

let nextKey = 0;
const newKey = () => `p${++nextKey}`;

export function draftOf(form: ServerForm): FormDraft {
  return {
    fields: Object.fromEntries(form.fields.map((f) => [f, typeof form[f] === 'string' ? (form[f] as string) : ''])),
    riskPoints: form.riskPoints.map((p) => ({
      key: newKey(),
      description: p.description,
      category: p.category,
      causes: [...p.causes],
      likelihood: p.likelihood,
      harm: p.harm,
      findingMethod: p.findingMethod,
      direction: p.direction,
      backwardSource: p.backwardSource ?? null,
      controlMeasures: p.controlMeasures,
      majorMatter: p.majorMatter ?? null,
      responsiblePostCode: p.responsiblePostCode ?? null,
      templateId: p.templateId ?? null,
    })),
  };
}

export function blankPoint(): PointDraft {
  return {
    key: newKey(),
    description: '',
    category: 'POST_DUTY',
    causes: ['POST_DUTY'],
    likelihood: 1,
    harm: 1,
    findingMethod: 'SELF',
    direction: 'FORWARD',
    backwardSource: null,
    controlMeasures: '',
    majorMatter: null,
    responsiblePostCode: null,
    templateId: null,
  };
}

/** Moves the point at `from` by `by` places (−1 up, +1 down); out of range leaves the list as it is. */
export function movePoint(points: readonly PointDraft[], from: number, by: number): PointDraft[] {
  const to = from + by;
  if (from < 0 || from >= points.length || to < 0 || to >= points.length) return [...points];
  const out = [...points];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved!);
  return out;
}

export function updatePoint(points: readonly PointDraft[], index: number, patch: Partial<PointDraft>): PointDraft[] {
  return points.map((p, i) => {
    if (i !== index) return p;
    const next = { ...p, ...patch };
    // The server refuses a point whose causes miss its own category, and a source without backward analysis.
    if (patch.category && !next.causes.includes(patch.category)) next.causes = [...next.causes, patch.category];
    if (next.direction !== 'BACKWARD') next.backwardSource = null;
    return next;
  });
}

/** The saveRiskFormDraft input: the whole draft, sent with the version it was read at. */
export function saveInput(draft: FormDraft, campaignId: string, expectedVersion: number) {
  return {
    campaignId,
    expectedVersion,
    ...draft.fields,
    riskPoints: draft.riskPoints.map(({ key: _key, responsiblePostCode, ...p }) => ({
      ...p,
      responsiblePostCode: responsiblePostCode?.trim() ? responsiblePostCode.trim() : null,
    })),
  };
}

/**
 * Server field errors by the key of the control they belong to: `riskPoints[2].likelihood` names the third
 * point as it was saved, so it is keyed by that point's client key (`p7.likelihood`) to stay with it when it moves.
 */
export function errorsByControl(
  errors: readonly ServerFieldError[],
  savedPoints: readonly PointDraft[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of errors) {
    const m = /^riskPoints\[(\d+)\](?:\.(\w+))?$/.exec(e.field);
    const key = m ? savedPoints[Number(m[1])]?.key : undefined;
    const at = m && key ? `${key}.${m[2] ?? 'description'}` : e.field;
    // The server's Chinese wording (its `reason` is for programs).
    const text = e.message;
    out.set(at, out.has(at) ? `${out.get(at)}；${text}` : text);
  }
  return out;
}
