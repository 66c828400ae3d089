import { span } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Sla } from '../types.ts';

/** The first-response countdown, recomputed from the due time so it stays right while the page is open. */
export function SlaLabel({ sla, now }: { sla: Sla; now: number }) {
  const { t } = useI18n();
  if (sla.state === 'met') return <span className="sla met">{t('sla.met')}</span>;
  if (sla.state === 'missed') return <span className="sla missed">{t('sla.missed', { time: span(sla.lateMs, t) })}</span>;
  const left = new Date(sla.dueAt).getTime() - now;
  return left >= 0 ? (
    <span className="sla due" data-testid="sla">{t('sla.due', { time: span(left, t) })}</span>
  ) : (
    <span className="sla overdue" data-testid="sla">{t('sla.overdue', { time: span(-left, t) })}</span>
  );
}
