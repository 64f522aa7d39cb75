import type { MigrationInterface, QueryRunner } from 'typeorm';

export class HolidayYears1796190000000 implements MigrationInterface {
  name = 'HolidayYears1796190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE "holiday_year" ("year" integer NOT NULL, "version" integer NOT NULL, "holidays" jsonb NOT NULL, "make_up_workdays" jsonb NOT NULL, "published_by" text NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_holiday_year" PRIMARY KEY ("year", "version"))',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "holiday_year"');
  }
}
