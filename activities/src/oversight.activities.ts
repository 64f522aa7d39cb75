import type { DataSource } from 'typeorm';
import type { ComplaintState, CorrectionState, EvaluationState } from '@pirm/domain';
import {
  addNotifications,
  compileOpinions,
  complaintSubjects,
  oversightHandlers,
  projectComplaint,
  projectCorrection,
  projectDisposalCase,
  projectEvaluation,
  queueComplainantMessage,
  recordComplaint,
  type ComplaintRow,
  type DisposalProjection,
  type NotificationKind,
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
    async recordComplaint(args: { row: ComplaintRow; state: ComplaintState }): Promise<void> {
      await recordComplaint(dataSource, args.row, args.state);
    },

    async projectComplaint(args: { state: ComplaintState; change: ProjectionChange }): Promise<void> {
      await projectComplaint(dataSource, args.state, args.change);
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
      const handlers = await oversightHandlers(dataSource, args.unitId, args.exceptPersonId);
      if (!args.complaintId) return handlers;
      const subjects = new Set(await complaintSubjects(dataSource, args.complaintId));
      return handlers.filter((id) => !subjects.has(id));
    },

    async notifyPeople(args: {
      key: string;
      personIds: string[];
      kind: NotificationKind;
      message: string;
    }): Promise<void> {
      await addNotifications(dataSource, args.key, args.personIds, args.kind, args.message, null);
    },

    async projectDisposalCase(args: { projection: DisposalProjection; change: ProjectionChange }): Promise<void> {
      await projectDisposalCase(dataSource, args.projection, args.change);
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
