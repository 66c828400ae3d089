import type { CallStatus, PipelineStage } from '../../domain/call-status.ts';
import type { CallSource, StoredCall } from '../../domain/call.ts';
import type { Language, RecordingFacts } from '../../domain/transcript.ts';
import { formatWithOffset } from '../offset-time.ts';

/** A calls row as pg returns it, and its mapping to the shared Call type. */
export interface CallRow {
  id: string;
  source: CallSource;
  agency: string | null;
  agent_id: string;
  agent_name: string | null;
  team: string | null;
  bank: string;
  borrower_id: string;
  phone: string | null;
  direction: 'outbound' | 'inbound';
  started_at: Date;
  utc_offset_minutes: number;
  duration_ms: number | null;
  connected: boolean | null;
  first_contact: boolean;
  language: Language;
  channel_layout: StoredCall['channelLayout'];
  metadata: Record<string, unknown>;
  audio_sha256: string | null;
  audio_format: string | null;
  audio_bytes: number | null;
  recording: RecordingFacts | null;
  status: CallStatus;
  status_reason: string | null;
  failed_stage: PipelineStage | null;
  received_at: Date;
  decoded_at: Date | null;
  transcribed_at: Date | null;
  scanned_at: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  updated_at: Date;
}

export function toCall(r: CallRow): StoredCall {
  return {
    id: r.id,
    source: r.source,
    agency: r.agency,
    agentId: r.agent_id,
    agentName: r.agent_name,
    team: r.team,
    bank: r.bank,
    borrowerId: r.borrower_id,
    phone: r.phone,
    direction: r.direction,
    startedAt: formatWithOffset(r.started_at, r.utc_offset_minutes),
    utcOffsetMinutes: r.utc_offset_minutes,
    durationMs: r.duration_ms,
    connected: r.connected,
    firstContact: r.first_contact,
    language: r.language,
    channelLayout: r.channel_layout,
    metadata: r.metadata,
    audioSha256: r.audio_sha256,
    audioFormat: r.audio_format,
    audioBytes: r.audio_bytes,
    recording: r.recording,
    status: r.status,
    statusReason: r.status_reason,
    failedStage: r.failed_stage,
    receivedAt: r.received_at,
    decodedAt: r.decoded_at,
    transcribedAt: r.transcribed_at,
    scannedAt: r.scanned_at,
    doneAt: r.done_at,
    failedAt: r.failed_at,
    updatedAt: r.updated_at,
  };
}
