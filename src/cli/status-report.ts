import type { Queryable } from '../store/db.ts';
import { CALL_STATUSES, CallsRepository, RefusedRowsRepository, type CallStatus, type FailedCall, type RefusedRow } from '../store/index.ts';
import { systemClock, type Clock } from '../domain/clock.ts';
import { UNFINISHED_STATUSES } from '../pipeline/call-lifecycle.ts';
import { formatDuration } from './human-duration.ts';
import { JOB_NAMES } from '../pipeline/transport/job-table.ts';
import type { QueueDepths } from '../pipeline/transport/queues.ts';
import { renderTable } from './text-table.ts';
import { redactReason } from '../privacy/redact-reason.ts';

export interface StatusReport {
  calls: Record<CallStatus, number>;
  failed: FailedCall[];
  /** Calls neither done nor failed: how many, and how long the longest-waiting one has not moved. */
  unfinished: UnfinishedCalls;
  /** Metadata rows an ingest refused, neither fixed by a later ingest nor dismissed. */
  refusedRows: RefusedRow[];
  /** Server mode only. */
  queues?: QueueDepths;
  /** Server mode only: unfinished calls that no job in any queue will move (src/pipeline/operations/stalled-calls.ts). */
  stalled?: StalledCount;
}

export interface UnfinishedCalls {
  calls: number;
  oldestSince: Date | null;
  /** How long the oldest has not moved, at the time of the report. */
  oldestIdleMs: number | null;
}

export interface StalledCount {
  calls: number;
  /** The threshold they were counted with: unmoved for longer than this. */
  olderThanMs: number;
}

export async function buildStatusReport(
  q: Queryable, queues?: () => Promise<QueueDepths>, stalled?: () => Promise<StalledCount>, clock: Clock = systemClock,
): Promise<StatusReport> {
  const calls = new CallsRepository(q);
  const waiting = await calls.summarizeUnfinished(UNFINISHED_STATUSES);
  const unfinished: UnfinishedCalls = {
    ...waiting,
    oldestIdleMs: waiting.oldestSince ? Math.max(0, clock.nowMs() - waiting.oldestSince.getTime()) : null,
  };
  const report: StatusReport = { calls: await calls.countByStatus(), failed: await calls.listFailed(10_000), unfinished,
    refusedRows: await new RefusedRowsRepository(q).listOpen(10_000),
  };
  if (queues) report.queues = await queues();
  if (stalled) report.stalled = await stalled();
  return report;
}

export function renderStatusReport(r: StatusReport): string {
  const out: string[] = ['Calls by status'];
  out.push(renderTable(['status', 'calls'], CALL_STATUSES.map((s) => [s, String(r.calls[s])])));
  if (r.queues) {
    out.push('', 'Queues');
    out.push(renderTable(
      ['queue', 'waiting', 'active', 'delayed (retry)', 'failed', 'completed (kept)'],
      JOB_NAMES.map((n) => {
        const d = r.queues![n];
        return [n, String(d.waiting), String(d.active), String(d.delayed), String(d.failed), String(d.completed)];
      }),
    ));
  }
  out.push('', renderUnfinished(r.unfinished));
  if (r.stalled) {
    out.push(`Stalled calls (unfinished, unmoved for over ${formatDuration(r.stalled.olderThanMs)}, no job in any queue): ${r.stalled.calls}`);
    if (r.stalled.calls > 0) out.push('  workers queue them again on their next sweep; `callguard requeue-stalled` does it now');
    else if (r.unfinished.calls > 0 && (r.unfinished.oldestIdleMs ?? 0) <= r.stalled.olderThanMs) {
      // Not yet stalled is not the same as moving: an ingest killed after storing its calls leaves
      // them with no job, and they count only once the threshold has passed.
      out.push(`  not counted until unmoved for ${formatDuration(r.stalled.olderThanMs)}; if no worker is busy with them (Queues above), \`callguard requeue-stalled --older-than 1m\` queues the ones no job carries`);
    }
  }
  out.push('', `Refused metadata rows / 被拒绝的元数据行 (${r.refusedRows.length})`);
  if (r.refusedRows.length === 0) out.push('  none');
  else {
    out.push(renderTable(
      ['id', 'row', 'reason', 'last seen'],
      r.refusedRows.map((x) => [String(x.id), `${x.file}:${x.line}`, redactReason(x.reason), x.lastSeenAt.toISOString()]),
    ));
    out.push('  fix the row and ingest the file again, or `callguard status --dismiss-refused ID…` / 修正后重新导入，或忽略');
  }
  out.push('', `Failed calls (${r.failed.length})`);
  out.push(r.failed.length === 0 ? '  none' : renderTable(
    ['call', 'failed at', 'reason'],
    r.failed.map((f) => [f.callId, f.failedAt ? f.failedAt.toISOString() : '', f.reason === null ? '' : redactReason(f.reason)]),
  ));
  return `${out.join('\n')}\n`;
}

/** One line, e.g. `Unfinished calls: 3 waiting, the oldest unmoved since 2026-… (4m 10s ago)`. */
export function renderUnfinished(u: UnfinishedCalls): string {
  if (u.calls === 0 || !u.oldestSince) return 'Unfinished calls / 未完成的通话: none waiting';
  const since = `${u.oldestSince.toISOString()} (${formatDuration(u.oldestIdleMs ?? 0)} ago)`;
  return `Unfinished calls / 未完成的通话: ${u.calls} waiting, the oldest unmoved since ${since}`;
}
