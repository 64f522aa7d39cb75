import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { Role } from '@pirm/domain';
import { generateDistrictRows, toCsv } from '@pirm/persistence';
import { TestStack } from '../support/gateway';

/**
 * Issue 8: every query and mutation is tried by every kind of caller, and the test fails if one gets past
 * authorisation where it must not (or is refused where it must not be). Inputs are chosen so that an allowed
 * caller stops at validation or a missing record: nothing here changes data.
 */
const IDS = ['anonymous', 'staff', 'head', 'vice', 'principal', 'otherPrincipal', 'discipline', 'office'] as const;
type Id = (typeof IDS)[number];
const CODES: Record<Exclude<Id, 'anonymous'>, string> = {
  staff: 's001-0020',
  head: 's001-0004',
  vice: 's001-0002',
  principal: 's001-0001',
  otherPrincipal: 's002-0001',
  discipline: 'discipline-1',
  office: 'office-admin',
};
const SIGNED_IN: Id[] = IDS.filter((i) => i !== 'anonymous');
const only = (...allowed: Id[]): Id[] => IDS.filter((i) => !allowed.includes(i));
const UNIT_LEADERS: Id[] = ['vice', 'principal', 'office'];

interface Case {
  doc: string;
  vars?: (ctx: { formId: string }) => Record<string, unknown>;
  /** Callers that must be refused (UNAUTHENTICATED or FORBIDDEN). */
  denied: Id[];
}

const CASES: Record<string, Case> = {
  // queries
  me: { doc: '{ me { code } }', denied: ['anonymous'] },
  campaign: { doc: '{ campaign(id: "2086") { id } }', denied: ['anonymous'] },
  campaignUnits: { doc: '{ campaignUnits(campaignId: "2086") { nodes { unitId } } }', denied: ['anonymous'] },
  campaignPhaseSummary: { doc: '{ campaignPhaseSummary(campaignId: "2086") { phase } }', denied: ['anonymous'] },
  campaignEscalations: { doc: '{ campaignEscalations(campaignId: "2086") { id } }', denied: only('discipline', 'office') },
  campaignDashboard: { doc: '{ campaignDashboard(campaignId: "2086") { gradeDistribution { grade } } }', denied: only('discipline', 'office') },
  exportJob: { doc: '{ exportJob(id: "00000000-0000-0000-0000-000000000000") { status } }', denied: ['anonymous'] },
  auditTrail: { doc: '{ auditTrail(chain: "district") { seq } }', denied: only('discipline', 'office') },
  verifyAuditChain: { doc: '{ verifyAuditChain(chain: "district") { intact } }', denied: only('discipline', 'office') },
  gradingRules: { doc: '{ gradingRules { version } }', denied: ['anonymous'] },
  reviewChains: { doc: '{ reviewChains { formType } }', denied: ['anonymous'] },
  myNotifications: { doc: '{ myNotifications { id } }', denied: ['anonymous'] },
  myRiskForm: { doc: '{ myRiskForm(campaignId: "2086") { id } }', denied: ['anonymous'] },
  myTasks: { doc: '{ myTasks { totalCount } }', denied: ['anonymous'] },
  riskLibrary: { doc: '{ riskLibrary { id } }', denied: ['anonymous'] },
  // The staff form's chain: its grade group's head (not `head`, who heads 教务处), the unit's leading group
  // (`vice`, `principal`), the discipline team, the office.
  riskForm: { doc: 'query($f: ID!) { riskForm(id: $f) { id } }', vars: ({ formId }) => ({ f: formId }), denied: ['anonymous', 'head', 'otherPrincipal'] },
  reviewState: { doc: 'query($f: ID!) { reviewState(formId: $f) { status } }', vars: ({ formId }) => ({ f: formId }), denied: ['anonymous', 'head', 'otherPrincipal'] },
  noticeComments: { doc: '{ noticeComments(campaignId: "2086", unitId: "s001") { id } }', denied: only('vice', 'principal', 'discipline', 'office') },
  publicNotice: { doc: '{ publicNotice(campaignId: "2086", unitId: "s001") { unitId } }', denied: [] },
  unitRiskMeasures: { doc: '{ unitRiskMeasures(campaignId: "2086", unitId: "s001") { riskPointId } }', denied: only('vice', 'principal', 'discipline', 'office') },
  // The unit's people read their own records; another unit's principal nothing.
  executionRecords: { doc: '{ executionRecords(campaignId: "2086", unitId: "s001") { ownOnly } }', denied: ['anonymous', 'otherPrincipal'] },
  // mutations
  importRoster: { doc: 'mutation { importRoster(input: { format: CSV, contentBase64: "***" }) { roleChanges } }', denied: only('office') },
  launchCampaign: { doc: 'mutation { launchCampaign(input: { year: 1999 }) { id } }', denied: only('office') },
  campaignAction: { doc: 'mutation { campaignAction(campaignId: "2086", input: { kind: PAUSE, reason: "x", idempotencyKey: "bad key!" }) { id } }', denied: only('office') },
  publishGradingRules: {
    doc: 'mutation { publishGradingRules(input: { level1MinProduct: 0, level2MinProduct: 0, weightLevel1: 1, weightLevel2: 1, weightLevel3: 1, extraCauseMultiplier: 0, gradeThresholdA: 1, gradeThresholdB: 2, level1WithoutControlIsA: true }) { version } }',
    denied: only('office'),
  },
  setReviewChain: { doc: 'mutation { setReviewChain(input: { formType: GENERAL_STAFF, steps: [], stepDeadlineWorkingDays: 0, reminderWorkingDays: 0 }) { formType } }', denied: only('office') },
  orderRedo: { doc: 'mutation { orderRedo(input: { campaignId: "2086", unitId: "s001", reason: "" }) }', denied: only('office') },
  // Campaign 1999 does not exist: an allowed caller stops at NOT_FOUND, so nothing is exported.
  startExport: { doc: 'mutation { startExport(input: { kind: UNIT_RISK_LIST, campaignId: "1999", unitId: "s001" }) { id } }', denied: only('vice', 'principal', 'discipline', 'office') },
  recordMobilisation: {
    doc: 'mutation { recordMobilisation(input: { campaignId: "2086", unitId: "s001", idempotencyKey: "bad key!", item: WORKING_BODY, evidence: "x" }) { unitId } }',
    denied: only(...UNIT_LEADERS),
  },
  completeUnitPhase: {
    doc: 'mutation { completeUnitPhase(input: { campaignId: "2086", unitId: "s001", idempotencyKey: "bad key!", phase: EXECUTION, evidence: "x" }) { unitId } }',
    denied: only(...UNIT_LEADERS),
  },
  confirmRiskArchive: { doc: 'mutation { confirmRiskArchive(input: { campaignId: "2086", unitId: "s001", idempotencyKey: "bad key!" }) { unitId } }', denied: only('principal') },
  answerNoticeComment: { doc: 'mutation { answerNoticeComment(input: { commentId: "00000000-0000-0000-0000-000000000000", accept: false, answer: "x" }) { id } }', denied: ['anonymous'] },
  commentOnNotice: { doc: 'mutation { commentOnNotice(input: { campaignId: "2086", unitId: "s001", text: "" }) { id } }', denied: [] },
  recordMeasureImplementation: {
    doc: 'mutation { recordMeasureImplementation(input: { campaignId: "2086", unitId: "s001", riskPointId: "00000000-0000-0000-0000-000000000000", inPlace: true, evidence: "" }) { id } }',
    denied: only(...UNIT_LEADERS),
  },
  // `staff` records their own commitment; unit leaders anyone's of their unit.
  recordCommitment: {
    doc: 'mutation { recordCommitment(input: { campaignId: "2086", personCode: "s001-0020", text: "", publishedWhere: "家长会", audiences: [PARENTS], publishedOn: "2026-01-01" }) { id } }',
    denied: only('staff', ...UNIT_LEADERS),
  },
  recordUnitActivity: {
    doc: 'mutation { recordUnitActivity(input: { campaignId: "2086", unitId: "s001", kind: TALK, heldOn: "2026-01-01", summary: "", participants: 0, evidence: "" }) { id } }',
    denied: only(...UNIT_LEADERS),
  },
  recordDutyReport: { doc: 'mutation { recordDutyReport(input: { campaignId: "2086", personCode: "s001-0020", reportSummary: "" }) { id } }', denied: only(...UNIT_LEADERS) },
  // issue 6: complaints (R16), disposal (R17), evaluation (R18 R19), correction (R20)
  complaintByReceipt: { doc: '{ complaintByReceipt(receiptCode: "x") { status } }', denied: [] },
  complaints: { doc: '{ complaints(unitId: "s001") { id } }', denied: only('discipline', 'office') },
  disposalCases: { doc: '{ disposalCases { id } }', denied: ['anonymous'] },
  disposalCase: { doc: '{ disposalCase(id: "00000000-0000-0000-0000-000000000000") { id } }', denied: ['anonymous'] },
  evaluationRule: { doc: '{ evaluationRule { version } }', denied: ['anonymous'] },
  unitEvaluation: { doc: '{ unitEvaluation(campaignId: "2086", unitId: "s001") { status } }', denied: only('vice', 'principal', 'discipline', 'office') },
  correctionOpinions: { doc: '{ correctionOpinions(campaignId: "2086", unitId: "s001") { source } }', denied: only('vice', 'principal', 'discipline', 'office') },
  correctionRound: { doc: '{ correctionRound(campaignId: "2086", unitId: "s001") { status } }', denied: only('vice', 'principal', 'discipline', 'office') },
  fileComplaint: { doc: 'mutation { fileComplaint(input: { unitId: "s001", subjectKind: UNIT, text: "", named: false }) { receiptCode } }', denied: [] },
  triageComplaint: { doc: 'mutation { triageComplaint(input: { complaintId: "00000000-0000-0000-0000-000000000000", accept: false, reason: "x", idempotencyKey: "k" }) { id } }', denied: ['anonymous'] },
  concludeComplaint: { doc: 'mutation { concludeComplaint(input: { complaintId: "00000000-0000-0000-0000-000000000000", outcome: "x", substantiated: false, idempotencyKey: "k" }) { id } }', denied: ['anonymous'] },
  openDisposalCase: {
    doc: 'mutation { openDisposalCase(input: { campaignId: "2086", unitId: "s001", personCode: "s001-0020", problem: "", source: OTHER, firstMeasure: TALK }) { id } }',
    denied: only('discipline', 'office'),
  },
  respondToDisposal: { doc: 'mutation { respondToDisposal(input: { caseId: "00000000-0000-0000-0000-000000000000", text: "x", idempotencyKey: "k" }) { id } }', denied: ['anonymous'] },
  verifyDisposal: { doc: 'mutation { verifyDisposal(input: { caseId: "00000000-0000-0000-0000-000000000000", accepted: true, outcome: "x", idempotencyKey: "k" }) { id } }', denied: ['anonymous'] },
  escalateDisposal: { doc: 'mutation { escalateDisposal(input: { caseId: "00000000-0000-0000-0000-000000000000", reason: "x", idempotencyKey: "k" }) { id } }', denied: ['anonymous'] },
  publishEvaluationRule: { doc: 'mutation { publishEvaluationRule(input: { self: 0, appraisal: 0, district: 0 }) { version } }', denied: only('office') },
  openEvaluation: { doc: 'mutation { openEvaluation(campaignId: "1999", unitId: "s001") { status } }', denied: only('office') },
  submitSelfAssessment: { doc: 'mutation { submitSelfAssessment(input: { campaignId: "2086", unitId: "s001", items: [], idempotencyKey: "bad key!" }) { status } }', denied: only('vice', 'principal') },
  openEvaluationRound: {
    doc: 'mutation { openEvaluationRound(input: { campaignId: "2086", unitId: "s001", kind: INTERNAL, closesOn: "x", invitations: [], idempotencyKey: "bad key!" }) { invitations { code } } }',
    denied: only('office'),
  },
  submitEvaluationScore: { doc: 'mutation { submitEvaluationScore(input: { code: "x", score: 1 }) }', denied: [] },
  closeEvaluationRound: { doc: 'mutation { closeEvaluationRound(input: { campaignId: "2086", unitId: "s001", roundId: "r1", idempotencyKey: "bad key!" }) { status } }', denied: only('office') },
  recordDistrictEvaluation: { doc: 'mutation { recordDistrictEvaluation(input: { campaignId: "2086", unitId: "s001", score: 1, opinion: "x", idempotencyKey: "bad key!" }) { status } }', denied: only('office') },
  startCorrection: { doc: 'mutation { startCorrection(input: { campaignId: "2086", unitId: "s001", reason: "" }) { status } }', denied: only('vice', 'principal', 'office') },
  confirmCorrection: { doc: 'mutation { confirmCorrection(input: { campaignId: "2086", unitId: "s001", idempotencyKey: "bad key!" }) { status } }', denied: only('principal') },
  startRiskForm: { doc: 'mutation { startRiskForm(campaignId: "2085") { id } }', denied: ['anonymous'] },
  saveRiskFormDraft: { doc: 'mutation { saveRiskFormDraft(input: { campaignId: "2085", expectedVersion: 1 }) { id } }', denied: ['anonymous'] },
  submitRiskForm: { doc: 'mutation { submitRiskForm(campaignId: "2085", expectedVersion: 1) { id } }', denied: ['anonymous'] },
  decideReviewTask: { doc: 'mutation { decideReviewTask(input: { taskId: "none", decision: APPROVE, formVersion: 1, idempotencyKey: "k" }) { status } }', denied: ['anonymous', 'staff'] },
  approveReviewTasks: { doc: 'mutation { approveReviewTasks(input: { taskIds: ["none"], idempotencyKey: "k" }) { ok } }', denied: ['anonymous', 'staff'] },
  extendReviewTask: { doc: 'mutation { extendReviewTask(input: { taskId: "none", workingDays: 1, reason: "x", idempotencyKey: "k" }) { status } }', denied: only('office') },
};

describe('every operation × every kind of caller: nobody gets what they should not', () => {
  const stack = new TestStack();
  let formId = '';

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 60, seed: 12 }));
    await stack.graphql(`mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`, { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } }, root);
    await stack.graphql(`mutation { launchCampaign(input: { year: 2086, units: [] }) { id } }`, {}, root);
    for (let i = 0; i < 100 && !(await stack.db.dataSource.query(`SELECT 1 FROM campaign WHERE id = '2086'`)).length; i++) await new Promise((r) => setTimeout(r, 100));
    // A staff form in s001, whose visibility the matrix checks.
    const started = await stack.graphql<{ startRiskForm: { id: string } }>(`mutation { startRiskForm(campaignId: "2086") { id } }`, {}, stack.token(CODES.staff));
    formId = started.data!.startRiskForm.id;
  });
  afterAll(() => stack.stop());

  it('covers every query and mutation in the schema', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../apps/gateway/schema.gql'), 'utf8'));
    const operations = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].sort();
    expect(Object.keys(CASES).sort()).toEqual(operations);
  });

  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const outcomes: Record<string, string> = {};
    for (const id of IDS) {
      const token = id === 'anonymous' ? undefined : stack.token(CODES[id]);
      const res = await stack.graphql(c.doc, c.vars?.({ formId }) ?? {}, token);
      const code = res.errors?.[0]?.extensions?.code ?? (res.status >= 400 ? `HTTP_${res.status}` : 'OK');
      outcomes[id] = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? 'DENIED' : 'PASSED';
    }
    const expected = Object.fromEntries(IDS.map((id) => [id, c.denied.includes(id) ? 'DENIED' : 'PASSED']));
    expect(outcomes).toEqual(expected);
  });

  it('leaves every signed-in caller able to read its own identity', async () => {
    for (const id of SIGNED_IN) expect((await stack.graphql<{ me: { code: string } }>('{ me { code } }', {}, stack.token(CODES[id as Exclude<Id, 'anonymous'>]))).data?.me.code).toBe(CODES[id as Exclude<Id, 'anonymous'>]);
  });
});
