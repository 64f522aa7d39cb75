import { In, type DataSource } from 'typeorm';
import { PersonEntity } from '../entities/person.entity';

/** People by 工号 (optionally within a unit) and by id, shared by the repositories that name people. */
export function personByCode(ds: DataSource, code: string, unitId?: string): Promise<PersonEntity | null> {
  return ds.getRepository(PersonEntity).findOneBy(unitId === undefined ? { code } : { unitId, code });
}

export async function peopleByIds(ds: DataSource, ids: readonly string[]): Promise<PersonEntity[]> {
  return ids.length ? ds.getRepository(PersonEntity).findBy({ id: In([...ids]) }) : [];
}
