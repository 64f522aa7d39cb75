import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DataSource } from 'typeorm';
import { MAX_CAMPAIGN_YEAR } from '@pirm/domain';
import { until } from './wait';

/**
 * Campaign years (a campaign's id is its year) derived from the test instead of picked by hand.
 *
 * Why: every test file has a database of its own, but the integration and end-to-end files share one Temporal
 * dev server, where a campaign's workflows are named after its year (`campaign:2031`, `unit:2031:s001`, …).
 * Two files launching the same year would attach to each other's workflows (a launch of a running year
 * returns it), which then run on the other file's task queue against the other file's database.
 *
 * How: a stable hash of the test file (relative to the repository) and a label (by default the running test's
 * name) picks a year in [next year, MAX_CAMPAIGN_YEAR]: later than the clock, so that a default calendar lies
 * ahead. The year is then claimed for the whole `jest` run in the run's work folder (the one the global setup
 * made for the Temporal dev server, which lives exactly as long): if another file holds it, the next free year
 * is taken. So two files never share a year, and a file gets the same year run after run unless it collides.
 * Without the work folder (the unit tier: no servers) nothing is shared and the hashed year is returned as is.
 */
const ROOT = join(__dirname, '../..');
/** Next year's campaign is the one the console's browser tests open (the annual campaign): derived years start after it. */
export const CONSOLE_CAMPAIGN_YEAR = new Date().getUTCFullYear() + 1;
const FIRST_YEAR = CONSOLE_CAMPAIGN_YEAR + 1;
const SLOTS = MAX_CAMPAIGN_YEAR - FIRST_YEAR + 1;
const mine = new Map<string, number>();

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

function testFile(): string {
  const { testPath } = expect.getState();
  if (!testPath) throw new Error('campaignYear() is called from a test file (it derives the year from its path)');
  return relative(ROOT, testPath);
}

/** Claims `year` for `key` for this run; true if it is now (or already was) `key`'s. */
function claim(dir: string, year: number, key: string): boolean {
  const file = join(dir, String(year));
  try {
    const fd = openSync(file, 'wx');
    try {
      writeSync(fd, key);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFileSync(file, 'utf8') === key;
  }
}

/**
 * The campaign year of this test file, or of `label` within it (default: the running test's name; none at
 * file scope). The same file and label get the same year within a run; no other file gets it.
 */
export function campaignYear(label: string = expect.getState().currentTestName ?? ''): number {
  const key = `${testFile()}\n${label}`;
  const known = mine.get(key);
  if (known !== undefined) return known;
  const preferred = fnv1a(key) % SLOTS;
  const work = process.env.PIRM_TEST_WORK_DIR;
  let year: number | undefined;
  if (!work) year = FIRST_YEAR + preferred;
  else {
    const dir = join(work, 'campaign-years');
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < SLOTS && year === undefined; i++) {
      const candidate = FIRST_YEAR + ((preferred + i) % SLOTS);
      if (claim(dir, candidate, key)) year = candidate;
    }
    if (year === undefined) throw new Error(`no campaign year left in ${FIRST_YEAR}–${MAX_CAMPAIGN_YEAR} for ${key}`);
  }
  mine.set(key, year);
  return year;
}

/** `campaignYear(label)` as the campaign's id. */
export function campaignIdFor(label?: string): string {
  return String(campaignYear(label));
}

/** `count` distinct campaign years of this file's own, for a test that launches many (e.g. a fuzzer). */
export function campaignYears(label: string, count: number): number[] {
  return Array.from({ length: count }, (_, i) => campaignYear(`${label} #${i + 1}`));
}

/** Waits until the campaign's workflow has written its read model (its first activity does, after a launch). */
export async function untilCampaignRecorded(ds: DataSource, campaignId: string, timeoutMs?: number): Promise<void> {
  await until(
    `campaign ${campaignId} in the read model`,
    async () => ((await ds.query(`SELECT 1 FROM campaign WHERE id = $1`, [campaignId])) as unknown[]).length > 0,
    timeoutMs,
  );
}
