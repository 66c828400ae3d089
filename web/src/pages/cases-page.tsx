import { api, toQuery } from '../api-client.ts';
import { useSession } from '../session.tsx';
import { StatusBadge } from '../components/badges.tsx';
import { DeadlineLabel } from '../components/deadline-label.tsx';
import { LoadError, useLoad } from '../components/load.tsx';
import { useNow } from '../components/use-now.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import type { CaseKind, CaseSummary } from '../types.ts';

/**
 * The supervisor's cases: real complaints apart from the risk cases triage opened (those must not
 * drown the complaints), each list by the nearest running deadline (the server's order).
 */
export function CasesPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const { user } = useSession();
  const openOnly = search.get('all') !== '1';
  const mine = search.get('mine') === '1';
  const setParam = (key: string, on: boolean) => {
    const next = new URLSearchParams(search);
    if (on) next.set(key, '1');
    else next.delete(key);
    const q = next.toString();
    navigate(`/cases${q ? `?${q}` : ''}`);
  };
  const query = toQuery({ open: openOnly ? 'true' : undefined, assignedTo: mine ? user.username : undefined });
  const cases = useLoad(() => api<{ items: CaseSummary[] }>('GET', `/api/cases${query}`), [query]);
  const now = useNow();
  const section = (kind: CaseKind, title: MessageKey) => {
    const items = (cases.data?.items ?? []).filter((c) => c.kind === kind);
    return (
      <>
        <h2>{t(title)} ({items.length})</h2>
        {items.length === 0 ? <p className="muted">{t('cases.noneOfKind')}</p> : (
          <table className="grid" data-testid={`cases-${kind}`}>
            <thead>
              <tr>
                <th>{t('cases.id')}</th><th>{t('cases.nearest')}</th><th>{t('cases.status')}</th><th>{t('queue.bank')}</th>
                <th>{t('cases.borrower')}</th><th>{t('cases.risk')}</th><th>{t('cases.calls')}</th><th>{t('cases.complaints')}</th>
                <th>{t('cases.assigned')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-testid={`case-row-${c.id}`} className={`clickable${c.nearestDeadline?.state === 'breached' ? ' row-overdue' : ''}`} onClick={() => navigate(`/cases/${c.id}`)}>
                  <td><Link to={`/cases/${c.id}`}>#{c.id}</Link></td>
                  <td>{c.nearestDeadline ? <>{t(`deadline.${c.nearestDeadline.name}`)}: <DeadlineLabel deadline={c.nearestDeadline} now={now} /></> : '—'}</td>
                  <td><StatusBadge status={c.status} /></td>
                  <td>{c.bank}</td>
                  <td>{c.borrowerId}</td>
                  <td className="num">{c.riskScore}</td>
                  <td className="num">{c.calls ?? 0}</td>
                  <td className="num">{c.complaints ?? 0}</td>
                  <td>{c.assignedTo ?? t('case.unassigned')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>
    );
  };
  return (
    <section data-testid="cases">
      <h1>{t('cases.title')}</h1>
      <p>
        <label className="inline">
          <input type="checkbox" checked={openOnly} onChange={(e) => setParam('all', !e.target.checked)} /> {t('cases.openOnly')}
        </label>{' '}
        <label className="inline">
          <input type="checkbox" data-testid="mine" checked={mine} onChange={(e) => setParam('mine', e.target.checked)} /> {t('cases.mine')}
        </label>
        {' · '}<Link to="/complaints/new" testId="new-complaint">{t('nav.newComplaint')}</Link>
      </p>
      {cases.error ? <LoadError error={cases.error} /> : null}
      {cases.data && (cases.data.items.length === 0 ? <p className="notice">{t('cases.empty')}</p> : (
        <>
          {section('complaint', 'cases.complaintCases')}
          {section('risk', 'cases.riskCases')}
        </>
      ))}
    </section>
  );
}
