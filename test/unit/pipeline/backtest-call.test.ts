import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callMetaOf, type StoredCall } from '../../../src/domain/call.ts';
import type { Finding } from '../../../src/domain/finding.ts';
import { backtestCall, diffOf } from '../../../src/pipeline/rule-backtest.ts';
import { loadRuleSet, scanTranscript, type CompiledPack } from '../../../src/rules/index.ts';
import type { BacktestCallRead } from '../../../src/store/index.ts';

const root = mkdtempSync(path.join(tmpdir(), 'callguard-backtest-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The shipped zh-CN pack, with abuse.yaml edited. */
function pack(name: string, edit: (abuse: string) => string = (s) => s): CompiledPack {
  const dir = path.join(root, name);
  cpSync(path.resolve('rules'), dir, { recursive: true });
  const file = path.join(dir, 'zh-CN', 'abuse.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  const set = loadRuleSet(dir, { languages: new Set(['zh-CN']) });
  if (!set.ok) throw new Error(JSON.stringify(set.problems));
  return set.packs.get('zh-CN')!;
}

const call = {
  id: 'u1', agentId: '8023', agentName: '王芳', agency: '华信资产管理公司', borrowerId: 'B-1', bank: '招商银行',
  startedAt: '2026-03-02T22:30:00+08:00', direction: 'outbound', firstContact: true, language: 'zh-CN', connected: true,
  durationMs: 60_000, metadata: {}, utcOffsetMinutes: 480, source: 'recording', phone: null, team: null, channelLayout: 'agent-left',
} as unknown as StoredCall;
const read: BacktestCallRead = {
  call,
  segments: [
    { speaker: 'agent', startMs: 0, endMs: 3000, text: '你这个老赖，真不要脸。' },
    { speaker: 'agent', startMs: 3500, endMs: 6000, text: '再不还钱我们就上门找你家里人。' },
    { speaker: 'customer', startMs: 6500, endMs: 8000, text: '我要投诉你们。' },
  ],
  history: [], lastScanFindings: [], reviewed: [], missed: [], sampledClean: false,
};
const key = (f: { ruleId: string; startMs: number; endMs: number; ruleVersion: string }) => `${f.ruleId}@${f.ruleVersion}:${f.startMs}-${f.endMs}`;

describe('backtestCall', () => {
  const published = pack('published');

  it('gives the published side exactly what a full scan with the published pack gives, scanning again only the rules the draft changed', () => {
    const full = scanTranscript(published, { call: callMetaOf(call), segments: read.segments }).map(key).sort();
    expect(full.some((k) => k.startsWith('zh.abuse.insult@'))).toBe(true);
    const drafts = {
      same: pack('same'),
      insultOff: pack('insult-off', (s) => s.replace('  - id: zh.abuse.insult\n', '  - id: zh.abuse.insult\n    enabled: false\n')),
    };
    expect(diffOf(drafts.same, published).changed.size).toBe(0);
    // The abuse model rule changes with its category's phrase rules: a segment one of them flags gets no
    // model finding, so turning the insult rule off changes what the model rule finds.
    expect([...diffOf(drafts.insultOff, published).changed].sort()).toEqual(['zh.abuse.insult', 'zh.abuse.wording-model']);
    for (const draft of Object.values(drafts)) {
      const b = backtestCall(read, draft, published);
      expect(b.published.map(key).sort()).toEqual(full);
    }
    const off = backtestCall(read, drafts.insultOff, published);
    expect(off.draft.some((f) => f.ruleId === 'zh.abuse.insult')).toBe(false);
    // With the insult rule off, the abuse text model scores the segment the rule no longer flags.
    const model = off.draft.filter((f) => f.ruleId === 'zh.abuse.wording-model');
    expect(model.map((f) => f.startMs)).toEqual([0]);
    expect(off.draft.length - model.length).toBe(off.published.length - off.published.filter((f) => f.ruleId === 'zh.abuse.insult').length);
  });

  it('without a published pack, takes the stored findings of the last scan as the published side', () => {
    const stored: Finding[] = [{ callId: 'u1', ruleId: 'zh.x', ruleVersion: 'v', title: '', category: 'abuse', severity: 'high', speaker: 'agent', startMs: 0, endMs: 1, quote: '', matched: [], source: '' }];
    const b = backtestCall({ ...read, lastScanFindings: stored }, published, null);
    expect(b.published).toEqual(stored);
  });
});
