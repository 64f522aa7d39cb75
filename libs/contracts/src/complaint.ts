import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ComplaintState, FiledComplaint, HolidayYear } from '@pirm/domain';

export type { ComplaintEvent, ComplaintEventKind, ComplaintState } from '@pirm/domain';

/** One workflow per complaint (R16): intake, acceptance within working days, conclusion. */
export function complaintWorkflowId(complaintId: string): string {
  return `complaint:${complaintId}`;
}

export const COMPLAINT_WORKFLOW_TYPE = 'complaintWorkflow';

/** What the workflow knows of a complaint: the complaint as filed (no complainant's name or contact) and its deadlines. */
export interface ComplaintInput extends FiledComplaint {
  complaintId: string;
  acceptWorkingDays: number;
  handleWorkingDays: number;
  holidays: HolidayYear[];
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
