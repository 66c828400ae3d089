import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api-client.ts';
import { SeverityBadge } from '../components/badges.tsx';
import { LoadError, useLoad } from '../components/load.tsx';
import { Waveform, type Peaks } from '../components/waveform.tsx';
import { CallQaBar } from '../components/call-qa-bar.tsx';
import { ManualFindingForm } from '../components/manual-finding-form.tsx';
import { SIGNAL_CATEGORIES, type Verdict } from '../qa-types.ts';
import { callTime, clock, highlight } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { CallDetail, Finding } from '../types.ts';

const DISMISS_REASONS = ['asr_error', 'wrong_speaker', 'context', 'rule_too_broad', 'duplicate', 'other'] as const;

/** Keys typed into a form field are text, not shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function CallPage({ callId }: { callId: string }) {
  const { t } = useI18n();
  const { user } = useSession();
  const detail = useLoad(() => api<CallDetail>('GET', `/api/calls/${encodeURIComponent(callId)}`), [callId]);
  const [peaks, setPeaks] = useState<Peaks | null>(null);
  const [positionMs, setPositionMs] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [dismissing, setDismissing] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [qaRefresh, setQaRefresh] = useState(0);
  const audio = useRef<HTMLAudioElement>(null);
  const canReview = user.role === 'qa_reviewer' || user.role === 'supervisor';

  const data = detail.data;
  useEffect(() => {
    if (!data?.call.hasAudio) return;
    let live = true;
    api<Peaks>('GET', `/api/calls/${encodeURIComponent(callId)}/peaks?buckets=800`)
      .then((p) => live && setPeaks(p))
      .catch(() => live && setPeaks(null));
    return () => {
      live = false;
    };
  }, [callId, data?.call.hasAudio]);

  const findings = useMemo(() => [...(data?.findings ?? [])].sort((a, b) => a.startMs - b.startMs || a.id - b.id), [data]);
  const segments = data?.transcript?.segments ?? [];
  const durationMs = peaks?.durationMs ?? data?.call.durationMs ?? segments.reduce((m, s) => Math.max(m, s.endMs), 0);
  const selected = findings.find((f) => f.id === selectedId) ?? null;

  const seek = useCallback((ms: number) => {
    setPositionMs(ms);
    if (audio.current) audio.current.currentTime = ms / 1000;
  }, []);
  const selectFinding = useCallback((f: Finding) => {
    setSelectedId(f.id);
    seek(f.startMs);
    document.getElementById(`finding-${f.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [seek]);
  const togglePlay = useCallback(() => {
    const a = audio.current;
    if (!a) return;
    if (a.paused) void a.play();
    else a.pause();
  }, []);

  const { update } = detail;
  const giveVerdict = useCallback(
    async (f: Finding, verdict: Verdict, reason?: string, note?: string) => {
      const r = await api<{ finding: Finding }>('PUT', `/api/findings/${f.id}/verdict`, { verdict, ...(reason ? { reason } : {}), ...(note ? { note } : {}) });
      update((d) => ({ ...d, findings: d.findings.map((x) => (x.id === r.finding.id ? r.finding : x)) }));
      setDismissing(null);
    },
    [update],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === ' ') {
        e.preventDefault();
        togglePlay();
      } else if (e.key === 'n') {
        const next = findings.find((f) => selected === null || f.startMs > selected.startMs || (f.startMs === selected.startMs && f.id > selected.id)) ?? findings[0];
        if (next) selectFinding(next);
      } else if (e.key === 'c' && selected && canReview && !SIGNAL_CATEGORIES.includes(selected.category)) {
        void giveVerdict(selected, 'confirmed');
      } else if (e.key === 'd' && selected && canReview && !SIGNAL_CATEGORIES.includes(selected.category)) {
        e.preventDefault();
        setDismissing(selected.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [findings, selected, selectFinding, togglePlay, giveVerdict, canReview]);

  if (detail.error) return <LoadError error={detail.error} />;
  if (!data) return <p className="loading">{t('app.loading')}</p>;
  const { call } = data;
  const termsBySegment = new Map<number, string[]>();
  for (const f of findings) {
    if (f.segmentIndex === null) continue;
    termsBySegment.set(f.segmentIndex, [...(termsBySegment.get(f.segmentIndex) ?? []), ...f.matched]);
  }
  const activeSegment = segments.find((s) => positionMs >= s.startMs && positionMs < s.endMs)?.index ?? null;

  return (
    <section className="call-page">
      <p><Link to="/queue">← {t('call.back')}</Link></p>
      <h1>{t('call.title', { id: call.id })}</h1>
      <dl className="facts">
        <dt>{t('queue.time')}</dt><dd>{callTime(call.startedAt)}</dd>
        <dt>{t('queue.agent')}</dt><dd>{call.agentName ? `${call.agentName} (${call.agentId})` : call.agentId}</dd>
        <dt>{t('queue.team')}</dt><dd>{call.team ?? '—'}</dd>
        <dt>{t('queue.bank')}</dt><dd>{call.bank}</dd>
        <dt>{t('queue.borrower')}</dt><dd>{call.borrowerId}{call.phone ? ` · ${call.phone}` : ''}</dd>
        <dt>{t('call.duration')}</dt><dd>{clock(durationMs)} · {t(`call.direction.${call.direction}`)}{call.firstContact ? ` · ${t('call.firstContact')}` : ''}</dd>
      </dl>
      {call.status === 'failed' && <p className="notice error" data-testid="call-failed">{t('call.failed', { reason: call.statusReason ?? '' })}</p>}
      {call.status !== 'failed' && call.status !== 'done' && <p className="notice" data-testid="call-pending">{t('call.pending', { status: call.status })}</p>}
      {data.masked && <p className="muted" data-testid="masked-note">{t('call.masked')}</p>}
      <CallQaBar callId={call.id} refreshKey={qaRefresh} onAddFinding={() => setAdding(true)} />
      {adding && (
        <ManualFindingForm
          callId={call.id}
          segments={segments}
          segmentIndex={activeSegment ?? selected?.segmentIndex ?? null}
          positionMs={positionMs}
          onCancel={() => setAdding(false)}
          onSaved={(f) => {
            setAdding(false);
            update((d) => ({ ...d, findings: [...d.findings, f] }));
            setSelectedId(f.id);
            setQaRefresh((n) => n + 1);
          }}
        />
      )}

      <div className="player">
        {call.hasAudio ? (
          <>
            <div className="controls">
              <button type="button" data-testid="play" onClick={togglePlay}>{playing ? t('call.pause') : t('call.play')}</button>
              <span className="time" data-testid="position">{clock(positionMs)} / {clock(durationMs)}</span>
              <span className="muted shortcuts">{t('call.shortcuts')}</span>
            </div>
            <Waveform peaks={peaks} durationMs={durationMs} positionMs={positionMs} findings={findings} selectedId={selectedId} onSeek={seek} onSelect={selectFinding} />
            <audio
              ref={audio}
              src={`/api/calls/${encodeURIComponent(call.id)}/audio`}
              preload="metadata"
              data-testid="audio"
              onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
              onSeeked={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
              onPlay={() => setPlaying(true)}
              onPause={() => setPlaying(false)}
            />
          </>
        ) : (
          <p className="notice">{t('call.noAudio')}</p>
        )}
      </div>

      <div className="call-columns">
        <div className="transcript">
          <h2>{t('call.transcript')}</h2>
          {data.transcript && <TranscriptEngine transcript={data.transcript} unreliable={findings.some((f) => f.category === 'transcript_quality')} />}
          {segments.length === 0 ? (
            <p className="notice">{t('call.noTranscript')}</p>
          ) : (
            <div className="lanes" data-testid="transcript">
              <div className="lane-head">{t('speaker.agent')}</div>
              <div className="lane-head">{t('speaker.customer')}</div>
              {segments.map((s) => (
                <button
                  type="button"
                  key={s.index}
                  data-testid={`segment-${s.index}`}
                  className={`segment lane-${s.speaker}${s.index === activeSegment ? ' active' : ''}`}
                  onClick={() => seek(s.startMs)}
                >
                  <span className="ts">{clock(s.startMs)}</span>
                  <span className="text">
                    {highlight(s.text, termsBySegment.get(s.index) ?? []).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                  </span>
                </button>
              ))}
            </div>
          )}
        </div>

        <div className="findings">
          <h2>{t('call.findings')} ({findings.length})</h2>
          {findings.map((f) => (
            <FindingCard
              key={f.id}
              finding={f}
              selected={f.id === selectedId}
              canReview={canReview}
              dismissing={dismissing === f.id}
              onSelect={() => selectFinding(f)}
              onConfirm={() => void giveVerdict(f, 'confirmed')}
              onSignal={(v) => void giveVerdict(f, v)}
              onStartDismiss={() => {
                setSelectedId(f.id);
                setDismissing(f.id);
              }}
              onCancelDismiss={() => setDismissing(null)}
              onDismiss={(reason, note) => void giveVerdict(f, 'dismissed', reason, note)}
            />
          ))}
          {data.cases.length > 0 && (
            <p className="muted">{t('call.cases')}: {data.cases.map((c) => <Link key={c.id} to={`/cases/${c.id}`}>#{c.id} </Link>)}</p>
          )}
        </div>
      </div>
    </section>
  );
}

function FindingCard({
  finding: f, selected, canReview, dismissing, onSelect, onConfirm, onSignal, onStartDismiss, onCancelDismiss, onDismiss,
}: {
  finding: Finding;
  selected: boolean;
  canReview: boolean;
  dismissing: boolean;
  onSelect: () => void;
  onConfirm: () => void;
  /** Borrower signals: noted / acted on instead of confirm / dismiss. */
  onSignal: (verdict: 'noted' | 'acted_on') => void;
  onStartDismiss: () => void;
  onCancelDismiss: () => void;
  onDismiss: (reason: string, note: string) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const reasonRef = useRef<HTMLSelectElement>(null);
  const signal = SIGNAL_CATEGORIES.includes(f.category);
  useEffect(() => {
    if (dismissing) reasonRef.current?.focus();
  }, [dismissing]);
  return (
    <article id={`finding-${f.id}`} data-testid={`finding-${f.id}`} className={`finding${selected ? ' selected' : ''}`} onClick={onSelect}>
      <header>
        <SeverityBadge severity={f.severity} />
        <strong>{f.title || f.ruleId}</strong>
        <span className="muted">{t(`category.${f.category}` as MessageKey)} · {t(`speaker.${f.speaker}`)} · {clock(f.startMs)}</span>
        {f.origin === 'manual' && <span className="pill" data-testid={`manual-${f.id}`}>{t('qa.manual.badge')} · {t('qa.manual.by', { user: f.createdBy ?? '' })}</span>}
        {signal && <span className="muted small">{t('qa.signal.hint')}</span>}
      </header>
      {f.quote && <blockquote>{f.quote}</blockquote>}
      {f.matched.length > 0 && <p className="muted">{t('finding.matched', { terms: f.matched.join('、') })}</p>}
      <p className="muted small">{t('finding.rule', { id: f.ruleId, version: f.ruleVersion.slice(0, 12) })}</p>
      {f.source && <p className="muted small">{t('finding.source', { source: f.source })}</p>}
      <footer onClick={(e) => e.stopPropagation()}>
        <span className={`verdict verdict-${f.verdict ?? 'none'}`} data-testid={`verdict-${f.id}`}>
          {f.verdict === 'confirmed' ? t('finding.confirmed') : f.verdict === 'dismissed' ? `${t('finding.dismissed')} · ${t(`reason.${f.verdictReason}` as MessageKey)}`
            : f.verdict === 'noted' ? t('qa.signal.note') : f.verdict === 'acted_on' ? t('qa.signal.act') : t('finding.unreviewed')}
          {f.verdictBy && f.verdictAt ? ` · ${t('finding.by', { user: f.verdictBy, time: formatDateTime(f.verdictAt) })}` : ''}
        </span>
        {canReview && signal && (
          <span className="actions">
            <button type="button" data-testid={`noted-${f.id}`} onClick={() => onSignal('noted')} disabled={f.verdict === 'noted'}>{t('qa.signal.note')}</button>
            <button type="button" data-testid={`acted-${f.id}`} onClick={() => onSignal('acted_on')} disabled={f.verdict === 'acted_on'}>{t('qa.signal.act')}</button>
          </span>
        )}
        {canReview && !signal && !dismissing && (
          <span className="actions">
            <button type="button" data-testid={`confirm-${f.id}`} onClick={onConfirm} disabled={f.verdict === 'confirmed'}>{t('finding.confirm')}</button>
            <button type="button" data-testid={`dismiss-${f.id}`} onClick={onStartDismiss} disabled={f.verdict === 'dismissed'}>{t('finding.dismiss')}</button>
          </span>
        )}
        {dismissing && (
          <form
            className="dismiss-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (reason) onDismiss(reason, note);
            }}
          >
            <label>{t('finding.reason')}
              <select ref={reasonRef} data-testid={`dismiss-reason-${f.id}`} value={reason} onChange={(e) => setReason(e.target.value)} required>
                <option value="" />
                {DISMISS_REASONS.map((r) => <option key={r} value={r}>{t(`reason.${r}`)}</option>)}
              </select>
            </label>
            <label>{t('finding.note')}
              <textarea data-testid={`dismiss-note-${f.id}`} value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
            </label>
            <button type="submit" data-testid={`dismiss-submit-${f.id}`}>{t('finding.submitDismiss')}</button>
            <button type="button" className="link" onClick={onCancelDismiss}>{t('finding.cancel')}</button>
          </form>
        )}
      </footer>
    </article>
  );
}

/**
 * The engine and, beside it, how far its text can be trusted. The verdict "unreliable" is the
 * transcript_quality finding's (the threshold is the policy's, on the server); the signals say why.
 */
function TranscriptEngine({ transcript, unreliable }: { transcript: NonNullable<CallDetail['transcript']>; unreliable: boolean }) {
  const { t } = useI18n();
  const engine = transcript.model ? `${transcript.engine} (${transcript.model})` : transcript.engine;
  const q = transcript.quality;
  return (
    <div className="transcript-engine" data-testid="transcript-engine">
      <p className="muted">
        {t('call.engine', { engine })}
        {' · '}
        {q ? (
          <span className={unreliable ? 'quality-unreliable' : undefined} data-testid="transcript-quality">
            {t('call.quality', { score: q.score.toFixed(2) })}
            {unreliable && ` — ${t('call.quality.unreliable')}`}
          </span>
        ) : (
          <span>{t('call.quality.none')}</span>
        )}
      </p>
      {q && q.signals.length > 0 && (
        <ul className="muted quality-signals">
          {q.signals.map((s) => (
            <li key={`${s.signal}-${s.speaker ?? ''}`}>{s.detail} (×{s.factor.toFixed(2)})</li>
          ))}
        </ul>
      )}
    </div>
  );
}
