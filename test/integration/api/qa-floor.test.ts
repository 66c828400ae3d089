import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/domain/finding.ts';
import { repositories } from '../../../src/store/index.ts';
import { listAuditEvents } from '../../../src/store/review-app/audit-events.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { useApi } from './api-test-kit.ts';
import { addScopedUser, SCOPED_PASSWORD } from './privacy-seed.ts';

/**
 * The QA floor through the API: sampling, assignment with expiring claims, borrower-signal
 * verdicts, manual findings, escalation and blind calibration. Data generated in SQL; time from a
 * ManualClock (now: Tuesday 2026-12-01, so the last complete week is that of Monday 2026-11-23).
 */
const clock = new ManualClock(Date.parse('2026-12-01T02:00:00Z'));
// The shipped rules directory: a manual finding names a rule of the call's language pack in effect.
const rulePacks = { rulesDir: 'rules', rescan: async () => { throw new Error('no re-scan in these tests'); } };
const api = useApi({ deps: { clock, rulePacks }, api: { qaSampling: { percent: 2, minimum: 2, claimMinutes: 30 } } });
const WEEK = '2026-11-23';

const SEGMENTS = [
  { speaker: 'agent', startMs: 0, endMs: 2000, text: '您好，我是催收员。' },
  { speaker: 'agent', startMs: 2000, endMs: 5000, text: '你今天不还钱就等着瞧。' },
  { speaker: 'customer', startMs: 5000, endMs: 7000, text: '我要投诉你们。' },
  { speaker: 'agent', startMs: 7000, endMs: 9000, text: '你这个老赖。' },
  { speaker: 'agent', startMs: 9000, endMs: 11000, text: '笨蛋。' },
  { speaker: 'agent', startMs: 11000, endMs: 13000, text: '废物。' },
];

const finding = (callId: string, segmentIndex: number, over: Partial<Finding> = {}): Finding => ({
  callId, ruleId: 'zh.abuse.insult', ruleVersion: 'v1', title: '辱骂', category: 'abuse', severity: 'high', speaker: 'agent',
  startMs: SEGMENTS[segmentIndex]!.startMs, endMs: SEGMENTS[segmentIndex]!.endMs, quote: SEGMENTS[segmentIndex]!.text, matched: ['x'],
  source: 'policy', segmentIndex, ...over,
});

/** Calls: id, agent, bank, borrower. All done, with a recording, in the week sampled. */
async function insertCall(id: string, agent: string, bank: string, borrower = `B-${id}`, team = 'T1'): Promise<void> {
  await api.db.query(
    `INSERT INTO calls (id, agent_id, team, bank, borrower_id, direction, started_at, utc_offset_minutes, language, status, audio_sha256)
     VALUES ($1::text, $2, $5, $3, $4, 'outbound', '2026-11-24T03:00:00Z', 480, 'zh-CN', 'done', encode(sha256(convert_to($1::text, 'UTF8')), 'hex'))`,
    [id, agent, bank, borrower, team],
  );
}

/** One session per user for the whole file: signing in is rate-limited like for anyone. */
const sessions = new Map<string, Awaited<ReturnType<typeof api.login>>>();
async function asUser(username: string, opts: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: unknown }) {
  let s = sessions.get(username);
  if (!s) {
    s = await api.login(username, SCOPED_PASSWORD);
    sessions.set(username, s);
  }
  return api.inject({ ...opts, payload: opts.payload as object, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
}

const ids = { abuse: [] as number[], complaint: 0, f2: 0 };

beforeAll(async () => {
  for (const n of [1, 2, 3, 4, 5]) await insertCall(`u-a1-${n}`, 'A1', 'bank-a');
  await insertCall('u-a2-1', 'A2', 'bank-a');
  await insertCall('u-b-1', 'B1', 'bank-b');
  await insertCall('f1', 'A1', 'bank-a', 'B-shared');
  await insertCall('f2', 'A2', 'bank-a', 'B-shared');
  await insertCall('f3', 'B1', 'bank-b');
  const r = repositories(api.db);
  for (const id of ['f1', 'f2', 'f3']) {
    await api.db.query(
      `INSERT INTO transcripts (call_id, engine, version, language, segments, text) VALUES ($1, 'sidecar', '1', 'zh-CN', $2::jsonb, $3)`,
      [id, JSON.stringify(SEGMENTS), SEGMENTS.map((s) => s.text).join('\n')],
    );
  }
  const f1 = await r.findings.upsertMany([
    finding('f1', 1, { ruleId: 'zh.threat.vague', category: 'threat', title: '威胁' }),
    finding('f1', 2, { ruleId: 'zh.signal.complaint', category: 'complaint_risk', speaker: 'customer', severity: 'high', title: '投诉' }),
    finding('f1', 3), finding('f1', 4), finding('f1', 5),
  ]);
  ids.abuse = f1.filter((f) => f.category === 'abuse' || f.category === 'threat').map((f) => f.id);
  ids.complaint = f1.find((f) => f.category === 'complaint_risk')!.id;
  ids.f2 = (await r.findings.upsertMany([finding('f2', 3)]))[0]!.id;
  await r.findings.upsertMany([finding('f3', 3)]);
  for (const u of ['qa1', 'qa2']) await addScopedUser(api.db, u, 'qa_reviewer', ['bank-a', 'bank-b']);
  await addScopedUser(api.db, 'sup', 'supervisor', ['bank-a', 'bank-b']);
  await addScopedUser(api.db, 'sup-b', 'supervisor', ['bank-b']);
});

describe('sampling', () => {
  it('draws a week once per agent (2 % but at least 2), refuses reviewers, future weeks and non-Mondays', async () => {
    expect((await asUser('qa1', { method: 'POST', url: '/api/qa/samples/draw', payload: {} })).statusCode).toBe(403);
    expect((await asUser('sup', { method: 'POST', url: '/api/qa/samples/draw', payload: { week: '2026-11-24' } })).statusCode).toBe(400);
    const future = await asUser('sup', { method: 'POST', url: '/api/qa/samples/draw', payload: { week: '2026-12-07' } });
    expect(future.statusCode).toBe(422);
    expect(future.json().error).toBe('future_week');

    const first = await asUser('sup', { method: 'POST', url: '/api/qa/samples/draw', payload: {} });
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body.drawn).toBe(true);
    expect(body.draw).toMatchObject({ weekStart: WEEK, seed: WEEK, percent: 2, minimum: 2, candidates: 7, sampled: 4, drawnBy: 'sup' });
    const sampled: string[] = body.callIds;
    expect(sampled.filter((c) => c.startsWith('u-a1-'))).toHaveLength(2);
    expect(sampled).toContain('u-a2-1');
    expect(sampled).toContain('u-b-1');
    expect(sampled.some((c) => c.startsWith('f'))).toBe(false); // flagged calls are not sampled

    const again = await asUser('sup', { method: 'POST', url: '/api/qa/samples/draw', payload: { seed: 'other' } });
    expect(again.json()).toMatchObject({ drawn: false, draw: { seed: WEEK }, callIds: sampled });
    // A supervisor of bank-b sees only the bank-b call of the same draw.
    const scoped = await asUser('sup-b', { method: 'GET', url: `/api/qa/samples?week=${WEEK}` });
    expect(scoped.json().items.map((i: { callId: string }) => i.callId)).toEqual(['u-b-1']);
    const audits = await listAuditEvents(api.db, { entityType: 'qa_week', limit: 10, banks: null });
    expect(audits.map((a) => a.action)).toEqual(['qa.sample_draw', 'qa.sample_draw']);
  });

  it('records "reviewed, nothing found" on a sampled call only', async () => {
    const sampled = (await asUser('sup', { method: 'GET', url: `/api/qa/samples?week=${WEEK}` })).json().items as Array<{ callId: string }>;
    const one = sampled.find((s) => s.callId.startsWith('u-a1-'))!.callId;
    const ok = await asUser('qa1', { method: 'PUT', url: `/api/qa/calls/${one}/outcome`, payload: { outcome: 'clean' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ outcome: 'clean', reviewedBy: 'qa1' });
    const notSampled = await asUser('qa1', { method: 'PUT', url: '/api/qa/calls/f1/outcome', payload: { outcome: 'clean' } });
    expect(notSampled.statusCode).toBe(409);
    expect(notSampled.json().error).toBe('not_sampled');
    const wrong = await asUser('qa1', { method: 'PUT', url: `/api/qa/calls/${one}/outcome`, payload: { outcome: 'violation' } });
    expect(wrong.statusCode).toBe(400);
  });
});

describe('borrower signals', () => {
  it('take noted / acted on, never confirm / dismiss, and agent findings the reverse; both are counted apart', async () => {
    const confirm = await asUser('qa1', { method: 'PUT', url: `/api/findings/${ids.complaint}/verdict`, payload: { verdict: 'confirmed' } });
    expect(confirm.statusCode).toBe(422);
    expect(confirm.json().error).toBe('wrong_verdict_kind');
    const noted = await asUser('qa1', { method: 'PUT', url: `/api/findings/${ids.complaint}/verdict`, payload: { verdict: 'noted' } });
    expect(noted.statusCode).toBe(200);
    expect(noted.json().finding).toMatchObject({ verdict: 'noted', origin: 'rule' });
    const onAgent = await asUser('qa1', { method: 'PUT', url: `/api/findings/${ids.f2}/verdict`, payload: { verdict: 'acted_on' } });
    expect(onAgent.statusCode).toBe(422);
    const overview = await asUser('sup', { method: 'GET', url: `/api/qa/overview?week=${WEEK}` });
    expect(overview.json()).toMatchObject({ signalNoted: 1, signalActedOn: 0, agentConfirmed: 0, sampled: 4, sampleClean: 1 });
  });
});

describe('assignment and next call', () => {
  it('lets only supervisors assign, to active reviewers, in bulk by bank and team', async () => {
    expect((await asUser('qa1', { method: 'POST', url: '/api/qa/assignments', payload: { reviewer: 'qa1', callIds: ['f1'] } })).statusCode).toBe(403);
    const nobody = await asUser('sup', { method: 'POST', url: '/api/qa/assignments', payload: { reviewer: 'compliance_officer', callIds: ['f1'] } });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().error).toBe('not_a_reviewer');
    const both = await asUser('sup', { method: 'POST', url: '/api/qa/assignments', payload: { reviewer: 'qa1', callIds: ['f1'], filter: {} } });
    expect(both.statusCode).toBe(400);
    // bank-b's supervisor cannot assign bank-a's calls: skipped like missing ones.
    const outside = await asUser('sup-b', { method: 'POST', url: '/api/qa/assignments', payload: { reviewer: 'qa1', callIds: ['f1', 'f3'] } });
    expect(outside.json().assigned).toEqual(['f3']);
    const bulk = await asUser('sup', { method: 'POST', url: '/api/qa/assignments', payload: { reviewer: 'qa1', filter: { bank: 'bank-a', team: 'T1' } } });
    expect(bulk.statusCode).toBe(200);
    const assigned: string[] = bulk.json().assigned;
    // f1 and f2 have unreviewed findings; sampled bank-a calls not yet reviewed come too; reviewed ones do not.
    expect(assigned).toContain('f1');
    expect(assigned).toContain('f2');
    expect(assigned.filter((c) => c.startsWith('u-a1-'))).toHaveLength(1);
    const mine = await asUser('qa1', { method: 'GET', url: '/api/qa/my-queue' });
    expect(mine.json().items.map((i: { callId: string }) => i.callId).sort()).toEqual([...assigned, 'f3'].sort());
  });

  it('claims the next call, resumes it, refuses others while the claim lives, and lets another take it once it lapsed', async () => {
    const first = (await asUser('qa1', { method: 'POST', url: '/api/qa/next' })).json().assignment;
    expect(first).toMatchObject({ claimedBy: 'qa1', assignedTo: 'qa1' });
    expect(new Date(first.claimExpiresAt).getTime()).toBe(clock.nowMs() + 30 * 60_000);
    const resumed = (await asUser('qa1', { method: 'POST', url: '/api/qa/next' })).json().assignment;
    expect(resumed.callId).toBe(first.callId);

    // qa2 has nothing assigned and nothing has lapsed: nothing to do.
    expect((await asUser('qa2', { method: 'POST', url: '/api/qa/next' })).json().assignment).toBeNull();
    const held = await asUser('qa2', { method: 'PUT', url: `/api/qa/calls/${first.callId}/outcome`, payload: { outcome: 'clean' } });
    expect(held.statusCode).toBe(409);
    expect(held.json().error).toBe('claimed_by_other');

    clock.advance(31 * 60_000);
    const taken = (await asUser('qa2', { method: 'POST', url: '/api/qa/next' })).json().assignment;
    expect(taken).toMatchObject({ callId: first.callId, claimedBy: 'qa2', assignedTo: 'qa2' });
    // The first reviewer's claim is gone: their late work on it is refused, the new holder's is not.
    const late = await asUser('qa1', { method: 'POST', url: `/api/calls/${first.callId}/manual-findings`, payload: { category: 'abuse', severity: 'low', startMs: 0, endMs: 10 } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe('claimed_by_other');
    expect(first.callId).toBe('f1');
    const lateVerdict = await asUser('qa1', { method: 'PUT', url: `/api/findings/${ids.abuse[3]}/verdict`, payload: { verdict: 'confirmed' } });
    expect(lateVerdict.statusCode).toBe(409);
    // A supervisor steps in on purpose: not held by the reviewer's claim.
    const stepIn = await asUser('sup', { method: 'PUT', url: `/api/findings/${ids.abuse[3]}/verdict`, payload: { verdict: 'confirmed' } });
    expect(stepIn.statusCode).toBe(200);
    const state = (await asUser('qa1', { method: 'GET', url: `/api/qa/calls/${first.callId}` })).json();
    expect(state.assignment).toMatchObject({ claimedBy: 'qa2' });
    // Giving back a claim one does not hold is refused; the holder can.
    expect((await asUser('qa1', { method: 'DELETE', url: `/api/qa/calls/${first.callId}/claim` })).statusCode).toBe(409);
    expect((await asUser('qa2', { method: 'DELETE', url: `/api/qa/calls/${first.callId}/claim` })).statusCode).toBe(200);
    // With the lapsed call given back, the first reviewer's next is another call of theirs.
    const second = (await asUser('qa1', { method: 'POST', url: '/api/qa/next' })).json().assignment;
    expect(second).toMatchObject({ claimedBy: 'qa1', assignedTo: 'qa1' });
    expect(second.callId).not.toBe(first.callId);
  });
});

describe('missed findings', () => {
  it('saves a selected span of transcript as a manual finding, confirmed, with who and when, and marks a sampled call as a violation', async () => {
    clock.advance(60 * 60_000);
    const res = await asUser('qa2', {
      method: 'POST', url: '/api/calls/f2/manual-findings',
      payload: { category: 'threat', severity: 'high', segmentIndex: 1, textStart: 7, textEnd: 10, startMs: 0, endMs: 0, note: '隐性威胁' },
    });
    expect(res.statusCode).toBe(200);
    const f = res.json().finding;
    expect(f).toMatchObject({
      origin: 'manual', createdBy: 'qa2', ruleId: 'manual.missed', ruleVersion: 'manual', verdict: 'confirmed', verdictBy: 'qa2',
      quote: '等着瞧', speaker: 'agent', startMs: 2000, endMs: 5000, segmentIndex: 1, category: 'threat', verdictNote: '隐性威胁',
    });
    expect(f.verdictAt).toBe(clock.now().toISOString());
    const call = (await asUser('qa2', { method: 'GET', url: '/api/calls/f2' })).json();
    expect(call.findings.filter((x: { origin: string }) => x.origin === 'manual')).toHaveLength(1);
    const again = await asUser('qa2', {
      method: 'POST', url: '/api/calls/f2/manual-findings',
      payload: { category: 'threat', severity: 'high', segmentIndex: 1, textStart: 0, textEnd: 3, startMs: 0, endMs: 0 },
    });
    expect(again.statusCode).toBe(409);

    // A time range of audio on a sampled call, naming a rule that exists: charged to its version.
    const sample = (await asUser('sup', { method: 'GET', url: `/api/qa/samples?week=${WEEK}` })).json().items.find((s: { callId: string; outcome: string | null }) => s.callId === 'u-a2-1');
    expect(sample.outcome).toBeNull();
    const choices = (await asUser('qa1', { method: 'GET', url: '/api/qa/rules?callId=u-a2-1' })).json();
    const insult = choices.rules.find((r: { ruleId: string }) => r.ruleId === 'zh.abuse.insult');
    const ranged = await asUser('qa1', { method: 'POST', url: '/api/calls/u-a2-1/manual-findings', payload: { ruleId: 'zh.abuse.insult', startMs: 1500, endMs: 4200, speaker: 'agent' } });
    expect(ranged.statusCode).toBe(200);
    expect(ranged.json().finding).toMatchObject({
      ruleId: 'zh.abuse.insult', ruleVersion: insult.ruleVersion, title: insult.title, category: 'abuse', startMs: 1500, endMs: 4200, quote: '', origin: 'manual',
    });
    const after = (await asUser('sup', { method: 'GET', url: `/api/qa/samples?week=${WEEK}` })).json().items.find((s: { callId: string }) => s.callId === 'u-a2-1');
    expect(after).toMatchObject({ outcome: 'violation', reviewedBy: 'qa1' });
    const audit = await listAuditEvents(api.db, { entityType: 'finding', limit: 10, banks: null });
    expect(audit.filter((a) => a.action === 'finding.manual_add')).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('等着瞧');
  });

  it("offers every rule of the call's language pack, fired or not, and nothing of another language", async () => {
    const res = await asUser('qa1', { method: 'GET', url: '/api/qa/rules?callId=f1' });
    expect(res.statusCode).toBe(200);
    const { language, rules } = res.json() as { language: string; rules: Array<{ ruleId: string; ruleVersion: string; title: string; category: string; source: string }> };
    expect(language).toBe('zh-CN');
    const ids = rules.map((r) => r.ruleId);
    const fired = (await api.db.query<{ rule_id: string }>(`SELECT DISTINCT rule_id FROM findings WHERE origin = 'rule'`)).rows.map((r) => r.rule_id);
    // Exactly the rules written in the zh-CN pack (each once, none of en-US), fired or not.
    const written = readdirSync('rules/zh-CN').filter((file) => file.endsWith('.yaml')).flatMap((file) => [...readFileSync(`rules/zh-CN/${file}`, 'utf8').matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]!));
    expect([...ids].sort()).toEqual(written.sort());
    expect(fired).not.toContain('zh.threat.detention');
    expect(ids).toContain('zh.threat.detention');
    expect(rules.every((r) => r.title !== '' && r.source !== '' && r.ruleVersion !== '')).toBe(true);
    // A call outside the user's banks is answered like a missing one; the call is required.
    expect((await asUser('qa1', { method: 'GET', url: '/api/qa/rules?callId=nope' })).statusCode).toBe(404);
    expect((await asUser('qa1', { method: 'GET', url: '/api/qa/rules' })).statusCode).toBe(400);
  });

  it('refuses an unknown rule, a rule of another language, a rule-less finding without category, a selection outside the text, and compliance officers', async () => {
    const unknown = await asUser('qa1', { method: 'POST', url: '/api/calls/f1/manual-findings', payload: { ruleId: 'zh.nope', startMs: 0, endMs: 1 } });
    expect(unknown.statusCode).toBe(422);
    const english = await asUser('qa1', { method: 'POST', url: '/api/calls/f1/manual-findings', payload: { ruleId: 'en.threat.arrest', startMs: 0, endMs: 1 } });
    expect(english.statusCode).toBe(422);
    expect(english.json().error).toBe('unknown_rule');
    expect((await asUser('qa1', { method: 'POST', url: '/api/calls/f1/manual-findings', payload: { startMs: 0, endMs: 1 } })).statusCode).toBe(400);
    expect((await asUser('qa1', { method: 'POST', url: '/api/calls/f1/manual-findings', payload: { category: 'abuse', severity: 'low', segmentIndex: 0, textStart: 3, textEnd: 99, startMs: 0, endMs: 0 } })).statusCode).toBe(400);
    expect((await asUser('qa1', { method: 'POST', url: '/api/calls/f1/manual-findings', payload: { category: 'abuse', severity: 'low', startMs: 5, endMs: 1 } })).statusCode).toBe(400);
    expect((await api.request('compliance_officer', { method: 'POST', url: '/api/calls/f1/manual-findings', payload: { category: 'abuse', severity: 'low', startMs: 0, endMs: 1 } })).statusCode).toBe(403);
  });
});

describe('escalation', () => {
  it("opens the borrower's case, then adds the borrower's next call to the same case", async () => {
    const opened = await asUser('qa1', { method: 'POST', url: '/api/calls/f1/escalate', payload: {} });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({ opened: true, status: 'open' });
    const joined = await asUser('qa1', { method: 'POST', url: '/api/calls/f2/escalate', payload: {} });
    expect(joined.json()).toMatchObject({ opened: false, caseId: opened.json().caseId });
    const r = repositories(api.db);
    expect((await r.cases.listCallIds(opened.json().caseId)).sort()).toEqual(['f1', 'f2']);
    const c = await r.cases.get(opened.json().caseId);
    expect(c).toMatchObject({ openedReason: 'manual', bank: 'bank-a', borrowerId: 'B-shared' });
    expect(c!.slaDueAt.getTime()).toBe(clock.nowMs() + 24 * 3600_000);
    expect((await asUser('sup-b', { method: 'POST', url: '/api/calls/f1/escalate', payload: {} })).statusCode).toBe(404);
  });
});

describe('calibration', () => {
  let id = 0;
  it('is created by supervisors for two or more active reviewers of a call with findings', async () => {
    expect((await asUser('qa1', { method: 'POST', url: '/api/qa/calibrations', payload: { callId: 'f1', reviewers: ['qa1', 'qa2'] } })).statusCode).toBe(403);
    expect((await asUser('sup', { method: 'POST', url: '/api/qa/calibrations', payload: { callId: 'f1', reviewers: ['qa1', 'qa1'] } })).statusCode).toBe(400);
    expect((await asUser('sup', { method: 'POST', url: '/api/qa/calibrations', payload: { callId: 'u-a1-1', reviewers: ['qa1', 'qa2'] } })).json().error).toBe('no_findings');
    const res = await asUser('sup', { method: 'POST', url: '/api/qa/calibrations', payload: { callId: 'f1', reviewers: ['qa1', 'qa2'] } });
    expect(res.statusCode).toBe(200);
    id = res.json().id;
  });

  it('is blind: reviewers see no verdicts but their own, outsiders see nothing, a wrong verdict kind is refused', async () => {
    // f1 carries a shared verdict (the complaint was noted): a calibration reviewer must not see it.
    const view = (await asUser('qa2', { method: 'GET', url: `/api/qa/calibrations/${id}` })).json();
    expect(view.findings).toHaveLength(5);
    expect(view.findings.every((f: Record<string, unknown>) => !('verdict' in f) && !('verdictBy' in f))).toBe(true);
    expect(view.findings.find((f: { id: number }) => f.id === ids.complaint).verdictChoices).toEqual(['noted', 'acted_on']);
    expect(view.allVerdicts).toBeNull();
    // The call page too shows a calibrating reviewer no verdicts; a supervisor sees them.
    const callPage = (await asUser('qa2', { method: 'GET', url: '/api/calls/f1' })).json();
    expect(callPage.findings.every((f: { verdict: string | null }) => f.verdict === null)).toBe(true);
    const supPage = (await asUser('sup', { method: 'GET', url: '/api/calls/f1' })).json();
    expect(supPage.findings.some((f: { verdict: string | null }) => f.verdict !== null)).toBe(true);
    expect((await api.request('qa_reviewer', { method: 'GET', url: `/api/qa/calibrations/${id}` })).statusCode).toBe(404);

    const wrong = await asUser('qa1', { method: 'PUT', url: `/api/qa/calibrations/${id}/verdicts`, payload: { verdicts: [{ findingId: ids.complaint, verdict: 'confirmed' }] } });
    expect(wrong.statusCode).toBe(422);
    const other = await asUser('qa1', { method: 'PUT', url: `/api/qa/calibrations/${id}/verdicts`, payload: { verdicts: [{ findingId: ids.f2, verdict: 'confirmed' }] } });
    expect(other.statusCode).toBe(400);

    // The threat and three insults: qa1 c | c,c,d; qa2 c | c,d,d (c confirmed, d dismissed).
    const [a, b, c, d] = ids.abuse;
    const put = (u: string, v: string[]) => asUser(u, {
      method: 'PUT', url: `/api/qa/calibrations/${id}/verdicts`,
      payload: { verdicts: [a, b, c, d].map((findingId, i) => ({ findingId, verdict: v[i] })).concat([{ findingId: ids.complaint, verdict: u === 'qa1' ? 'noted' : 'acted_on' }]) },
    });
    expect((await put('qa1', ['confirmed', 'confirmed', 'confirmed', 'dismissed'])).json()).toEqual({ stored: 5 });
    const qa2view = (await asUser('qa2', { method: 'GET', url: `/api/qa/calibrations/${id}` })).json();
    expect(qa2view.myVerdicts).toEqual([]);
    expect(qa2view.reviewers.find((r: { reviewer: string }) => r.reviewer === 'qa1').submittedAt).not.toBeNull();
    await put('qa2', ['confirmed', 'confirmed', 'dismissed', 'dismissed']);
    // The findings' own verdicts are untouched by calibration.
    expect((await repositories(api.db).findings.get(a!))!.verdict).toBeNull();

    const afterSubmit = (await asUser('qa2', { method: 'GET', url: '/api/calls/f1' })).json();
    expect(afterSubmit.findings.some((f: { verdict: string | null }) => f.verdict !== null)).toBe(true);
    const sup = (await asUser('sup', { method: 'GET', url: `/api/qa/calibrations/${id}` })).json();
    expect(sup.allVerdicts).toHaveLength(10);
    expect((await asUser('qa1', { method: 'GET', url: '/api/qa/agreement' })).statusCode).toBe(403);
    const agreement = (await asUser('sup', { method: 'GET', url: '/api/qa/agreement' })).json().categories;
    // abuse (c,c) (c,d) (d,d): pₒ = 2/3; rater 1 says c 2/3, rater 2 c 1/3 → pₑ = 2/9 + 2/9 = 4/9 → κ = (2/3 − 4/9)/(5/9) = 0.4;
    // threat (c,c): one label throughout, κ undefined; complaint (noted, acted_on): pₒ = 0, pₑ = 0 → κ = 0.
    const abuse = agreement.find((x: { category: string }) => x.category === 'abuse');
    expect(abuse.pairs).toBe(3);
    expect(abuse.kappa).toBeCloseTo(0.4, 10);
    expect(agreement.find((x: { category: string }) => x.category === 'complaint_risk')).toMatchObject({ pairs: 1, observed: 0, kappa: 0 });
    expect(agreement.find((x: { category: string }) => x.category === 'threat')).toMatchObject({ pairs: 1, observed: 1, kappa: null });
  });
});
