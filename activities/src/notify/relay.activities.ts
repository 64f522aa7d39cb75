import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { composeDigest, composeMessage, nextAttemptAt, type RetryPolicy, type RobotKind } from '@pirm/domain';
import {
  claimDueDeliveries,
  findRobotFor,
  foldDueDigests,
  markDeliveryFailed,
  markDeliverySent,
  markDeliverySkipped,
  type ClaimedDelivery,
} from '@pirm/persistence';
import { NotConfigured, type ChannelConfig, type Channels } from './channels';

/** The relay's settings (worker configuration, validated at boot). */
export interface RelayConfig extends ChannelConfig {
  /** The console's address, for the links in messages. */
  consoleUrl: string;
  retry: RetryPolicy;
  /** How long one activity pass runs before returning to its workflow. */
  passMs: number;
  /** Sleep between polls when nothing is due. */
  pollMs: number;
  /** How long a claim holds: longer than any send may take (a dead relay's claims lapse after it). */
  leaseMs: number;
  /** Deliveries claimed (and sent concurrently) at a time. */
  batch: number;
}

export interface NotifyActivityDeps {
  dataSource: DataSource;
  /**
   * Absent: this worker relays nothing (the activity fails, its workflow waits and tries again). `stopping`
   * aborts when the worker shuts down: the pass ends at once instead of holding the shutdown for its grace time.
   */
  relay?: { config: RelayConfig; channels: Channels; stopping?: AbortSignal; clock?: () => number };
}

/**
 * The relay's notion of now: when held digests and quiet-hour deliveries fall due and retries are scheduled.
 * The wall clock unless a test injects one (to reach tomorrow's digest hour without waiting for it).
 */
const clockOf = (relay: Required<NotifyActivityDeps>['relay']) => relay.clock ?? Date.now;

/** The delivery of one claimed row: sent, retried later, dead-lettered, or skipped when nothing here can send it. */
async function deliver(deps: Required<NotifyActivityDeps>, d: ClaimedDelivery): Promise<'SENT' | 'FAILED'> {
  const { dataSource, relay } = deps;
  const forGroup = d.channel === 'WECOM' || d.channel === 'DINGTALK';
  try {
    if (d.address === null) throw new NotConfigured('no address (the contact was removed)');
    const robot = forGroup ? await findRobotFor(dataSource, d.channel as RobotKind, d.address) : null;
    const message =
      d.kind === 'DIGEST'
        ? composeDigest(d.items, relay.config.consoleUrl)
        : composeMessage(d, relay.config.consoleUrl, forGroup);
    await relay.channels.send({
      key: d.id,
      channel: d.channel,
      address: d.address,
      mention: d.mention,
      message,
      robot,
    });
    await markDeliverySent(dataSource, d.id);
    return 'SENT';
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof NotConfigured) await markDeliverySkipped(dataSource, d.id, reason);
    else
      await markDeliveryFailed(
        dataSource,
        d.id,
        reason,
        nextAttemptAt(clockOf(relay)(), d.attempts, relay.config.retry),
      );
    return 'FAILED';
  }
}

/**
 * The relay's activity (issue 18): for one pass, folds due digests, claims due deliveries and sends them,
 * heartbeating between batches so that Temporal notices a dead worker. Idempotent by construction: every
 * outcome is a conditional update of the claimed row, and every send carries the row's id as its key.
 */
export function createNotifyActivities(deps: NotifyActivityDeps) {
  return {
    async relayNotifications(): Promise<{ sent: number; failed: number }> {
      const { relay } = deps;
      if (!relay) throw new Error('this worker has no notification relay configured');
      const ctx = Context.current();
      const until = Date.now() + relay.config.passMs;
      const outcome = { sent: 0, failed: 0 };
      const stopping = relay.stopping;
      const stopped = new Promise<void>((resolve) => stopping?.addEventListener('abort', () => resolve()));
      while (Date.now() < until && !stopping?.aborted) {
        ctx.heartbeat(outcome);
        const now = clockOf(relay)();
        await foldDueDigests(deps.dataSource, now);
        const batch = await claimDueDeliveries(deps.dataSource, relay.config.batch, relay.config.leaseMs, now);
        if (!batch.length) {
          // Rejects when the activity is cancelled (worker shutting down): the pass ends, nothing is half-done.
          await Promise.race([ctx.sleep(relay.config.pollMs), stopped]);
          continue;
        }
        const results = await Promise.all(batch.map((d) => deliver({ ...deps, relay }, d)));
        for (const r of results) outcome[r === 'SENT' ? 'sent' : 'failed'] += 1;
      }
      return outcome;
    },
  };
}

export type NotifyActivities = ReturnType<typeof createNotifyActivities>;
