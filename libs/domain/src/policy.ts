import type { TokenScope } from './access-token';
import { hasRole, Role, type RoleGrant } from './roles';

/**
 * Who may call an operation at all, decided from the caller's roles alone (before any record is looked up):
 * anyone, anyone signed in, or a holder of one of the roles (in some unit). Narrower rules that need the
 * record (which unit, whose form) are the operation's `scope`, checked by its service with the functions below.
 */
export type Audience = 'PUBLIC' | 'SIGNED_IN' | readonly Role[];

/**
 * The record-level rule a service applies after the audience check: UNIT, one of the audience's roles for the
 * record's unit; OWN, the caller's own record; OWN_OR_UNIT, the caller's own or, as one of the unit's
 * recorders or readers (ROLE_SETS), the unit's; FORM_READERS, the form's readers (canViewForm); ASSIGNEE, the person a review task waits for.
 * DISTRICT, one of the audience's roles granted district-wide: it needs no record, so `mayCall` (the guard) checks it.
 */
export type Scope = 'UNIT' | 'OWN' | 'OWN_OR_UNIT' | 'FORM_READERS' | 'ASSIGNEE' | 'DISTRICT';

export interface AccessRule {
  readonly who: Audience;
  readonly scope?: Scope;
}

/** The role sets the table and the services' unit-scope checks share. */
export const ROLE_SETS = {
  office: [Role.OFFICE_ADMIN],
  /** The office and the discipline team: district-wide reads and oversight matters (R16, R17). */
  oversight: [Role.OFFICE_ADMIN, Role.DISCIPLINE_TEAM],
  /** A unit's leaders and the office: what a unit records about itself (R03–R08). */
  unitRecorders: [Role.UNIT_LEADING_GROUP, Role.UNIT_PRINCIPAL, Role.OFFICE_ADMIN],
  /** A unit's leaders, its discipline team and the office: who reads a unit's records. */
  unitReaders: [Role.UNIT_PRINCIPAL, Role.UNIT_LEADING_GROUP, Role.DISCIPLINE_TEAM, Role.OFFICE_ADMIN],
  /** Who may hold a review step (R09), and the office, which can be a step of every chain. */
  reviewers: [
    Role.DEPARTMENT_HEAD,
    Role.SUPERVISING_LEADER,
    Role.UNIT_LEADING_GROUP,
    Role.DISCIPLINE_TEAM,
    Role.OFFICE_ADMIN,
  ],
} as const satisfies Record<string, readonly Role[]>;
const {
  office: OFFICE,
  oversight: OVERSIGHT,
  unitRecorders: UNIT_RECORDERS,
  unitReaders: UNIT_READERS,
  reviewers: REVIEWERS,
} = ROLE_SETS;

const open: AccessRule = { who: 'PUBLIC' };
const signedIn: AccessRule = { who: 'SIGNED_IN' };
const roles = (who: readonly Role[], scope?: Scope): AccessRule => (scope ? { who, scope } : { who });
const signedInScoped = (scope: Scope): AccessRule => ({ who: 'SIGNED_IN', scope });

/**
 * Every GraphQL operation (query, mutation, subscription) by field name. The gateway refuses an operation
 * that is not here; a test holds the table to `schema.gql`, and the access matrix takes its expectations from it.
 */
export const POLICY = {
  // queries
  accessTokens: signedInScoped('OWN'),
  auditTrail: roles(OVERSIGHT, 'DISTRICT'),
  campaign: signedIn,
  campaignDashboard: roles(OVERSIGHT, 'DISTRICT'),
  campaignEscalations: signedInScoped('UNIT'),
  campaignPhaseSummary: signedIn,
  campaignUnits: signedIn,
  complaintByReceipt: open,
  complaints: roles(OVERSIGHT, 'UNIT'),
  correctionOpinions: roles(UNIT_READERS, 'UNIT'),
  correctionRound: roles(UNIT_READERS, 'UNIT'),
  disposalCase: signedInScoped('OWN_OR_UNIT'),
  disposalCases: signedInScoped('OWN_OR_UNIT'),
  evaluationRule: signedIn,
  executionRecords: signedInScoped('OWN_OR_UNIT'),
  exportJob: signedInScoped('OWN'),
  gradingRules: signedIn,
  gradingRulesPreview: roles(OFFICE, 'DISTRICT'),
  holidayYears: signedIn,
  launchDefaults: roles(OFFICE, 'DISTRICT'),
  leadingGroupMembers: roles(UNIT_READERS, 'UNIT'),
  me: signedIn,
  myNotificationPreferences: signedIn,
  myNotifications: signedIn,
  notificationDeliveries: roles(OFFICE, 'DISTRICT'),
  notificationRobots: roles(UNIT_RECORDERS, 'UNIT'),
  myRiskForm: signedIn,
  myTasks: signedIn,
  noticeComments: roles(UNIT_READERS, 'UNIT'),
  publicNotice: open,
  reviewChains: signedIn,
  reviewState: signedInScoped('FORM_READERS'),
  riskForm: signedInScoped('FORM_READERS'),
  riskForms: roles(UNIT_READERS, 'UNIT'),
  riskLibrary: signedIn,
  rosterDepartments: signedInScoped('UNIT'),
  rosterPeople: signedInScoped('UNIT'),
  rosterPosts: signedInScoped('UNIT'),
  rosterUnits: signedIn,
  unitCampaign: signedInScoped('UNIT'),
  unitEvaluation: roles(UNIT_READERS, 'UNIT'),
  unitRiskMeasures: roles(UNIT_READERS, 'UNIT'),
  verifyAuditChain: roles(OVERSIGHT, 'DISTRICT'),
  // mutations
  createAccessToken: signedIn,
  revokeAccessToken: signedInScoped('OWN'),
  answerNoticeComment: roles(UNIT_RECORDERS, 'UNIT'),
  approveReviewTasks: roles(REVIEWERS, 'ASSIGNEE'),
  campaignAction: roles(OFFICE, 'DISTRICT'),
  closeEvaluationRound: roles(OFFICE, 'UNIT'),
  closeUnitNotice: roles(OFFICE, 'DISTRICT'),
  commentOnNotice: open,
  completeUnitPhase: roles(UNIT_RECORDERS, 'UNIT'),
  concludeComplaint: roles(OVERSIGHT, 'UNIT'),
  confirmCorrection: roles([Role.UNIT_PRINCIPAL], 'UNIT'),
  confirmRiskArchive: roles([Role.UNIT_PRINCIPAL], 'UNIT'),
  decideReviewTask: roles(REVIEWERS, 'ASSIGNEE'),
  escalateDisposal: roles(OVERSIGHT, 'UNIT'),
  extendReviewTask: roles(OFFICE, 'DISTRICT'),
  fileComplaint: open,
  importRoster: roles(OFFICE, 'DISTRICT'),
  launchCampaign: roles(OFFICE, 'DISTRICT'),
  nudgeReviewTask: signedInScoped('OWN_OR_UNIT'),
  openDisposalCase: roles(OVERSIGHT, 'UNIT'),
  openEvaluation: roles(OFFICE, 'UNIT'),
  openEvaluationRound: roles(OFFICE, 'UNIT'),
  orderRedo: roles(OFFICE, 'UNIT'),
  publishEvaluationRule: roles(OFFICE, 'DISTRICT'),
  publishGradingRules: roles(OFFICE, 'DISTRICT'),
  publishHolidayYear: roles(OFFICE, 'DISTRICT'),
  recordCommitment: signedInScoped('OWN_OR_UNIT'),
  recordDistrictEvaluation: roles(OFFICE, 'DISTRICT'),
  recordDutyReport: roles(UNIT_RECORDERS, 'UNIT'),
  recordMeasureImplementation: roles(UNIT_RECORDERS, 'UNIT'),
  recordMobilisation: roles(UNIT_RECORDERS, 'UNIT'),
  recordUnitActivity: roles(UNIT_RECORDERS, 'UNIT'),
  removeNotificationRobot: roles(UNIT_RECORDERS, 'UNIT'),
  respondToDisposal: signedInScoped('OWN'),
  retryNotificationDelivery: roles(OFFICE, 'DISTRICT'),
  saveRiskFormDraft: signedIn,
  setNotificationPreferences: signedIn,
  setNotificationRobot: roles(UNIT_RECORDERS, 'UNIT'),
  setReviewChain: roles(OFFICE, 'DISTRICT'),
  startCorrection: roles(UNIT_RECORDERS, 'UNIT'),
  startExport: signedInScoped('FORM_READERS'),
  startRiskForm: signedIn,
  submitEvaluationScore: open,
  submitRiskForm: signedIn,
  submitSelfAssessment: roles([Role.UNIT_LEADING_GROUP, Role.UNIT_PRINCIPAL], 'UNIT'),
  triageComplaint: roles(OVERSIGHT, 'UNIT'),
  verifyDisposal: roles(OVERSIGHT, 'UNIT'),
  // subscriptions
  notificationAdded: signedIn,
} as const satisfies Record<string, AccessRule>;

export type Operation = keyof typeof POLICY;

/**
 * Who may export what: `startExport` admits the form's readers (FORM_READERS); each kind then narrows it by the
 * record the export covers. A unit's lists and assessment are for its readers, the district's for oversight.
 */
export const EXPORT_POLICY = {
  unitList: roles(UNIT_READERS, 'UNIT'),
  districtWide: roles(OVERSIGHT, 'DISTRICT'),
} as const satisfies Record<string, AccessRule>;

/** The rule of an operation by name, or undefined for one the table does not know (which is refused). */
export function policyOf(operation: string): AccessRule | undefined {
  return Object.hasOwn(POLICY, operation) ? POLICY[operation as Operation] : undefined;
}

/** The audience's roles: none for PUBLIC and SIGNED_IN, which no role narrows. */
export const rolesOf = (rule: AccessRule): readonly Role[] => (typeof rule.who === 'string' ? [] : rule.who);

/**
 * Whether a caller may call the operation at all: `grants` is null for an anonymous caller. A role audience
 * needs one of its roles in any unit (district-wide for DISTRICT scope); the record's unit is the scope's business.
 */
export function mayCall(rule: AccessRule, grants: readonly RoleGrant[] | null): boolean {
  if (rule.who === 'PUBLIC') return true;
  if (grants === null) return false;
  if (rule.who === 'SIGNED_IN') return true;
  return rule.scope === 'DISTRICT' ? holdsFor(rule, grants, null) : holdsAny(grants, rule.who);
}

/** The caller holds one of `roles` in some unit (before the record, and so its unit, is known). */
export const holdsAny = (grants: readonly RoleGrant[], roles: readonly Role[]): boolean =>
  grants.some((g) => roles.includes(g.role));

/** UNIT scope: the caller holds one of `roles` for `unitId` (a district-wide grant covers every unit). */
export function holdsIn(grants: readonly RoleGrant[], roles: readonly Role[], unitId: string | null): boolean {
  return roles.some((r) => hasRole(grants, r, unitId));
}

/** UNIT scope of an operation: one of its audience's roles for `unitId`. */
export const holdsFor = (rule: AccessRule, grants: readonly RoleGrant[], unitId: string | null): boolean =>
  holdsIn(grants, rolesOf(rule), unitId);

/** OWN scope: the record is the caller's. */
export const isOwn = (personId: string, ownerPersonId: string): boolean => personId === ownerPersonId;

/** Whether the caller may list or revoke a person's access tokens: their own, or anyone's as the district's office. */
export const mayManageAccessTokensOf = (
  grants: readonly RoleGrant[],
  personId: string,
  ownerPersonId: string,
): boolean => isOwn(personId, ownerPersonId) || holdsIn(grants, OFFICE, null);

export type OperationKind = 'query' | 'mutation' | 'subscription';

/**
 * What a personal access token's scope admits, on top of the person's roles (which still decide, from the
 * roster, on every request): READ, queries and subscriptions; REVIEW, those plus deciding the person's own
 * review tasks — none of the office's operations, and no token management (a token cannot mint tokens).
 */
export const TOKEN_SCOPE_RULES: Record<
  TokenScope,
  { kinds: readonly OperationKind[]; mutations: readonly Operation[] }
> = {
  READ: { kinds: ['query', 'subscription'], mutations: [] },
  REVIEW: { kinds: ['query', 'subscription'], mutations: ['decideReviewTask', 'approveReviewTasks'] },
};

/** Whether a token of `scope` may call `operation` (of `kind`); the person's roles are checked as for any caller. */
export function tokenMayCall(scope: TokenScope, kind: OperationKind, operation: string): boolean {
  const rule = TOKEN_SCOPE_RULES[scope];
  if (kind === 'mutation') return (rule.mutations as readonly string[]).includes(operation);
  return rule.kinds.includes(kind);
}
