/** What can be printed or exported. Adding one: a value here, its format below, its access rule in the gateway and its renderer in activities. */
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

export interface ExportFormat {
  /** Exports of personal data append an audit record with the job. */
  personalData: boolean;
  contentType: string;
  extension: 'pdf' | 'xlsx';
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file each kind produces: the gateway records it with the job, the worker renders it. */
export const EXPORT_FORMATS: Readonly<Record<ExportKind, ExportFormat>> = {
  [ExportKind.RISK_FORM_PDF]: { personalData: true, contentType: 'application/pdf', extension: 'pdf' },
  [ExportKind.UNIT_RISK_LIST]: { personalData: true, contentType: XLSX, extension: 'xlsx' },
  [ExportKind.DISTRICT_SUMMARY]: { personalData: false, contentType: XLSX, extension: 'xlsx' },
  [ExportKind.YEAR_END_ASSESSMENT]: { personalData: true, contentType: XLSX, extension: 'xlsx' },
};
