import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, useApi } from './api-test-kit.ts';
import { addScopedUser, BANK_A, BANK_B, CARD, ID_CARD, locatePrivacyAudio, MOBILE, SCOPED_PASSWORD, seedPrivacyData, type PrivacySeed } from './privacy-seed.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'cg-privacy-'));
const notAudio = path.join(scratch, 'not-audio.amr');
writeFileSync(notAudio, 'this is a text file, not a recording\n'.repeat(50));

describe('privacy: masking that search cannot undo, an audit log that does not leak', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const api = useApi({ deps: { locateAudio: locatePrivacyAudio(notAudio) }, api: { playableCacheDir: scratch,  rateLimits: { login: { max: 1000, windowMs: 60_000 }, search: { max: 40, windowMs: 60_000 }, upload: { max: 3, windowMs: 60_000 }, export: { max: 3, windowMs: 60_000 } } } });
  let seeded: PrivacySeed | undefined;
  const seed = async () => (seeded ??= await seedPrivacyData(api.db));
  const search = (role: 'qa_reviewer' | 'supervisor' | 'compliance_officer', q: string) =>
    api.request(role, { method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}` });

  it('does not let a QA reviewer rebuild a masked number from pieces of it', async () => {
    await seed();
    // Three digits from the middle of the mobile number: found in the stored text, not in the masked text.
    const piece = await search('qa_reviewer', MOBILE.slice(2, 5));
    expect(piece.statusCode).toBe(200);
    expect(piece.json().hits).toEqual([]);
    const idPiece = await search('qa_reviewer', ID_CARD.slice(6, 9));
    expect(idPiece.json().hits).toEqual([]);
    // The last four are shown, so finding them reveals nothing more.
    expect((await search('qa_reviewer', CARD.slice(-3))).json().hits.length).toBe(2);
    // Four or more digits, in any form, are refused for masked roles.
    for (const q of [MOBILE.slice(0, 4), '一三九一', '幺三九', '１３９１', '13 91', '一３九1']) {
      const res = await search('qa_reviewer', q);
      if (q === '幺三九') {
        expect(res.statusCode, q).toBe(200);
        continue;
      }
      expect(res.statusCode, q).toBe(403);
      expect(res.json().error).toBe('pii_search');
    }
    expect((await search('compliance_officer', '5678 1234')).statusCode).toBe(403);
    // Hits show masked text only.
    const words = (await search('qa_reviewer', '手机')).json();
    expect(JSON.stringify(words)).not.toContain(MOBILE);
    expect(words.hits.length).toBe(2);
  });

  it('lets a supervisor (who sees the numbers) search them', async () => {
    await seed();
    const res = await search('supervisor', MOBILE.slice(0, 7));
    expect(res.statusCode).toBe(200);
    expect(res.json().hits[0].segments[0].text).toContain(MOBILE);
  });

  it('audits every search with who, what and which calls were returned', async () => {
    await seed();
    await search('qa_reviewer', '委托');
    const { rows } = await api.db.query<{ actor: string; after: { q: string; callIds: string[] } }>(
      `SELECT actor, after FROM audit_events WHERE action = 'transcript.search' AND actor = 'qa_reviewer' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]!.after.q).toBe('委托');
    expect(rows[0]!.after.callIds.sort()).toEqual(['priv-a', 'priv-b']);
  });

  it('rate-limits search per user', async () => {
    await seed();
    await addScopedUser(api.db, 'qa-burst', 'qa_reviewer', [BANK_A]);
    const s = await api.login('qa-burst', SCOPED_PASSWORD);
    const get = () => api.inject({ method: 'GET', url: '/api/search?q=%E5%A7%94%E6%89%98', headers: { cookie: s.cookie } });
    for (let i = 0; i < 40; i++) expect((await get()).statusCode).toBe(200);
    const limited = await get();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not affected.
    expect((await search('compliance_officer', '委托')).statusCode).toBe(200);
  });

  it('masks personal numbers typed into case reasons and report drafts when the audit log is read', async () => {
    const { caseA } = await seed();
    const move = await api.request('supervisor', { method: 'POST', url: `/api/cases/${caseA}/transition`, payload: { to: 'escalated', reason: `借款人报了卡号${CARD}` } });
    expect(move.statusCode).toBe(200);
    const draft = await api.request('supervisor', {
      method: 'PUT', url: `/api/cases/${caseA}/report-draft`,
      payload: { causeAnalysis: `借款人手机${MOBILE}`, disputeHandling: `身份证 ${ID_CARD}`, lessonsLearned: '' },
    });
    expect(draft.statusCode).toBe(200);
    await search('supervisor', MOBILE);
    for (const role of ['admin', 'compliance_officer'] as const) {
      const res = await api.request(role, { method: 'GET', url: '/api/audit?limit=500' });
      expect(res.statusCode).toBe(200);
      const text = res.body;
      for (const secret of [CARD, MOBILE, ID_CARD, MOBILE.slice(0, 7)]) expect(text, `${role} ${secret}`).not.toContain(secret);
      const events = res.json().events as { action: string; after: Record<string, unknown> }[];
      const d = events.find((e) => e.action === 'case.report_draft')!;
      expect(d.after.causeAnalysis).toBe('借款人手机*******5678');
    }
    // The transition's texts live on the case timeline; the audit row names the event and its fields.
    const { rows } = await api.db.query<{ after: Record<string, unknown> }>(
      `SELECT after FROM audit_events WHERE action = 'case.transition' AND entity_id = $1`, [String(caseA)],
    );
    expect(JSON.stringify(rows)).not.toContain(CARD);
    expect(rows[0]!.after).toMatchObject({ status: 'escalated', fields: ['reason'] });
  });

  it('shows a bank-scoped reader only the audit events of their banks', async () => {
    const { caseA, caseB } = await seed();
    for (const id of [caseA, caseB]) {
      const r = await api.request('supervisor', { method: 'POST', url: `/api/cases/${id}/notes`, payload: { text: 'scoped audit check' } });
      expect(r.statusCode).toBe(200);
    }
    await addScopedUser(api.db, 'co-a', 'compliance_officer', [BANK_A]);
    const s = await api.login('co-a', SCOPED_PASSWORD);
    const res = await api.inject({ method: 'GET', url: '/api/audit?limit=500', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
    const events = res.json().events as { action: string; entityType: string; entityId: string }[];
    const notes = events.filter((e) => e.action === 'case.note').map((e) => Number(e.entityId));
    expect(notes).toContain(caseA);
    expect(notes).not.toContain(caseB);
    // Accounts and searches belong to no bank: only readers with every bank see them.
    expect(events.filter((e) => e.entityType === 'user' || e.entityType === 'search')).toEqual([]);
    const all = (await api.request('compliance_officer', { method: 'GET', url: '/api/audit?limit=500' })).json();
    expect((all.events as { action: string; entityId: string }[]).filter((e) => e.action === 'case.note').map((e) => Number(e.entityId))).toContain(caseB);
  });

  const auditRows = async (action: string) =>
    (await api.db.query<{ actor: string; entity_id: string; after: Record<string, unknown> | null; ip: string | null }>(
      'SELECT actor, entity_id, after, ip FROM audit_events WHERE action = $1 ORDER BY id', [action],
    )).rows;

  it('audits sign-ins, failed sign-ins and sign-outs', async () => {
    await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'not the password' }, remoteAddress: '10.3.3.3' });
    await api.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'whatever it is' }, remoteAddress: '10.3.3.3' });
    const s = await api.login('supervisor', PASSWORD, '10.3.3.4');
    await api.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    const failed = await auditRows('session.sign_in_failed');
    expect(failed.map((r) => [r.actor, r.after!.outcome, r.ip])).toEqual(expect.arrayContaining([
      ['supervisor', 'wrong_password', '10.3.3.3'], ['nobody-here', 'unknown_user', '10.3.3.3'],
    ]));
    expect((await auditRows('session.sign_in')).some((r) => r.actor === 'supervisor' && r.ip === '10.3.3.4')).toBe(true);
    expect((await auditRows('session.sign_out')).some((r) => r.actor === 'supervisor')).toBe(true);
  });

  it('audits reads of unmasked calls and playbacks of recordings, not every seek', async () => {
    await seed();
    const before = (await auditRows('call.read_unmasked')).length;
    expect((await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/priv-a' })).statusCode).toBe(200);
    expect((await auditRows('call.read_unmasked')).length).toBe(before);
    expect((await api.request('supervisor', { method: 'GET', url: '/api/calls/priv-a' })).statusCode).toBe(200);
    const reads = await auditRows('call.read_unmasked');
    expect(reads.at(-1)).toMatchObject({ actor: 'supervisor', entity_id: 'priv-a' });
    const play = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/priv-a/audio', headers: { range: 'bytes=0-' } });
    expect(play.statusCode).toBe(206);
    await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/priv-a/audio', headers: { range: 'bytes=5000-6000' } });
    const audio = (await auditRows('call.audio')).filter((r) => r.entity_id === 'priv-a');
    expect(audio).toHaveLength(1);
  });

  it('answers a verdict on a finding of an invisible call exactly like one on a missing finding', async () => {
    await seed();
    const { repositories } = await import('../../../src/store/index.ts');
    const [stored] = await repositories(api.db).findings.upsertMany([{
      callId: 'priv-b', ruleId: 'zh.test.rule', ruleVersion: '1', title: 't', category: 'abuse', severity: 'high',
      speaker: 'agent', startMs: 0, endMs: 1000, quote: 'q', matched: ['q'], source: 's',
    } as never]);
    await addScopedUser(api.db, 'qa-a', 'qa_reviewer', [BANK_A]);
    const s = await api.login('qa-a', SCOPED_PASSWORD);
    const put = (id: number) => api.inject({ method: 'PUT', url: `/api/findings/${id}/verdict`, payload: { verdict: 'confirmed' }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    const invisible = await put(stored!.id);
    const missing = await put(99_999_999);
    expect(invisible.statusCode).toBe(404);
    expect(invisible.json()).toEqual(missing.json());
  });

  it('assigns a case only to a supervisor who can see its bank', async () => {
    const { caseA } = await seed();
    await addScopedUser(api.db, 'sup-b', 'supervisor', [BANK_B]);
    const bad = await api.request('supervisor', { method: 'PUT', url: `/api/cases/${caseA}/assignee`, payload: { assignee: 'sup-b' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('bad_assignee');
    await addScopedUser(api.db, 'sup-a', 'supervisor', [BANK_A]);
    const ok = await api.request('supervisor', { method: 'PUT', url: `/api/cases/${caseA}/assignee`, payload: { assignee: 'sup-a' } });
    expect(ok.statusCode).toBe(200);
    // The list offered for this case leaves out who could not open it.
    const offered = (await api.request('supervisor', { method: 'GET', url: `/api/assignees?caseId=${caseA}` })).json().users.map((u: { username: string }) => u.username);
    expect(offered).toContain('sup-a');
    expect(offered).not.toContain('sup-b');
  });

  it('answers a NUL byte in a query or an id, and a recording that is not audio, with 4xx', async () => {
    await seed();
    for (const url of ['/api/search?q=%E5%A7%94%00', '/api/calls/priv%00a', '/api/calls/priv-a%00/audio', '/api/queue?team=a%00']) {
      const res = await api.request('qa_reviewer', { method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message).toMatch(/NUL/);
    }
    const note = await api.request('supervisor', { method: 'POST', url: '/api/cases/1/notes', payload: { text: 'a\u0000b' } });
    expect(note.statusCode).toBe(400);
    const audio = await api.request('qa_reviewer', { method: 'GET', url: '/api/calls/priv-not-audio/audio' });
    expect(audio.statusCode).toBe(422);
    expect(audio.json().error).toBe('unplayable');
    expect(audio.body).not.toContain(scratch);
  });

  it('shows a failed call\'s reason without the transcript text or numbers the parser quoted', async () => {
    await seed();
    const { repositories } = await import('../../../src/store/index.ts');
    let parserText = '';
    try {
      JSON.parse(`我的手机是${MOBILE}，请记下 {"segments": [`);
    } catch (err) {
      parserText = (err as Error).message;
    }
    await repositories(api.db).calls.setStatus('priv-not-audio', 'failed', `transcribe: transcript.json: not JSON: ${parserText}; 账号 ${MOBILE.slice(0, 8)}`);
    for (const role of ['qa_reviewer', 'supervisor'] as const) {
      const res = await api.request(role, { method: 'GET', url: '/api/calls/priv-not-audio' });
      const reason = res.json().call.statusReason as string;
      expect(reason).toMatch(/^transcribe: transcript\.json: not JSON/);
      expect(reason).not.toContain('我的手机');
      expect(reason).not.toMatch(/\d{5}/);
    }
  });

  it('makes the report only on POST (a GET or HEAD writes nothing) and rate-limits exports and uploads', async () => {
    const { caseB } = await seed();
    const count = async () => Number((await api.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE action = 'case.report_export'`)).rows[0]!.n);
    const before = await count();
    for (const method of ['GET', 'HEAD'] as const) {
      expect((await api.request('supervisor', { method, url: `/api/cases/${caseB}/report.pdf` })).statusCode).toBe(404);
    }
    expect(await count()).toBe(before);
    // Each limit counts per user; the answers before it do not matter (cases that do not exist here).
    for (let i = 0; i < 3; i++) expect((await api.request('supervisor', { method: 'POST', url: '/api/cases/987654/report.pdf' })).statusCode).toBe(404);
    expect((await api.request('supervisor', { method: 'POST', url: '/api/cases/987654/report.pdf' })).statusCode).toBe(429);
    for (let i = 0; i < 3; i++) expect((await api.request('admin', { method: 'POST', url: '/api/calls' })).statusCode).toBe(503);
    expect((await api.request('admin', { method: 'POST', url: '/api/calls' })).statusCode).toBe(429);
  });
});
