import { retentionCutoffs, type RetentionCutoffs, type RetentionPolicy } from '../../domain/retention-policy.ts';
import type { Clock } from '../../domain/clock.ts';
import { maskPii } from '../../privacy/pii-mask.ts';
import type { AudioStore } from '../../store/audio-store.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { insertAuditEvent } from '../../store/review-app/audit-events.ts';
import {
  audioStillNeeded, deleteCalls, deleteCases, deleteFindings, deleteTranscripts, finishRetentionRun, latestCallCutoff, lockDueCalls,
  lockDueCases, markAudioPurged, scanRetentionPage, purgeAuditPrefix, readTranscriptTexts, replaceWithMasked, startRetentionRun,
  type CallCutoffs, type CaseCutoffs, type TranscriptText,
} from '../../store/retention/retention-sql.ts';

/**
 * The retention purge: removes what rules/retention.yaml says is due, in small batches so the
 * pipeline keeps its share of the database. Each batch is one short transaction that locks its rows
 * with SKIP LOCKED: two purges at once (two workers' daily jobs, an operator's command) split the
 * rows between them, and a purge run twice finds nothing the second time. Order: cases first
 * (a purged case frees its calls), then calls kind by kind, then the audit log's chain prefix.
 *
 * A recording is deleted from the store inside its batch's transaction, before the commit: if the
 * commit fails the row still says "not purged" and the next run deletes again (the store's delete
 * is idempotent); the other order could leave a recording nothing points to and nothing deletes.
 * The deletes are not overlapped with the next batch: they are not where a purge spends its time
 * (about 0.6 s of 2.6 s per 10,000 calls from the directory store, docs/benchmarks.md "Retention
 * purge"), and deleting after the commit would need a durable list of recordings still to delete
 * to keep that guarantee.
 *
 * Every batch is written to the audit log (actor `system:retention`): counts and ids, never contents.
 */
export const RETENTION_ACTOR = 'system:retention';

export interface RetentionPurgeOptions {
  db: Db;
  audio: Pick<AudioStore, 'delete'>;
  policy: RetentionPolicy;
  clock: Clock;
  /** Who runs it (host:pid), recorded with the run. */
  holder: string;
  /** Rows per transaction: small enough that a batch holds its locks for milliseconds. */
  batchSize?: number;
  /** Called between batches (tests: a concurrent purge; the daily job: stop when shutting down). */
  betweenBatches?: () => Promise<void>;
  /** A run row already claimed (the daily job's); else one is started here. */
  runId?: number;
}

export interface RetentionPurgeReport {
  runId: number;
  callsDeleted: number;
  recordingsDeleted: number;
  audioPurged: number;
  transcriptsDeleted: number;
  transcriptsMasked: number;
  findingsDeleted: number;
  casesDeleted: number;
  caseEventsDeleted: number;
  complaintsDeleted: number;
  auditRowsDeleted: number;
  batches: number;
}

export const DEFAULT_PURGE_BATCH = 500;

export function callCutoffsOf(c: RetentionCutoffs): CallCutoffs {
  return {
    banks: c.banks.map((b) => ({ bank: b.bank, audio: b.cutoffs.audio, transcript: b.cutoffs.transcript, findings: b.cutoffs.findings, noLegalFloor: b.noLegalFloor })),
    default: { audio: c.default.audio, transcript: c.default.transcript, findings: c.default.findings },
    floors: {
      CN: { audio: c.legalFloors.CN.audio, transcript: c.legalFloors.CN.transcript, findings: c.legalFloors.CN.findings },
      US: { audio: c.legalFloors.US.audio, transcript: c.legalFloors.US.transcript, findings: c.legalFloors.US.findings },
    },
  };
}

/** Cases have no language floor of their own beyond the bank's settings, which were checked against the law at load. */
export function caseCutoffsOf(c: RetentionCutoffs): CaseCutoffs {
  return { banks: c.banks.map((b) => ({ bank: b.bank, cases: b.cutoffs.cases })), default: c.default.cases };
}

export async function runRetentionPurge(opts: RetentionPurgeOptions): Promise<RetentionPurgeReport> {
  const now = opts.clock.now();
  const cutoffs = retentionCutoffs(opts.policy, now);
  const batch = opts.batchSize ?? DEFAULT_PURGE_BATCH;
  const runId = opts.runId ?? (await startRetentionRun(opts.db, now, opts.holder));
  const report: RetentionPurgeReport = {
    runId, callsDeleted: 0, recordingsDeleted: 0, audioPurged: 0, transcriptsDeleted: 0, transcriptsMasked: 0, findingsDeleted: 0,
    casesDeleted: 0, caseEventsDeleted: 0, complaintsDeleted: 0, auditRowsDeleted: 0, batches: 0,
  };
  const auditBatch = (q: Queryable, action: string, after: object) =>
    insertAuditEvent(q, { actor: RETENTION_ACTOR, action, entityType: 'retention_run', entityId: String(runId), after });
  try {
    const caseCutoffs = caseCutoffsOf(cutoffs);
    for (let afterId = 0; ;) {
      const ids = await opts.db.transaction(async (tx) => {
        const due = await lockDueCases(tx, caseCutoffs, afterId, batch);
        if (due.length === 0) return due;
        const n = await deleteCases(tx, due);
        report.casesDeleted += n.cases;
        report.caseEventsDeleted += n.events;
        report.complaintsDeleted += n.complaints;
        await auditBatch(tx, 'retention.purge_cases', { caseIds: due, ...n });
        return due;
      });
      if (ids.length === 0) break;
      report.batches++;
      afterId = ids[ids.length - 1]!;
      await opts.betweenBatches?.();
    }

    const callCutoffs = callCutoffsOf(cutoffs);
    const latest = latestCallCutoff(callCutoffs);
    let cursor: { startedAt: Date; id: string } | null = null;
    for (;;) {
      const page = await scanRetentionPage(opts.db, latest, cursor, batch);
      if (page.length === 0) break;
      const ids = page.map((c) => c.id);
      const purged = await opts.db.transaction((tx) => purgeCallBatch(tx, opts, callCutoffs, ids, now, report, auditBatch));
      if (purged) report.batches++;
      cursor = page[page.length - 1]!;
      await opts.betweenBatches?.();
    }

    for (;;) {
      const { purged } = await purgeAuditPrefix(opts.db, cutoffs.audit, batch * 10, RETENTION_ACTOR);
      if (purged === 0) break;
      report.auditRowsDeleted += purged;
      report.batches++;
    }
  } catch (err) {
    const { runId: _id, ...counts } = report;
    await finishRetentionRun(opts.db, runId, opts.clock.now(), counts, err instanceof Error ? err.message : String(err));
    throw err;
  }
  const { runId: _id, ...counts } = report;
  await finishRetentionRun(opts.db, runId, opts.clock.now(), counts, null);
  return report;
}

/** One transaction's worth of calls (of a scanned page, those due and not held by another purge); false when none were. */
async function purgeCallBatch(
  tx: Queryable,
  opts: RetentionPurgeOptions,
  cutoffs: CallCutoffs,
  ids: readonly string[],
  now: Date,
  report: RetentionPurgeReport,
  auditBatch: (q: Queryable, action: string, after: object) => Promise<void>,
): Promise<boolean> {
  const due = await lockDueCalls(tx, cutoffs, ids);
  if (due.length === 0) return false;
  const mask = opts.policy.maskTranscripts;
  const whole = due.filter((c) => c.audioDue && c.transcriptDue && c.findingsDue && !mask);
  const wholeSet = new Set(whole);
  const partial = due.filter((c) => !wholeSet.has(c));
  const audioGoes = due.filter((c) => c.audioDue && !c.audioPurged);
  const wholeIds = whole.map((c) => c.id);
  const audioIds = audioGoes.map((c) => c.id);

  // A recording shared by another call that still needs it stays.
  const shas = [...new Set(audioGoes.flatMap((c) => (c.audioSha256 ? [c.audioSha256] : [])))];
  const needed = await audioStillNeeded(tx, shas, audioIds);
  const deletable = shas.filter((s) => !needed.has(s));
  // A few deletes in flight: an object store answers each in a round trip, and 500 in a row would
  // hold the batch's row locks for seconds.
  await forEachLimited(deletable, AUDIO_DELETES_IN_FLIGHT, (sha) => opts.audio.delete(sha));

  const callsDeleted = await deleteCalls(tx, wholeIds);
  const partialAudio = partial.filter((c) => c.audioDue && !c.audioPurged).map((c) => c.id);
  await markAudioPurged(tx, partialAudio, now);
  const transcriptIds = partial.filter((c) => c.transcriptDue && !c.transcriptPurged).map((c) => c.id);
  let transcripts = 0;
  if (mask) {
    const texts = await readTranscriptTexts(tx, transcriptIds);
    await replaceWithMasked(tx, transcriptIds, texts.map(maskTranscript), now);
    report.transcriptsMasked += texts.length;
  } else {
    transcripts = await deleteTranscripts(tx, transcriptIds, now);
  }
  const findingIds = partial.filter((c) => c.findingsDue && !c.findingsPurged).map((c) => c.id);
  const findings = await deleteFindings(tx, findingIds, now);

  report.callsDeleted += callsDeleted;
  report.recordingsDeleted += deletable.length;
  report.audioPurged += audioIds.length;
  report.transcriptsDeleted += transcripts;
  report.findingsDeleted += findings;
  await auditBatch(tx, 'retention.purge_calls', {
    callsDeleted: wholeIds, audioPurged: partialAudio, transcriptsPurged: transcriptIds, findingsPurged: findingIds,
    recordingsDeleted: deletable.length, transcriptRows: mask ? 0 : transcripts, transcriptRowsMasked: mask ? transcriptIds.length : 0, findingRows: findings,
  });
  return true;
}

const AUDIO_DELETES_IN_FLIGHT = 16;

/** Runs `fn` over the items, at most `width` at once; the first failure fails the whole (the others still settle). */
async function forEachLimited<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const results = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function maskTranscript(t: TranscriptText): TranscriptText {
  return {
    id: t.id,
    text: maskPii(t.text),
    // Word timings repeat the words, numbers included: they go; the masked text keeps the timeline.
    segments: t.segments.map(({ words: _words, ...s }) => (typeof s.text === 'string' ? { ...s, text: maskPii(s.text) } : s)),
  };
}
