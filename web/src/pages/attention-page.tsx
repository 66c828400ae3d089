import { useState } from 'react';
import { api, ApiError } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import type { FailedCalls, RetryResult } from '../types.ts';

const STAGES = ['ingest', 'decode', 'transcribe', 'scan', 'triage'];

/**
 * Calls the pipeline gave up on, in the user's banks: where each stopped and why, and a retry
 * once the cause is fixed. The queue and search list only analysed calls, so this is where they show.
 */
export function AttentionPage() {
  const { t, formatDateTime } = useI18n();
  const failed = useLoad(() => api<FailedCalls>('GET', '/api/calls/failed?limit=200'), []);
  // A stage the app has no label for is shown by its name.
  const stage = (s: string | null) => (s === null ? '—' : STAGES.includes(s) ? t(`stage.${s}` as MessageKey) : s);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const retry = async (callId: string) => {
    setBusy(callId);
    setMessage(null);
    try {
      const r = await api<RetryResult>('POST', `/api/calls/${encodeURIComponent(callId)}/retry`);
      setMessage({ ok: true, text: t('attention.retried', { id: r.callId, stage: stage(r.stage) }) });
    } catch (err) {
      setMessage({ ok: false, text: t('attention.retryFailed', { id: callId, message: err instanceof ApiError ? err.message : String(err) }) });
    } finally {
      setBusy(null);
      failed.reload();
    }
  };

  return (
    <section>
      <h1>{t('attention.title')}</h1>
      <p className="muted">{t('attention.hint')}</p>
      {message ? <p className={`notice${message.ok ? '' : ' error'}`} data-testid="attention-message">{message.text}</p> : null}
      {failed.error ? <LoadError error={failed.error} /> : null}
      {failed.data && (failed.data.items.length === 0 ? <p className="notice" data-testid="attention-empty">{t('attention.empty')}</p> : (
        <table className="grid" data-testid="attention">
          <thead>
            <tr>
              <th>{t('queue.call')}</th><th>{t('queue.bank')}</th><th>{t('queue.agent')}</th><th>{t('queue.time')}</th>
              <th>{t('attention.stage')}</th><th>{t('attention.reason')}</th><th>{t('attention.failedAt')}</th><th />
            </tr>
          </thead>
          <tbody>
            {failed.data.items.map((c) => (
              <tr key={c.callId} data-testid={`attention-row-${c.callId}`}>
                <td><Link to={`/calls/${encodeURIComponent(c.callId)}`}>{c.callId}</Link></td>
                <td>{c.bank}</td>
                <td>{c.agentName ? `${c.agentName} (${c.agentId})` : c.agentId}</td>
                <td>{formatDateTime(c.startedAt)}</td>
                <td>{stage(c.failedStage)}</td>
                <td className="small">{c.reason ?? '—'}</td>
                <td>{c.failedAt ? formatDateTime(c.failedAt) : '—'}</td>
                <td>
                  <button type="button" data-testid={`retry-${c.callId}`} disabled={busy !== null} onClick={() => void retry(c.callId)}>
                    {t('attention.retry')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {failed.data && failed.data.total > failed.data.items.length ? <p className="muted">{t('attention.more', { shown: failed.data.items.length, total: failed.data.total })}</p> : null}
    </section>
  );
}
