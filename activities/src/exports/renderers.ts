import type { Writable } from 'node:stream';
import {
  DISTRICT_SUMMARY_COLUMNS,
  DomainError,
  ErrorCode,
  ExportKind,
  UNIT_RISK_LIST_COLUMNS,
  YEAR_END_DEPARTMENT_COLUMNS,
  YEAR_END_PERSON_COLUMNS,
  YEAR_END_UNIT_COLUMNS,
  departmentAssessmentRow,
  departmentAssessments,
  districtSummaryRow,
  personAssessmentRow,
  printedForm,
  riskListRow,
  unitAssessmentRow,
  type ExportParams,
} from '@pirm/domain';
import type { ExportRepository, RiskListCursor } from '@pirm/persistence';
import { renderFormPdf, type PrintConfig } from './pdf';
import { writeXlsx, type Cell, type ExportSheet } from './xlsx';

export interface RenderDeps {
  repo: ExportRepository;
  print: PrintConfig;
}

export type Progress = (done: number, total: number) => Promise<void>;

/** Writes one kind's file to `out` (and ends it), telling `progress` rows written out of all rows. */
export type Renderer = (params: ExportParams, deps: RenderDeps, out: Writable, progress: Progress) => Promise<void>;

/** An XLSX export: its sheets; the streaming and progress are shared. */
function xlsx(sheets: (params: ExportParams, deps: RenderDeps) => ExportSheet[]): Renderer {
  return (params, deps, out, progress) => writeXlsx(sheets(params, deps), out, progress);
}

const PAGE = 1000;

/** The file of each kind; who may have it is the gateway's check, made before the job exists. */
export const RENDERERS: Readonly<Record<ExportKind, Renderer>> = {
  [ExportKind.RISK_FORM_PDF]: async (params, { repo, print }, out, progress) => {
    const input = await repo.printInput(params.formId!);
    if (!input)
      throw new DomainError(ErrorCode.NOT_FOUND, { en: `No risk form ${params.formId}.`, zh: '没有这份表单' });
    await renderFormPdf(printedForm(input), print, out);
    await progress(1, 1);
  },
  [ExportKind.UNIT_RISK_LIST]: xlsx((params, { repo }) => [
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
  ]),
  [ExportKind.DISTRICT_SUMMARY]: xlsx((params, { repo }) => {
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
  }),
  [ExportKind.YEAR_END_ASSESSMENT]: xlsx((params, { repo }) => {
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
  }),
};
