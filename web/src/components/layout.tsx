import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link, useLocation } from '../router.tsx';
import { PAGES_BY_ROLE, useSession } from '../session.tsx';

const NAV: Record<string, MessageKey> = {
  '/queue': 'nav.queue',
  '/search': 'nav.search',
  '/cases': 'nav.cases',
  '/complaints/new': 'nav.newComplaint',
  '/admin': 'nav.admin',
  '/rules': 'nav.rules',
  '/upload': 'nav.upload',
  '/attention': 'nav.attention',
  '/calibration': 'nav.calibration',
  '/dashboard': 'nav.dashboard',
  '/backtest': 'nav.backtest',
};

export function Layout({ children }: { children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const { user, signOut } = useSession();
  const { path } = useLocation();
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav>
          {PAGES_BY_ROLE[user.role].map((p) => (
            <Link key={p} to={p} className={path.startsWith(p) ? 'active' : ''} testId={`nav-${p.slice(1).replace('/', '-')}`}>
              {t(NAV[p]!)}
            </Link>
          ))}
        </nav>
        <span className="spacer" />
        <span className="who" data-testid="who">
          {user.displayName || user.username} · {t(`role.${user.role}`)}
        </span>
        <button type="button" className="link" data-testid="lang" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
          {t('lang.switch')}
        </button>
        <button type="button" className="link" data-testid="sign-out" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </header>
      <main>{children}</main>
    </div>
  );
}
