import { randomUUID } from 'node:crypto';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { appendAudit, type AuditActor } from './audit.repository';
import {
  CommitmentEntity,
  DutyReportEntity,
  MeasureImplementationEntity,
  UnitActivityEntity,
} from './entities/execution.entities';

type NewRow<T> = Omit<T, 'id' | 'recordedAt' | 'person' | 'riskPoint'>;

/** Inserts one execution record and its audit record in one transaction (chain: the campaign). */
async function insertWithAudit<T extends ObjectLiteral & { campaignId: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
  row: NewRow<T>,
  actor: AuditActor,
  action: string,
  target: string,
): Promise<T> {
  return ds.transaction(async (tx) => {
    const id = randomUUID();
    await tx.getRepository(entity).insert({ ...row, id });
    const saved = await tx.getRepository(entity).findOneByOrFail({ id } as never);
    await appendAudit(tx, { chain: row.campaignId, ...actor, action, target, after: saved, key: `execution:${id}` });
    return saved;
  });
}

export function insertMeasureImplementation(
  ds: DataSource,
  row: NewRow<MeasureImplementationEntity>,
  actor: AuditActor,
): Promise<MeasureImplementationEntity> {
  return insertWithAudit(
    ds,
    MeasureImplementationEntity,
    row,
    actor,
    'MEASURE_IMPLEMENTATION',
    `unit:${row.unitId}:risk-point:${row.riskPointId}`,
  );
}

export function insertCommitment(
  ds: DataSource,
  row: NewRow<CommitmentEntity>,
  actor: AuditActor,
): Promise<CommitmentEntity> {
  return insertWithAudit(ds, CommitmentEntity, row, actor, 'COMMITMENT', `unit:${row.unitId}:person:${row.personId}`);
}

export function insertUnitActivity(
  ds: DataSource,
  row: NewRow<UnitActivityEntity>,
  actor: AuditActor,
): Promise<UnitActivityEntity> {
  return insertWithAudit(ds, UnitActivityEntity, row, actor, `UNIT_ACTIVITY_${row.kind}`, `unit:${row.unitId}`);
}

export function insertDutyReport(
  ds: DataSource,
  row: NewRow<DutyReportEntity>,
  actor: AuditActor,
): Promise<DutyReportEntity> {
  return insertWithAudit(ds, DutyReportEntity, row, actor, 'DUTY_REPORT', `unit:${row.unitId}:person:${row.personId}`);
}

/**
 * Whether a risk point is one of the unit's archived risks in the campaign: on an approved form of the
 * unit, and the unit has confirmed its archive (R13) in that campaign.
 */
export async function isArchivedRiskPoint(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  riskPointId: string,
): Promise<boolean> {
  const rows: unknown[] = await ds.query(
    `SELECT 1 FROM risk_point p JOIN risk_form f ON f.id = p.form_id
     WHERE p.id = $3 AND f.campaign_id = $1 AND f.unit_id = $2 AND f.status = 'APPROVED'
       AND EXISTS (SELECT 1 FROM risk_archive a WHERE a.campaign_id = $1 AND a.unit_id = $2)`,
    [campaignId, unitId, riskPointId],
  );
  return rows.length === 1;
}

export interface UnitRiskMeasureRow {
  riskPointId: string;
  postName: string;
  description: string;
  category: string;
  level: string;
  controlMeasures: string;
  responsiblePostCode: string | null;
  responsiblePostName: string | null;
  inPlace: boolean | null;
  evidence: string | null;
  recordedByName: string | null;
  recordedAt: Date | null;
  recordings: number;
}

/**
 * R14: each approved risk point of the unit with its measure, responsible post and latest implementation record,
 * a page at a time after the point `page.after` (keyset on post, owner, form and the point's place on it).
 */
export function listUnitRiskMeasures(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  page: { first: number; after: string | null },
): Promise<UnitRiskMeasureRow[]> {
  return ds.query(
    `SELECT p.id AS "riskPointId", po.name AS "postName", p.description, p.category, p.level, p.control_measures AS "controlMeasures",
            rp.code AS "responsiblePostCode", rp.name AS "responsiblePostName",
            m.in_place AS "inPlace", m.evidence, who.name AS "recordedByName", m.recorded_at AS "recordedAt",
            (SELECT count(*)::int FROM measure_implementation x WHERE x.risk_point_id = p.id AND x.campaign_id = $1) AS recordings
     FROM risk_form f
     JOIN risk_point p ON p.form_id = f.id
     JOIN post po ON po.id = f.post_id
     LEFT JOIN post rp ON rp.id = p.responsible_post_id
     LEFT JOIN LATERAL (SELECT * FROM measure_implementation x WHERE x.risk_point_id = p.id AND x.campaign_id = $1
                        ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1) m ON true
     LEFT JOIN person who ON who.id = m.recorded_by
     WHERE f.campaign_id = $1 AND f.unit_id = $2 AND f.status = 'APPROVED'
       AND ($4::uuid IS NULL OR (po.code, f.name, f.id, p.ordinal) >
            (SELECT po2.code, f2.name, f2.id, p2.ordinal FROM risk_point p2 JOIN risk_form f2 ON f2.id = p2.form_id
             JOIN post po2 ON po2.id = f2.post_id WHERE p2.id = $4))
     ORDER BY po.code, f.name, f.id, p.ordinal
     LIMIT $3`,
    [campaignId, unitId, page.first, page.after],
  );
}

/** A unit's commitments, oldest first; `personId` limits them to one person's. */
export function listCommitments(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  personId: string | null,
): Promise<CommitmentEntity[]> {
  return ds.getRepository(CommitmentEntity).find({
    where: { campaignId, unitId, ...(personId ? { personId } : {}) },
    order: { publishedOn: 'ASC', recordedAt: 'ASC' },
  });
}

export function listUnitActivities(ds: DataSource, campaignId: string, unitId: string): Promise<UnitActivityEntity[]> {
  return ds
    .getRepository(UnitActivityEntity)
    .find({ where: { campaignId, unitId }, order: { heldOn: 'ASC', recordedAt: 'ASC' } });
}

/** Each person's latest duty report of the campaign (the one in force); `personId` limits them to one person's. */
export async function listDutyReports(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  personId: string | null,
): Promise<DutyReportEntity[]> {
  const ids: { id: string }[] = await ds.query(
    `SELECT DISTINCT ON (person_id) id FROM duty_report WHERE campaign_id = $1 AND unit_id = $2 AND ($3::uuid IS NULL OR person_id = $3)
     ORDER BY person_id, recorded_at DESC, id DESC`,
    [campaignId, unitId, personId],
  );
  if (!ids.length) return [];
  return ds
    .getRepository(DutyReportEntity)
    .createQueryBuilder('d')
    .whereInIds(ids.map((r) => r.id))
    .orderBy('d.recorded_at', 'ASC')
    .getMany();
}
