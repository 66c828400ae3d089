import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler } from './api-client.ts';
import { Layout } from './components/layout.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { AdminPage } from './pages/admin-page.tsx';
import { AttentionPage } from './pages/attention-page.tsx';
import { CallPage } from './pages/call-page.tsx';
import { CalibrationPage } from './pages/calibration-page.tsx';
import { CasePage } from './pages/case-page.tsx';
import { CasesPage } from './pages/cases-page.tsx';
import { ComplaintPage } from './pages/complaint-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { QueuePage } from './pages/queue-page.tsx';
import { RulesPage } from './pages/rules-page.tsx';
import { SearchPage } from './pages/search-page.tsx';
import { UploadPage } from './pages/upload-page.tsx';
import { ManagementPage } from './pages/management-pages.tsx';
import { match, navigate, useLocation } from './router.tsx';
import { homeOf, PAGES_BY_ROLE, SessionContext } from './session.tsx';
import type { User } from './types.ts';

// The backtest page carries the YAML editor (CodeMirror): loaded only when opened.
const BacktestPage = lazy(() => import('./pages/backtest-page.tsx').then((m) => ({ default: m.BacktestPage })));

type AuthState = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'signed-in'; user: User };

export function App() {
  const { t } = useI18n();
  const [auth, setAuth] = useState<AuthState>({ kind: 'loading' });
  const { path } = useLocation();

  useEffect(() => {
    setUnauthenticatedHandler(() => setAuth({ kind: 'anonymous' }));
    api<{ user: User; csrfToken: string }>('GET', '/api/auth/me')
      .then((r) => {
        setCsrfToken(r.csrfToken);
        setAuth({ kind: 'signed-in', user: r.user });
      })
      .catch(() => setAuth({ kind: 'anonymous' }));
  }, []);

  const signOut = useCallback(async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setCsrfToken('');
    setAuth({ kind: 'anonymous' });
    navigate('/login');
  }, []);

  if (auth.kind === 'loading') return <p className="loading">{t('app.loading')}</p>;
  if (auth.kind === 'anonymous') {
    return (
      <LoginPage
        onSignedIn={(user, csrf) => {
          setCsrfToken(csrf);
          setAuth({ kind: 'signed-in', user });
          if (path === '/' || path === '/login') navigate(homeOf(user.role));
        }}
      />
    );
  }
  const user = auth.user;
  if (path === '/' || path === '/login') {
    navigate(homeOf(user.role));
    return null;
  }
  return (
    <SessionContext.Provider value={{ user, signOut }}>
      <Layout>{route(path, user)}</Layout>
    </SessionContext.Provider>
  );
}

function route(path: string, user: User) {
  const allowed = (prefix: string) => PAGES_BY_ROLE[user.role].includes(prefix);
  let m: Record<string, string> | null;
  if (path === '/queue') return allowed('/queue') ? <QueuePage /> : <Forbidden />;
  if (path === '/search') return allowed('/search') ? <SearchPage /> : <Forbidden />;
  if ((m = match('/calls/:id', path))) return allowed('/queue') ? <CallPage key={m.id} callId={m.id!} /> : <Forbidden />;
  if (path === '/cases') return allowed('/cases') ? <CasesPage /> : <Forbidden />;
  if (path === '/complaints/new') return allowed('/complaints/new') ? <ComplaintPage /> : <Forbidden />;
  if ((m = match('/cases/:id', path))) return allowed('/cases') ? <CasePage key={m.id} caseId={Number(m.id)} /> : <Forbidden />;
  if (path === '/admin') return allowed('/admin') ? <AdminPage /> : <Forbidden />;
  if (path === '/rules') return allowed('/rules') ? <RulesPage /> : <Forbidden />;
  if (path === '/attention') return allowed('/attention') ? <AttentionPage /> : <Forbidden />;
  if (path === '/backtest') return allowed('/backtest') ? <Suspense fallback={null}><BacktestPage /></Suspense> : <Forbidden />;
  if (path === '/upload') return allowed('/upload') ? <UploadPage /> : <Forbidden />;
  if (path === '/calibration') return allowed('/calibration') ? <CalibrationPage /> : <Forbidden />;
  if (path === '/dashboard' || path === '/dashboard/calls' || path.startsWith('/agents/')) return allowed('/dashboard') ? <ManagementPage path={path} /> : <Forbidden />;
  return <NotFound />;
}

export function Forbidden() {
  const { t } = useI18n();
  return <p className="notice" data-testid="forbidden">{t('app.forbidden')}</p>;
}

function NotFound() {
  const { t } = useI18n();
  return <p className="notice">{t('app.notFound')}</p>;
}
