import type { CallStatus, PipelineStage } from './call-status.ts';
import type { CallMeta, Language, RecordingFacts } from './transcript.ts';

/**
 * A call as callguard keeps it: the metadata received with it, its recording, and where it is in
 * the pipeline (src/pipeline/call-lifecycle.ts). Shared by the store, the stages, the API and reports.
 */
export type CallSource = 'recording' | 'dialer_record';

export interface StoredCall {
  id: string;
  source: CallSource;
  agency: string | null;
  agentId: string;
  agentName: string | null;
  team: string | null;
  bank: string;
  borrowerId: string;
  phone: string | null;
  direction: 'outbound' | 'inbound';
  /** ISO 8601 in the borrower's local time with its offset, as received. */
  startedAt: string;
  utcOffsetMinutes: number;
  durationMs: number | null;
  connected: boolean | null;
  firstContact: boolean;
  language: Language;
  channelLayout: 'agent-left' | 'agent-right' | 'mono' | null;
  /** The metadata as received (minus phone), extra keys included. */
  metadata: Record<string, unknown>;
  audioSha256: string | null;
  audioFormat: string | null;
  audioBytes: number | null;
  recording: RecordingFacts | null;
  status: CallStatus;
  statusReason: string | null;
  /** The stage that gave up, for a failed call (null otherwise, or when not known). */
  failedStage: PipelineStage | null;
  receivedAt: Date;
  decodedAt: Date | null;
  transcribedAt: Date | null;
  scannedAt: Date | null;
  doneAt: Date | null;
  failedAt: Date | null;
  updatedAt: Date;
}

/** One earlier call of a borrower, as the history rules (hours / frequency) read it. */
export interface HistoryCall {
  callId: string;
  borrowerId: string;
  /** ISO 8601 with the call's own UTC offset. */
  startedAt: string;
  durationMs: number | null;
  connected: boolean | null;
}

/** The CallMeta the rule engine reads, rebuilt from a stored call (recording facts included). */
export function callMetaOf(call: StoredCall): CallMeta {
  const meta: CallMeta = {
    ...call.metadata,
    id: call.id,
    agentId: call.agentId,
    borrowerId: call.borrowerId,
    bank: call.bank,
    startedAt: call.startedAt,
    direction: call.direction,
    firstContact: call.firstContact,
    language: call.language,
  };
  if (call.agentName !== null) meta.agentName = call.agentName;
  if (call.agency !== null) meta.agency = call.agency;
  if (call.team !== null) meta.team = call.team;
  if (call.durationMs !== null) meta.durationMs = call.durationMs;
  if (call.connected !== null) meta.connected = call.connected;
  if (call.channelLayout !== null) meta.channelLayout = call.channelLayout;
  if (call.recording !== null) meta.recording = call.recording;
  return meta;
}
