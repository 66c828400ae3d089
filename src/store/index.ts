/**
 * The storage API. Everything that touches PostgreSQL goes through here; no SQL lives elsewhere.
 *
 *   const db = await openDatabase(config);          // DATABASE_URL, else embedded PGlite
 *   await migrate(db);                              // forward-only, safe with concurrent starters
 *   const repos = repositories(db);                 // one query per method, autocommit
 *   await db.transaction(async (tx) => {            // several writes atomically
 *     const r = repositories(tx);
 *     await r.findings.upsertMany(findings);
 *     await r.calls.setStatus(callId, 'scanned');
 *   });
 *   await db.close();
 *
 * Repositories take any `Queryable` (the Db or a transaction) and return domain objects (camelCase,
 * Date for instants; a call's startedAt is ISO text with the borrower's offset). Every insert a
 * stage makes is keyed so that running it twice is a no-op: calls by id and audio sha256,
 * transcripts by (call, engine, version), stage results by (call, stage, version), findings by
 * (call, rule, rule version, segment, start), case calls by (case, call).
 */
import type { Queryable } from './db.ts';
import { CallsRepository } from './repositories/calls-repository.ts';
import { CaseEventsRepository } from './repositories/case-events-repository.ts';
import { CasesRepository } from './repositories/cases-repository.ts';
import { ComplaintsRepository } from './repositories/complaints-repository.ts';
import { ContactsRepository } from './repositories/contacts-repository.ts';
import { FindingsRepository } from './repositories/findings-repository.ts';
import { QaSamplesRepository } from './repositories/qa-samples-repository.ts';
import { RulePacksRepository } from './repositories/rule-packs-repository.ts';
import { StageQueriesRepository } from './repositories/stage-queries-repository.ts';
import { StageResultsRepository } from './repositories/stage-results-repository.ts';
import { TranscriptsRepository } from './repositories/transcripts-repository.ts';

export { openDatabase, connectDatabase, DbUsedInsideTransactionError, type Db, type Queryable, type OpenDatabaseOptions } from './db.ts';
export { DataDirLockedError } from './embedded-postgres.ts';
export { migrate, migrationStatus, loadMigrations, MigrationError, MIGRATIONS_DIR, type Migration, type MigrateResult, type MigrationStatus } from './migrate.ts';
export { formatWithOffset, parseUtcOffsetMinutes } from './offset-time.ts';
export { getWeekTimeZone, setWeekTimeZone } from './week-time-zone.ts';
export { publishRulePack, activateStoredRulePack, type Activation } from './rule-pack-publish.ts';
export {
  CallsRepository, callMetaOf, CALL_STATUSES,
  type CallStatus, type CallSource, type NewCall, type StoredCall, type HistoryCall, type FailedCall, type UnfinishedSummary,
  type IdleCall, type IdleCallsCursor, type IdleCallsPage,
} from './repositories/calls-repository.ts';
export { StageQueriesRepository, type ScanRead, type TriageRead, type ScanRecord } from './repositories/stage-queries-repository.ts';
export { GroupCommit, type GroupCommitOptions } from './group-commit.ts';
export { type StageRecord } from './repositories/stage-record-sql.ts';
export { TranscriptsRepository, type NewTranscript, type StoredTranscript } from './repositories/transcripts-repository.ts';
export { StageResultsRepository, type StageResult } from './repositories/stage-results-repository.ts';
export { FindingsRepository, type StoredFinding, type Verdict, type RuleVerdictStats, type NewManualFinding } from './repositories/findings-repository.ts';
export { QaSamplesRepository, type QaSample, type SampleCandidate, type SampleDraw, type SampleOutcome } from './repositories/qa-samples-repository.ts';
export { RulePacksRepository, RULE_PACK_CHANNEL, type NewRulePack, type StoredRulePack, type RulePackFile, type RulePackActivation } from './repositories/rule-packs-repository.ts';
export { CasesRepository, type NewCase, type OpenCaseRequest, type JoinCaseRequest, type CaseEventDraft, type CaseTransitionPatch, type CaseListFilter } from './repositories/cases-repository.ts';
export { CaseEventsRepository, type NewCaseEvent } from './repositories/case-events-repository.ts';
export { ComplaintsRepository, type NewComplaint } from './repositories/complaints-repository.ts';
export { ContactsRepository, type NewContactRecord } from './repositories/contacts-repository.ts';
export { RefusedRowsRepository, type RefusedRow } from './repositories/refused-rows-repository.ts';

export interface Repositories {
  calls: CallsRepository;
  /** Each stage's one-statement reads and writes of a call (and their forms for several calls). */
  stageQueries: StageQueriesRepository;
  transcripts: TranscriptsRepository;
  stageResults: StageResultsRepository;
  rulePacks: RulePacksRepository;
  findings: FindingsRepository;
  cases: CasesRepository;
  caseEvents: CaseEventsRepository;
  complaints: ComplaintsRepository;
  /** Contact records of cases (explanations, reports to the bank, call backs). */
  contacts: ContactsRepository;
  qaSamples: QaSamplesRepository;
}

/** Every repository bound to one connection or transaction. Cheap: build one per transaction. */
export function repositories(q: Queryable): Repositories {
  return {
    calls: new CallsRepository(q),
    stageQueries: new StageQueriesRepository(q),
    transcripts: new TranscriptsRepository(q),
    stageResults: new StageResultsRepository(q),
    rulePacks: new RulePacksRepository(q),
    findings: new FindingsRepository(q),
    cases: new CasesRepository(q),
    caseEvents: new CaseEventsRepository(q),
    complaints: new ComplaintsRepository(q),
    contacts: new ContactsRepository(q),
    qaSamples: new QaSamplesRepository(q),
  };
}
export { BacktestReadsRepository, type BacktestScope, type BacktestCallRead, type BacktestReviewedRow } from './repositories/backtest-reads-repository.ts';
export { AudioNotFoundError, AudioIntegrityError, AudioStoreUnavailableError, verifyStoredAudio, type AudioStore, type StoredAudio } from './audio-store.ts';
export { DirectoryAudioStore } from './directory-audio-store.ts';
export { openAudioStore, closeAudioStore, audioDirectory } from './open-audio-store.ts';
