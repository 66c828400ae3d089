import { span } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Deadline } from '../types.ts';

/**
 * One deadline's state, with its own colour per state: 23 h left (running), 7 h left of 24
 * (warning, 75 % used), the last tenth (critical) and past due (breached) never look alike. The time
 * left is recomputed from the due time so it stays right while the page is open.
 */
export function DeadlineLabel({ deadline, now }: { deadline: Deadline; now: number }) {
  const { t, formatDateTime } = useI18n();
  const { state, dueAt } = deadline;
  const left = dueAt ? new Date(dueAt).getTime() - now : 0;
  const text = state === 'running' || state === 'warning' || state === 'critical'
    ? t(`deadlineState.${state}`, { time: span(Math.max(left, 0), t) })
    : state === 'breached' ? t('deadlineState.breached', { time: span(Math.max(-left, 0), t) }) : t(`deadlineState.${state}`);
  return (
    <span className={`deadline deadline-${state}`} data-testid={`deadline-${deadline.name}`} data-state={state} title={dueAt ? t('deadline.due', { time: formatDateTime(dueAt) }) : undefined}>
      {text}
    </span>
  );
}
