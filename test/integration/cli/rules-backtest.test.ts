import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand } from '../../../src/cli/backtest-command.ts';
import type { BacktestReport } from '../../../src/pipeline/rule-backtest.ts';
import { packContentHash, packFilesIn } from '../../../src/pipeline/rule-pack-source.ts';
import { publishRulePack } from '../../../src/store/index.ts';
import { INSULT_PHRASES, storeBacktestCall, storeBacktestCalls } from '../../helpers/backtest-calls.ts';
import { useTestDatabase } from '../../helpers/db.ts';

const t = useTestDatabase();
const FIXTURE = path.resolve('test/unit/rules/fixtures/rules');
let root: string;

/** A rules tree: the fixture pack with abuse.yaml edited by `edit`. */
function rulesTree(name: string, edit: (abuse: string) => string = (s) => s): string {
  const dir = path.join(root, name);
  cpSync(FIXTURE, dir, { recursive: true });
  const file = path.join(dir, 'zh-CN', 'abuse.yaml');
  const before = readFileSync(file, 'utf8');
  const after = edit(before);
  writeFileSync(file, after);
  return dir;
}

async function run(opts: Parameters<typeof backtestCommand>[0]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await backtestCommand(opts, { out: (l) => out.push(l), err: (l) => err.push(l) }, t.db);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function json(opts: Parameters<typeof backtestCommand>[0]): Promise<BacktestReport> {
  const r = await run({ ...opts, json: true });
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as BacktestReport;
}

const insult = (r: BacktestReport) => r.rules.find((x) => x.ruleId === 'zh.abuse.insult')!;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'callguard-backtest-'));
  // c1 is a false positive a reviewer dismissed: the collector denies being a fraud.
  await storeBacktestCalls(t.db);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('callguard rules backtest', () => {
  it('without a published pack, compares the draft with the stored findings: a draft that fixes a dismissed false positive removes it and raises precision', async () => {
    const draft = rulesTree('fix-fp', (s) => s.replace(INSULT_PHRASES, 'any: [老赖, 傻逼, 不要脸]'));
    const report = await json({ rules: draft });
    expect(report.languages).toEqual([{ language: 'zh-CN', calls: 4, published: { kind: 'stored-findings' } }]);
    const r = insult(report);
    expect(r).toMatchObject({ added: 0, removed: 1 });
    expect(r.published.findings).toBe(3);
    expect(r.draft.findings).toBe(2);
    expect(r.removedSamples).toEqual([expect.objectContaining({ callId: 'c1', verdict: 'dismissed', startMs: 1000, endMs: 4000 })]);
    // The phone number in the quote is masked.
    expect(r.removedSamples[0]!.quote).not.toContain('13812345678');
    expect(r.removedSamples[0]!.quote).toContain('骗子');
    expect(r.draft.evidence).toMatchObject({ confirmedKept: 2, confirmedDropped: 0, dismissedKept: 0, dismissedDropped: 1 });
    expect(r.published.precision).toMatchObject({ successes: 2, n: 3 });
    expect(r.draft.precision).toMatchObject({ value: 1, successes: 2, n: 2 });
    expect(r.draft.precision.value!).toBeGreaterThan(r.published.precision.value!);
    expect(r.draft.recall).toMatchObject({ value: 1, n: 2 });

    const table = await run({ rules: draft });
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/zh\.abuse\.insult\s+3\s+2\s+\+0\s+-1\s+67% \(3\) → 100% \(2\)\s+100% \(2\) → 100% \(2\)/);
    expect(table.out).toContain('- c1  2026-11-02T10:00:00+08:00  00:01');
    expect(table.out).toContain('[was dismissed]');
    expect(table.out).toContain('precision = (confirmed kept + misses caught)');
  });

  it('against the published pack, a draft that breaks recall shows the confirmed findings it drops', async () => {
    const published = rulesTree('published');
    const files = packFilesIn(path.join(published, 'zh-CN'));
    await publishRulePack(t.db, { language: 'zh-CN', contentHash: packContentHash(files), files, ruleCount: 3, publishedBy: 'officer1' });
    try {
      // 老赖 taken out (and its example replaced, so the draft's examples still pass).
      const draft = rulesTree('break-recall', (s) => s.replace(INSULT_PHRASES, 'any: [傻逼, 不要脸, 骗子]').replace('- 你这个老赖\n', '- 你这个骗子\n'));
      const report = await json({ rules: draft });
      expect(report.languages[0]!.published).toMatchObject({ kind: 'pack', packHash: packContentHash(files), publishedBy: 'officer1' });
      const r = insult(report);
      expect(r).toMatchObject({ added: 0, removed: 2 });
      expect(r.removedSamples.map((s) => [s.callId, s.verdict])).toEqual([['c2', 'confirmed'], ['c3', 'confirmed']]);
      expect(r.draft.evidence).toMatchObject({ confirmedKept: 0, confirmedDropped: 2, dismissedKept: 1 });
      expect(r.published.recall).toMatchObject({ value: 1, n: 2 });
      expect(r.draft.recall).toMatchObject({ value: 0, n: 2 });
      expect(r.draft.precision).toMatchObject({ value: 0, n: 1 });
    } finally {
      await t.db.query('UPDATE rule_packs SET active = false');
    }
  });

  it('filters by date, bank and language', async () => {
    const draft = rulesTree('same');
    expect((await json({ rules: draft, since: '2026-11-03', until: '2026-11-20' })).calls).toBe(2); // c2, c3: --until includes its day
    expect((await json({ rules: draft, since: '2026-11-03T10:00:01+08:00' })).calls).toBe(2); // c3, c4
    expect((await json({ rules: draft, bank: '工商银行' })).calls).toBe(2);
    const zh = await json({ rules: draft, bank: '招商银行', language: 'zh-CN' });
    expect(zh.calls).toBe(2);
    expect(insult(zh)).toMatchObject({ added: 0, removed: 0 });
    expect(insult(zh).published.findings).toBe(2);
    // The fixture has no English pack: a backtest of English calls has nothing to run.
    const en = await run({ rules: draft, language: 'en-US' });
    expect(en.code).toBe(1);
    expect(en.out).toContain('no rule pack here');
    expect(await run({ rules: draft, language: 'fr-FR' })).toMatchObject({ code: 2, err: expect.stringContaining('--language must be') });
    expect(await run({ rules: draft, since: '2026-11-03T10:00' })).toMatchObject({ code: 2, err: expect.stringContaining('offset') });
  });

  it('refuses a draft that does not lint, with file:line:col, and one whose examples fail', async () => {
    const broken = rulesTree('broken', (s) => s.replace('    speaker: agent\n    sound_alike: true', '    speaker: agent\n    sound_alike: true\n    colour: red'));
    const r = await run({ rules: broken });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`${path.join(broken, 'zh-CN', 'abuse.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: .*colour`));
    expect(r.err).toContain('nothing was backtested');

    const failing = rulesTree('failing', (s) => s.replace(INSULT_PHRASES, 'any: [傻逼, 不要脸, 骗子]'));
    const f = await run({ rules: failing });
    expect(f.code).toBe(1);
    expect(f.out).toMatch(/abuse\.yaml:\d+:\d+: .*/);
    expect(f.err).toContain('example');
  });

  // Runs last: it adds two calls the other tests do not expect.
  it('counts a manual finding the draft now catches and a flag on a call QA sampled as clean', async () => {
    await storeBacktestCall(t.db, { id: 'c5', startedAt: '2026-11-24T10:00:00+08:00', bank: '招商银行', text: '你真是个废物' });
    await storeBacktestCall(t.db, { id: 'c6', startedAt: '2026-11-25T10:00:00+08:00', bank: '招商银行', text: '我们这边是废物回收的业务' });
    // A reviewer found the insult in c5 that no rule raised, and listened to c6 and found nothing.
    await t.db.query(
      `INSERT INTO findings (call_id, rule_id, rule_version, category, severity, speaker, start_ms, end_ms, quote, origin, created_by, verdict, verdict_at, verdict_by)
       VALUES ('c5', 'zh.abuse.insult', 'manual', 'abuse', 'high', 'agent', 1500, 2500, '废物', 'manual', 'qa1', 'confirmed', now(), 'qa1')`,
    );
    await t.db.query(
      `INSERT INTO qa_samples (call_id, week_start, agent_id, sampled_at, reviewed_at, reviewed_by, outcome)
       VALUES ('c6', '2026-11-23', 'A1', now(), now(), 'qa1', 'clean')`,
    );
    const draft = rulesTree('catch-miss', (s) => s.replace(INSULT_PHRASES, 'any: [老赖, 傻逼, 不要脸, 骗子, 废物]'));
    const report = await json({ rules: draft });
    expect(report.sampledCleanCalls).toBe(1);
    const r = insult(report);
    expect(r.added).toBe(2);
    expect(r.addedSamples.map((x) => x.callId)).toEqual(['c5', 'c6']);
    expect(r.published.evidence).toMatchObject({ confirmedKept: 2, dismissedKept: 1, missedCaught: 0, missedStill: 1, cleanSampleFlags: 0 });
    expect(r.draft.evidence).toMatchObject({ confirmedKept: 2, dismissedKept: 1, missedCaught: 1, missedStill: 0, cleanSampleFlags: 1 });
    // precision (2 confirmed + 1 caught) / (3 + 1 dismissed + 1 clean flag); recall 3 / (2 confirmed + 1 manual)
    expect(r.published.recall).toMatchObject({ successes: 2, n: 3 });
    expect(r.draft.recall).toMatchObject({ value: 1, n: 3 });
    expect(r.draft.precision).toMatchObject({ successes: 3, n: 5 });
    expect(r.draft.precision.low!).toBeLessThan(0.6);
    expect(r.draft.precision.high!).toBeGreaterThan(0.6);
    expect(report.total.draft.evidence.missedCaught).toBe(1);
  });
});
