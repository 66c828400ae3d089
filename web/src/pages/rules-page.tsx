import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import type { ApiResponse } from '../types.ts';

type Catalogue = ApiResponse<'/api/rules'>;
type RuleInfo = Catalogue['rules'][number];
type Versions = ApiResponse<'/api/rules/versions'>;
type Version = Versions['versions'][number];
type VersionDiff = ApiResponse<'/api/rules/versions/{id}'>;
type Published = ApiResponse<'/api/rules/publish', 'post'>;
type Rescanned = ApiResponse<'/api/rules/rescan', 'post'>;

const short = (hash: string) => hash.slice(0, 12);
const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p * 100)}%`);

/**
 * The compliance officer's view of the rules: which pack is in effect and which version each
 * worker runs, publishing (checked first; refused packs list file:line:col), the versions with
 * their diffs and rollback, a re-scan after publishing, and every rule with its examples, word
 * classes, history, hits per week and precision per version.
 */
export function RulesPage() {
  const { t } = useI18n();
  const catalogue = useLoad(() => api<Catalogue>('GET', '/api/rules'), []);
  const versions = useLoad(() => api<Versions>('GET', '/api/rules/versions'), []);
  const reload = () => {
    catalogue.reload();
    versions.reload();
  };
  if (catalogue.error) return <LoadError error={catalogue.error} />;
  if (versions.error) return <LoadError error={versions.error} />;
  return (
    <section className="rules-page">
      <h1>{t('rules.catalogue')}</h1>
      {catalogue.data ? <InEffect catalogue={catalogue.data} /> : null}
      <PublishPanel onChanged={reload} />
      {versions.data ? <VersionList versions={versions.data.versions} onChanged={reload} /> : null}
      {catalogue.data ? <RuleList catalogue={catalogue.data} /> : null}
    </section>
  );
}

function InEffect({ catalogue }: { catalogue: Catalogue }) {
  const { t, formatDateTime } = useI18n();
  const active = new Map(catalogue.packs.map((p) => [p.language, p.hash]));
  return (
    <>
      <h2>{t('rules.inEffect')}</h2>
      <table className="grid" data-testid="packs">
        <thead><tr><th>{t('rules.language')}</th><th>{t('rules.origin')}</th><th>{t('rules.version')}</th><th>{t('rules.hash')}</th><th>{t('rules.publishedBy')}</th><th>{t('rules.publishedAt')}</th><th>{t('rules.message')}</th></tr></thead>
        <tbody>
          {catalogue.packs.map((p) => (
            <tr key={p.language} data-testid={`pack-${p.language}`}>
              <td>{p.language}</td><td>{t(`rules.origin.${p.origin}` as MessageKey)}</td><td>{p.version === null ? '—' : `v${p.version}`}</td>
              <td><code>{short(p.hash)}</code></td><td>{p.publishedBy ?? '—'}</td><td>{p.publishedAt ? formatDateTime(p.publishedAt) : '—'}</td><td>{p.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('rules.workers')}</h3>
      {catalogue.workers.length === 0 ? <p className="muted small" data-testid="no-workers">{t('rules.noWorkers')}</p> : (
        <table className="grid" data-testid="workers">
          <thead><tr><th>{t('rules.worker')}</th><th>{t('rules.language')}</th><th>{t('rules.hash')}</th><th /></tr></thead>
          <tbody>
            {catalogue.workers.map((w) => (
              <tr key={`${w.worker}/${w.language}`}>
                <td>{w.worker}</td><td>{w.language}</td><td><code>{short(w.packHash)}</code></td>
                <td>{active.get(w.language as 'zh-CN' | 'en-US') === w.packHash ? t('rules.workerCurrent') : <strong>{t('rules.workerBehind')}</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PublishPanel({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const [language, setLanguage] = useState<'zh-CN' | 'en-US'>('zh-CN');
  const [fromServer, setFromServer] = useState(false);
  const [files, setFiles] = useState<FileList | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [since, setSince] = useState(() => new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  const [rescanned, setRescanned] = useState<string | null>(null);

  const publish = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    setRescanned(null);
    try {
      const upload = fromServer || !files ? undefined : await Promise.all([...files].map(async (f) => ({ path: f.name, content: await f.text() })));
      const r = await api<Published>('POST', '/api/rules/publish', { language, message, ...(upload ? { files: upload } : { fromServer: true }) });
      setResult({ ok: true, text: t('rules.published', { version: `v${r.version.id}`, hash: short(r.version.hash) }) });
      onChanged();
    } catch (err) {
      setResult({ ok: false, text: `${t('rules.refused')}\n${err instanceof ApiError ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const rescan = async () => {
    setBusy(true);
    try {
      const r = await api<Rescanned>('POST', '/api/rules/rescan', { since, language });
      setRescanned(t('rules.rescanned', { calls: String(r.calls) }));
    } catch (err) {
      setRescanned(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2>{t('rules.publish')}</h2>
      <p className="muted small">{t('rules.publishHint')}</p>
      <form onSubmit={(e) => void publish(e)} data-testid="publish-form" className="publish">
        <label>{t('rules.language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value as 'zh-CN' | 'en-US')} data-testid="publish-language">
            <option value="zh-CN">zh-CN</option><option value="en-US">en-US</option>
          </select>
        </label>
        <label className="inline"><input type="checkbox" checked={fromServer} onChange={(e) => setFromServer(e.target.checked)} data-testid="publish-from-server" /> {t('rules.fromServer')}</label>
        {fromServer ? null : (
          <label>{t('rules.files')}{' '}
            <input type="file" multiple accept=".yaml,.yml" onChange={(e) => setFiles(e.target.files)} data-testid="publish-files" />
          </label>
        )}
        <label>{t('rules.message')}{' '}
          <input type="text" required value={message} onChange={(e) => setMessage(e.target.value)} data-testid="publish-message" size={60} />
        </label>
        <button type="submit" disabled={busy || (!fromServer && !files?.length)} data-testid="publish-submit">{t('rules.publishButton')}</button>
      </form>
      {result ? <pre className={`notice${result.ok ? '' : ' error'}`} data-testid="publish-result">{result.text}</pre> : null}
      {result?.ok ? (
        <p data-testid="rescan">
          {t('rules.rescanSince')}{' '}
          <input type="date" value={since} onChange={(e) => setSince(e.target.value)} data-testid="rescan-since" />{' '}
          <button type="button" disabled={busy} onClick={() => void rescan()} data-testid="rescan-submit">{t('rules.rescanButton')}</button>
          {rescanned ? <span className="notice" data-testid="rescan-result"> {rescanned}</span> : null}
        </p>
      ) : null}
    </>
  );
}

function VersionList({ versions, onChanged }: { versions: Version[]; onChanged: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [open, setOpen] = useState<VersionDiff | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  // A first publish adds every rule: counts say more than forty ids.
  const changeSummary = (v: Version) => {
    if (v.rules.length === 0) return '—';
    if (v.rules.length > 6) {
      const counts = new Map<string, number>();
      for (const c of v.rules) counts.set(c.change, (counts.get(c.change) ?? 0) + 1);
      return [...counts].map(([change, n]) => `${t(`rules.change.${change}` as MessageKey)} ${n}`).join('; ');
    }
    return v.rules.map((c) => `${t(`rules.change.${c.change}` as MessageKey)} ${c.ruleId}${c.change === 'changed' && !c.matchingChanged ? ` (${t('rules.wordingOnly')})` : ''}`).join('; ');
  };

  const toggleDiff = async (v: Version) => {
    if (open?.id === v.id) return setOpen(null);
    setOpen(await api<VersionDiff>('GET', `/api/rules/versions/${v.id}`));
  };
  const rollback = async (v: Version) => {
    const reason = window.prompt(t('rules.rollbackReason'));
    if (!reason) return;
    try {
      await api('POST', '/api/rules/rollback', { version: String(v.id), message: reason });
      setNotice({ ok: true, text: t('rules.rolledBack', { version: `v${v.id}` }) });
      onChanged();
    } catch (err) {
      setNotice({ ok: false, text: err instanceof ApiError ? err.message : String(err) });
    }
  };

  return (
    <>
      <h2>{t('rules.versions')}</h2>
      {notice ? <p className={`notice${notice.ok ? '' : ' error'}`} data-testid="rollback-result">{notice.text}</p> : null}
      <table className="grid" data-testid="versions">
        <thead><tr><th>{t('rules.version')}</th><th>{t('rules.language')}</th><th>{t('rules.hash')}</th><th>{t('rules.publishedAt')}</th><th>{t('rules.publishedBy')}</th><th>{t('rules.message')}</th><th>{t('rules.changes')}</th><th /></tr></thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-testid={`version-${v.id}`}>
              <td>v{v.id} {v.active ? <span className="badge" data-testid="active">{t('rules.active')}</span> : null}</td>
              <td>{v.language}</td><td><code>{short(v.hash)}</code></td><td>{formatDateTime(v.publishedAt)}</td><td>{v.publishedBy}</td><td>{v.message ?? ''}</td>
              <td className="small">{changeSummary(v)}</td>
              <td>
                <button type="button" className="link" onClick={() => void toggleDiff(v)} data-testid={`diff-${v.id}`}>{open?.id === v.id ? t('rules.hideDiff') : t('rules.showDiff')}</button>
                {v.active ? null : <button type="button" className="link" onClick={() => void rollback(v)} data-testid={`rollback-${v.id}`}>{t('rules.rollback')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open ? <pre className="diff small" data-testid="diff">{open.diff.map((f) => f.unified).join('\n') || '—'}</pre> : null}
    </>
  );
}

function RuleList({ catalogue }: { catalogue: Catalogue }) {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const hits = useMemo(() => {
    const m = new Map<string, number>();
    for (const h of catalogue.hitsPerWeek) m.set(h.ruleId, (m.get(h.ruleId) ?? 0) + h.hits);
    return m;
  }, [catalogue]);
  const precisionOf = (r: RuleInfo) => catalogue.precision.find((p) => p.ruleId === r.id && p.ruleVersion === r.version)?.precision ?? null;
  const q = query.trim().toLowerCase();
  const rules = catalogue.rules.filter((r) => q === '' || r.id.includes(q) || r.title[locale].toLowerCase().includes(q));
  return (
    <>
      <h2>{t('rules.catalogue')}</h2>
      <input type="search" placeholder={t('rules.search')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="rule-search" />
      <table className="grid" data-testid="rules">
        <thead><tr><th>{t('rules.rule')}</th><th>{t('rules.language')}</th><th>{t('rules.severity')}</th><th>{t('rules.category')}</th><th>{t('rules.hits')}</th><th>{t('rules.precision')}</th></tr></thead>
        <tbody>
          {rules.map((r) => (
            <RuleRows key={`${r.language}/${r.id}`} rule={r} open={openId === r.id} onToggle={() => setOpenId(openId === r.id ? null : r.id)} hits={hits.get(r.id) ?? 0} precision={precisionOf(r)} catalogue={catalogue} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function RuleRows({ rule: r, open, onToggle, hits, precision, catalogue }: { rule: RuleInfo; open: boolean; onToggle: () => void; hits: number; precision: number | null; catalogue: Catalogue }) {
  const { t, locale, formatDateTime } = useI18n();
  const weeks = catalogue.hitsPerWeek.filter((h) => h.ruleId === r.id);
  const max = Math.max(1, ...weeks.map((w) => w.hits));
  const history = catalogue.history.filter((h) => h.ruleId === r.id);
  const precisions = catalogue.precision.filter((p) => p.ruleId === r.id);
  return (
    <>
      <tr data-testid={`rule-${r.id}`} onClick={onToggle} className="clickable">
        <td><strong>{r.id}</strong> {r.title[locale]} {r.enabled ? null : <span className="badge">{t('rules.disabled')}</span>}</td>
        <td>{r.language}</td>
        <td><span className={`badge sev-${r.severity}`}>{t(`severity.${r.severity}` as MessageKey)}</span></td>
        <td>{t(`category.${r.category}` as MessageKey)}</td>
        <td className="num">{hits}</td>
        <td className="num">{pct(precision)}</td>
      </tr>
      {open ? (
        <tr data-testid={`rule-detail-${r.id}`}>
          <td colSpan={6}>
            <p>{r.description[locale]}</p>
            <p className="small"><strong>{t('rules.source')}:</strong> {r.source} · <strong>{t('rules.where')}:</strong> <code>{r.language}/{r.file}:{r.line}</code> · <strong>{t('rules.version')}:</strong> <code>{r.version}</code></p>
            <p className="small"><strong>{t('rules.lexicons')}:</strong> {r.lexicons.length ? r.lexicons.map((l) => <code key={l}>{l} </code>) : t('rules.none')}</p>
            <div className="columns">
              <div><strong>{t('rules.examplesMatch')}</strong><ul data-testid="examples-match">{r.examples.match.map((e, i) => <li key={i}><pre className="small">{e}</pre></li>)}</ul></div>
              <div><strong>{t('rules.examplesNoMatch')}</strong><ul data-testid="examples-no-match">{r.examples.noMatch.map((e, i) => <li key={i}><pre className="small">{e}</pre></li>)}</ul></div>
            </div>
            <strong>{t('rules.hitsPerWeek')}</strong>
            <div className="hits" data-testid="hits-per-week">
              {weeks.length === 0 ? <span className="muted small">{t('rules.none')}</span> : weeks.map((w) => (
                <span key={w.week} title={`${w.week}: ${w.hits}`} className="hit-bar" style={{ height: `${Math.round((w.hits / max) * 40) + 2}px` }} />
              ))}
            </div>
            <strong>{t('rules.precisionPerVersion')}</strong>
            <table className="grid small" data-testid="precision">
              <thead><tr><th>{t('rules.version')}</th><th>{t('rules.confirmed')}</th><th>{t('rules.dismissed')}</th><th>{t('rules.unreviewed')}</th><th>{t('rules.precision')}</th></tr></thead>
              <tbody>{precisions.map((p) => (
                <tr key={p.ruleVersion}><td><code>{p.ruleVersion}</code>{p.ruleVersion === r.version ? ` (${t('rules.active')})` : ''}</td><td className="num">{p.confirmed}</td><td className="num">{p.dismissed}</td><td className="num">{p.unreviewed}</td><td className="num">{pct(p.precision)}</td></tr>
              ))}</tbody>
            </table>
            <strong>{t('rules.history')}</strong>
            <ul className="small" data-testid="rule-history">
              {history.length === 0 ? <li className="muted">{t('rules.none')}</li> : history.map((h) => (
                <li key={h.version}>v{h.version} · {t(`rules.change.${h.change}` as MessageKey)}{h.change === 'changed' && !h.matchingChanged ? ` (${t('rules.wordingOnly')})` : ''} · {formatDateTime(h.publishedAt)} · {h.publishedBy}{h.message ? ` — ${h.message}` : ''}</li>
              ))}
            </ul>
          </td>
        </tr>
      ) : null}
    </>
  );
}
