import type { Finding } from '../domain/finding.ts';
import { TranscriptSchema, type Language, type Transcript } from '../domain/transcript.ts';
import type { CompiledPack, CompiledRule } from './compile-pack.ts';
import type { HistoryCall } from './history.ts';
import type { Example } from './rule-schema.ts';
import { scanTranscript } from './scanner/scan-transcript.ts';
import type { SourcePosition } from './source-position.ts';
import { formatPath, plainIssues } from './zod-issues.ts';

/**
 * A rule's examples run like unit tests against the compiled pack: a `match` example must make
 * the rule raise a finding, a `no_match` example must not. Example calls start from built-in
 * defaults per language, then the file's `example_call`, then the example's own `call`.
 */
export const DEFAULT_EXAMPLE_CALLS: Record<Language, Record<string, unknown>> = {
  'zh-CN': {
    id: 'example-call',
    agentId: '8023',
    agentName: '王芳',
    agency: '华信资产管理公司',
    borrowerId: 'example-borrower',
    bank: '招商银行',
    startedAt: '2026-03-02T10:30:00+08:00',
    direction: 'outbound',
    firstContact: true,
    language: 'zh-CN',
    durationMs: 120_000,
    connected: true,
  },
  'en-US': {
    id: 'example-call',
    agentId: '1042',
    agentName: 'John Smith',
    agency: 'Acme Recovery',
    borrowerId: 'example-borrower',
    bank: 'First National Bank',
    startedAt: '2026-03-02T10:00:00-05:00',
    direction: 'outbound',
    firstContact: true,
    language: 'en-US',
    durationMs: 120_000,
    connected: true,
  },
};

const SEGMENT_MS = 5_000;

export interface ExampleResult {
  ruleId: string;
  expect: 'match' | 'no_match';
  /** 0-based index in the rule's list. */
  index: number;
  position: SourcePosition;
  passed: boolean;
  /** Why it failed, in words; empty when passed. */
  message: string;
  findings: Finding[];
}

export interface ExamplesReport {
  results: ExampleResult[];
  passed: number;
  failed: number;
}

export function runExamples(pack: CompiledPack): ExamplesReport {
  const results: ExampleResult[] = [];
  for (const rule of pack.allRules) {
    for (const expect of ['match', 'no_match'] as const) {
      rule.loaded.rule.examples[expect].forEach((example, index) => {
        results.push(runExample(pack, rule, example, expect, index));
      });
    }
  }
  const failed = results.filter((r) => !r.passed).length;
  return { results, passed: results.length - failed, failed };
}

function runExample(pack: CompiledPack, rule: CompiledRule, example: Example, expect: 'match' | 'no_match', index: number): ExampleResult {
  const position = rule.loaded.examplePositions[expect][index]!;
  const base = { ruleId: rule.id, expect, index, position };
  const built = exampleTranscript(pack, rule, example);
  if (!built.ok) return { ...base, passed: false, message: `${rule.id}: ${expect} example #${index + 1}: the example call is invalid: ${built.error}`, findings: [] };
  const findings = scanTranscript(pack, built.transcript, built.history, { onlyRules: new Set([rule.id]) });
  const raised = findings.length > 0;
  const passed = expect === 'match' ? raised : !raised;
  let message = '';
  if (!passed) {
    const what = exampleLabel(example);
    message =
      expect === 'match'
        ? `${rule.id}: match example #${index + 1} raised no finding: ${what}`
        : `${rule.id}: no_match example #${index + 1} raised a finding (matched ${JSON.stringify(findings[0]!.matched)}): ${what}`;
  }
  return { ...base, passed, message, findings };
}

function exampleLabel(example: Example): string {
  if (typeof example === 'string') return JSON.stringify(example);
  if (example.note) return example.note;
  if (example.text) return JSON.stringify(example.text);
  if (example.segments) return example.segments.map((s) => `${s.speaker}: ${s.text}`).join(' / ');
  return JSON.stringify(example.call ?? {});
}

/** The call an example stands for (exported for tests and for tools that preview examples). */
export function exampleTranscript(
  pack: CompiledPack,
  rule: CompiledRule,
  example: Example,
): { ok: true; transcript: Transcript; history: HistoryCall[] } | { ok: false; error: string } {
  const speaker = 'speaker' in rule.rule && rule.rule.speaker !== 'any' ? rule.rule.speaker : 'agent';
  const overrides = typeof example === 'string' ? {} : (example.call ?? {});
  const call = { ...DEFAULT_EXAMPLE_CALLS[pack.language], ...rule.loaded.exampleCall, ...overrides };
  const text = typeof example === 'string' ? example : example.text;
  const segments: Array<Record<string, unknown>> = [];
  if (text !== undefined) segments.push({ speaker, text });
  if (typeof example !== 'string' && example.segments) segments.push(...example.segments);
  let clock = 0;
  const timed = segments.map((s) => {
    const startMs = typeof s.startMs === 'number' ? s.startMs : clock;
    const endMs = typeof s.endMs === 'number' ? s.endMs : startMs + SEGMENT_MS;
    clock = endMs;
    return { ...s, startMs, endMs };
  });
  const parsed = TranscriptSchema.safeParse({ call, segments: timed });
  if (!parsed.success) {
    return { ok: false, error: plainIssues(parsed.error.issues, { call, segments: timed }).map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ') };
  }
  const transcript = parsed.data;
  const history: HistoryCall[] =
    typeof example === 'string'
      ? []
      : (example.history ?? []).map((h, k) => ({
          callId: `example-history-${k + 1}`,
          borrowerId: transcript.call.borrowerId,
          startedAt: h.startedAt,
          ...(h.durationMs !== undefined ? { durationMs: h.durationMs } : {}),
          ...(h.connected !== undefined ? { connected: h.connected } : {}),
        }));
  return { ok: true, transcript, history };
}
