import type { Language, RecordingFacts, Segment, TranscriptQuality } from '../../domain/transcript.ts';
import type { Queryable } from '../db.ts';

export interface NewTranscript {
  callId: string;
  engine: string;
  model?: string | null;
  /** Engine build + model: a re-transcription under a new version is a new row. */
  version?: string;
  language: Language;
  segments: Segment[];
  /** The quality estimate (src/asr/transcript-quality.ts); absent for transcripts from before it. */
  quality?: TranscriptQuality | null;
  /** What transcription learned of the recording (the recording rules read it); kept as it was when absent. */
  recording?: RecordingFacts | null;
  /** The stage's record, written in the same statement (the transcribe stage's). */
  stageResult?: { stage: string; version: string; result: Record<string, unknown> };
}

export interface StoredTranscript {
  id: number;
  callId: string;
  engine: string;
  model: string | null;
  version: string;
  language: Language;
  segments: Segment[];
  quality: TranscriptQuality | null;
  createdAt: Date;
}

interface TranscriptRow {
  id: number;
  call_id: string;
  engine: string;
  model: string | null;
  version: string;
  language: Language;
  segments: Segment[];
  quality: TranscriptQuality | null;
  created_at: Date;
}

const toTranscript = (r: TranscriptRow): StoredTranscript => ({
  id: r.id,
  callId: r.call_id,
  engine: r.engine,
  model: r.model,
  version: r.version,
  language: r.language,
  segments: r.segments,
  quality: r.quality,
  createdAt: r.created_at,
});

const COLUMNS = 'id, call_id, engine, model, version, language, segments, quality, created_at';

export class TranscriptsRepository {
  constructor(private readonly q: Queryable) {}

  /**
   * The one way a transcript is saved, whoever made it (an engine, or the telephony platform's
   * delivery): the transcript, upserted by (call, engine, version) so a stage may run twice; the
   * recording facts and the stage's record when given; and the call moved to 'transcribed' — in one
   * statement: one round trip instead of a transaction's four, and just as atomic. A call that does
   * not exist fails the statement (the transcript's foreign key).
   */
  async upsertAndMarkTranscribed(t: NewTranscript): Promise<boolean> {
    const [moved] = await this.upsertAndMarkTranscribedMany([t]);
    return moved!;
  }

  /**
   * upsertAndMarkTranscribed for several calls in one statement; for each, whether the call was
   * moved. One transcript per (call, engine, version) at most per batch.
   */
  async upsertAndMarkTranscribedMany(ts: readonly NewTranscript[]): Promise<boolean[]> {
    const { rows } = await this.q.query<{ id: string }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS i(call_id text, engine text, model text, version text, language text, segments jsonb, text text, quality jsonb,
                recording jsonb, rec_stage text, rec_version text, rec_result jsonb)
       ), stored AS (
         INSERT INTO transcripts (call_id, engine, model, version, language, segments, text, quality)
         SELECT call_id, engine, model, version, language, segments, text, quality FROM input
         ON CONFLICT (call_id, engine, version) DO UPDATE
           SET model = EXCLUDED.model, language = EXCLUDED.language, segments = EXCLUDED.segments,
               text = EXCLUDED.text, quality = EXCLUDED.quality, created_at = now()
       ), recorded AS (
         INSERT INTO stage_results (call_id, stage, version, result)
         SELECT call_id, rec_stage, rec_version, rec_result FROM input WHERE rec_stage IS NOT NULL
         ON CONFLICT (call_id, stage, version) DO UPDATE SET result = EXCLUDED.result, finished_at = now()
       )
       -- $2: the calls' ids as an array as well, for the primary key (docs/operations.md, "Grouped statements")
       UPDATE calls SET status = 'transcribed', status_reason = NULL, failed_stage = NULL, updated_at = now(), transcribed_at = now(),
         recording = COALESCE(input.recording, calls.recording)
       FROM input WHERE calls.id = ANY($2::text[]) AND calls.id = input.call_id
       RETURNING calls.id`,
      [JSON.stringify(ts.map((t) => ({
        call_id: t.callId, engine: t.engine, model: t.model ?? null, version: t.version ?? '', language: t.language,
        segments: t.segments, text: t.segments.map((s) => s.text).join('\n'), quality: t.quality ?? null, recording: t.recording ?? null,
        rec_stage: t.stageResult?.stage ?? null, rec_version: t.stageResult?.version ?? null, rec_result: t.stageResult?.result ?? null,
      }))), ts.map((t) => t.callId)],
    );
    const moved = new Set(rows.map((r) => r.id));
    return ts.map((t) => moved.has(t.callId));
  }

  /** The newest transcript of the call (what scan reads), or null. */
  async latestForCall(callId: string): Promise<StoredTranscript | null> {
    const { rows } = await this.q.query<TranscriptRow>(
      `SELECT ${COLUMNS} FROM transcripts WHERE call_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [callId],
    );
    return rows[0] ? toTranscript(rows[0]) : null;
  }

  async listForCall(callId: string): Promise<StoredTranscript[]> {
    const { rows } = await this.q.query<TranscriptRow>(
      `SELECT ${COLUMNS} FROM transcripts WHERE call_id = $1 ORDER BY created_at DESC, id DESC`,
      [callId],
    );
    return rows.map(toTranscript);
  }
}
