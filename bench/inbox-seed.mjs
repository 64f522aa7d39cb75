// Forms in review for the read-model and console benches: every person of the roster has a submitted form in
// campaign 2099 and a first-step task for the district discipline team (`discipline-1`), and, with
// `departmentHeads`, for the head of their department too; `openShare` of the tasks are open, the rest done.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from '../infra/paths.mjs';

const require = createRequire(import.meta.url);
const { upsertCampaignProjection } = require(join(root, 'libs/persistence/dist/index.js'));
const { defaultCalendar } = require(join(root, 'libs/domain/dist/index.js'));

/** Seeds the forms and tasks; resolves with the discipline team member's person id. */
export async function seedFormsInReview(ds, { departmentHeads, openShare }) {
  await upsertCampaignProjection(ds, {
    campaignId: '2099',
    year: 2099,
    status: 'RUNNING',
    currentPhase: 'SCREENING',
    calendar: defaultCalendar(2099),
    rulesVersion: 1,
    launchedBy: 'bench',
    revision: 1,
  });
  await ds.query(`
    INSERT INTO risk_form (campaign_id, person_id, unit_id, department_id, post_id, form_type, status, name, position, department_name, post_duties,
                           workflow_description, person_in_charge, control_measures, rules_version, version, review_revision)
    SELECT '2099', p.id, p.unit_id, p.department_id, p.post_id, po.form_type, 'SUBMITTED', p.name, p.position, '', '', '', '', '', 1, 2, 1
    FROM person p JOIN post po ON po.id = p.post_id`);
  const [{ discipline }] = await ds.query(`SELECT id AS discipline FROM person WHERE code = 'discipline-1'`);
  await ds.query(
    `INSERT INTO review_task (id, form_id, campaign_id, unit_id, form_type, revision, step, role, assignees, escalated_to, assigned_because, status, opened_at, due_at)
     SELECT f.id || ':1:0', f.id, '2099', f.unit_id, f.form_type, 1, 0, 'DISCIPLINE_TEAM',
            ARRAY[$1::uuid] || CASE WHEN $2 THEN coalesce(ARRAY(SELECT d.head_person_id FROM department d
                                                  WHERE d.id = f.department_id AND d.head_person_id IS NOT NULL), '{}')
                                    ELSE '{}'::uuid[] END,
            '{}', 'bench', CASE WHEN random() < $3 THEN 'OPEN' ELSE 'DONE' END, now(), now() + (random() * interval '20 days')
     FROM risk_form f`,
    [discipline, departmentHeads, openShare],
  );
  await ds.query('ANALYZE');
  return discipline;
}
