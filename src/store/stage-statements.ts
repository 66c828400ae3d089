import type { Severity } from '../domain/severity.ts';
import { GroupCommit, repositories, type Db, type NewTranscript, type ScanRead, type ScanRecord, type StageRecord, type StoredCall, type TriageRead,
  type OpenCaseRequest, type JoinCaseRequest } from './index.ts';
import type { Case } from '../domain/case.ts';
import { DELIVERY_STAGE } from './delivered-transcripts.ts';
import type { TriageWrites } from './triage-writes.ts';

/**
 * The statements every call sends through ingest, scan and triage, grouped across the jobs a
 * process runs at the same time (src/store/group-commit.ts): with a deep queue a worker reads and
 * writes many calls per statement, and PostgreSQL's per-statement cost is shared. Each method
 * answers for its own call exactly as the single-call repository method would, errors included.
 * Triage's case changes are grouped too, with one request per borrower (or case) per statement:
 * each still re-checks, in the statement, the borrower's cases it decided on (docs/operations.md,
 * "Cases"), and two calls of one borrower are never judged against each other inside one.
 */
export class StageStatements {
  private readonly ingestReads = new GroupCommit<string, { call: StoredCall; stageResult: Record<string, unknown> | null } | null>(
    (ids) => repositories(this.db).stageQueries.getWithStageResults(DELIVERY_STAGE, '', ids), GROUP,
  );
  private readonly transcriptWrites = new GroupCommit<NewTranscript, boolean>(
    (ts) => repositories(this.db).transcripts.upsertAndMarkTranscribedMany(ts), { ...GROUP, key: (t) => t.callId },
  );
  /** One group per lookback (a process's packs give one; a newly published pack may add another). */
  private readonly scanReads = new Map<number, GroupCommit<string, ScanRead | null>>();
  private readonly scanWrites = new GroupCommit<ScanRecord, Array<{ id: number; severity: Severity }> | null>(
    (items) => repositories(this.db).stageQueries.recordScans(items), { ...GROUP, key: (r) => r.callId },
  );
  private readonly triageReads = new GroupCommit<{ callId: string; scanVersion: string }, TriageRead<Record<string, unknown>> | null>(
    (items) => repositories(this.db).stageQueries.getForTriageMany(items), GROUP,
  );
  /** One borrower, and so one case, at most per statement: the requests are judged each on its own. */
  private readonly caseOpens = new GroupCommit<OpenCaseRequest, Case | null>(
    (items) => repositories(this.db).cases.openWithCalls(items), { ...GROUP, key: (o) => borrowerKey(o.case.bank, o.case.borrowerId) },
  );
  private readonly caseJoins = new GroupCommit<JoinCaseRequest, Case | null>(
    (items) => repositories(this.db).cases.joinWithCalls(items), { ...GROUP, key: (j) => String(j.caseId) },
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
      group = new GroupCommit((ids) => repositories(this.db).stageQueries.getForScanMany(ids, lookbackMs), GROUP);
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

  /** Triage's writes (src/cases/triage.ts), grouped. */
  readonly triageWrites: TriageWrites = {
    open: (o) => this.caseOpens.submit(o),
    join: (j) => this.caseJoins.submit(j),
    record: (r) => this.writeStageRecord(r),
  };

  /** A stage's record and the call's new status: CallsRepository.setStatusWithStageResult. */
  writeStageRecord(record: StageRecord): Promise<boolean> {
    let group = this.recordWrites.get(record.status);
    if (!group) {
      group = new GroupCommit((items) => repositories(this.db).stageQueries.setStatusWithStageResults(record.status, items), { ...GROUP, key: (r) => r.callId });
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

/**
 * Every group: at most MAX_BATCH calls, and a statement with no answer after 30 s fails its calls
 * (their jobs retry) instead of holding every later call of its kind in this process. The stages'
 * own deadlines are 1–2 minutes.
 */
const GROUP = { maxBatch: MAX_BATCH, timeoutMs: 30_000 };

const borrowerKey = (bank: string, borrowerId: string) => `${bank}\u0000${borrowerId}`;
