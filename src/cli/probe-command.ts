import path from 'node:path';
import { AudioInputError } from '../audio/audio-input-error.ts';
import { recordingFacts } from '../audio/checks.ts';
import { decodeToPcm } from '../audio/decode.ts';
import { ToolError } from '../audio/run-tool.ts';
import type { ChannelLayout } from '../audio/speakers.ts';
import { CHANNEL_LAYOUTS } from './option-choices.ts';

/**
 * `callguard probe FILE…`: what each recording is and whether the pipeline can use it — format,
 * codec, channels, stated and decoded length, silent sides — or the permanent error that will fail
 * its call. Exit 0 all usable, 1 any unusable, 2 usage.
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const LAYOUTS: readonly ChannelLayout[] = CHANNEL_LAYOUTS;

export interface ProbeReport {
  file: string;
  ok: boolean;
  formatName?: string;
  codec?: string;
  sampleRate?: number;
  channels?: number;
  statedMs?: number;
  decodedMs?: number;
  silentChannels?: string[];
  reason?: string;
  error?: string;
}

export async function probeFile(file: string, layout: ChannelLayout): Promise<ProbeReport> {
  try {
    const decoded = await decodeToPcm(file, { split: layout !== 'mono' });
    const facts = recordingFacts(decoded, layout);
    const s = decoded.source;
    return {
      file, ok: true, formatName: s.formatName, codec: s.codec, sampleRate: s.sampleRate, channels: s.channels,
      statedMs: s.durationMs, decodedMs: decoded.durationMs, silentChannels: facts.silentChannels ?? [],
    };
  } catch (err) {
    if (err instanceof AudioInputError) return { file, ok: false, reason: err.reason, error: err.message };
    // A missing ffmpeg or a timeout is not the recording's fault: report it as such, not as a bad file.
    if (err instanceof ToolError) return { file, ok: false, reason: 'tool_failed', error: err.message };
    throw err;
  }
}

function describe(r: ProbeReport): string {
  const name = path.basename(r.file);
  if (!r.ok) return `${name}\tFAILED ${r.reason}: ${r.error}`;
  const silent = r.silentChannels?.length ? `\tsilent: ${r.silentChannels.join(', ')}` : '';
  return `${name}\t${r.formatName} ${r.codec} ${r.sampleRate} Hz ${r.channels} ch\t${((r.decodedMs ?? 0) / 1000).toFixed(2)} s${silent}`;
}

export async function probeFiles(files: string[], opts: { layout: string; json: boolean }, output: Output): Promise<number> {
  if (!LAYOUTS.includes(opts.layout as ChannelLayout)) {
    output.err(`callguard probe: --layout must be one of ${LAYOUTS.join(', ')}, not "${opts.layout}"`);
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const report = await probeFile(file, opts.layout as ChannelLayout);
    failed ||= !report.ok;
    output.out(opts.json ? JSON.stringify(report) : describe(report));
  }
  return failed ? 1 : 0;
}
