import type { DataSource } from 'typeorm';
import { PersonEntity } from '../entities/person.entity';

/** The roster as the gateway's sign-in sees it: a person with their role grants. */
export class AuthRepository {
  constructor(private readonly ds: DataSource) {}

  personWithRoles(code: string): Promise<PersonEntity | null> {
    return this.ds.getRepository(PersonEntity).findOne({ where: { code }, relations: { roles: true } });
  }
}
