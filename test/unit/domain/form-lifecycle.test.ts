import {
  DEFAULT_GRADING_RULES,
  FORM_STATUSES,
  FORM_TRANSITIONS,
  Role,
  applyDecision,
  gradePost,
  mayEditForm,
  mayReopenForm,
  mayStartReviewRound,
  maySubmitForm,
  regradeForm,
  type GradeOverride,
  type GradedPoint,
} from '@pirm/domain';

describe('R09 issue 17.1: the form lifecycle is one table of transitions', () => {
  it('lets the owner edit and submit only while the form is with them, the office reopen only an approved form', () => {
    const allowed = (f: (s: string) => boolean) => FORM_STATUSES.filter(f);
    expect(allowed(mayEditForm)).toEqual(['DRAFT', 'RETURNED']);
    expect(allowed(maySubmitForm)).toEqual(['DRAFT', 'RETURNED']);
    expect(allowed(mayReopenForm)).toEqual(['APPROVED']);
    expect(FORM_TRANSITIONS.DECIDE).toEqual(['SUBMITTED']);
    expect(mayEditForm('NO_SUCH_STATUS')).toBe(false);
  });

  it('starts a review round only before the first review or after a return to the submitter', () => {
    expect(mayStartReviewRound('AWAITING_SUBMISSION')).toBe(true);
    expect(mayStartReviewRound('RETURNED')).toBe(true);
    expect(mayStartReviewRound('IN_REVIEW')).toBe(false);
    expect(mayStartReviewRound('APPROVED')).toBe(false);
  });
});

describe('R09 issue 17.1: applyDecision says where a decision sends the form', () => {
  it('an approval opens the next step, and approves the form at the last', () => {
    expect(applyDecision({ decision: 'APPROVE', returnTo: null, step: 0, stepCount: 3 })).toEqual({
      formStatus: 'SUBMITTED',
      reviewStatus: 'IN_REVIEW',
      next: { kind: 'OPEN_STEP', step: 1 },
    });
    expect(applyDecision({ decision: 'APPROVE', returnTo: null, step: 2, stepCount: 3 })).toEqual({
      formStatus: 'APPROVED',
      reviewStatus: 'APPROVED',
      next: { kind: 'APPROVED' },
    });
  });

  it('a return goes to an earlier step (still in review) or to the submitter, resuming at the returning step', () => {
    expect(applyDecision({ decision: 'RETURN', returnTo: 0, step: 2, stepCount: 3 })).toEqual({
      formStatus: 'SUBMITTED',
      reviewStatus: 'IN_REVIEW',
      next: { kind: 'OPEN_STEP', step: 0 },
    });
    expect(applyDecision({ decision: 'RETURN', returnTo: null, step: 1, stepCount: 3 })).toEqual({
      formStatus: 'RETURNED',
      reviewStatus: 'RETURNED',
      next: { kind: 'TO_SUBMITTER', resumeAt: 1 },
    });
  });
});

describe('R12 issue 17.1: the grade after a decision', () => {
  const points: GradedPoint[] = [
    { level: 'LEVEL_2', causes: ['POST_DUTY'], controlMeasures: 'checked' },
    { level: 'LEVEL_3', causes: ['POST_DUTY'], controlMeasures: 'checked' },
  ];
  it('follows the levels in force when no reviewer overrode it', () => {
    const graded = gradePost(points, DEFAULT_GRADING_RULES);
    expect(regradeForm(points, DEFAULT_GRADING_RULES, null)).toEqual({
      grade: graded.grade,
      score: graded.score,
      explanation: graded.explanation,
    });
  });

  it('keeps the latest override, keeping the computed score and naming who set it', () => {
    const graded = gradePost(points, DEFAULT_GRADING_RULES);
    const override: GradeOverride = {
      grade: 'A',
      reason: '涉及资金审批',
      role: Role.DISCIPLINE_TEAM,
      setByName: '王五',
    };
    const out = regradeForm(points, DEFAULT_GRADING_RULES, override);
    expect(out.grade).toBe('A');
    expect(out.score).toBe(graded.score);
    expect(out.explanation).toBe(`${graded.explanation}；派驻纪检组、监察室 王五 审核调整为 A：涉及资金审批`);
  });
});
