import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { notificationRelayWorkflowId } from '@pirm/contracts';
import { addNotifications, savePreferences } from '@pirm/persistence';
import { campaignIdFor } from '../../support/campaign';
import { TestDistrict } from '../../support/district';
import { TestReceiver } from '../../support/notify-receivers';
import { startService, type ServiceProcess } from '../../support/processes';
import { createTestDatabase, temporalAddress, uniqueName, type TestDatabase } from '../../support/stack';
import { until } from '../../support/wait';

const WORKER_SCRIPT = join(__dirname, '../../../apps/worker/dist/main.js');

/**
 * Issue 18 fault: the worker process is SIGKILLed while deliveries are in flight: the SMS relay has received
 * some of them but the worker dies before it hears the answer (the receiver holds its answers until the kill).
 * A new worker process takes the relay's pass over (heartbeat timeout) and reclaims the dead one's deliveries
 * when their lease lapses: every message arrives, and the receiver, deduplicating on the idempotency key,
 * has each exactly once although some were sent twice.
 */
describe('issue 18: a worker killed mid-delivery loses no notification and delivers none twice', () => {
  let db: TestDatabase;
  let worker: ServiceProcess | undefined;
  let client: Client;
  const sms = new TestReceiver();
  const taskQueue = uniqueName('relay-kill');
  let releaseHeld: () => void = () => undefined;
  const startWorker = () =>
    startService({
      script: WORKER_SCRIPT,
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '4',
        TEMPORAL_ADDRESS: temporalAddress(),
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMS_WEBHOOK_URL: `${sms.url}/sms`,
        NOTIFY_POLL_MS: '100',
        NOTIFY_BATCH: '10',
        NOTIFY_SEND_TIMEOUT_MS: '4000',
        NOTIFY_LEASE_SECONDS: '6',
        NOTIFY_HEARTBEAT_SECONDS: '8',
        NOTIFY_PASS_SECONDS: '30',
        NOTIFY_BACKOFF_BASE_MS: '200',
        NOTIFY_MAX_ATTEMPTS: '20',
      },
      ready: /notification relay running/,
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    await TestDistrict.create(db.dataSource, campaignIdFor());
    await sms.start();
    client = new Client({ connection: await Connection.connect({ address: temporalAddress() }) });
  });
  afterAll(async () => {
    releaseHeld();
    await worker?.kill();
    await client?.workflow
      .getHandle(notificationRelayWorkflowId(taskQueue))
      .terminate('test over')
      .catch(() => undefined);
    await client?.connection.close();
    await sms.stop();
    await db?.drop();
  });

  it('kills the worker while the receiver holds answers, starts another: every key arrives, deduplicated once', async () => {
    // The first batch's requests reach the receiver, which answers none of them until the worker is dead.
    const held = new Promise<void>((resolve) => (releaseHeld = resolve));
    sms.respond = async (_r, res) => {
      if (sms.received.length <= 10) await held;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    };
    const people: { id: string }[] = await db.dataSource.query(
      `SELECT id FROM person WHERE unit_id = 's001' ORDER BY code`,
    );
    expect(people.length).toBeGreaterThan(20);
    await db.dataSource.query(`UPDATE person SET mobile = '1390000' || lpad(right(code, 4), 4, '0')`);
    for (const p of people)
      await savePreferences(db.dataSource, p.id, { channels: ['SMS'], digestHour: null, quietHours: null });
    await addNotifications(
      db.dataSource,
      'kill:1',
      people.map((p) => p.id),
      'TASK',
      '新的审查任务：请于期限前完成',
      null,
    );

    worker = await startWorker();
    await until('the receiver to hold 10 requests of the first batch', () => sms.received.length >= 10, 60_000, 20);
    await worker.kill('SIGKILL');
    releaseHeld();
    const inFlight = new Set(sms.received.map((r) => String(r.headers['idempotency-key'])));
    expect(inFlight.size).toBe(10);
    const [{ n: sendingAtKill }] = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM notification_delivery WHERE source LIKE 'kill:%' AND status = 'SENDING'`,
    )) as [{ n: number }];
    expect(sendingAtKill).toBe(10);

    worker = await startWorker();
    await until(
      'every delivery to be SENT',
      async () => {
        const [row] = (await db.dataSource.query(
          `SELECT count(*) FILTER (WHERE status = 'SENT')::int AS sent FROM notification_delivery WHERE source LIKE 'kill:%'`,
        )) as { sent: number }[];
        return row!.sent === people.length;
      },
      90_000,
      250,
    );
    const counts = sms.byKey('/sms');
    // Nothing lost: every delivery's key reached the receiver.
    expect(counts.size).toBe(people.length);
    // The in-flight ones were sent again (the dead worker never learnt they had arrived); the key makes the repeat
    // harmless at the receiver; everything else exactly once.
    for (const key of inFlight) expect(counts.get(key)).toBe(2);
    expect([...counts].filter(([k]) => !inFlight.has(k)).every(([, n]) => n === 1)).toBe(true);
  });

  it('ends the relay pass at once when the worker is asked to stop (no wait for the shutdown grace time)', async () => {
    const t0 = Date.now();
    // Nest's shutdown hooks run (the worker drains), then it exits by the signal it was sent.
    expect(await worker!.kill('SIGTERM')).toBe('SIGTERM');
    // Without the abort the pass would hold the shutdown for the worker's 10 s grace time.
    expect(Date.now() - t0).toBeLessThan(8_000);
  });
});
