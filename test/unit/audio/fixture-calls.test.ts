import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../../../src/domain/transcript.ts';
import { parseMetadataJson } from '../../../src/pipeline/intake/call-metadata.ts';
import { FIXTURE_CALLS_DIR, buildEncodeArgs, dialerCsv, toSpeakablePinyin, type Manifest } from '../../../scripts/generate-fixtures.ts';

describe('fixture generator helpers', () => {
  it('turns Mandarin into tone-digit pinyin for cmn-latn-pinyin: digits read one by one, neutral tone 5, pauses kept', () => {
    expect(toSpeakablePinyin('工号8023，受招商银行委托。')).toBe('gong1 hao4 ba1 ling2 er4 san1, shou4 zhao1 shang1 yin2 hang2 wei3 tuo1.');
    expect(toSpeakablePinyin('是李明先生吗？')).toBe('shi4 li3 ming2 xian1 sheng1 ma5.');
  });

  it('encodes bit-exactly (no encoder version or date in the files, so reruns do not churn git)', () => {
    const args = buildEncodeArgs('m4a', '/t/master.wav', '/o/x.m4a');
    expect(args).toEqual(expect.arrayContaining(['-fflags', '+bitexact', '-flags:a', '+bitexact', '-map_metadata', '-1']));
    expect(args.slice(-1)).toEqual(['/o/x.m4a']);
  });

  it('writes the dialer CSV with the documented columns, quoting where needed', () => {
    const csv = dialerCsv([
      { callId: 'D-1', agentId: '8107', borrowerId: 'B-1', bank: 'Bank, Ltd', startedAt: '2026-03-02T09:05:00+08:00', durationMs: 75000, connected: true, hasRecording: false, language: 'zh-CN' },
    ]);
    expect(csv).toBe('callId,agentId,borrowerId,bank,startedAt,durationMs,connected,hasRecording,language\nD-1,8107,B-1,"Bank, Ltd",2026-03-02T09:05:00+08:00,75000,true,false,zh-CN\n');
  });
});

describe('the committed fixture calls', () => {
  const read = async (name: string) => readFile(path.join(FIXTURE_CALLS_DIR, name), 'utf8');

  it('calls.json is what `callguard ingest` reads, with the agreed borrower ids, and every file exists', async () => {
    const { rows, problems } = parseMetadataJson(await read('calls.json'), path.join(FIXTURE_CALLS_DIR, 'calls.json'));
    expect(problems).toEqual([]);
    expect(Object.fromEntries(rows.map((r) => [r.meta.id, r.meta.borrowerId]))).toEqual({
      'zh-compliant': 'B-1001', 'zh-abusive': 'B-1002', 'zh-impersonation': 'B-1003', 'en-compliant': 'B-2001', 'en-violation': 'B-2002',
    });
    for (const r of rows) {
      expect(r.meta.channelLayout).toBe('agent-left');
      await access(r.audio!);
      await access(r.transcript!);
    }
  });

  it('reference transcripts are valid, in time order, inside the recording, and the dialer duration covers the recording', async () => {
    const manifest = JSON.parse(await read('manifest.json')) as Manifest;
    for (const call of manifest.calls) {
      const t = TranscriptSchema.parse(JSON.parse(await read(call.transcript)));
      expect(t.call.id).toBe(call.id);
      expect(t.call.recording).toEqual({ present: true, durationMs: call.durationMs, silentChannels: [] });
      expect(t.call.durationMs! / call.durationMs).toBeGreaterThanOrEqual(1);
      expect(t.call.durationMs! / call.durationMs).toBeLessThan(1.1);
      let previousEnd = 0;
      for (const s of t.segments) {
        expect(s.startMs).toBeGreaterThan(previousEnd);
        expect(s.endMs).toBeGreaterThan(s.startMs);
        previousEnd = s.endMs;
      }
      expect(previousEnd).toBeLessThan(call.durationMs);
    }
  });

  it('dialer records: four conversations of ≥ 60 s with the zh-abusive borrower earlier that local day, one connected call without a recording', async () => {
    const [header, ...lines] = (await read('dialer-records.csv')).trim().split('\n');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [header!.split(',')[i]!, v])));
    const sameDay = rows.filter((r) => r.borrowerId === 'B-1002' && r.startedAt!.startsWith('2026-03-02') && r.startedAt! < '2026-03-02T21:20');
    expect(sameDay).toHaveLength(4);
    for (const r of sameDay) expect(r).toMatchObject({ connected: 'true', hasRecording: 'true' });
    for (const r of sameDay) expect(Number(r.durationMs)).toBeGreaterThanOrEqual(60_000);
    expect(rows.filter((r) => r.hasRecording === 'false')).toEqual([expect.objectContaining({ connected: 'true', durationMs: '90000' })]);
  });
});
