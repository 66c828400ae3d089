import { useEffect, useState } from 'react';
import { api, downloadByPost } from '../api-client.ts';
import { SeverityBadge, StatusBadge } from '../components/badges.tsx';
import { LoadError, useLoad } from '../components/load.tsx';
import { SlaLabel } from '../components/sla-label.tsx';
import { ReportPanel } from '../components/report-panel.tsx';
import { useNow } from '../components/use-now.ts';
import { callTime, clock } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link } from '../router.tsx';
import type { CaseDetail, CaseStatus } from '../types.ts';

/** The detail a transition needs (the state machine in src/cases says the same). */
const REQUIRED: Partial<Record<CaseStatus, 'reason' | 'resolution' | 'followUpNote'>> = {
  dismissed: 'reason',
  resolved: 'resolution',
  followed_up: 'followUpNote',
};
const DETAIL_LABEL: Record<'reason' | 'resolution' | 'followUpNote', MessageKey> = {
  reason: 'case.reason',
  resolution: 'case.resolution',
  followUpNote: 'case.followUpNote',
};

export function CasePage({ caseId }: { caseId: number }) {
  const { t, formatDateTime } = useI18n();
  const now = useNow();
  const detail = useLoad(() => api<CaseDetail>('GET', `/api/cases/${caseId}`), [caseId]);
  const assignees = useLoad(() => api<{ users: { username: string; displayName: string }[] }>('GET', `/api/assignees?caseId=${caseId}`), [caseId]);
  const [error, setError] = useState('');
  const [target, setTarget] = useState<CaseStatus | null>(null);
  const [details, setDetails] = useState({ text: '', note: '', followUpCallId: '' });
  const [note, setNote] = useState('');
  const [draft, setDraft] = useState({ causeAnalysis: '', disputeHandling: '', lessonsLearned: '' });
  const [saved, setSaved] = useState(false);
  const [reportError, setReportError] = useState<string | null>(null);

  useEffect(() => {
    if (detail.data) {
      const { causeAnalysis, disputeHandling, lessonsLearned } = detail.data.draft;
      setDraft({ causeAnalysis, disputeHandling, lessonsLearned });
    }
  }, [detail.data]);

  const act = async (fn: () => Promise<unknown>) => {
    setError('');
    try {
      await fn();
      detail.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  if (detail.error) return <LoadError error={detail.error} />;
  if (!detail.data) return <p className="loading">{t('app.loading')}</p>;
  const { case: c, calls, events, complaints } = detail.data;
  const needs = target ? REQUIRED[target] : undefined;

  return (
    <section className="case-page">
      <p><Link to="/cases">← {t('case.back')}</Link></p>
      <h1>{t('case.title', { id: c.id })} <StatusBadge status={c.status} /></h1>
      <dl className="facts">
        <dt>{t('queue.bank')}</dt><dd>{c.bank}</dd>
        <dt>{t('cases.borrower')}</dt><dd>{c.borrowerId}</dd>
        <dt>{t('cases.sla')}</dt><dd><SlaLabel sla={c.sla} now={now} /></dd>
        <dt>{t('cases.risk')}</dt><dd>{c.riskScore}</dd>
        <dt>{t('cases.assigned')}</dt>
        <dd>
          <select
            data-testid="assignee"
            value={c.assignedTo ?? ''}
            onChange={(e) => void act(() => api('PUT', `/api/cases/${c.id}/assignee`, { assignee: e.target.value || null }))}
          >
            <option value="">{t('case.unassigned')}</option>
            {(assignees.data?.users ?? []).map((u) => <option key={u.username} value={u.username}>{u.displayName || u.username}</option>)}
          </select>
        </dd>
      </dl>
      <p className="muted">{t('case.openedReason', { reason: t(`openedReason.${c.openedReason}` as MessageKey) })}</p>
      {c.reportedToBankAt && c.reportedToBankBy && (
        <p className="muted" data-testid="reported">{t('case.reportedBy', { user: c.reportedToBankBy, time: formatDateTime(c.reportedToBankAt) })}</p>
      )}
      {error && <p className="error" role="alert">{error}</p>}

      <div className="case-columns">
        <div>
          <h2>{t('case.actions')}</h2>
          <div className="transitions">
            {c.allowedTransitions.map((s) => (
              <button type="button" key={s} data-testid={`to-${s}`} className={target === s ? 'active' : ''} onClick={() => setTarget(s)}>
                {t('case.moveTo', { status: t(`status.${s}`) })}
              </button>
            ))}
          </div>
          {target && (
            <form
              className="transition-form"
              data-testid="transition-form"
              onSubmit={(e) => {
                e.preventDefault();
                const body: Record<string, unknown> = { to: target };
                if (needs) body[needs] = details.text;
                if (details.note) body.note = details.note;
                if (target === 'followed_up' && details.followUpCallId) body.followUpCallId = details.followUpCallId;
                void act(async () => {
                  await api('POST', `/api/cases/${c.id}/transition`, body);
                  setTarget(null);
                  setDetails({ text: '', note: '', followUpCallId: '' });
                });
              }}
            >
              {needs && (
                <label>{t(DETAIL_LABEL[needs])}
                  <textarea data-testid="transition-detail" required value={details.text} onChange={(e) => setDetails({ ...details, text: e.target.value })} rows={3} />
                </label>
              )}
              {target === 'followed_up' && (
                <label>{t('case.followUpCallId')}
                  <input data-testid="follow-up-call" value={details.followUpCallId} onChange={(e) => setDetails({ ...details, followUpCallId: e.target.value })} />
                </label>
              )}
              <label>{t('case.transitionNote')}
                <input data-testid="transition-note" value={details.note} onChange={(e) => setDetails({ ...details, note: e.target.value })} />
              </label>
              <button type="submit" data-testid="transition-submit">{t('case.moveTo', { status: t(`status.${target}`) })}</button>
              <button type="button" className="link" onClick={() => setTarget(null)}>{t('finding.cancel')}</button>
            </form>
          )}

          <h2>{t('case.calls')} ({calls.length})</h2>
          <ul className="case-calls" data-testid="case-calls">
            {calls.map(({ call, findings }) => (
              <li key={call.id} data-testid={`case-call-${call.id}`}>
                <Link to={`/calls/${encodeURIComponent(call.id)}`}>{call.id}</Link>{' '}
                <span className="muted">{callTime(call.startedAt)} · {call.agentName ?? call.agentId}</span>
                {findings.length === 0 ? <p className="muted small">{t('case.noFindings')}</p> : (
                  <ul>
                    {findings.map((f) => (
                      <li key={f.id} className={f.verdict === 'dismissed' ? 'struck' : ''}>
                        <SeverityBadge severity={f.severity} /> {f.title || f.ruleId} <span className="muted">{clock(f.startMs)}</span>
                        {f.quote && <q>{f.quote}</q>}
                        {f.verdict && <span className="muted"> · {t(f.verdict === 'confirmed' ? 'finding.confirmed' : 'finding.dismissed')}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>

          <h2>{t('case.complaints')} ({complaints.length})</h2>
          {complaints.map((cp) => (
            <div key={cp.id} className="complaint" data-testid={`complaint-${cp.id}`}>
              <p className="muted">{t(`channel.${cp.channel}` as MessageKey)} · {formatDateTime(cp.receivedAt)} · {cp.createdBy}</p>
              <p>{cp.content}</p>
              {cp.borrowerRequest && <p className="muted">{t('complaint.request')}: {cp.borrowerRequest}</p>}
            </div>
          ))}

          <h2>{t('case.report')}</h2>
          <form
            className="report-form"
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await api('PUT', `/api/cases/${c.id}/report-draft`, draft);
                setSaved(true);
              });
            }}
          >
            {(['causeAnalysis', 'disputeHandling', 'lessonsLearned'] as const).map((k) => (
              <label key={k}>{t(`case.${k}`)}
                <textarea data-testid={`draft-${k}`} rows={3} value={draft[k]} onChange={(e) => { setSaved(false); setDraft({ ...draft, [k]: e.target.value }); }} />
              </label>
            ))}
            <button type="submit" data-testid="save-draft">{t('case.saveDraft')}</button> {saved && <span className="muted" data-testid="draft-saved">{t('case.saved')}</span>}
          </form>
          <p>
            <button type="button" className="button" data-testid="download-report" onClick={() => {
              setReportError(null);
              downloadByPost(`/api/cases/${c.id}/report.pdf`, `case-${c.id}-report.pdf`).catch((err: unknown) => setReportError(err instanceof Error ? err.message : String(err)));
            }}>{t('case.downloadReport')}</button>
            {reportError ? <span className="error"> {reportError}</span> : null}
          </p>
          <ReportPanel caseId={c.id} />
        </div>

        <div>
          <h2>{t('case.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {events.map((e) => (
              <li key={e.id} data-kind={e.kind}>
                <span className="muted">{formatDateTime(e.at)} · {e.actor}</span>
                <strong> {t(`event.${e.kind}` as MessageKey)}</strong>
                {e.kind === 'status' && e.fromStatus && e.toStatus && <span> {t(`status.${e.fromStatus}`)} → {t(`status.${e.toStatus}`)}</span>}
                {typeof e.body.text === 'string' && <p>{e.body.text}</p>}
                {e.kind === 'status' && (['reason', 'resolution', 'followUpNote', 'note'] as const).map((k) => typeof e.body[k] === 'string' ? <p key={k}>{e.body[k] as string}</p> : null)}
                {e.kind === 'assigned' && <span> → {String(e.body.to ?? t('case.unassigned'))}</span>}
                {e.kind === 'call_added' && Array.isArray(e.body.callIds) && <span> {(e.body.callIds as string[]).join(', ')}</span>}
              </li>
            ))}
          </ol>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await api('POST', `/api/cases/${c.id}/notes`, { text: note });
                setNote('');
              });
            }}
          >
            <label>{t('case.note')}
              <textarea data-testid="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} required />
            </label>
            <button type="submit" data-testid="add-note">{t('case.addNote')}</button>
          </form>
        </div>
      </div>
    </section>
  );
}
