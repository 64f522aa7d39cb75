import { Role } from '@pirm/domain';
import { createDataSource } from '../data-source';
import { PersonEntity } from '../entities/person.entity';
import { RoleAssignmentEntity } from '../entities/role-assignment.entity';

/**
 * `npm start` runs this on every start: it makes sure the demo office administrator exists, so a token
 * can be issued at once. Idempotent.
 */
export const DEMO_PEOPLE = [{ code: 'office-admin', name: '侯玉梅', unitId: null, roles: [{ role: Role.OFFICE_ADMIN, unitId: null }] }];

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const ds = createDataSource({ url, applicationName: 'pirm-seed', poolSize: 1 });
  await ds.initialize();
  try {
    await ds.transaction(async (tx) => {
      for (const p of DEMO_PEOPLE) {
        await tx.createQueryBuilder().insert().into(PersonEntity).values({ code: p.code, name: p.name, unitId: p.unitId }).orIgnore().execute();
        const person = await tx.getRepository(PersonEntity).findOneByOrFail({ code: p.code });
        const existing = await tx.getRepository(RoleAssignmentEntity).findBy({ personId: person.id });
        for (const r of p.roles) {
          if (!existing.some((e) => e.role === r.role && e.unitId === r.unitId)) {
            await tx.getRepository(RoleAssignmentEntity).insert({ personId: person.id, role: r.role, unitId: r.unitId });
          }
        }
      }
    });
    console.log(`demo people ready: ${DEMO_PEOPLE.map((p) => p.code).join(', ')}`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
