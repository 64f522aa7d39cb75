import type { DataSource } from 'typeorm';
import { defaultCalendar, parseRoster, type RiskPointInput } from '@pirm/domain';
import {
  AuthRepository,
  FormsRepository,
  applyRoster,
  generateDistrictRows,
  upsertCampaignProjection,
} from '@pirm/persistence';
import { AuthService } from '../../apps/gateway/src/auth/auth.service';
import type { Principal } from '../../apps/gateway/src/auth/principal';
import type { GatewayConfig } from '../../apps/gateway/src/config';
import { FormsService, type RiskFormView } from '../../apps/gateway/src/forms/forms.service';
import { issueToken } from '../../apps/gateway/src/tokens';
import type { StackLike } from './gateway';
import { projectScreeningOpen } from './screening';
import { until } from './wait';

const AUTH = { jwtSecret: 'x'.repeat(32), issuer: 'pirm', audience: 'pirm-gateway', maxLifetimeSeconds: 12 * 3600 };

/** A synthetic district in a test database, with a running campaign and helpers to act as its people. */
export class TestDistrict {
  private readonly auth: AuthService;
  readonly forms: FormsService;

  constructor(
    readonly ds: DataSource,
    readonly campaignId: string,
  ) {
    this.auth = new AuthService({ auth: AUTH } as GatewayConfig, new AuthRepository(ds));
    this.forms = new FormsService(new FormsRepository(ds));
  }

  static async create(
    ds: DataSource,
    campaignId: string,
    size = { units: 3, people: 100, seed: 5 },
  ): Promise<TestDistrict> {
    const { roster, errors } = parseRoster(generateDistrictRows(size));
    if (errors.length) throw new Error(JSON.stringify(errors.slice(0, 3)));
    await applyRoster(ds, roster);
    const year = Number(campaignId);
    await upsertCampaignProjection(ds, {
      campaignId,
      year,
      status: 'RUNNING',
      currentPhase: 'SCREENING',
      calendar: defaultCalendar(year),
      rulesVersion: 1,
      launchedBy: 'office-admin',
      revision: 1,
    });
    return new TestDistrict(ds, campaignId);
  }

  /** Records every unit's mobilisation as complete and its screening as open, so that forms may be submitted (R13). */
  async openScreening(): Promise<void> {
    const units: { id: string }[] = await this.ds.query(`SELECT id FROM unit ORDER BY id`);
    await projectScreeningOpen(
      this.ds,
      this.campaignId,
      units.map((u) => u.id),
    );
  }

  /** The principal of a person, exactly as the gateway's guard builds it. */
  principal(code: string): Promise<Principal> {
    return this.auth.authenticate(`Bearer ${issueToken(AUTH, code)}`);
  }

  async personId(code: string): Promise<string> {
    return (await this.principal(code)).personId;
  }

  /** Starts a person's form and fills it so that it can be submitted. */
  async completeForm(code: string): Promise<RiskFormView> {
    const p = await this.principal(code);
    const started = await this.forms.start(p, this.campaignId);
    const point = (over: Partial<RiskPointInput>): RiskPointInput => ({
      description: '在评优评先中收受礼品',
      category: 'IDEOLOGICAL_MORAL',
      causes: ['IDEOLOGICAL_MORAL'],
      likelihood: 2,
      harm: 2,
      findingMethod: 'SELF',
      direction: 'FORWARD',
      controlMeasures: '公开承诺，接受监督',
      ...over,
    });
    const points =
      started.formType === 'LEADERSHIP'
        ? (['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS'] as const).map((m) =>
            point({ majorMatter: m }),
          )
        : [
            point({}),
            point({
              description: '违规征订教辅',
              category: 'POST_DUTY',
              causes: ['POST_DUTY'],
              likelihood: 3,
              harm: 3,
            }),
          ];
    const filled: Record<string, string> = {};
    for (const f of [
      'position',
      'departmentName',
      'postDuties',
      'workflowDescription',
      'personInCharge',
      'controlMeasures',
    ] as const) {
      if (started.submissionProblems.some((x) => x.field === f)) filled[f] = `${f} 已填写`;
    }
    return this.forms.saveDraft(p, {
      campaignId: this.campaignId,
      expectedVersion: started.version,
      ...filled,
      riskPoints: points,
    });
  }

  /** Person codes holding a role for a unit (and department), as the roster set them. */
  async holders(role: string, unitId: string | null, departmentId?: string | null): Promise<string[]> {
    const rows: { code: string }[] = await this.ds.query(
      `SELECT DISTINCT p.code FROM role_assignment r JOIN person p ON p.id = r.person_id
       WHERE r.role = $1 AND r.unit_id IS NOT DISTINCT FROM $2 AND ($3::uuid IS NULL OR r.department_id = $3::uuid) ORDER BY p.code`,
      [role, unitId, departmentId ?? null],
    );
    return rows.map((r) => r.code);
  }
}

/**
 * A person's form filled and submitted through GraphQL (R09): resolves once its first step's task is open,
 * with the task, the person it waits for and the form's version the reviewer decides on.
 */
export async function submitToFirstStep(
  stack: StackLike,
  campaignId: string,
  code: string,
  token: (code: string) => string,
): Promise<{ taskId: string; reviewer: string; formVersion: number }> {
  const form = await new TestDistrict(stack.db.dataSource, campaignId).completeForm(code);
  const submitted = await stack.graphql(
    `mutation { submitRiskForm(campaignId: "${campaignId}", expectedVersion: ${form.version}) { status } }`,
    {},
    token(code),
  );
  if (submitted.errors) throw new Error(`submit ${code}: ${JSON.stringify(submitted.errors)}`);
  const task = await until(`${code}'s first review step`, async () => {
    const rows: { id: string; code: string }[] = await stack.db.dataSource.query(
      `SELECT t.id, p.code FROM review_task t JOIN person p ON p.id = t.assignees[1]
       WHERE t.form_id = $1 AND t.status = 'OPEN'`,
      [form.id],
    );
    return rows[0];
  });
  return { taskId: task.id, reviewer: task.code, formVersion: form.version + 1 };
}
