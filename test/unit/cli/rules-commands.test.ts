import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRules, scanFiles, testRules, type Output } from '../../../src/cli/rules-commands.ts';
import { withTempFiles } from '../rules/helpers.ts';

const GOOD = 'test/unit/rules/fixtures/rules';

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('callguard rules lint', () => {
  it('exits 0 on valid rules with a summary', () => {
    const io = capture();
    expect(lintRules(GOOD, io)).toBe(0);
    expect(io.stdout).toEqual(['ok — zh-CN: 5 rules in 3 files']);
  });

  it('a folder with no pack is an error, not "ok"', () => {
    withTempFiles({ 'README.txt': 'not a pack' }, (root) => {
      const io = capture();
      expect(lintRules(root, io)).toBe(1);
      expect(io.stdout).toEqual([expect.stringMatching(/: no rule pack here/)]);
    });
  });

  it('prints every problem as file:line:col and exits 1', () => {
    const io = capture();
    expect(lintRules('fixtures/bad-rules/many-problems', io)).toBe(1);
    expect(io.stdout[0]).toMatch(/^fixtures\/bad-rules\/many-problems\/rules\.yaml:11:5: rules\[0\]: unknown key "colour"$/);
    expect(io.stdout.at(-1)).toBe(`${io.stdout.length - 1} problems`);
  });
});

describe('callguard rules test', () => {
  it('runs the examples and prints the summary line', () => {
    const io = capture();
    expect(testRules(GOOD, io)).toBe(0);
    expect(io.stdout).toEqual(['30 passed, 0 failed']);
  });

  it('refuses invalid rules', () => {
    const io = capture();
    expect(testRules('fixtures/bad-rules/unknown-key', io)).toBe(1);
    expect(io.stdout.at(-1)).toMatch(/the rules are invalid/);
  });
});

describe('callguard scan', () => {
  it('jsonl: one object per finding with the evidence fields', () => {
    const io = capture();
    expect(scanFiles(['fixtures/transcripts/zh-abusive.json'], { rulesDir: GOOD, format: 'jsonl' }, io)).toBe(0);
    const records = io.stdout.map((l) => JSON.parse(l));
    expect(records.map((r) => r.ruleId)).toEqual(['zh.disclosure.entrusted', 'zh.abuse.insult', 'zh.threat.visit']);
    expect(records[1]).toMatchObject({
      callId: 'zh-abusive-1',
      category: 'abuse',
      severity: 'high',
      speaker: 'agent',
      startMs: 7200,
      endMs: 12000,
      quote: '你这个老赖，真不要脸，欠钱不还还有理了？',
      matched: ['老赖', '不要脸'],
      source: '银协《信用卡催收工作指引（试行）》',
      title: '辱骂借款人',
    });
    expect(records[1].ruleVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reports a malformed file with its JSON path, still scans the others, and exits 1', () => {
    const io = capture();
    const code = scanFiles(
      ['fixtures/transcripts/malformed-start-ms.json', 'fixtures/transcripts/zh-compliant.json', 'fixtures/transcripts/en-mono.json'],
      { rulesDir: GOOD, format: 'table' },
      io,
    );
    expect(code).toBe(1);
    expect(io.stderr).toContain('fixtures/transcripts/malformed-start-ms.json: segments[3].startMs: expected number, received string');
    expect(io.stderr).toContain('fixtures/transcripts/en-mono.json: no rule pack for en-US in test/unit/rules/fixtures/rules');
    expect(io.stdout.join('\n')).toMatch(/zh-compliant-1 +zh-CN/);
    expect(io.stdout.join('\n')).toMatch(/no findings/);
  });

  it('counts calls of the same borrower across the files of one invocation', () => {
    const base = JSON.parse(readFileSync('fixtures/transcripts/zh-compliant.json', 'utf8'));
    const calls = Object.fromEntries(
      ['09:00', '09:30', '10:00', '10:30'].map((hhmm, i) => [
        `call-${i}.json`,
        JSON.stringify({ ...base, call: { ...base.call, id: `call-${i}`, startedAt: `2026-03-02T${hhmm}:00+08:00` } }),
      ]),
    );
    const io = capture();
    const code = withTempFiles(calls, (dir) =>
      scanFiles(Object.keys(calls).map((f) => join(dir, f)).reverse(), { rulesDir: GOOD, format: 'jsonl' }, io),
    );
    expect(code).toBe(0);
    const daily = io.stdout.map((l) => JSON.parse(l)).filter((r) => r.ruleId === 'zh.contact.daily');
    expect(daily.map((r) => [r.callId, r.matched])).toEqual([['call-3', ['4 conversations in this local day (limit 3)']]]);
  });
});

describe('callguard scan: transcript quality', () => {
  it('reports a transcript whose quality field is below the policy threshold, and not one without doubt', () => {
    const base = JSON.parse(readFileSync('fixtures/transcripts/zh-compliant.json', 'utf8'));
    const quality = { score: 0.21, engine: 'pocketsphinx', signals: [{ signal: 'language_mismatch', value: 0.9, factor: 0.21, detail: '90 % Latin-script words on a zh-CN call' }] };
    const files = { 'low.json': JSON.stringify({ ...base, call: { ...base.call, id: 'low' }, quality }), 'fine.json': JSON.stringify(base) };
    const io = capture();
    const code = withTempFiles(files, (dir) => scanFiles(Object.keys(files).map((f) => join(dir, f)), { rulesDir: GOOD, format: 'jsonl' }, io));
    expect(code).toBe(0);
    const flagged = io.stdout.map((l) => JSON.parse(l)).filter((r) => r.category === 'transcript_quality');
    expect(flagged.map((r) => [r.callId, r.title, r.matched.slice(0, 2)])).toEqual([['low', '转写不可靠，需人工听音', ['score 0.21 < 0.5', 'engine pocketsphinx']]]);
  });
});

describe('callguard scan: which packs it loads', () => {
  it('loads only the packs of the calls it scans: a broken en-US pack does not stop a zh-CN scan, and does stop an en-US one', () => {
    const zhPack = Object.fromEntries(['abuse.yaml', 'cues.yaml', 'disclosure.yaml'].map((f) => [`zh-CN/${f}`, readFileSync(join(GOOD, 'zh-CN', f), 'utf8')]));
    withTempFiles({ ...zhPack, 'en-US/broken.yaml': 'language: en-US\nrules: [ { id: Bad } ]\n' }, (root) => {
      const zh = capture();
      expect(scanFiles(['fixtures/transcripts/zh-abusive.json'], { rulesDir: root, format: 'jsonl' }, zh)).toBe(0);
      expect(zh.stderr).toEqual([]);
      const en = capture();
      expect(scanFiles(['fixtures/transcripts/en-violation.json'], { rulesDir: root, format: 'jsonl' }, en)).toBe(1);
      expect(en.stderr.at(-1)).toMatch(/the rules in .* are invalid; nothing scanned/);
    });
  });
});
