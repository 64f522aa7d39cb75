import type { DataSource } from 'typeorm';
import { CST_OFFSET_MS } from '@pirm/domain';

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
  // By the district's calendar day (China Standard Time), so a day's bar holds what fired on that date there.
  escalationsByDay: `
    SELECT to_char(e.fired_at AT TIME ZONE 'UTC' + interval '${CST_OFFSET_MS / 1000} seconds', 'YYYY-MM-DD') AS day,
           e.rung, e.unit_id AS "unitId", count(*)::int AS count
    FROM escalation e WHERE e.campaign_id = $1
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
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
  escalationsByDay: { day: string; rung: string; unitId: string; count: number }[];
}

export async function campaignDashboard(ds: DataSource, campaignId: string): Promise<CampaignDashboard> {
  const keys = Object.keys(DASHBOARD_SQL) as (keyof typeof DASHBOARD_SQL)[];
  const results = await Promise.all(keys.map((k) => ds.query(DASHBOARD_SQL[k], [campaignId])));
  return Object.fromEntries(keys.map((k, i) => [k, results[i]])) as unknown as CampaignDashboard;
}
