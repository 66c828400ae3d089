import path from 'node:path';
import type { CallMeta } from '../../domain/transcript.ts';
import type { Db } from '../../store/db.ts';
import { repositories, type CallStatus } from '../../store/index.ts';
import { recordDelivery } from '../../store/delivered-transcripts.ts';
import type { AudioBlobStore } from '../pipeline-deps.ts';

/** One call to register: a recording with metadata, a dialer record, or a delivered transcript alone. */
export interface CallInput {
  meta: CallMeta;
  /** Personal data: stored in its own column, never logged. */
  phone?: string;
  audioPath?: string;
  /** A transcript delivered with the call (sidecar), as received: validated by the ingest stage. */
  transcriptText?: string;
}

export type RegisterOutcome =
  | { kind: 'new'; callId: string }
  /** The same call (same id, same audio) is already stored: nothing changed. */
  | { kind: 'already'; callId: string; status: CallStatus }
  /** The same recording is already stored under another call id: one recording is one call. */
  | { kind: 'duplicate_recording'; callId: string; existingCallId: string }
  /** The call id exists with different audio: refused rather than overwritten. */
  | { kind: 'conflict'; callId: string; message: string };

/**
 * Stores a call's audio (content-addressed) and its row, with a delivered transcript, in one
 * transaction. Idempotent: the same input twice is `already`; the same recording under another id
 * is `duplicate_recording`. Enqueueing the ingest stage is the caller's (it knows the transport).
 */
export async function registerCall(deps: { db: Db; audio: AudioBlobStore }, input: CallInput): Promise<RegisterOutcome> {
  const callId = input.meta.id;
  let sha256: string | null = null;
  let bytes: number | null = null;
  if (input.audioPath) {
    const stored = await deps.audio.put(input.audioPath);
    sha256 = stored.sha256;
    bytes = stored.bytes;
  }
  const format = input.audioPath ? path.extname(input.audioPath).slice(1).toLowerCase() || null : null;
  const source = input.audioPath || input.transcriptText !== undefined ? 'recording' : 'dialer_record';
  const inserted = await deps.db.transaction(async (tx) => {
    const repos = repositories(tx);
    const row = await repos.calls.insertIfNew({ meta: input.meta, source, phone: input.phone ?? null, audioSha256: sha256, audioFormat: format, audioBytes: bytes });
    if (row && input.transcriptText !== undefined) await recordDelivery(tx, callId, input.transcriptText);
    return row !== null;
  });
  if (inserted) return { kind: 'new', callId };
  const existing = await repositories(deps.db).calls.findDuplicate(callId, sha256);
  if (!existing) {
    // The conflicting row vanished between the insert and the lookup (deleted): try once more.
    return registerCall(deps, input);
  }
  if (existing.id !== callId) return { kind: 'duplicate_recording', callId, existingCallId: existing.id };
  if (existing.audioSha256 === sha256) return { kind: 'already', callId, status: existing.status };
  const what = existing.audioSha256 === null ? 'without a recording' : 'with a different recording';
  return { kind: 'conflict', callId, message: `call ${callId} is already stored ${what}` };
}
