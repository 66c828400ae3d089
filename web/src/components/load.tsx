import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api-client.ts';
import { Forbidden } from '../app.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** Loads data for a page; `reload` fetches again (after a change). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    setState((s) => ({ ...s, loading: true }));
    run()
      .then((data) => setState({ data, loading: false }))
      .catch((error: unknown) => setState({ error, loading: false }));
  }, [run]);
  useEffect(reload, [reload]);
  const update = useCallback((fn: (data: T) => T) => setState((s) => (s.data === undefined ? s : { ...s, data: fn(s.data) })), []);
  return { ...state, reload, update };
}

export function LoadError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.status === 403) return <Forbidden />;
  const message = error instanceof Error ? error.message : String(error);
  return <p className="notice error">{t('app.error', { message })}</p>;
}
