import { useState } from 'react';
import { api } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { Role, User } from '../types.ts';

const ROLES: Role[] = ['qa_reviewer', 'supervisor', 'compliance_officer', 'admin'];

interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export function AdminPage() {
  const { t, formatDateTime } = useI18n();
  const users = useLoad(() => api<{ users: (User & { disabled: boolean })[] }>('GET', '/api/users'), []);
  const auditLog = useLoad(() => api<{ events: AuditEvent[] }>('GET', '/api/audit?limit=100'), []);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'qa_reviewer' as Role, password: '', banks: '' });
  const [error, setError] = useState('');
  const act = (p: Promise<unknown>) =>
    p.then(() => { users.reload(); auditLog.reload(); setError(''); }).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  return (
    <section>
      <h1>{t('admin.users')}</h1>
      {users.error ? <LoadError error={users.error} /> : null}
      <table className="grid" data-testid="users">
        <thead><tr><th>{t('admin.username')}</th><th>{t('admin.displayName')}</th><th>{t('admin.role')}</th><th>{t('filter.bank')}</th><th /></tr></thead>
        <tbody>
          {(users.data?.users ?? []).map((u) => (
            <tr key={u.id} className={u.disabled ? 'struck' : ''}>
              <td>{u.username}</td><td>{u.displayName}</td>
              <td>
                <select data-testid={`role-${u.username}`} value={u.role} onChange={(e) => act(api('PATCH', `/api/users/${u.id}`, { role: e.target.value }))}>
                  {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                </select>
              </td>
              <td>{u.banks?.join('、') ?? t('filter.all')}</td>
              <td>
                <button type="button" onClick={() => act(api('PATCH', `/api/users/${u.id}`, { disabled: !u.disabled }))}>
                  {u.disabled ? t('admin.enable') : t('admin.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('admin.addUser')}</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const banks = form.banks.split(/[,，、]/).map((b) => b.trim()).filter(Boolean);
          act(api('POST', '/api/users', { username: form.username, displayName: form.displayName, role: form.role, password: form.password, banks: banks.length ? banks : null }))
            .then(() => setForm({ ...form, username: '', displayName: '', password: '' }));
        }}
      >
        <input placeholder={t('admin.username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required />
        <input placeholder={t('admin.displayName')} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />
        <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
          {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </select>
        <input type="password" placeholder={t('admin.password')} value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required minLength={10} />
        <input placeholder={t('admin.banks')} value={form.banks} onChange={(e) => setForm({ ...form, banks: e.target.value })} />
        <button type="submit">{t('admin.create')}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      <h1>{t('admin.audit')}</h1>
      <table className="grid small" data-testid="audit">
        <thead><tr><th>{t('audit.at')}</th><th>{t('audit.actor')}</th><th>{t('audit.action')}</th><th>{t('audit.entity')}</th><th>{t('audit.change')}</th></tr></thead>
        <tbody>
          {(auditLog.data?.events ?? []).map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.entityType} {e.entityId}</td>
              <td><code>{JSON.stringify(e.before)} → {JSON.stringify(e.after)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
