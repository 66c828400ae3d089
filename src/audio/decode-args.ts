/**
 * Pure argument builders for the decode tools, kept apart so they can be unit-tested and read at a
 * glance. Every output is 16 kHz signed 16-bit little-endian mono PCM per channel (what whisper.cpp,
 * pocketsphinx and OpenAI-style servers want).
 */
export const TARGET_SAMPLE_RATE = 16000;

const PCM_OUT = ['-f', 's16le', '-c:a', 'pcm_s16le'];
const QUIET = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error'];

/** ffmpeg: first audio stream → one downmixed mono stream on stdout. */
export function buildFfmpegMonoArgs(inputUrl: string, sampleRate = TARGET_SAMPLE_RATE): string[] {
  return [...QUIET, '-i', inputUrl, '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(sampleRate), ...PCM_OUT, 'pipe:1'];
}

/**
 * ffmpeg: first audio stream → left channel on stdout (fd 1), right channel on fd 3, both resampled.
 * `pan` first takes channels 0 and 1 whatever the source layout says (unknown layouts, or more than
 * two channels), so `channelsplit` always sees plain stereo.
 */
export function buildFfmpegSplitArgs(inputUrl: string, sampleRate = TARGET_SAMPLE_RATE): string[] {
  const graph = `[0:a:0]pan=stereo|c0=c0|c1=c1,aresample=${sampleRate},channelsplit=channel_layout=stereo[L][R]`;
  return [...QUIET, '-i', inputUrl, '-filter_complex', graph, '-map', '[L]', ...PCM_OUT, 'pipe:1', '-map', '[R]', ...PCM_OUT, 'pipe:3'];
}

/** ffmpeg alone decoding to nothing: the floor the decode benchmark compares against. */
export function buildFfmpegNullArgs(inputUrl: string): string[] {
  return [...QUIET, '-i', inputUrl, '-map', '0:a:0', '-f', 'null', '-'];
}

/**
 * sox for AMR: ffmpeg's built-in AMR decoders drop DTX (SID / NO_DATA) frames and every later
 * timestamp drifts; sox (libopencore) keeps them, so the timeline is exact. The input type is given
 * explicitly because stored recordings have no file extension. `absPath` must be absolute: sox reads
 * `-` as stdin and `|cmd` as a pipe. `-D`: no dither, so silence decodes to silence.
 */
export function buildSoxAmrArgs(absPath: string, kind: 'amr-nb' | 'amr-wb', sampleRate = TARGET_SAMPLE_RATE): string[] {
  if (!absPath.startsWith('/')) throw new Error(`sox input must be an absolute path, got ${absPath}`);
  return ['-V1', '-D', '-t', kind, absPath, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-L', '-c', '1', '-r', String(sampleRate), '-'];
}

/** Which decoder an input needs, from its probed codec and container. */
export function chooseDecoder(codec: string, formatName: string): { tool: 'sox'; kind: 'amr-nb' | 'amr-wb' } | { tool: 'ffmpeg' } {
  // Only raw .amr files (the "#!AMR" storage format) go to sox; sox cannot read AMR inside 3GP/MP4.
  if (formatName === 'amr' && codec === 'amr_nb') return { tool: 'sox', kind: 'amr-nb' };
  if (formatName === 'amr' && codec === 'amr_wb') return { tool: 'sox', kind: 'amr-wb' };
  return { tool: 'ffmpeg' };
}
