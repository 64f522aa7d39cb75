import {
  PHASES,
  currentPhase,
  dateOf,
  defaultCalendar,
  phaseDeadline,
  phaseOpensAt,
  startOfDay,
  validateCalendar,
  type PhaseWindow,
} from '@pirm/domain';

describe('campaign calendar (the plan’s five phases, 实施步骤)', () => {
  it('defaults to the seed plan’s windows for the given year', () => {
    expect(defaultCalendar(2027)).toEqual([
      { phase: 'MOBILISATION', startsOn: '2027-04-15', endsOn: '2027-04-30' },
      { phase: 'SCREENING', startsOn: '2027-05-01', endsOn: '2027-06-10' },
      { phase: 'EXECUTION', startsOn: '2027-06-01', endsOn: '2027-08-15' },
      { phase: 'EVALUATION', startsOn: '2027-08-15', endsOn: '2027-09-15' },
      { phase: 'CORRECTION', startsOn: '2027-09-15', endsOn: '2027-11-30' },
    ]);
    expect(validateCalendar(2027, defaultCalendar(2027))).toEqual([]);
  });

  it('opens a phase at midnight China Standard Time and closes it at the end of its last day', () => {
    const [mobilisation] = defaultCalendar(2027) as [PhaseWindow];
    expect(new Date(phaseOpensAt(mobilisation)).toISOString()).toBe('2027-04-14T16:00:00.000Z');
    expect(new Date(phaseDeadline(mobilisation)).toISOString()).toBe('2027-04-30T16:00:00.000Z');
    expect(dateOf(phaseDeadline(mobilisation) - 1)).toBe('2027-04-30');
  });

  it('reports the latest opened phase, null before the first', () => {
    const cal = defaultCalendar(2027);
    expect(currentPhase(cal, startOfDay('2027-04-14'))).toBeNull();
    expect(currentPhase(cal, startOfDay('2027-04-15'))).toBe('MOBILISATION');
    expect(currentPhase(cal, startOfDay('2027-06-05'))).toBe('EXECUTION');
    expect(currentPhase(cal, startOfDay('2028-01-01'))).toBe('CORRECTION');
  });

  it('names each bad field and why, in Chinese for the office', () => {
    const cal = defaultCalendar(2027);
    const bad: PhaseWindow[] = cal.map((w) => ({ ...w }));
    bad[1] = { phase: 'EXECUTION', startsOn: '2027-02-30', endsOn: '2027-06-10' };
    bad[3] = { ...cal[3]!, endsOn: '2027-08-01' };
    expect(validateCalendar(1999, bad)).toEqual([
      { field: 'year', reason: 'must be a whole year from 2000 to 2100', message: '须为 2000 至 2100 年之间的年份' },
      { field: 'calendar[1].phase', reason: 'must be SCREENING', message: '第 2 个阶段须为风险排查' },
      { field: 'calendar[1].startsOn', reason: 'must be a date YYYY-MM-DD', message: '须为“年-月-日”格式的日期' },
      { field: 'calendar[3].endsOn', reason: 'must not be before startsOn', message: '结束日期不能早于开始日期' },
    ]);
  });

  it('rejects a calendar that does not list every phase once', () => {
    expect(validateCalendar(2027, defaultCalendar(2027).slice(0, 4))).toEqual([
      {
        field: 'calendar',
        reason: `must list the ${PHASES.length} phases ${PHASES.join(', ')} in order`,
        message: '须依次列出 5 个阶段：动员学习、风险排查、执行、评估、修正',
      },
    ]);
  });

  it('rejects a phase that starts before the previous one', () => {
    const cal = defaultCalendar(2027);
    cal[2] = { phase: 'EXECUTION', startsOn: '2027-04-20', endsOn: '2027-08-15' };
    expect(validateCalendar(2027, cal)).toEqual([
      {
        field: 'calendar[2].startsOn',
        reason: 'must not be before SCREENING starts (2027-05-01)',
        message: '不能早于风险排查阶段的开始日期（2027-05-01）',
      },
    ]);
  });
});
