import { type EnvReader } from '@pirm/domain';
import { CAMPAIGN_TASK_QUEUE } from './temporal';

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
}

/** How gateway and worker reach Temporal: the same variables for both. */
export function readTemporalConfig(env: EnvReader): TemporalConfig {
  return {
    address: env.string('TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    namespace: env.string('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: env.string('TEMPORAL_TASK_QUEUE', CAMPAIGN_TASK_QUEUE),
  };
}
