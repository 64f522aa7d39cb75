import type { DataSource } from 'typeorm';
import { MOBILISATION_ITEMS } from '@pirm/contracts';
import { PHASES, dateOf, defaultCalendar, phaseDeadline, type PhaseWindow } from '@pirm/domain';
import { upsertUnitCampaign } from '@pirm/persistence';
import type { StackLike } from './gateway';
import { until } from './wait';

/**
 * A calendar of `year` whose mobilisation and screening windows opened yesterday (real time), so that a
 * campaign launched with it starts its units' mobilisation at once; the later phases keep the plan's dates.
 */
export function calendarOpenNow(year: number, now = Date.now()): PhaseWindow[] {
  const yesterday = dateOf(now - 86_400_000);
  return defaultCalendar(year).map((w) =>
    w.phase === 'MOBILISATION' || w.phase === 'SCREENING' ? { ...w, startsOn: yesterday } : w,
  );
}

/** Launches campaign `year` for `units` with a calendar open now and waits until their mobilisation is open. */
export async function launchWithMobilisationOpen(
  stack: StackLike,
  year: number,
  units: readonly string[],
  office: string,
): Promise<void> {
  const launched = await stack.graphql(
    `mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`,
    { i: { year, units, calendar: calendarOpenNow(year) } },
    office,
  );
  if (launched.errors) throw new Error(`launch ${year}: ${JSON.stringify(launched.errors)}`);
  for (const unitId of units)
    await until(`unit ${unitId} of ${year} in mobilisation`, () =>
      phaseStatus(stack.db.dataSource, String(year), unitId, 'MOBILISATION').then((s) => s === 'IN_PROGRESS'),
    );
}

/**
 * Launches campaign `year` for `units` and opens their screening the way a unit does (R03–R05): the office
 * records each unit's working body, plan and meeting, and screening opens with mobilisation complete.
 * Forms may be submitted afterwards (R13 R22: only while the unit's screening is open).
 */
export async function launchWithScreeningOpen(
  stack: StackLike,
  year: number,
  units: readonly string[],
  office: string,
): Promise<void> {
  const campaignId = String(year);
  await launchWithMobilisationOpen(stack, year, units, office);
  await openScreening(stack, campaignId, units, office);
}

/**
 * Opens the screening of `units` of a launched campaign the way a unit does (R03–R05): once their mobilisation
 * has opened, the office records each unit's working body, plan and meeting.
 */
export async function openScreening(
  stack: StackLike,
  campaignId: string,
  units: readonly string[],
  office: string,
): Promise<void> {
  const RECORD = `mutation($i: MobilisationRecordInput!) { recordMobilisation(input: $i) { unitId } }`;
  for (const unitId of units) {
    await until(`unit ${unitId} of ${campaignId} in mobilisation`, () =>
      phaseStatus(stack.db.dataSource, campaignId, unitId, 'MOBILISATION').then((s) => s !== 'NOT_STARTED'),
    );
    for (const item of MOBILISATION_ITEMS) {
      const record = () =>
        stack.graphql(
          RECORD,
          {
            i: {
              campaignId,
              unitId,
              idempotencyKey: `open-${item}`,
              item,
              evidence: `${item} recorded`,
              attendance: item === 'MOBILISATION_MEETING' ? 10 : null,
            },
          },
          office,
        );
      // The read model can show the unit's phases (projected from the plan) a moment before its own workflow has
      // opened mobilisation, which answers CONFLICT until then; a client tries again, and so does this.
      const res = await until(`mobilisation of ${unitId} accepting ${item}`, async () => {
        const r = await record();
        return r.errors?.[0]?.extensions?.code === 'CONFLICT' ? undefined : r;
      });
      if (res.errors) throw new Error(`mobilisation of ${unitId}: ${JSON.stringify(res.errors)}`);
    }
    await until(`unit ${unitId} of ${campaignId} in screening`, () =>
      phaseStatus(stack.db.dataSource, campaignId, unitId, 'SCREENING').then((s) => s === 'IN_PROGRESS'),
    );
  }
}

/**
 * For tests that project a campaign straight into the read model (no unit workflows): records the units'
 * mobilisation as complete and their screening as open there, as their workflows would have projected it.
 */
export async function projectScreeningOpen(
  ds: DataSource,
  campaignId: string,
  units: readonly string[],
  now = Date.now(),
): Promise<void> {
  const calendar = defaultCalendar(Number(campaignId));
  for (const unitId of units) {
    await upsertUnitCampaign(ds, {
      campaignId,
      unitId,
      revision: 1,
      phases: PHASES.map((phase, i) => ({
        phase,
        status: i === 0 ? 'COMPLETE' : i === 1 ? 'IN_PROGRESS' : 'NOT_STARTED',
        rungs: [],
        deadline: phaseDeadline(calendar[i]!),
        openedAt: i < 2 ? now : null,
        completedAt: i === 0 ? now : null,
      })),
      mobilisation: Object.fromEntries(MOBILISATION_ITEMS.map((item) => [item, { by: 'office-admin', at: now }])),
    });
  }
}

async function phaseStatus(
  ds: DataSource,
  campaignId: string,
  unitId: string,
  phase: string,
): Promise<string | undefined> {
  const rows: { status: string }[] = await ds.query(
    `SELECT status FROM unit_phase_progress WHERE campaign_id = $1 AND unit_id = $2 AND phase = $3`,
    [campaignId, unitId, phase],
  );
  return rows[0]?.status;
}

/** A complete risk point (R08 R12); a leadership form needs one for each part of 三重一大. */
const POINT = {
  description: '在评优评先中收受家长礼品',
  category: 'IDEOLOGICAL_MORAL',
  causes: ['IDEOLOGICAL_MORAL'],
  likelihood: 2,
  harm: 2,
  findingMethod: 'SELF',
  direction: 'FORWARD',
  controlMeasures: '评优结果公示三天，接受家长监督',
};
const MAJOR_MATTERS = ['MAJOR_DECISIONS', 'IMPORTANT_APPOINTMENTS', 'MAJOR_PROJECTS', 'LARGE_FUNDS'];
const FORM_FIELDS: Record<string, string[]> = {
  LEADERSHIP: ['position', 'postDuties'],
  MIDDLE_MANAGER: ['departmentName', 'postDuties', 'workflowDescription', 'personInCharge'],
  GENERAL_STAFF: ['position', 'postDuties', 'workflowDescription'],
};

const ok = async <T>(p: Promise<{ data?: T | null; errors?: unknown[] }>): Promise<T> => {
  const res = await p;
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
};

/** `code` starts, fills completely and submits their risk form over GraphQL (R08 R09). */
export async function fileRiskForm(
  stack: StackLike & { token(code: string): string },
  campaignId: string,
  code: string,
  formType: string,
): Promise<void> {
  const tok = stack.token(code);
  const started = await ok(
    stack.graphql<{ startRiskForm: { version: number } }>(
      `mutation($c: ID!) { startRiskForm(campaignId: $c) { version } }`,
      { c: campaignId },
      tok,
    ),
  );
  const saved = await ok(
    stack.graphql<{ saveRiskFormDraft: { version: number } }>(
      `mutation($i: SaveRiskFormDraftInput!) { saveRiskFormDraft(input: $i) { version } }`,
      {
        i: {
          campaignId,
          expectedVersion: started.startRiskForm.version,
          ...Object.fromEntries(FORM_FIELDS[formType]!.map((f) => [f, `${f} 已填写`])),
          controlMeasures: '遵守规定，接受监督',
          riskPoints: formType === 'LEADERSHIP' ? MAJOR_MATTERS.map((m) => ({ ...POINT, majorMatter: m })) : [POINT],
        },
      },
      tok,
    ),
  );
  await ok(
    stack.graphql(
      `mutation($c: ID!, $v: Int!) { submitRiskForm(campaignId: $c, expectedVersion: $v) { status } }`,
      { c: campaignId, v: saved.saveRiskFormDraft.version },
      tok,
    ),
  );
}

/**
 * Screening of a unit over GraphQL up to its public notice (R09 R13): every person files a complete form and
 * submits it, then the unit's reviewers and the discipline team approve in batches until no task is left.
 */
export async function screenUnitToNotice(
  stack: StackLike & { token(code: string): string },
  campaignId: string,
  unitId: string,
): Promise<void> {
  const ds = stack.db.dataSource;
  const staff: { code: string; formType: string }[] = await ds.query(
    `SELECT p.code, po.form_type AS "formType" FROM person p JOIN post po ON po.id = p.post_id
      WHERE p.unit_id = $1 AND p.left_at IS NULL ORDER BY p.code`,
    [unitId],
  );
  for (const { code, formType } of staff) await fileRiskForm(stack, campaignId, code, formType);
  const reviewers: { code: string }[] = await ds.query(
    `SELECT DISTINCT p.code FROM role_assignment r JOIN person p ON p.id = r.person_id
      WHERE (r.unit_id = $1 AND r.role IN ('DEPARTMENT_HEAD', 'SUPERVISING_LEADER', 'UNIT_LEADING_GROUP'))
         OR r.role = 'DISCIPLINE_TEAM' ORDER BY 1`,
    [unitId],
  );
  for (let round = 0; round < 6; round++) {
    let approved = 0;
    for (const { code } of reviewers) {
      const tasks = await ok(
        stack.graphql<{ myTasks: { edges: { node: { id: string } }[] } }>(
          `{ myTasks(filter: { status: OPEN }, first: 100) { edges { node { id } } } }`,
          {},
          stack.token(code),
        ),
      );
      const taskIds = tasks.myTasks.edges.map((e) => e.node.id);
      if (!taskIds.length) continue;
      await ok(
        stack.graphql(
          `mutation($i: ApproveTasksInput!) { approveReviewTasks(input: $i) { ok } }`,
          { i: { taskIds, opinion: '同意', idempotencyKey: `${code}-${round}` } },
          stack.token(code),
        ),
      );
      approved += taskIds.length;
    }
    if (!approved) break;
  }
  await until(`unit ${unitId} of ${campaignId} on public notice`, async () => {
    const rows: { stage: string }[] = await ds.query(
      `SELECT state->'screening'->>'stage' AS stage FROM unit_campaign WHERE campaign_id = $1 AND unit_id = $2`,
      [campaignId, unitId],
    );
    return rows[0]?.stage === 'PUBLIC_NOTICE';
  });
}
