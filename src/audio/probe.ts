import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { AudioInputError } from './audio-input-error.ts';
import { ToolError, ToolNotFoundError, ToolTimeoutError, ToolAbortedError, runTool } from './run-tool.ts';
import { parseWavHeader, WAV_STREAMING_SIZES } from './wav-header.ts';

/** What a recording is, from its container and first audio stream. */
export interface AudioProbe {
  /** Duration the container states (0 when it states none; the decoded length is the truth). */
  durationMs: number;
  /** ffmpeg codec name, e.g. pcm_s16le, pcm_mulaw, mp3, aac, opus, amr_nb. */
  codec: string;
  sampleRate: number;
  channels: number;
  /** ffmpeg demuxer name, e.g. wav, mp3, ogg, amr, "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  bitRate?: number;
  sizeBytes: number;
  /** The demuxer guessed `durationMs` from the bit rate (AMR, MP3 without a Xing header): not evidence. */
  durationEstimated?: true;
}

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Longer than this is not a call recording but a broken header (default 4 h). */
  maxDurationMs?: number;
}

export const DEFAULT_MAX_DURATION_MS = 4 * 3600_000;
const DEFAULT_PROBE_TIMEOUT_MS = 15_000;
const HEADER_BYTES = 64 * 1024;

/**
 * ffmpeg/ffprobe/sox read names like `a:b.wav` or `-x.wav` as protocols or options: always hand them
 * an absolute path behind ffmpeg's explicit `file:` protocol.
 */
export function ffmpegInputUrl(file: string): string {
  return `file:${path.resolve(file)}`;
}

export function buildFfprobeArgs(file: string): string[] {
  // Warnings on: "Estimating duration from bitrate" tells a guessed length from a stated one.
  return ['-v', 'warning', '-print_format', 'json', '-show_format', '-show_streams', ffmpegInputUrl(file)];
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
  bit_rate?: string;
}
interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; bit_rate?: string };
}

/** Turns ffprobe's JSON into an AudioProbe, or the permanent error that says what is wrong. */
export function parseFfprobeOutput(json: string, sizeBytes: number, file: string, maxDurationMs = DEFAULT_MAX_DURATION_MS): AudioProbe {
  let out: FfprobeOutput;
  try {
    out = JSON.parse(json) as FfprobeOutput;
  } catch {
    throw new AudioInputError('corrupt', `${path.basename(file)}: ffprobe returned unreadable output`, file);
  }
  const streams = out.streams ?? [];
  const audio = streams.find((s) => s.codec_type === 'audio');
  const formatName = out.format?.format_name ?? 'unknown';
  if (!audio) {
    const kinds = [...new Set(streams.map((s) => s.codec_type ?? 'unknown'))];
    const holds = kinds.length ? `only ${kinds.join(', ')} stream(s)` : 'no streams at all';
    throw new AudioInputError('no_audio_stream', `${path.basename(file)}: no audio stream (${formatName} container with ${holds})`, file);
  }
  const channels = audio.channels ?? 0;
  if (channels <= 0) {
    throw new AudioInputError('zero_channels', `${path.basename(file)}: the audio stream declares 0 channels`, file);
  }
  const sampleRate = Number(audio.sample_rate ?? 0);
  if (!(sampleRate > 0)) {
    throw new AudioInputError('corrupt', `${path.basename(file)}: the audio stream declares no sample rate`, file);
  }
  const seconds = Number(audio.duration ?? out.format?.duration ?? NaN);
  const durationMs = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
  if (durationMs > maxDurationMs) {
    throw new AudioInputError(
      'implausible_duration',
      `${path.basename(file)}: the header claims ${formatDuration(durationMs)} of audio, more than the ${formatDuration(maxDurationMs)} any call recording lasts`,
      file,
    );
  }
  const bitRate = Number(audio.bit_rate ?? out.format?.bit_rate ?? NaN);
  return {
    durationMs,
    codec: audio.codec_name ?? 'unknown',
    sampleRate,
    channels,
    formatName,
    ...(Number.isFinite(bitRate) && bitRate > 0 ? { bitRate } : {}),
    sizeBytes,
  };
}

/** Container signatures: a file that starts like audio but does not parse is corrupt, otherwise it is not audio. */
export function looksLikeAudioContainer(head: Buffer): boolean {
  const ascii = (start: number, end: number) => head.toString('latin1', start, end);
  if (head.length < 4) return false;
  const first4 = ascii(0, 4);
  if (['RIFF', 'RIFX', 'RF64', 'OggS', 'fLaC', 'FORM', '.snd', 'caff'].includes(first4)) return true;
  if (ascii(0, 3) === 'ID3' || ascii(0, 5) === '#!AMR') return true;
  if (head.length >= 8 && ascii(4, 8) === 'ftyp') return true;
  if (head.readUInt32BE(0) === 0x1a45dfa3) return true; // Matroska / WebM
  return head[0] === 0xff && (head[1]! & 0xe0) === 0xe0; // MPEG audio / ADTS frame sync
}

/**
 * ffmpeg's stderr → the few words an operator needs: `[mov,mp4 @ 0x55…] moov atom not found` and
 * `file:/x.m4a: Invalid data found…` become "moov atom not found; Invalid data found…".
 */
export function ffmpegComplaint(stderrTail: string, maxLines = 3): string {
  const lines = stderrTail
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').replace(/^file:.*?:\s(?=\S)/, '').trim())
    .filter((l) => l && !/^Last message repeated/.test(l));
  return [...new Set(lines)].slice(-maxLines).join('; ');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Checks a WAV header against the file: a data chunk claiming more than the file holds means the
 * recording is truncated (or the header lies, e.g. hours of audio in a few KB).
 */
function checkWavHeader(head: Buffer, sizeBytes: number, file: string, maxDurationMs: number): void {
  const wav = parseWavHeader(head);
  if (!wav) return;
  const name = path.basename(file);
  if (wav.channels === 0) throw new AudioInputError('zero_channels', `${name}: the WAV header declares 0 channels`, file);
  if (WAV_STREAMING_SIZES.has(wav.dataSize) || wav.byteRate === 0) return;
  const present = Math.max(0, sizeBytes - wav.dataOffset);
  const slack = Math.max(wav.blockAlign, 1) * 2;
  if (wav.dataSize > present + slack) {
    const claimedMs = (wav.dataSize / wav.byteRate) * 1000;
    const presentMs = (present / wav.byteRate) * 1000;
    const what = claimedMs > maxDurationMs ? 'implausible_duration' : 'truncated';
    throw new AudioInputError(
      what,
      `${name}: the WAV header claims ${formatDuration(claimedMs)} of audio but the file holds only ${formatDuration(presentMs)}` +
        (what === 'truncated' ? ' (truncated recording)' : ' (corrupt header)'),
      file,
    );
  }
}

/**
 * Probes a recording with ffprobe. Input problems throw AudioInputError (permanent); a missing
 * ffprobe, a timeout or an abort throw the run-tool errors (an operator or transient problem).
 */
export async function probeAudio(file: string, options: ProbeOptions = {}): Promise<AudioProbe> {
  const name = path.basename(file);
  const maxDurationMs = options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
  let sizeBytes: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new AudioInputError('not_audio', `${name}: not a regular file`, file);
    sizeBytes = st.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AudioInputError('not_found', `${name}: no such file`, file);
    }
    throw err;
  }
  if (sizeBytes === 0) throw new AudioInputError('empty_file', `${name}: the file is empty (0 bytes)`, file);

  const head = await readHead(file, HEADER_BYTES);
  checkWavHeader(head, sizeBytes, file, maxDurationMs);

  let stdout: Buffer;
  let stderrTail: string;
  try {
    ({ stdout, stderrTail } = await runTool('ffprobe', buildFfprobeArgs(file), {
      timeoutMs: options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
      maxStdoutBytes: 4 * 1024 * 1024,
      ...(options.signal ? { signal: options.signal } : {}),
    }));
  } catch (err) {
    if (err instanceof ToolError && !(err instanceof ToolNotFoundError || err instanceof ToolTimeoutError || err instanceof ToolAbortedError)) {
      const said = ffmpegComplaint(err.stderrTail);
      if (looksLikeAudioContainer(head)) {
        throw new AudioInputError('corrupt', `${name}: looks like an audio file but cannot be read (${said || 'ffprobe failed'})`, file);
      }
      throw new AudioInputError('not_audio', `${name}: not an audio file (${said || 'unknown format'})`, file);
    }
    throw err;
  }
  const probe = parseFfprobeOutput(stdout.toString('utf8'), sizeBytes, file, maxDurationMs);
  return DURATION_GUESSED.test(stderrTail) ? { ...probe, durationEstimated: true } : probe;
}

const DURATION_GUESSED = /Estimating duration from bitrate/;
