import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ffmpegInputUrl } from './probe.ts';
import { runTool } from './run-tool.ts';
import { withTempDir } from './temp-dir.ts';

/**
 * Cuts [startMs, endMs) of a recording, widened by `paddingMs` on each side, to a WAV file (PCM, the
 * source's rate and channels): the evidence bundle's clip around one finding. WAV plays everywhere,
 * whatever codec the call came in (AMR, GSM). ffmpeg with an argument array and a deadline; the
 * output goes to a temp dir removed afterwards.
 */
export function buildClipArgs(inputFile: string, startMs: number, endMs: number, paddingMs: number, outFile: string): string[] {
  return buildClipsArgs(inputFile, [{ startMs, endMs }], paddingMs, [outFile]);
}

/**
 * Several clips of one recording in one ffmpeg run (one output per clip): the recording is read
 * and decoded once, instead of once per clip.
 */
export function buildClipsArgs(inputFile: string, spans: readonly { startMs: number; endMs: number }[], paddingMs: number, outFiles: readonly string[]): string[] {
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-i', ffmpegInputUrl(inputFile)];
  spans.forEach(({ startMs, endMs }, i) => {
    const from = Math.max(0, startMs - paddingMs);
    const length = Math.max(1, endMs + paddingMs - from);
    // -ss as an output option: exact (decoding) seek, so the clip starts where the finding's timestamps say.
    args.push('-ss', (from / 1000).toFixed(3), '-t', (length / 1000).toFixed(3), '-vn', '-map_metadata', '-1', '-c:a', 'pcm_s16le', '-f', 'wav', '-y', outFiles[i]!);
  });
  return args;
}

export interface ClipOptions {
  paddingMs?: number;
  timeoutMs?: number;
  /** Where the temp dir goes (the process's work directory); the system temp directory by default. */
  workDir?: string;
}

export async function cutClip(inputFile: string, startMs: number, endMs: number, options: ClipOptions = {}): Promise<Buffer> {
  return (await cutClips(inputFile, [{ startMs, endMs }], options))[0]!;
}

/** The clips of `spans`, in order, from one ffmpeg run. */
export function cutClips(inputFile: string, spans: readonly { startMs: number; endMs: number }[], options: ClipOptions = {}): Promise<Buffer[]> {
  if (spans.length === 0) return Promise.resolve([]);
  return withTempDir('clip', async (dir) => {
    const outs = spans.map((_, i) => path.join(dir, `clip-${i}.wav`));
    await runTool('ffmpeg', buildClipsArgs(inputFile, spans, options.paddingMs ?? 5000, outs), { timeoutMs: options.timeoutMs ?? 60_000 + 5_000 * spans.length });
    const clips: Buffer[] = [];
    for (const out of outs) clips.push(await readFile(out));
    return clips;
  }, options.workDir);
}
