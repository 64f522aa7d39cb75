import type { DataSource } from 'typeorm';
import { ErrorCode, type ReviewerScope } from '@pirm/domain';
import { rejection } from '@pirm/contracts';
import {
  addNotifications,
  findReviewers,
  lockFormForReview,
  recordDecisionAndAdvance,
  reopenApprovedForm,
  upsertReviewTask,
  upsertReviewTaskAndNotify,
  type DecisionProjection,
  type DecisionWrite,
  type NotificationKind,
  type NotificationWrite,
  type ReviewTaskProjection,
} from '@pirm/persistence';

export interface ReviewActivityDeps {
  dataSource: DataSource;
}

/** Activities of the form review workflow: each idempotent on the key its caller passes. */
export function createReviewActivities({ dataSource }: ReviewActivityDeps) {
  return {
    /** Freezes the form's content for a review round; a form edited since (stale version) is a CONFLICT. */
    async lockFormForReview(args: {
      formId: string;
      formVersion: number;
      revision: number;
    }): Promise<{ version: number; pointCount: number }> {
      const result = await lockFormForReview(dataSource, args.formId, args.formVersion, args.revision);
      if (result === 'CONFLICT') {
        throw rejection(ErrorCode.CONFLICT, {
          en: `The form changed since version ${args.formVersion} or is not open for submission: reload and submit again.`,
          zh: '表单已被修改或现在不能提交，请刷新后再提交',
        });
      }
      return result;
    },

    async findReviewers(args: { scope: ReviewerScope; excludePersonId: string }): Promise<string[]> {
      return findReviewers(dataSource, args.scope, args.excludePersonId);
    },

    async projectReviewTask(task: ReviewTaskProjection): Promise<void> {
      await upsertReviewTask(dataSource, task);
    },

    /** The task row with the notifications it causes, in one commit. */
    async projectReviewTaskAndNotify(args: {
      task: ReviewTaskProjection;
      notifications: NotificationWrite[];
    }): Promise<void> {
      await upsertReviewTaskAndNotify(dataSource, args.task, args.notifications);
    },

    /** The decision alone (runs recorded before the one-commit decision): their next task and notifications follow as their own steps. */
    async recordDecision(decision: DecisionProjection): Promise<number> {
      return recordDecisionAndAdvance(dataSource, { ...decision, nextTask: null, notifications: [] });
    },

    /** The decision with the next step's task, its notifications and the audit record, in one commit. */
    async decide(decision: DecisionWrite): Promise<number> {
      return recordDecisionAndAdvance(dataSource, decision);
    },

    /** Reopens the form; given `notifications`, its owner is told in the same commit. */
    async reopenForm(args: {
      formId: string;
      revision: number;
      reason: string;
      by?: string;
      notifications?: NotificationWrite[];
    }): Promise<void> {
      await reopenApprovedForm(
        dataSource,
        args.formId,
        args.revision,
        args.reason,
        args.by ?? 'system',
        args.notifications,
      );
    },

    async notify(args: {
      key: string;
      personIds: string[];
      kind: NotificationKind;
      message: string;
      formId: string | null;
    }): Promise<void> {
      await addNotifications(dataSource, args.key, args.personIds, args.kind, args.message, args.formId);
    },
  };
}

export type ReviewActivities = ReturnType<typeof createReviewActivities>;
