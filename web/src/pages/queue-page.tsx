import { api, toQuery } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { SeverityBadge } from '../components/badges.tsx';
import { QaQueuePanel } from '../components/qa-queue-panel.tsx';
import { callTime, span } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Filters, QueueItem } from '../types.ts';

const FILTER_KEYS = ['team', 'agentId', 'bank', 'category', 'minSeverity', 'from', 'to', 'reviewState'] as const;

export function QueuePage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const params = Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? undefined]));
  const query = toQuery(params);
  const filters = useLoad(() => api<Filters>('GET', '/api/queue/filters'), []);
  const queue = useLoad(() => api<{ items: QueueItem[]; total: number }>('GET', `/api/queue${query}`), [query]);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    const s = next.toString();
    navigate(`/queue${s ? `?${s}` : ''}`);
  };
  const select = (key: (typeof FILTER_KEYS)[number], options: { value: string; label: string }[], allLabel = t('filter.all')) => (
    <select data-testid={`filter-${key}`} value={search.get(key) ?? ''} onChange={(e) => setFilter(key, e.target.value)}>
      <option value="">{allLabel}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>{o.label}</option>
      ))}
    </select>
  );
  const f = filters.data;
  const now = Date.now();

  return (
    <section>
      <h1>{t('queue.title')}</h1>
      <QaQueuePanel filters={f} />
      <div className="filters">
        <label>{t('filter.reviewState')}
          <select data-testid="filter-reviewState" value={search.get('reviewState') ?? 'unreviewed'} onChange={(e) => setFilter('reviewState', e.target.value)}>
            {(['unreviewed', 'partly_reviewed', 'reviewed', 'all'] as const).map((s) => (
              <option key={s} value={s}>{t(`reviewState.${s}`)}</option>
            ))}
          </select>
        </label>
        <label>{t('filter.bank')}{select('bank', (f?.banks ?? []).map((b) => ({ value: b, label: b })))}</label>
        <label>{t('filter.team')}{select('team', (f?.teams ?? []).map((b) => ({ value: b, label: b })))}</label>
        <label>{t('filter.agent')}{select('agentId', (f?.agents ?? []).map((a) => ({ value: a.id, label: a.name ? `${a.name} (${a.id})` : a.id })))}</label>
        <label>{t('filter.category')}{select('category', (f?.categories ?? []).map((c) => ({ value: c, label: t(`category.${c}` as MessageKey) })))}</label>
        <label>{t('filter.severity')}{select('minSeverity', (f?.severities ?? []).map((s) => ({ value: s, label: t(`severity.${s}`) })))}</label>
        <label>{t('filter.from')}<input type="date" data-testid="filter-from" value={search.get('from') ?? ''} onChange={(e) => setFilter('from', e.target.value)} /></label>
        <label>{t('filter.to')}<input type="date" data-testid="filter-to" value={search.get('to') ?? ''} onChange={(e) => setFilter('to', e.target.value)} /></label>
      </div>
      {queue.error ? <LoadError error={queue.error} /> : null}
      {queue.data && (
        <>
          <p className="muted">
            {t('queue.count', { count: queue.data.total })}
            {/* The same filters as the list: the export is what this page shows, masked as shown. */}
            {' · '}<a href={`/api/exports/queue${toQuery({ ...params, format: 'xlsx' })}`} download data-testid="queue-export">{t('queue.exportXlsx')}</a>
            {' · '}<a href={`/api/exports/queue${toQuery({ ...params, format: 'csv' })}`} download data-testid="queue-export-csv">CSV</a>
          </p>
          {queue.data.items.length === 0 ? (
            <p className="notice">{t('queue.empty')}</p>
          ) : (
            <table className="grid" data-testid="queue">
              <thead>
                <tr>
                  <th>{t('queue.risk')}</th><th>{t('queue.call')}</th><th>{t('queue.time')}</th><th>{t('queue.agent')}</th>
                  <th>{t('queue.team')}</th><th>{t('queue.bank')}</th><th>{t('queue.borrower')}</th><th>{t('queue.findings')}</th>
                  <th>{t('queue.severity')}</th><th>{t('queue.categories')}</th><th>{t('queue.sla')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.items.map((i) => {
                  const due = i.slaDueAt ? new Date(i.slaDueAt).getTime() - now : null;
                  return (
                    <tr key={i.callId} data-testid={`queue-row-${i.callId}`} className="clickable" onClick={() => navigate(`/calls/${encodeURIComponent(i.callId)}`)}>
                      <td className="num risk">{i.risk}</td>
                      <td>{i.sampled && <span className="pill" data-testid={`sampled-${i.callId}`}>{t('qa.sample.badge')}</span>} <Link to={`/calls/${encodeURIComponent(i.callId)}`}>{i.callId}</Link></td>
                      <td>{callTime(i.startedAt)}</td>
                      <td>{i.agentName ? `${i.agentName} (${i.agentId})` : i.agentId}</td>
                      <td>{i.team ?? '—'}</td>
                      <td>{i.bank}</td>
                      <td>{i.borrowerId}</td>
                      <td>{i.findings} {i.unreviewed > 0 && <span className="pill">{t('queue.unreviewed', { count: i.unreviewed })}</span>}</td>
                      <td><SeverityBadge severity={i.maxSeverity} /></td>
                      <td className="wrap">{i.categories.map((c) => t(`category.${c}` as MessageKey)).join("、")}</td>
                      <td className={due !== null && due < 0 ? 'overdue' : ''}>
                        {due === null ? '—' : due >= 0 ? t('sla.due', { time: span(due, t) }) : t('sla.overdue', { time: span(-due, t) })}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
