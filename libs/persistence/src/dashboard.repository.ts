import type { DataSource } from 'typeorm';

/** Aggregates for the office's dashboards, straight from the read model (indexes: see the dashboard test). */
export const DASHBOARD_SQL = {
  riskDistribution: `
    SELECT f.unit_id AS "unitId", p.category, p.level, count(*)::int AS count
    FROM risk_form f JOIN risk_point p ON p.form_id = f.id
    WHERE f.campaign_id = $1 AND f.status <> 'DRAFT'
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  formsByStatus: `
    SELECT f.unit_id AS "unitId", f.status, count(*)::int AS count
    FROM risk_form f WHERE f.campaign_id = $1
    GROUP BY 1, 2 ORDER BY 1, 2`,
  gradeDistribution: `
    SELECT coalesce(f.post_grade, '-') AS grade, count(*)::int AS count
    FROM risk_form f WHERE f.campaign_id = $1 AND f.status <> 'DRAFT'
    GROUP BY 1 ORDER BY 1`,
  reviewerTurnaround: `
    SELECT t.role, t.step,
           count(*) FILTER (WHERE t.status = 'OPEN')::int AS open,
           count(*) FILTER (WHERE t.status = 'DONE')::int AS done,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM t.decided_at - t.opened_at) / 3600) FILTER (WHERE t.status = 'DONE') AS "medianHours",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM t.decided_at - t.opened_at) / 3600) FILTER (WHERE t.status = 'DONE') AS "p90Hours"
    FROM review_task t WHERE t.campaign_id = $1
    GROUP BY 1, 2 ORDER BY 2, 1`,
  escalationCounts: `
    SELECT e.phase, e.rung, count(*)::int AS count
    FROM escalation e WHERE e.campaign_id = $1
    GROUP BY 1, 2 ORDER BY 1, 2`,
} as const;

export interface CampaignDashboard {
  riskDistribution: { unitId: string; category: string; level: string; count: number }[];
  formsByStatus: { unitId: string; status: string; count: number }[];
  gradeDistribution: { grade: string; count: number }[];
  reviewerTurnaround: {
    role: string;
    step: number;
    open: number;
    done: number;
    medianHours: number | null;
    p90Hours: number | null;
  }[];
  escalationCounts: { phase: string; rung: string; count: number }[];
}

export async function campaignDashboard(ds: DataSource, campaignId: string): Promise<CampaignDashboard> {
  const [riskDistribution, formsByStatus, gradeDistribution, reviewerTurnaround, escalationCounts] = await Promise.all([
    ds.query(DASHBOARD_SQL.riskDistribution, [campaignId]),
    ds.query(DASHBOARD_SQL.formsByStatus, [campaignId]),
    ds.query(DASHBOARD_SQL.gradeDistribution, [campaignId]),
    ds.query(DASHBOARD_SQL.reviewerTurnaround, [campaignId]),
    ds.query(DASHBOARD_SQL.escalationCounts, [campaignId]),
  ]);
  return { riskDistribution, formsByStatus, gradeDistribution, reviewerTurnaround, escalationCounts };
}
