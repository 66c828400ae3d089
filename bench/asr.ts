/**
 * pocketsphinx real-time factor and word error rate:  npx tsx bench/asr.ts [--runs N] [--call ID]
 *
 * 1. Per recording format of one English fixture call (built in a temp dir by the fixture
 *    generator): `transcribeRecording` with pocketsphinx (probe, decode, stereo split, one decoder
 *    run per side, merge) against the floor, ffmpeg alone decoding the same file to its null muxer.
 * 2. The real 16 kHz English recordings (Debian pocketsphinx-testdata, ../shared/eval/audio) and
 *    the 8 kHz TIMIT copy, one by one, with WER against their reference texts.
 * Medians of N runs, interleaved so machine load hits both sides alike. RTF = wall time / audio
 * length; CPU RTF = CPU time (this process plus its children: ffprobe, ffmpeg, pocketsphinx) / audio
 * length, which moves far less than wall time on a shared machine. `--part formats|real` runs one
 * half. Prints Markdown for docs/benchmarks.md (## ASR).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPocketsphinxTranscriber } from '../src/asr/pocketsphinx-engine.ts';
import { transcribeRecording } from '../src/asr/transcribe-recording.ts';
import { wordErrorRate } from '../src/asr/word-error-rate.ts';
import { buildFfmpegNullArgs } from '../src/audio/decode-args.ts';
import { ffmpegInputUrl, probeAudio } from '../src/audio/probe.ts';
import { runTool } from '../src/audio/run-tool.ts';
import { TranscriptSchema, type CallMeta, type Transcript } from '../src/domain/transcript.ts';
import { createLogger } from '../src/logger.ts';
import { ALL_FORMATS, FIXTURE_FORMATS, generateFixtureCalls } from '../scripts/generate-fixtures.ts';
import { median } from './lib/timing.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const runs = Math.max(1, Number(option('runs', '3')));
const part = option('part', 'all');
const callId = option('call', 'en-compliant');
const logger = createLogger('silent');
const engine = createPocketsphinxTranscriber(logger);
const POCKETSPHINX_DATA = '/usr/share/pocketsphinx/test/data';
const EVAL_AUDIO = path.resolve(import.meta.dirname, '../../shared/eval/audio');

/** CPU ms used so far by this process and by its children that have exited (Linux /proc). */
function cpuMsSoFar(): number {
  const own = process.cpuUsage();
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 0; cutime, cstime are fields 13 and 14, in 1/100 s ticks.
  const childrenTicks = Number(fields[13]) + Number(fields[14]);
  return (own.user + own.system) / 1000 + childrenTicks * 10;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const t0 = performance.now();
  const c0 = cpuMsSoFar();
  const value = await fn();
  return { ms: performance.now() - t0, cpuMs: cpuMsSoFar() - c0, value };
}

const plainText = (t: Transcript) => t.segments.map((s) => s.text).join(' ');

async function measure(file: string, call: CallMeta, reference: string) {
  const audioSeconds = (await probeAudio(file)).durationMs / 1000;
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const floor: number[] = [];
  const floorCpu: number[] = [];
  let transcript: Transcript | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await timeIt(() => transcribeRecording(file, call, engine, { logger }));
    ours.push(r.ms);
    oursCpu.push(r.cpuMs);
    transcript = r.value;
    const f = await timeIt(() => runTool('ffmpeg', buildFfmpegNullArgs(ffmpegInputUrl(file)), { timeoutMs: 60_000 }));
    floor.push(f.ms);
    floorCpu.push(f.cpuMs);
  }
  const o = median(ours);
  const f = median(floor);
  const oc = median(oursCpu);
  const fc = median(floorCpu);
  const wer = wordErrorRate(reference, plainText(transcript!));
  return { audioSeconds, o, f, rtf: o / 1000 / audioSeconds, floorRtf: f / 1000 / audioSeconds, cpuRtf: oc / 1000 / audioSeconds, floorCpuRtf: fc / 1000 / audioSeconds, wer };
}

console.log(`pocketsphinx (Debian 5prealpha, en-us model), median of ${runs} runs, ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)} at start`);
console.log('');

async function perFormat(): Promise<void> {
  // Not withTempDir's callguard-* prefix: this half runs for many minutes, and once a cleanup of
  // leftover callguard-* temp dirs on the shared machine removed its fixtures mid-run.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-asr-'));
  try {
    const manifest = await generateFixtureCalls(dir, { formats: ALL_FORMATS, only: [callId] });
    const fixture = manifest.calls[0];
    if (!fixture) throw new Error(`no fixture call ${callId}`);
    const reference = TranscriptSchema.parse(JSON.parse(readFileSync(path.join(dir, fixture.transcript), 'utf8')));
    console.log(`### Per format: fixture call ${callId} (${(fixture.durationMs / 1000).toFixed(1)} s, espeak-ng speech, 8 kHz source)`);
    console.log('');
    console.log('| format | transcribe ms | RTF | CPU RTF | ffmpeg → null ms (floor) | floor RTF | floor CPU RTF | ratio (wall) | WER |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const format of ALL_FORMATS) {
      const file = path.join(dir, fixture.files[format]!);
      const layout = FIXTURE_FORMATS[format].channels === 1 ? 'mono' : 'agent-left';
      const m = await measure(file, { ...reference.call, channelLayout: layout }, plainText(reference));
      console.log(
        `| ${format} (${FIXTURE_FORMATS[format].what}) | ${m.o.toFixed(0)} | ${m.rtf.toFixed(3)} | ${m.cpuRtf.toFixed(3)} | ${m.f.toFixed(0)} | ${m.floorRtf.toFixed(4)} | ${m.floorCpuRtf.toFixed(4)} | ${(m.o / m.f).toFixed(0)}× | ${m.wer.rate.toFixed(2)} |`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const english: CallMeta = {
  id: 'bench', agentId: 'bench', borrowerId: 'bench', bank: 'bench', startedAt: '2026-01-01T12:00:00Z',
  direction: 'outbound', firstContact: false, language: 'en-US', channelLayout: 'mono',
};

function realRecordings(): Array<{ file: string; reference: string; what: string }> {
  const real: Array<{ file: string; reference: string; what: string }> = [];
  const librivox = path.join(POCKETSPHINX_DATA, 'librivox/transcription');
  if (existsSync(librivox)) {
    for (const line of readFileSync(librivox, 'utf8').split('\n')) {
      const m = /^<s>\s*(.*?)\s*<\/s>\s*\((.+)\)$/.exec(line.trim());
      if (m) real.push({ file: path.join(POCKETSPHINX_DATA, 'librivox', `${m[2]}.wav`), reference: m[1]!, what: 'LibriVox, 16 kHz' });
    }
  } else console.error('skipped: pocketsphinx-testdata is not installed (apt-get install pocketsphinx-testdata)');
  if (existsSync(path.join(EVAL_AUDIO, 'text'))) {
    for (const line of readFileSync(path.join(EVAL_AUDIO, 'text'), 'utf8').split('\n')) {
      const m = /^\S*\/(librispeech-[\w-]+)\s+(.+)$/.exec(line.trim());
      if (m) real.push({ file: path.join(EVAL_AUDIO, `${m[1]}.wav`), reference: m[2]!, what: 'LibriSpeech, 16 kHz' });
    }
    const timit = /^\d+\s+\d+\s+(.+)$/.exec(readFileSync(path.join(EVAL_AUDIO, 'LDC93S1.txt'), 'utf8').trim());
    if (timit) {
      real.push({ file: path.join(EVAL_AUDIO, 'LDC93S1.wav'), reference: timit[1]!, what: 'TIMIT, 16 kHz' });
      real.push({ file: path.join(EVAL_AUDIO, 'LDC93S1_pcms16le_1_8000.wav'), reference: timit[1]!, what: 'TIMIT, 8 kHz' });
    }
  } else console.error(`skipped: ${EVAL_AUDIO} is absent`);
  return real;
}

async function onRealRecordings(): Promise<void> {
  console.log('');
  console.log('### Real English recordings, one decoder run each');
  console.log('');
  console.log('| recording | audio s | transcribe ms | RTF | CPU RTF | ffmpeg → null ms (floor) | floor CPU RTF | ratio (wall) | WER (words) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  let errors16k = 0;
  let words16k = 0;
  for (const r of realRecordings()) {
    const m = await measure(r.file, english, r.reference);
    if (r.what.includes('16 kHz')) {
      errors16k += m.wer.substitutions + m.wer.deletions + m.wer.insertions;
      words16k += m.wer.referenceWords;
    }
    console.log(
      `| ${path.basename(r.file)} (${r.what}) | ${m.audioSeconds.toFixed(1)} | ${m.o.toFixed(0)} | ${m.rtf.toFixed(3)} | ${m.cpuRtf.toFixed(3)} | ${m.f.toFixed(0)} | ${m.floorCpuRtf.toFixed(4)} | ${(m.o / m.f).toFixed(0)}× | ${m.wer.rate.toFixed(2)} (${m.wer.referenceWords}) |`,
    );
  }
  if (words16k) console.log(`\nPooled WER over the 16 kHz recordings, clip by clip: ${(errors16k / words16k).toFixed(3)} (${words16k} words).`);
}

if (part !== 'real') await perFormat();
if (part !== 'formats') await onRealRecordings();
console.log(`\nLoad average at end: ${os.loadavg()[0]!.toFixed(1)}.`);
