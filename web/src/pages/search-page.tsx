import { useState } from 'react';
import { api, toQuery } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { callTime, clock, highlight } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { ApiResponse, Filters } from '../types.ts';

type SearchResult = ApiResponse<'/api/search'>;
const KEYS = ['q', 'exclude', 'speaker', 'firstContact', 'bank', 'from', 'to'] as const;
type SearchForm = Record<(typeof KEYS)[number], string>;

export function SearchPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const current = Object.fromEntries(KEYS.map((k) => [k, search.get(k) ?? ''])) as SearchForm;
  const [form, setForm] = useState<SearchForm>(current);
  const banks = useLoad(() => api<Filters>('GET', '/api/queue/filters'), []);
  const query = toQuery(current);
  const active = Boolean(current.q || current.exclude);
  const result = useLoad(async () => (active ? api<SearchResult>('GET', `/api/search${query}`) : { hits: [], highlights: [] }), [query]);
  const set = (k: keyof SearchForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <section>
      <h1>{t('search.title')}</h1>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); navigate(`/search${toQuery({ ...form, q: form.q.trim(), exclude: form.exclude.trim() })}`); }}>
        <input data-testid="search-input" value={form.q} onChange={set('q')} placeholder={t('search.placeholder')} size={30} />
        <input data-testid="search-exclude" value={form.exclude} onChange={set('exclude')} placeholder={t('search.exclude')} size={20} />
        <select aria-label={t('search.speaker')} data-testid="search-speaker" value={form.speaker} onChange={set('speaker')}>
          <option value="">{t('search.speaker')}: {t('filter.all')}</option>
          <option value="agent">{t('speaker.agent')}</option>
          <option value="customer">{t('speaker.customer')}</option>
        </select>
        <label className="inline">
          <input type="checkbox" data-testid="search-first" checked={form.firstContact === 'true'} onChange={(e) => setForm({ ...form, firstContact: e.target.checked ? 'true' : '' })} /> {t('search.firstContact')}
        </label>
        <select aria-label={t('filter.bank')} value={form.bank} onChange={set('bank')}>
          <option value="">{t('filter.bank')}: {t('filter.all')}</option>
          {(banks.data?.banks ?? []).map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
        <input type="date" aria-label={t('filter.from')} value={form.from} onChange={set('from')} />
        <input type="date" aria-label={t('filter.to')} value={form.to} onChange={set('to')} />
        <button type="submit" data-testid="search-submit">{t('search.submit')}</button>
      </form>
      {result.error ? <LoadError error={result.error} /> : null}
      {active && result.data && (result.data.hits.length === 0 ? <p className="notice">{t('search.none')}</p> : (
        <>
          <p className="muted">
            {t('search.hits', { count: result.data.hits.length })}{' · '}
            <a href={`/api/exports/search${toQuery({ ...current, format: 'xlsx' })}`} download data-testid="search-export">{t('search.exportXlsx')}</a>{' · '}
            <a href={`/api/exports/search${toQuery({ ...current, format: 'csv' })}`} download>CSV</a>
          </p>
          <ul className="hits" data-testid="search-hits">
            {result.data.hits.map((h) => (
              <li key={h.callId}>
                <Link to={`/calls/${encodeURIComponent(h.callId)}`}>{h.callId}</Link>{' '}
                <span className="muted">{callTime(h.startedAt)} · {h.agentName ?? h.agentId} · {h.bank} · {h.borrowerId}{h.firstContact ? ` · ${t('search.firstContact')}` : ''}</span>
                {h.segments.map((s) => (
                  <p key={s.index} className="hit-line">
                    <span className="ts">{clock(s.startMs)} {t(`speaker.${s.speaker}`)}</span>{' '}
                    {highlight(s.text, result.data!.highlights).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}
