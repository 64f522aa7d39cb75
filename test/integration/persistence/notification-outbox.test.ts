import { addNotifications, queueComplainantMessage, savePreferences, saveComplaintContact } from '@pirm/persistence';
import { campaignIdFor } from '../../support/campaign';
import { TestDistrict } from '../../support/district';
import { createTestDatabase, type TestDatabase } from '../../support/stack';

/**
 * Issue 18, the outbox: every message to send is a `notification_delivery` row written in the same transaction
 * as its cause (a notification row, a complaint message), planned from the person's contacts and preferences.
 */
describe('issue 18: outbox rows are written with the event that causes them', () => {
  let db: TestDatabase;
  let ids: Record<string, string>;
  const deliveries = (source: string) =>
    db.dataSource.query(
      `SELECT channel, address, mention, status, kind, path FROM notification_delivery WHERE source LIKE $1 ORDER BY channel, address`,
      [`${source}%`],
    ) as Promise<Record<string, string | null>[]>;

  beforeAll(async () => {
    db = await createTestDatabase();
    await TestDistrict.create(db.dataSource, campaignIdFor());
    const people: { code: string; id: string }[] = await db.dataSource.query(
      `SELECT code, id FROM person WHERE code IN ('s001-0001', 's001-0002', 's001-0003', 's001-0004') ORDER BY code`,
    );
    ids = Object.fromEntries(people.map((p) => [p.code, p.id]));
    await db.dataSource.query(
      `UPDATE person SET email = code || '@school.cn', mobile = '13800000001' WHERE code LIKE 's001-%'`,
    );
    await db.dataSource.query(`UPDATE person SET email = NULL WHERE code = 's001-0003'`);
    await db.dataSource.query(`UPDATE person SET left_at = now() WHERE code = 's001-0004'`);
    await savePreferences(db.dataSource, ids['s001-0002']!, {
      channels: ['EMAIL', 'SMS', 'WECOM'],
      digestHour: null,
      quietHours: null,
    });
  });
  afterAll(() => db?.drop());

  it('plans each person: e-mail by default, their chosen channels, nothing without a contact or after leaving', async () => {
    await addNotifications(db.dataSource, 'evt-1', Object.values(ids), 'APPROVED', '您的表已审核通过', null);
    const rows = await deliveries('evt-1:');
    expect(rows.map((r) => [r.channel, r.address, r.mention, r.status, r.path])).toEqual([
      ['EMAIL', 's001-0001@school.cn', null, 'PENDING', '/my-form'],
      ['EMAIL', 's001-0002@school.cn', null, 'PENDING', '/my-form'],
      ['SMS', '13800000001', null, 'PENDING', '/my-form'],
      ['WECOM', expect.stringMatching(/^s001(\/|$)/), '13800000001', 'PENDING', '/my-form'],
    ]);
  });

  it('writes nothing when the transaction of its cause rolls back, and nothing twice when the cause is retried', async () => {
    await expect(
      db.dataSource.transaction(async (tx) => {
        await addNotifications(tx, 'evt-2', [ids['s001-0001']!], 'TASK', '新的审查任务', null);
        throw new Error('the decision failed after its notifications');
      }),
    ).rejects.toThrow('the decision failed');
    expect(await db.dataSource.query(`SELECT id FROM notification WHERE id LIKE 'evt-2:%'`)).toEqual([]);
    expect(await deliveries('evt-2:')).toEqual([]);

    await addNotifications(db.dataSource, 'evt-3', [ids['s001-0001']!], 'TASK', '新的审查任务', null);
    await addNotifications(db.dataSource, 'evt-3', [ids['s001-0001']!], 'TASK', '新的审查任务', null);
    expect(await deliveries('evt-3:')).toHaveLength(1);
  });

  it('holds messages for a digest person until their hour', async () => {
    await savePreferences(db.dataSource, ids['s001-0001']!, { channels: ['EMAIL'], digestHour: 7, quietHours: null });
    await addNotifications(db.dataSource, 'evt-4', [ids['s001-0001']!], 'REMINDER', '审查任务将于明天到期', null);
    const [row] = (await db.dataSource.query(
      `SELECT status, extract(hour FROM next_attempt_at AT TIME ZONE 'Asia/Shanghai')::int AS hour FROM notification_delivery WHERE source LIKE 'evt-4:%'`,
    )) as { status: string; hour: number }[];
    expect(row).toEqual({ status: 'HELD', hour: 7 });
  });

  it("queues a named complainant's outcome without copying the contact; anonymous complaints get nothing (R16)", async () => {
    const named = '00000000-0000-4000-8000-000000000001';
    const anonymous = '00000000-0000-4000-8000-000000000002';
    await saveComplaintContact(db.dataSource, named, '王先生', 'wang@example.com');
    expect(await queueComplainantMessage(db.dataSource, 'c1:CONCLUDED', named, '您的举报已办结')).toBe(true);
    expect(await queueComplainantMessage(db.dataSource, 'c2:CONCLUDED', anonymous, '您的举报已办结')).toBe(false);
    expect(await deliveries('complaint:')).toEqual([
      { channel: 'EMAIL', address: null, mention: null, status: 'PENDING', kind: 'COMPLAINT', path: null },
    ]);
  });
});
