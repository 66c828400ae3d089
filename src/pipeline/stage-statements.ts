import type { Severity } from '../domain/severity.ts';
import { GroupCommit, repositories, type Db, type NewTranscript, type ScanRead, type ScanRecord, type StageRecord, type StoredCall, type TriageRead } from '../store/index.ts';
import { DELIVERY_STAGE } from './delivery.ts';

/**
 * The statements every call sends through ingest, scan and triage, grouped across the jobs a
 * process runs at the same time (src/store/group-commit.ts): with a deep queue a worker reads and
 * writes many calls per statement, and PostgreSQL's per-statement cost is shared. Each method
 * answers for its own call exactly as the single-call repository method would, errors included.
 * Triage's case change stays one statement per call: it re-checks the borrower's cases it decided
 * on (docs/operations.md, "Cases"), which a shared statement could not do call by call.
 */
export class StageStatements {
  private readonly ingestReads = new GroupCommit<string, { call: StoredCall; stageResult: Record<string, unknown> | null } | null>(
    (ids) => repositories(this.db).calls.getWithStageResults(DELIVERY_STAGE, '', ids), { maxBatch: MAX_BATCH },
  );
  private readonly transcriptWrites = new GroupCommit<NewTranscript, boolean>(
    (ts) => repositories(this.db).transcripts.upsertAndMarkTranscribedMany(ts), { maxBatch: MAX_BATCH, key: (t) => t.callId },
  );
  /** One group per lookback (a process's packs give one; a newly published pack may add another). */
  private readonly scanReads = new Map<number, GroupCommit<string, ScanRead | null>>();
  private readonly scanWrites = new GroupCommit<ScanRecord, Array<{ id: number; severity: Severity }> | null>(
    (items) => repositories(this.db).calls.recordScans(items), { maxBatch: MAX_BATCH, key: (r) => r.callId },
  );
  private readonly triageReads = new GroupCommit<{ callId: string; scanVersion: string }, TriageRead<Record<string, unknown>> | null>(
    (items) => repositories(this.db).calls.getForTriageMany(items), { maxBatch: MAX_BATCH },
  );
  /** One group per status the records move calls to. */
  private readonly recordWrites = new Map<StageRecord['status'], GroupCommit<StageRecord, boolean>>();

  constructor(private readonly db: Db) {}

  /** The call and its delivered transcript: CallsRepository.getWithStageResult(callId, DELIVERY_STAGE, ''). */
  ingestRead(callId: string) {
    return this.ingestReads.submit(callId);
  }

  /** TranscriptsRepository.upsertAndMarkTranscribed. */
  storeTranscript(t: NewTranscript): Promise<boolean> {
    return this.transcriptWrites.submit(t);
  }

  /** CallsRepository.getForScan. */
  scanRead(callId: string, lookbackMs: number): Promise<ScanRead | null> {
    let group = this.scanReads.get(lookbackMs);
    if (!group) {
      group = new GroupCommit((ids) => repositories(this.db).calls.getForScanMany(ids, lookbackMs), { maxBatch: MAX_BATCH });
      this.scanReads.set(lookbackMs, group);
    }
    return group.submit(callId);
  }

  /** CallsRepository.recordScan. */
  recordScan(record: ScanRecord): Promise<Array<{ id: number; severity: Severity }> | null> {
    return this.scanWrites.submit(record);
  }

  /** CallsRepository.getForTriage. */
  async triageRead<T>(callId: string, scanVersion: string): Promise<TriageRead<T> | null> {
    return (await this.triageReads.submit({ callId, scanVersion })) as TriageRead<T> | null;
  }

  /** A stage's record and the call's new status: CallsRepository.setStatusWithStageResult. */
  writeStageRecord(record: StageRecord): Promise<boolean> {
    let group = this.recordWrites.get(record.status);
    if (!group) {
      group = new GroupCommit((items) => repositories(this.db).calls.setStatusWithStageResults(record.status, items), { maxBatch: MAX_BATCH, key: (r) => r.callId });
      this.recordWrites.set(record.status, group);
    }
    return group.submit(record);
  }
}

/**
 * Calls per statement at most. Past a few dozen the statement's own work dominates and a batch
 * only makes its calls wait longer; the JSON of 32 scans' findings is a few hundred kilobytes.
 */
const MAX_BATCH = 32;
