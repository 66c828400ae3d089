import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SidecarInvalidError } from '../../../src/asr/asr-errors.ts';
import { createSidecarSource, jsonPath, readSidecarTranscript } from '../../../src/asr/sidecar.ts';

let dir: string;
const call = {
  id: 'c-1', agentId: 'A1', borrowerId: 'B1', bank: 'Acme Bank', startedAt: '2026-03-02T10:30:00-05:00',
  direction: 'outbound', firstContact: false, language: 'en-US',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-sidecar-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sidecar transcripts', () => {
  it('finds <recording>.transcript.json, then <name>.transcript.json, else null', async () => {
    const source = createSidecarSource();
    const rec = path.join(dir, 'call-1.wav');
    expect(await source.locate(rec)).toBeNull();
    await writeFile(path.join(dir, 'call-1.transcript.json'), '{}');
    expect(await source.locate(rec)).toBe(path.join(dir, 'call-1.transcript.json'));
    await writeFile(`${rec}.transcript.json`, '{}');
    expect(await source.locate(rec)).toBe(`${rec}.transcript.json`);
    expect(await createSidecarSource({ path: path.join(dir, 'elsewhere.json') }).locate(rec)).toBeNull();
  });

  it('reads a valid transcript', async () => {
    const file = path.join(dir, 'valid.json');
    await writeFile(file, JSON.stringify({ call, segments: [{ speaker: 'agent', startMs: 0, endMs: 1200, text: 'hello' }] }));
    const t = await readSidecarTranscript(file);
    expect(t.segments[0]).toMatchObject({ speaker: 'agent', text: 'hello' });
  });

  it('names the JSON path of every problem in an invalid one', async () => {
    const file = path.join(dir, 'invalid.json');
    await writeFile(
      file,
      JSON.stringify({
        call: { ...call, startedAt: '2026-03-02T10:30:00' },
        segments: [{ speaker: 'agent', startMs: 0, endMs: 10, text: 'ok' }, { speaker: 'robot', startMs: 500, endMs: 100, text: 'x' }],
      }),
    );
    const err = (await readSidecarTranscript(file).catch((e: unknown) => e)) as SidecarInvalidError;
    expect(err).toBeInstanceOf(SidecarInvalidError);
    expect(err.issues.some((i) => i.startsWith('call.startedAt:'))).toBe(true);
    expect(err.issues.some((i) => i.startsWith('segments[1].speaker:'))).toBe(true);
    expect(err.message).toContain(file);
  });

  it('says when the file is not JSON at all', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{"call": ');
    await expect(readSidecarTranscript(file)).rejects.toThrow(/not JSON/);
  });

  it('formats paths like a reader writes them', () => {
    expect(jsonPath(['segments', 3, 'words', 0, 'startMs'])).toBe('segments[3].words[0].startMs');
    expect(jsonPath([])).toBe('');
  });
});
