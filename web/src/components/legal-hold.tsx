import { useState } from 'react';
import { api } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { ApiResponse } from '../types.ts';
import { LoadError, useLoad } from './load.tsx';

type LegalHolds = ApiResponse<'/api/cases/{id}/legal-holds'>;

/**
 * A case's legal holds on the case page: whether the case is held (kept from every retention
 * purge), each hold with who placed it and why, a form to place one and a release with a reason.
 */
export function LegalHold({ caseId }: { caseId: number }) {
  const { t, formatDateTime } = useI18n();
  const holds = useLoad(() => api<LegalHolds>('GET', `/api/cases/${caseId}/legal-holds`), [caseId]);
  const [reason, setReason] = useState('');
  const [releasing, setReleasing] = useState<{ id: number; reason: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      holds.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  if (holds.error) return <LoadError error={holds.error} />;
  if (!holds.data) return null;
  const { held, caseClosed, items } = holds.data;
  return (
    <section className="legal-hold" data-testid="legal-hold">
      <h2>{t('legalHold.title')}</h2>
      <p className={held ? 'notice' : 'muted'} data-testid="legal-hold-state">{t(held ? 'legalHold.held' : 'legalHold.notHeld')}</p>
      {error && <p className="error" role="alert">{error}</p>}
      <ul>
        {items.map((h) => (
          <li key={h.id} className={h.releasedAt ? 'struck' : ''}>
            {t(h.origin === 'complaint' ? 'legalHold.origin.complaint' : 'legalHold.origin.supervisor')} · {h.reason}
            <span className="muted"> · {h.placedBy} · {formatDateTime(h.placedAt)}</span>
            {h.releasedAt
              ? <span className="muted"> · {t('legalHold.releasedBy', { user: h.releasedBy ?? '', time: formatDateTime(h.releasedAt) })}: {h.releaseReason}</span>
              : (h.origin === 'supervisor' || caseClosed) && (
                releasing?.id === h.id ? (
                  <form onSubmit={(e) => { e.preventDefault(); void act(async () => { await api('POST', `/api/cases/${caseId}/legal-holds/${h.id}/release`, { reason: releasing.reason }); setReleasing(null); }); }}>
                    <label>{t('legalHold.releaseReason')}
                      <input data-testid="legal-hold-release-reason" required minLength={3} value={releasing.reason} onChange={(e) => setReleasing({ id: h.id, reason: e.target.value })} />
                    </label>
                    <button type="submit" data-testid="legal-hold-release-submit">{t('legalHold.release')}</button>
                  </form>
                ) : <button type="button" className="link" data-testid={`legal-hold-release-${h.id}`} onClick={() => setReleasing({ id: h.id, reason: '' })}>{t('legalHold.release')}</button>
              )}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => { e.preventDefault(); void act(async () => { await api('POST', `/api/cases/${caseId}/legal-holds`, { reason }); setReason(''); }); }}>
        <label>{t('legalHold.reason')}
          <input data-testid="legal-hold-reason" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" data-testid="legal-hold-place">{t('legalHold.place')}</button>
      </form>
    </section>
  );
}
