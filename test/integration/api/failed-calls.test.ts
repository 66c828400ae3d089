import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RetryCalls } from '../../../src/api/api-deps.ts';
import { createRetryCalls } from '../../../src/api/retry-calls.ts';
import type { NextJob } from '../../../src/pipeline/stage.ts';
import { repositories, type Db } from '../../../src/store/index.ts';
import { listAuditEvents } from '../../../src/store/review-app/audit-events.ts';
import { useApi } from './api-test-kit.ts';
import { addScopedUser, BANK_A, BANK_B, MOBILE, SCOPED_PASSWORD } from './privacy-seed.ts';

/**
 * The "needs attention" list and its retry: failed calls written through the repositories, the
 * retry planned by the pipeline's own planRetry; dispatched jobs are collected as the queue would
 * take them.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'cg-failed-'));
// The first 300 bytes of a real MP3: a recording cut off in transfer.
const truncated = path.join(scratch, 'truncated.mp3');
writeFileSync(truncated, readFileSync('fixtures/calls/zh-abusive.mp3').subarray(0, 300));

const dispatched: NextJob[] = [];
let dbRef: Db | undefined;
const retryCalls: RetryCalls = (ids) => createRetryCalls(dbRef!, async (jobs) => void dispatched.push(...jobs))(ids);

describe('failed calls in the review app', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const api = useApi({
    deps: { retryCalls, locateAudio: async (call) => (call.id === 'fail-a' ? truncated : undefined) },
    api: { playableCacheDir: scratch },
  });
  let seeded = false;
  const seed = async () => {
    if (seeded) return;
    seeded = true;
    dbRef = api.db;
    const calls = repositories(api.db).calls;
    const add = async (id: string, bank: string, audio: boolean) =>
      calls.insertIfNew({
        meta: { id, agentId: '8107', borrowerId: `B-${id}`, bank, startedAt: '2026-03-03T10:05:00+08:00', direction: 'outbound', firstContact: false, language: 'zh-CN' },
        source: 'recording',
        ...(audio ? { audioSha256: 'f'.repeat(64), audioFormat: 'mp3', audioBytes: 300 } : {}),
      });
    await add('fail-a', BANK_A, true);
    await add('fail-b', BANK_B, false);
    await add('ok-a', BANK_A, false);
    let parserText = '';
    try {
      JSON.parse(`我的手机是${MOBILE} {"segments": [`);
    } catch (err) {
      parserText = (err as Error).message;
    }
    await calls.markFailed('fail-a', 'transcribe', `transcript.json: not JSON: ${parserText}`);
    await calls.markFailed('fail-b', 'decode', 'the audio cannot be decoded (corrupt)');
    await addScopedUser(api.db, 'sup-a', 'supervisor', [BANK_A]);
    await addScopedUser(api.db, 'sup-b', 'supervisor', [BANK_B]);
  };
  const asUser = async (username: string, opts: { method: 'GET' | 'POST'; url: string }) => {
    const s = await api.login(username, SCOPED_PASSWORD);
    return api.inject({ ...opts, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
  };

  it('lists a failed call to a supervisor of its bank only, with the stage and a redacted reason', async () => {
    await seed();
    const a = await asUser('sup-a', { method: 'GET', url: '/api/calls/failed' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().total).toBe(1);
    const [item] = a.json().items;
    expect(item).toMatchObject({ callId: 'fail-a', bank: BANK_A, agentId: '8107', failedStage: 'transcribe', startedAt: '2026-03-03T10:05:00+08:00' });
    expect(item.reason).toMatch(/^transcript\.json: not JSON/);
    expect(item.reason).not.toContain('我的手机');
    expect(item.reason).not.toMatch(/\d{5}/);
    expect(Date.parse(item.failedAt)).not.toBeNaN();

    const b = await asUser('sup-b', { method: 'GET', url: '/api/calls/failed' });
    expect(b.json().items.map((i: { callId: string }) => i.callId)).toEqual(['fail-b']);
    // Unscoped accounts see both; a QA reviewer may not list them at all.
    const all = await api.request('admin', { method: 'GET', url: '/api/calls/failed' });
    expect(all.json().items.map((i: { callId: string }) => i.callId).sort()).toEqual(['fail-a', 'fail-b']);
    expect((await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/failed' })).statusCode).toBe(403);
  });

  it('answers a retry of another bank\'s call exactly like a missing one, and changes nothing', async () => {
    await seed();
    const other = await asUser('sup-a', { method: 'POST', url: '/api/calls/fail-b/retry' });
    const missing = await asUser('sup-a', { method: 'POST', url: '/api/calls/no-such-call/retry' });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
    expect((await repositories(api.db).calls.get('fail-b'))!.status).toBe('failed');
    expect((await api.request('qa_reviewer', { method: 'POST', url: '/api/calls/fail-a/retry' })).statusCode).toBe(403);
  });

  it('needs the CSRF token and this site\'s origin to retry', async () => {
    await seed();
    const s = await api.login('sup-a', SCOPED_PASSWORD);
    const res = await api.inject({ method: 'POST', url: '/api/calls/fail-a/retry', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('csrf');
    const crossSite = await api.inject({ method: 'POST', url: '/api/calls/fail-a/retry', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, origin: 'https://elsewhere.example' } });
    expect(crossSite.statusCode).toBe(403);
    expect((await repositories(api.db).calls.get('fail-a'))!.status).toBe('failed');
  });

  it('puts a failed call back at its failed stage, audited, and refuses a call that is not failed', async () => {
    await seed();
    const before = dispatched.length;
    const res = await asUser('sup-a', { method: 'POST', url: '/api/calls/fail-a/retry' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ callId: 'fail-a', stage: 'transcribe' });
    expect(dispatched.slice(before)).toEqual([{ name: 'transcribe', payload: { callId: 'fail-a' } }]);
    expect((await repositories(api.db).calls.get('fail-a'))!.status).toBe('received');
    const events = await listAuditEvents(api.db, { entityType: 'call', entityId: 'fail-a', limit: 10, banks: null });
    expect(events.find((e) => e.action === 'call.retry')).toMatchObject({ actor: 'sup-a', actorRole: 'supervisor', after: { status: 'received', stage: 'transcribe' } });
    // No longer on the list; a second retry is a 409, not a second job.
    expect((await asUser('sup-a', { method: 'GET', url: '/api/calls/failed' })).json().items).toEqual([]);
    const again = await asUser('sup-a', { method: 'POST', url: '/api/calls/fail-a/retry' });
    expect(again.statusCode).toBe(409);
    expect((await asUser('sup-a', { method: 'POST', url: '/api/calls/ok-a/retry' })).statusCode).toBe(409);
    expect(dispatched.length).toBe(before + 1);
  });

  it('answers the waveform of a truncated recording with 422 and the reason, not 500', async () => {
    await seed();
    const res = await api.request('supervisor', { method: 'GET', url: '/api/calls/fail-a/peaks' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ error: 'unplayable', message: 'the recording cannot be decoded (corrupt)' });
  });
});
