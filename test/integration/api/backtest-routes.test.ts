import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessBacktestRunner, type BacktestRunner } from '../../../src/api/backtest-runner.ts';
import { createLogger } from '../../../src/logger.ts';
import { INSULT_PHRASES, storeBacktestCalls } from '../../helpers/backtest-calls.ts';
import { failUnfinishedBacktestRuns } from '../../../src/store/review-app/backtest-runs.ts';
import { useApi } from './api-test-kit.ts';

const rulesDir = mkdtempSync(path.join(tmpdir(), 'callguard-backtest-api-'));
cpSync(path.resolve('test/unit/rules/fixtures/rules'), rulesDir, { recursive: true });
const abuse = readFileSync(path.join(rulesDir, 'zh-CN', 'abuse.yaml'), 'utf8');
let runner: BacktestRunner | undefined;

const api = useApi({
  deps: {
    // Read when the server is built (beforeAll), once the database exists.
    get backtest() {
      runner ??= inProcessBacktestRunner(api.db, rulesDir, createLogger('silent'));
      return runner;
    },
  },
});

beforeAll(async () => {
  await storeBacktestCalls(api.db);
});

afterAll(async () => {
  await runner?.close();
  rmSync(rulesDir, { recursive: true, force: true });
});

const fixed = { path: 'abuse.yaml', content: abuse.replace(INSULT_PHRASES, 'any: [老赖, 傻逼, 不要脸]') };
const broken = { path: 'abuse.yaml', content: abuse.replace('    sound_alike: true\n', '    sound_alike: true\n    colour: red\n') };

describe('backtest routes', () => {
  it('gives the base pack (the rules directory\'s, none being published) to officers and admins only', async () => {
    const res = await api.request('compliance_officer', { method: 'GET', url: '/api/backtest/base?language=zh-CN' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ language: 'zh-CN', source: 'directory' });
    expect(res.json().files.map((f: { path: string }) => f.path)).toEqual(['abuse.yaml', 'cues.yaml', 'disclosure.yaml']);
    for (const role of ['qa_reviewer', 'supervisor'] as const) {
      expect((await api.request(role, { method: 'POST', url: '/api/backtest/runs', payload: { language: 'zh-CN', files: [fixed] } })).statusCode).toBe(403);
    }
  });

  it('checks a draft: the loader\'s problems by file name, line and column; a refused run is not stored', async () => {
    const bad = await api.request('compliance_officer', { method: 'POST', url: '/api/backtest/check', payload: { language: 'zh-CN', files: [broken] } });
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ ok: false, stage: 'lint' });
    const [problem] = bad.json().problems;
    expect(problem).toMatchObject({ file: 'abuse.yaml', message: expect.stringContaining('colour') });
    expect(problem.line).toBe(abuse.split('\n').findIndex((l) => l.includes('sound_alike: true')) + 2);
    expect((await api.request('compliance_officer', { method: 'POST', url: '/api/backtest/check', payload: { language: 'zh-CN', files: [fixed] } })).json())
      .toEqual({ ok: true, stage: null, problems: [], rules: 5 });

    const refused = await api.request('compliance_officer', { method: 'POST', url: '/api/backtest/runs', payload: { language: 'zh-CN', files: [broken] } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/^abuse\.yaml:\d+:\d+: .*colour/);
    expect((await api.request('compliance_officer', { method: 'POST', url: '/api/backtest/check', payload: { language: 'zh-CN', files: [{ path: '../policy.yaml', content: '' }] } })).statusCode).toBe(400);
    expect((await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM backtest_runs')).rows[0]!.n).toBe(0);
  });

  it('runs a draft in the background, with progress and the report, and audits the start', async () => {
    const started = await api.request('compliance_officer', {
      method: 'POST', url: '/api/backtest/runs', payload: { language: 'zh-CN', files: [fixed], since: '2026-11-01', bank: '招商银行' },
    });
    expect(started.statusCode).toBe(201);
    const { run } = started.json();
    expect(run).toMatchObject({ createdBy: 'compliance_officer', changedFiles: ['abuse.yaml'], scope: { bank: '招商银行', since: '2026-11-01T00:00:00.000Z' } });
    await runner!.idle();
    const detail = await api.request('admin', { method: 'GET', url: `/api/backtest/runs/${run.id}` });
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.run).toMatchObject({ status: 'done', progressDone: 2, progressTotal: 2, error: null });
    const insult = body.report.rules.find((r: { ruleId: string }) => r.ruleId === 'zh.abuse.insult');
    expect(insult).toMatchObject({ removed: 1, added: 0 });
    expect(insult.removedSamples[0]).toMatchObject({ callId: 'c1', verdict: 'dismissed' });
    expect(insult.removedSamples[0].quote).not.toContain('13812345678');
    expect(insult.draft.precision.value).toBe(1);

    const { rows } = await api.db.query(`SELECT actor, after FROM audit_events WHERE action = 'rules.backtest'`);
    expect(rows).toEqual([{ actor: 'compliance_officer', after: expect.objectContaining({ draftHash: run.draftHash, changedFiles: ['abuse.yaml'] }) }]);
    const list = await api.request('compliance_officer', { method: 'GET', url: '/api/backtest/runs' });
    expect(list.json().runs.map((r: { id: number }) => r.id)).toEqual([run.id]);
  });
});

describe('backtest runs a stopped embedded server left', () => {
  it('are failed with a reason, and finished runs are left alone', async () => {
    const { rows } = await api.db.query<{ id: number }>(
      `INSERT INTO backtest_runs (created_by, language, draft_files, draft_hash, status, started_at)
       VALUES ('officer', 'zh-CN', '[]', 'h', 'running', now()), ('officer', 'zh-CN', '[]', 'h', 'queued', NULL) RETURNING id::int AS id`,
    );
    const before = await api.db.query<{ id: number }>(`SELECT id::int AS id FROM backtest_runs WHERE status = 'done'`);
    expect(before.rows.length).toBeGreaterThan(0);
    expect((await failUnfinishedBacktestRuns(api.db, 'the server stopped')).sort()).toEqual(rows.map((r) => r.id).sort());
    const after = await api.db.query<{ status: string; error: string | null }>(`SELECT status, error FROM backtest_runs WHERE id = ANY($1)`, [rows.map((r) => r.id)]);
    expect(after.rows).toEqual([{ status: 'failed', error: 'the server stopped' }, { status: 'failed', error: 'the server stopped' }]);
    expect((await api.db.query(`SELECT 1 FROM backtest_runs WHERE status = 'done'`)).rows.length).toBe(before.rows.length);
  });
});
