import type { TranscriptionEngine } from '../asr/transcriber.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import type { RulePackSource } from './rule-pack-source.ts';
import type { StageStatements } from '../store/stage-statements.ts';

/** The content-addressed audio store, as the stages use it (src/store's implementations). */
export interface AudioBlobStore {
  /** Stores the file's bytes under their sha256 (a no-op when already stored). */
  put(file: string): Promise<{ sha256: string; bytes: number }>;
  /**
   * Writes a verified copy of the recording to `file` in the stage's temp directory (object storage
   * has no local path to lend); throws AudioIntegrityError when the stored bytes do not match.
   */
  download(sha256: string, file: string, options?: { signal?: AbortSignal }): Promise<void>;
  has(sha256: string): Promise<boolean>;
}

/**
 * What the stages need, passed in (never read from globals), so the same stages run in a BullMQ
 * worker, in the embedded local runner and in tests.
 */
export interface PipelineDeps {
  db: Db;
  /** The stages' per-call statements, grouped across concurrent jobs (one per process and database). */
  statements: StageStatements;
  audio: AudioBlobStore;
  rules: RulePackSource;
  /** The speech engine (ASR_ENGINE); `auto` picks per call. */
  engine: TranscriptionEngine;
  logger: Logger;
  /** When a case opens and its SLA starts (the system clock by default; tests set one). */
  clock?: Clock;
  /**
   * The process's work directory (CALLGUARD_WORK_DIR/<host>-<pid>-<random>), where stages lay out
   * temp files; the system temp directory when unset.
   */
  tempDir?: string;
}
