import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestUpload } from '../../../src/api/api-deps.ts';
import { deliveredText } from '../../../src/store/delivered-transcripts.ts';
import { ingestUpload } from '../../../src/pipeline/intake/ingest-batch.ts';
import type { NextJob } from '../../../src/pipeline/stage.ts';
import { DirectoryAudioStore } from '../../../src/store/directory-audio-store.ts';
import { repositories, type Db } from '../../../src/store/index.ts';
import { useApi } from './api-test-kit.ts';

/** POST /api/calls through the pipeline's own registration; dispatched jobs are collected as the queue would take them. */
const audioDir = mkdtempSync(path.join(tmpdir(), 'cg-upload-'));
const dispatched: NextJob[] = [];
let dbRef: Db | undefined;
const upload: IngestUpload = async ({ audioPath, meta, phone, transcriptText }) =>
  ingestUpload({ db: dbRef!, audio: new DirectoryAudioStore(audioDir) }, { meta, audioPath, ...(phone ? { phone } : {}), ...(transcriptText ? { transcriptText } : {}) }, async (jobs) => {
    dispatched.push(...jobs);
  });

function multipart(meta: unknown, file?: { name: string; bytes: Buffer }, transcript?: string) {
  const boundary = '----callguardtest';
  const parts: Buffer[] = [];
  if (meta !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n${typeof meta === 'string' ? meta : JSON.stringify(meta)}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="${file.name}"\r\nContent-Type: audio/mpeg\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  if (transcript !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="transcript"; filename="t.json"\r\nContent-Type: application/json\r\n\r\n${transcript}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('POST /api/calls', () => {
  const api = useApi({ deps: { ingestUpload: upload } });
  afterAll(() => rmSync(audioDir, { recursive: true, force: true }));

  const meta = {
    id: 'upload-1', agentId: '9001', borrowerId: 'B-9', bank: '建设银行', startedAt: '2026-03-05T10:00:00+08:00',
    direction: 'outbound', firstContact: false, language: 'zh-CN', phone: '13700001111',
  };
  const bytes = readFileSync('fixtures/calls/zh-compliant.mp3');

  it('registers an uploaded recording, queues its ingest, and treats a repeat as already stored', async () => {
    dbRef = api.db;
    const first = await api.request('supervisor', { method: 'POST', url: '/api/calls', ...multipart(meta, { name: 'a.mp3', bytes }) });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ kind: 'new', callId: 'upload-1' });
    expect(dispatched).toEqual([{ name: 'ingest', payload: { callId: 'upload-1' } }]);
    const call = await repositories(api.db).calls.get('upload-1');
    expect(call).toMatchObject({ bank: '建设银行', phone: '13700001111', audioFormat: 'mp3', audioBytes: bytes.length });

    const again = await api.request('supervisor', { method: 'POST', url: '/api/calls', ...multipart(meta, { name: 'a.mp3', bytes }) });
    expect(again.statusCode).toBe(200);
    expect(again.json().kind).toBe('already');
    const other = await api.request('admin', { method: 'POST', url: '/api/calls', ...multipart({ ...meta, id: 'upload-2' }, { name: 'b.mp3', bytes }) });
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toBe('duplicate_recording');
    const audits = await api.db.query(`SELECT after FROM audit_events WHERE action = 'call.upload' ORDER BY id`);
    expect(audits.rows.map((r) => (r.after as { outcome: string }).outcome)).toEqual(['new', 'already', 'duplicate_recording']);
  });

  it('says nothing about calls of other banks: no ids, one answer', async () => {
    dbRef = api.db;
    const { hashPassword } = await import('../../../src/api/auth/password.ts');
    const { insertUser } = await import('../../../src/store/review-app/users.ts');
    await insertUser(api.db, { username: 'sup-icbc', role: 'supervisor', passwordHash: await hashPassword('another long pass'), banks: ['工商银行'] });
    const s = await api.login('sup-icbc', 'another long pass');
    const post = (m: unknown, name: string) => api.inject({ method: 'POST', url: '/api/calls', ...multipart(m, { name, bytes: readFileSync('fixtures/calls/en-violation.opus') }), headers: { ...multipart(m).headers, cookie: s.cookie, 'x-csrf-token': s.csrf } });
    // The 建设银行 call stored by another user; this user uploads the same recording and the same id under their own bank.
    const first = await api.request('supervisor', { method: 'POST', url: '/api/calls', ...multipart({ ...meta, id: 'ccb-secret-7' }, { name: 'x.mp3', bytes: readFileSync('fixtures/calls/en-violation.opus') }) });
    expect(first.statusCode).toBe(201);
    const sameRecording = await post({ ...meta, id: 'icbc-1', bank: '工商银行' }, 'y.mp3');
    const sameId = await post({ ...meta, id: 'ccb-secret-7', bank: '工商银行' }, 'y.mp3');
    for (const res of [sameRecording, sameId]) {
      expect(res.statusCode).toBe(409);
      expect(res.body).not.toContain('ccb-secret-7');
    }
    expect(sameRecording.json()).toEqual(sameId.json());
  });

  it('keeps a transcript delivered with the recording for the sidecar engine', async () => {
    dbRef = api.db;
    const transcript = readFileSync('fixtures/calls/zh-abusive.transcript.json', 'utf8');
    const res = await api.request('supervisor', {
      method: 'POST', url: '/api/calls',
      ...multipart({ ...meta, id: 'upload-sidecar' }, { name: 'z.mp3', bytes: readFileSync('fixtures/calls/zh-abusive.mp3') }, transcript),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await deliveredText(api.db, 'upload-sidecar')).toBe(transcript);
  });

  it('refuses bad metadata, a missing file, and roles that do not upload', async () => {
    dbRef = api.db;
    const noOffset = await api.request('supervisor', { method: 'POST', url: '/api/calls', ...multipart({ ...meta, id: 'u3', startedAt: '2026-03-05T10:00:00' }, { name: 'c.mp3', bytes }) });
    expect(noOffset.statusCode).toBe(400);
    expect(noOffset.json().message).toMatch(/startedAt/);
    const notJson = await api.request('supervisor', { method: 'POST', url: '/api/calls', ...multipart('{oops', { name: 'c.mp3', bytes }) });
    expect(notJson.statusCode).toBe(400);
    const noFile = await api.request('supervisor', { method: 'POST', url: '/api/calls', ...multipart({ ...meta, id: 'u4' }) });
    expect(noFile.statusCode).toBe(400);
    const qa = await api.request('qa_reviewer', { method: 'POST', url: '/api/calls', ...multipart({ ...meta, id: 'u5' }, { name: 'c.mp3', bytes }) });
    expect(qa.statusCode).toBe(403);
  });
});
