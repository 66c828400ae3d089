import { useState } from 'react';
import { api, ApiError } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { User } from '../types.ts';

export function LoginPage({ onSignedIn }: { onSignedIn: (user: User, csrf: string) => void }) {
  const { t, locale, setLocale } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <div className="login">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError('');
          api<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { username, password })
            .then((r) => onSignedIn(r.user, r.csrfToken))
            .catch((err: unknown) => {
              if (err instanceof ApiError && err.status === 429) setError(t('login.throttled', { seconds: err.retryAfter ?? 60 }));
              else setError(t('login.failed'));
            })
            .finally(() => setBusy(false));
        }}
      >
        <h1>{t('app.name')}</h1>
        <h2>{t('login.title')}</h2>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && <p className="error" role="alert" data-testid="login-error">{error}</p>}
        <button type="submit" disabled={busy} data-testid="login-submit">{t('login.submit')}</button>
        <button type="button" className="link" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
          {t('lang.switch')}
        </button>
      </form>
    </div>
  );
}
