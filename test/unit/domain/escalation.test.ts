import { DEFAULT_LADDER, WorkingDayCalendar, endOfDay, rungTimes, validateLadder } from '@pirm/domain';

describe('the brief: a unit that misses a phase deadline climbs the escalation ladder (working days)', () => {
  const calendar = new WorkingDayCalendar();
  const iso = (t: number) => new Date(t).toISOString();

  it('places the rungs 3 working days before, at, 3 and 7 working days after the deadline', () => {
    // Screening ends Wednesday 10 June 2026 (CST); the Dragon Boat Festival (19 June) is a holiday.
    const times = rungTimes(endOfDay('2026-06-10'), DEFAULT_LADDER, calendar);
    expect(iso(times.REMINDER)).toBe('2026-06-04T16:00:00.000Z'); // start of Fri 5 June: 3 working days before Wed 10
    expect(iso(times.OVERDUE)).toBe('2026-06-10T16:00:00.000Z');
    expect(iso(times.ESCALATED)).toBe('2026-06-15T16:00:00.000Z'); // end of Mon 15 June
    expect(iso(times.REDO_ORDER)).toBe('2026-06-22T16:00:00.000Z'); // end of Mon 22 June, skipping the holiday
  });

  it('validates a ladder naming each field, in Chinese for the office', () => {
    expect(validateLadder(DEFAULT_LADDER)).toEqual([]);
    expect(validateLadder({ reminderBefore: -1, escalateAfter: 0, redoAfter: 61 })).toEqual([
      { field: 'ladder.reminderBefore', reason: 'must be a whole number from 0 to 60', message: '须为 0 到 60 的整数' },
      { field: 'ladder.escalateAfter', reason: 'must be a whole number from 1 to 60', message: '须为 1 到 60 的整数' },
      { field: 'ladder.redoAfter', reason: 'must be a whole number from 1 to 60', message: '须为 1 到 60 的整数' },
    ]);
    expect(validateLadder({ reminderBefore: 3, escalateAfter: 5, redoAfter: 5 })).toEqual([
      { field: 'ladder.redoAfter', reason: 'must be after escalateAfter', message: '须大于“上报领导小组并通报”的天数' },
    ]);
  });
});
