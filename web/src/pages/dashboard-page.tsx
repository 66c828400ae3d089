import { useMemo, useState } from 'react';
import { api, toQuery } from '../api-client.ts';
import { EChart, type ChartOption } from '../components/echart.tsx';
import { LoadError, useLoad } from '../components/load.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import type { ApiResponse } from '../types.ts';

type Dashboard = ApiResponse<'/api/dashboard'>;
type DashboardFilters = ApiResponse<'/api/dashboard/filters'>;
type RateRow = Dashboard['violationRates']['agent'][number];
type RuleRow = Dashboard['topRules']['byHits'][number];

/** The dashboards' filters, kept in the URL so a view can be shared and the drill-down keeps them. */
export const FILTER_KEYS = ['bank', 'team', 'agentId', 'language', 'from', 'to'] as const;
export type FilterValues = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function filtersFrom(search: URLSearchParams): FilterValues {
  const f: FilterValues = {};
  for (const k of FILTER_KEYS) {
    const v = search.get(k);
    if (v !== null) f[k] = v;
  }
  return f;
}

const pct = (n: number, d: number) => (d > 0 ? `${((n / d) * 100).toFixed(1)} %` : '—');

export function DashboardPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const filters = filtersFrom(search);
  const query = toQuery(filters);
  const options = useLoad(() => api<DashboardFilters>('GET', '/api/dashboard/filters'), []);
  const data = useLoad(() => api<Dashboard>('GET', `/api/dashboard${query}`), [query]);
  const [draft, setDraft] = useState<FilterValues>(filters);
  const [rateBy, setRateBy] = useState<'agent' | 'team' | 'bank'>('agent');
  const drill = (extra: Record<string, string | undefined>) => `/dashboard/calls${toQuery({ ...filters, ...extra })}`;
  const d = data.data;

  const weeklyChart = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    const weeks = [...new Set(d.findingsPerWeek.map((r) => r.week))].sort();
    const categories = [...new Set(d.findingsPerWeek.map((r) => r.category))].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'plain', top: 0 },
      grid: { top: 60, left: 40, right: 16, bottom: 30 },
      xAxis: { type: 'category', data: weeks },
      yAxis: { type: 'value' },
      series: categories.map((c) => ({
        type: 'bar', stack: 'hits', name: t(`category.${c}` as MessageKey),
        data: weeks.map((w) => d.findingsPerWeek.filter((r) => r.week === w && r.category === c).reduce((s, r) => s + r.hits, 0)),
      })),
    };
  }, [d, t]);
  const categoryByLabel = (label: string) => [...new Set(d?.findingsPerWeek.map((r) => r.category) ?? [])].find((c) => t(`category.${c}` as MessageKey) === label);

  const casesChart = useMemo<ChartOption | null>(() => (!d ? null : {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { top: 40, left: 40, right: 16, bottom: 30 },
    xAxis: { type: 'category', data: d.cases.map((c) => c.week) },
    yAxis: { type: 'value' },
    series: [
      { type: 'bar', name: t('dash.casesOpened'), data: d.cases.map((c) => c.opened) },
      { type: 'bar', name: t('dash.casesClosed'), data: d.cases.map((c) => c.closed) },
      { type: 'line', name: t('dash.slaBreached'), data: d.cases.map((c) => c.slaBreached) },
    ],
  }), [d, t]);

  const qaChart = useMemo<ChartOption | null>(() => {
    if (!d) return null;
    const weeks = [...new Set([...d.qa.weeks.map((w) => w.week), ...d.qa.backlog.map((b) => b.week)])].sort();
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { top: 40, left: 40, right: 16, bottom: 30 },
      xAxis: { type: 'category', data: weeks },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', stack: 'v', name: t('dash.confirmed'), data: weeks.map((w) => d.qa.weeks.find((x) => x.week === w)?.confirmed ?? 0) },
        { type: 'bar', stack: 'v', name: t('dash.dismissed'), data: weeks.map((w) => d.qa.weeks.find((x) => x.week === w)?.dismissed ?? 0) },
        { type: 'line', name: t('dash.backlog'), data: weeks.map((w) => d.qa.backlog.find((x) => x.week === w)?.unreviewed ?? 0) },
      ],
    };
  }, [d, t]);

  const rates: RateRow[] = d ? d.violationRates[rateBy] : [];
  const rateKey = (k: string): Record<string, string> => (rateBy === 'agent' ? { agentId: k } : rateBy === 'team' ? { team: k } : { bank: k });
  const ruleTable = (rows: RuleRow[], testId: string) => (
    <table className="grid" data-testid={testId}>
      <thead><tr><th>{t('dash.rule')}</th><th>{t('filter.category')}</th><th className="num">{t('dash.hits')}</th><th className="num">{t('dash.confirmed')}</th><th className="num">{t('dash.precision')}</th><th className="num">{t('dash.missed')}</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.ruleId}>
            <td>{r.ruleId}</td>
            <td>{t(`category.${r.category}` as MessageKey)}</td>
            <td className="num"><Link to={drill({ ruleId: r.ruleId, finding: 'any' })}>{r.hits}</Link></td>
            <td className="num"><Link to={drill({ ruleId: r.ruleId, finding: 'confirmed' })}>{r.confirmed}</Link></td>
            <td className="num">{pct(r.confirmed, r.confirmed + r.dismissed)}</td>
            <td className="num"><Link to={drill({ ruleId: r.ruleId, finding: 'missed' })}>{r.missed}</Link></td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <section>
      <h1>{t('dash.title')}</h1>
      <form className="filters" data-testid="dash-filters" onSubmit={(e) => { e.preventDefault(); navigate(`/dashboard${toQuery(draft)}`); }}>
        <label>{t('filter.bank')}
          <select value={draft.bank ?? ''} onChange={(e) => setDraft({ ...draft, bank: e.target.value || undefined })} data-testid="dash-bank">
            <option value="">{t('filter.all')}</option>
            {(options.data?.banks ?? []).map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label>{t('filter.team')}
          <select value={draft.team ?? ''} onChange={(e) => setDraft({ ...draft, team: e.target.value || undefined })}>
            <option value="">{t('filter.all')}</option>
            {(options.data?.teams ?? []).map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </label>
        <label>{t('filter.agent')}
          <select value={draft.agentId ?? ''} onChange={(e) => setDraft({ ...draft, agentId: e.target.value || undefined })}>
            <option value="">{t('filter.all')}</option>
            {(options.data?.agents ?? []).map((a) => <option key={a.id} value={a.id}>{a.name ? `${a.name} (${a.id})` : a.id}</option>)}
          </select>
        </label>
        <label>{t('dash.language')}
          <select value={draft.language ?? ''} onChange={(e) => setDraft({ ...draft, language: e.target.value || undefined })}>
            <option value="">{t('filter.all')}</option>
            {(options.data?.languages ?? []).map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </label>
        <label>{t('filter.from')}<input type="date" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })} /></label>
        <label>{t('filter.to')}<input type="date" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })} /></label>
        <button type="submit" data-testid="dash-apply">{t('dash.apply')}</button>
        <a href={`/api/exports/dashboard${toQuery({ ...filters, format: 'xlsx' })}`} download data-testid="dash-export">{t('dash.exportXlsx')}</a>
      </form>
      {data.error ? <LoadError error={data.error} /> : null}
      {d && (
        <>
          <div className="cards">
            <div className="card"><div className="muted small">{t('dash.calls')}</div><div className="value">{d.violationRates.bank.reduce((s, r) => s + r.calls, 0)}</div></div>
            <div className="card"><div className="muted small">{t('dash.violationCalls')}</div>
              <div className="value"><Link to={drill({ finding: 'violation' })} testId="card-violations">{d.violationRates.bank.reduce((s, r) => s + r.violationCalls, 0)}</Link></div></div>
            <div className="card"><div className="muted small">{t('dash.backlog')}</div>
              <div className="value"><Link to={drill({ finding: 'unreviewed' })} testId="card-backlog">{d.qa.backlogTotal}</Link></div></div>
          </div>

          <h2>{t('dash.findingsPerWeek')}</h2>
          {weeklyChart && <EChart option={weeklyChart} testId="chart-findings" onClick={(c) => {
            const category = categoryByLabel(c.seriesName);
            if (category) navigate(drill({ week: c.name, category, finding: 'any' }));
          }} />}
          <details>
            <summary>{t('dash.table')}</summary>
            <table className="grid" data-testid="findings-per-week">
              <thead><tr><th>{t('dash.week')}</th><th>{t('filter.category')}</th><th>{t('dash.severity')}</th><th className="num">{t('dash.hits')}</th><th className="num">{t('dash.confirmed')}</th><th className="num">{t('dash.dismissed')}</th></tr></thead>
              <tbody>
                {d.findingsPerWeek.map((r) => {
                  const at = { week: r.week, category: r.category, severity: r.severity };
                  return (
                    <tr key={`${r.week}-${r.category}-${r.severity}`}>
                      <td>{r.week}</td><td>{t(`category.${r.category}` as MessageKey)}</td><td>{t(`severity.${r.severity}` as MessageKey)}</td>
                      <td className="num"><Link to={drill({ ...at, finding: 'any' })}>{r.hits}</Link></td>
                      <td className="num"><Link to={drill({ ...at, finding: 'confirmed' })}>{r.confirmed}</Link></td>
                      <td className="num"><Link to={drill({ ...at, finding: 'dismissed' })}>{r.dismissed}</Link></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>

          <h2>{t('dash.violationRate')}</h2>
          <div className="tabs">
            {(['agent', 'team', 'bank'] as const).map((b) => (
              <button key={b} type="button" className={rateBy === b ? 'active' : ''} onClick={() => setRateBy(b)} data-testid={`rate-${b}`}>{t(`dash.by.${b}` as MessageKey)}</button>
            ))}
          </div>
          <table className="grid" data-testid="rates">
            <thead><tr><th>{t(`dash.by.${rateBy}` as MessageKey)}</th><th className="num">{t('dash.calls')}</th><th className="num">{t('dash.flagged')}</th><th className="num">{t('dash.violationCalls')}</th><th className="num">{t('dash.rate')}</th><th className="num">{t('dash.confirmedFindings')}</th><th className="num">{t('dash.missed')}</th></tr></thead>
            <tbody>
              {rates.map((r) => (
                <tr key={r.key}>
                  <td>{rateBy === 'agent' ? <Link to={`/agents/${encodeURIComponent(r.key)}${toQuery({ bank: filters.bank, language: filters.language, from: filters.from, to: filters.to })}`} testId={`scorecard-${r.key}`}>{r.key}</Link> : (r.key || t('dash.noTeam'))}</td>
                  <td className="num"><Link to={drill(rateKey(r.key))}>{r.calls}</Link></td>
                  <td className="num"><Link to={drill({ ...rateKey(r.key), finding: 'any' })}>{r.flaggedCalls}</Link> <span className="muted small">{pct(r.flaggedCalls, r.calls)}</span></td>
                  <td className="num"><Link to={drill({ ...rateKey(r.key), finding: 'violation' })} testId={`violations-${r.key}`}>{r.violationCalls}</Link></td>
                  <td className="num">{pct(r.violationCalls, r.calls)}</td>
                  <td className="num">{r.confirmedFindings}</td>
                  <td className="num"><Link to={drill({ ...rateKey(r.key), finding: 'missed' })}>{r.missedFindings}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>

          <div className="dash-grid">
            <div><h2>{t('dash.topRulesHits')}</h2>{ruleTable(d.topRules.byHits, 'rules-by-hits')}</div>
            <div><h2>{t('dash.topRulesConfirmed')}</h2>{ruleTable(d.topRules.byConfirmed, 'rules-by-confirmed')}</div>
            <div><h2>{t('dash.topRulesMissed')}</h2>{ruleTable(d.topRules.byMissed, 'rules-by-missed')}</div>
          </div>

          <div className="dash-grid">
            <div>
              <h2>{t('dash.samples')}</h2>
              <table className="grid" data-testid="samples">
                <thead><tr><th>{t('dash.week')}</th><th className="num">{t('dash.sampled')}</th><th className="num">{t('dash.sampleReviewed')}</th><th className="num">{t('dash.sampleClean')}</th><th className="num">{t('dash.sampleViolation')}</th><th className="num">{t('dash.missRate')}</th></tr></thead>
                <tbody>
                  {d.samples.map((s) => (
                    <tr key={s.week}>
                      <td>{s.week}</td>
                      <td className="num"><Link to={drill({ sampleWeek: s.week, sample: 'sampled' })}>{s.sampled}</Link></td>
                      <td className="num"><Link to={drill({ sampleWeek: s.week, sample: 'reviewed' })}>{s.reviewed}</Link></td>
                      <td className="num"><Link to={drill({ sampleWeek: s.week, sample: 'clean' })}>{s.clean}</Link></td>
                      <td className="num"><Link to={drill({ sampleWeek: s.week, sample: 'violation' })}>{s.violation}</Link></td>
                      <td className="num">{pct(s.violation, s.reviewed)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div>
              <h2>{t('dash.signals')}</h2>
              <table className="grid" data-testid="signals">
                <thead><tr><th>{t('dash.week')}</th><th>{t('filter.category')}</th><th className="num">{t('dash.raised')}</th><th className="num">{t('dash.noted')}</th><th className="num">{t('dash.actedOn')}</th><th className="num">{t('dash.awaiting')}</th></tr></thead>
                <tbody>
                  {d.signals.map((s) => {
                    const at = { week: s.week, category: s.category };
                    return (
                      <tr key={`${s.week}-${s.category}`}>
                        <td>{s.week}</td><td>{t(`category.${s.category}` as MessageKey)}</td>
                        <td className="num"><Link to={drill({ ...at, finding: 'any' })}>{s.raised}</Link></td>
                        <td className="num"><Link to={drill({ ...at, finding: 'noted' })}>{s.noted}</Link></td>
                        <td className="num"><Link to={drill({ ...at, finding: 'acted_on' })}>{s.actedOn}</Link></td>
                        <td className="num"><Link to={drill({ ...at, finding: 'unreviewed' })}>{s.awaiting}</Link></td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>

          <h2>{t('dash.cases')}</h2>
          {casesChart && <EChart option={casesChart} height={240} />}
          <table className="grid" data-testid="case-weeks">
            <thead><tr><th>{t('dash.week')}</th><th className="num">{t('dash.casesOpened')}</th><th className="num">{t('dash.complaintCases')}</th><th className="num">{t('dash.casesClosed')}</th><th className="num">{t('dash.slaMet')}</th><th className="num">{t('dash.slaBreached')}</th></tr></thead>
            <tbody>
              {d.cases.map((c) => (
                <tr key={c.week}>
                  <td>{c.week}</td>
                  <td className="num"><Link to={drill({ caseWeek: c.week, caseState: 'opened' })}>{c.opened}</Link></td>
                  <td className="num"><Link to={drill({ caseWeek: c.week, caseState: 'complaint' })}>{c.complaintOpened}</Link></td>
                  <td className="num"><Link to={drill({ caseWeek: c.week, caseState: 'closed' })}>{c.closed}</Link></td>
                  <td className="num"><Link to={drill({ caseWeek: c.week, caseState: 'met' })}>{c.slaMet}</Link></td>
                  <td className="num"><Link to={drill({ caseWeek: c.week, caseState: 'breached' })}>{c.slaBreached}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>{t('dash.qa')}</h2>
          {qaChart && <EChart option={qaChart} height={240} />}
          <div className="dash-grid">
            <table className="grid" data-testid="reviewers">
              <thead><tr><th>{t('dash.reviewer')}</th><th className="num">{t('dash.verdicts')}</th><th className="num">{t('dash.confirmed')}</th><th className="num">{t('dash.dismissed')}</th></tr></thead>
              <tbody>
                {d.qa.reviewers.map((r) => (
                  <tr key={r.reviewer}>
                    <td>{r.reviewer}</td>
                    <td className="num"><Link to={drill({ reviewer: r.reviewer })}>{r.reviews}</Link></td>
                    <td className="num"><Link to={drill({ reviewer: r.reviewer, finding: 'confirmed' })}>{r.confirmed}</Link></td>
                    <td className="num"><Link to={drill({ reviewer: r.reviewer, finding: 'dismissed' })}>{r.dismissed}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="grid" data-testid="engines">
              <thead><tr><th>{t('dash.week')}</th><th>{t('dash.engine')}</th><th className="num">{t('dash.transcripts')}</th><th className="num">{t('dash.meanQuality')}</th><th className="num">{t('dash.lowQuality')}</th></tr></thead>
              <tbody>
                {d.engines.map((e) => (
                  <tr key={`${e.week}-${e.engine}`}>
                    <td>{e.week}</td><td>{e.engine}</td>
                    <td className="num"><Link to={drill({ week: e.week, engine: e.engine })}>{e.transcripts}</Link></td>
                    <td className="num">{e.meanQuality === null ? '—' : e.meanQuality.toFixed(2)}</td>
                    <td className="num"><Link to={drill({ week: e.week, engine: e.engine, lowQuality: 'true' })}>{e.lowQuality}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
