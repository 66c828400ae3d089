import { api, toQuery } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { callTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link, useLocation } from '../router.tsx';
import type { ApiResponse } from '../types.ts';

type DrillDown = ApiResponse<'/api/dashboard/calls'>;

const PAGE = 50;
/** What a drill-down link may carry (the dashboard's filters and what the number counted). */
const KEYS = ['bank', 'team', 'agentId', 'language', 'from', 'to', 'week', 'category', 'severity', 'ruleId', 'finding', 'engine',
  'lowQuality', 'reviewer', 'reviewWeek', 'caseWeek', 'caseState'] as const;

/** The calls behind a dashboard number, with the conditions that chose them and an export of their findings. */
export function DashboardCallsPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const params: Record<string, string> = {};
  for (const k of KEYS) {
    const v = search.get(k);
    if (v !== null) params[k] = v;
  }
  const offset = Number(search.get('offset') ?? '0') || 0;
  const query = toQuery({ ...params, limit: PAGE, offset });
  const result = useLoad(() => api<DrillDown>('GET', `/api/dashboard/calls${query}`), [query]);
  const findingFilters = { ...Object.fromEntries(['bank', 'team', 'agentId', 'language', 'from', 'to', 'category', 'severity', 'ruleId', 'finding'].filter((k) => params[k] !== undefined).map((k) => [k, params[k]])) };
  const back = toQuery(Object.fromEntries(['bank', 'team', 'agentId', 'language', 'from', 'to'].filter((k) => params[k] !== undefined).map((k) => [k, params[k]])));
  const r = result.data;
  return (
    <section>
      <h1>{t('drill.title')}</h1>
      <p>
        <Link to={`/dashboard${back}`}>{t('drill.back')}</Link>
        {' · '}
        <span className="muted" data-testid="drill-conditions">
          {Object.entries(params).map(([k, v]) => `${t(`drill.key.${k}` as MessageKey)}: ${k === 'category' ? t(`category.${v}` as MessageKey) : v || t('dash.noTeam')}`).join(' · ')}
        </span>
        {' · '}
        <a href={`/api/exports/findings${toQuery({ ...findingFilters, format: 'xlsx' })}`} download data-testid="drill-export">{t('drill.exportFindings')}</a>
        {' · '}
        <a href={`/api/exports/findings${toQuery({ ...findingFilters, format: 'csv' })}`} download>CSV</a>
      </p>
      {result.error ? <LoadError error={result.error} /> : null}
      {r && (r.items.length === 0 ? <p className="notice">{t('drill.none')}</p> : (
        <>
          <p className="muted" data-testid="drill-range">{t('drill.range', { from: offset + 1, to: offset + r.items.length })}</p>
          <table className="grid" data-testid="drill-calls">
            <thead><tr><th>{t('drill.call')}</th><th>{t('drill.started')}</th><th>{t('filter.agent')}</th><th>{t('filter.team')}</th><th>{t('filter.bank')}</th><th className="num">{t('dash.findings')}</th><th className="num">{t('dash.confirmed')}</th><th className="num">{t('drill.unreviewed')}</th></tr></thead>
            <tbody>
              {r.items.map((c) => (
                <tr key={c.callId}>
                  <td><Link to={`/calls/${encodeURIComponent(c.callId)}`}>{c.callId}</Link></td>
                  <td>{callTime(c.startedAt)}</td>
                  <td><Link to={`/agents/${encodeURIComponent(c.agentId)}`}>{c.agentName ? `${c.agentName} (${c.agentId})` : c.agentId}</Link></td>
                  <td>{c.team ?? '—'}</td><td>{c.bank}</td>
                  <td className="num">{c.findings}</td><td className="num">{c.confirmed}</td><td className="num">{c.unreviewed}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {offset > 0 && <Link to={`/dashboard/calls${toQuery({ ...params, offset: Math.max(0, offset - PAGE) })}`}>{t('drill.previous')}</Link>}{' '}
            {r.hasMore && <Link to={`/dashboard/calls${toQuery({ ...params, offset: offset + PAGE })}`}>{t('drill.next')}</Link>}
          </p>
        </>
      ))}
    </section>
  );
}
