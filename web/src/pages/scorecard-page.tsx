import { useMemo } from 'react';
import { api, toQuery } from '../api-client.ts';
import { EChart, type ChartOption } from '../components/echart.tsx';
import { LoadError, useLoad } from '../components/load.tsx';
import { callTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link, useLocation } from '../router.tsx';
import { PAGES_BY_ROLE, useSession } from '../session.tsx';
import type { ApiResponse } from '../types.ts';

type Scorecard = ApiResponse<'/api/agents/{agentId}/scorecard'>;

const pct = (n: number, d: number) => (d > 0 ? `${((n / d) * 100).toFixed(1)} %` : '—');

/** One agent: calls, flagged share, confirmed violations by category, 12 weeks of trend, calls to listen to, cases. */
export function ScorecardPage({ agentId }: { agentId: string }) {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const { search } = useLocation();
  const scope = { bank: search.get('bank') ?? undefined, language: search.get('language') ?? undefined };
  // Without a range the server takes the 12 weeks up to now.
  const query = toQuery({ ...scope, from: search.get('from') ?? undefined, to: search.get('to') ?? undefined });
  const card = useLoad(() => api<Scorecard>('GET', `/api/agents/${encodeURIComponent(agentId)}/scorecard${query}`), [agentId, query]);
  const c = card.data;
  const canOpenCases = PAGES_BY_ROLE[user.role].includes('/cases');
  const drill = (extra: Record<string, string>) => `/dashboard/calls${toQuery({ ...scope, agentId, from: c?.from, to: c?.to, ...extra })}`;

  const trend = useMemo<ChartOption | null>(() => (!c ? null : {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { top: 40, left: 40, right: 40, bottom: 30 },
    xAxis: { type: 'category', data: c.weeks.map((w) => w.week) },
    yAxis: [{ type: 'value' }, { type: 'value', axisLabel: { formatter: '{value} %' } }],
    series: [
      { type: 'bar', name: t('dash.calls'), data: c.weeks.map((w) => w.calls) },
      { type: 'bar', name: t('dash.flagged'), data: c.weeks.map((w) => w.flaggedCalls) },
      { type: 'line', name: t('dash.rate'), yAxisIndex: 1, data: c.weeks.map((w) => (w.calls ? Math.round((w.violationCalls / w.calls) * 1000) / 10 : 0)) },
    ],
  }), [c, t]);

  return (
    <section>
      {card.error ? <LoadError error={card.error} /> : null}
      {c && (
        <>
          <h1 data-testid="scorecard-title">{t('score.title', { agent: c.agent.agentName ? `${c.agent.agentName} (${c.agent.agentId})` : c.agent.agentId })}</h1>
          <p className="muted">{t('score.scope', { teams: c.agent.teams.join(', ') || '—', banks: c.agent.banks.join(', '), from: c.from, to: c.to })}</p>
          <div className="cards" data-testid="scorecard-totals">
            <div className="card"><div className="muted small">{t('dash.calls')}</div><div className="value"><Link to={drill({})}>{c.totals.calls}</Link></div></div>
            <div className="card"><div className="muted small">{t('score.flaggedShare')}</div><div className="value">{pct(c.totals.flaggedCalls, c.totals.calls)}</div>
              <Link to={drill({ finding: 'any' })}>{t('score.ofCalls', { count: c.totals.flaggedCalls })}</Link></div>
            <div className="card"><div className="muted small">{t('dash.violationCalls')}</div><div className="value"><Link to={drill({ finding: 'violation' })} testId="score-violations">{c.totals.violationCalls}</Link></div>
              <span className="muted small">{pct(c.totals.violationCalls, c.totals.calls)}</span></div>
            <div className="card"><div className="muted small">{t('dash.confirmedFindings')}</div><div className="value">{c.totals.confirmedFindings}</div></div>
          </div>
          <h2>{t('score.trend')}</h2>
          {trend && <EChart option={trend} height={240} testId="scorecard-trend" />}
          <div className="dash-grid">
            <div>
              <h2>{t('score.categories')}</h2>
              <table className="grid" data-testid="scorecard-categories">
                <thead><tr><th>{t('filter.category')}</th><th className="num">{t('dash.confirmed')}</th><th className="num">{t('dash.hits')}</th><th className="num">{t('dash.missed')}</th></tr></thead>
                <tbody>
                  {c.categories.map((k) => (
                    <tr key={k.category}>
                      <td>{t(`category.${k.category}` as MessageKey)}</td>
                      <td className="num"><Link to={drill({ category: k.category, finding: 'confirmed' })}>{k.confirmed}</Link></td>
                      <td className="num"><Link to={drill({ category: k.category, finding: 'any' })}>{k.hits}</Link></td>
                      <td className="num"><Link to={drill({ category: k.category, finding: 'missed' })}>{k.missed}</Link></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <h2>{t('score.toListen')}</h2>
              {c.toListen.length === 0 ? <p className="muted">{t('score.nothingToListen')}</p> : (
                <ul data-testid="scorecard-listen">
                  {c.toListen.map((q) => (
                    <li key={q.callId}>
                      <Link to={`/calls/${encodeURIComponent(q.callId)}`}>{q.callId}</Link>{' '}
                      <span className="muted small">{callTime(q.startedAt)} · {t('score.risk', { risk: q.risk })} · {t('score.unreviewed', { count: q.unreviewed })}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <h2>{t('score.cases')}</h2>
          {c.cases.length === 0 ? <p className="muted">{t('score.noCases')}</p> : (
            <table className="grid" data-testid="scorecard-cases">
              <thead><tr><th>{t('score.case')}</th><th>{t('filter.bank')}</th><th>{t('score.status')}</th><th>{t('score.reason')}</th><th>{t('score.opened')}</th><th>{t('score.slaDue')}</th><th className="num">{t('score.complaints')}</th></tr></thead>
              <tbody>
                {c.cases.map((k) => (
                  <tr key={k.id}>
                    <td>{canOpenCases ? <Link to={`/cases/${k.id}`}>#{k.id}</Link> : `#${k.id}`}</td>
                    <td>{k.bank}</td><td>{k.status}</td><td>{k.openedReason}</td>
                    <td>{formatDateTime(k.openedAt)}</td><td>{formatDateTime(k.slaDueAt)}</td><td className="num">{k.complaints}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
