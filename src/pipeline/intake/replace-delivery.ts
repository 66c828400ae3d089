import { createHash } from 'node:crypto';
import type { Db } from '../../store/db.ts';
import { CallsRepository } from '../../store/index.ts';
import { deliveredText, recordDelivery } from '../../store/delivered-transcripts.ts';
import { insertAuditEvent } from '../../store/review-app/audit-events.ts';
import { redactReason } from '../../privacy/redact-reason.ts';
import { parseDelivered } from '../delivery.ts';

/**
 * `callguard ingest --replace FILE…`: a failed call's delivered transcript replaced by a fixed file
 * (same call id), audited, so that `callguard retry` runs the failed stage on the new text. Without
 * it a fixed file could not reach the call: a second ingest finds the call stored and keeps the text
 * it had. Only a failed call's transcript is replaced: a call that finished holds findings and
 * cases made from the old text, which a new delivery must not silently contradict.
 */
export type ReplaceOutcome =
  | { kind: 'replaced'; callId: string }
  /** The stored text is the same: nothing written, nothing audited. */
  | { kind: 'unchanged'; callId: string }
  /** The message is safe to print: what a parser said is already redacted. */
  | { kind: 'refused'; callId: string | null; message: string };

/** The call a delivered transcript file belongs to (its `call.id`), or why it names none. */
export function callIdOfTranscript(text: string): string | { error: string } {
  try {
    const id = (JSON.parse(text) as { call?: { id?: unknown } })?.call?.id;
    return typeof id === 'string' && id !== '' ? id : { error: 'the transcript names no call (call.id)' };
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export async function replaceDeliveredTranscript(db: Db, text: string, actor: string): Promise<ReplaceOutcome> {
  const id = callIdOfTranscript(text);
  if (typeof id !== 'string') return { kind: 'refused', callId: null, message: redactReason(id.error) };
  try {
    // Checked before anything is written: a file still broken would only fail the retry again.
    parseDelivered(text, id);
  } catch (err) {
    // A parser quotes the text it chokes on: redacted, as a failed call's reason is.
    return { kind: 'refused', callId: id, message: redactReason((err as Error).message) };
  }
  return db.transaction(async (tx) => {
    const call = await new CallsRepository(tx).get(id);
    if (!call) return { kind: 'refused', callId: id, message: `no such call ${id}: ingest the file without --replace` };
    if (call.status !== 'failed') {
      return { kind: 'refused', callId: id, message: `call ${id} is ${call.status}, not failed: only a failed call's delivered transcript is replaced` };
    }
    const before = await deliveredText(tx, id);
    if (before === text) return { kind: 'unchanged', callId: id };
    await recordDelivery(tx, id, text);
    // Digests, not text: a transcript is personal data, and the audit log outlives it.
    await insertAuditEvent(tx, {
      actor, action: 'call.delivered_transcript_replaced', entityType: 'call', entityId: id,
      before: before === null ? null : { sha256: digest(before) }, after: { sha256: digest(text) },
    });
    return { kind: 'replaced', callId: id };
  });
}
