import { useEffect, useState } from 'react';
import { api, ApiError, toQuery } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { Filters } from '../types.ts';
import { type MyQueue, type NextCall, type QaOverview, type Reviewers, type SampleDraw, type Samples } from '../qa-types.ts';
import { LoadError, useLoad } from './load.tsx';

/**
 * The QA floor above the review queue: a reviewer's own queue and "next call"; the week's sample of
 * unflagged calls (drawn by supervisors); bulk assignment and the week's figures for supervisors.
 */
export function QaQueuePanel({ filters }: { filters: Filters | undefined }) {
  const { user } = useSession();
  const reviews = user.role === 'qa_reviewer' || user.role === 'supervisor';
  // '' until the server names its default: the last complete week in the deployment's week time zone.
  const [week, setWeek] = useState('');
  return (
    <div className="qa-panel" data-testid="qa-panel">
      {reviews && <MyQueueBar />}
      <SamplePanel week={week} setWeek={setWeek} />
      {user.role === 'supervisor' && <AssignPanel filters={filters} />}
      {user.role === 'supervisor' && <OverviewLine week={week} />}
    </div>
  );
}

function MyQueueBar() {
  const { t } = useI18n();
  const mine = useLoad(() => api<MyQueue>('GET', '/api/qa/my-queue'), []);
  const [message, setMessage] = useState<string | null>(null);
  const next = async () => {
    setMessage(null);
    const r = await api<NextCall>('POST', '/api/qa/next');
    if (r.assignment) navigate(`/calls/${encodeURIComponent(r.assignment.callId)}`);
    else setMessage(t('qa.nothingNext'));
  };
  return (
    <div className="qa-bar">
      <span data-testid="my-queue-count">{t('qa.myQueue', { count: mine.data?.items.length ?? 0 })}</span>
      <button type="button" data-testid="next-call" onClick={() => void next()}>{t('qa.next')}</button>
      {message && <span className="muted" data-testid="next-message">{message}</span>}
      {mine.data && mine.data.items.length > 0 && (
        <span className="muted">
          {mine.data.items.slice(0, 8).map((i) => (
            <Link key={i.callId} to={`/calls/${encodeURIComponent(i.callId)}`} testId={`my-queue-${i.callId}`}>{i.callId} </Link>
          ))}
        </span>
      )}
    </div>
  );
}

function SamplePanel({ week, setWeek }: { week: string; setWeek: (w: string) => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const samples = useLoad(() => api<Samples>('GET', `/api/qa/samples${toQuery({ week })}`), [week]);
  useEffect(() => {
    if (!week && samples.data) setWeek(samples.data.weekStart);
  }, [week, samples.data, setWeek]);
  const [error, setError] = useState<unknown>(null);
  const draw = async () => {
    setError(null);
    try {
      await api<SampleDraw>('POST', '/api/qa/samples/draw', week ? { week } : {});
      samples.reload();
    } catch (err) {
      setError(err);
    }
  };
  const d = samples.data?.draw;
  return (
    <details className="qa-sample" open data-testid="qa-sample">
      <summary>{t('qa.sample.title')}</summary>
      <div className="filters">
        <label>{t('qa.sample.week')}<input type="date" data-testid="sample-week" value={week} onChange={(e) => e.target.value && setWeek(e.target.value)} /></label>
        {user.role === 'supervisor' && !d && <button type="button" data-testid="draw-sample" onClick={() => void draw()}>{t('qa.sample.draw')}</button>}
        <span className="muted" data-testid="sample-summary">
          {d ? t('qa.sample.drawn', { candidates: d.candidates, sampled: d.sampled, percent: d.percent, minimum: d.minimum }) : t('qa.sample.notDrawn')}
        </span>
      </div>
      {error ? <LoadError error={error} /> : null}
      {samples.error ? <LoadError error={samples.error} /> : null}
      {samples.data && samples.data.items.length > 0 && (
        <table className="grid" data-testid="sample-table">
          <thead><tr><th>{t('queue.call')}</th><th>{t('queue.agent')}</th><th>{t('qa.sample.outcome')}</th></tr></thead>
          <tbody>
            {samples.data.items.map((s) => (
              <tr key={s.callId} data-testid={`sample-row-${s.callId}`}>
                <td><span className="pill">{t('qa.sample.badge')}</span> <Link to={`/calls/${encodeURIComponent(s.callId)}`}>{s.callId}</Link></td>
                <td>{s.agentId}</td>
                <td>{s.outcome === 'clean' ? t('qa.sample.clean') : s.outcome === 'violation' ? t('qa.sample.violation') : t('qa.sample.open')}{s.reviewedBy ? ` · ${s.reviewedBy}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

function AssignPanel({ filters }: { filters: Filters | undefined }) {
  const { t } = useI18n();
  const reviewers = useLoad(() => api<Reviewers>('GET', '/api/qa/reviewers'), []);
  const [form, setForm] = useState({ reviewer: '', bank: '', team: '', language: '', sampledOnly: false, includeAssigned: false, limit: 50 });
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const set = (k: keyof typeof form, v: string | boolean | number) => setForm((f) => ({ ...f, [k]: v }));
  const submit = async () => {
    setError(null);
    setResult(null);
    try {
      const filter = {
        ...(form.bank ? { bank: form.bank } : {}), ...(form.team ? { team: form.team } : {}), ...(form.language ? { language: form.language } : {}),
        sampledOnly: form.sampledOnly, includeAssigned: form.includeAssigned, limit: form.limit,
      };
      const r = await api<{ assigned: string[] }>('POST', '/api/qa/assignments', { reviewer: form.reviewer, filter });
      setResult(t('qa.assign.done', { count: r.assigned.length, user: form.reviewer }));
      reviewers.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new Error(String(err)));
    }
  };
  return (
    <details className="qa-assign" data-testid="qa-assign">
      <summary>{t('qa.assign.title')}</summary>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); if (form.reviewer) void submit(); }}>
        <label>{t('qa.assign.reviewer')}
          <select data-testid="assign-reviewer" value={form.reviewer} onChange={(e) => set('reviewer', e.target.value)} required>
            <option value="" />
            {(reviewers.data?.reviewers ?? []).map((r) => <option key={r.username} value={r.username}>{r.displayName || r.username}</option>)}
          </select>
        </label>
        <label>{t('filter.bank')}
          <select data-testid="assign-bank" value={form.bank} onChange={(e) => set('bank', e.target.value)}>
            <option value="">{t('filter.all')}</option>
            {(filters?.banks ?? []).map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label>{t('filter.team')}
          <select data-testid="assign-team" value={form.team} onChange={(e) => set('team', e.target.value)}>
            <option value="">{t('filter.all')}</option>
            {(filters?.teams ?? []).map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label>{t('qa.assign.language')}
          <select data-testid="assign-language" value={form.language} onChange={(e) => set('language', e.target.value)}>
            <option value="">{t('filter.all')}</option>
            <option value="zh-CN">zh-CN</option>
            <option value="en-US">en-US</option>
          </select>
        </label>
        <label><input type="checkbox" data-testid="assign-sampled" checked={form.sampledOnly} onChange={(e) => set('sampledOnly', e.target.checked)} />{t('qa.assign.sampledOnly')}</label>
        <label><input type="checkbox" checked={form.includeAssigned} onChange={(e) => set('includeAssigned', e.target.checked)} />{t('qa.assign.includeAssigned')}</label>
        <label>{t('qa.assign.limit')}<input type="number" min={1} max={500} value={form.limit} onChange={(e) => set('limit', Number(e.target.value))} /></label>
        <button type="submit" data-testid="assign-submit">{t('qa.assign.submit')}</button>
      </form>
      {result && <p className="notice" data-testid="assign-result">{result}</p>}
      {error ? <LoadError error={error} /> : null}
      <p className="muted small" data-testid="reviewer-loads">
        {(reviewers.data?.reviewers ?? []).filter((r) => r.open > 0).map((r) => t('qa.assign.load', { user: r.username, open: r.open, claimed: r.claimed })).join(' · ')}
      </p>
    </details>
  );
}

function OverviewLine({ week }: { week: string }) {
  const { t } = useI18n();
  const o = useLoad(() => api<QaOverview>('GET', `/api/qa/overview${toQuery({ week })}`), [week]).data;
  if (!o) return null;
  return (
    <p className="muted small" data-testid="qa-overview">
      {t('qa.overview')}: {t('qa.overview.line', {
        sampled: o.sampled, reviewed: o.sampleReviewed, violation: o.sampleViolation, confirmed: o.agentConfirmed, dismissed: o.agentDismissed,
        noted: o.signalNoted, acted: o.signalActedOn, manual: o.manualFindings,
      })}
    </p>
  );
}
