import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ComplaintStatus, ComplaintSubjectKind, HolidayYear } from '@pirm/domain';

/** One workflow per complaint (R16): intake, acceptance within working days, conclusion. */
export function complaintWorkflowId(complaintId: string): string {
  return `complaint:${complaintId}`;
}

export const COMPLAINT_WORKFLOW_TYPE = 'complaintWorkflow';

/**
 * What the workflow knows of a complaint. The complainant's name and contact are not here: they stay in
 * PostgreSQL (complaint_contact), so no workflow history, and no one reading it, holds them.
 */
export interface ComplaintInput {
  complaintId: string;
  unitId: string;
  subjectKind: ComplaintSubjectKind;
  subjectPostId: string | null;
  subjectPersonId: string | null;
  text: string;
  named: boolean;
  /** SHA-256 of the receipt code: the code itself is shown once, to the complainant. */
  receiptHash: string;
  acceptWorkingDays: number;
  handleWorkingDays: number;
  holidays: HolidayYear[];
}

export type ComplaintEventKind =
  'RECEIVED' | 'REMINDER' | 'ESCALATED' | 'ACCEPTED' | 'REFUSED' | 'CONCLUDED' | 'COMPLAINANT_TOLD';

export interface ComplaintEvent {
  kind: ComplaintEventKind;
  at: number;
  /** Person id of the handler, or null for the system. */
  by: string | null;
  /** Shown to the complainant on receipt lookup (reasons, outcome), never names of handlers. */
  detail: string;
}

export interface ComplaintState {
  complaintId: string;
  status: ComplaintStatus;
  receivedAt: number;
  /** The current deadline: to accept or refuse, then to conclude; null once closed. */
  dueAt: number | null;
  escalated: boolean;
  substantiated: boolean | null;
  events: ComplaintEvent[];
  revision: number;
}

export interface TriageArgs {
  key: string;
  accept: boolean;
  reason: string;
  by: string;
}

export interface ConcludeArgs {
  key: string;
  outcome: string;
  substantiated: boolean;
  by: string;
}

/** The first update, sent with the start (update-with-start): returns once the complaint is stored. */
export const registerComplaintUpdate = defineUpdate<ComplaintState, []>('registerComplaint');
export const triageComplaintUpdate = defineUpdate<ComplaintState, [TriageArgs]>('triageComplaint');
export const concludeComplaintUpdate = defineUpdate<ComplaintState, [ConcludeArgs]>('concludeComplaint');
export const complaintStateQuery = defineQuery<ComplaintState>('complaintState');

export type ComplaintWorkflow = (input: ComplaintInput) => Promise<ComplaintState>;
