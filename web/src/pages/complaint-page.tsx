import { useState } from 'react';
import { api } from '../api-client.ts';
import { useLoad } from '../components/load.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.tsx';
import type { Filters } from '../types.ts';

const CHANNELS = ['phone', 'letter', 'bank', 'regulator', 'other'] as const;

/** "2026-03-02T10:30" in the browser's zone → ISO with offset, as the API wants. */
function localToIso(value: string): string {
  return new Date(value).toISOString();
}

function nowLocal(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function ComplaintPage() {
  const { t } = useI18n();
  const filters = useLoad(() => api<Filters>('GET', '/api/queue/filters'), []);
  const [form, setForm] = useState({ bank: '', borrowerId: '', channel: 'phone', receivedAt: nowLocal(), content: '', borrowerRequest: '' });
  const [error, setError] = useState('');
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <section>
      <h1>{t('complaint.title')}</h1>
      <form
        className="stacked"
        data-testid="complaint-form"
        onSubmit={(e) => {
          e.preventDefault();
          setError('');
          api<{ caseId: number }>('POST', '/api/complaints', {
            bank: form.bank, borrowerId: form.borrowerId.trim(), channel: form.channel, receivedAt: localToIso(form.receivedAt),
            content: form.content, ...(form.borrowerRequest ? { borrowerRequest: form.borrowerRequest } : {}),
          })
            .then((r) => navigate(`/cases/${r.caseId}`))
            .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
        }}
      >
        <label>{t('complaint.bank')}
          <input list="banks" data-testid="complaint-bank" value={form.bank} onChange={set('bank')} required />
          <datalist id="banks">{(filters.data?.banks ?? []).map((b) => <option key={b} value={b} />)}</datalist>
        </label>
        <label>{t('complaint.borrowerId')}<input data-testid="complaint-borrower" value={form.borrowerId} onChange={set('borrowerId')} required /></label>
        <label>{t('complaint.channel')}
          <select data-testid="complaint-channel" value={form.channel} onChange={set('channel')}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`channel.${c}`)}</option>)}
          </select>
        </label>
        <label>{t('complaint.receivedAt')}<input type="datetime-local" data-testid="complaint-received" value={form.receivedAt} onChange={set('receivedAt')} required /></label>
        <label>{t('complaint.content')}<textarea data-testid="complaint-content" rows={4} value={form.content} onChange={set('content')} required /></label>
        <label>{t('complaint.request')}<textarea data-testid="complaint-request" rows={2} value={form.borrowerRequest} onChange={set('borrowerRequest')} /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" data-testid="complaint-submit">{t('complaint.submit')}</button>
      </form>
    </section>
  );
}
