import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ROLE_LABELS } from '@pirm/domain';
import { CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ImportRosterInput, MeModel, RoleGrantModel, RosterImportSummaryModel } from './org.model';
import { OrgService } from './org.service';

@Resolver()
export class OrgResolver {
  constructor(private readonly org: OrgService) {}

  @Query(() => MeModel)
  me(@CurrentPrincipal() principal: Principal): MeModel {
    return Object.assign(new MeModel(), {
      personId: principal.personId,
      code: principal.code,
      name: principal.name,
      unitId: principal.unitId,
      roles: principal.roles.map((r) =>
        Object.assign(new RoleGrantModel(), { role: r.role, label: ROLE_LABELS[r.role], unitId: r.unitId, departmentId: r.departmentId ?? null }),
      ),
    });
  }

  @Mutation(() => RosterImportSummaryModel, {
    description: 'Office only. Imports a roster file (R01, R02). One bad row imports nothing; re-importing the same file changes nothing.',
  })
  async importRoster(@CurrentPrincipal() principal: Principal, @Args('input') input: ImportRosterInput): Promise<RosterImportSummaryModel> {
    return Object.assign(new RosterImportSummaryModel(), await this.org.importRoster(principal, input.format, input.contentBase64));
  }
}
