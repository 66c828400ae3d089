import { TranscriptSchema, type Transcript } from '../domain/transcript.ts';
import type { Queryable } from '../store/db.ts';
import { StageResultsRepository } from '../store/index.ts';
import { PermanentError } from './errors.ts';

/**
 * A transcript delivered with a recording (the telephony platform's sidecar) is kept as received
 * in the stage results under 'delivery', and validated by the ingest stage: an invalid file fails
 * the call with its reason instead of being silently ignored.
 */
export const DELIVERY_STAGE = 'delivery';

export async function recordDelivery(q: Queryable, callId: string, rawText: string): Promise<void> {
  await new StageResultsRepository(q).upsert(callId, DELIVERY_STAGE, '', { text: rawText });
}

export async function deliveredText(q: Queryable, callId: string): Promise<string | null> {
  const r = await new StageResultsRepository(q).get<{ text?: unknown }>(callId, DELIVERY_STAGE, '');
  return r && typeof r.result.text === 'string' ? r.result.text : null;
}

/** Parses and validates a delivered transcript; every problem is a PermanentError with the JSON path. */
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
