import { useState } from 'react';
import { ApiError, csrfHeader } from '../api-client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { Link } from '../router.tsx';

/** A recording and its metadata, sent to POST /api/calls (multipart) for the pipeline to analyse. */
export function UploadPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [transcript, setTranscript] = useState<File | null>(null);
  const [meta, setMeta] = useState({
    id: '', agentId: '', agentName: '', team: '', bank: '', borrowerId: '', phone: '', startedAt: '',
    direction: 'outbound', firstContact: false, language: 'zh-CN',
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string; callId?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const text = (k: keyof typeof meta, label: MessageKey, required = false) => (
    <label>{t(label)}
      <input data-testid={`upload-${k}`} value={String(meta[k])} required={required} onChange={(e) => setMeta({ ...meta, [k]: e.target.value })} />
    </label>
  );
  return (
    <section>
      <h1>{t('upload.title')}</h1>
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          const body = new FormData();
          const cleaned = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== ''));
          body.append('meta', JSON.stringify(cleaned));
          body.append('audio', file, file.name);
          if (transcript) body.append('transcript', transcript, transcript.name);
          setBusy(true);
          setMessage(null);
          fetch('/api/calls', { method: 'POST', body, headers: csrfHeader(), credentials: 'same-origin' })
            .then(async (res) => {
              const json = (await res.json()) as { kind?: string; callId?: string; message?: string; error?: string };
              if (!res.ok) throw new ApiError(res.status, json.error ?? 'error', json.message ?? res.statusText);
              const id = json.callId ?? meta.id;
              setMessage({ ok: true, callId: id, text: t(json.kind === 'new' ? 'upload.done' : 'upload.already', { id }) });
            })
            .catch((err: unknown) => setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) }))
            .finally(() => setBusy(false));
        }}
      >
        <label>{t('upload.file')}
          <input type="file" accept="audio/*,.amr,.gsm" data-testid="upload-file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label>{t('upload.transcript')}
          <input type="file" accept=".json,application/json" data-testid="upload-transcript" onChange={(e) => setTranscript(e.target.files?.[0] ?? null)} />
        </label>
        {text('id', 'upload.callId', true)}
        {text('agentId', 'upload.agentId', true)}
        {text('agentName', 'upload.agentName')}
        {text('team', 'upload.team')}
        {text('bank', 'upload.bank', true)}
        {text('borrowerId', 'upload.borrowerId', true)}
        {text('phone', 'upload.phone')}
        {text('startedAt', 'upload.startedAt', true)}
        <label>{t('upload.direction')}
          <select value={meta.direction} onChange={(e) => setMeta({ ...meta, direction: e.target.value })}>
            <option value="outbound">{t('call.direction.outbound')}</option>
            <option value="inbound">{t('call.direction.inbound')}</option>
          </select>
        </label>
        <label>{t('upload.language')}
          <select value={meta.language} onChange={(e) => setMeta({ ...meta, language: e.target.value })}>
            <option value="zh-CN">zh-CN</option>
            <option value="en-US">en-US</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={meta.firstContact} onChange={(e) => setMeta({ ...meta, firstContact: e.target.checked })} /> {t('upload.firstContact')}
        </label>
        <button type="submit" disabled={busy} data-testid="upload-submit">{t('upload.submit')}</button>
        {message && (
          <p className={message.ok ? 'notice' : 'error'} role="status" data-testid="upload-result">
            {message.text} {message.ok && message.callId && <Link to={`/calls/${encodeURIComponent(message.callId)}`}>→</Link>}
          </p>
        )}
      </form>
    </section>
  );
}
