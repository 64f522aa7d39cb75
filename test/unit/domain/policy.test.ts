import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { POLICY, Role, holdsFor, holdsIn, isOwn, mayCall, policyOf, rolesOf, type RoleGrant } from '@pirm/domain';

const office: RoleGrant[] = [{ role: Role.OFFICE_ADMIN, unitId: null }];
const principalOf = (unitId: string): RoleGrant[] => [{ role: Role.UNIT_PRINCIPAL, unitId }];
const staff: RoleGrant[] = [];

describe('the policy table (issue 17: who may do what, in one place)', () => {
  it('issue 17: has an entry for every query, mutation and subscription of schema.gql, and none more', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../../apps/gateway/schema.gql'), 'utf8'));
    const operations = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) =>
      Object.keys(t?.getFields() ?? {}),
    );
    expect(Object.keys(POLICY).sort()).toEqual(operations.sort());
  });

  it('issue 17: knows no operation outside the table, not even an inherited property', () => {
    expect(policyOf('launchCampaign')).toBe(POLICY.launchCampaign);
    expect(policyOf('dropDatabase')).toBeUndefined();
    expect(policyOf('toString')).toBeUndefined();
    expect(policyOf('__proto__')).toBeUndefined();
  });

  it('issue 17: PUBLIC admits anyone, SIGNED_IN any signed-in person, a role set only its holders (in any unit)', () => {
    expect([mayCall(POLICY.fileComplaint, null), mayCall(POLICY.fileComplaint, staff)]).toEqual([true, true]);
    expect([mayCall(POLICY.me, null), mayCall(POLICY.me, staff)]).toEqual([false, true]);
    expect([
      mayCall(POLICY.launchCampaign, null),
      mayCall(POLICY.launchCampaign, staff),
      mayCall(POLICY.launchCampaign, principalOf('s001')),
      mayCall(POLICY.launchCampaign, office),
    ]).toEqual([false, false, false, true]);
    expect(mayCall(POLICY.confirmRiskArchive, principalOf('s002'))).toBe(true);
  });

  it('R02 R22 issue 17: district-wide work needs a district-wide grant, checked before any record (DISTRICT scope)', () => {
    const unitOffice: RoleGrant[] = [{ role: Role.OFFICE_ADMIN, unitId: 's001' }];
    const district = Object.entries(POLICY).filter(([, r]) => 'scope' in r && r.scope === 'DISTRICT');
    expect(district.map(([op]) => op)).toEqual(
      expect.arrayContaining(['launchCampaign', 'campaignAction', 'importRoster', 'auditTrail', 'campaignDashboard']),
    );
    for (const [, rule] of district) {
      expect(mayCall(rule, office)).toBe(true);
      expect(mayCall(rule, unitOffice)).toBe(false);
    }
  });

  it('R06 issue 17: unit scope needs one of the roles for that unit; a district-wide grant covers every unit', () => {
    expect(holdsFor(POLICY.confirmRiskArchive, principalOf('s001'), 's001')).toBe(true);
    expect(holdsFor(POLICY.confirmRiskArchive, principalOf('s002'), 's001')).toBe(false);
    expect(holdsFor(POLICY.recordMobilisation, office, 's001')).toBe(true);
    expect(holdsIn(principalOf('s001'), rolesOf(POLICY.me), 's001')).toBe(false);
    expect([isOwn('p1', 'p1'), isOwn('p1', 'p2')]).toEqual([true, false]);
  });

  it('issue 17: every operation that names a role set also names how its records are scoped, or is district-wide work of the office or oversight', () => {
    const districtWide = new Set([Role.OFFICE_ADMIN, Role.DISCIPLINE_TEAM]);
    const unscoped = Object.entries(POLICY).filter(
      ([, r]) => typeof r.who !== 'string' && !('scope' in r) && !r.who.every((role) => districtWide.has(role)),
    );
    expect(unscoped).toEqual([]);
  });
});
