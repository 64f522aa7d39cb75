import type { FieldError } from './errors';
import { notWholeNumber } from './fields';
import type { WorkingDayCalendar } from './working-days';

/** The rungs a unit climbs when it misses a phase deadline (the brief's automatic escalation). */
export const RUNGS = ['REMINDER', 'OVERDUE', 'ESCALATED', 'REDO_ORDER'] as const;
export type Rung = (typeof RUNGS)[number];

export const RUNG_LABELS: Readonly<Record<Rung, string>> = {
  REMINDER: '到期提醒',
  OVERDUE: '逾期',
  ESCALATED: '上报领导小组并通报',
  REDO_ORDER: '责令重新查找整改并报纪检组',
};

/** In working days: a reminder before the deadline, escalation and the redo order after it. */
export interface EscalationLadder {
  reminderBefore: number;
  escalateAfter: number;
  redoAfter: number;
}

export const DEFAULT_LADDER: EscalationLadder = { reminderBefore: 3, escalateAfter: 3, redoAfter: 7 };

export function validateLadder(l: EscalationLadder, path = 'ladder'): FieldError[] {
  const errors: FieldError[] = [];
  const check = (key: keyof EscalationLadder, min: number) => {
    if (!Number.isInteger(l[key]) || l[key] < min || l[key] > 60)
      errors.push({ field: `${path}.${key}`, ...notWholeNumber(min, 60) });
  };
  check('reminderBefore', 0);
  check('escalateAfter', 1);
  check('redoAfter', 1);
  if (!errors.length && l.redoAfter <= l.escalateAfter)
    errors.push({
      field: `${path}.redoAfter`,
      reason: 'must be after escalateAfter',
      message: `须大于“${RUNG_LABELS.ESCALATED}”的天数`,
    });
  return errors;
}

/** When each rung fires for a deadline (epoch ms), by the working-day calendar. */
export function rungTimes(
  deadline: number,
  ladder: EscalationLadder,
  calendar: WorkingDayCalendar,
): Record<Rung, number> {
  return {
    REMINDER: ladder.reminderBefore > 0 ? calendar.workingDaysBefore(deadline, ladder.reminderBefore) : deadline,
    OVERDUE: deadline,
    ESCALATED: calendar.deadlineAfter(deadline - 1, ladder.escalateAfter),
    REDO_ORDER: calendar.deadlineAfter(deadline - 1, ladder.redoAfter),
  };
}
