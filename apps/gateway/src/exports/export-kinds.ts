import type { Writable } from 'node:stream';
import {
  DISTRICT_SUMMARY_COLUMNS,
  DomainError,
  ErrorCode,
  UNIT_RISK_LIST_COLUMNS,
  YEAR_END_DEPARTMENT_COLUMNS,
  YEAR_END_PERSON_COLUMNS,
  YEAR_END_UNIT_COLUMNS,
  departmentAssessmentRow,
  departmentAssessments,
  districtSummaryRow,
  hasRole,
  personAssessmentRow,
  printedForm,
  riskListRow,
  unitAssessmentRow,
  EXPORT_POLICY,
  rolesOf,
  type AccessRule,
} from '@pirm/domain';
import { type ExportRepository, type RiskListCursor } from '@pirm/persistence';
import type { Principal } from '../auth/principal';
import type { PrintConfig } from '../config';
import type { FormsService } from '../forms/forms.service';
import { renderFormPdf } from './pdf';
import { writeXlsx, type Cell, type ExportSheet } from './xlsx';

/** What can be printed or exported. Adding one: a value here and its definition in EXPORTS below. */
export enum ExportKind {
  /** A risk form in the layout of its attachment, three copies (R23). */
  RISK_FORM_PDF = 'RISK_FORM_PDF',
  /** A unit's risk points in the 登记表 columns. */
  UNIT_RISK_LIST = 'UNIT_RISK_LIST',
  /** Per unit: forms, risk points by level and category, posts by grade, progress. */
  DISTRICT_SUMMARY = 'DISTRICT_SUMMARY',
  /** 年度考核 (R21): per person, per department and per unit; one unit's, or the district's. */
  YEAR_END_ASSESSMENT = 'YEAR_END_ASSESSMENT',
}

export interface ExportParams {
  campaignId: string;
  unitId: string | null;
  formId: string | null;
}

/** What an allowed export is of: the audit chain, the role that allowed it, its target and file name. */
export interface ExportGrant {
  campaignId: string;
  role: string | null;
  target: string;
  fileName: string;
}

export interface ExportDeps {
  repo: ExportRepository;
  forms: FormsService;
  print: PrintConfig;
}

export type Progress = (done: number, total: number) => Promise<void>;

export interface ExportDefinition {
  /** Exports of personal data append an audit record with the job. */
  personalData: boolean;
  contentType: string;
  extension: 'pdf' | 'xlsx';
  /** Throws FORBIDDEN, NOT_FOUND or VALIDATION_FAILED unless the principal may have this export. */
  authorize(principal: Principal, params: ExportParams, deps: ExportDeps): Promise<ExportGrant>;
  write(params: ExportParams, deps: ExportDeps, out: Writable, progress: Progress): Promise<void>;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An XLSX export: authorisation plus the sheets; the streaming, progress and file handling are shared. */
function xlsxExport(
  def: Pick<ExportDefinition, 'personalData' | 'authorize'> & {
    sheets(params: ExportParams, deps: ExportDeps): ExportSheet[];
  },
): ExportDefinition {
  return {
    personalData: def.personalData,
    contentType: XLSX,
    extension: 'xlsx',
    authorize: def.authorize,
    write: (params, deps, out, progress) => writeXlsx(def.sheets(params, deps), out, progress),
  };
}

/** The first of the rule's roles the principal holds for the unit (district-wide grants cover every unit), or FORBIDDEN. */
function requireAnyRole(principal: Principal, rule: AccessRule, unitId: string | null, what: string) {
  const roles = rolesOf(rule);
  const role = roles.find((r) => hasRole(principal.roles, r, unitId));
  if (!role)
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `${what} is for ${roles.join(', ')}${unitId ? ` of unit ${unitId}` : ''}.`,
    );
  return role;
}

function required<K extends keyof ExportParams>(params: ExportParams, field: K): NonNullable<ExportParams[K]> {
  const v = params[field];
  if (!v) throw DomainError.validation([{ field, reason: 'is required for this kind of export' }]);
  return v as NonNullable<ExportParams[K]>;
}

async function requireCampaign(repo: ExportRepository, campaignId: string): Promise<void> {
  if (!(await repo.campaignExists(campaignId)))
    throw new DomainError(ErrorCode.NOT_FOUND, `No campaign ${campaignId}.`);
}

const PAGE = 1000;

export const EXPORTS: Readonly<Record<ExportKind, ExportDefinition>> = {
  [ExportKind.RISK_FORM_PDF]: {
    personalData: true,
    contentType: 'application/pdf',
    extension: 'pdf',
    async authorize(principal, params, { forms }) {
      // The form's readers may print it (canViewForm: its owner and its review chain).
      const form = await forms.get(principal, required(params, 'formId'));
      const role =
        principal.personId === form.personId
          ? null
          : (principal.roles.find((g) => g.unitId === null || g.unitId === form.unitId)?.role ?? null);
      return {
        campaignId: form.campaignId,
        role,
        target: `form:${form.id}`,
        fileName: `廉政风险识别和防控表-${form.name}-${form.campaignId}.pdf`,
      };
    },
    async write(params, { repo, print }, out, progress) {
      const input = await repo.printInput(params.formId!);
      if (!input) throw new DomainError(ErrorCode.NOT_FOUND, `No risk form ${params.formId}.`);
      await renderFormPdf(printedForm(input), print, out);
      await progress(1, 1);
    },
  },
  [ExportKind.UNIT_RISK_LIST]: xlsxExport({
    personalData: true,
    async authorize(principal, params, { repo }) {
      const unitId = required(params, 'unitId');
      const role = requireAnyRole(principal, EXPORT_POLICY.unitList, unitId, 'A unit’s risk list');
      await requireCampaign(repo, params.campaignId);
      const unit = await repo.unit(unitId);
      if (!unit) throw new DomainError(ErrorCode.NOT_FOUND, `No unit ${unitId}.`);
      return {
        campaignId: params.campaignId,
        role,
        target: `unit:${unitId}`,
        fileName: `岗位廉政风险点登记表-${unit.name}-${params.campaignId}.xlsx`,
      };
    },
    sheets: (params, { repo }) => [
      {
        name: '风险点登记表',
        columns: UNIT_RISK_LIST_COLUMNS,
        count: () => repo.countUnitRiskList(params.campaignId, params.unitId!),
        async *rows(): AsyncIterable<Cell[]> {
          let n = 0;
          let after: RiskListCursor | undefined;
          for (;;) {
            const page = await repo.unitRiskListPage(params.campaignId, params.unitId!, PAGE, after);
            for (const r of page) yield riskListRow(++n, r.entry);
            if (page.length < PAGE) return;
            after = page[page.length - 1]!.cursor;
          }
        },
      },
    ],
  }),
  [ExportKind.DISTRICT_SUMMARY]: xlsxExport({
    personalData: false,
    async authorize(principal, params, { repo }) {
      const role = requireAnyRole(principal, EXPORT_POLICY.districtWide, null, 'The district summary');
      await requireCampaign(repo, params.campaignId);
      return {
        campaignId: params.campaignId,
        role,
        target: `campaign:${params.campaignId}`,
        fileName: `岗位廉政风险防范管理全区汇总表-${params.campaignId}.xlsx`,
      };
    },
    sheets: (params, { repo }) => {
      const summary = repo.districtSummary(params.campaignId);
      return [
        {
          name: '全区汇总',
          columns: DISTRICT_SUMMARY_COLUMNS,
          count: async () => (await summary).length,
          async *rows(): AsyncIterable<Cell[]> {
            for (const s of await summary) yield districtSummaryRow(s);
          },
        },
      ];
    },
  }),
  [ExportKind.YEAR_END_ASSESSMENT]: xlsxExport({
    personalData: true,
    async authorize(principal, params, { repo }) {
      // One unit's for its leaders, the discipline team and the office; the whole district's for the last two.
      const role = params.unitId
        ? requireAnyRole(principal, EXPORT_POLICY.unitList, params.unitId, 'A unit’s year-end assessment')
        : requireAnyRole(principal, EXPORT_POLICY.districtWide, null, 'The district’s year-end assessment');
      await requireCampaign(repo, params.campaignId);
      const unit = params.unitId ? await repo.unit(params.unitId) : null;
      if (params.unitId && !unit) throw new DomainError(ErrorCode.NOT_FOUND, `No unit ${params.unitId}.`);
      return {
        campaignId: params.campaignId,
        role,
        target: unit ? `unit:${unit.id}` : `campaign:${params.campaignId}`,
        fileName: `年度考核-${unit?.name ?? '全区'}-${params.campaignId}.xlsx`,
      };
    },
    sheets: (params, { repo }) => {
      const people = repo.yearEndPeople(params.campaignId, params.unitId);
      const units = repo.yearEndUnits(params.campaignId, params.unitId);
      const sheet = <T>(
        name: string,
        columns: ExportSheet['columns'],
        rows: Promise<T[]>,
        row: (r: T) => Cell[],
      ): ExportSheet => ({
        name,
        columns,
        count: async () => (await rows).length,
        async *rows(): AsyncIterable<Cell[]> {
          for (const r of await rows) yield row(r);
        },
      });
      return [
        sheet('个人年度考核', YEAR_END_PERSON_COLUMNS, people, personAssessmentRow),
        sheet('科室年度考核', YEAR_END_DEPARTMENT_COLUMNS, people.then(departmentAssessments), departmentAssessmentRow),
        sheet('单位廉政考核', YEAR_END_UNIT_COLUMNS, units, unitAssessmentRow),
      ];
    },
  }),
};
