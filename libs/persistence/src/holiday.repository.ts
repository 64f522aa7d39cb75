import type { DataSource } from 'typeorm';
import { CHINA_HOLIDAYS, withHolidayYear, type HolidayYear } from '@pirm/domain';
import { DISTRICT_CHAIN, appendAudit } from './audit.repository';
import { HolidayYearEntity } from './entities/holiday-year.entity';

export interface PublishedHolidayYear extends HolidayYear {
  /** 0 for the built-in data, else the published version. */
  version: number;
  publishedBy: string | null;
  publishedAt: Date | null;
}

/** The newest published version of each year. */
async function latestPublished(ds: DataSource): Promise<HolidayYearEntity[]> {
  return ds.query(
    `SELECT DISTINCT ON (year) year, version, holidays, make_up_workdays AS "makeUpWorkdays", published_by AS "publishedBy", published_at AS "publishedAt"
     FROM holiday_year ORDER BY year, version DESC`,
  );
}

/** Every year in force: the built-in data, each year superseded by its newest published version. */
export async function currentHolidayYears(ds: DataSource): Promise<PublishedHolidayYear[]> {
  const published = await latestPublished(ds);
  const years: PublishedHolidayYear[] = CHINA_HOLIDAYS.map((y) => ({
    year: y.year,
    holidays: [...y.holidays],
    makeUpWorkdays: [...y.makeUpWorkdays],
    version: 0,
    publishedBy: null,
    publishedAt: null,
  }));
  return published.reduce<PublishedHolidayYear[]>(
    (all, p) => withHolidayYear(all, { ...p }) as PublishedHolidayYear[],
    years,
  );
}

/** The holiday data deadlines are computed with: every year in force, as workflow inputs carry it. */
export async function holidaysInForce(ds: DataSource): Promise<HolidayYear[]> {
  return (await currentHolidayYears(ds)).map(({ year, holidays, makeUpWorkdays }) => ({
    year,
    holidays,
    makeUpWorkdays,
  }));
}

/**
 * Stores a (validated) year as its next version, with its audit record in the same transaction. Publishing
 * the data already in force stores nothing and returns that version, so a retried publication is harmless.
 */
export async function publishHolidayYear(
  ds: DataSource,
  y: HolidayYear,
  publishedBy: string,
): Promise<PublishedHolidayYear> {
  return ds.transaction(async (tx) => {
    // One publisher of a year at a time: versions stay gap-free and a retry sees the first one's row.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('pirm:holidays:' || $1))`, [y.year]);
    const [latest] = await tx
      .getRepository(HolidayYearEntity)
      .find({ where: { year: y.year }, order: { version: 'DESC' }, take: 1 });
    const same =
      latest &&
      JSON.stringify(latest.holidays) === JSON.stringify(y.holidays) &&
      JSON.stringify(latest.makeUpWorkdays) === JSON.stringify(y.makeUpWorkdays);
    if (same) return { ...latest };
    const version = (latest?.version ?? 0) + 1;
    await tx
      .getRepository(HolidayYearEntity)
      .insert({ year: y.year, version, holidays: [...y.holidays], makeUpWorkdays: [...y.makeUpWorkdays], publishedBy });
    await appendAudit(tx, {
      chain: DISTRICT_CHAIN,
      actor: publishedBy,
      role: 'OFFICE_ADMIN',
      action: 'HOLIDAYS_PUBLISH',
      target: `holidays:${y.year}:v${version}`,
      before: latest ?? undefined,
      after: y,
      key: `holidays:${y.year}:${version}`,
    });
    return { ...(await tx.getRepository(HolidayYearEntity).findOneByOrFail({ year: y.year, version })) };
  });
}

/** Running campaigns (launched, not finished): those a newly published year must reach. */
export async function runningCampaignIds(ds: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await ds.query(
    `SELECT id FROM campaign WHERE status IN ('SCHEDULED', 'RUNNING') ORDER BY id`,
  );
  return rows.map((r) => r.id);
}
