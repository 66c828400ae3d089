import { describe, expect, it } from 'vitest';
import { parseTranscriptFile, parseTranscriptJson } from '../../../src/rules/index.ts';

describe('parseTranscriptFile', () => {
  it('accepts a valid transcript', () => {
    const r = parseTranscriptFile('fixtures/transcripts/zh-abusive.json');
    expect(r.ok && r.transcript.segments.length).toBe(5);
  });

  it('names the JSON path of each problem', () => {
    expect(parseTranscriptFile('fixtures/transcripts/malformed-start-ms.json')).toEqual({
      ok: false,
      kind: 'malformed',
      errors: ['segments[3].startMs: expected number, received string'],
    });
    const r = parseTranscriptFile('fixtures/transcripts/malformed-no-offset.json');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('call.startedAt: must carry a UTC offset, e.g. 2026-03-01T09:30:00+08:00');
      expect(r.errors).toContain('call.language: expected one of "zh-CN"|"en-US"');
    }
  });

  it('reports missing keys, unknown keys, bad JSON and unreadable files', () => {
    const r = parseTranscriptJson(JSON.stringify({ call: { id: 'x' }, segments: [{ speaker: 'agent', startMs: 0, endMs: 1, text: 'a', extra: 1 }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('call: missing required key "agentId"');
      expect(r.errors).toContain('segments[0].extra: unknown key "extra"');
    }
    const bad = parseTranscriptFile('fixtures/transcripts/malformed-not-json.json');
    expect(!bad.ok && bad.kind).toBe('malformed');
    expect(!bad.ok && bad.errors[0]).toMatch(/^not valid JSON/);
    const missing = parseTranscriptFile('fixtures/transcripts/does-not-exist.json');
    expect(!missing.ok && missing.kind).toBe('unreadable');
  });
});
