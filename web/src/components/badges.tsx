import { useI18n } from '../i18n/i18n.tsx';
import type { CaseStatus, Severity } from '../types.ts';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <span className={`badge sev-${severity}`}>{t(`severity.${severity}`)}</span>;
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`} data-testid="case-status">{t(`status.${status}`)}</span>;
}
