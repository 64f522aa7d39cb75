import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DISTRICT_CHAIN, SYSTEM_ACTOR, appendAudit, type AuditActor } from './audit.repository';
import type { Roster, RosterRoleGrant } from '@pirm/domain';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface RosterImportSummary {
  units: ImportCounts;
  departments: ImportCounts;
  posts: ImportCounts;
  people: ImportCounts;
  /** People whose role grants changed. */
  roleChanges: number;
  /** Leading groups (district or unit) whose membership changed. */
  leadingGroupChanges: number;
}

interface UpsertRow {
  inserted: boolean;
}

function counts(total: number, rows: UpsertRow[]): ImportCounts {
  const created = rows.filter((r) => r.inserted).length;
  const updated = rows.length - created;
  return { created, updated, unchanged: total - created - updated };
}

/**
 * Applies a validated roster in one transaction. Rows are matched on their codes; a row is written only
 * when something differs, so importing the same file twice changes nothing. Nobody is deleted: people
 * missing from a file stay (a roster file may cover part of the district).
 */
export function applyRoster(ds: DataSource, roster: Roster, actor: AuditActor = SYSTEM_ACTOR): Promise<RosterImportSummary> {
  return ds.transaction('READ COMMITTED', async (tx) => {
    // One import at a time: concurrent imports of overlapping rosters would interleave their grants.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('pirm:roster-import'))`);
    const units = await upsertUnits(tx, roster);
    const departments = await upsertDepartments(tx, roster);
    const posts = await upsertPosts(tx, roster);
    const people = await upsertPeople(tx, roster);
    await setDepartmentHeads(tx, roster);
    const roleChanges = await replaceGrants(tx, roster);
    const leadingGroupChanges = await replaceLeadingGroups(tx, roster);
    const summary = { units, departments, posts, people, roleChanges, leadingGroupChanges };
    const changed = [units, departments, posts, people].some((c) => c.created + c.updated > 0) || roleChanges + leadingGroupChanges > 0;
    if (changed) {
      await appendAudit(tx, { chain: DISTRICT_CHAIN, ...actor, action: 'ROSTER_IMPORT', target: 'roster', after: roster, key: `roster:${randomUUID()}` });
    }
    return summary;
  });
}

async function upsertUnits(tx: EntityManager, r: Roster): Promise<ImportCounts> {
  const rows: UpsertRow[] = await tx.query(
    `INSERT INTO unit AS u (id, name, kind)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, updated_at = now()
       WHERE (u.name, u.kind) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind)
     RETURNING (xmax = 0) AS inserted`,
    [r.units.map((u) => u.code), r.units.map((u) => u.name), r.units.map((u) => u.kind)],
  );
  return counts(r.units.length, rows);
}

async function upsertDepartments(tx: EntityManager, r: Roster): Promise<ImportCounts> {
  const d = r.departments;
  const rows: UpsertRow[] = await tx.query(
    `INSERT INTO department AS d (unit_id, code, name, kind)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (unit_id, code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind
       WHERE (d.name, d.kind) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind)
     RETURNING (xmax = 0) AS inserted`,
    [d.map((x) => x.unitCode), d.map((x) => x.code), d.map((x) => x.name), d.map((x) => x.kind)],
  );
  return counts(d.length, rows);
}

async function upsertPosts(tx: EntityManager, r: Roster): Promise<ImportCounts> {
  const p = r.posts;
  const rows: UpsertRow[] = await tx.query(
    `INSERT INTO post AS p (unit_id, code, name, post_type, form_type, duties, powers, process_steps, department_id)
     SELECT v.unit_id, v.code, v.name, v.post_type, v.form_type, v.duties,
            ARRAY(SELECT jsonb_array_elements_text(v.powers)), v.process_steps, d.id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[])
          AS v(unit_id, code, name, post_type, form_type, duties, powers, process_steps, department_code)
     LEFT JOIN department d ON d.unit_id = v.unit_id AND d.code = v.department_code
     ON CONFLICT (unit_id, code) DO UPDATE SET
       name = EXCLUDED.name, post_type = EXCLUDED.post_type, form_type = EXCLUDED.form_type, duties = EXCLUDED.duties,
       powers = EXCLUDED.powers, process_steps = EXCLUDED.process_steps, department_id = EXCLUDED.department_id
       WHERE (p.name, p.post_type, p.form_type, p.duties, p.powers, p.process_steps, p.department_id)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.post_type, EXCLUDED.form_type, EXCLUDED.duties, EXCLUDED.powers, EXCLUDED.process_steps, EXCLUDED.department_id)
     RETURNING (xmax = 0) AS inserted`,
    [
      p.map((x) => x.unitCode),
      p.map((x) => x.code),
      p.map((x) => x.name),
      p.map((x) => x.postType),
      p.map((x) => x.formType),
      p.map((x) => x.duties),
      p.map((x) => JSON.stringify(x.powers)),
      p.map((x) => JSON.stringify(x.processSteps)),
      p.map((x) => x.departmentCode),
    ],
  );
  return counts(p.length, rows);
}

async function upsertPeople(tx: EntityManager, r: Roster): Promise<ImportCounts> {
  const p = r.people;
  const rows: UpsertRow[] = await tx.query(
    `INSERT INTO person AS p (code, name, position, unit_id, department_id, post_id)
     SELECT v.code, v.name, v.position, v.unit_id, d.id, po.id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
          AS v(code, name, position, unit_id, department_code, post_code)
     LEFT JOIN department d ON d.unit_id = v.unit_id AND d.code = v.department_code
     JOIN post po ON po.unit_id = v.unit_id AND po.code = v.post_code
     ON CONFLICT (code) DO UPDATE SET
       name = EXCLUDED.name, position = EXCLUDED.position, unit_id = EXCLUDED.unit_id,
       department_id = EXCLUDED.department_id, post_id = EXCLUDED.post_id, updated_at = now()
       WHERE (p.name, p.position, p.unit_id, p.department_id, p.post_id)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.position, EXCLUDED.unit_id, EXCLUDED.department_id, EXCLUDED.post_id)
     RETURNING (xmax = 0) AS inserted`,
    [
      p.map((x) => x.code),
      p.map((x) => x.name),
      p.map((x) => x.position),
      p.map((x) => x.unitCode),
      p.map((x) => x.departmentCode),
      p.map((x) => x.postCode),
    ],
  );
  return counts(p.length, rows);
}

async function setDepartmentHeads(tx: EntityManager, r: Roster): Promise<void> {
  const withHead = r.departments.filter((d) => d.headPersonCode);
  await tx.query(
    `UPDATE department d SET head_person_id = p.id
     FROM unnest($1::text[], $2::text[], $3::text[]) AS v(unit_id, code, person_code)
     JOIN person p ON p.code = v.person_code
     WHERE d.unit_id = v.unit_id AND d.code = v.code AND d.head_person_id IS DISTINCT FROM p.id`,
    [withHead.map((d) => d.unitCode), withHead.map((d) => d.code), withHead.map((d) => d.headPersonCode)],
  );
}

const grantKey = (g: RosterRoleGrant): string => `${g.role}|${g.unitCode ?? ''}|${g.departmentCode ?? ''}`;

/** Makes each imported person's grants exactly the file's; returns how many people changed. */
async function replaceGrants(tx: EntityManager, r: Roster): Promise<number> {
  const current: { code: string; role: string; unit_id: string | null; department_code: string | null }[] = await tx.query(
    `SELECT p.code, ra.role, ra.unit_id, d.code AS department_code
     FROM role_assignment ra JOIN person p ON p.id = ra.person_id LEFT JOIN department d ON d.id = ra.department_id
     WHERE p.code = ANY($1::text[])`,
    [r.people.map((p) => p.code)],
  );
  const byPerson = new Map<string, string[]>();
  for (const c of current) {
    const key = grantKey({ role: c.role as RosterRoleGrant['role'], unitCode: c.unit_id, departmentCode: c.department_code });
    byPerson.set(c.code, [...(byPerson.get(c.code) ?? []), key]);
  }
  const changed = r.people.filter((p) => {
    const want = p.roles.map(grantKey).sort().join(',');
    return (byPerson.get(p.code) ?? []).sort().join(',') !== want;
  });
  if (!changed.length) return 0;
  const codes = changed.map((p) => p.code);
  await tx.query(`DELETE FROM role_assignment WHERE person_id IN (SELECT id FROM person WHERE code = ANY($1::text[]))`, [codes]);
  const grants = changed.flatMap((p) => p.roles.map((g) => ({ person: p.code, ...g })));
  await tx.query(
    `INSERT INTO role_assignment (person_id, role, unit_id, department_id)
     SELECT p.id, v.role, v.unit_id, d.id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(person_code, role, unit_id, department_code)
     JOIN person p ON p.code = v.person_code
     LEFT JOIN department d ON d.unit_id = v.unit_id AND d.code = v.department_code`,
    [grants.map((g) => g.person), grants.map((g) => g.role), grants.map((g) => g.unitCode), grants.map((g) => g.departmentCode)],
  );
  return changed.length;
}

/** Each leading group the file mentions gets exactly the file's members; returns how many groups changed. */
async function replaceLeadingGroups(tx: EntityManager, r: Roster): Promise<number> {
  const scopeOf = (m: Roster['leadingGroupMembers'][number]): string | null => (m.scope === 'DISTRICT' ? null : m.scope.unitCode);
  const scopes = [...new Set(r.leadingGroupMembers.map((m) => scopeOf(m) ?? ''))];
  let changedGroups = 0;
  for (const scope of scopes) {
    const unitId = scope === '' ? null : scope;
    const want = r.leadingGroupMembers
      .filter((m) => (scopeOf(m) ?? '') === scope)
      .map((m) => `${m.personCode}|${m.role}|${m.title}`)
      .sort();
    const have: { key: string }[] = await tx.query(
      `SELECT p.code || '|' || m.role || '|' || m.title AS key
       FROM leading_group_member m JOIN person p ON p.id = m.person_id
       WHERE m.unit_id IS NOT DISTINCT FROM $1`,
      [unitId],
    );
    if (have.map((h) => h.key).sort().join('\n') === want.join('\n')) continue;
    changedGroups += 1;
    await tx.query(`DELETE FROM leading_group_member WHERE unit_id IS NOT DISTINCT FROM $1`, [unitId]);
    const members = r.leadingGroupMembers.filter((m) => (scopeOf(m) ?? '') === scope);
    await tx.query(
      `INSERT INTO leading_group_member (unit_id, person_id, role, title)
       SELECT $1, p.id, v.role, v.title FROM unnest($2::text[], $3::text[], $4::text[]) AS v(person_code, role, title)
       JOIN person p ON p.code = v.person_code`,
      [unitId, members.map((m) => m.personCode), members.map((m) => m.role), members.map((m) => m.title)],
    );
  }
  return changedGroups;
}
