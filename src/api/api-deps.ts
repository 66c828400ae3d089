import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Queue } from 'bullmq';
import type { Db } from '../store/db.ts';
import type { Logger } from '../logger.ts';
import type { CallMeta } from '../domain/transcript.ts';
import type { Severity } from '../domain/severity.ts';
import { systemClock, type Clock } from '../domain/clock.ts';
import type { TrustProxy } from './trust-proxy.ts';
import type { BankGroup } from '../domain/bank-groups.ts';
import { DeadlinesPolicySchema, type DeadlinesPolicy } from '../rules/rule-schema.ts';
import type { AgencyLetterhead } from '../reports/agency-letterhead.ts';

/** Where a call's recording lives on disk, or undefined when the store does not have it. */
export type AudioLocator = (call: { id: string; audioSha256: string | null; audioFormat: string | null }) => Promise<string | undefined>;

/**
 * Hands an uploaded recording and its validated metadata to the pipeline (POST /api/calls): the
 * pipeline's registration, then the ingest stage on the queue (server mode) or in-process.
 */
export type IngestUpload = (upload: { audioPath: string; meta: CallMeta; phone?: string; transcriptText?: string }) => Promise<
  | { kind: 'new'; callId: string }
  | { kind: 'already'; callId: string }
  | { kind: 'duplicate_recording'; callId: string; existingCallId: string }
  | { kind: 'conflict'; callId: string; message: string }
>;

/**
 * Puts failed calls back into the pipeline at the stage that failed (POST /api/calls/:id/retry),
 * as `callguard retry` does: planned from the database, handed to the server's dispatcher.
 */
export type RetryCalls = (callIds: readonly string[]) => Promise<{
  retried: { callId: string; stage: string }[];
  /** Calls that exist but are not failed. */
  skipped: string[];
  /** Ids no call has. */
  unknown: string[];
}>;

/** At most `max` requests per `windowMs`, counted per signed-in user (per address before sign-in). */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** The routes with a request-rate limit on top of their other checks. */
export type RateLimitedAction = 'login' | 'search' | 'upload' | 'export';

export interface ApiOptions {
  /** Absolute session lifetime. */
  sessionTtlMs: number;
  /** A session unused this long is over. */
  sessionIdleMs: number;
  /** Sign-in failures are counted over this window. */
  loginWindowMs: number;
  /** Failures for one username from one address before sign-in is refused for the window. */
  maxFailuresPerAccountIp: number;
  /** Failures from one address, any username, before it is refused. */
  maxFailuresPerIp: number;
  /** Failures of one account, from any address, before each further try must wait (doubling from accountDelayBaseMs). */
  freeFailuresPerAccount: number;
  accountDelayBaseMs: number;
  /**
   * Which reverse proxies to believe about X-Forwarded-For / X-Forwarded-Proto (TLS terminates
   * there, and the session cookie is marked Secure when the proxy says https): a hop count or the
   * proxies' addresses (trust-proxy.ts). false when the server faces clients directly.
   */
  trustProxy: TrustProxy;
  /** Request-rate limits (in memory, per server process) for the routes that are costly or can be abused to probe. */
  rateLimits: Record<RateLimitedAction, RateLimit>;
  /** The built SPA (web/dist); undefined = API only. */
  webDist?: string;
  /** Largest recording POST /api/calls accepts. */
  maxUploadBytes: number;
  /** Where recordings browsers cannot play (AMR, GSM, …) are kept once converted to WAV. */
  playableCacheDir: string;
  /** Points per severity for the queue's risk order (rules/policy.yaml severity_weights). */
  severityWeights: Record<Severity, number>;
  /** SLA of a case opened by a complaint (rules/policy.yaml first_response_hours). */
  firstResponseHours: number;
  /** The complaint procedure's deadlines per bank (rules/policy.yaml `deadlines:`). */
  deadlines: DeadlinesPolicy;
  /** The rule packs' bank_names as groups (the settings list in the database is added per request). */
  bankGroups: readonly BankGroup[];
  /** Check every answer against its route's response schema (tests): a mismatch is a 500. */
  checkResponses?: boolean;
  /** Who the report to the bank is from (REPORT_* settings); DEFAULT_REPORT_LETTERHEAD when unset. */
  reportLetterhead?: AgencyLetterhead;
}

export const DEFAULT_REPORT_LETTERHEAD: AgencyLetterhead = { name: '催收服务机构 / Collection agency', lines: [], signature: [] };

export const DEFAULT_API_OPTIONS: ApiOptions = {
  sessionTtlMs: 12 * 3600_000,
  sessionIdleMs: 2 * 3600_000,
  loginWindowMs: 15 * 60_000,
  maxFailuresPerAccountIp: 5,
  maxFailuresPerIp: 50,
  freeFailuresPerAccount: 10,
  accountDelayBaseMs: 1000,
  trustProxy: false,
  rateLimits: {
    login: { max: 60, windowMs: 60_000 },
    search: { max: 30, windowMs: 60_000 },
    upload: { max: 60, windowMs: 60_000 },
    export: { max: 20, windowMs: 60_000 },
  },
  maxUploadBytes: 200 * 1024 * 1024,
  firstResponseHours: 24,
  deadlines: DeadlinesPolicySchema.parse({}),
  bankGroups: [],
  severityWeights: { low: 1, medium: 3, high: 8, critical: 20 },
  playableCacheDir: path.join(tmpdir(), 'callguard-playable'),
};

export interface ApiDeps {
  db: Db;
  logger: Logger;
  locateAudio: AudioLocator;
  ingestUpload?: IngestUpload;
  retryCalls?: RetryCalls;
  /** Server mode: the pipeline's BullMQ queues, shown to admins at /admin/queues (Bull Board). */
  boardQueues?: readonly Queue[];
  /** Rule ids → titles etc. are read from findings; nothing else from the rule engine is needed. */
  options: ApiOptions;
  /** What "now" is for SLA states, overdue lists and complaint dates (the system clock by default). */
  clock?: Clock;
}

export function apiClock(deps: Pick<ApiDeps, 'clock'>): Clock {
  return deps.clock ?? systemClock;
}
