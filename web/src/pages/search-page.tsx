import { useState } from 'react';
import { api, toQuery } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { callTime, clock, highlight } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import type { Filters } from '../types.ts';

interface Hit {
  callId: string;
  startedAt: string;
  agentId: string;
  agentName: string | null;
  bank: string;
  borrowerId: string;
  segments: { index: number; speaker: 'agent' | 'customer' | 'unknown'; startMs: number; text: string }[];
}

export function SearchPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const bank = search.get('bank') ?? '';
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  const [text, setText] = useState(q);
  const [filters, setFilters] = useState({ bank, from, to });
  const banks = useLoad(() => api<Filters>('GET', '/api/queue/filters'), []);
  const query = toQuery({ q, bank, from, to });
  const result = useLoad(async () => (q ? api<{ hits: Hit[] }>('GET', `/api/search${query}`) : { hits: [] }), [query]);
  const terms = q.split(/\s+/).filter(Boolean);
  return (
    <section>
      <h1>{t('search.title')}</h1>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); navigate(`/search${toQuery({ q: text.trim(), ...filters })}`); }}>
        <input data-testid="search-input" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('search.placeholder')} size={40} />
        <select aria-label={t('filter.bank')} value={filters.bank} onChange={(e) => setFilters({ ...filters, bank: e.target.value })}>
          <option value="">{t('filter.bank')}: {t('filter.all')}</option>
          {(banks.data?.banks ?? []).map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
        <input type="date" aria-label={t('filter.from')} value={filters.from} onChange={(e) => setFilters({ ...filters, from: e.target.value })} />
        <input type="date" aria-label={t('filter.to')} value={filters.to} onChange={(e) => setFilters({ ...filters, to: e.target.value })} />
        <button type="submit" data-testid="search-submit">{t('search.submit')}</button>
      </form>
      {result.error ? <LoadError error={result.error} /> : null}
      {q && result.data && (result.data.hits.length === 0 ? <p className="notice">{t('search.none')}</p> : (
        <>
          <p className="muted">{t('search.hits', { count: result.data.hits.length })}</p>
          <ul className="hits" data-testid="search-hits">
            {result.data.hits.map((h) => (
              <li key={h.callId}>
                <Link to={`/calls/${encodeURIComponent(h.callId)}`}>{h.callId}</Link>{' '}
                <span className="muted">{callTime(h.startedAt)} · {h.agentName ?? h.agentId} · {h.bank} · {h.borrowerId}</span>
                {h.segments.map((s) => (
                  <p key={s.index} className="hit-line">
                    <span className="ts">{clock(s.startMs)} {t(`speaker.${s.speaker}`)}</span>{' '}
                    {highlight(s.text, terms).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
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
