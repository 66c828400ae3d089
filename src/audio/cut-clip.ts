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
  const from = Math.max(0, startMs - paddingMs);
  const length = Math.max(1, endMs + paddingMs - from);
  // -ss after -i: exact (decoding) seek, so the clip starts where the finding's timestamps say.
  return ['-hide_banner', '-nostdin', '-v', 'error', '-i', ffmpegInputUrl(inputFile), '-ss', (from / 1000).toFixed(3), '-t', (length / 1000).toFixed(3),
    '-vn', '-map_metadata', '-1', '-c:a', 'pcm_s16le', '-f', 'wav', '-y', outFile];
}

export interface ClipOptions {
  paddingMs?: number;
  timeoutMs?: number;
  /** Where the temp dir goes (the process's work directory); the system temp directory by default. */
  workDir?: string;
}

export function cutClip(inputFile: string, startMs: number, endMs: number, options: ClipOptions = {}): Promise<Buffer> {
  return withTempDir('clip', async (dir) => {
    const out = path.join(dir, 'clip.wav');
    await runTool('ffmpeg', buildClipArgs(inputFile, startMs, endMs, options.paddingMs ?? 5000, out), { timeoutMs: options.timeoutMs ?? 60_000 });
    return readFile(out);
  }, options.workDir);
}
