/**
 * A recording that cannot be used, whatever we retry: the pipeline maps this to a permanent job
 * failure (BullMQ's UnrecoverableError) and the call's status says failed, with this reason.
 * A failed call is never shown as clean.
 */
export const AUDIO_INPUT_REASONS = [
  'not_found',
  'empty_file',
  'not_audio',
  'corrupt',
  'no_audio_stream',
  'zero_channels',
  'implausible_duration',
  'truncated',
  'no_audio_decoded',
] as const;
export type AudioInputReason = (typeof AUDIO_INPUT_REASONS)[number];

export class AudioInputError extends Error {
  constructor(
    readonly reason: AudioInputReason,
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'AudioInputError';
  }
}
