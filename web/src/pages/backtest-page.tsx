import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, toQuery } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { YamlEditor, type EditorProblem } from '../components/yaml-editor.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { ApiResponse } from '../types.ts';

type BasePack = ApiResponse<'/api/backtest/base'>;
type DraftCheck = ApiResponse<'/api/backtest/check', 'post'>;
type RunDetail = ApiResponse<'/api/backtest/runs/{id}'>;
type Run = RunDetail['run'];
type Report = NonNullable<RunDetail['report']>;
type RuleRow = Report['rules'][number];
type Estimate = RuleRow['draft']['precision'];
type Sample = RuleRow['addedSamples'][number];

const LANGUAGES = ['zh-CN', 'en-US'] as const;
/** How often a running backtest's progress is asked for. */
const POLL_MS = 1000;

/**
 * Backtest a draft (compliance officers, admins): pick a file of the language's current pack, edit
 * it (or upload or paste a file), check it against the server's loader and the examples, then run
 * it on the stored calls and read the per-rule diff, with the added and removed findings linked to
 * their calls (which play the audio).
 */
export function BacktestPage() {
  const { t, formatDateTime } = useI18n();
  const [language, setLanguage] = useState<(typeof LANGUAGES)[number]>('zh-CN');
  const base = useLoad(() => api<BasePack>('GET', `/api/backtest/base${toQuery({ language })}`), [language]);
  const runs = useLoad(() => api<{ runs: Run[] }>('GET', '/api/backtest/runs'), []);
  const [fileName, setFileName] = useState('');
  const [text, setText] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [bank, setBank] = useState('');
  const [check, setCheck] = useState<DraftCheck | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [runId, setRunId] = useState<number | null>(null);
  const [detail, setDetail] = useState<RunDetail | null>(null);

  // A newly loaded base pack: start from its first file.
  useEffect(() => {
    const first = base.data?.files[0];
    if (first) choose(first.path);
  }, [base.data]);

  // The chosen run: read it now and, while it runs, every POLL_MS.
  useEffect(() => {
    if (runId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const d = await api<RunDetail>('GET', `/api/backtest/runs/${runId}`);
        if (stopped) return;
        setDetail(d);
        if (d.run.status === 'queued' || d.run.status === 'running') timer = setTimeout(() => void poll(), POLL_MS);
        else runs.reload();
      } catch (err) {
        if (!stopped) setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // runs.reload is stable for the page's life.
  }, [runId]);

  function choose(path: string) {
    const f = base.data?.files.find((x) => x.path === path);
    setFileName(path);
    setText(f?.content ?? '');
    setCheck(null);
  }

  const draft = () => ({ language, files: [{ path: fileName, content: text }] });

  const runCheck = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const c = await api<DraftCheck>('POST', '/api/backtest/check', draft());
      setCheck(c);
      setMessage(c.ok ? { ok: true, text: t('backtest.checkOk', { rules: c.rules }) } : null);
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const body = { ...draft(), ...(since ? { since } : {}), ...(until ? { until } : {}), ...(bank ? { bank } : {}) };
      const r = await api<RunDetail>('POST', '/api/backtest/runs', body);
      setDetail(r);
      setRunId(r.run.id);
      runs.reload();
    } catch (err) {
      // A refused draft: its problems, as the check would show them.
      if (err instanceof ApiError && err.code === 'draft_invalid') await runCheck();
      else setMessage({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const editorProblems: EditorProblem[] = useMemo(() => (check?.problems ?? []).filter((p) => p.file === fileName), [check, fileName]);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
    setCheck(null);
  };

  if (base.error) return <LoadError error={base.error} />;
  const problems = editorProblems;

  return (
    <section className="backtest" data-testid="backtest-section">
      <h1>{t('backtest.title')}</h1>
      <p className="muted">{t('backtest.hint')}</p>
      <div className="toolbar">
        <label>{t('backtest.language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value as (typeof LANGUAGES)[number])} data-testid="backtest-language">
            {LANGUAGES.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
        <label>{t('backtest.file')}{' '}
          <select value={base.data?.files.some((f) => f.path === fileName) ? fileName : ''} onChange={(e) => choose(e.target.value)} data-testid="backtest-file">
            {!base.data?.files.some((f) => f.path === fileName) && <option value="">{fileName}</option>}
            {(base.data?.files ?? []).map((f) => <option key={f.path} value={f.path}>{f.path}</option>)}
          </select>
        </label>
        <label>{t('backtest.upload')}{' '}
          <input type="file" accept=".yaml,.yml" onChange={(e) => void upload(e.target.files?.[0])} data-testid="backtest-upload" />
        </label>
        {base.data && (
          <span className="muted">
            {t(base.data.source === 'published' ? 'backtest.basePublished' : 'backtest.baseDirectory', { hash: base.data.packHash.slice(0, 12) })}
          </span>
        )}
      </div>
      <YamlEditor value={text} onChange={(v) => { setText(v); }} problems={problems} />
      {check && !check.ok && (
        <ul className="notice error" data-testid="draft-problems">
          <li>{t(check.stage === 'examples' ? 'backtest.examplesFail' : 'backtest.lintFail')}</li>
          {check.problems.map((p, i) => <li key={i}><code>{`${p.file}:${p.line}:${p.col}`}</code> {p.message}</li>)}
        </ul>
      )}
      <div className="toolbar">
        <label>{t('backtest.since')} <input type="date" value={since} onChange={(e) => setSince(e.target.value)} data-testid="backtest-since" /></label>
        <label>{t('backtest.until')} <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="backtest-until" /></label>
        <label>{t('backtest.bank')} <input value={bank} onChange={(e) => setBank(e.target.value)} data-testid="backtest-bank" /></label>
        <button type="button" disabled={busy || !fileName} onClick={() => void runCheck()} data-testid="backtest-check">{t('backtest.check')}</button>
        <button type="button" className="active" disabled={busy || !fileName} onClick={() => void start()} data-testid="backtest-run">{t('backtest.run')}</button>
      </div>
      {message && <p className={message.ok ? 'notice' : 'notice error'} data-testid="backtest-message">{message.text}</p>}

      {detail && <RunView detail={detail} />}

      <h2>{t('backtest.runs')}</h2>
      <table className="grid" data-testid="backtest-runs">
        <thead><tr><th>#</th><th>{t('backtest.startedBy')}</th><th>{t('backtest.language')}</th><th>{t('backtest.changed')}</th><th>{t('backtest.status')}</th><th /></tr></thead>
        <tbody>
          {(runs.data?.runs ?? []).map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td><td>{r.createdBy} · {formatDateTime(r.createdAt)}</td><td>{r.language}</td>
              <td>{r.changedFiles.join(', ')}</td><td>{t(`backtest.status.${r.status}`)}</td>
              <td><button type="button" className="link" onClick={() => setRunId(r.id)}>{t('backtest.open')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RunView({ detail }: { detail: RunDetail }) {
  const { t } = useI18n();
  const { run, report } = detail;
  const [open, setOpen] = useState<string | null>(null);
  const total = run.progressTotal ?? 0;
  return (
    <div className="backtest-run" data-testid="backtest-run-view">
      <h2>{t('backtest.runTitle', { id: run.id })} — {t(`backtest.status.${run.status}`)}</h2>
      {(run.status === 'queued' || run.status === 'running') && (
        <p>
          <progress max={Math.max(total, 1)} value={run.progressDone} data-testid="backtest-progress" />{' '}
          {t('backtest.progress', { done: run.progressDone, total })}
        </p>
      )}
      {run.status === 'failed' && <pre className="notice error">{run.error}</pre>}
      {report && (
        <>
          <p data-testid="backtest-summary">
            {t('backtest.summary', { calls: report.calls, added: report.total.added, removed: report.total.removed })}
            {' '}
            {report.languages.map((l) => (l.published.kind === 'pack'
              ? t('backtest.comparedPack', { language: l.language, hash: l.published.packHash.slice(0, 12) })
              : t('backtest.comparedStored', { language: l.language }))).join(' ')}
          </p>
          <table className="grid" data-testid="backtest-report">
            <thead>
              <tr>
                <th>{t('backtest.rule')}</th><th>{t('backtest.published')}</th><th>{t('backtest.draft')}</th>
                <th>{t('backtest.added')}</th><th>{t('backtest.removed')}</th><th>{t('backtest.precision')}</th><th>{t('backtest.recall')}</th><th />
              </tr>
            </thead>
            <tbody>
              {report.rules.filter((r) => r.published.findings + r.draft.findings > 0 || r.inDraft !== r.inPublished).map((r) => (
                <RuleRowView key={r.ruleId} rule={r} open={open === r.ruleId} toggle={() => setOpen(open === r.ruleId ? null : r.ruleId)} />
              ))}
            </tbody>
          </table>
          <p className="muted">{t('backtest.howEstimated')}</p>
        </>
      )}
    </div>
  );
}

function RuleRowView({ rule, open, toggle }: { rule: RuleRow; open: boolean; toggle: () => void }) {
  const { t } = useI18n();
  const e = rule.draft.evidence;
  return (
    <>
      <tr data-testid={`backtest-rule-${rule.ruleId}`}>
        <td className="wrap"><code>{rule.ruleId}</code> {rule.title}{!rule.inDraft ? ` (${t('backtest.deleted')})` : !rule.inPublished ? ` (${t('backtest.new')})` : ''}</td>
        <td className="num">{rule.published.findings}</td><td className="num">{rule.draft.findings}</td>
        <td className="num">+{rule.added}</td><td className="num">−{rule.removed}</td>
        <td className="num">{pct(rule.published.precision)} → {pct(rule.draft.precision)}</td>
        <td className="num">{pct(rule.published.recall)} → {pct(rule.draft.recall)}</td>
        <td>{rule.added + rule.removed > 0 && <button type="button" className="link" onClick={toggle} data-testid={`drill-${rule.ruleId}`}>{t(open ? 'backtest.hide' : 'backtest.show')}</button>}</td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8} className="wrap">
            <p className="muted">
              {t('backtest.evidence', {
                ck: e.confirmedKept, cd: e.confirmedDropped, dk: e.dismissedKept, dd: e.dismissedDropped, mc: e.missedCaught, ms: e.missedStill, cf: e.cleanSampleFlags,
              })}
            </p>
            <Samples title={t('backtest.addedFindings', { n: rule.added })} samples={rule.addedSamples} testId="added-samples" />
            <Samples title={t('backtest.removedFindings', { n: rule.removed })} samples={rule.removedSamples} testId="removed-samples" />
          </td>
        </tr>
      )}
    </>
  );
}

function Samples({ title, samples, testId }: { title: string; samples: Sample[]; testId: string }) {
  const { t } = useI18n();
  if (samples.length === 0) return null;
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      <ul>
        {samples.map((s, i) => (
          <li key={i}>
            <Link to={`/calls/${encodeURIComponent(s.callId)}`}>{s.callId}</Link> · {s.callStartedAt} · {s.speaker === 'call' ? t('backtest.wholeCall') : clock(s.startMs)}
            {s.quote && <> · <q>{s.quote}</q></>}
            {s.verdict && <> · <strong>{t(s.verdict === 'confirmed' ? 'backtest.wasConfirmed' : 'backtest.wasDismissed')}</strong></>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function pct(e: Estimate): string {
  return e.value === null ? '– (0)' : `${Math.round(e.value * 100)}% (${e.n})`;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
