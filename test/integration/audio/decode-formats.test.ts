import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureActivity, recordingFacts } from '../../../src/audio/checks.ts';
import { decodeToPcm, type DecodedAudio } from '../../../src/audio/decode.ts';
import { assignSpeakers } from '../../../src/audio/speakers.ts';
import { runTool } from '../../../src/audio/run-tool.ts';
import { TranscriptSchema, type Segment } from '../../../src/domain/transcript.ts';
import { ALL_FORMATS, FIXTURE_CALLS_DIR, FIXTURE_FORMATS, generateFixtureCalls, type FixtureFormat, type Manifest } from '../../../scripts/generate-fixtures.ts';

/**
 * Every format a recording arrives in, built by the fixture generator in a temp dir (the 8 kHz WAVs
 * are not committed) from one scripted call whose segment times are known to the sample.
 */
const CALL = 'en-violation';
const TOLERANCE_MS = 20;
let dir: string;
let manifest: Manifest;
let segments: Segment[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'callguard-decode-test-'));
  manifest = await generateFixtureCalls(dir, { formats: ALL_FORMATS, only: [CALL] });
  segments = TranscriptSchema.parse(JSON.parse(await readFile(path.join(dir, `${CALL}.transcript.json`), 'utf8'))).segments;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = (format: FixtureFormat) => path.join(dir, manifest.calls[0]!.files[format]!);

/** RMS of one channel between two times, full scale = 1. */
function rmsBetween(pcm: Int16Array, startMs: number, endMs: number): number {
  return measureActivity(pcm.subarray(startMs * 16, endMs * 16), 16000).rms;
}

describe.each(ALL_FORMATS)('%s decodes to 16 kHz PCM on the true timeline', (format) => {
  let decoded: DecodedAudio;
  beforeAll(async () => {
    decoded = await decodeToPcm(file(format), { split: true });
  });

  it(`is ${FIXTURE_FORMATS[format].what}, 8 kHz telephony audio in, 16 kHz out`, () => {
    expect(decoded.sampleRate).toBe(16000);
    expect(decoded.source.channels).toBe(FIXTURE_FORMATS[format].channels);
    expect(decoded.channels).toHaveLength(FIXTURE_FORMATS[format].channels);
    expect(decoded.source.sampleRate).toBe(format === 'opus' ? 48000 : 8000); // Opus always signals 48 kHz
  });

  it(`duration within ${TOLERANCE_MS} ms of the assembled call`, () => {
    const truth = manifest.calls[0]!.durationMs;
    expect(Math.abs(decoded.durationMs - truth)).toBeLessThanOrEqual(TOLERANCE_MS);
    for (const ch of decoded.channels) expect(Math.abs(ch.length / 16 - decoded.durationMs)).toBeLessThan(1);
  });

  it('every segment is where the transcript says it is (speech inside, quiet in the gap before it)', () => {
    const mix = decoded.channels.length === 1 ? decoded.channels[0]! : mixdown(decoded.channels);
    for (const s of segments) {
      expect(rmsBetween(mix, s.startMs + 20, s.endMs - 20)).toBeGreaterThan(0.02);
      expect(rmsBetween(mix, s.startMs - 300, s.startMs - 60)).toBeLessThan(0.01);
    }
  });

  if (FIXTURE_FORMATS[format].channels === 2) {
    it("split: each speaker's speech is on their own side only", () => {
      const [agent, customer] = assignSpeakers(decoded.channels, 'agent-left');
      for (const s of segments) {
        const own = rmsBetween((s.speaker === 'agent' ? agent : customer)!.pcm, s.startMs, s.endMs);
        const other = rmsBetween((s.speaker === 'agent' ? customer : agent)!.pcm, s.startMs, s.endMs);
        expect(own).toBeGreaterThan(0.02);
        expect(other).toBeLessThan(own / 10);
      }
      expect(recordingFacts(decoded)).toEqual({ present: true, durationMs: decoded.durationMs, silentChannels: [] });
    });
  }
});

function mixdown(channels: Int16Array[]): Int16Array {
  const out = new Int16Array(channels[0]!.length);
  for (let i = 0; i < out.length; i++) out[i] = (channels[0]![i]! + channels[1]![i]!) >> 1;
  return out;
}

describe('channel handling', () => {
  it('odd file names (spaces, colons, a leading dash, Chinese, no extension) are read as plain files', async () => {
    const named = path.join(dir, '-通话 录音:01');
    await writeFile(named, await readFile(file('mp3')));
    const d = await decodeToPcm(path.relative(process.cwd(), named), { split: true });
    expect(d.source.codec).toBe('mp3');
    expect(d.channels).toHaveLength(2);
    const amr = path.join(dir, '-录音:02');
    await writeFile(amr, await readFile(file('amr')));
    expect((await decodeToPcm(amr, { split: true })).source.codec).toBe('amr_nb'); // through sox
  });

  it('split=false downmixes a stereo call into one channel', async () => {
    const d = await decodeToPcm(file('wav'), { split: false });
    expect(d.channels).toHaveLength(1);
    expect(d.source.channels).toBe(2);
  });

  it('AMR (mono) decodes to one channel even when split is asked for, with sox keeping DTX frames', async () => {
    const d = await decodeToPcm(file('amr'), { split: true });
    expect(d.channels).toHaveLength(1);
    // ffmpeg's own AMR decoder drops DTX frames: the same file comes out shorter (the drift sox avoids).
    const viaFfmpeg = await runTool('ffmpeg', ['-nostdin', '-v', 'quiet', '-i', file('amr'), '-f', 's16le', '-ac', '1', '-ar', '16000', 'pipe:1'], { timeoutMs: 30_000 });
    expect(viaFfmpeg.stdout.length / 32).toBeLessThan(d.durationMs - 200);
  });

  it('AMR-WB (no encoder here, so a crafted file: 50 speech frames around 50 NO_DATA frames) keeps every 20 ms frame', async () => {
    const frames: Buffer[] = [Buffer.from('#!AMR-WB\n', 'latin1')];
    let seed = 7;
    for (let i = 0; i < 100; i++) {
      if (i >= 25 && i < 75) {
        frames.push(Buffer.from([0x7c])); // frame type 15: NO_DATA (DTX)
      } else {
        const speech = Buffer.alloc(18);
        speech[0] = 0x04; // frame type 0 (6.60 kbit/s), quality bit set, 17 payload bytes
        for (let j = 1; j < 18; j++) speech[j] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
        frames.push(speech);
      }
    }
    const awb = path.join(dir, 'crafted.awb');
    await writeFile(awb, Buffer.concat(frames));
    const d = await decodeToPcm(awb, { split: true });
    expect(d.source).toMatchObject({ codec: 'amr_wb', formatName: 'amr', channels: 1 });
    expect(d.durationMs).toBe(2000);
  });

  it.each(['wav', 'opus'])('a "stereo" %s carrying one mono signal twice comes back as one channel (speaker unknown)', async (ext) => {
    const dual = path.join(dir, `dual-mono.${ext}`);
    await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', file('wav'), '-af', 'pan=stereo|c0=0.5*c0+0.5*c1|c1=0.5*c0+0.5*c1', '-b:a', '32k', dual], { timeoutMs: 30_000 });
    const d = await decodeToPcm(dual, { split: true });
    expect(d.source.channels).toBe(2);
    expect(d.channels).toHaveLength(1);
    expect(assignSpeakers(d.channels, 'agent-left').map((s) => s.speaker)).toEqual(['unknown']);
    expect(recordingFacts(d).silentChannels).toEqual([]);
  });

  it('a VBR MP3 without a Xing header whose quiet start makes ffprobe guess far too long is not called truncated', async () => {
    const quietStart = path.join(dir, 'quiet-start.wav');
    const vbr = path.join(dir, 'vbr-no-xing.mp3');
    // 20 s of near-silence, then the call: the first frames are tiny, so the bit-rate guess overshoots.
    await runTool('sox', ['-D', file('wav'), quietStart, 'pad', '20', '0'], { timeoutMs: 30_000 });
    await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', quietStart, '-c:a', 'libmp3lame', '-q:a', '2', '-write_xing', '0', vbr], { timeoutMs: 30_000 });
    const d = await decodeToPcm(vbr, { split: true });
    expect(d.source.durationEstimated).toBe(true);
    expect(Math.abs(d.durationMs - (manifest.calls[0]!.durationMs + 20_000))).toBeLessThan(300); // + encoder delay, no Xing to trim it
  });

  it('a stereo Opus recording with a dead customer line reports the customer silent despite crosstalk', async () => {
    const deadRight = path.join(dir, 'dead-right.opus');
    await runTool('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', file('wav'), '-af', 'pan=stereo|c0=c0|c1=0*c1', '-c:a', 'libopus', '-b:a', '24k', deadRight], { timeoutMs: 30_000 });
    const d = await decodeToPcm(deadRight, { split: true });
    expect(recordingFacts(d, 'agent-left').silentChannels).toEqual(['customer']);
    expect(recordingFacts(d, 'agent-right').silentChannels).toEqual(['agent']);
  });
});

describe('the committed fixture calls', () => {
  it('each call decodes in its primary format to the manifest duration, split into agent and customer', async () => {
    const committed = JSON.parse(await readFile(path.join(FIXTURE_CALLS_DIR, 'manifest.json'), 'utf8')) as Manifest;
    expect(committed.calls.map((c) => c.id)).toEqual(['zh-compliant', 'zh-abusive', 'zh-impersonation', 'en-compliant', 'en-violation']);
    for (const call of committed.calls) {
      const d = await decodeToPcm(path.join(FIXTURE_CALLS_DIR, call.files[committed.primaryFormat]!), { split: true });
      expect(Math.abs(d.durationMs - call.durationMs), call.id).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(d.channels, call.id).toHaveLength(2);
      expect(recordingFacts(d).silentChannels, call.id).toEqual([]);
    }
  });
});
