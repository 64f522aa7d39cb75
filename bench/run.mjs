// `npm run bench`: figures (JSON) for the read-model paths, on a throwaway embedded PostgreSQL.
// Issue 8 adds the Temporal comparisons (lifecycle vs bare workflow, decision round trip) to this runner.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { root } from '../infra/paths.mjs';
import { freePort } from '../infra/ports.cjs';
import { ensureDatabase, startEmbeddedPostgres } from '../infra/postgres.mjs';

const require = createRequire(import.meta.url);
const { createDataSource, runMigrations, applyRoster, generateDistrictRows, listTasksFor, upsertCampaignProjection } = require(join(root, 'libs/persistence/dist/index.js'));
const { parseRoster, defaultCalendar } = require(join(root, 'libs/domain/dist/index.js'));

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x) => Math.round(x * 100) / 100;

const work = mkdtempSync(join(tmpdir(), 'pirm-bench-'));
chmodSync(work, 0o755);
const pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), database: 'postgres' });
const results = { machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, benchmarks: {} };
try {
  await ensureDatabase(pg.adminUrl, 'bench');
  const ds = createDataSource({ url: pg.adminUrl.replace(/\/postgres$/, '/bench'), applicationName: 'pirm-bench', poolSize: 4 });
  await ds.initialize();
  await runMigrations(ds);

  // Roster import of a 150-unit, 10,000-person district (parse + one transaction).
  let t0 = process.hrtime.bigint();
  const { roster, errors } = parseRoster(generateDistrictRows({ units: 150, people: 10_000, seed: 1 }));
  if (errors.length) throw new Error(JSON.stringify(errors.slice(0, 3)));
  const parseMs = ms(t0);
  t0 = process.hrtime.bigint();
  await applyRoster(ds, roster);
  results.benchmarks.rosterImport = { units: 150, people: 10_000, parseMs: round(parseMs), applyMs: round(ms(t0)), reimportMs: 0 };
  t0 = process.hrtime.bigint();
  await applyRoster(ds, roster);
  results.benchmarks.rosterImport.reimportMs = round(ms(t0));

  // 10,000 forms in review, each with an open task for its department head and the district discipline team.
  await upsertCampaignProjection(ds, { campaignId: '2099', year: 2099, status: 'RUNNING', currentPhase: 'SCREENING', calendar: defaultCalendar(2099), rulesVersion: 1, launchedBy: 'bench', revision: 1 });
  await ds.query(`
    INSERT INTO risk_form (campaign_id, person_id, unit_id, department_id, post_id, form_type, status, name, position, department_name, post_duties,
                           workflow_description, person_in_charge, control_measures, rules_version, version, review_revision)
    SELECT '2099', p.id, p.unit_id, p.department_id, p.post_id, po.form_type, 'SUBMITTED', p.name, p.position, '', '', '', '', '', 1, 2, 1
    FROM person p JOIN post po ON po.id = p.post_id`);
  const [{ discipline }] = await ds.query(`SELECT id AS discipline FROM person WHERE code = 'discipline-1'`);
  await ds.query(
    `INSERT INTO review_task (id, form_id, campaign_id, unit_id, form_type, revision, step, role, assignees, escalated_to, assigned_because, status, opened_at, due_at)
     SELECT f.id || ':1:0', f.id, '2099', f.unit_id, f.form_type, 1, 0, 'DISCIPLINE_TEAM',
            ARRAY[$1::uuid] || coalesce(ARRAY(SELECT d.head_person_id FROM department d WHERE d.id = f.department_id AND d.head_person_id IS NOT NULL), '{}'),
            '{}', 'bench', CASE WHEN random() < 0.8 THEN 'OPEN' ELSE 'DONE' END, now(), now() + (random() * interval '20 days')
     FROM risk_form f`,
    [discipline],
  );
  await ds.query('ANALYZE');
  const [{ forms }] = await ds.query(`SELECT count(*)::int AS forms FROM risk_form`);
  const [{ head }] = await ds.query(`SELECT h.id AS head FROM department d JOIN person h ON h.id = d.head_person_id WHERE d.unit_id = 's001' LIMIT 1`);
  for (const [name, personId] of [['districtReviewer', discipline], ['departmentHead', head]]) {
    const times = [];
    for (let i = 0; i < 300; i++) {
      t0 = process.hrtime.bigint();
      await listTasksFor(ds, personId, { status: 'OPEN' }, 20);
      times.push(ms(t0));
    }
    results.benchmarks[`myTasks_${name}`] = { forms, pageSize: 20, runs: times.length, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
  }
  await ds.destroy();
} finally {
  await pg.stop();
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
