import { useState } from 'react';
import { api } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { CallQaState, Escalation } from '../qa-types.ts';
import { LoadError, useLoad } from './load.tsx';

/**
 * The call's place on the QA floor, above its transcript: the sample badge and "reviewed, nothing
 * found", who holds the call, a pending calibration, escalation to the borrower's case, and the
 * button that opens the missed-finding form.
 */
export function CallQaBar({ callId, onAddFinding, refreshKey }: { callId: string; onAddFinding: () => void; refreshKey: number }) {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const canReview = user.role === 'qa_reviewer' || user.role === 'supervisor';
  const state = useLoad(() => api<CallQaState>('GET', `/api/qa/calls/${encodeURIComponent(callId)}`), [callId, refreshKey]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const act = async (fn: () => Promise<string | null>) => {
    setError(null);
    setMessage(null);
    try {
      setMessage(await fn());
      state.reload();
    } catch (err) {
      setError(err);
    }
  };
  const s = state.data;
  const claim = s?.assignment?.claimedBy && s.assignment.claimExpiresAt && new Date(s.assignment.claimExpiresAt).getTime() > Date.now() ? s.assignment : null;
  return (
    <div className="qa-bar" data-testid="call-qa-bar">
      {s?.sample && (
        <span data-testid="call-sample">
          <span className="pill">{t('qa.sample.badge')}</span>{' '}
          {s.sample.outcome === 'clean' ? t('qa.sample.clean') : s.sample.outcome === 'violation' ? t('qa.sample.violation') : t('qa.sample.open')}
        </span>
      )}
      {claim && <span className="muted" data-testid="call-claim">{t('qa.claimedUntil', { user: claim.claimedBy!, time: formatDateTime(claim.claimExpiresAt!) })}</span>}
      {s?.openCalibrationIds.map((id) => <Link key={id} to={`/calibration?id=${id}`} testId={`calibration-link-${id}`}>{t('qa.cal.pending', { id })}</Link>)}
      {canReview && (
        <span className="actions">
          {s?.sample && s.sample.outcome === null && (
            <button type="button" data-testid="mark-clean" onClick={() => void act(async () => {
              await api('PUT', `/api/qa/calls/${encodeURIComponent(callId)}/outcome`, { outcome: 'clean' });
              return null;
            })}>{t('qa.sample.markClean')}</button>
          )}
          <button type="button" data-testid="add-missed" onClick={onAddFinding}>{t('qa.manual.add')}</button>
          <button type="button" data-testid="escalate" onClick={() => void act(async () => {
            const r = await api<Escalation>('POST', `/api/calls/${encodeURIComponent(callId)}/escalate`, {});
            return r.opened ? t('qa.escalate.opened', { id: r.caseId }) : t('qa.escalate.joined', { id: r.caseId });
          })}>{t('qa.escalate')}</button>
        </span>
      )}
      {message && <span className="notice" data-testid="qa-message">{message}</span>}
      {error ? <LoadError error={error} /> : null}
    </div>
  );
}
