import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { In } from 'typeorm';
import {
  POLICY,
  Role,
  addDays,
  dateOf,
  holdsFor,
  mayCall,
  type Operation,
  type Role as RoleName,
  type RoleGrant,
} from '@pirm/domain';
import { NoticeCommentEntity, PersonEntity, createRiskArchive, generateDistrictRows, toCsv } from '@pirm/persistence';
import { campaignIdFor } from '../support/campaign';
import { TestStack, type GraphQLResponse } from '../support/gateway';
import { until } from '../support/wait';

/**
 * Issue 8, issue 12 ("tests that cannot fail"): every query and mutation is tried by every kind of caller.
 * Every operation that takes an id is given a real target built in the setup (a campaign with s001's screening
 * open, submitted forms with open review tasks, complaints, disposal cases, an evaluation with a round, a
 * correction round, an export job, a notice comment, an archived risk point), so a missing role check shows:
 * an allowed caller succeeds or fails for a reason other than access, a disallowed one is refused
 * (UNAUTHENTICATED or FORBIDDEN) — a NOT_FOUND never stands in for a refusal.
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
const CAMPAIGN = campaignIdFor();
const CJK = /\p{Script=Han}/u;

/** The real targets the setup builds. */
interface Targets {
  /** `staff`'s submitted form (step 0 with its grade group's head, then the leading group, discipline team, office). */
  formId: string;
  /** Open step-0 tasks: of `head`'s form and of the 政教处 head's form (both with `vice`, their supervising leader), of `staff`'s form. */
  headTaskId: string;
  headFormVersion: number;
  moralTaskId: string;
  staffTaskId: string;
  /** A risk point of s001's archive. */
  riskPointId: string;
  commentId: string;
  /** Two complaints about s001: one waiting for triage, one accepted. */
  newComplaintId: string;
  acceptedComplaintId: string;
  /** Two disposal cases on `staff`. */
  caseId: string;
  otherCaseId: string;
  /** s001's evaluation round and one of its invitation codes. */
  roundId: string;
  invitationCode: string;
  /** An export job `office` started. */
  exportJobId: string;
  /** A dead letter of the notification outbox (issue 18). */
  deadDeliveryId: string;
  /** A personal access token of `staff`'s (issue 20): its owner and the office may revoke it. */
  accessTokenId: string;
}

/**
 * Who is refused comes from the policy table: a caller outside the operation's audience (by the roles the
 * roster gives it), and, for an operation the table scopes, one the record's scope refuses: `unit`, the
 * target's unit for a UNIT-scoped role audience (the table's roles must be held for it); `scopeDenied`, the
 * callers the audience admits that the other scopes (own records, a form's readers, a task's assignee) refuse.
 */
interface Case {
  doc: string;
  vars?: (t: Targets) => Record<string, unknown>;
  unit?: string;
  scopeDenied?: Id[];
  /** The error code of a bulk operation's first refused item (bulk operations answer per item). */
  itemCode?: (data: Record<string, unknown>) => string | undefined;
}

/** The subscription is served over graphql-ws only; the guard's unit test checks it like the others. */
type HttpOperation = Exclude<Operation, 'notificationAdded'>;

const CASES: Record<HttpOperation, Case> = {
  // queries
  me: { doc: '{ me { code } }' },
  accessTokens: { doc: '{ accessTokens { id } }' },
  campaign: { doc: `{ campaign(id: "${CAMPAIGN}") { id } }` },
  campaignUnits: { doc: `{ campaignUnits(campaignId: "${CAMPAIGN}") { nodes { unitId } } }` },
  campaignPhaseSummary: { doc: `{ campaignPhaseSummary(campaignId: "${CAMPAIGN}") { phase } }` },
  // Every unit's escalations: the district-wide roles only (a unit's people read their own unit's).
  campaignEscalations: {
    doc: `{ campaignEscalations(campaignId: "${CAMPAIGN}") { id } }`,
    scopeDenied: ['staff', 'head', 'vice', 'principal', 'otherPrincipal'],
  },
  launchDefaults: { doc: `{ launchDefaults(year: ${CAMPAIGN}) { rulesVersion } }` },
  campaignDashboard: { doc: `{ campaignDashboard(campaignId: "${CAMPAIGN}") { gradeDistribution { grade } } }` },
  // Only the requester sees a job.
  exportJob: {
    doc: 'query($id: ID!) { exportJob(id: $id) { status } }',
    vars: (t) => ({ id: t.exportJobId }),
    scopeDenied: ['staff', 'head', 'vice', 'principal', 'otherPrincipal', 'discipline'],
  },
  auditTrail: { doc: `{ auditTrail(chain: "${CAMPAIGN}") { seq } }` },
  verifyAuditChain: { doc: `{ verifyAuditChain(chain: "${CAMPAIGN}") { intact } }` },
  gradingRules: { doc: '{ gradingRules { version } }' },
  gradingRulesPreview: {
    doc: '{ gradingRulesPreview(input: { level1MinProduct: 0, level2MinProduct: 0, weightLevel1: 1, weightLevel2: 1, weightLevel3: 1, extraCauseMultiplier: 0, gradeThresholdA: 1, gradeThresholdB: 2, level1WithoutControlIsA: true }) { changed } }',
  },
  reviewChains: { doc: '{ reviewChains { formType } }' },
  myNotifications: { doc: '{ myNotifications { id deliveries { status } } }' },
  myNotificationPreferences: { doc: '{ myNotificationPreferences { channels chosen } }' },
  notificationDeliveries: { doc: '{ notificationDeliveries(status: DEAD) { edges { node { id } } } }' },
  myRiskForm: { doc: `{ myRiskForm(campaignId: "${CAMPAIGN}") { id } }` },
  myTasks: { doc: '{ myTasks { totalCount } }' },
  riskLibrary: { doc: '{ riskLibrary { id } }' },
  riskForms: {
    doc: `{ riskForms(campaignId: "${CAMPAIGN}", unitId: "s001") { edges { node { id } } } }`,
    unit: 's001',
  },
  // The staff form's chain: its grade group's head (not `head`, who heads 教务处), the unit's leading group
  // (`vice`, `principal`), the discipline team, the office.
  riskForm: {
    doc: 'query($f: ID!) { riskForm(id: $f) { id } }',
    vars: (t) => ({ f: t.formId }),
    scopeDenied: ['head', 'otherPrincipal'],
  },
  reviewState: {
    doc: 'query($f: ID!) { reviewState(formId: $f) { status } }',
    vars: (t) => ({ f: t.formId }),
    scopeDenied: ['head', 'otherPrincipal'],
  },
  noticeComments: { doc: `{ noticeComments(campaignId: "${CAMPAIGN}", unitId: "s001") { id } }`, unit: 's001' },
  publicNotice: { doc: `{ publicNotice(campaignId: "${CAMPAIGN}", unitId: "s001") { unitId } }` },
  unitRiskMeasures: {
    doc: `{ unitRiskMeasures(campaignId: "${CAMPAIGN}", unitId: "s001") { riskPointId } }`,
    unit: 's001',
  },
  // The unit's people read their own records; another unit's principal nothing.
  executionRecords: {
    doc: `{ executionRecords(campaignId: "${CAMPAIGN}", unitId: "s001") { ownOnly } }`,
    scopeDenied: ['otherPrincipal'],
  },
  // issue 12.10: s001 takes part in the campaign, so the unit's people and the district-wide roles read a real state.
  unitCampaign: {
    doc: `{ unitCampaign(campaignId: "${CAMPAIGN}", unitId: "s001") { unitId } }`,
    scopeDenied: ['otherPrincipal'],
  },
  holidayYears: { doc: '{ holidayYears { year } }' },
  // R01/R02 issue 12.9: s001's directory for its staff, in full for its leaders; another unit's principal nothing.
  rosterUnits: { doc: '{ rosterUnits { edges { node { id } } } }' },
  rosterDepartments: {
    doc: '{ rosterDepartments(unitId: "s001") { edges { node { id } } } }',
    scopeDenied: ['otherPrincipal'],
  },
  rosterPosts: { doc: '{ rosterPosts(unitId: "s001") { edges { node { id } } } }', scopeDenied: ['otherPrincipal'] },
  rosterPeople: {
    doc: '{ rosterPeople(unitId: "s001") { edges { node { name } } } }',
    scopeDenied: ['otherPrincipal'],
  },
  leadingGroupMembers: { doc: '{ leadingGroupMembers(unitId: "s001") { edges { node { name } } } }', unit: 's001' },
  // mutations
  importRoster: { doc: 'mutation { importRoster(input: { format: CSV, contentBase64: "***" }) { roleChanges } }' },
  launchCampaign: { doc: 'mutation { launchCampaign(input: { year: 1999 }) { id } }' },
  campaignAction: {
    doc: `mutation { campaignAction(campaignId: "${CAMPAIGN}", input: { kind: PAUSE, reason: "x", idempotencyKey: "bad key!" }) { id } }`,
  },
  publishGradingRules: {
    doc: 'mutation { publishGradingRules(input: { level1MinProduct: 0, level2MinProduct: 0, weightLevel1: 1, weightLevel2: 1, weightLevel3: 1, extraCauseMultiplier: 0, gradeThresholdA: 1, gradeThresholdB: 2, level1WithoutControlIsA: true }) { version } }',
  },
  setReviewChain: {
    doc: 'mutation { setReviewChain(input: { formType: GENERAL_STAFF, steps: [], stepDeadlineWorkingDays: 0, reminderWorkingDays: 0 }) { formType } }',
  },
  // issue 12.11: an invalid date, so the office stops at validation and nothing is published.
  publishHolidayYear: {
    doc: 'mutation { publishHolidayYear(input: { year: 2086, holidays: ["2086-13-01"], makeUpWorkdays: [] }) { version } }',
  },
  // issue 12.8: s001's real unit workflow; the office stops at the malformed key.
  closeUnitNotice: {
    doc: `mutation { closeUnitNotice(input: { campaignId: "${CAMPAIGN}", unitId: "s001", reason: "x", idempotencyKey: "bad key!" }) { unitId } }`,
  },
  orderRedo: { doc: `mutation { orderRedo(input: { campaignId: "${CAMPAIGN}", unitId: "s001", reason: "" }) }` },
  // Allowed callers really start an export of s001's list.
  startExport: {
    doc: `mutation { startExport(input: { kind: UNIT_RISK_LIST, campaignId: "${CAMPAIGN}", unitId: "s001" }) { id } }`,
    scopeDenied: ['staff', 'head', 'otherPrincipal'],
  },
  // s001's mobilisation is complete (the setup recorded it): an allowed caller gets CONFLICT.
  recordMobilisation: {
    doc: `mutation { recordMobilisation(input: { campaignId: "${CAMPAIGN}", unitId: "s001", idempotencyKey: "matrix-mob", item: WORKING_BODY, evidence: "x" }) { unitId } }`,
    unit: 's001',
  },
  completeUnitPhase: {
    doc: `mutation { completeUnitPhase(input: { campaignId: "${CAMPAIGN}", unitId: "s001", idempotencyKey: "matrix-complete", phase: EXECUTION, evidence: "x" }) { unitId } }`,
    unit: 's001',
  },
  confirmRiskArchive: {
    doc: `mutation { confirmRiskArchive(input: { campaignId: "${CAMPAIGN}", unitId: "s001", idempotencyKey: "matrix-confirm" }) { unitId } }`,
    unit: 's001',
  },
  answerNoticeComment: {
    doc: 'mutation($c: ID!) { answerNoticeComment(input: { commentId: $c, accept: false, answer: "意见已核实，不予采纳" }) { id } }',
    vars: (t) => ({ c: t.commentId }),
    unit: 's001',
  },
  commentOnNotice: {
    doc: `mutation { commentOnNotice(input: { campaignId: "${CAMPAIGN}", unitId: "s001", text: "" }) { id } }`,
  },
  recordMeasureImplementation: {
    doc: `mutation($r: ID!) { recordMeasureImplementation(input: { campaignId: "${CAMPAIGN}", unitId: "s001", riskPointId: $r, inPlace: true, evidence: "公示照片" }) { id } }`,
    vars: (t) => ({ r: t.riskPointId }),
    unit: 's001',
  },
  // `staff` records their own commitment; unit leaders anyone's of their unit.
  recordCommitment: {
    doc: `mutation { recordCommitment(input: { campaignId: "${CAMPAIGN}", personCode: "s001-0020", text: "", publishedWhere: "家长会", audiences: [PARENTS], publishedOn: "2026-01-01" }) { id } }`,
    scopeDenied: ['head', 'otherPrincipal', 'discipline'],
  },
  recordUnitActivity: {
    doc: `mutation { recordUnitActivity(input: { campaignId: "${CAMPAIGN}", unitId: "s001", kind: TALK, heldOn: "2026-01-01", summary: "", participants: 0, evidence: "" }) { id } }`,
    unit: 's001',
  },
  recordDutyReport: {
    doc: `mutation { recordDutyReport(input: { campaignId: "${CAMPAIGN}", personCode: "s001-0020", reportSummary: "" }) { id } }`,
    unit: 's001',
  },
  // issue 6: complaints (R16), disposal (R17), evaluation (R18 R19), correction (R20)
  complaintByReceipt: { doc: '{ complaintByReceipt(receiptCode: "x") { status } }' },
  complaints: { doc: '{ complaints(unitId: "s001") { id } }' },
  disposalCases: { doc: '{ disposalCases { id } }' },
  // The case's person, the office and the discipline team.
  disposalCase: {
    doc: 'query($c: ID!) { disposalCase(id: $c) { id } }',
    vars: (t) => ({ c: t.caseId }),
    scopeDenied: ['head', 'vice', 'principal', 'otherPrincipal'],
  },
  evaluationRule: { doc: '{ evaluationRule { version } }' },
  unitEvaluation: { doc: `{ unitEvaluation(campaignId: "${CAMPAIGN}", unitId: "s001") { status } }`, unit: 's001' },
  correctionOpinions: {
    doc: `{ correctionOpinions(campaignId: "${CAMPAIGN}", unitId: "s001") { source } }`,
    unit: 's001',
  },
  // The correction round is s002's: s001's leaders have no say in it.
  correctionRound: { doc: `{ correctionRound(campaignId: "${CAMPAIGN}", unitId: "s002") { status } }`, unit: 's002' },
  fileComplaint: {
    doc: 'mutation { fileComplaint(input: { unitId: "s001", subjectKind: UNIT, text: "", named: false }) { receiptCode } }',
  },
  triageComplaint: {
    doc: 'mutation($c: ID!) { triageComplaint(input: { complaintId: $c, accept: true, reason: "予以受理", idempotencyKey: "matrix-triage" }) { id } }',
    vars: (t) => ({ c: t.newComplaintId }),
  },
  concludeComplaint: {
    doc: 'mutation($c: ID!) { concludeComplaint(input: { complaintId: $c, outcome: "经查属实，已责令整改", substantiated: true, idempotencyKey: "matrix-conclude" }) { id } }',
    vars: (t) => ({ c: t.acceptedComplaintId }),
  },
  openDisposalCase: {
    doc: `mutation { openDisposalCase(input: { campaignId: "${CAMPAIGN}", unitId: "s001", personCode: "s001-0020", problem: "", source: OTHER, firstMeasure: TALK }) { id } }`,
  },
  // Only the case's person answers it.
  createAccessToken: {
    doc: 'mutation { createAccessToken(input: { name: "矩阵", scope: READ, expiresInDays: 1 }) { token { id } } }',
  },
  // The owner's own, or anyone's by the office (issue 20).
  revokeAccessToken: {
    doc: 'mutation($id: ID!) { revokeAccessToken(id: $id) { id } }',
    vars: (t) => ({ id: t.accessTokenId }),
    scopeDenied: ['head', 'vice', 'principal', 'otherPrincipal', 'discipline'],
  },
  respondToDisposal: {
    doc: 'mutation($c: ID!) { respondToDisposal(input: { caseId: $c, text: "已认识到问题，立即整改", idempotencyKey: "matrix-respond" }) { id } }',
    vars: (t) => ({ c: t.caseId }),
    scopeDenied: ['head', 'vice', 'principal', 'otherPrincipal', 'discipline', 'office'],
  },
  verifyDisposal: {
    doc: 'mutation($c: ID!) { verifyDisposal(input: { caseId: $c, accepted: false, outcome: "整改不到位", idempotencyKey: "matrix-verify" }) { id } }',
    vars: (t) => ({ c: t.caseId }),
  },
  escalateDisposal: {
    doc: 'mutation($c: ID!) { escalateDisposal(input: { caseId: $c, reason: "谈话后仍未整改", idempotencyKey: "matrix-escalate" }) { id } }',
    vars: (t) => ({ c: t.otherCaseId }),
  },
  publishEvaluationRule: {
    doc: 'mutation { publishEvaluationRule(input: { self: 0, appraisal: 0, district: 0 }) { version } }',
  },
  // s002's evaluation: the office opens it.
  openEvaluation: { doc: `mutation { openEvaluation(campaignId: "${CAMPAIGN}", unitId: "s002") { status } }` },
  submitSelfAssessment: {
    doc: `mutation { submitSelfAssessment(input: { campaignId: "${CAMPAIGN}", unitId: "s001", items: [{ item: RISK_POINTS_FOUND, score: 8, evidence: "排查风险点 40 个" }], idempotencyKey: "matrix-self" }) { status } }`,
    unit: 's001',
  },
  openEvaluationRound: {
    doc: `mutation { openEvaluationRound(input: { campaignId: "${CAMPAIGN}", unitId: "s001", kind: INTERNAL, closesOn: "x", invitations: [], idempotencyKey: "matrix-round" }) { invitations { code } } }`,
  },
  submitEvaluationScore: {
    doc: 'mutation($c: String!) { submitEvaluationScore(input: { code: $c, score: 80 }) }',
    vars: (t) => ({ c: t.invitationCode }),
  },
  closeEvaluationRound: {
    doc: `mutation($r: String!) { closeEvaluationRound(input: { campaignId: "${CAMPAIGN}", unitId: "s001", roundId: $r, idempotencyKey: "matrix-close" }) { status } }`,
    vars: (t) => ({ r: t.roundId }),
  },
  recordDistrictEvaluation: {
    doc: `mutation { recordDistrictEvaluation(input: { campaignId: "${CAMPAIGN}", unitId: "s001", score: 85, opinion: "总体良好", idempotencyKey: "matrix-district" }) { status } }`,
  },
  startCorrection: {
    doc: `mutation { startCorrection(input: { campaignId: "${CAMPAIGN}", unitId: "s001", reason: "" }) { status } }`,
    unit: 's001',
  },
  confirmCorrection: {
    doc: `mutation { confirmCorrection(input: { campaignId: "${CAMPAIGN}", unitId: "s002", idempotencyKey: "matrix-confirm" }) { status } }`,
    unit: 's002',
  },
  startRiskForm: { doc: `mutation { startRiskForm(campaignId: "${CAMPAIGN}") { id } }` },
  saveRiskFormDraft: {
    doc: `mutation { saveRiskFormDraft(input: { campaignId: "${CAMPAIGN}", expectedVersion: 1 }) { id } }`,
  },
  submitRiskForm: { doc: `mutation { submitRiskForm(campaignId: "${CAMPAIGN}", expectedVersion: 1) { id } }` },
  // `head`'s form waits at step 0 for `vice`, their supervising leader.
  decideReviewTask: {
    doc: 'mutation($t: ID!, $v: Int!) { decideReviewTask(input: { taskId: $t, decision: APPROVE, opinion: "同意", formVersion: $v, idempotencyKey: "matrix-decide" }) { status } }',
    vars: (t) => ({ t: t.headTaskId, v: t.headFormVersion }),
    scopeDenied: ['head', 'principal', 'otherPrincipal', 'discipline', 'office'],
  },
  approveReviewTasks: {
    doc: 'mutation($t: ID!) { approveReviewTasks(input: { taskIds: [$t], opinion: "同意", idempotencyKey: "matrix-approve" }) { ok errorCode } }',
    vars: (t) => ({ t: t.moralTaskId }),
    scopeDenied: ['head', 'principal', 'otherPrincipal', 'discipline', 'office'],
    itemCode: (data) =>
      (data.approveReviewTasks as { errorCode: string | null }[] | undefined)?.find((o) => o.errorCode)?.errorCode ??
      undefined,
  },
  // Issue 18: the office only, on a real dead letter.
  retryNotificationDelivery: {
    doc: 'mutation($d: ID!) { retryNotificationDelivery(id: $d) { status } }',
    vars: (t) => ({ d: t.deadDeliveryId }),
  },
  // Issue 18: a unit's group robots, its leaders' and the office's business.
  notificationRobots: { doc: '{ notificationRobots(unitId: "s001") { kind } }', unit: 's001' },
  setNotificationRobot: {
    doc: 'mutation { setNotificationRobot(input: { unitId: "s001", kind: WECOM, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=matrix" }) { kind } }',
    unit: 's001',
  },
  removeNotificationRobot: {
    doc: 'mutation { removeNotificationRobot(unitId: "s001", kind: DINGTALK) }',
    unit: 's001',
  },
  setNotificationPreferences: {
    doc: 'mutation { setNotificationPreferences(input: { channels: [], digestHour: 8 }) { digestHour } }',
  },
  // 催办 on staff's task: staff (its owner), s001's leaders (vice sits in its leading group, the principal) and the
  // office; not the department head, another unit's principal or the discipline team. After the first, RATE_LIMITED.
  nudgeReviewTask: {
    doc: 'mutation($t: ID!) { nudgeReviewTask(taskId: $t) { nudgeCount } }',
    vars: (t) => ({ t: t.staffTaskId }),
    scopeDenied: ['head', 'otherPrincipal', 'discipline'],
  },
  extendReviewTask: {
    doc: 'mutation($t: ID!) { extendReviewTask(input: { taskId: $t, workingDays: 1, reason: "学校活动周", idempotencyKey: "matrix-extend" }) { status } }',
    vars: (t) => ({ t: t.staffTaskId }),
  },
};

/**
 * Operations whose allowed callers may meet NOT_FOUND for something other than their target: s001's public
 * notice is not open yet (screening is at its forms stage), and people without a form have none to read.
 */
const MAY_BE_MISSING = new Set(['publicNotice', 'myRiskForm']);

const POINT = {
  description: '在评优评先中收受家长礼品',
  category: 'IDEOLOGICAL_MORAL',
  causes: ['IDEOLOGICAL_MORAL'],
  likelihood: 2,
  harm: 2,
  findingMethod: 'SELF',
  direction: 'FORWARD',
  controlMeasures: '公开承诺',
};
const TEXT_FIELDS = [
  'position',
  'departmentName',
  'postDuties',
  'workflowDescription',
  'personInCharge',
  'controlMeasures',
];

describe('every operation × every kind of caller, on real targets: nobody gets what they should not (issue 8, issue 12)', () => {
  const stack = new TestStack();
  const t = {} as Targets;
  /** Each caller's roles as the roster import gave them (null: anonymous). */
  const grants = {} as Record<Id, RoleGrant[] | null>;
  /** The callers the policy table refuses an operation, on the case's target. */
  const deniedBy = (op: HttpOperation, c: Case): Id[] =>
    IDS.filter((id) => {
      const g = grants[id];
      if (!mayCall(POLICY[op], g)) return true;
      if (c.unit) return !holdsFor(POLICY[op], g ?? [], c.unit);
      return c.scopeDenied?.includes(id) ?? false;
    });
  const ds = () => stack.db.dataSource;
  const tok = (code: string) => stack.token(code);
  const ok = async <T>(what: string, p: Promise<GraphQLResponse<T>>): Promise<T> => {
    const res = await p;
    if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
    return res.data!;
  };

  /** Starts a person's form and fills it so that it can be submitted; returns its id and version. */
  async function fill(code: string): Promise<{ id: string; version: number }> {
    type Started = {
      startRiskForm: { id: string; version: number; formType: string; submissionProblems: { field: string }[] };
    };
    const START = `mutation { startRiskForm(campaignId: "${CAMPAIGN}") { id version formType submissionProblems { field } } }`;
    const started = (await ok('start a form', stack.graphql<Started>(START, {}, tok(code)))).startRiskForm;
    const points =
      started.formType === 'LEADERSHIP'
        ? ['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS'].map((m) => ({
            ...POINT,
            majorMatter: m,
          }))
        : [POINT];
    const texts = Object.fromEntries(
      TEXT_FIELDS.filter((f) => started.submissionProblems.some((x) => x.field === f)).map((f) => [f, `${f} 已填写`]),
    );
    const SAVE = `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version submissionProblems { field reason } } }`;
    const input = { campaignId: CAMPAIGN, expectedVersion: started.version, ...texts, riskPoints: points };
    const saved = (
      await ok(
        'fill the form',
        stack.graphql<{ saveRiskFormDraft: { version: number; submissionProblems: unknown[] } }>(
          SAVE,
          { i: input },
          tok(code),
        ),
      )
    ).saveRiskFormDraft;
    expect(saved.submissionProblems).toEqual([]);
    return { id: started.id, version: saved.version };
  }

  /** Submits a filled form and returns its open review task (step 0). */
  async function submitted(code: string): Promise<{ formId: string; taskId: string; version: number }> {
    const form = await fill(code);
    const sent = await ok(
      'submit',
      stack.graphql<{ submitRiskForm: { version: number } }>(
        `mutation($v: Int!) { submitRiskForm(campaignId: "${CAMPAIGN}", expectedVersion: $v) { version } }`,
        { v: form.version },
        tok(code),
      ),
    );
    const taskId = await until(`the review task of ${code}'s form`, async () => {
      const rows: { id: string }[] = await ds().query(
        `SELECT id FROM review_task WHERE form_id = $1 AND status = 'OPEN' AND step = 0`,
        [form.id],
      );
      return rows[0]?.id;
    });
    return { formId: form.id, taskId, version: sent.submitRiskForm.version };
  }

  beforeAll(async () => {
    await stack.start();
    const root = await stack.person('root-admin', [{ role: Role.OFFICE_ADMIN, unitId: null }]);
    const office = tok(CODES.office);
    const csv = toCsv(generateDistrictRows({ units: 3, people: 60, seed: 12 }));
    await ok(
      'import',
      stack.graphql(
        `mutation($i: ImportRosterInput!) { importRoster(input: $i) { roleChanges } }`,
        { i: { format: 'CSV', contentBase64: Buffer.from(csv).toString('base64') } },
        root,
      ),
    );
    const people = await ds()
      .getRepository(PersonEntity)
      .find({ where: { code: In(Object.values(CODES)) }, relations: { roles: true } });
    grants.anonymous = null;
    for (const [id, code] of Object.entries(CODES) as [Exclude<Id, 'anonymous'>, string][]) {
      grants[id] = people
        .find((p) => p.code === code)!
        .roles.map((r) => ({ role: r.role as RoleName, unitId: r.unitId, departmentId: r.departmentId }));
    }

    // A campaign whose mobilisation is open today; s001 records its three items, which opens its screening
    // the legitimate way (R03–R05), so forms can be submitted.
    const today = dateOf(Date.now());
    const phases = ['MOBILISATION', 'SCREENING', 'EXECUTION', 'EVALUATION', 'CORRECTION'];
    const calendar = phases.map((phase, i) => ({
      phase,
      startsOn: addDays(today, i === 0 ? -1 : 60 * i),
      endsOn: addDays(today, 60 * i + 59),
    }));
    await ok(
      'launch',
      stack.graphql(
        `mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`,
        { i: { year: Number(CAMPAIGN), calendar, units: ['s001', 's002'] } },
        office,
      ),
    );
    for (const [item, extra] of [
      ['WORKING_BODY', {}],
      ['IMPLEMENTATION_PLAN', {}],
      ['MOBILISATION_MEETING', { attendance: 40 }],
    ] as const) {
      await until(`s001's ${item} recorded`, async () => {
        const res = await stack.graphql(
          `mutation($i: MobilisationRecordInput!) { recordMobilisation(input: $i) { unitId } }`,
          {
            i: {
              campaignId: CAMPAIGN,
              unitId: 's001',
              item,
              evidence: `${item} 已完成`,
              idempotencyKey: `setup-${item}`,
              ...extra,
            },
          },
          tok(CODES.principal),
        );
        return !res.errors;
      });
    }
    type Units = { campaignUnits: { nodes: { unitId: string; phases: { phase: string; status: string }[] }[] } };
    const UNITS = `{ campaignUnits(campaignId: "${CAMPAIGN}") { nodes { unitId phases { phase status } } } }`;
    await until("s001's screening open", async () => {
      const s001 = (await ok('units', stack.graphql<Units>(UNITS, {}, office))).campaignUnits.nodes.find(
        (n) => n.unitId === 's001',
      );
      return s001?.phases.find((p) => p.phase === 'SCREENING')?.status === 'IN_PROGRESS';
    });

    // Forms in review: staff's (its grade group's head decides step 0), head's and the 政教处 head's (vice decides).
    const staffForm = await submitted(CODES.staff);
    t.formId = staffForm.formId;
    t.staffTaskId = staffForm.taskId;
    const headForm = await submitted(CODES.head);
    [t.headTaskId, t.headFormVersion] = [headForm.taskId, headForm.version];
    t.moralTaskId = (await submitted('s001-0006')).taskId;

    // An archived risk point: another teacher's approved form in s001's risk archive (the screening e2e test
    // proves the way there over GraphQL).
    const archived = await fill('s001-0011');
    await ds().query(`UPDATE risk_form SET status = 'APPROVED', review_revision = 1 WHERE id = $1`, [archived.id]);
    await createRiskArchive(ds(), 'matrix-s001', CAMPAIGN, 's001', CODES.principal);
    t.riskPointId = (
      (await ds().query(`SELECT id FROM risk_point WHERE form_id = $1 LIMIT 1`, [archived.id])) as { id: string }[]
    )[0]!.id;
    // A public comment on s001's notice, as the notice would have taken it.
    t.commentId = (
      await ds().getRepository(NoticeCommentEntity).save({
        campaignId: CAMPAIGN,
        unitId: 's001',
        riskPointId: null,
        text: '公示内容不全',
        authorName: null,
        status: 'OPEN',
        answer: null,
        answeredBy: null,
        answeredAt: null,
      })
    ).id;

    // Complaints about s001: one new, one accepted.
    const complaintIds: string[] = [];
    for (const text of ['学校违规组织有偿补课，请调查', '食堂采购不公开，请核查']) {
      await ok(
        'file a complaint',
        stack.graphql(`mutation($i: ComplaintInputModel!) { fileComplaint(input: $i) { receiptCode } }`, {
          i: { unitId: 's001', subjectKind: 'UNIT', text, named: false },
        }),
      );
      complaintIds.push(
        await until(
          `the complaint "${text}"`,
          async () =>
            ((await ds().query(`SELECT id FROM complaint WHERE text = $1`, [text])) as { id: string }[])[0]?.id,
        ),
      );
    }
    [t.newComplaintId, t.acceptedComplaintId] = complaintIds as [string, string];
    await ok(
      'accept',
      stack.graphql(
        `mutation($c: ID!) { triageComplaint(input: { complaintId: $c, accept: true, reason: "予以受理", idempotencyKey: "setup-accept" }) { id } }`,
        { c: t.acceptedComplaintId },
        office,
      ),
    );

    // Two disposal cases on staff.
    const OPEN = `mutation($i: OpenDisposalCaseInput!) { openDisposalCase(input: $i) { id } }`;
    for (const problem of ['违规收取资料费', '上课期间擅离岗位']) {
      const opened = await ok(
        'open a case',
        stack.graphql<{ openDisposalCase: { id: string } }>(
          OPEN,
          {
            i: {
              campaignId: CAMPAIGN,
              unitId: 's001',
              personCode: CODES.staff,
              problem,
              source: 'OTHER',
              firstMeasure: 'TALK',
            },
          },
          office,
        ),
      );
      if (!t.caseId) t.caseId = opened.openDisposalCase.id;
      else t.otherCaseId = opened.openDisposalCase.id;
    }

    // s001's evaluation with an open round; s002's correction round.
    await ok(
      'open the evaluation',
      stack.graphql(`mutation { openEvaluation(campaignId: "${CAMPAIGN}", unitId: "s001") { status } }`, {}, office),
    );
    const round = await ok(
      'open a round',
      stack.graphql<{ openEvaluationRound: { round: { id: string }; invitations: { code: string }[] } }>(
        `mutation($i: OpenEvaluationRoundInput!) { openEvaluationRound(input: $i) { round { id } invitations { code } } }`,
        {
          i: {
            campaignId: CAMPAIGN,
            unitId: 's001',
            kind: 'EXTERNAL',
            closesOn: addDays(today, 30),
            invitations: [{ evaluatorKind: 'PARENT', count: 2 }],
            idempotencyKey: 'setup-round',
          },
        },
        office,
      ),
    );
    t.roundId = round.openEvaluationRound.round.id;
    t.invitationCode = round.openEvaluationRound.invitations[0]!.code;
    await ok(
      'start a correction',
      stack.graphql(
        `mutation { startCorrection(input: { campaignId: "${CAMPAIGN}", unitId: "s002", reason: "根据评议意见补充防控措施" }) { status } }`,
        {},
        office,
      ),
    );

    t.deadDeliveryId = 'matrix-dead:EMAIL';
    await ds().query(
      `INSERT INTO notification_delivery (id, source, channel, address, kind, message, status, attempts, next_attempt_at, last_error)
       VALUES ($1, 'matrix-dead', 'EMAIL', 'x@school.cn', 'TASK', '新的审查任务', 'DEAD', 8, now(), '550 mailbox unavailable')`,
      [t.deadDeliveryId],
    );
    t.accessTokenId = (
      await ok(
        'create an access token',
        stack.graphql<{ createAccessToken: { token: { id: string } } }>(
          'mutation { createAccessToken(input: { name: "脚本", scope: REVIEW }) { token { id } } }',
          {},
          tok(CODES.staff),
        ),
      )
    ).createAccessToken.token.id;
    t.exportJobId = (
      await ok(
        'export',
        stack.graphql<{ startExport: { id: string } }>(
          `mutation { startExport(input: { kind: DISTRICT_SUMMARY, campaignId: "${CAMPAIGN}" }) { id } }`,
          {},
          office,
        ),
      )
    ).startExport.id;
  });
  afterAll(() => stack.stop());

  it('covers every query and mutation in the schema', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../apps/gateway/schema.gql'), 'utf8'));
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()),
      ...Object.keys(schema.getMutationType()!.getFields()),
    ].sort();
    expect(Object.keys(CASES).sort()).toEqual(operations);
  });

  it('issue 17: takes every refusal from the policy table — record scope only where the table names one, and never for a caller the audience already refuses', () => {
    const misplaced = (Object.entries(CASES) as [HttpOperation, Case][]).filter(([op, c]) => {
      const rule = POLICY[op];
      const scoped = c.unit !== undefined || (c.scopeDenied?.length ?? 0) > 0;
      return (
        (scoped && !('scope' in rule)) ||
        (c.unit !== undefined && rule.scope !== 'UNIT') ||
        (c.scopeDenied ?? []).some((id) => !mayCall(rule, grants[id]))
      );
    });
    expect(misplaced.map(([op]) => op)).toEqual([]);
  });

  it.each(Object.entries(CASES) as [HttpOperation, Case][])('%s', async (_name, c) => {
    const codes: Record<string, string> = {};
    /** Errors that would leave a person with English only (every error says itself in Chinese as well). */
    const untranslated: string[] = [];
    for (const id of IDS) {
      const token = id === 'anonymous' ? undefined : stack.token(CODES[id]);
      const res = await stack.graphql(c.doc, c.vars?.(t) ?? {}, token);
      for (const e of res.errors ?? [])
        if (!CJK.test(e.extensions?.userMessage ?? '')) untranslated.push(`${id}: ${e.message}`);
      codes[id] =
        res.errors?.[0]?.extensions?.code ??
        (res.status >= 400 ? `HTTP_${res.status}` : ((res.data && c.itemCode?.(res.data)) ?? 'OK'));
    }
    const outcome = (code: string) =>
      code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? 'DENIED' : code === 'NOT_FOUND' ? 'NOT_FOUND' : 'PASSED';
    const outcomes = Object.fromEntries(IDS.map((id) => [id, outcome(codes[id]!)]));
    // A refusal is a refusal, never a NOT_FOUND; an allowed caller may meet a missing thing only where the
    // operation reads one that the campaign has not reached yet (a public notice, a receipt code), never its target.
    const denied = deniedBy(_name, c);
    const expected = Object.fromEntries(
      IDS.map((id) => [
        id,
        denied.includes(id)
          ? 'DENIED'
          : MAY_BE_MISSING.has(_name) && outcomes[id] === 'NOT_FOUND'
            ? 'NOT_FOUND'
            : 'PASSED',
      ]),
    );
    expect({ outcomes, codes, untranslated }).toEqual({ outcomes: expected, codes, untranslated: [] });
  });

  it('says a refusal in Chinese as extensions.userMessage, the English message unchanged: a FORBIDDEN, and a CONFLICT from the workflow’s update', async () => {
    const RECORD = `mutation { recordMobilisation(input: { campaignId: "${CAMPAIGN}", unitId: "s001", idempotencyKey: "matrix-mob-zh", item: WORKING_BODY, evidence: "成立领导小组的文件" }) { unitId } }`;
    const forbidden = (await stack.graphql(RECORD, {}, tok(CODES.otherPrincipal))).errors?.[0];
    expect(forbidden).toMatchObject({
      message: "Only unit s001's principal, leading group or the office record its progress.",
      extensions: {
        code: 'FORBIDDEN',
        userMessage: '只有该单位的主要负责人、领导小组或领导小组办公室可以登记工作进度',
      },
    });
    // s001's mobilisation is complete: the unit's workflow refuses the update in its validator.
    const conflict = (await stack.graphql(RECORD, {}, tok(CODES.principal))).errors?.[0];
    expect(conflict).toMatchObject({
      message: 'Mobilisation is not open for this unit.',
      extensions: { code: 'CONFLICT', userMessage: '该单位不在动员学习阶段，不能登记动员部署记录' },
    });
    expect(conflict?.extensions?.userMessage).toMatch(CJK);
  });

  it('issue 12: a caller without the role is refused before anything is looked up — alike for a real and a missing target', async () => {
    const missing = '00000000-0000-0000-0000-000000000000';
    const TRIAGE =
      'mutation($c: ID!) { triageComplaint(input: { complaintId: $c, accept: false, reason: "x", idempotencyKey: "order" }) { id } }';
    const VERIFY =
      'mutation($c: ID!) { verifyDisposal(input: { caseId: $c, accepted: true, outcome: "x", idempotencyKey: "order" }) { id } }';
    const ESCALATE =
      'mutation($c: ID!) { escalateDisposal(input: { caseId: $c, reason: "x", idempotencyKey: "order" }) { id } }';
    const REPORT = `mutation($p: String!) { recordDutyReport(input: { campaignId: "${CAMPAIGN}", personCode: $p, reportSummary: "述职" }) { id } }`;
    const COMMIT = `mutation($p: String!) { recordCommitment(input: { campaignId: "${CAMPAIGN}", personCode: $p, text: "承诺", publishedWhere: "家长会", audiences: [PARENTS], publishedOn: "2026-01-01" }) { id } }`;
    const codeOf = async (doc: string, vars: Record<string, unknown>, who: Exclude<Id, 'anonymous'>) =>
      (await stack.graphql(doc, vars, tok(CODES[who]))).errors?.[0]?.extensions?.code;
    const probes: [string, string, Record<string, unknown>, Record<string, unknown>, Exclude<Id, 'anonymous'>][] = [
      ['triageComplaint', TRIAGE, { c: t.newComplaintId }, { c: missing }, 'principal'],
      ['verifyDisposal', VERIFY, { c: t.caseId }, { c: missing }, 'head'],
      ['escalateDisposal', ESCALATE, { c: t.otherCaseId }, { c: missing }, 'staff'],
      ['recordDutyReport', REPORT, { p: 's001-0021' }, { p: 'nobody-0000' }, 'staff'],
      ['recordCommitment (for another)', COMMIT, { p: 's001-0021' }, { p: 'nobody-0000' }, 'staff'],
    ];
    const answers: string[][] = [];
    for (const [op, doc, real, absent, who] of probes)
      answers.push([op, String(await codeOf(doc, real, who)), String(await codeOf(doc, absent, who))]);
    expect(answers).toEqual(answers.map(([op]) => [op, 'FORBIDDEN', 'FORBIDDEN']));
  });

  it('leaves every signed-in caller able to read its own identity', async () => {
    for (const id of SIGNED_IN)
      expect(
        (
          await stack.graphql<{ me: { code: string } }>(
            '{ me { code } }',
            {},
            stack.token(CODES[id as Exclude<Id, 'anonymous'>]),
          )
        ).data?.me.code,
      ).toBe(CODES[id as Exclude<Id, 'anonymous'>]);
  });
});
