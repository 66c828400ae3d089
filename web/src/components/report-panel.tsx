import { useEffect, useState } from 'react';
import { api, downloadByPost } from '../api-client.ts';
import { LoadError, useLoad } from './load.tsx';
import { clock } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import type { ApiResponse } from '../types.ts';

type Selection = ApiResponse<'/api/cases/{id}/report/selection'>;

const LIST = { listStyle: 'none', paddingLeft: '0.5em', margin: '0.3em 0' } as const;
type Group = Selection['calls'][number]['findings'][number]['group'];

/**
 * The report to the bank: which calls go in and which findings are cited (their excerpt printed,
 * their clip in the evidence bundle), then the files: DOCX to edit and sign, PDF to file, and the
 * evidence bundle with the recordings and a SHA-256 manifest. Each download is recorded on the
 * case and in the audit log by the server.
 */
export function ReportPanel({ caseId }: { caseId: number }) {
  const { t, formatDateTime } = useI18n();
  const sel = useLoad(() => api<Selection>('GET', `/api/cases/${caseId}/report/selection`), [caseId]);
  const [calls, setCalls] = useState<Set<string>>(new Set());
  const [cited, setCited] = useState<Set<number> | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (!sel.data) return;
    setCalls(new Set(sel.data.callIds));
    setCited(sel.data.findingIds === null ? null : new Set(sel.data.findingIds));
  }, [sel.data]);

  if (sel.error) return <LoadError error={sel.error} />;
  if (!sel.data) return <p className="loading">{t('app.loading')}</p>;
  const data = sel.data;
  const isCited = (id: number) => cited === null || cited.has(id);
  const toggleCall = (id: string) => {
    const next = new Set(calls);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCalls(next);
  };
  const toggleFinding = (id: number) => {
    // The first unticked finding turns "every finding" into an explicit list.
    const all = data.calls.flatMap((c) => c.findings.map((f) => f.id));
    const next = new Set(cited ?? all);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCited(next);
  };
  const run = async (key: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setMessage(null);
    try {
      await fn();
      setMessage({ ok: true, text: done });
      sel.reload();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(null);
    }
  };
  const save = () => {
    const chosen = data.calls.filter((c) => calls.has(c.id));
    const findingIds = cited === null ? null : chosen.flatMap((c) => c.findings.map((f) => f.id)).filter((id) => cited.has(id));
    return run('save', () => api('PUT', `/api/cases/${caseId}/report/selection`, { callIds: chosen.map((c) => c.id), findingIds }), t('reportPanel.saved'));
  };
  const download = (key: 'docx' | 'pdf' | 'bundle') => {
    const url = key === 'bundle' ? `/api/cases/${caseId}/report-bundle.zip` : `/api/cases/${caseId}/report.${key}`;
    const name = key === 'bundle' ? `case-${caseId}-evidence.zip` : `case-${caseId}-report.${key}`;
    return run(key, () => downloadByPost(url, name), t('reportPanel.downloaded'));
  };

  return (
    <section className="report-panel" data-testid="report-panel">
      <h2>{t('reportPanel.title')}</h2>
      <p className="muted">{data.isDefault ? t('reportPanel.defaultHint') : t('reportPanel.chosenHint')}</p>
      <ul className="report-calls" style={LIST}>
        {data.calls.map((c) => (
          <li key={c.id} data-testid={`report-call-${c.id}`}>
            <label className="inline">
              <input type="checkbox" checked={calls.has(c.id)} onChange={() => toggleCall(c.id)} />
              <span>{c.id} · {c.startedAt.replace('T', ' ').slice(0, 16)}
              {c.chosenByInvestigation && <span className="muted"> · {t('reportPanel.chosenByInvestigation')}</span>}
              {c.recording !== 'available' && <strong className="error"> · {t(`reportPanel.recording.${c.recording}` as MessageKey)}</strong>}</span>
            </label>
            {calls.has(c.id) && c.findings.length > 0 && (
              <ul style={{ ...LIST, paddingLeft: '1.8em' }}>
                {c.findings.map((f) => (
                  <li key={f.id}>
                    <label className="inline">
                      <input type="checkbox" data-testid={`cite-${f.id}`} checked={isCited(f.id)} onChange={() => toggleFinding(f.id)} />
                      <span><span className={`group-${f.group}`}>{t(`reportPanel.group.${f.group satisfies Group}` as MessageKey)}</span>
                      {' '}{clock(f.startMs)} {f.title}
                      {f.wholeCall && <span className="muted"> · {t('reportPanel.wholeCall')}</span>}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <p>
        <button type="button" data-testid="report-save-selection" disabled={busy !== null} onClick={() => void save()}>{t('reportPanel.save')}</button>
        {' '}
        <button type="button" data-testid="report-reset-selection" disabled={busy !== null || data.isDefault}
          onClick={() => void run('reset', () => api('PUT', `/api/cases/${caseId}/report/selection`, null), t('reportPanel.reset'))}>{t('reportPanel.useDefault')}</button>
      </p>
      <p>
        <button type="button" className="button" data-testid="report-docx" disabled={busy !== null} onClick={() => void download('docx')}>{t('reportPanel.docx')}</button>
        {' '}
        <button type="button" className="button" data-testid="report-pdf" disabled={busy !== null} onClick={() => void download('pdf')}>{t('reportPanel.pdf')}</button>
        {' '}
        <button type="button" className="button" data-testid="report-bundle" disabled={busy !== null} onClick={() => void download('bundle')}>{t('reportPanel.bundle')}</button>
        {busy && <span className="muted"> {t('app.loading')}</span>}
      </p>
      {message && <p className={message.ok ? 'muted' : 'error'} data-testid="report-message">{message.text}</p>}
      {data.generated.length > 0 && (
        <>
          <h3>{t('reportPanel.history')}</h3>
          <ul className="muted" data-testid="report-history">
            {data.generated.map((g, i) => <li key={i}>{formatDateTime(g.at)} · {g.actor} · {g.format.toUpperCase()}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}
