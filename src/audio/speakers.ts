import type { CallMeta, Speaker } from '../domain/transcript.ts';

export type ChannelLayout = NonNullable<CallMeta['channelLayout']>;
export const DEFAULT_CHANNEL_LAYOUT: ChannelLayout = 'agent-left';

export interface SpeakerChannel {
  speaker: Speaker;
  /** 0 = left (or the only channel), 1 = right. */
  channelIndex: number;
  pcm: Int16Array;
}

/**
 * Which decoded channel is whom. Call metadata says which side the dialer records the agent on
 * (default left). A single channel — a mono recording, or stereo decoded without split — carries
 * both voices and is `unknown`; so are both channels when the metadata says the call is `mono`.
 */
export function assignSpeakers(channels: readonly Int16Array[], layout: ChannelLayout = DEFAULT_CHANNEL_LAYOUT): SpeakerChannel[] {
  if (channels.length === 0) throw new Error('assignSpeakers: no channels');
  if (channels.length === 1 || layout === 'mono') {
    return channels.map((pcm, channelIndex) => ({ speaker: 'unknown', channelIndex, pcm }));
  }
  if (channels.length !== 2) throw new Error(`assignSpeakers: expected 1 or 2 channels, got ${channels.length}`);
  const [left, right] = channels as [Int16Array, Int16Array];
  return layout === 'agent-right'
    ? [
        { speaker: 'customer', channelIndex: 0, pcm: left },
        { speaker: 'agent', channelIndex: 1, pcm: right },
      ]
    : [
        { speaker: 'agent', channelIndex: 0, pcm: left },
        { speaker: 'customer', channelIndex: 1, pcm: right },
      ];
}
