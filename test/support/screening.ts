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
  const launched = await stack.graphql(
    `mutation($i: LaunchCampaignInput!) { launchCampaign(input: $i) { id } }`,
    { i: { year, units, calendar: calendarOpenNow(year) } },
    office,
  );
  if (launched.errors) throw new Error(`launch ${year}: ${JSON.stringify(launched.errors)}`);
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
      phaseStatus(stack.db.dataSource, campaignId, unitId, 'MOBILISATION').then((s) => s === 'IN_PROGRESS'),
    );
    for (const item of MOBILISATION_ITEMS) {
      const res = await stack.graphql(
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
