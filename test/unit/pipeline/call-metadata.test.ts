import { describe, expect, it } from 'vitest';
import { parseMetadataCsv, parseMetadataJson, rejectDuplicateIds } from '../../../src/pipeline/intake/call-metadata.ts';

const HEADER = 'id,agent_id,agent_name,team,bank,borrower_id,phone,direction,started_at,duration_seconds,channel_layout,first_contact,language,audio';

describe('calls.csv', () => {
  it('parses rows, coerces types, resolves paths, keeps phone out of the call metadata', () => {
    const csv = `${HEADER}\nc1,A01,张三,T1,招商银行,B9,13800000000,outbound,2026-03-01T09:30:00+08:00,61.5,agent-left,yes,zh-CN,rec/c1.wav\n`;
    const { rows, problems } = parseMetadataCsv(csv, '/data/batch/calls.csv');
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(1);
    const r = rows[0]!;
    expect(r.line).toBe(2);
    expect(r.audio).toBe('/data/batch/rec/c1.wav');
    expect(r.phone).toBe('13800000000');
    expect(r.meta).toMatchObject({ id: 'c1', agentId: 'A01', agentName: '张三', team: 'T1', firstContact: true, durationMs: 61_500, channelLayout: 'agent-left' });
    expect(r.meta).not.toHaveProperty('phone');
    expect(r.meta).not.toHaveProperty('audio');
  });

  it('reports a bad row with its line number and keeps the others', () => {
    const csv = [
      HEADER,
      'c1,A01,,,BankA,B1,,outbound,2026-03-01T09:30:00+08:00,10,mono,no,zh-CN,',
      'c2,A01,,,BankA,B1,,sideways,2026-03-01T09:30:00+08:00,10,mono,no,zh-CN,',
      'c3,A01,,,BankA,B1,,outbound,2026-03-01 09:30,10,mono,no,zh-CN,',
      '"c4',
      'x",A01,,,BankA,B1,,outbound,2026-03-01T10:30:00Z,10,mono,maybe,zh-CN,',
      'c5,A01,,,BankA,B1,,inbound,2026-03-01T11:30:00-05:00,10,mono,false,en-US,',
    ].join('\n');
    const { rows, problems } = parseMetadataCsv(csv, 'calls.csv');
    expect(rows.map((r) => r.meta.id)).toEqual(['c1', 'c5']);
    expect(rows.map((r) => r.line)).toEqual([2, 7]);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(problems[0]!.message).toMatch(/direction/);
    expect(problems[1]!.message).toMatch(/startedAt/);
    expect(problems[2]!.message).toMatch(/firstContact/);
  });

  it('reports a row with the wrong number of columns and goes on', () => {
    const csv = `${HEADER}\nc1,A01\nc2,A01,,,BankA,B1,,outbound,2026-03-01T09:30:00+08:00,10,mono,no,zh-CN,\n`;
    const { rows, problems } = parseMetadataCsv(csv, 'calls.csv');
    expect(rows.map((r) => r.meta.id)).toEqual(['c2']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(2);
  });

  it('flags a duplicated call id on its second line', () => {
    const row = (id: string) => `${id},A01,,,BankA,B1,,outbound,2026-03-01T09:30:00+08:00,10,mono,no,zh-CN,`;
    const parsed = rejectDuplicateIds(parseMetadataCsv(`${HEADER}\n${row('a')}\n${row('b')}\n${row('a')}`, 'calls.csv'), 'calls.csv');
    expect(parsed.rows.map((r) => r.meta.id)).toEqual(['a', 'b']);
    expect(parsed.problems).toEqual([{ file: 'calls.csv', line: 4, message: 'call id a already on line 2' }]);
  });
});

describe('calls.json', () => {
  const call = (id: string, extra = '', language = 'zh-CN') => `{ "id": "${id}", "agentId": "A1", "bank": "B", "borrowerId": "X", "direction": "outbound",
      "startedAt": "2026-03-01T09:30:00+08:00", "firstContact": false, "language": "${language}"${extra} }`;

  it('accepts an array or { calls: [...] } and reports bad items by line', () => {
    const text = `{\n  "calls": [\n    ${call('a', ', "audio": "a.wav", "phone": "+8613800000000"')},\n    ${call('b', '', 'fr')},\n    42\n  ]\n}`;
    const { rows, problems } = parseMetadataJson(text, '/x/calls.json');
    expect(rows.map((r) => r.meta.id)).toEqual(['a']);
    expect(rows[0]!.line).toBe(3);
    expect(rows[0]!.audio).toBe('/x/a.wav');
    expect(rows[0]!.phone).toBe('+8613800000000');
    expect(problems.map((p) => p.line)).toEqual([5, 7]);
    expect(problems[0]!.message).toMatch(/language/);
    expect(parseMetadataJson(`[${call('z')}]`, 'c.json').rows).toHaveLength(1);
  });

  it('reports a syntax error with its line instead of throwing', () => {
    const { rows, problems } = parseMetadataJson('[\n  { "id": "a",\n  oops\n]', 'c.json');
    expect(rows).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(3);
  });
});

describe('dialer records and recording names', () => {
  it('reads a dialer CSV without direction or first-contact columns; hasRecording=false means no recording', () => {
    const csv = 'callId,agentId,borrowerId,bank,startedAt,durationMs,connected,hasRecording,language\n' +
      'd1,8023,B-1002,建设银行,2026-03-02T09:00:00+08:00,65000,true,true,zh-CN\n' +
      'd2,8023,B-9,建设银行,2026-03-02T09:10:00+08:00,90000,true,false,zh-CN\n' +
      'd3,8023,B-9,建设银行,2026-03-02T09:10:00+08:00,90000,true,perhaps,zh-CN\n';
    const { rows, problems } = parseMetadataCsv(csv, 'dialer-records.csv');
    expect(rows.map((r) => r.meta.id)).toEqual(['d1', 'd2']);
    expect(rows[0]!.meta).toMatchObject({ direction: 'outbound', firstContact: false, connected: true, durationMs: 65_000 });
    expect(rows[0]!.meta.recording).toEqual({ present: true });
    expect(rows[1]!.meta.recording).toEqual({ present: false });
    expect(problems.map((p) => p.line)).toEqual([4]);
  });

  it('takes a string `recording` as the recording file, and an object keyed by call id', () => {
    const text = '{\n "zh-a": { "agentId": "1", "bank": "B", "borrowerId": "X", "direction": "outbound", "startedAt": "2026-03-01T09:30:00+08:00",\n   "firstContact": true, "language": "zh-CN", "recording": "zh-a.wav", "channelLayout": "agent-left" }\n}';
    const { rows, problems } = parseMetadataJson(text, '/f/calls.json');
    expect(problems).toEqual([]);
    expect(rows[0]!.meta.id).toBe('zh-a');
    expect(rows[0]!.audio).toBe('/f/zh-a.wav');
    expect(rows[0]!.meta.recording).toBeUndefined();
  });
});
