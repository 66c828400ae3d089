import { useEffect, useState } from 'react';
import { api } from '../api-client.ts';
import { SeverityBadge } from '../components/badges.tsx';
import { LoadError, useLoad } from '../components/load.tsx';
import { clock } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { Agreement, Calibration, CalibrationList, Reviewers, Verdict } from '../qa-types.ts';

/**
 * Calibration: reviewers give their verdicts on a call's findings blind (they never see another's,
 * nor the call's shared verdicts); supervisors start calibrations and read agreement per category.
 */
export function CalibrationPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const { search } = useLocation();
  const openId = Number(search.get('id')) || null;
  const list = useLoad(() => api<CalibrationList>('GET', '/api/qa/calibrations'), [openId]);
  return (
    <section>
      <h1>{t('qa.cal.title')}</h1>
      {user.role === 'supervisor' && <CreateCalibration onCreated={(id) => navigate(`/calibration?id=${id}`)} />}
      {user.role === 'supervisor' && <AgreementTable />}
      {openId !== null && <CalibrationForm key={openId} id={openId} onSubmitted={() => list.reload()} />}
      <h2>{t('qa.cal.list')}</h2>
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data && list.data.items.length === 0 && <p className="notice">{t('qa.cal.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="grid" data-testid="calibrations">
          <thead><tr><th>#</th><th>{t('queue.call')}</th><th>{t('qa.cal.submitted')}</th><th /></tr></thead>
          <tbody>
            {list.data.items.map((c) => (
              <tr key={c.id} data-testid={`calibration-${c.id}`}>
                <td>{c.id}</td>
                <td>{c.callId}</td>
                <td>{t('qa.cal.progress', { submitted: c.submitted, reviewers: c.reviewers })}{c.mine && c.mySubmittedAt ? ` · ${t('qa.cal.submitted')}` : ''}</td>
                <td><Link to={`/calibration?id=${c.id}`} testId={`open-calibration-${c.id}`}>{t('qa.cal.open')}</Link></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateCalibration({ onCreated }: { onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const reviewers = useLoad(() => api<Reviewers>('GET', '/api/qa/reviewers'), []);
  const [callId, setCallId] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setError(null);
    try {
      const r = await api<{ id: number }>('POST', '/api/qa/calibrations', { callId: callId.trim(), reviewers: chosen });
      onCreated(r.id);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details data-testid="create-calibration">
      <summary>{t('qa.cal.create')}</summary>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <label>{t('qa.cal.callId')}<input data-testid="cal-call" value={callId} onChange={(e) => setCallId(e.target.value)} required /></label>
        <fieldset>
          <legend>{t('qa.cal.reviewers')}</legend>
          {(reviewers.data?.reviewers ?? []).map((r) => (
            <label key={r.username}>
              <input
                type="checkbox"
                data-testid={`cal-reviewer-${r.username}`}
                checked={chosen.includes(r.username)}
                onChange={(e) => setChosen((c) => (e.target.checked ? [...c, r.username] : c.filter((x) => x !== r.username)))}
              />
              {r.displayName || r.username}
            </label>
          ))}
        </fieldset>
        <button type="submit" data-testid="cal-create" disabled={chosen.length < 2}>{t('qa.cal.create')}</button>
      </form>
      {error ? <LoadError error={error} /> : null}
    </details>
  );
}

function CalibrationForm({ id, onSubmitted }: { id: number; onSubmitted: () => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const cal = useLoad(() => api<Calibration>('GET', `/api/qa/calibrations/${id}`), [id]);
  const [verdicts, setVerdicts] = useState<Record<number, Verdict>>({});
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (cal.data) setVerdicts(Object.fromEntries(cal.data.myVerdicts.map((v) => [v.findingId, v.verdict])));
  }, [cal.data]);
  if (cal.error) return <LoadError error={cal.error} />;
  if (!cal.data) return <p className="loading">{t('app.loading')}</p>;
  const c = cal.data;
  const submit = async () => {
    setError(null);
    try {
      await api('PUT', `/api/qa/calibrations/${id}/verdicts`, { verdicts: Object.entries(verdicts).map(([findingId, verdict]) => ({ findingId: Number(findingId), verdict })) });
      setDone(true);
      onSubmitted();
      cal.reload();
    } catch (err) {
      setError(err);
    }
  };
  const label = (v: Verdict) => t(({ confirmed: 'finding.confirmed', dismissed: 'finding.dismissed', noted: 'qa.signal.note', acted_on: 'qa.signal.act' } as const)[v]);
  return (
    <div className="calibration" data-testid="calibration-form">
      <h2>#{c.id} · <Link to={`/calls/${encodeURIComponent(c.callId)}`}>{c.callId}</Link></h2>
      <p className="muted">{t('qa.cal.blind')} {c.reviewers.map((r) => `${r.reviewer}${r.submittedAt ? ' ✓' : ''}`).join(', ')}</p>
      {c.findings.map((f) => (
        <article key={f.id} className="finding" data-testid={`cal-finding-${f.id}`}>
          <header>
            <SeverityBadge severity={f.severity} />
            <strong>{f.title || f.ruleId}</strong>
            <span className="muted">{t(`category.${f.category}` as MessageKey)} · {clock(f.startMs)}</span>
          </header>
          {f.quote && <blockquote>{f.quote}</blockquote>}
          <footer className="actions">
            {f.verdictChoices.map((v) => (
              <label key={v}>
                <input type="radio" name={`cal-${f.id}`} data-testid={`cal-${f.id}-${v}`} checked={verdicts[f.id] === v} onChange={() => setVerdicts((x) => ({ ...x, [f.id]: v }))} />
                {label(v)}
              </label>
            ))}
          </footer>
        </article>
      ))}
      {c.reviewers.some((r) => r.reviewer === user.username) && (
        <button type="button" data-testid="cal-submit" disabled={Object.keys(verdicts).length === 0} onClick={() => void submit()}>{t('qa.cal.submit')}</button>
      )}
      {done && <span className="notice" data-testid="cal-done">{t('qa.cal.submitted')}</span>}
      {error ? <LoadError error={error} /> : null}
      {c.allVerdicts && c.allVerdicts.length > 0 && (
        <table className="grid" data-testid="cal-all-verdicts">
          <caption>{t('qa.cal.allVerdicts')}</caption>
          <tbody>
            {c.allVerdicts.map((v) => {
              const f = c.findings.find((x) => x.id === v.findingId);
              return <tr key={`${v.reviewer}-${v.findingId}`}><td>{v.reviewer}</td><td>{f ? `${f.title || f.ruleId} · ${clock(f.startMs)}` : v.findingId}</td><td>{label(v.verdict)}</td></tr>;
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AgreementTable() {
  const { t } = useI18n();
  const a = useLoad(() => api<Agreement>('GET', '/api/qa/agreement'), []);
  if (!a.data || a.data.categories.length === 0) return null;
  return (
    <table className="grid" data-testid="agreement">
      <caption>{t('qa.cal.agreement')}</caption>
      <thead><tr><th>{t('qa.manual.category')}</th><th>{t('qa.cal.pairs')}</th><th>{t('qa.cal.observed')}</th><th>κ</th></tr></thead>
      <tbody>
        {a.data.categories.map((c) => (
          <tr key={c.category} data-testid={`agreement-${c.category}`}>
            <td>{t(`category.${c.category}` as MessageKey)}</td>
            <td className="num">{c.pairs}</td>
            <td className="num">{(c.observed * 100).toFixed(0)} %</td>
            <td className="num">{c.kappa === null ? t('qa.cal.undefined') : c.kappa.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
