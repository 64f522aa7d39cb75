import type { DataSource } from 'typeorm';
import type { ComplaintState, CorrectionState, EvaluationState } from '@pirm/domain';
import {
  addNotifications,
  compileOpinions,
  complaintHandlers,
  oversightHandlers,
  projectComplaint,
  projectCorrection,
  projectDisposalCase,
  projectEvaluation,
  queueComplainantMessage,
  recordComplaint,
  type ComplaintProjectionWrites,
  type ComplaintRow,
  type DisposalProjection,
  type HandlersNotice,
  type NotificationKind,
  type NotificationWrite,
  type ProjectionChange,
} from '@pirm/persistence';

export interface OversightActivityDeps {
  dataSource: DataSource;
}

/**
 * Activities of the complaint, disposal, evaluation and correction workflows. Projections apply only a newer
 * revision and notifications and messages are keyed, so a retry after a crash writes nothing twice.
 */
export function createOversightActivities({ dataSource }: OversightActivityDeps) {
  return {
    /** Stores the complaint; given `notice`, its handlers are told in the same commit. */
    async recordComplaint(args: { row: ComplaintRow; state: ComplaintState; notice?: HandlersNotice }): Promise<void> {
      await recordComplaint(dataSource, args.row, args.state, args.notice);
    },

    /** The complaint's new revision with what it causes, in one commit; whether the complainant was told. */
    projectComplaint(
      args: { state: ComplaintState; change: ProjectionChange } & ComplaintProjectionWrites,
    ): Promise<boolean> {
      return projectComplaint(dataSource, args.state, args.change, args);
    },

    /** Queues the outcome for a named complainant; returns whether there was anyone to tell. */
    tellComplainant(args: { key: string; complaintId: string; message: string }): Promise<boolean> {
      return queueComplainantMessage(dataSource, args.key, args.complaintId, args.message);
    },

    /** The office and discipline team of a unit, less whoever a complaint is against (its person, post holders or unit leaders, R16). */
    async oversightHandlers(args: {
      unitId: string;
      exceptPersonId: string | null;
      complaintId?: string;
    }): Promise<string[]> {
      return args.complaintId
        ? complaintHandlers(dataSource, args.unitId, args.exceptPersonId, args.complaintId)
        : oversightHandlers(dataSource, args.unitId, args.exceptPersonId);
    },

    async notifyPeople(args: {
      key: string;
      personIds: string[];
      kind: NotificationKind;
      message: string;
    }): Promise<void> {
      await addNotifications(dataSource, args.key, args.personIds, args.kind, args.message, null);
    },

    /** The case's new revision with the notifications it causes, in one commit. */
    async projectDisposalCase(args: {
      projection: DisposalProjection;
      change: ProjectionChange;
      notifications?: NotificationWrite[];
    }): Promise<void> {
      await projectDisposalCase(dataSource, args.projection, args.change, args.notifications);
    },

    async projectEvaluation(args: { state: EvaluationState; change: ProjectionChange }): Promise<void> {
      await projectEvaluation(dataSource, args.state, args.change);
    },

    /** Compiles the unit's opinions into the correction round's record; returns how many. */
    async startCorrectionRecord(args: { state: CorrectionState; by: string }): Promise<number> {
      const opinions = await compileOpinions(dataSource, args.state.campaignId, args.state.unitId);
      await projectCorrection(dataSource, args.state, opinions, { actor: args.by, action: 'CORRECTION_STARTED' });
      return opinions.length;
    },

    async projectCorrection(args: { state: CorrectionState; change: ProjectionChange }): Promise<void> {
      await projectCorrection(dataSource, args.state, null, args.change);
    },
  };
}

export type OversightActivities = ReturnType<typeof createOversightActivities>;
