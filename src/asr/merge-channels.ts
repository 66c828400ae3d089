import type { Segment, Speaker } from '../domain/transcript.ts';
import type { RecognizedSegment } from './transcriber.ts';

export interface ChannelSegments {
  speaker: Speaker;
  segments: readonly RecognizedSegment[];
}

/**
 * One timeline from per-channel transcripts: every segment labelled with its channel's speaker,
 * ordered by start time (ties: the earlier end first, then agent before customer, so the order is
 * stable across runs). Overlapping speech stays as two segments: both people did talk.
 */
export function mergeChannels(channels: readonly ChannelSegments[]): Segment[] {
  const order: Record<Speaker, number> = { agent: 0, customer: 1, unknown: 2 };
  return channels
    .flatMap(({ speaker, segments }) => segments.map((s): Segment => ({ speaker, ...s })))
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || order[a.speaker] - order[b.speaker]);
}
