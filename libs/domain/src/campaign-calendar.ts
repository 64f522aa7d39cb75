import { type FieldError } from './errors';
import { type IsoDate, endOfDay, isIsoDate, startOfDay } from './dates';
import { NOT_A_DATE, notAYear } from './fields';

/** The five phases of the annual campaign, in order. */
export const PHASES = ['MOBILISATION', 'SCREENING', 'EXECUTION', 'EVALUATION', 'CORRECTION'] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  MOBILISATION: '动员学习',
  SCREENING: '风险排查',
  EXECUTION: '执行',
  EVALUATION: '评估',
  CORRECTION: '修正',
};

/** One phase's window: both dates inclusive, China Standard Time. */
export interface PhaseWindow {
  phase: Phase;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/** The seed plan's calendar (实施步骤): month-day pairs, applied to the campaign's year. */
const DEFAULT_WINDOWS: ReadonlyArray<readonly [Phase, string, string]> = [
  ['MOBILISATION', '04-15', '04-30'],
  ['SCREENING', '05-01', '06-10'],
  ['EXECUTION', '06-01', '08-15'],
  ['EVALUATION', '08-15', '09-15'],
  ['CORRECTION', '09-15', '11-30'],
];

export const MIN_CAMPAIGN_YEAR = 2000;
export const MAX_CAMPAIGN_YEAR = 2100;

export function defaultCalendar(year: number): PhaseWindow[] {
  return DEFAULT_WINDOWS.map(([phase, start, end]) => ({
    phase,
    startsOn: `${year}-${start}`,
    endsOn: `${year}-${end}`,
  }));
}

/**
 * Checks a calendar: one window per phase, in phase order, real dates, each window non-empty and
 * starting no earlier than the previous phase (phases may overlap, as execution overlaps screening in the plan).
 */
export function validateCalendar(year: number, windows: readonly PhaseWindow[], path = 'calendar'): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isInteger(year) || year < MIN_CAMPAIGN_YEAR || year > MAX_CAMPAIGN_YEAR) {
    errors.push({ field: 'year', ...notAYear(MIN_CAMPAIGN_YEAR, MAX_CAMPAIGN_YEAR) });
  }
  if (windows.length !== PHASES.length) {
    errors.push({
      field: path,
      reason: `must list the ${PHASES.length} phases ${PHASES.join(', ')} in order`,
      message: `须依次列出 ${PHASES.length} 个阶段：${PHASES.map((p) => PHASE_LABELS[p]).join('、')}`,
    });
    return errors;
  }
  windows.forEach((w, i) => {
    const at = `${path}[${i}]`;
    const phase = PHASES[i] as Phase;
    if (w.phase !== phase)
      errors.push({
        field: `${at}.phase`,
        reason: `must be ${phase}`,
        message: `第 ${i + 1} 个阶段须为${PHASE_LABELS[phase]}`,
      });
    const startOk = isIsoDate(w.startsOn);
    const endOk = isIsoDate(w.endsOn);
    if (!startOk) errors.push({ field: `${at}.startsOn`, ...NOT_A_DATE });
    if (!endOk) errors.push({ field: `${at}.endsOn`, ...NOT_A_DATE });
    if (startOk && endOk && w.endsOn < w.startsOn) {
      errors.push({
        field: `${at}.endsOn`,
        reason: 'must not be before startsOn',
        message: '结束日期不能早于开始日期',
      });
    }
    const prev = windows[i - 1];
    if (i > 0 && prev && startOk && isIsoDate(prev.startsOn) && w.startsOn < prev.startsOn) {
      errors.push({
        field: `${at}.startsOn`,
        reason: `must not be before ${prev.phase} starts (${prev.startsOn})`,
        // The previous window's phase is reported on its own when wrong; its code stands in for the label then.
        message: `不能早于${PHASE_LABELS[prev.phase] ?? prev.phase}阶段的开始日期（${prev.startsOn}）`,
      });
    }
  });
  return errors;
}

/** When a phase opens and when its deadline passes (end of its last day), as epoch ms. */
export function phaseOpensAt(window: PhaseWindow): number {
  return startOfDay(window.startsOn);
}

export function phaseDeadline(window: PhaseWindow): number {
  return endOfDay(window.endsOn);
}

/** The latest phase that has opened by `now`, or null before the campaign starts. */
export function currentPhase(windows: readonly PhaseWindow[], now: number): Phase | null {
  let current: Phase | null = null;
  for (const w of windows) if (phaseOpensAt(w) <= now) current = w.phase;
  return current;
}
