import type { DataSource } from 'typeorm';
import type { AppraisalGrade, DisposalMeasure, PersonAssessment, UnitAssessment } from '@pirm/domain';

/**
 * The year-end assessment's facts (R21) for one campaign, for every unit or one: each person holding a post
 * (commitments, latest duty report and appraisal, disposal cases), and each unit (archive, measures in place,
 * activities, cases, evaluation score).
 */
export async function yearEndPeople(
  ds: DataSource,
  campaignId: string,
  unitId: string | null,
): Promise<PersonAssessment[]> {
  const rows: (Omit<PersonAssessment, 'votes'> & {
    good: number | null;
    fairlyGood: number | null;
    average: number | null;
    poor: number | null;
  })[] = await ds.query(
    `SELECT u.name AS "unitName", coalesce(d.name, '') AS "departmentName", pe.code, pe.name, pe.position, po.name AS "postName",
            f.post_grade AS "postGrade",
            coalesce(c.n, 0) AS commitments, coalesce(c.places, '{}') AS "commitmentPlaces",
            r.id IS NOT NULL AS "dutyReported", r.votes_good AS good, r.votes_fairly_good AS "fairlyGood", r.votes_average AS average, r.votes_poor AS poor,
            r.rating, coalesce(dc.n, 0) AS "disposalCases", coalesce(dc.open, 0) AS "openCases", dc.measure AS "openMeasure"
     FROM person pe
     JOIN unit u ON u.id = pe.unit_id
     JOIN post po ON po.id = pe.post_id
     LEFT JOIN department d ON d.id = pe.department_id
     LEFT JOIN risk_form f ON f.campaign_id = $1 AND f.person_id = pe.id
     LEFT JOIN LATERAL (SELECT count(*)::int AS n, array_agg(DISTINCT x.published_where ORDER BY x.published_where) AS places
                        FROM commitment x WHERE x.campaign_id = $1 AND x.person_id = pe.id) c ON true
     LEFT JOIN LATERAL (SELECT * FROM duty_report x WHERE x.campaign_id = $1 AND x.person_id = pe.id ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1) r ON true
     LEFT JOIN LATERAL (SELECT count(*)::int AS n, count(*) FILTER (WHERE x.status = 'OPEN')::int AS open,
                               (array_agg(x.measure ORDER BY x.updated_at DESC) FILTER (WHERE x.status = 'OPEN'))[1] AS measure
                        FROM disposal_case x WHERE x.campaign_id = $1 AND x.person_id = pe.id) dc ON true
     WHERE $2::text IS NULL OR pe.unit_id = $2
     ORDER BY u.id, d.name NULLS FIRST, pe.code`,
    [campaignId, unitId],
  );
  return rows.map(({ good, fairlyGood, average, poor, ...r }) => ({
    ...r,
    rating: r.rating as AppraisalGrade | null,
    openMeasure: r.openMeasure as DisposalMeasure | null,
    votes: good === null ? null : { GOOD: good, FAIRLY_GOOD: fairlyGood ?? 0, AVERAGE: average ?? 0, POOR: poor ?? 0 },
  }));
}

export async function yearEndUnits(
  ds: DataSource,
  campaignId: string,
  unitId: string | null,
): Promise<UnitAssessment[]> {
  const rows: (UnitAssessment & { evaluationScore: string | null })[] = await ds.query(
    `SELECT u.id AS "unitId", u.name AS "unitName",
            (SELECT max(a.version) FROM risk_archive a WHERE a.campaign_id = $1 AND a.unit_id = u.id) AS "archiveVersion",
            coalesce(m.points, 0) AS "archivedPoints", coalesce(m.in_place, 0) AS "measuresInPlace",
            (SELECT count(*)::int FROM unit_activity x WHERE x.campaign_id = $1 AND x.unit_id = u.id AND x.kind <> 'INSPECTION') AS activities,
            (SELECT count(*)::int FROM unit_activity x WHERE x.campaign_id = $1 AND x.unit_id = u.id AND x.kind = 'INSPECTION') AS inspections,
            (SELECT count(*)::int FROM disposal_case x WHERE x.campaign_id = $1 AND x.unit_id = u.id) AS "disposalCases",
            (SELECT count(*)::int FROM disposal_case x WHERE x.campaign_id = $1 AND x.unit_id = u.id AND x.status = 'OPEN') AS "openCases",
            (SELECT e.score FROM unit_evaluation e WHERE e.campaign_id = $1 AND e.unit_id = u.id) AS "evaluationScore"
     FROM unit u
     LEFT JOIN LATERAL (
       SELECT count(*)::int AS points, count(*) FILTER (WHERE latest.in_place)::int AS in_place
       FROM risk_form f JOIN risk_point p ON p.form_id = f.id
       LEFT JOIN LATERAL (SELECT x.in_place FROM measure_implementation x WHERE x.risk_point_id = p.id AND x.campaign_id = $1
                          ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1) latest ON true
       WHERE f.campaign_id = $1 AND f.unit_id = u.id AND f.status = 'APPROVED'
         AND EXISTS (SELECT 1 FROM risk_archive a WHERE a.campaign_id = $1 AND a.unit_id = u.id)) m ON true
     WHERE $2::text IS NULL OR u.id = $2
     ORDER BY u.id`,
    [campaignId, unitId],
  );
  // numeric arrives as text from pg.
  return rows.map((r) => ({ ...r, evaluationScore: r.evaluationScore === null ? null : Number(r.evaluationScore) }));
}
