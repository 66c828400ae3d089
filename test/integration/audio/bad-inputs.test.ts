import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioInputError } from '../../../src/audio/audio-input-error.ts';
import { decodeToPcm } from '../../../src/audio/decode.ts';
import { probeAudio } from '../../../src/audio/probe.ts';
import { ToolTimeoutError } from '../../../src/audio/run-tool.ts';
import { BAD_AUDIO_DIR, FIXTURE_CALLS_DIR } from '../../../scripts/generate-fixtures.ts';
import { childProcesses } from './processes.ts';

/**
 * Broken uploads must fail fast and for good (a permanent error that says what is wrong), leave no
 * decoder running and no temp file behind. TMPDIR points at a private directory for this file so
 * "nothing left behind" can be checked exactly.
 */
let tmp: string;
const savedTmpdir = process.env.TMPDIR;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'callguard-bad-audio-test-'));
  process.env.TMPDIR = tmp;
});
afterAll(async () => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  await rm(tmp, { recursive: true, force: true });
});

async function expectNothingLeft(): Promise<void> {
  expect(childProcesses().filter((p) => /ffmpeg|ffprobe|sox/.test(p.comm))).toEqual([]);
  expect(await readdir(tmp)).toEqual([]);
}

const expected = JSON.parse(await readFile(path.join(BAD_AUDIO_DIR, 'expected.json'), 'utf8')) as Record<string, string>;

describe('bad inputs give a clear permanent AudioInputError', () => {
  it('covers every file in fixtures/bad-audio', async () => {
    const files = (await readdir(BAD_AUDIO_DIR)).filter((f) => f !== 'expected.json').sort();
    expect(files).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s → %s', async (name, reason) => {
    const err = await decodeToPcm(path.join(BAD_AUDIO_DIR, name), { split: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AudioInputError);
    expect((err as AudioInputError).reason).toBe(reason);
    // The reason itself shows the decode failed on the input, not on a deadline (that would be a timeout).
    expect((err as Error).message.startsWith(`${name}: `)).toBe(true);
    await expectNothingLeft();
  });

  it('the messages say what is wrong', async () => {
    const message = async (name: string) => decodeToPcm(path.join(BAD_AUDIO_DIR, name), { split: true }).catch((e: Error) => e.message);
    expect(await message('empty.wav')).toBe('empty.wav: the file is empty (0 bytes)');
    expect(await message('header-claims-hours.wav')).toMatch(/claims 37 h 16 min of audio but the file holds only 0\.5 s/);
    expect(await message('truncated.mp3')).toMatch(/states 4\.\d s but only 1\.\d s decodes \(truncated recording\)/);
    expect(await message('no-audio-stream.mp4')).toMatch(/no audio stream \(.*container with only video stream\(s\)\)/);
    expect(await message('moov-missing.m4a')).toMatch(/looks like an audio file but cannot be read \(moov atom not found/);
    expect(await message('text-renamed.wav')).toMatch(/not an audio file/);
  });

  it('a missing file and a directory are permanent errors too', async () => {
    await expect(probeAudio(path.join(tmp, 'gone.wav'))).rejects.toMatchObject({ reason: 'not_found' });
    await expect(probeAudio(BAD_AUDIO_DIR)).rejects.toMatchObject({ reason: 'not_audio' });
  });

  it('a WAV cut short (header promises more than the file holds) is truncated, not silently shortened', async () => {
    const source = await readFile(path.join(BAD_AUDIO_DIR, 'header-claims-hours.wav'));
    const cut = Buffer.from(source);
    cut.writeUInt32LE(16000 * 4, 40); // claims 4 s of 8 kHz 16-bit mono, holds 0.5 s
    const file = path.join(tmp, 'cut.wav');
    await writeFile(file, cut);
    await expect(decodeToPcm(file, { split: true })).rejects.toMatchObject({ reason: 'truncated' });
    await rm(file);
  });
});

describe('timeouts', () => {
  it('a decode that runs out of time kills ffmpeg and leaves nothing behind', async () => {
    const file = path.join(FIXTURE_CALLS_DIR, 'zh-compliant.opus');
    await expect(decodeToPcm(file, { split: true, timeoutMs: 1 })).rejects.toBeInstanceOf(ToolTimeoutError);
    await expectNothingLeft();
  });
});
