import type { DataSource } from 'typeorm';

/**
 * Reading the roster back (issue 12.9): keyset pages, filtered by unit and by a search on names (and 工号
 * where the caller reads the unit in full). `unitIds` null: every unit; `fullUnitIds` null: every unit in full.
 */
export interface RosterPageQuery {
  unitIds: string[] | null;
  fullUnitIds: string[] | null;
  search: string | null;
  /** The sort key of the last row of the previous page. */
  after: string[] | null;
  /** Rows to return; one more is read to tell whether there is a next page. */
  first: number;
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  keyOf: (row: T) => string[];
}

export const keysetPage = <T>(rows: T[], first: number, keyOf: (row: T) => string[]): Page<T> => ({
  rows: rows.slice(0, first),
  hasNextPage: rows.length > first,
  keyOf,
});

export interface UnitRow {
  id: string;
  name: string;
  kind: string;
}

export async function listRosterUnits(ds: DataSource, q: RosterPageQuery): Promise<Page<UnitRow>> {
  const rows: UnitRow[] = await ds.query(
    `SELECT id, name, kind FROM unit
     WHERE ($1::text[] IS NULL OR id = ANY($1)) AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0 OR strpos(lower(id), lower($2)) > 0)
       AND ($3::text IS NULL OR id > $3)
     ORDER BY id LIMIT $4`,
    [q.unitIds, q.search, q.after?.[0] ?? null, q.first + 1],
  );
  return keysetPage(rows, q.first, (r) => [r.id]);
}

export interface DepartmentRow {
  id: string;
  unitId: string;
  code: string;
  name: string;
  kind: string;
}

export async function listRosterDepartments(ds: DataSource, q: RosterPageQuery): Promise<Page<DepartmentRow>> {
  const rows: DepartmentRow[] = await ds.query(
    `SELECT id, unit_id AS "unitId", code, name, kind FROM department
     WHERE ($1::text[] IS NULL OR unit_id = ANY($1)) AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0 OR strpos(lower(code), lower($2)) > 0)
       AND ($3::text IS NULL OR (unit_id, code) > ($3, $4))
     ORDER BY unit_id, code LIMIT $5`,
    [q.unitIds, q.search, q.after?.[0] ?? null, q.after?.[1] ?? null, q.first + 1],
  );
  return keysetPage(rows, q.first, (r) => [r.unitId, r.code]);
}

export interface PostRow {
  id: string;
  unitId: string;
  code: string;
  name: string;
  postType: string;
  formType: string;
  departmentId: string | null;
  duties: string;
  powers: string[];
  processSteps: string[];
}

export async function listRosterPosts(ds: DataSource, q: RosterPageQuery): Promise<Page<PostRow>> {
  const rows: PostRow[] = await ds.query(
    `SELECT id, unit_id AS "unitId", code, name, post_type AS "postType", form_type AS "formType", department_id AS "departmentId", duties, powers, process_steps AS "processSteps" FROM post
     WHERE ($1::text[] IS NULL OR unit_id = ANY($1)) AND ($2::text IS NULL OR strpos(lower(name), lower($2)) > 0 OR strpos(lower(code), lower($2)) > 0)
       AND ($3::text IS NULL OR (unit_id, code) > ($3, $4))
     ORDER BY unit_id, code LIMIT $5`,
    [q.unitIds, q.search, q.after?.[0] ?? null, q.after?.[1] ?? null, q.first + 1],
  );
  return keysetPage(rows, q.first, (r) => [r.unitId, r.code]);
}

export interface PersonRow {
  id: string;
  name: string;
  unitId: string | null;
  departmentId: string | null;
  departmentName: string | null;
  postId: string | null;
  postName: string | null;
  /** Whether the caller reads this person's unit in full; the fields below are null otherwise. */
  full: boolean;
  code: string | null;
  position: string | null;
  leftAt: Date | null;
  roles: { role: string; unitId: string | null; departmentId: string | null }[] | null;
}

/**
 * People by name (then id: the cursor reveals nothing a directory reader may not see). A directory reader
 * (not `full` for the unit) gets neither 工号, 职务, roles nor leavers, and their search matches names only.
 */
export async function listRosterPeople(
  ds: DataSource,
  q: RosterPageQuery & { includeLeft: boolean },
): Promise<Page<PersonRow>> {
  const rows: PersonRow[] = await ds.query(
    `WITH visible AS (
       SELECT p.*, ($2::text[] IS NULL OR p.unit_id = ANY($2)) AS full FROM person p
       WHERE ($1::text[] IS NULL OR p.unit_id = ANY($1))
     )
     SELECT v.id, v.name, v.unit_id AS "unitId", v.department_id AS "departmentId", d.name AS "departmentName", v.post_id AS "postId", po.name AS "postName", v.full,
            CASE WHEN v.full THEN v.code END AS code,
            CASE WHEN v.full THEN v.position END AS position,
            CASE WHEN v.full THEN v.left_at END AS "leftAt",
            CASE WHEN v.full THEN coalesce((SELECT json_agg(json_build_object('role', ra.role, 'unitId', ra.unit_id, 'departmentId', ra.department_id) ORDER BY ra.role, ra.unit_id, ra.department_id)
                                            FROM role_assignment ra WHERE ra.person_id = v.id), '[]'::json) END AS roles
     FROM visible v LEFT JOIN department d ON d.id = v.department_id LEFT JOIN post po ON po.id = v.post_id
     WHERE (v.left_at IS NULL OR ($3 AND v.full))
       AND ($4::text IS NULL OR strpos(lower(v.name), lower($4)) > 0 OR (v.full AND strpos(lower(v.code), lower($4)) > 0))
       AND ($5::text IS NULL OR (v.name, v.id) > ($5, $6::uuid))
     ORDER BY v.name, v.id LIMIT $7`,
    [q.unitIds, q.fullUnitIds, q.includeLeft, q.search, q.after?.[0] ?? null, q.after?.[1] ?? null, q.first + 1],
  );
  return keysetPage(rows, q.first, (r) => [r.name, r.id]);
}

export interface LeadingGroupMemberRow {
  id: string;
  unitId: string | null;
  role: string;
  title: string;
  personId: string;
  code: string;
  name: string;
}

/** Members of the leading groups of `unitIds` and, with `district`, of the district's (unit null). */
export async function listLeadingGroupMembers(
  ds: DataSource,
  q: Omit<RosterPageQuery, 'fullUnitIds'> & { district: boolean; units: boolean },
): Promise<Page<LeadingGroupMemberRow>> {
  const rows: LeadingGroupMemberRow[] = await ds.query(
    `SELECT m.id, m.unit_id AS "unitId", m.role, m.title, p.id AS "personId", p.code, p.name
     FROM leading_group_member m JOIN person p ON p.id = m.person_id
     WHERE ((m.unit_id IS NULL AND $1) OR (m.unit_id IS NOT NULL AND $2 AND ($3::text[] IS NULL OR m.unit_id = ANY($3))))
       AND ($4::text IS NULL OR strpos(lower(p.name), lower($4)) > 0 OR strpos(lower(p.code), lower($4)) > 0)
       AND ($5::text IS NULL OR (coalesce(m.unit_id, ''), p.code, m.role) > ($5, $6, $7))
     ORDER BY coalesce(m.unit_id, ''), p.code, m.role LIMIT $8`,
    [
      q.district,
      q.units,
      q.unitIds,
      q.search,
      q.after?.[0] ?? null,
      q.after?.[1] ?? null,
      q.after?.[2] ?? null,
      q.first + 1,
    ],
  );
  return keysetPage(rows, q.first, (r) => [r.unitId ?? '', r.code, r.role]);
}
