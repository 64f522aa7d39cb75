import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DISTRICT_CHAIN, SYSTEM_ACTOR, appendAudit, type AuditActor } from './audit.repository';
import { DomainError, type Roster, type RosterImportMode, type RosterRoleGrant } from '@pirm/domain';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface RosterImportOptions {
  mode?: RosterImportMode;
  /** Computes the whole summary, then writes nothing. */
  dryRun?: boolean;
  /** A full import that would make this person (the importer) leave is refused: nobody locks themselves out. */
  keepPersonCode?: string;
}

export interface RosterLeaver {
  personId: string;
  code: string;
  name: string;
  unitId: string | null;
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
  mode: RosterImportMode;
  dryRun: boolean;
  /** 工号 of people the import adds. */
  newPeople: string[];
  /** 工号 of people already on the roster whose record, roles or return from leaving the import changes. */
  changedPeople: string[];
  /** People a full import marks as left: from then on they hold no role and cannot sign in. */
  leavers: RosterLeaver[];
  /** Units the import touched: those in the file and those of leavers (for recomputing open review tasks). */
  unitIds: string[];
}

interface UpsertRow {
  inserted: boolean;
}

function counts(total: number, rows: UpsertRow[]): ImportCounts {
  const created = rows.filter((r) => r.inserted).length;
  const updated = rows.length - created;
  return { created, updated, unchanged: total - created - updated };
}

/** Thrown inside the transaction of a dry run to roll it back with its summary. */
class DryRunRollback extends Error {
  constructor(readonly summary: RosterImportSummary) {
    super('dry run');
  }
}

/**
 * Applies a validated roster in one transaction. Rows are matched on their codes; a row is written only
 * when something differs, so importing the same file twice changes nothing. Nobody is deleted: people a
 * full import finds missing are marked as left (their history stays), and come back when a file lists them.
 * A dry run does all of it and rolls back, so its summary is exactly what the import would do.
 */
export async function applyRoster(
  ds: DataSource,
  roster: Roster,
  actor: AuditActor = SYSTEM_ACTOR,
  options: RosterImportOptions = {},
): Promise<RosterImportSummary> {
  const mode = options.mode ?? 'MERGE';
  const dryRun = options.dryRun ?? false;
  try {
    return await ds.transaction('READ COMMITTED', async (tx) => {
      // One import at a time: concurrent imports of overlapping rosters would interleave their grants.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('pirm:roster-import'))`);
      const units = await upsertUnits(tx, roster);
      const departments = await upsertDepartments(tx, roster);
      const posts = await upsertPosts(tx, roster);
      const people = await upsertPeople(tx, roster);
      await setDepartmentHeads(tx, roster);
      const regranted = await replaceGrants(tx, roster);
      const leadingGroupChanges = await replaceLeadingGroups(tx, roster);
      const leavers = mode === 'MERGE' ? [] : await markLeavers(tx, roster, mode, options.keepPersonCode);
      const added = new Set(people.filter((p) => p.inserted).map((p) => p.code));
      const summary: RosterImportSummary = {
        units: counts(roster.units.length, units),
        departments: counts(roster.departments.length, departments),
        posts: counts(roster.posts.length, posts),
        people: counts(roster.people.length, people),
        roleChanges: regranted.length,
        leadingGroupChanges,
        mode,
        dryRun,
        newPeople: [...added].sort(),
        changedPeople: [
          ...new Set([
            ...people.filter((p) => !p.inserted).map((p) => p.code),
            ...regranted.filter((c) => !added.has(c)),
          ]),
        ].sort(),
        leavers,
        unitIds: [
          ...new Set([
            ...roster.units.map((u) => u.code),
            ...leavers.flatMap((l) => (l.unitId === null ? [] : [l.unitId])),
          ]),
        ].sort(),
      };
      if (dryRun) throw new DryRunRollback(summary);
      const changed =
        units.length +
          departments.length +
          posts.length +
          people.length +
          regranted.length +
          leadingGroupChanges +
          leavers.length >
        0;
      if (changed) {
        await appendAudit(tx, {
          chain: DISTRICT_CHAIN,
          ...actor,
          action: 'ROSTER_IMPORT',
          target: 'roster',
          after: roster,
          key: `roster:${randomUUID()}`,
        });
      }
      for (const l of leavers) {
        await appendAudit(tx, {
          chain: DISTRICT_CHAIN,
          ...actor,
          action: 'PERSON_LEFT',
          target: `person:${l.code}`,
          after: { mode, unitId: l.unitId },
          key: `left:${l.personId}:${randomUUID()}`,
        });
      }
      return summary;
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.summary;
    throw err;
  }
}

/** Marks active people missing from the file (in its units, or anywhere) as left and takes every role from them. */
async function markLeavers(
  tx: EntityManager,
  r: Roster,
  mode: Exclude<RosterImportMode, 'MERGE'>,
  keepPersonCode: string | undefined,
): Promise<RosterLeaver[]> {
  const leavers: { id: string; code: string; name: string; unit_id: string | null }[] = await tx.query(
    `SELECT id, code, name, unit_id FROM person
     WHERE left_at IS NULL AND code <> ALL($1::text[]) AND ($2 OR unit_id = ANY($3::text[]))
     ORDER BY code`,
    [r.people.map((p) => p.code), mode === 'FULL_DISTRICT', r.units.map((u) => u.code)],
  );
  if (keepPersonCode !== undefined && leavers.some((l) => l.code === keepPersonCode)) {
    throw DomainError.validation([
      {
        field: 'mode',
        reason: `the file does not list you (${keepPersonCode}): this import would sign you out for good`,
        message: `文件中没有您本人（${keepPersonCode}），导入后您将无法再登录`,
      },
    ]);
  }
  if (!leavers.length) return [];
  const ids = leavers.map((l) => l.id);
  await tx.query(`UPDATE person SET left_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  await tx.query(`DELETE FROM role_assignment WHERE person_id = ANY($1::uuid[])`, [ids]);
  await tx.query(`DELETE FROM leading_group_member WHERE person_id = ANY($1::uuid[])`, [ids]);
  await tx.query(`UPDATE department SET head_person_id = NULL WHERE head_person_id = ANY($1::uuid[])`, [ids]);
  return leavers.map((l) => ({ personId: l.id, code: l.code, name: l.name, unitId: l.unit_id }));
}

async function upsertUnits(tx: EntityManager, r: Roster): Promise<UpsertRow[]> {
  const rows: UpsertRow[] = await tx.query(
    `INSERT INTO unit AS u (id, name, kind)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, updated_at = now()
       WHERE (u.name, u.kind) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind)
     RETURNING (xmax = 0) AS inserted`,
    [r.units.map((u) => u.code), r.units.map((u) => u.name), r.units.map((u) => u.kind)],
  );
  return rows;
}

async function upsertDepartments(tx: EntityManager, r: Roster): Promise<UpsertRow[]> {
  const d = r.departments;
  const rows: UpsertRow[] = await tx.query(
    `INSERT INTO department AS d (unit_id, code, name, kind)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (unit_id, code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind
       WHERE (d.name, d.kind) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind)
     RETURNING (xmax = 0) AS inserted`,
    [d.map((x) => x.unitCode), d.map((x) => x.code), d.map((x) => x.name), d.map((x) => x.kind)],
  );
  return rows;
}

async function upsertPosts(tx: EntityManager, r: Roster): Promise<UpsertRow[]> {
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
  return rows;
}

async function upsertPeople(tx: EntityManager, r: Roster): Promise<(UpsertRow & { code: string })[]> {
  const p = r.people;
  // Contacts: a column missing from the file (undefined) keeps what is known; an empty cell (null) removes it.
  return tx.query(
    `INSERT INTO person AS p (code, name, position, unit_id, department_id, post_id, email, mobile)
     SELECT v.code, v.name, v.position, v.unit_id, d.id, po.id, v.email, v.mobile
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
          AS v(code, name, position, unit_id, department_code, post_code, email, mobile)
     LEFT JOIN department d ON d.unit_id = v.unit_id AND d.code = v.department_code
     JOIN post po ON po.unit_id = v.unit_id AND po.code = v.post_code
     ON CONFLICT (code) DO UPDATE SET
       name = EXCLUDED.name, position = EXCLUDED.position, unit_id = EXCLUDED.unit_id,
       department_id = EXCLUDED.department_id, post_id = EXCLUDED.post_id, left_at = NULL, updated_at = now(),
       email = CASE WHEN $9::text[] @> ARRAY[EXCLUDED.code] THEN EXCLUDED.email ELSE p.email END,
       mobile = CASE WHEN $10::text[] @> ARRAY[EXCLUDED.code] THEN EXCLUDED.mobile ELSE p.mobile END
       WHERE (p.name, p.position, p.unit_id, p.department_id, p.post_id, p.left_at,
              CASE WHEN $9::text[] @> ARRAY[EXCLUDED.code] THEN EXCLUDED.email ELSE p.email END,
              CASE WHEN $10::text[] @> ARRAY[EXCLUDED.code] THEN EXCLUDED.mobile ELSE p.mobile END)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.position, EXCLUDED.unit_id, EXCLUDED.department_id, EXCLUDED.post_id, NULL, p.email, p.mobile)
     RETURNING p.code, (xmax = 0) AS inserted`,
    [
      p.map((x) => x.code),
      p.map((x) => x.name),
      p.map((x) => x.position),
      p.map((x) => x.unitCode),
      p.map((x) => x.departmentCode),
      p.map((x) => x.postCode),
      p.map((x) => x.email ?? null),
      p.map((x) => x.mobile ?? null),
      p.filter((x) => x.email !== undefined).map((x) => x.code),
      p.filter((x) => x.mobile !== undefined).map((x) => x.code),
    ],
  );
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

/** Makes each imported person's grants exactly the file's; returns the 工号 of the people whose grants changed. */
async function replaceGrants(tx: EntityManager, r: Roster): Promise<string[]> {
  const current: { code: string; role: string; unit_id: string | null; department_code: string | null }[] =
    await tx.query(
      `SELECT p.code, ra.role, ra.unit_id, d.code AS department_code
     FROM role_assignment ra JOIN person p ON p.id = ra.person_id LEFT JOIN department d ON d.id = ra.department_id
     WHERE p.code = ANY($1::text[])`,
      [r.people.map((p) => p.code)],
    );
  const byPerson = new Map<string, string[]>();
  for (const c of current) {
    const key = grantKey({
      role: c.role as RosterRoleGrant['role'],
      unitCode: c.unit_id,
      departmentCode: c.department_code,
    });
    byPerson.set(c.code, [...(byPerson.get(c.code) ?? []), key]);
  }
  const changed = r.people.filter((p) => {
    const want = p.roles.map(grantKey).sort().join(',');
    return (byPerson.get(p.code) ?? []).sort().join(',') !== want;
  });
  if (!changed.length) return [];
  const codes = changed.map((p) => p.code);
  await tx.query(
    `DELETE FROM role_assignment WHERE person_id IN (SELECT id FROM person WHERE code = ANY($1::text[]))`,
    [codes],
  );
  const grants = changed.flatMap((p) => p.roles.map((g) => ({ person: p.code, ...g })));
  await tx.query(
    `INSERT INTO role_assignment (person_id, role, unit_id, department_id)
     SELECT p.id, v.role, v.unit_id, d.id
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(person_code, role, unit_id, department_code)
     JOIN person p ON p.code = v.person_code
     LEFT JOIN department d ON d.unit_id = v.unit_id AND d.code = v.department_code`,
    [
      grants.map((g) => g.person),
      grants.map((g) => g.role),
      grants.map((g) => g.unitCode),
      grants.map((g) => g.departmentCode),
    ],
  );
  return changed.map((p) => p.code);
}

/** Each leading group the file mentions gets exactly the file's members; returns how many groups changed. */
async function replaceLeadingGroups(tx: EntityManager, r: Roster): Promise<number> {
  const scopeOf = (m: Roster['leadingGroupMembers'][number]): string | null =>
    m.scope === 'DISTRICT' ? null : m.scope.unitCode;
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
    if (
      have
        .map((h) => h.key)
        .sort()
        .join('\n') === want.join('\n')
    )
      continue;
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
