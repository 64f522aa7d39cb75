import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '@pirm/domain';
import { ACTIVITY_RETRY, INVALID_DATA, activityFailure } from '@pirm/contracts';
import { createActivities } from '@pirm/activities';
import { PgExportStorage } from '@pirm/persistence';
import { loadPrintConfig } from '@pirm/worker';
import { createTestDatabase, type TestDatabase } from '../../support/stack';

describe('issue 13.2: no activity retries forever', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('data PostgreSQL refuses (a NUL) fails an activity as non-retryable INVALID_DATA, writing nothing', async () => {
    const acts = createActivities({
      dataSource: db.dataSource,
      exportStorage: new PgExportStorage(db.dataSource),
      print: loadPrintConfig(),
    });
    const err = await acts
      .notifyPeople({ key: 'nul', personIds: [randomUUID()], kind: 'TASK', message: 'a\u0000b' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: INVALID_DATA, nonRetryable: true });
  });

  it('a validation error is non-retryable and keeps its field errors; other errors stay retryable', () => {
    const failure = activityFailure(
      DomainError.validation([{ field: 'opinion', reason: 'too long', message: '不能超过 2000 个字' }]),
    );
    expect(failure).toMatchObject({
      type: 'VALIDATION_FAILED',
      nonRetryable: true,
      details: [
        [{ field: 'opinion', reason: 'too long', message: '不能超过 2000 个字' }],
        '填写有误：不能超过 2000 个字',
      ],
    });
    const transient = Object.assign(new Error('Connection terminated'), { code: 'ECONNRESET' });
    expect(activityFailure(transient)).toBe(transient);
  });

  it('the one retry policy of every workflow is bounded and names the non-retryable types', () => {
    expect(ACTIVITY_RETRY.maximumAttempts).toBeGreaterThan(1);
    expect(ACTIVITY_RETRY.maximumAttempts).toBeLessThanOrEqual(200);
    expect(ACTIVITY_RETRY.nonRetryableErrorTypes).toEqual(expect.arrayContaining(['VALIDATION_FAILED', INVALID_DATA]));
  });
});
