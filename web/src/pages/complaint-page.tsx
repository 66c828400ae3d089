import { useState } from 'react';
import { api } from '../api-client.ts';
import { LoadError, useLoad } from '../components/load.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../router.tsx';
import type { BankGroups, IntakeMatch, MatchedBorrower } from '../types.ts';

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

const keyOf = (b: Pick<MatchedBorrower, 'bank' | 'borrowerId'>) => `${b.bank}\u0000${b.borrowerId}`;

/**
 * Complaint intake: the bank chosen from the bank list (never typed), the borrower found by phone
 * number, name or borrower id and shown with their calls before anything is saved; with no match,
 * saving needs an explicit confirmation (the server refuses it otherwise).
 */
export function ComplaintPage() {
  const { t, formatDateTime } = useI18n();
  const banks = useLoad(() => api<{ banks: BankGroups }>('GET', '/api/banks'), []);
  const [form, setForm] = useState({ bank: '', phone: '', name: '', borrowerId: '', channel: 'phone', receivedAt: nowLocal(), content: '', borrowerRequest: '' });
  const [match, setMatch] = useState<IntakeMatch | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [confirmNoMatch, setConfirmNoMatch] = useState(false);
  const [error, setError] = useState('');
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [k]: e.target.value });
    // A changed lookup makes the earlier matches stale.
    if (k === 'bank' || k === 'phone' || k === 'name' || k === 'borrowerId') {
      setMatch(null);
      setChosen(null);
      setConfirmNoMatch(false);
    }
  };
  const lookup = () => ({
    bank: form.bank,
    ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    ...(form.borrowerId.trim() ? { borrowerId: form.borrowerId.trim() } : {}),
  });
  const find = () => {
    setError('');
    api<IntakeMatch>('POST', '/api/complaints/match', lookup())
      .then((m) => {
        setMatch(m);
        setChosen(m.borrowers.length === 1 ? keyOf(m.borrowers[0]!) : null);
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const selected = match?.borrowers.find((b) => keyOf(b) === chosen);
  const canSave = match !== null && (selected !== undefined || (confirmNoMatch && form.borrowerId.trim() !== ''));

  if (banks.error) return <LoadError error={banks.error} />;
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
            ...lookup(),
            ...(selected ? { selected: { bank: selected.bank, borrowerId: selected.borrowerId } } : { confirmNoMatch }),
            channel: form.channel, receivedAt: localToIso(form.receivedAt), content: form.content,
            ...(form.borrowerRequest ? { borrowerRequest: form.borrowerRequest } : {}),
          })
            .then((r) => navigate(`/cases/${r.caseId}`))
            .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
        }}
      >
        <fieldset>
          <legend>{t('intake.lookup')}</legend>
          <label>{t('complaint.bank')}
            <select data-testid="complaint-bank" value={form.bank} onChange={set('bank')} required>
              <option value="">{t('intake.bankPick')}</option>
              {(banks.data?.banks ?? []).map((b) => (
                <option key={b.name} value={b.name}>{b.aliases.length ? `${b.name}（${b.aliases.join('、')}）` : b.name}</option>
              ))}
            </select>
          </label>
          <label>{t('intake.phone')}<input data-testid="complaint-phone" value={form.phone} onChange={set('phone')} inputMode="tel" /></label>
          <label>{t('intake.name')}<input data-testid="complaint-name" value={form.name} onChange={set('name')} /></label>
          <label>{t('complaint.borrowerId')}<input data-testid="complaint-borrower" value={form.borrowerId} onChange={set('borrowerId')} /></label>
          <button type="button" data-testid="complaint-find" disabled={!form.bank} onClick={find}>{t('intake.find')}</button>
        </fieldset>

        {match && (
          <div data-testid="complaint-matches">
            <h2>{t('intake.matches')}</h2>
            {match.borrowers.length === 0 ? <p className="notice" data-testid="complaint-no-match">{t('intake.noMatch')}</p> : (
              <ul className="matches">
                {match.borrowers.map((b) => (
                  <li key={keyOf(b)} data-testid={`match-${b.borrowerId}`}>
                    <label className="inline">
                      <input type="radio" name="borrower" checked={chosen === keyOf(b)} onChange={() => setChosen(keyOf(b))} data-testid={`choose-${b.borrowerId}`} />
                      {' '}<strong>{b.borrowerId}</strong> · {b.bank}{b.names.length ? ` · ${b.names.join('、')}` : ''}
                    </label>
                    <span className="muted"> · {t('intake.matchedBy', { how: b.matchedBy.map((m) => t(`intake.by.${m}`)).join(' + ') })}</span>
                    {b.openCase && <span className="muted"> · {t('intake.openCase', { id: b.openCase.id, status: b.openCase.status })}</span>}
                    <details open={match.borrowers.length === 1}>
                      <summary>{t('intake.calls')} ({b.calls.length})</summary>
                      <ul>
                        {b.calls.map((c) => (
                          <li key={c.id} className="small">{c.id} · {formatDateTime(c.startedAt)} · {c.agentId}{c.phone ? ` · ${c.phone}` : ''}{c.findings ? ` · ⚠ ${c.findings}` : ''}</li>
                        ))}
                      </ul>
                    </details>
                  </li>
                ))}
              </ul>
            )}
            {!selected && (
              <label className="inline">
                <input type="checkbox" data-testid="complaint-confirm-no-match" checked={confirmNoMatch} onChange={(e) => setConfirmNoMatch(e.target.checked)} />
                {' '}{t('intake.confirmNoMatch')}
              </label>
            )}
          </div>
        )}

        <label>{t('complaint.channel')}
          <select data-testid="complaint-channel" value={form.channel} onChange={set('channel')}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`channel.${c}`)}</option>)}
          </select>
        </label>
        <label>{t('complaint.receivedAt')}<input type="datetime-local" data-testid="complaint-received" value={form.receivedAt} onChange={set('receivedAt')} required /></label>
        <label>{t('complaint.content')}<textarea data-testid="complaint-content" rows={4} value={form.content} onChange={set('content')} required /></label>
        <label>{t('complaint.request')}<textarea data-testid="complaint-request" rows={2} value={form.borrowerRequest} onChange={set('borrowerRequest')} /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" data-testid="complaint-submit" disabled={!canSave}>{t('complaint.submit')}</button>
      </form>
    </section>
  );
}
