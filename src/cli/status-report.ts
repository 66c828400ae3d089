import type { Queryable } from '../store/db.ts';
import { CALL_STATUSES, CallsRepository, type CallStatus, type FailedCall } from '../store/index.ts';
import { formatDuration } from './human-duration.ts';
import { JOB_NAMES } from '../pipeline/transport/job-table.ts';
import type { QueueDepths } from '../pipeline/transport/queues.ts';
import { renderTable } from './text-table.ts';
import { redactReason } from '../privacy/redact-reason.ts';

export interface StatusReport {
  calls: Record<CallStatus, number>;
  failed: FailedCall[];
  /** Server mode only. */
  queues?: QueueDepths;
  /** Server mode only: unfinished calls that no job in any queue will move (src/pipeline/operations/stalled-calls.ts). */
  stalled?: StalledCount;
}

export interface StalledCount {
  calls: number;
  /** The threshold they were counted with: unmoved for longer than this. */
  olderThanMs: number;
}

export async function buildStatusReport(
  q: Queryable, queues?: () => Promise<QueueDepths>, stalled?: () => Promise<StalledCount>,
): Promise<StatusReport> {
  const calls = new CallsRepository(q);
  const report: StatusReport = { calls: await calls.countByStatus(), failed: await calls.listFailed(10_000) };
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
  if (r.stalled) {
    out.push('', `Stalled calls (unfinished, unmoved for over ${formatDuration(r.stalled.olderThanMs)}, no job in any queue): ${r.stalled.calls}`);
    if (r.stalled.calls > 0) out.push('  workers queue them again on their next sweep; `callguard requeue-stalled` does it now');
  }
  out.push('', `Failed calls (${r.failed.length})`);
  out.push(r.failed.length === 0 ? '  none' : renderTable(
    ['call', 'failed at', 'reason'],
    r.failed.map((f) => [f.callId, f.failedAt ? f.failedAt.toISOString() : '', f.reason === null ? '' : redactReason(f.reason)]),
  ));
  return `${out.join('\n')}\n`;
}
