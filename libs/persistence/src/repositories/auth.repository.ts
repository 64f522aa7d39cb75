import type { DataSource } from 'typeorm';
import { PersonEntity } from '../entities/person.entity';

/** One person as the development sign-in page lists them. */
export interface SignInEntry {
  code: string;
  name: string;
  position: string;
  unitId: string | null;
  unitName: string | null;
  departmentName: string | null;
  formType: string | null;
  roles: string[];
}

/** The roster as the gateway's sign-in sees it: a person with their role grants. */
export class AuthRepository {
  constructor(private readonly ds: DataSource) {}

  personWithRoles(code: string): Promise<PersonEntity | null> {
    return this.ds.getRepository(PersonEntity).findOne({ where: { code }, relations: { roles: true } });
  }

  /** People on the roster by unit (district-wide people first), with their roles: development sign-in only. */
  async signInDirectory(limit: number): Promise<SignInEntry[]> {
    const rows: (Omit<SignInEntry, 'roles'> & { roles: string[] | null })[] = await this.ds.query(
      `SELECT p.code, p.name, p.position, p.unit_id AS "unitId", u.name AS "unitName",
              d.name AS "departmentName", po.form_type AS "formType",
              array_agg(DISTINCT r.role) FILTER (WHERE r.role IS NOT NULL) AS roles
         FROM person p
         LEFT JOIN unit u ON u.id = p.unit_id
         LEFT JOIN department d ON d.id = p.department_id
         LEFT JOIN post po ON po.id = p.post_id
         LEFT JOIN role_assignment r ON r.person_id = p.id
        WHERE p.left_at IS NULL
        GROUP BY p.id, u.name, d.name, po.form_type
        ORDER BY p.unit_id NULLS FIRST, p.code
        LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, roles: r.roles ?? [] }));
  }
}
