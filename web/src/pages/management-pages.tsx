import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { match } from '../router.tsx';

// The dashboards carry ECharts: loaded when a manager opens them, so the reviewers' pages stay light.
const DashboardPage = lazy(() => import('./dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })));
const DashboardCallsPage = lazy(() => import('./dashboard-calls-page.tsx').then((m) => ({ default: m.DashboardCallsPage })));
const ScorecardPage = lazy(() => import('./scorecard-page.tsx').then((m) => ({ default: m.ScorecardPage })));

/** The management view's pages: /dashboard, /dashboard/calls, /agents/:id. */
export function ManagementPage({ path }: { path: string }) {
  const { t } = useI18n();
  const agent = match('/agents/:id', path);
  return (
    <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
      {path === '/dashboard' ? <DashboardPage /> : path === '/dashboard/calls' ? <DashboardCallsPage /> : agent ? <ScorecardPage key={agent.id} agentId={agent.id!} /> : null}
    </Suspense>
  );
}
