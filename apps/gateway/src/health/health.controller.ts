import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import { Public } from '../auth/auth.guard';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../providers';

type Probe = 'up' | 'down';

/** What the probe needs of the pool (DATA_SOURCE): one round trip. */
interface Pingable {
  query(sql: string): Promise<unknown>;
}

/** Timeout for each dependency probe, so /health answers fast even when a dependency hangs. */
const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS).unref()),
  ]);
}

/**
 * `/health` and `/health/ready`: 200 when PostgreSQL and Temporal both answer, 503 naming the part that is down
 * (a load balancer or Kubernetes takes the gateway out of rotation meanwhile). `/health/live`: the process
 * answers, whatever its dependencies do (a restart would not bring them back).
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: Pingable,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Public()
  @Get()
  health(@Res() res: Response): Promise<void> {
    return this.ready(res);
  }

  @Public()
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const [database, temporal] = await Promise.all([
      this.probe(() => this.dataSource.query('SELECT 1')),
      this.probe(() =>
        this.temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () =>
          this.temporal.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const ok = database === 'up' && temporal === 'up';
    res
      .status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
      .json({ status: ok ? 'ok' : 'degraded', database, temporal });
  }

  /** Answering at all shows the event loop turns; a blocked loop misses the probe's timeout. */
  @Public()
  @Get('live')
  live(@Res() res: Response): void {
    res.status(HttpStatus.OK).json({ status: 'ok' });
  }

  private async probe(fn: () => Promise<unknown>): Promise<Probe> {
    try {
      await withTimeout(fn());
      return 'up';
    } catch {
      return 'down';
    }
  }
}
