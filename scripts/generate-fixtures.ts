/**
 * Builds the fixture calls in fixtures/calls/ from fixtures/calls.source.json:
 *   npx tsx scripts/generate-fixtures.ts [OUT_DIR] [--all-formats]
 * (without OUT_DIR it also rewrites the bad inputs in fixtures/bad-audio/)
 *
 * Each scripted turn is spoken by espeak-ng (Mandarin through the `cmn-latn-pinyin` voice fed pinyin
 * with tone digits — the plain `cmn`/`zh` voices read the digits aloud; English through `en-us`), two
 * voices per call, trimmed and laid out turn after turn with pauses, so every segment's start and
 * end are known to the sample. Agent on the left channel, customer on the right. The 8 kHz stereo
 * master is then encoded in the formats recordings arrive in. Deterministic (bit-exact encoders, a
 * seeded noise floor): running it again rewrites identical files.
 *
 * Writes: <id>.<format> recordings, <id>.transcript.json reference transcripts, calls.json (call
 * metadata in the transcript `call` shape + `audio` and `transcript` file names, the shape
 * `callguard ingest` reads), dialer-records.csv, manifest.json (exact durations, files per format,
 * expected findings) for tests and benchmarks.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pinyin } from 'pinyin-pro';
import { z } from 'zod';
import { CallMetaSchema, TranscriptSchema, type CallMeta, type Segment, type Transcript } from '../src/domain/transcript.ts';
import { findSilentSpeakers } from '../src/audio/checks.ts';
import { runTool } from '../src/audio/run-tool.ts';
import { assignSpeakers } from '../src/audio/speakers.ts';
import { withTempDir } from '../src/audio/temp-dir.ts';
import { encodeWav, pcmFromS16le } from '../src/audio/wav.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_FILE = path.join(REPO, 'fixtures', 'calls.source.json');
export const FIXTURE_CALLS_DIR = path.join(REPO, 'fixtures', 'calls');

export const FIXTURE_RATE = 8000;
const LEAD_MS = 500;
const TRAIL_MS = 500;
const TURN_GAP_MS = 600; // the other side answers
const SAME_SPEAKER_GAP_MS = 350; // a breath between two sentences of one speaker
const TOOL_TIMEOUT_MS = 30_000;

/** Recording formats produced per call. `channels` 1 = a mono mixdown (AMR-NB is a mono codec). */
export const FIXTURE_FORMATS = {
  wav: { suffix: '.wav', channels: 2, what: '8 kHz 16-bit PCM WAV' },
  ulaw: { suffix: '.ulaw.wav', channels: 2, what: '8 kHz G.711 μ-law WAV' },
  alaw: { suffix: '.alaw.wav', channels: 2, what: '8 kHz G.711 A-law WAV' },
  mp3: { suffix: '.mp3', channels: 2, what: 'MP3 24 kbit/s' },
  amr: { suffix: '.amr', channels: 1, what: 'AMR-NB 12.2 kbit/s (mono mixdown, DTX on)' },
  // Below ≈ 24 kbit/s libopus folds stereo into one channel and the agent leaks into the customer side.
  opus: { suffix: '.opus', channels: 2, what: 'Ogg/Opus 24 kbit/s' },
  m4a: { suffix: '.m4a', channels: 2, what: 'M4A/AAC-LC 24 kbit/s' },
} as const;
export type FixtureFormat = keyof typeof FIXTURE_FORMATS;
export const ALL_FORMATS = Object.keys(FIXTURE_FORMATS) as FixtureFormat[];
/**
 * What the repository carries: the compressed formats (≈ 1 MB for all calls). The 8 kHz WAVs
 * (PCM, μ-law, A-law: 16–32 KB per second) are made on demand (`--all-formats`, or by the tests in
 * a temp dir) to keep the repository light.
 */
export const COMMITTED_FORMATS: FixtureFormat[] = ['mp3', 'amr', 'opus', 'm4a'];
/** The file calls.json names as each call's recording: stereo MP3, common in recorder archives. */
export const PRIMARY_FORMAT: FixtureFormat = 'mp3';

const TurnSchema = z.strictObject({ speaker: z.enum(['agent', 'customer']), text: z.string().min(1) });
const SourceSchema = z.object({
  calls: z.array(z.strictObject({ call: CallMetaSchema, expected: z.array(z.string()), turns: z.array(TurnSchema).min(1) })),
  dialerRecords: z.array(
    z.strictObject({
      callId: z.string(), agentId: z.string(), borrowerId: z.string(), bank: z.string(), startedAt: z.string(),
      durationMs: z.number().int(), connected: z.boolean(), hasRecording: z.boolean(), language: z.string(),
    }),
  ),
});
type Source = z.infer<typeof SourceSchema>;

export interface ManifestCall {
  id: string;
  /** Exact length of the assembled master, in ms. */
  durationMs: number;
  transcript: string;
  files: Partial<Record<FixtureFormat, string>>;
  expected: string[];
}
export interface Manifest {
  sampleRate: number;
  primaryFormat: FixtureFormat;
  formats: FixtureFormat[];
  calls: ManifestCall[];
}

// ---- speech --------------------------------------------------------------------------------

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * Mandarin text → what `cmn-latn-pinyin` reads: syllables with tone digits (neutral tone = 5),
 * digits spoken one by one (工号 8023 → ba1 ling2 er4 san1), punctuation kept as pauses.
 */
export function toSpeakablePinyin(text: string): string {
  const withDigits = text.replace(/[0-9]/g, (d) => ZH_DIGITS[Number(d)]!);
  const tokens = pinyin(withDigits, { toneType: 'num', type: 'array', nonZh: 'consecutive' });
  return tokens
    .map((t) => {
      if (/^[，、；：,;:]+$/.test(t)) return ',';
      if (/^[。！？.!?]+$/.test(t)) return '.';
      return t.replace(/0$/, '5');
    })
    .join(' ')
    .replace(/ ([,.])/g, '$1')
    .trim();
}

interface Voice {
  voice: string;
  speed: number;
  pitch: number;
}
const VOICES: Record<'zh-CN' | 'en-US', Record<'agent' | 'customer', Voice>> = {
  'zh-CN': { agent: { voice: 'cmn-latn-pinyin', speed: 190, pitch: 35 }, customer: { voice: 'cmn-latn-pinyin+f3', speed: 200, pitch: 70 } },
  'en-US': { agent: { voice: 'en-us', speed: 175, pitch: 35 }, customer: { voice: 'en-us+f3', speed: 180, pitch: 70 } },
};

/** One turn → 8 kHz mono samples with the leading and trailing silence espeak adds trimmed off. */
async function speak(dir: string, index: number, text: string, language: 'zh-CN' | 'en-US', speaker: 'agent' | 'customer'): Promise<Int16Array> {
  const v = VOICES[language][speaker];
  const wav = path.join(dir, `turn-${index}.wav`);
  const said = language === 'zh-CN' ? toSpeakablePinyin(text) : text;
  await runTool('espeak-ng', ['-v', v.voice, '-s', String(v.speed), '-p', String(v.pitch), '-w', wav, '--', said], { timeoutMs: TOOL_TIMEOUT_MS });
  const trimmed = await runTool(
    'sox',
    // -D: sox dithers with random noise by default, which would make every run's output differ.
    ['-D', wav, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-c', '1', '-r', String(FIXTURE_RATE), '-',
      'silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse'],
    { timeoutMs: TOOL_TIMEOUT_MS },
  );
  return pcmFromS16le(trimmed.stdout);
}

/** A quiet, deterministic noise floor (≈ −65 dBFS) so "silence" is a line, not digital zero. */
function addNoiseFloor(pcm: Int16Array, seed: number): void {
  let state = seed >>> 0 || 1;
  for (let i = 0; i < pcm.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    pcm[i] = Math.max(-32768, Math.min(32767, pcm[i]! + ((state >>> 16) % 65) - 32));
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h;
}

interface Assembled {
  left: Int16Array;
  right: Int16Array;
  segments: Segment[];
  durationMs: number;
}

async function assembleCall(dir: string, language: 'zh-CN' | 'en-US', turns: Source['calls'][number]['turns']): Promise<Assembled> {
  const voiced = await Promise.all(turns.map((t, i) => speak(dir, i, t.text, language, t.speaker)));
  const msToSamples = (ms: number) => Math.round((ms * FIXTURE_RATE) / 1000);
  let cursor = msToSamples(LEAD_MS);
  const placed: Array<{ start: number; pcm: Int16Array; speaker: 'agent' | 'customer'; text: string }> = [];
  turns.forEach((turn, i) => {
    if (i > 0) cursor += msToSamples(turn.speaker === turns[i - 1]!.speaker ? SAME_SPEAKER_GAP_MS : TURN_GAP_MS);
    placed.push({ start: cursor, pcm: voiced[i]!, speaker: turn.speaker, text: turn.text });
    cursor += voiced[i]!.length;
  });
  const total = cursor + msToSamples(TRAIL_MS);
  const left = new Int16Array(total);
  const right = new Int16Array(total);
  for (const p of placed) (p.speaker === 'agent' ? left : right).set(p.pcm, p.start);
  const toMs = (samples: number) => Math.round((samples * 1000) / FIXTURE_RATE);
  const segments: Segment[] = placed.map((p) => ({
    speaker: p.speaker,
    startMs: toMs(p.start),
    endMs: toMs(p.start + p.pcm.length),
    text: p.text,
  }));
  return { left, right, segments, durationMs: toMs(total) };
}

function interleave(left: Int16Array, right: Int16Array): Int16Array {
  const out = new Int16Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i]!;
    out[2 * i + 1] = right[i]!;
  }
  return out;
}

// ---- encoding ------------------------------------------------------------------------------

/** ffmpeg flags that keep encoder versions and timestamps out of the files, so output is reproducible. */
const BITEXACT = ['-fflags', '+bitexact', '-flags:a', '+bitexact', '-map_metadata', '-1'];

export function buildEncodeArgs(format: Exclude<FixtureFormat, 'wav' | 'amr'>, master: string, out: string): string[] {
  const codec: Record<typeof format, string[]> = {
    ulaw: ['-c:a', 'pcm_mulaw'],
    alaw: ['-c:a', 'pcm_alaw'],
    mp3: ['-c:a', 'libmp3lame', '-b:a', '24k'],
    opus: ['-c:a', 'libopus', '-b:a', '24k', '-application', 'voip'],
    m4a: ['-c:a', 'aac', '-b:a', '24k'],
  };
  return ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', master, ...codec[format], ...BITEXACT, out];
}

async function encode(format: FixtureFormat, master: string, out: string): Promise<void> {
  if (format === 'wav') {
    await writeFile(out, await readFile(master));
  } else if (format === 'amr') {
    // ffmpeg has no AMR encoder here; sox (libopencore) does, with DTX. AMR-NB is mono: mix both sides.
    await runTool('sox', ['-D', master, '-c', '1', '-t', 'amr-nb', '-C', '7', out], { timeoutMs: TOOL_TIMEOUT_MS });
  } else {
    await runTool('ffmpeg', buildEncodeArgs(format, master, out), { timeoutMs: TOOL_TIMEOUT_MS });
  }
}

// ---- outputs -------------------------------------------------------------------------------

function dialerDurationMs(recordingMs: number): number {
  // Dialers bill whole seconds: the reported duration is the recording rounded up.
  return Math.ceil(recordingMs / 1000) * 1000;
}

function csvCell(v: string | number | boolean): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function dialerCsv(records: Source['dialerRecords']): string {
  const columns = ['callId', 'agentId', 'borrowerId', 'bank', 'startedAt', 'durationMs', 'connected', 'hasRecording', 'language'] as const;
  const lines = [columns.join(','), ...records.map((r) => columns.map((c) => csvCell(r[c])).join(','))];
  return `${lines.join('\n')}\n`;
}

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

export interface GenerateOptions {
  /** Formats to write (default: the committed ones). The primary format is always written. */
  formats?: readonly FixtureFormat[];
  /** Only these call ids (default: all). */
  only?: readonly string[];
  sourceFile?: string;
}

export async function generateFixtureCalls(outDir: string = FIXTURE_CALLS_DIR, options: GenerateOptions = {}): Promise<Manifest> {
  const source = SourceSchema.parse(JSON.parse(await readFile(options.sourceFile ?? SOURCE_FILE, 'utf8')));
  const formats = [...new Set([PRIMARY_FORMAT, ...(options.formats ?? COMMITTED_FORMATS)])];
  await mkdir(outDir, { recursive: true });
  const manifest: Manifest = { sampleRate: FIXTURE_RATE, primaryFormat: PRIMARY_FORMAT, formats, calls: [] };
  const metadata: Array<CallMeta & { audio: string; transcript: string }> = [];

  for (const entry of source.calls.filter((c) => !options.only || options.only.includes(c.call.id))) {
    const id = entry.call.id;
    const language = entry.call.language;
    await withTempDir('fixture', async (dir) => {
      const call = await assembleCall(dir, language, entry.turns);
      addNoiseFloor(call.left, hash(`${id}/left`));
      addNoiseFloor(call.right, hash(`${id}/right`));
      const master = path.join(dir, 'master.wav');
      await writeFile(master, encodeWav(interleave(call.left, call.right), FIXTURE_RATE, 2));
      const files = Object.fromEntries(formats.map((f) => [f, `${id}${FIXTURE_FORMATS[f].suffix}`])) as Partial<Record<FixtureFormat, string>>;
      await Promise.all(formats.map((f) => encode(f, master, path.join(outDir, files[f]!))));

      const silentChannels = findSilentSpeakers(assignSpeakers([call.left, call.right], 'agent-left'), FIXTURE_RATE);
      const meta: CallMeta = {
        ...entry.call,
        durationMs: dialerDurationMs(call.durationMs),
        channelLayout: 'agent-left',
      };
      const transcript: Transcript = TranscriptSchema.parse({
        call: { ...meta, recording: { present: true, durationMs: call.durationMs, silentChannels } },
        segments: call.segments,
        engine: { name: 'reference', model: 'scripts/generate-fixtures.ts' },
      });
      const transcriptFile = `${id}.transcript.json`;
      await writeFile(path.join(outDir, transcriptFile), json(transcript));
      metadata.push({ ...meta, audio: files[PRIMARY_FORMAT]!, transcript: transcriptFile });
      manifest.calls.push({ id, durationMs: call.durationMs, transcript: transcriptFile, files, expected: entry.expected });
    });
  }

  await writeFile(path.join(outDir, 'calls.json'), json({ calls: metadata }));
  await writeFile(path.join(outDir, 'dialer-records.csv'), dialerCsv(source.dialerRecords));
  await writeFile(path.join(outDir, 'manifest.json'), json(manifest));
  return manifest;
}

// ---- bad inputs ----------------------------------------------------------------------------

export const BAD_AUDIO_DIR = path.join(REPO, 'fixtures', 'bad-audio');

/** Each bad input and the AudioInputError reason it must give (fixtures/bad-audio/expected.json). */
export const BAD_AUDIO_EXPECTED = {
  'empty.wav': 'empty_file',
  'text-renamed.wav': 'not_audio',
  'truncated.mp3': 'truncated',
  'header-claims-hours.wav': 'implausible_duration',
  'zero-channels.wav': 'zero_channels',
  'no-audio-stream.mp4': 'no_audio_stream',
  'moov-missing.m4a': 'corrupt',
} as const;

/** Recordings broken the ways uploads break. Tiny (a few KB each), so they are committed. */
export async function generateBadAudio(outDir: string = BAD_AUDIO_DIR): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const at = (name: keyof typeof BAD_AUDIO_EXPECTED) => path.join(outDir, name);
  await writeFile(at('empty.wav'), Buffer.alloc(0));
  await writeFile(at('text-renamed.wav'), 'Call notes, not a recording.\nBorrower asked for a call back on Monday.\n');
  await withTempDir('bad-audio', async (dir) => {
    const speech = path.join(dir, 'speech.wav');
    await runTool('espeak-ng', ['-v', 'en-us', '-w', speech, '--', 'This recording was cut off in the middle of the upload, so most of it is missing.'], { timeoutMs: TOOL_TIMEOUT_MS });
    const wav8k = path.join(dir, 'speech-8k.wav');
    await runTool('sox', ['-D', speech, '-r', String(FIXTURE_RATE), '-c', '1', '-b', '16', wav8k], { timeoutMs: TOOL_TIMEOUT_MS });
    const pcm = await readFile(wav8k);

    // A cut-off MP3: the LAME/Xing header still counts every frame, the body stops at 40 %.
    const mp3 = path.join(dir, 'full.mp3');
    await runTool('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', wav8k, '-c:a', 'libmp3lame', '-b:a', '16k', ...BITEXACT, mp3], { timeoutMs: TOOL_TIMEOUT_MS });
    const mp3Bytes = await readFile(mp3);
    await writeFile(at('truncated.mp3'), mp3Bytes.subarray(0, Math.floor(mp3Bytes.length * 0.4)));

    // A WAV whose data chunk claims 0x7FFFFFF0 bytes (≈ 37 h at 8 kHz) over half a second of audio.
    const header = parseWavHeaderOrThrow(pcm);
    const short = Buffer.from(pcm.subarray(0, header.dataOffset + FIXTURE_RATE)); // 0.5 s of 16-bit mono
    short.writeUInt32LE(0x7ffffff0, header.dataOffset - 4);
    short.writeUInt32LE(0x7ffffff0 + header.dataOffset - 8, 4);
    await writeFile(at('header-claims-hours.wav'), short);

    // A WAV whose fmt chunk declares 0 channels.
    const zero = Buffer.from(pcm.subarray(0, header.dataOffset + FIXTURE_RATE));
    zero.writeUInt32LE(FIXTURE_RATE, header.dataOffset - 4);
    zero.writeUInt32LE(FIXTURE_RATE + header.dataOffset - 8, 4);
    zero.writeUInt16LE(0, header.fmtOffset + 2);
    await writeFile(at('zero-channels.wav'), zero);

    // A container with a video stream and no audio (a screen capture uploaded by mistake).
    await runTool('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=black:s=16x16:d=0.4:r=5', '-c:v', 'mpeg4', ...BITEXACT, at('no-audio-stream.mp4')], { timeoutMs: TOOL_TIMEOUT_MS });

    // An M4A whose upload stopped before the index (ffmpeg writes the moov atom last).
    const m4a = path.join(dir, 'full.m4a');
    await runTool('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', wav8k, '-c:a', 'aac', '-b:a', '16k', ...BITEXACT, m4a], { timeoutMs: TOOL_TIMEOUT_MS });
    const m4aBytes = await readFile(m4a);
    await writeFile(at('moov-missing.m4a'), m4aBytes.subarray(0, Math.floor(m4aBytes.length / 2)));
  });
  await writeFile(path.join(outDir, 'expected.json'), json(BAD_AUDIO_EXPECTED));
}

/** Where the fmt body and the sample data start in a WAV we just wrote ourselves. */
function parseWavHeaderOrThrow(wav: Buffer): { fmtOffset: number; dataOffset: number } {
  const fmt = wav.indexOf('fmt ', 12, 'latin1');
  const data = wav.indexOf('data', 12, 'latin1');
  if (fmt < 0 || data < 0) throw new Error('sox wrote a WAV without fmt/data chunks');
  return { fmtOffset: fmt + 8, dataOffset: data + 8 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const allFormats = args.includes('--all-formats');
  const dir = args.find((a) => !a.startsWith('--'));
  const out = dir ? path.resolve(dir) : FIXTURE_CALLS_DIR;
  const started = Date.now();
  const manifest = await generateFixtureCalls(out, allFormats ? { formats: ALL_FORMATS } : {});
  if (!dir) await generateBadAudio();
  const seconds = manifest.calls.reduce((s, c) => s + c.durationMs, 0) / 1000;
  console.log(`fixtures: ${manifest.calls.length} calls (${seconds.toFixed(1)} s of audio) × ${manifest.formats.length} formats → ${path.relative(process.cwd(), out) || '.'} in ${Date.now() - started} ms`);
}
