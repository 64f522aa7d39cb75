import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A version of one year's holidays and 调休 make-up days as the office published it. Versions are never
 * changed; the newest of a year is in force and supersedes the built-in data for that year.
 */
@Entity({ name: 'holiday_year' })
export class HolidayYearEntity {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_holiday_year' })
  year!: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_holiday_year' })
  version!: number;

  @Column({ type: 'jsonb' })
  holidays!: string[];

  @Column({ name: 'make_up_workdays', type: 'jsonb' })
  makeUpWorkdays!: string[];

  @Column({ name: 'published_by', type: 'text' })
  publishedBy!: string;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
