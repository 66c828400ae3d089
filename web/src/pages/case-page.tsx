import { useEffect, useState } from 'react';
import { api, downloadByPost } from '../api-client.ts';
import { SeverityBadge, StatusBadge } from '../components/badges.tsx';
import { DeadlineLabel } from '../components/deadline-label.tsx';
import { LoadError, useLoad } from '../components/load.tsx';
import { ReportPanel } from '../components/report-panel.tsx';
import { useNow } from '../components/use-now.ts';
import { callTime, clock } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { CaseDetail, NextStep } from '../types.ts';

const RELATIONS = ['borrower', 'relative', 'representative', 'other'] as const;
const COMPLAINT_CHANNELS = ['phone', 'letter', 'bank', 'regulator', 'other'] as const;
const CONTACT_CHANNELS = ['phone', 'sms', 'letter', 'visit', 'email', 'other'] as const;
const OUTCOMES = ['founded', 'unfounded', 'partly_founded'] as const;
const PARTIES = ['borrower', 'bank', 'other'] as const;

/** "2026-03-02T10:30" in the browser's zone, `hours` from now. */
function localInput(hours = 0): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}
const toIso = (local: string) => new Date(local).toISOString();

type Values = Record<string, string>;

/** One step's form: a field for each detail the procedure table requires of it (the API checks the same). */
function StepForm({ step, detail, onDone, onError }: { step: NextStep; detail: CaseDetail; onDone: () => void; onError: (m: string) => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const c = detail.case;
  const [v, setV] = useState<Values>(() => ({
    complainantRelation: 'borrower', complaintChannel: c.complaintChannel ?? 'phone', promisedResponseAt: localInput(24), solutionDueAt: localInput(72),
    outcome: 'founded', 'contact.at': localInput(), 'contact.by': user.displayName || user.username, 'contact.channel': step.action === 'report_to_bank' ? 'email' : 'phone',
  }));
  const [callIds, setCallIds] = useState<string[]>(() => detail.calls.filter((x) => x.chosen || x.findings.length > 0).map((x) => x.call.id));
  const set = (k: string) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const text = (k: string, rows = 0) => (
    <label key={k}>{t(`field.${k}` as MessageKey)}
      {rows ? <textarea data-testid={`field-${k}`} rows={rows} value={v[k] ?? ''} onChange={set(k)} required />
        : <input data-testid={`field-${k}`} value={v[k] ?? ''} onChange={set(k)} required />}
    </label>
  );
  const select = (k: string, options: readonly string[], prefix: string) => (
    <label key={k}>{t(`field.${k}` as MessageKey)}
      <select data-testid={`field-${k}`} value={v[k]} onChange={set(k)}>
        {options.map((o) => <option key={o} value={o}>{t(`${prefix}.${o}` as MessageKey)}</option>)}
      </select>
    </label>
  );
  const when = (k: string) => (
    <label key={k}>{t(`field.${k}` as MessageKey)}<input type="datetime-local" data-testid={`field-${k}`} value={v[k] ?? ''} onChange={set(k)} required /></label>
  );
  const field = (f: string) => {
    switch (f) {
      case 'reason': case 'complainantRequest': case 'solutionText': case 'causeAnalysis': case 'followUpNote': return text(f, 3);
      case 'complainantName': return text(f);
      case 'complainantRelation': return select(f, RELATIONS, 'relation');
      case 'complaintChannel': return select(f, COMPLAINT_CHANNELS, 'channel');
      case 'promisedResponseAt': case 'solutionDueAt': return when(f);
      case 'outcome': return select(f, OUTCOMES, 'outcome');
      case 'followUpCallId':
        return (
          <label key={f}>{t('field.followUpCallId')}
            <input data-testid="field-followUpCallId" list="case-call-ids" value={v[f] ?? ''} onChange={set(f)} required />
            <datalist id="case-call-ids">{detail.calls.map((x) => <option key={x.call.id} value={x.call.id} />)}</datalist>
          </label>
        );
      case 'callIds':
        return (
          <fieldset key={f} data-testid="field-callIds">
            <legend>{t('field.callIds')}</legend>
            {detail.calls.map(({ call }) => (
              <label key={call.id} className="inline">
                <input type="checkbox" data-testid={`pick-${call.id}`} checked={callIds.includes(call.id)}
                  onChange={(e) => setCallIds(e.target.checked ? [...callIds, call.id] : callIds.filter((id) => id !== call.id))} /> {call.id}{' '}
              </label>
            ))}
          </fieldset>
        );
      case 'contact':
        return (
          <fieldset key={f}>
            <legend>{t('field.contact')} · {t(`party.${step.action === 'report_to_bank' ? 'bank' : 'borrower'}`)}</legend>
            <label>{t('contact.at')}<input type="datetime-local" data-testid="contact-at" value={v['contact.at']} onChange={set('contact.at')} required /></label>
            <label>{t('contact.by')}<input data-testid="contact-by" value={v['contact.by']} onChange={set('contact.by')} required /></label>
            <label>{t('contact.channel')}
              <select data-testid="contact-channel" value={v['contact.channel']} onChange={set('contact.channel')}>
                {CONTACT_CHANNELS.map((o) => <option key={o} value={o}>{t(`contactChannel.${o}`)}</option>)}
              </select>
            </label>
            <label>{t('contact.summary')}<textarea data-testid="contact-summary" rows={3} value={v['contact.summary'] ?? ''} onChange={set('contact.summary')} required /></label>
          </fieldset>
        );
      default:
        return null;
    }
  };
  return (
    <form
      className="step-form"
      data-testid="step-form"
      onSubmit={(e) => {
        e.preventDefault();
        const body: Record<string, unknown> = { to: step.to };
        for (const f of step.required) {
          if (f === 'callIds') body.callIds = callIds;
          else if (f === 'contact') body.contact = { at: toIso(v['contact.at']!), by: v['contact.by'], channel: v['contact.channel'], summary: v['contact.summary'] };
          else if (f === 'promisedResponseAt' || f === 'solutionDueAt') body[f] = toIso(v[f]!);
          else body[f] = v[f];
        }
        if (step.action === 'accept' && v.complainantContact) body.complainantContact = v.complainantContact;
        api('POST', `/api/cases/${c.id}/transition`, body).then(onDone, (err: unknown) => onError(err instanceof Error ? err.message : String(err)));
      }}
    >
      <h3>{t(`step.${step.action}` as MessageKey)} → {t(`status.${step.to}`)}</h3>
      {step.required.map(field)}
      {step.action === 'accept' && (
        <label>{t('field.complainantContact')}<input data-testid="field-complainantContact" value={v.complainantContact ?? ''} onChange={set('complainantContact')} /></label>
      )}
      <button type="submit" data-testid="step-submit">{t(`step.${step.action}` as MessageKey)}</button>
    </form>
  );
}

export function CasePage({ caseId }: { caseId: number }) {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const now = useNow();
  const detail = useLoad(() => api<CaseDetail>('GET', `/api/cases/${caseId}`), [caseId]);
  const assignees = useLoad(() => api<{ users: { username: string; displayName: string }[] }>('GET', `/api/assignees?caseId=${caseId}`), [caseId]);
  const [error, setError] = useState('');
  const [step, setStep] = useState<NextStep | null>(null);
  const [note, setNote] = useState('');
  const [contact, setContact] = useState({ party: 'borrower', channel: 'phone', at: localInput(), by: user.displayName || user.username, summary: '' });
  const [chosen, setChosen] = useState<string[]>([]);
  const [extension, setExtension] = useState({ days: '30', reason: '' });
  const [draft, setDraft] = useState({ causeAnalysis: '', disputeHandling: '', lessonsLearned: '' });
  const [saved, setSaved] = useState(false);
  const [reportError, setReportError] = useState<string | null>(null);

  useEffect(() => {
    if (detail.data) {
      const { causeAnalysis, disputeHandling, lessonsLearned } = detail.data.draft;
      setDraft({ causeAnalysis, disputeHandling, lessonsLearned });
      setChosen(detail.data.calls.filter((x) => x.chosen).map((x) => x.call.id));
    }
  }, [detail.data]);

  const act = async (fn: () => Promise<unknown>) => {
    setError('');
    try {
      await fn();
      detail.reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  if (detail.error) return <LoadError error={detail.error} />;
  if (!detail.data) return <p className="loading">{t('app.loading')}</p>;
  const { case: c, calls, events, complaints, contacts } = detail.data;
  const open = c.status !== 'closed' && c.status !== 'dismissed';
  const complaintCase = c.kind === 'complaint';

  return (
    <section className="case-page">
      <p><Link to="/cases">← {t('case.back')}</Link></p>
      <h1>{t('case.title', { id: c.id })} <span className="muted" data-testid="case-kind">{t(`kind.${c.kind}`)}</span> <StatusBadge status={c.status} /></h1>
      {c.conflictOfInterest && <p className="conflict" data-testid="conflict">{t('case.conflict')}</p>}
      <dl className="facts">
        <dt>{t('queue.bank')}</dt><dd>{c.bank}</dd>
        <dt>{t('cases.borrower')}</dt><dd>{c.borrowerId}</dd>
        <dt>{t('cases.risk')}</dt><dd>{c.riskScore}</dd>
        <dt>{t('cases.assigned')}</dt>
        <dd>
          <select
            data-testid="assignee"
            value={c.assignedTo ?? ''}
            onChange={(e) => void act(() => api('PUT', `/api/cases/${c.id}/assignee`, { assignee: e.target.value || null }))}
          >
            <option value="">{t('case.unassigned')}</option>
            {(assignees.data?.users ?? []).map((u) => <option key={u.username} value={u.username}>{u.displayName || u.username}</option>)}
          </select>
        </dd>
        {c.complainantName && <><dt>{t('case.complainant')}</dt><dd data-testid="complainant">{c.complainantName} · {t(`relation.${c.complainantRelation ?? 'other'}`)}{c.complainantContact ? ` · ${c.complainantContact}` : ''}</dd></>}
        {c.complainantRequest && <><dt>{t('field.complainantRequest')}</dt><dd>{c.complainantRequest}</dd></>}
        {c.promisedResponseAt && <><dt>{t('field.promisedResponseAt')}</dt><dd>{formatDateTime(c.promisedResponseAt)}</dd></>}
        {c.solutionText && <><dt>{t('case.solution')}</dt><dd>{c.solutionText}{c.solutionDueAt ? ` · ${t('deadline.due', { time: formatDateTime(c.solutionDueAt) })}` : ''}</dd></>}
        {c.outcome && <><dt>{t('case.outcome')}</dt><dd data-testid="outcome">{t(`outcome.${c.outcome}`)}</dd></>}
        {c.causeAnalysis && <><dt>{t('field.causeAnalysis')}</dt><dd>{c.causeAnalysis}</dd></>}
        {c.followUpCallId && <><dt>{t('case.followUpCall')}</dt><dd><Link to={`/calls/${encodeURIComponent(c.followUpCallId)}`}>{c.followUpCallId}</Link>{c.followUpNote ? ` · ${c.followUpNote}` : ''}</dd></>}
      </dl>
      <p className="muted">{t('case.openedReason', { reason: t(`openedReason.${c.openedReason}` as MessageKey) })}</p>
      {c.reportedToBankAt && c.reportedToBankBy && (
        <p className="muted" data-testid="reported">{t('case.reportedBy', { user: c.reportedToBankBy, time: formatDateTime(c.reportedToBankAt) })}</p>
      )}
      {error && <p className="error" role="alert">{error}</p>}

      <h2>{t('case.deadlines')}</h2>
      <table className="deadlines" data-testid="deadlines">
        <tbody>
          {c.deadlines.map((d) => (
            <tr key={d.name}>
              <th>{t(`deadline.${d.name}`)}{d.owner === 'bank' ? <span className="muted"> · {t('deadline.bankOwned')}</span> : null}</th>
              <td><DeadlineLabel deadline={d} now={now} /></td>
              <td className="muted">{d.dueAt ? t('deadline.due', { time: formatDateTime(d.dueAt) }) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="case-columns">
        <div>
          <h2>{t('case.nextSteps')}</h2>
          {c.nextSteps.length === 0 ? <p className="muted">{t('case.final')}</p> : (
            <div className="transitions">
              {c.nextSteps.map((s) => (
                <button type="button" key={s.action} data-testid={`step-${s.action}`} className={step?.action === s.action ? 'active' : ''}
                  disabled={!s.allowed || c.conflictOfInterest !== null} onClick={() => setStep(s)}>
                  {t(`step.${s.action}` as MessageKey)}
                </button>
              ))}
            </div>
          )}
          {step && c.nextSteps.some((s) => s.action === step.action) && (
            <StepForm key={step.action} step={step} detail={detail.data} onError={setError} onDone={() => { setError(''); setStep(null); detail.reload(); }} />
          )}

          {complaintCase && (
            <>
              <h2>{t('case.contacts')} ({contacts.length})</h2>
              {contacts.length === 0 ? <p className="muted">{t('case.noContacts')}</p> : (
                <ol className="contacts" data-testid="contacts">
                  {contacts.map((x) => (
                    <li key={x.id} data-party={x.party}>
                      <span className="muted">{formatDateTime(x.at)} · {x.by} · {t(`party.${x.party}`)} · {t(`contactChannel.${x.channel}`)}{x.callId ? ` · ${x.callId}` : ''}</span>
                      <p>{x.summary}</p>
                    </li>
                  ))}
                </ol>
              )}
              {open && (
                <form
                  className="stacked step-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void act(async () => {
                      await api('POST', `/api/cases/${c.id}/contacts`, { ...contact, at: toIso(contact.at) });
                      setContact({ ...contact, summary: '' });
                    });
                  }}
                >
                  <h3>{t('case.addContact')}</h3>
                  <label>{t('contact.party')}
                    <select data-testid="new-contact-party" value={contact.party} onChange={(e) => setContact({ ...contact, party: e.target.value })}>
                      {PARTIES.map((p) => <option key={p} value={p}>{t(`party.${p}`)}</option>)}
                    </select>
                  </label>
                  <label>{t('contact.channel')}
                    <select value={contact.channel} onChange={(e) => setContact({ ...contact, channel: e.target.value })}>
                      {CONTACT_CHANNELS.map((o) => <option key={o} value={o}>{t(`contactChannel.${o}`)}</option>)}
                    </select>
                  </label>
                  <label>{t('contact.at')}<input type="datetime-local" value={contact.at} onChange={(e) => setContact({ ...contact, at: e.target.value })} required /></label>
                  <label>{t('contact.by')}<input value={contact.by} onChange={(e) => setContact({ ...contact, by: e.target.value })} required /></label>
                  <label>{t('contact.summary')}<textarea data-testid="new-contact-summary" rows={2} value={contact.summary} onChange={(e) => setContact({ ...contact, summary: e.target.value })} required /></label>
                  <button type="submit" data-testid="add-contact" disabled={c.conflictOfInterest !== null}>{t('case.addContact')}</button>
                </form>
              )}
            </>
          )}

          <h2>{t('case.calls')} ({calls.length})</h2>
          <ul className="case-calls" data-testid="case-calls">
            {calls.map(({ call, findings }) => (
              <li key={call.id} data-testid={`case-call-${call.id}`}>
                {complaintCase && open && (
                  <input type="checkbox" data-testid={`chosen-${call.id}`} title={t('case.chosen')} checked={chosen.includes(call.id)}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, call.id] : chosen.filter((id) => id !== call.id))} />
                )}{' '}
                <Link to={`/calls/${encodeURIComponent(call.id)}`}>{call.id}</Link>{' '}
                <span className="muted">{callTime(call.startedAt)} · {call.agentName ?? call.agentId}</span>
                {findings.length === 0 ? <p className="muted small">{t('case.noFindings')}</p> : (
                  <ul>
                    {findings.map((f) => (
                      <li key={f.id} className={f.verdict === 'dismissed' ? 'struck' : ''}>
                        <SeverityBadge severity={f.severity} /> {f.title || f.ruleId} <span className="muted">{clock(f.startMs)}</span>
                        {f.quote && <q>{f.quote}</q>}
                        {f.verdict && <span className="muted"> · {t(f.verdict === 'confirmed' ? 'finding.confirmed' : 'finding.dismissed')}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
          {complaintCase && open && calls.length > 0 && (
            <button type="button" data-testid="save-chosen" disabled={c.conflictOfInterest !== null}
              onClick={() => void act(() => api('PUT', `/api/cases/${c.id}/chosen-calls`, { callIds: chosen }))}>{t('case.saveChosen')}</button>
          )}

          <h2>{t('case.complaints')} ({complaints.length})</h2>
          {complaints.map((cp) => (
            <div key={cp.id} className="complaint" data-testid={`complaint-${cp.id}`}>
              <p className="muted">{t(`channel.${cp.channel}` as MessageKey)} · {formatDateTime(cp.receivedAt)} · {cp.createdBy}{cp.phoneMasked ? ` · ${cp.phoneMasked}` : ''}</p>
              <p>{cp.content}</p>
              {cp.borrowerRequest && <p className="muted">{t('complaint.request')}: {cp.borrowerRequest}</p>}
            </div>
          ))}

          {complaintCase && open && (
            <form
              className="stacked step-form"
              onSubmit={(e) => {
                e.preventDefault();
                void act(() => api('POST', `/api/cases/${c.id}/regulator-extension`, { days: Number(extension.days), reason: extension.reason }));
              }}
            >
              <h3>{t('case.regulatorExtend')}</h3>
              <label>{t('case.extensionDays')}<input type="number" min={1} max={60} value={extension.days} onChange={(e) => setExtension({ ...extension, days: e.target.value })} required /></label>
              <label>{t('case.extensionReason')}<input value={extension.reason} onChange={(e) => setExtension({ ...extension, reason: e.target.value })} required /></label>
              <button type="submit" disabled={c.conflictOfInterest !== null}>{t('case.regulatorExtend')}</button>
            </form>
          )}

          <h2>{t('case.report')}</h2>
          <form
            className="report-form"
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await api('PUT', `/api/cases/${c.id}/report-draft`, draft);
                setSaved(true);
              });
            }}
          >
            {(['causeAnalysis', 'disputeHandling', 'lessonsLearned'] as const).map((k) => (
              <label key={k}>{t(`case.${k}`)}
                <textarea data-testid={`draft-${k}`} rows={3} value={draft[k]} onChange={(e) => { setSaved(false); setDraft({ ...draft, [k]: e.target.value }); }} />
              </label>
            ))}
            <button type="submit" data-testid="save-draft">{t('case.saveDraft')}</button> {saved && <span className="muted" data-testid="draft-saved">{t('case.saved')}</span>}
          </form>
          <p>
            <button type="button" className="button" data-testid="download-report" onClick={() => {
              setReportError(null);
              downloadByPost(`/api/cases/${c.id}/report.pdf`, `case-${c.id}-report.pdf`).catch((err: unknown) => setReportError(err instanceof Error ? err.message : String(err)));
            }}>{t('case.downloadReport')}</button>
            {reportError ? <span className="error"> {reportError}</span> : null}
          </p>
          <ReportPanel caseId={c.id} />
        </div>

        <div>
          <h2>{t('case.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {events.map((e) => (
              <li key={e.id} data-kind={e.kind}>
                <span className="muted">{formatDateTime(e.at)} · {e.actor}</span>
                <strong> {t(`event.${e.kind}` as MessageKey)}</strong>
                {e.kind === 'status' && e.fromStatus && e.toStatus && <span> {t(`status.${e.fromStatus}`)} → {t(`status.${e.toStatus}`)}</span>}
                {typeof e.body.text === 'string' && <p>{e.body.text}</p>}
                {e.kind === 'status' && (['reason', 'note'] as const).map((k) => typeof e.body[k] === 'string' ? <p key={k}>{e.body[k] as string}</p> : null)}
                {e.kind === 'assigned' && <span> → {String(e.body.assignee ?? t('case.unassigned'))}</span>}
                {(e.kind === 'call_added' || e.kind === 'calls_chosen') && Array.isArray(e.body.callIds) && <span> {(e.body.callIds as string[]).join(', ')}</span>}
                {(e.kind === 'deadline_warning' || e.kind === 'deadline_breached') && typeof e.body.deadline === 'string' && (
                  <span> {t(`deadline.${e.body.deadline}` as MessageKey)} · {Math.round(Number(e.body.threshold) * 100)}%</span>
                )}
                {e.kind === 'contact_recorded' && typeof e.body.party === 'string' && <span> {t(`party.${e.body.party}` as MessageKey)}</span>}
              </li>
            ))}
          </ol>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await api('POST', `/api/cases/${c.id}/notes`, { text: note });
                setNote('');
              });
            }}
          >
            <label>{t('case.note')}
              <textarea data-testid="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} required />
            </label>
            <button type="submit" data-testid="add-note">{t('case.addNote')}</button>
          </form>
        </div>
      </div>
    </section>
  );
}
