import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useApi } from './api-test-kit.ts';
import { repositories } from '../../../src/store/index.ts';
import { audioFiles, locateSeededAudio, MARKUP, PII_CALL_ID, PII_ID_CARD, PII_PHONE, seedReviewData } from './seed-review-data.ts';

describe('QA review API', () => {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'cg-playable-'));
  const api = useApi({
    api: { playableCacheDir: cacheDir },
    deps: { locateAudio: locateSeededAudio },
  });
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  let seeded = false;
  const seed = async () => {
    if (!seeded) await seedReviewData(api.db);
    seeded = true;
  };

  it('lists flagged calls by risk, filterable, and hides clean ones', async () => {
    await seed();
    const res = await api.request('qa_reviewer', { method: 'GET', url: '/api/queue' });
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json() as { items: { callId: string; risk: number }[]; total: number };
    expect(total).toBe(items.length);
    const risks = items.map((i) => i.risk);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    expect(items.map((i) => i.callId)).toContain('zh-abusive');
    // What the queue can be filtered by (its answer checked against its response schema, as every answer here).
    const filters = await api.request('qa_reviewer', { method: 'GET', url: '/api/queue/filters' });
    expect(filters.statusCode).toBe(200);
    expect(filters.json().banks).toContain('招商银行');
    expect(items.map((i) => i.callId)).not.toContain('en-compliant');

    const zhThreat = await api.request('qa_reviewer', { method: 'GET', url: '/api/queue?category=threat&bank=%E5%BB%BA%E8%AE%BE%E9%93%B6%E8%A1%8C' });
    expect(zhThreat.json().items.map((i: { callId: string }) => i.callId)).toEqual(['zh-abusive']);
    const critical = await api.request('qa_reviewer', { method: 'GET', url: '/api/queue?minSeverity=critical' });
    expect(critical.json().items.map((i: { callId: string }) => i.callId).sort()).toEqual(['en-violation', 'zh-impersonation']);
    const bad = await api.request('qa_reviewer', { method: 'GET', url: '/api/queue?minSeverity=apocalyptic' });
    expect(bad.statusCode).toBe(400);
  });

  it('masks personal numbers for QA and shows them to supervisors', async () => {
    await seed();
    const qa = (await api.request('qa_reviewer', { method: 'GET', url: `/api/calls/${PII_CALL_ID}` })).json();
    const qaText = JSON.stringify(qa);
    expect(qaText).not.toContain(PII_PHONE);
    expect(qaText).not.toContain(PII_ID_CARD);
    expect(qaText).not.toContain('13800138000');
    expect(qaText).not.toContain('6222 0212');
    expect(qa.transcript.segments[1].text).toBe('我的手机是*******5678，身份证**************002X。');
    expect(qa.call.phone).toBe('*******8000');
    expect(qa.masked).toBe(true);
    // The engine's name comes with the transcript's quality estimate, which the call page shows beside it.
    expect(qa.transcript).toMatchObject({ engine: 'sidecar', quality: { engine: 'sidecar', score: expect.any(Number), signals: expect.any(Array) } });

    const sup = (await api.request('supervisor', { method: 'GET', url: `/api/calls/${PII_CALL_ID}` })).json();
    expect(sup.transcript.segments[1].text).toContain(PII_PHONE);
    expect(sup.call.phone).toBe('13800138000');
  });

  it('returns markup in a transcript as plain JSON text, never as HTML', async () => {
    await seed();
    const res = await api.request('qa_reviewer', { method: 'GET', url: `/api/calls/${PII_CALL_ID}` });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json().transcript.segments[2].text).toContain(MARKUP);
  });

  it('refuses a QA search for a phone number but finds words in Chinese and English', async () => {
    await seed();
    const pii = await api.request('qa_reviewer', { method: 'GET', url: `/api/search?q=${PII_PHONE}` });
    expect(pii.statusCode).toBe(403);
    const zh = (await api.request('qa_reviewer', { method: 'GET', url: `/api/search?q=${encodeURIComponent('老赖')}` })).json();
    expect(zh.hits.map((h: { callId: string }) => h.callId).sort()).toEqual(['zh-abusive', PII_CALL_ID]);
    expect(zh.hits[0].segments[0].text).toContain('老赖');
    const both = (await api.request('qa_reviewer', { method: 'GET', url: `/api/search?q=${encodeURIComponent('老赖 委托')}` })).json();
    expect(both.hits.map((h: { callId: string }) => h.callId)).toEqual([PII_CALL_ID]);
    const like = (await api.request('qa_reviewer', { method: 'GET', url: `/api/search?q=${encodeURIComponent('%')}` })).json();
    expect(like.hits).toEqual([]);
  });

  it('stores a verdict with the reviewer and rule version, and audits it', async () => {
    await seed();
    const call = (await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/zh-abusive' })).json();
    const [first, second] = call.findings as { id: number; ruleVersion: string }[];
    const noReason = await api.request('qa_reviewer', { method: 'PUT', url: `/api/findings/${second!.id}/verdict`, payload: { verdict: 'dismissed' } });
    expect(noReason.statusCode).toBe(400);
    const ok = await api.request('qa_reviewer', { method: 'PUT', url: `/api/findings/${first!.id}/verdict`, payload: { verdict: 'confirmed', note: '确认辱骂' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().finding).toMatchObject({ verdict: 'confirmed', verdictBy: 'qa_reviewer', ruleVersion: first!.ruleVersion });
    const dis = await api.request('qa_reviewer', { method: 'PUT', url: `/api/findings/${second!.id}/verdict`, payload: { verdict: 'dismissed', reason: 'asr_error' } });
    expect(dis.json().finding).toMatchObject({ verdict: 'dismissed', verdictReason: 'asr_error' });
    const { rows } = await api.db.query<{ actor: string; before: { verdict: string | null }; after: { verdict: string; ruleVersion: string } }>(
      `SELECT actor, before, after FROM audit_events WHERE action = 'finding.verdict' AND entity_id = $1`,
      [String(first!.id)],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'qa_reviewer', before: { verdict: null }, after: { verdict: 'confirmed', ruleVersion: first!.ruleVersion } });
    const missing = await api.request('qa_reviewer', { method: 'PUT', url: '/api/findings/999999/verdict', payload: { verdict: 'confirmed' } });
    expect(missing.statusCode).toBe(404);
  });

  it('serves audio with range requests', async () => {
    await seed();
    const size = statSync((await locateSeededAudio((await repositories(api.db).calls.get('zh-abusive'))!))!).size;
    const full = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/zh-abusive/audio' });
    expect(full.statusCode).toBe(200);
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.headers['content-type']).toBe('audio/mpeg');
    expect(full.rawPayload.length).toBe(size);

    const part = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/zh-abusive/audio', headers: { range: 'bytes=100-1123' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1123/${size}`);
    expect(part.rawPayload.length).toBe(1024);
    expect(part.rawPayload.equals(full.rawPayload.subarray(100, 1124))).toBe(true);

    const tail = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/zh-abusive/audio', headers: { range: 'bytes=-10' } });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(full.rawPayload.subarray(size - 10))).toBe(true);

    const past = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/zh-abusive/audio', headers: { range: `bytes=${size}-` } });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${size}`);

    const anon = await api.inject({ method: 'GET', url: '/api/calls/zh-abusive/audio', headers: { range: 'bytes=0-10' } });
    expect(anon.statusCode).toBe(401);
  });

  it('hides calls outside a user’s banks, audio included', async () => {
    await seed();
    const { hashPassword } = await import('../../../src/api/auth/password.ts');
    const { insertUser } = await import('../../../src/store/review-app/users.ts');
    await insertUser(api.db, { username: 'qa-icbc', role: 'qa_reviewer', passwordHash: await hashPassword('another long pass'), banks: ['工商银行'] });
    const s = await api.login('qa-icbc', 'another long pass');
    const get = (url: string) => api.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
    expect((await get('/api/calls/zh-abusive')).statusCode).toBe(404);
    expect((await get('/api/calls/zh-abusive/audio')).statusCode).toBe(404);
    expect((await get('/api/calls/zh-impersonation')).statusCode).toBe(200);
    const queue = (await get('/api/queue?reviewState=all')).json();
    expect(queue.items.map((i: { bank: string }) => i.bank)).toEqual(['工商银行']);
  });

  it('computes waveform peaks per channel from the decoded recording', async () => {
    await seed();
    const res = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/zh-abusive/peaks?buckets=200' });
    expect(res.statusCode).toBe(200);
    const peaks = res.json() as { durationMs: number; channels: number[][] };
    expect(peaks.durationMs).toBeGreaterThan(19_000);
    expect(peaks.channels.length).toBeGreaterThanOrEqual(1);
    for (const c of peaks.channels) {
      expect(c).toHaveLength(200);
      expect(Math.max(...c)).toBeGreaterThan(0.05);
      expect(Math.max(...c)).toBeLessThanOrEqual(1);
    }
  });

  it('converts a recording browsers cannot play (AMR) to WAV once, with ranges', async () => {
    await seed();
    await repositories(api.db).calls.insertIfNew({
      meta: {
        id: 'amr-call', agentId: '8107', borrowerId: 'B-7', bank: '建设银行', startedAt: '2026-03-04T10:00:00+08:00',
        direction: 'outbound', firstContact: false, language: 'zh-CN',
      },
      source: 'recording', audioSha256: 'a'.repeat(64), audioFormat: 'amr', audioBytes: 1,
    });
    audioFiles.set('amr-call', 'fixtures/calls/zh-abusive.amr');
    const full = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/amr-call/audio' });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('audio/wav');
    expect(full.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    const channels = full.rawPayload.readUInt16LE(22);
    const seconds = (full.rawPayload.length - 44) / (16000 * 2 * channels);
    expect(seconds).toBeGreaterThan(20);
    expect(seconds).toBeLessThan(21);
    const part = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/amr-call/audio', headers: { range: 'bytes=44-1043' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(full.rawPayload.subarray(44, 1044))).toBe(true);
  });

  it('scores risk like triage (each rule once, policy weights) and lowers it when a finding is dismissed', async () => {
    await seed();
    const riskOf = async (id: string) => {
      const q = (await api.request('qa_reviewer', { method: 'GET', url: '/api/queue?reviewState=all&limit=200' })).json();
      return (q.items as { callId: string; risk: number }[]).find((i) => i.callId === id)!.risk;
    };
    const call = (await api.request('supervisor', { method: 'GET', url: `/api/calls/${PII_CALL_ID}` })).json();
    // One high finding (insult): 8 points by rules/policy.yaml.
    expect(call.findings).toHaveLength(1);
    expect(await riskOf(PII_CALL_ID)).toBe(8);
    await api.request('supervisor', { method: 'PUT', url: `/api/findings/${call.findings[0].id}/verdict`, payload: { verdict: 'dismissed', reason: 'context' } });
    expect(await riskOf(PII_CALL_ID)).toBe(0);
  });
});
