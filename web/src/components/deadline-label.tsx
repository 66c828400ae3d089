import { span } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Deadline } from '../types.ts';

/**
 * One deadline's state, with its own colour per state and, while running, per quarter of the time
 * used: 23 h left, 7 h left, the warning (75 %), the last tenth (critical) and past due never look alike. The time
 * left is recomputed from the due time so it stays right while the page is open.
 */
export function DeadlineLabel({ deadline, now }: { deadline: Deadline; now: number }) {
  const { t, formatDateTime } = useI18n();
  const { state, dueAt } = deadline;
  const left = dueAt ? new Date(dueAt).getTime() - now : 0;
  const text = state === 'running' || state === 'warning' || state === 'critical'
    ? t(`deadlineState.${state}`, { time: span(Math.max(left, 0), t) })
    : state === 'breached' ? t('deadlineState.breached', { time: span(Math.max(-left, 0), t) }) : t(`deadlineState.${state}`);
  // Within `running` the colour still moves with the time used (by quarters), before any warning:
  // a clock at 71 % (7 h of 24 left) is not shown like one at 4 % (23 h left).
  const quarter = state === 'running' && deadline.used !== null ? ` used-q${Math.min(3, Math.floor(deadline.used * 4))}` : '';
  return (
    <span className={`deadline deadline-${state}${quarter}`} data-testid={`deadline-${deadline.name}`} data-state={state} title={dueAt ? t('deadline.due', { time: formatDateTime(dueAt) }) : undefined}>
      {text}
    </span>
  );
}
