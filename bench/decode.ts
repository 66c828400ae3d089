/**
 * Decode real-time factor per recording format:  npx tsx bench/decode.ts [--runs N] [--call ID]
 *
 * For each format of one fixture call (built in a temp dir by the fixture generator), times
 * `decodeToPcm` (probe + decode + stereo split into two 16 kHz channels, in memory) against the
 * floor: ffmpeg alone decoding the same file to its null muxer. Medians of N runs; RTF = wall time /
 * audio duration (lower is faster); the ratio says what probing, resampling, splitting and piping
 * PCM into Node cost on top of bare decoding; the ffprobe column shows how much of that is the probe
 * (a second process per file). Prints a Markdown table for docs/benchmarks.md.
 */
import os from 'node:os';
import path from 'node:path';
import { buildFfmpegNullArgs } from '../src/audio/decode-args.ts';
import { decodeToPcm } from '../src/audio/decode.ts';
import { ffmpegInputUrl, probeAudio } from '../src/audio/probe.ts';
import { runTool } from '../src/audio/run-tool.ts';
import { withTempDir } from '../src/audio/temp-dir.ts';
import { ALL_FORMATS, FIXTURE_FORMATS, generateFixtureCalls } from '../scripts/generate-fixtures.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const runs = Math.max(1, Number(option('runs', '7')));
const callId = option('call', 'zh-compliant');

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

await withTempDir('bench-decode', async (dir) => {
  const manifest = await generateFixtureCalls(dir, { formats: ALL_FORMATS, only: [callId] });
  const call = manifest.calls[0];
  if (!call) throw new Error(`no fixture call ${callId}`);
  const audioSeconds = call.durationMs / 1000;

  console.log(`Decode RTF, call ${callId} (${audioSeconds.toFixed(1)} s, 8 kHz stereo source; AMR is a mono mixdown), median of ${runs} runs, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  console.log('');
  console.log('| format | decodeToPcm (split) ms | RTF | of which ffprobe ms | ffmpeg → null ms (floor) | floor RTF | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const format of ALL_FORMATS) {
    const file = path.join(dir, call.files[format]!);
    // Warm the page cache and the binaries once, so the first format is not penalised.
    await decodeToPcm(file, { split: true });
    const ours: number[] = [];
    const floor: number[] = [];
    const probe: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Interleaved, so load changes on the machine hit both sides alike.
      ours.push(await timeIt(() => decodeToPcm(file, { split: true })));
      floor.push(await timeIt(() => runTool('ffmpeg', buildFfmpegNullArgs(ffmpegInputUrl(file)), { timeoutMs: 60_000 })));
      probe.push(await timeIt(() => probeAudio(file)));
    }
    const o = median(ours);
    const f = median(floor);
    const rtf = (ms: number) => (ms / 1000 / audioSeconds).toFixed(4);
    console.log(`| ${format} (${FIXTURE_FORMATS[format].what}) | ${o.toFixed(0)} | ${rtf(o)} | ${median(probe).toFixed(0)} | ${f.toFixed(0)} | ${rtf(f)} | ${(o / f).toFixed(2)}× |`);
  }
});
