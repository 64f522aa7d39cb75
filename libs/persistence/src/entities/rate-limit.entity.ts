import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One fixed window of a rate-limited bucket for one caller, shared by every gateway. The caller is a keyed hash
 * of their address, never the address; windows past their end are swept.
 */
@Entity({ name: 'rate_limit_window' })
@Index('ix_rate_limit_window_start', ['windowStart'])
export class RateLimitWindowEntity {
  @PrimaryColumn({ type: 'text' })
  bucket!: string;

  @PrimaryColumn({ name: 'client_key', type: 'text' })
  clientKey!: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'integer' })
  hits!: number;
}
