import {
  MIGRATIONS,
  runMigrations,
  schemaDrift,
  upsertCampaignProjection,
  findCampaign,
  type CampaignProjection,
} from '@pirm/persistence';
import { defaultCalendar } from '@pirm/domain';
import { campaignYear } from '../../support/campaign';
import { createTestDatabase, type TestDatabase } from '../../support/stack';

describe('schema: migrations only, and they match the entities', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('has every migration applied and nothing pending', async () => {
    expect(await db.dataSource.showMigrations()).toBe(false);
    expect(await runMigrations(db.dataSource)).toEqual([]);
    const rows: { name: string }[] = await db.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('needs no schema change beyond the migrations (entities and migrations agree)', async () => {
    expect(await schemaDrift(db.dataSource)).toEqual([]);
  });
});

describe('campaign projection is idempotent and only moves forward', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const year = campaignYear();
  const state = (revision: number, status: string): CampaignProjection => ({
    campaignId: String(year),
    year,
    status,
    currentPhase: status === 'SCHEDULED' ? null : 'MOBILISATION',
    calendar: defaultCalendar(year),
    rulesVersion: 1,
    launchedBy: 'office-admin',
    revision,
  });

  it('applies a newer revision, ignores a replay and an older one', async () => {
    expect(await upsertCampaignProjection(db.dataSource, state(1, 'SCHEDULED'))).toBe(true);
    expect(await upsertCampaignProjection(db.dataSource, state(2, 'RUNNING'))).toBe(true);
    expect(await upsertCampaignProjection(db.dataSource, state(2, 'RUNNING'))).toBe(false);
    expect(await upsertCampaignProjection(db.dataSource, state(1, 'SCHEDULED'))).toBe(false);
    const row = await findCampaign(db.dataSource, String(year));
    expect(row).toMatchObject({ status: 'RUNNING', currentPhase: 'MOBILISATION', revision: 2 });
  });
});
