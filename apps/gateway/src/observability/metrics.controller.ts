import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/auth.guard';
import { registry } from './metrics';

/**
 * Prometheus scrape endpoint. Counts and latencies by operation only: no person, no token, no argument.
 * Public on the gateway's port like /health; a reverse proxy in front keeps it internal (docs/operations.md).
 */
@Controller()
export class MetricsController {
  @Public()
  @Get('metrics')
  @Header('Content-Type', registry.contentType)
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
