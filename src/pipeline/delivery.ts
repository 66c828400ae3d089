import { TranscriptSchema, type Transcript } from '../domain/transcript.ts';
import { PermanentError } from './errors.ts';

/**
 * Parses and validates a transcript delivered with a recording (kept as received by
 * src/store/delivered-transcripts.ts); every problem is a PermanentError with the JSON path, so an
 * invalid file fails the call with its reason instead of being silently ignored.
 */
export function parseDelivered(rawText: string, callId: string): Transcript {
  let json: unknown;
  try {
    json = JSON.parse(rawText);
  } catch (err) {
    throw new PermanentError(`delivered transcript is not JSON: ${(err as Error).message}`);
  }
  const parsed = TranscriptSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PermanentError(`delivered transcript is invalid: ${issues.join('; ')}`);
  }
  if (parsed.data.call.id !== callId) {
    throw new PermanentError(`delivered transcript is for call "${parsed.data.call.id}", not "${callId}"`);
  }
  return parsed.data;
}
